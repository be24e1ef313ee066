"""``adapters/apigateway.py``, ``adapters/cloudfront.py``, ``adapters/elb.py``: HCL in, attributes out."""

from __future__ import annotations

from .adapt import adapt, defaults, nothing_set, table

CERT = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
HERE = {"@region": "eu-west-1"}
NO_ORIGIN = {"origin_min_tls_version": None, "origin_plaintext_allowed": None}
HTTPS_ONLY = {"protocol": "HTTPS", "plaintext_allowed": False, "redirects_to_https": False, "access_logging": False,
              "internet_facing": True}  # fmt: skip
UNDOCUMENTED = ("unknown", "security_policy is not set and the policy AWS then applies is not documented")
LISTENER = (
    'resource "aws_lb" "l" {\n  name = "web"\n}\n'
    'resource "aws_lb_listener" "h" {\n  load_balancer_arn = aws_lb.l.arn\n  port = 443\n  protocol = "HTTPS"\n'
    f'  certificate_arn = "{CERT}"\n'
    '  default_action {\n    type = "forward"\n'
    '    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/t/1"\n  }\n'
)

CASES = {
    # A REST API is edge-optimized unless told; its execute-api endpoint accepts TLS 1.0 up.
    "rest api, nothing set: edge-optimized, TLS 1.0": (
        'resource "aws_api_gateway_rest_api" "a" {\n  name = "api"\n}',
        "aws_api_gateway_rest_api.a",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": "TLS_1_0", "min_tls_version": "1.0",
         "edge_locations": "PriceClass_All", "@kind": "endpoint/api", "@name": "api", **HERE},
    ),
    # HTTP APIs are Regional and speak TLS 1.2 only.
    "http api, nothing set: Regional, TLS 1.2": (
        'resource "aws_apigatewayv2_api" "h" {\n  name = "http"\n  protocol_type = "HTTP"\n}',
        "aws_apigatewayv2_api.h",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": "TLS_1_2", "min_tls_version": "1.2", "edge_locations": None,
         "@kind": "endpoint/api", "@name": "http", **HERE},
    ),
    "rest api custom domain without a security policy: cannot be told": (
        'resource "aws_api_gateway_domain_name" "d" {\n  domain_name = "api.example.com"\n'
        f'  regional_certificate_arn = "{CERT}"\n}}',
        "aws_api_gateway_domain_name.d",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": UNDOCUMENTED, "min_tls_version": UNDOCUMENTED,
         "edge_locations": "PriceClass_All", "@kind": "endpoint/api_domain", "@name": "api.example.com", **HERE},
    ),
    # The *.cloudfront.net certificate pins the viewer policy to TLSv1; all edge locations serve.
    "cloudfront, default certificate, allow-all viewers": (
        'resource "aws_cloudfront_distribution" "d" {\n  enabled = true\n'
        '  origin {\n    domain_name = "data.s3.amazonaws.com"\n    origin_id = "s3"\n  }\n'
        '  default_cache_behavior {\n    target_origin_id = "s3"\n    viewer_protocol_policy = "allow-all"\n'
        '    allowed_methods = ["GET", "HEAD"]\n    cached_methods = ["GET", "HEAD"]\n  }\n'
        '  restrictions {\n    geo_restriction {\n      restriction_type = "none"\n    }\n  }\n'
        "  viewer_certificate {\n    cloudfront_default_certificate = true\n  }\n}",
        "aws_cloudfront_distribution.d",
        {"protocol": "HTTP", "plaintext_allowed": True, "redirects_to_https": False, "access_logging": False,
         "internet_facing": True, "tls_policy": "TLSv1", "min_tls_version": "1.0", "edge_locations": "PriceClass_All",
         "origin_min_tls_version": "1.2", "origin_plaintext_allowed": True,
         "@kind": "endpoint/distribution", "@name": None, **HERE},
    ),
    # CreateListener without SslPolicy applies ELBSecurityPolicy-2016-08 (TLS 1.0 up); the
    # console's newer default does not apply to the API Terraform calls.
    "alb listener, nothing set: HTTPS on the API's default policy": (
        LISTENER + "}",
        "aws_lb_listener.h",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": "ELBSecurityPolicy-2016-08", "min_tls_version": "1.0",
         "edge_locations": None, "@kind": "endpoint/listener", "@name": "web:443", **HERE},
    ),
    "alb listener, TLS 1.3/1.2 policy": (
        LISTENER + '  ssl_policy = "ELBSecurityPolicy-TLS13-1-2-2021-06"\n}',
        "aws_lb_listener.h",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": "ELBSecurityPolicy-TLS13-1-2-2021-06", "min_tls_version": "1.2",
         "edge_locations": None, "@kind": "endpoint/listener", "@name": "web:443", **HERE},
    ),
    "classic elb, nothing set: HTTPS listener on ELBSecurityPolicy-2016-08": (
        'resource "aws_elb" "c" {\n  name = "classic"\n  availability_zones = ["eu-west-1a"]\n'
        '  listener {\n    instance_port = 443\n    instance_protocol = "https"\n    lb_port = 443\n'
        f'    lb_protocol = "https"\n    ssl_certificate_id = "{CERT}"\n  }}\n}}',
        "aws_elb.c",
        {**HTTPS_ONLY, **NO_ORIGIN, "tls_policy": "ELBSecurityPolicy-2016-08", "min_tls_version": "1.0",
         "edge_locations": None, "@kind": "endpoint/classic_listener", "@name": "classic", **HERE},
    ),
}  # fmt: skip


@table(CASES)
def test_endpoint(tmp_path, hcl: str, address: str, expected: dict) -> None:
    assert adapt(tmp_path, hcl) == {address: expected}


def test_what_aws_decides_when_nothing_is_set_is_flagged_as_its_default(tmp_path) -> None:
    api = {"protocol", "tls_policy", "min_tls_version", "internet_facing", "edge_locations", "plaintext_allowed",
           "redirects_to_https", "access_logging"}  # fmt: skip
    assert defaults(tmp_path, nothing_set(CASES)) == {
        "aws_api_gateway_rest_api.a": api,
        "aws_apigatewayv2_api.h": api,
        "aws_lb_listener.h": {"internet_facing", "tls_policy", "min_tls_version", "access_logging"},
        "aws_elb.c": {
            "internet_facing",
            "tls_policy",
            "min_tls_version",
            "redirects_to_https",
            "access_logging",
        },
    }


def test_an_undocumented_policy_is_not_flagged_as_a_known_default(tmp_path) -> None:
    hcl = CASES["rest api custom domain without a security policy: cannot be told"][0]
    assert defaults(tmp_path, hcl) == {
        "aws_api_gateway_domain_name.d": {"protocol", "internet_facing", "edge_locations", "plaintext_allowed",
                                          "redirects_to_https", "access_logging"},
    }  # fmt: skip
