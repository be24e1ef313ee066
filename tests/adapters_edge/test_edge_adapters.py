"""Unit tests of the edge/network/messaging/IAM adapters on hand-built TfBlocks (no HCL evaluator)."""

from __future__ import annotations

from scanner.engine.predicates.network import judge_rule
from scanner.engine.predicates.tls import transport_encrypted
from scanner.promises import Promise
from scanner.promises.model import Control
from scanner.sources.terraform.adapters import to_state
from scanner.sources.terraform.adapters.apigateway import policy_tls
from scanner.sources.terraform.model import TfBlock, TfConfig
from scanner.state import Unknown, Value


def block(address: str, attrs: dict, region: str = "eu-west-1") -> TfBlock:
    rtype, name = address.split(".")[-2:]
    mode = "data" if address.startswith("data.") else "managed"
    return TfBlock(address, mode, rtype, name, attrs, "main.tf", 1, region=region)


def state(*blocks: TfBlock):
    return to_state(TfConfig(blocks=list(blocks)))


def resource(st, address: str):
    return next(r for r in st.resources if r.address == address)


def test_log_group_retention_zero_is_forever_and_always_encrypted() -> None:
    st = state(block("aws_cloudwatch_log_group.a", {"name": "a", "retention_in_days": 0}))
    res = resource(st, "aws_cloudwatch_log_group.a")
    assert res.get("retention_days").raw is None
    assert res.get("encrypted").raw is True and res.get("encrypted").default
    assert res.get("customer_managed_key").raw is False


def test_classic_elb_custom_policy_with_tls1_enabled_is_tls_1_0() -> None:
    st = state(
        block("aws_elb.c", {"name": "c", "listener": [{"lb_port": 443, "lb_protocol": "https"}]}),
        block(
            "aws_load_balancer_policy.p",
            {
                "load_balancer_name": "c",
                "policy_name": "custom",
                "policy_type_name": "SSLNegotiationPolicyType",
                "policy_attribute": [
                    {"name": "Protocol-TLSv1", "value": "true"},
                    {"name": "Protocol-TLSv1.2", "value": "true"},
                ],
            },
        ),
        block(
            "aws_load_balancer_listener_policy.l",
            {"load_balancer_name": "c", "load_balancer_port": 443, "policy_names": ["custom"]},
        ),
    )
    res = resource(st, "aws_elb.c")
    assert res.get("min_tls_version").raw == "1.0"
    assert res.get("plaintext_allowed").raw is False


def test_listener_of_unknown_protocol_on_network_lb_is_unknown() -> None:
    st = state(
        block("aws_lb.n", {"name": "n", "load_balancer_type": "network"}),
        block("aws_lb_listener.l", {"load_balancer_arn": Unknown("after apply", "aws_lb.n"), "port": 443}),
    )
    res = resource(st, "aws_lb_listener.l")
    assert not res.get("protocol").known
    assert res.get("access_logging").raw is False and res.get("internet_facing").raw is True


def test_security_group_rule_without_its_group_is_a_warning_not_a_guess() -> None:
    st = state(
        block("aws_security_group.g", {"name": "g"}),
        block(
            "aws_security_group_rule.r",
            {
                "type": "ingress",
                "security_group_id": "sg-0123",
                "from_port": 22,
                "to_port": 22,
                "protocol": "tcp",
                "cidr_blocks": ["0.0.0.0/0"],
            },
        ),
    )
    assert resource(st, "aws_security_group.g").get("ingress").raw == []
    assert any("aws_security_group_rule.r" in w for w in st.warnings)


