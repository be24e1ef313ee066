"""AWS's meaning of facts, one table per rule, written from AWS's documented semantics."""

from __future__ import annotations

import pytest

from scanner.knowledge.aws import arn, elb, iam_managed, kms, rds, s3
from scanner.knowledge.aws.backup import vault_policy_public
from scanner.knowledge.aws.cloudtrail import (
    THIS_BUCKET,
    BasicSelector,
    FieldSelector,
    covers_bucket,
    recorded_prefixes,
    records_s3_data_events,
)
from scanner.state import Unknown


@pytest.mark.parametrize(
    ("text", "region", "account"),
    [
        ("arn:aws:sqs:eu-west-1:111122223333:q", "eu-west-1", "111122223333"),
        ("arn:aws-us-gov:kms:us-gov-west-1:111122223333:key/k", "us-gov-west-1", "111122223333"),
        ("arn:aws:s3:::bucket", None, None),  # S3 buckets: no region, no account
        ("arn:aws:iam::111122223333:role/app", None, "111122223333"),  # IAM is global
        ("arn:aws:backup:*:111122223333:backup-vault:v", None, "111122223333"),  # not a region
        ("alias/aws/s3", None, None),
        ("arn:aws:sqs", None, None),  # too few parts
        (None, None, None),
    ],
)
def test_arn_region_and_account(text, region, account) -> None:
    assert arn.region(text) == region
    assert arn.account(text) == account


@pytest.mark.parametrize(
    ("name", "by_name"),
    [
        ("alias/aws/s3", False),
        ("arn:aws:kms:eu-west-1:111122223333:alias/aws/rds", False),
        ("alias/app", True),  # only AWS may create alias/aws/*: any other alias is a customer's
        ("arn:aws:kms:eu-west-1:111122223333:alias/app", True),
        ("1234abcd-12ab-34cd-56ef-1234567890ab", None),  # a key id alone does not say
        ("arn:aws:kms:eu-west-1:111122223333:key/1234abcd", None),
    ],
)
def test_key_name_tells_the_manager_only_for_aliases(name, by_name) -> None:
    assert kms.customer_managed_by_name(name) is by_name


def test_key_manager_and_account() -> None:
    assert kms.customer_managed_by_manager("CUSTOMER") is True
    assert kms.customer_managed_by_manager("AWS") is False
    key = "arn:aws:kms:eu-west-1:444455556666:key/k"
    assert kms.key_of_other_account(key, "111122223333") is True  # AWS-managed keys are the account's own
    assert kms.key_of_other_account(key, "444455556666") is False
    assert kms.key_of_other_account("alias/app", "111122223333") is False
    assert kms.any_key_is_customer_managed("logs") and kms.any_key_is_customer_managed("cloudtrail")
    assert not kms.any_key_is_customer_managed("sqs")


@pytest.mark.parametrize(
    ("uri", "public"),
    [
        ("http://acs.amazonaws.com/groups/global/AllUsers", True),
        ("http://acs.amazonaws.com/groups/global/AuthenticatedUsers", True),  # any AWS account holder
        ("http://acs.amazonaws.com/groups/s3/LogDelivery", False),
        (None, False),
        (["http://acs.amazonaws.com/groups/global/AllUsers"], False),  # not a URI
    ],
)
def test_public_grantees(uri, public) -> None:
    assert s3.grantee_is_public(uri) is public


@pytest.mark.parametrize(
    ("acl", "public"),
    [("public-read", True), ("public-read-write", True), ("authenticated-read", True), ("private", False),
     ("log-delivery-write", False), ("bucket-owner-full-control", False), (None, False)],
)  # fmt: skip
def test_canned_acls(acl, public) -> None:
    assert s3.canned_acl_is_public(acl) is public


def _adv(*fields: FieldSelector) -> list[FieldSelector]:
    return [
        FieldSelector("eventCategory", ["Data"]),
        FieldSelector("resources.type", ["AWS::S3::Object"]),
        *fields,
    ]


