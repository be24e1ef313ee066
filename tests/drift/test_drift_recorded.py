"""After-apply values from terraform.tfstate: read by the structured fields of an Unknown, never its prose."""

from __future__ import annotations

import json
from pathlib import Path

from scanner.drift.recorded import with_recorded_values
from scanner.drift.tfstate import load_tfstate
from scanner.pipeline import load_iac_state
from scanner.state import Kind, Resource, Source, Unknown, Value
from scanner.state.value import UNKNOWN_AFTER_APPLY, UNKNOWN_DATA_SOURCE, decode_raw, encode_raw

ARN = "arn:aws:s3:::shop-archive"
KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234"

MAIN_TF = """
resource "aws_kms_key" "k" {
  description = "k"
}

resource "aws_s3_bucket" "b" {
  bucket = "shop-archive"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.b.arn, "${aws_s3_bucket.b.arn}/*", upper(aws_s3_bucket.b.arn)]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}

resource "aws_sqs_queue" "q" {
  name              = "q"
  kms_master_key_id = aws_kms_key.k.arn
}
"""


def _tfstate(tmp_path: Path) -> Path:
    state = {
        "version": 4,
        "resources": [
            {"mode": "managed", "type": "aws_s3_bucket", "name": "b",
             "instances": [{"attributes": {"id": "shop-archive", "arn": ARN, "bucket": "shop-archive"}}]},
            {"mode": "managed", "type": "aws_kms_key", "name": "k",
             "instances": [{"attributes": {"id": "1234", "arn": KEY, "key_id": "1234"}}]},
        ],
    }  # fmt: skip
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state))
    return path


def _code(tmp_path: Path) -> dict[str, Resource]:
    (tmp_path / "main.tf").write_text(MAIN_TF)
    state = load_iac_state([tmp_path], use_cache=False)
    return {r.address: r for r in state.resources}


def test_the_evaluator_says_which_reference_an_unknown_is(tmp_path: Path) -> None:
    bucket = _code(tmp_path)["aws_s3_bucket.b"]
    resources = bucket.get("policy").raw["Statement"][0]["Resource"]
    plain, shaped, changed = resources
    assert (plain.why, plain.what, plain.ref, plain.shape) == (
        UNKNOWN_AFTER_APPLY,
        "aws_s3_bucket.b.arn",
        "aws_s3_bucket.b",
        None,
    )
    assert (shaped.what, shaped.shape) == ("aws_s3_bucket.b.arn", "${}/*")
    # upper() of the ARN is unknown too, but it is not the ARN: no reference to fill in.
    assert isinstance(changed, Unknown) and changed.what is None


def test_after_apply_values_come_from_the_state_file(tmp_path: Path) -> None:
    code = _code(tmp_path)
    entries = load_tfstate(_tfstate(tmp_path))
    bucket = with_recorded_values(code["aws_s3_bucket.b"], entries)
    resources = bucket.get("policy").raw["Statement"][0]["Resource"]
    assert resources[:2] == [ARN, f"{ARN}/*"]
    assert isinstance(resources[2], Unknown)
    # The code resource itself is left as it was.
    assert isinstance(code["aws_s3_bucket.b"].get("policy").raw["Statement"][0]["Resource"][0], Unknown)


def test_a_value_of_another_type_than_the_attribute_is_not_filled_in(tmp_path: Path) -> None:
    queue = with_recorded_values(_code(tmp_path)["aws_sqs_queue.q"], load_tfstate(_tfstate(tmp_path)))
    assert queue.get("kms_key_id").raw == KEY
    # customer_managed_key is a bool derived from the key: the key's ARN is not its value.
    managed = queue.get("customer_managed_key").raw
    assert not isinstance(managed, str)


def test_structured_fields_survive_a_saved_state() -> None:
    unknown = Unknown(
        "x is known only after apply", "aws_s3_bucket.b", "${}/*", UNKNOWN_DATA_SOURCE, "data.a.b.c"
    )
    back = decode_raw(json.loads(json.dumps(encode_raw(unknown))))
    assert (back.reason, back.ref, back.shape, back.why, back.what) == (
        unknown.reason,
        "aws_s3_bucket.b",
        "${}/*",
        UNKNOWN_DATA_SOURCE,
        "data.a.b.c",
    )


def test_an_unknown_without_a_reference_stays_unknown(tmp_path: Path) -> None:
    res = Resource(
        kind=Kind.OBJECT_STORE,
        address="aws_s3_bucket.b",
        resource_type="aws_s3_bucket",
        source=Source(file="main.tf", line=1),
        region=Value("eu-west-1"),
        attrs={"policy": Value(Unknown("aws_s3_bucket.b.arn is known only after apply"))},
    )
    # The reason names the reference, but only the structured fields are read.
    assert with_recorded_values(res, load_tfstate(_tfstate(tmp_path))) is res


def test_a_derived_attribute_is_never_filled_with_the_argument_it_comes_from(tmp_path: Path) -> None:
    state = {
        "version": 4,
        "resources": [
            {"mode": "managed", "type": "aws_lb_listener", "name": "https",
             "instances": [{"attributes": {"id": "l-1", "ssl_policy": "ELBSecurityPolicy-2016-08"}}]},
        ],
    }  # fmt: skip
    path = tmp_path / "terraform.tfstate"
    path.write_text(json.dumps(state))
    policy = Unknown(
        "aws_lb_listener.https.ssl_policy is known only after apply", what="aws_lb_listener.https.ssl_policy"
    )
    listener = Resource(
        kind=Kind.ENDPOINT,
        address="aws_lb_listener.https",
        resource_type="aws_lb_listener",
        source=Source(file="main.tf", line=1),
        region=Value("eu-west-1"),
        attrs={"tls_policy": Value(policy), "min_tls_version": Value(policy)},
    )
    # Both are strings, but the lowest TLS version is not the policy's name.
    assert with_recorded_values(listener, load_tfstate(path)) is listener