def test_world_open_rules() -> None:
    web = {"protocol": "tcp", "from_port": 443, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
    ssh = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": ["10.0.0.0/8", "::/0"]}
    every = {"protocol": "-1", "from_port": 0, "to_port": 0, "ipv6_cidr_blocks": ["::/0"]}
    icmp = {"protocol": "icmp", "from_port": 8, "to_port": 0, "cidr_blocks": ["0.0.0.0/0"]}
    ranged = {"protocol": "tcp", "from_port": 80, "to_port": 443, "cidr_blocks": ["0.0.0.0/0"]}
    unknown = {"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": [Unknown("var")]}
    assert judge_rule(web, "r").status.value == "pass"
    assert judge_rule(ssh, "r").status.value == "fail"
    assert judge_rule(every, "r").status.value == "fail"
    assert judge_rule(icmp, "r").status.value == "pass"
    assert judge_rule(ranged, "r").status.value == "fail"
    assert judge_rule(unknown, "r").status.value == "unknown"


def test_kinesis_retention_rounds_up_and_sqs_defaults() -> None:
    st = state(
        block("aws_kinesis_stream.k", {"name": "k", "retention_period": 36}),
        block("aws_sqs_queue.q", {"name": "q"}),
        block("aws_sns_topic.t", {"name": "t", "kms_master_key_id": "alias/aws/sns"}),
    )
    assert resource(st, "aws_kinesis_stream.k").get("retention_days").raw == 2
    queue = resource(st, "aws_sqs_queue.q")
    assert queue.get("retention_days").raw == 4 and queue.get("encrypted").raw is True
    topic = resource(st, "aws_sns_topic.t")
    assert topic.get("encrypted").raw is True and topic.get("customer_managed_key").raw is False


def test_sqs_policy_by_queue_url_literal() -> None:
    st = state(
        block("aws_sqs_queue.q", {"name": "orders"}),
        block(
            "aws_sqs_queue_policy.p",
            {
                "queue_url": "https://sqs.eu-west-1.amazonaws.com/111122223333/orders",
                "policy": '{"Statement": []}',
            },
        ),
    )
    assert resource(st, "aws_sqs_queue.q").get("policy").raw == {"Statement": []}


def test_api_gateway_enhanced_policy_names() -> None:
    assert policy_tls(Value("SecurityPolicy_TLS13_1_3_2025_09")).raw == "1.3"
    assert policy_tls(Value("SecurityPolicy_TLS13_1_2_2021_06")).raw == "1.2"
    assert policy_tls(Value("TLS_1_0")).raw == "1.0"
    assert not policy_tls(Value("SecurityPolicy_Something_New")).known


def test_rest_api_default_endpoint_policy() -> None:
    st = state(
        block("aws_api_gateway_rest_api.edge", {"name": "e"}),
        block("aws_api_gateway_rest_api.off", {"name": "o", "disable_execute_api_endpoint": True}),
    )
    edge = resource(st, "aws_api_gateway_rest_api.edge")
    assert edge.get("tls_policy").raw == "TLS_1_0" and edge.get("edge_locations").raw == "PriceClass_All"
    assert resource(st, "aws_api_gateway_rest_api.off").get("tls_policy").raw is None


def test_transport_predicate_redirect_only_listener_passes() -> None:
    st = state(
        block(
            "aws_lb_listener.r",
            {
                "protocol": "HTTP",
                "default_action": [{"type": "redirect", "redirect": [{"protocol": "HTTPS"}]}],
            },
        )
    )
    promise = Promise("tls", Control.TRANSPORT_ENCRYPTION, {"min_tls_version": "1.2"})
    outcome = transport_encrypted(resource(st, "aws_lb_listener.r"), promise, {})
    assert outcome.status.value == "pass"


def test_admin_attachment_of_aws_managed_policy_is_a_resource() -> None:
    st = state(
        block(
            "aws_iam_role_policy_attachment.a",
            {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
        ),
        block(
            "aws_iam_role_policy_attachment.b",
            {"role": "ops", "policy_arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
        ),
    )
    addresses = [r.address for r in st.resources]
    assert addresses == ["aws_iam_role_policy_attachment.a", "aws_iam_role_policy_attachment.b"]
    assert st.resources[0].get("attached_to").raw == ["role/ops"]
    assert st.resources[1].get("document").raw["Statement"][0]["Action"][:2] == ["*:Get*", "*:List*"]
    assert not st.warnings


def test_cloudfront_s3_origin_follows_viewer_protocol() -> None:
    st = state(
        block(
            "aws_cloudfront_distribution.d",
            {
                "origin": [{"origin_id": "s3", "domain_name": "b.s3.amazonaws.com"}],
                "default_cache_behavior": [{"target_origin_id": "s3", "viewer_protocol_policy": "allow-all"}],
                "viewer_certificate": [{"cloudfront_default_certificate": True}],
            },
            region="us-east-1",
        )
    )
    res = resource(st, "aws_cloudfront_distribution.d")
    assert res.get("plaintext_allowed").raw is True
    assert res.get("origin_plaintext_allowed").raw is True
    assert res.get("min_tls_version").raw == "1.0"
    assert res.get("edge_locations").raw == "PriceClass_All"


def test_multi_az_db_cluster_reads_publicly_accessible_on_the_cluster() -> None:
    st = state(
        block(
            "aws_rds_cluster.m",
            {"cluster_identifier": "m", "engine": "postgres", "publicly_accessible": True},
        ),
        block("aws_rds_cluster.a", {"cluster_identifier": "a", "engine": "aurora-postgresql"}),
    )
    public = resource(st, "aws_rds_cluster.m").get("publicly_accessible")
    assert public.raw is True and not public.default
    private = resource(st, "aws_rds_cluster.a").get("publicly_accessible")
    assert private.raw is False and private.default


def test_snapshot_shared_with_an_unknown_account_could_be_public() -> None:
    why = Unknown("var.share_with has no value")
    st = state(
        block("aws_db_snapshot.s", {"db_snapshot_identifier": "s", "shared_accounts": ["111122223333", why]}),
        block("aws_db_snapshot.n", {"db_snapshot_identifier": "n", "shared_accounts": ["111122223333"]}),
    )
    assert resource(st, "aws_db_snapshot.s").get("public").raw == why
    assert resource(st, "aws_db_snapshot.n").get("public").raw is False


def _data_events(*selectors: dict) -> object:
    trail = {"name": "t", "is_multi_region_trail": True, **selectors[0]} if selectors else {"name": "t"}
    st = state(block("aws_s3_bucket.b", {"bucket": "b"}), block("aws_cloudtrail.t", trail))
    return resource(st, "aws_s3_bucket.b").get("data_events_logged").raw


def _advanced(*fields: dict) -> dict:
    base = [
        {"field": "eventCategory", "equals": ["Data"]},
        {"field": "resources.type", "equals": ["AWS::S3::Object"]},
    ]
    return {"advanced_event_selector": [{"field_selector": base + list(fields)}]}


def test_data_events_must_cover_the_whole_bucket() -> None:
    def basic(value: str) -> dict:
        selector = {
            "read_write_type": "All",
            "data_resource": [{"type": "AWS::S3::Object", "values": [value]}],
        }
        return {"event_selector": [selector]}

    assert _data_events(basic("arn:aws:s3:::b/")) is True
    assert _data_events(basic("arn:aws:s3")) is True
    assert _data_events(basic("arn:aws:s3:::b/uploads/")) is False  # only one prefix of the bucket
    assert _data_events(_advanced()) is True
    assert _data_events(_advanced({"field": "resources.ARN", "starts_with": ["arn:aws:s3:::b/"]})) is True
    assert (
        _data_events(_advanced({"field": "resources.ARN", "starts_with": ["arn:aws:s3:::other/"]})) is False
    )
    assert _data_events(_advanced({"field": "readOnly", "equals": ["false"]})) is False
    assert _data_events(_advanced({"field": "eventName", "equals": ["PutObject"]})) is False
    narrowed = _data_events(_advanced({"field": "resources.ARN", "not_starts_with": ["arn:aws:s3:::x/"]}))
    assert narrowed == Unknown("an advanced event selector narrows resources.ARN by not_starts_with")


def test_trail_data_events_narrowed_to_some_calls_do_not_log_every_access() -> None:
    st = state(block("aws_cloudtrail.t", {"name": "t", **_advanced()}))
    assert resource(st, "aws_cloudtrail.t").get("s3_data_events").raw is True
    puts = _advanced({"field": "eventName", "equals": ["PutObject"]})
    st = state(block("aws_cloudtrail.t", {"name": "t", **puts}))
    assert resource(st, "aws_cloudtrail.t").get("s3_data_events").raw is False


def test_a_range_list_unknown_as_a_whole_is_unknown_not_a_crash() -> None:
    rule = {
        "protocol": "tcp",
        "from_port": 22,
        "to_port": 22,
        "cidr_blocks": Unknown("var.allowed has no value"),
    }
    out = judge_rule(rule, "ingress rule 0")
    assert out.status.value == "unknown"
    assert out.reasons == ["rule at ingress rule 0: source range unknown: var.allowed has no value"]
    single = judge_rule({"protocol": "tcp", "from_port": 22, "to_port": 22, "cidr_blocks": "0.0.0.0/0"}, "r")
    assert single.status.value == "fail"


def test_a_protocol_of_an_unexpected_type_is_unknown() -> None:
    # Terraform would reject protocol = [..]; the listener cannot be read, and says why.
    st = state(block("aws_lb_listener.odd", {"load_balancer_arn": "x", "port": 443, "protocol": ["HTTPS"]}))
    res = resource(st, "aws_lb_listener.odd")
    assert st.errors == []
    assert res.get("plaintext_allowed").reason == "listener protocol ['HTTPS'] is not a protocol name"


def test_a_value_of_an_unexpected_type_is_a_scan_error_not_a_traceback(monkeypatch) -> None:
    # An adapter that meets a value it does not expect: privacy-scan reports the block and scans the rest.
    from scanner.sources.terraform import adapters

    adapters._load_modules()

    def odd(block, ctx):
        raise TypeError("unhashable type: 'list'")

    monkeypatch.setitem(adapters.PRIMARY, "aws_lb_listener", odd)
    # Whether a sensitive value was seen is kept per process; another test in this worker may have set it.
    monkeypatch.setattr("scanner.state.value._SEEN", [False])
    st = state(
        block("aws_lb_listener.odd", {"load_balancer_arn": "x", "port": 443, "protocol": ["HTTPS"]}),
        block("aws_cloudwatch_log_group.a", {"name": "a", "retention_in_days": 7}),
    )
    assert [r.address for r in st.resources] == ["aws_cloudwatch_log_group.a"]
    assert len(st.errors) == 1
    error = st.errors[0]
    assert (error.file, error.line) == ("main.tf", 1)
    assert error.message == (
        "aws_lb_listener.odd: privacy-scan cannot read this resource (TypeError: unhashable type: 'list')"
    )