@pytest.mark.parametrize(
    ("selector", "bucket", "covered"),
    [
        (_adv(), "data", True),  # no resources.ARN condition: every bucket
        (_adv(FieldSelector("resources.ARN", starts_with=["arn:aws:s3:::data/"])), "data", True),
        (_adv(FieldSelector("resources.ARN", starts_with=["arn:aws:s3:::data/uploads/"])), "data", False),
        (_adv(FieldSelector("resources.ARN", starts_with=["arn:aws:s3:::data/"])), "database", False),
        # Equals names single objects, never a whole bucket (live said True, code unknown: settled)
        (_adv(FieldSelector("resources.ARN", equals=["arn:aws:s3:::data/"])), "data", False),
        # errorCode keeps only failed calls (live said True, code False: settled)
        (_adv(FieldSelector("errorCode", ["VpceAccessDenied"])), "data", False),
        (_adv(FieldSelector("readOnly", ["true"])), "data", False),  # reads only
        (_adv(FieldSelector("eventName", ["PutObject"])), "data", False),
        (_adv(FieldSelector("vpcEndpointId", ["vpce-1"])), "data", False),
        (_adv(FieldSelector("eventSource", ["s3.amazonaws.com"])), "data", True),
        ([FieldSelector("resources.type", ["AWS::S3::Object"])], "data", False),  # not data events
        (_adv(FieldSelector("resources.ARN", starts_with=["arn:aws-cn:s3:::data/"])), "data", True),
    ],
)
def test_advanced_selector_covers_bucket(selector, bucket, covered) -> None:
    prefixes, unknown = recorded_prefixes([], [selector])
    assert covers_bucket(prefixes, bucket, unknown) is covered


@pytest.mark.parametrize(
    "selector",
    [
        _adv(FieldSelector("resources.ARN", not_starts_with=["arn:aws:s3:::data/tmp/"])),
        _adv(FieldSelector("resources.ARN", ends_with=[".jpg"])),
        _adv(FieldSelector("somethingNew", ["x"])),
    ],
)
def test_advanced_selector_privacy_scan_does_not_read_is_unknown(selector) -> None:
    prefixes, unknown = recorded_prefixes([], [selector])
    assert isinstance(covers_bucket(prefixes, "data", unknown), Unknown)


@pytest.mark.parametrize(
    ("selector", "bucket", "covered"),
    [
        (BasicSelector("All", [("AWS::S3::Object", ["arn:aws:s3"])]), "data", True),  # every bucket
        (BasicSelector(None, [("AWS::S3::Object", ["arn:aws:s3:::data/"])]), "data", True),  # All by default
        (BasicSelector("WriteOnly", [("AWS::S3::Object", ["arn:aws:s3:::data/"])]), "data", False),
        (BasicSelector("All", [("AWS::Lambda::Function", ["arn:aws:lambda"])]), "data", False),
        (BasicSelector("All", [("AWS::S3::Object", [THIS_BUCKET])]), "data", True),
        (BasicSelector("All", [("AWS::S3::Object", ["arn:aws:s3:::data/"])]), Unknown("name"), Unknown),
        (BasicSelector("All", [("AWS::S3::Object", ["arn:aws:s3"])]), Unknown("name"), True),
    ],
)
def test_basic_selector_covers_bucket(selector, bucket, covered) -> None:
    prefixes, unknown = recorded_prefixes([selector], [])
    found = covers_bucket(prefixes, bucket, unknown)
    assert isinstance(found, Unknown) if covered is Unknown else found is covered


def test_a_trail_records_s3_data_events_when_any_selector_records_reads_and_writes() -> None:
    assert (
        records_s3_data_events([BasicSelector("All", [("AWS::S3::Object", ["arn:aws:s3:::a/"])])], []) is True
    )
    assert (
        records_s3_data_events([BasicSelector("ReadOnly", [("AWS::S3::Object", ["arn:aws:s3"])])], [])
        is False
    )
    assert (
        records_s3_data_events([], [_adv(FieldSelector("resources.ARN", equals=["arn:aws:s3:::a/x"]))])
        is True
    )
    assert records_s3_data_events([], [_adv(FieldSelector("errorCode", ["VpceAccessDenied"]))]) is False
    assert records_s3_data_events([], []) is False


@pytest.mark.parametrize(
    ("policy", "version"),
    [
        ("ELBSecurityPolicy-2016-08", "1.0"),  # the listener default
        ("ELBSecurityPolicy-TLS13-1-2-2021-06", "1.2"),
        ("elbsecuritypolicy-tls13-1-3-2021-06", "1.3"),  # names compare case-insensitively
        ("ELBSecurityPolicy-TLS-1-1-2017-01", "1.1"),
    ],
)
def test_listener_policies(policy, version) -> None:
    assert elb.listener_min_tls(policy) == version


def test_unlisted_policy_is_unknown_never_guessed() -> None:
    found = elb.listener_min_tls("ELBSecurityPolicy-Future-2030")
    assert isinstance(found, Unknown) and "not in privacy-scan's TLS policy table" in found.reason
    assert elb.listener_min_tls(elb.LISTENER_DEFAULT_POLICY) == "1.0"
    assert elb.classic_policy_min_tls(elb.CLASSIC_DEFAULT_POLICY) == "1.0"


