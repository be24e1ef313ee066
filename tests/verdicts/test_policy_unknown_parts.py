"""Class C of the second corpus review: an unknown that cannot change a policy's answer leaves it decided.

The scenario fixtures/terraform/policy-unknown-parts asserts the exact verdicts; these pin the
three-valued rules underneath on documents built by hand.
"""

from __future__ import annotations

from scanner.engine.predicates.policy import admin_statements, condition_restricts, public_statements
from scanner.sources.terraform.adapters.iam_documents import policy_value
from scanner.sources.terraform.functions import _replace
from scanner.state import Source, Unknown

ACCOUNT = Unknown("variable account has no value")  # a variable: could be any text
ARN = Unknown("known after apply", ref="aws_dynamodb_table.t")  # one resource's identifier


def test_an_exact_operator_restricts_whatever_the_unknown_value_is() -> None:
    assert condition_restricts({"StringEquals": {"kms:CallerAccount": [ACCOUNT]}}) is True
    # "*" under StringEquals is the literal text "*", which no account id is
    assert condition_restricts({"StringEquals": {"aws:SourceAccount": "*"}}) is True


def test_wildcard_negated_and_network_operators_with_an_unknown_stay_open() -> None:
    assert condition_restricts({"StringLike": {"aws:PrincipalAccount": [ACCOUNT]}}) is None
    assert condition_restricts({"ArnEquals": {"aws:SourceArn": [ACCOUNT]}}) is None
    assert condition_restricts({"IpAddress": {"aws:SourceIp": [ACCOUNT]}}) is None
    assert condition_restricts({"StringNotEquals": {"aws:PrincipalAccount": [ACCOUNT]}}) is False
    # the whole list unknown: it could be empty
    assert condition_restricts({"StringEquals": {"aws:PrincipalAccount": ACCOUNT}}) is None


def test_an_unknown_principal_narrowed_by_an_exact_condition_is_not_public() -> None:
    doc = {
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": ACCOUNT},
                "Action": "kms:Decrypt",
                "Condition": {"StringEquals": {"aws:PrincipalAccount": [ACCOUNT]}},
            }
        ]
    }
    assert public_statements(doc) == ([], None)


def test_every_action_on_a_resources_own_arn_is_no_admin_grant() -> None:
    doc = {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": [ARN]}]}
    assert admin_statements(doc) == ([], None)
    found, unknown = admin_statements(
        {"Statement": [{"Effect": "Allow", "Action": "*", "Resource": ACCOUNT}]}
    )
    assert found == [] and unknown is ACCOUNT


def test_replace_with_an_unknown_arn_keeps_the_text_around_it() -> None:
    shaped = _replace('{"Resource": "__ARN__"}', "__ARN__", ARN)
    assert isinstance(shaped, Unknown) and shaped.shape == '{"Resource": "${}"}' and shaped.ref == ARN.ref
    assert _replace("no placeholder", "__ARN__", ARN) == "no placeholder"
    assert _replace("/x/", "/x/", ARN) is ARN  # a regular expression: not read
    assert _replace(ACCOUNT, "a", "b") is ACCOUNT


def test_a_json_template_is_read_around_a_resource_identifier_only() -> None:
    src = Source(file="main.tf", line=1)
    text = '{"Statement": [{"Effect": "Allow", "Principal": "*", "Resource": "${}/*"}]}'
    value = policy_value(Unknown("known after apply", ref="aws_s3_bucket.b", shape=text), src)
    resource = value.raw["Statement"][0]["Resource"]
    assert isinstance(resource, Unknown) and resource.shape == "${}/*" and resource.ref == "aws_s3_bucket.b"
    # a variable's text could close the string and rewrite the document: stays unknown as a whole
    from_var = Unknown("variable v has no value", shape=text)
    assert policy_value(from_var, src).raw is from_var
    # the unknown outside a string (a whole JSON value) cannot be read either
    bare = Unknown("known after apply", ref="aws_s3_bucket.b", shape='{"Statement": ${}}')
    assert policy_value(bare, src).raw is bare