@pytest.mark.parametrize(
    ("attributes", "version"),
    [
        ({"Protocol-TLSv1.2": "true", "Protocol-TLSv1.1": "false"}, "1.2"),
        ({"Protocol-TLSv1": "true", "Protocol-TLSv1.2": "true"}, "1.0"),  # the weakest enabled one
        ({"Reference-Security-Policy": "ELBSecurityPolicy-TLS-1-2-2017-01"}, "1.2"),
        # explicit protocol attributes win over the reference (live read the reference: settled)
        ({"Protocol-TLSv1.2": "true", "Reference-Security-Policy": "ELBSecurityPolicy-2016-08"}, "1.2"),
    ],
)
def test_classic_negotiation_policies(attributes, version) -> None:
    assert elb.negotiation_min_tls(attributes) == version


def test_classic_negotiation_policy_enabling_nothing_known_is_unknown() -> None:
    found = elb.negotiation_min_tls(
        {"Protocol-TLSv1.2": "false", "Reference-Security-Policy": "ELBSecurityPolicy-2016-08"}
    )
    assert isinstance(found, Unknown)
    assert isinstance(elb.negotiation_min_tls({}), Unknown)


@pytest.mark.parametrize(
    ("text", "name", "modelled"),
    [
        ("arn:aws:iam::aws:policy/AdministratorAccess", "AdministratorAccess", True),
        ("arn:aws-cn:iam::aws:policy/PowerUserAccess", "PowerUserAccess", True),  # any partition
        ("arn:aws:iam::aws:policy/job-function/ViewOnlyAccess", "ViewOnlyAccess", True),  # path
        ("arn:aws:iam::aws:policy/AmazonMacieFullAccess", "AmazonMacieFullAccess", False),  # not listed
        ("arn:aws:iam::111122223333:policy/AdministratorAccess", None, False),  # a customer's copy
        ("AdministratorAccess", None, False),
    ],
)
def test_aws_managed_policies(text, name, modelled) -> None:
    assert iam_managed.policy_name(text) == name
    assert (iam_managed.document(text) is not None) is modelled


@pytest.mark.parametrize(
    ("engine", "version", "params", "enforced"),
    [
        ("postgres", "15.4", {}, (True, True)),  # rds.force_ssl defaults to 1 from PostgreSQL 15
        ("postgres", "14.9", {}, (False, True)),
        ("postgres", "14.9", {"rds.force_ssl": "1"}, (True, False)),
        ("mysql", "8.0", {}, (False, True)),
        ("aurora-mysql", "8.0", {"require_secure_transport": "ON"}, (True, False)),
        ("sqlserver-se", "15", {"rds.force_ssl": "0"}, (False, False)),
        ("oracle-ee", "19", {}, (False, True)),
    ],
)
def test_rds_tls_enforcement(engine, version, params, enforced) -> None:
    assert rds.tls_enforced(engine, version, rds.Params(params or None)) == enforced


@pytest.mark.parametrize(
    ("engine", "exports", "params", "expected"),
    [
        ("mysql", ["audit"], {}, (True, False)),
        ("mysql", [], {"general_log": "1"}, (False, True)),
        ("postgres", ["postgresql"], {"pgaudit.log": "ddl"}, (True, False)),
        ("postgres", ["postgresql"], {"log_statement": "all"}, (False, True)),
        ("postgres", [], {"pgaudit.log": "ddl"}, (False, False)),  # audit written but not exported
        ("oracle-se2", ["audit"], {}, (True, False)),
    ],
)
def test_rds_audit_and_query_logging(engine, exports, params, expected) -> None:
    assert rds.audit_and_query(engine, exports, rds.Params(params or None)) == expected


def test_rds_parameter_unknown_stays_unknown() -> None:
    why = Unknown("the group could not be read")
    enforced, _ = rds.tls_enforced("mysql", "8.0", rds.Params(None, unknown=why))
    assert enforced is why


@pytest.mark.parametrize(
    ("document", "public"),
    [
        (None, False),  # no policy: only the account's own IAM grants
        ({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "backup:*", "Resource": "*"}]}, True),
        ({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "backup:*", "Resource": "*",
                         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}, False),
        ({"Statement": [{"Effect": "Deny", "Principal": "*", "Action": "backup:DeleteRecoveryPoint", "Resource": "*"}]}, False),
        ({"Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "backup:*"}]}, False),
    ],
)  # fmt: skip
def test_vault_policy_public(document, public) -> None:
    assert vault_policy_public(document) is public


def test_vault_policy_with_unknown_principal_is_unknown() -> None:
    doc = {"Statement": [{"Effect": "Allow", "Principal": {"AWS": Unknown("var.who")}, "Action": "backup:*"}]}
    assert isinstance(vault_policy_public(doc), Unknown)
