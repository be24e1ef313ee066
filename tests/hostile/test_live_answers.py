"""Answers that are not what the operation returns: a scan error, and exactly the affected checks unknown.

Today's failures: an HTTP 200 with a cut JSON body made both log groups vanish (a false
pass), and ``{"TableNames": "t1"}`` invented tables ``t`` and ``1``. A local server on
127.0.0.1 gives those answers for one service; moto answers everything else.
"""

from __future__ import annotations

import json

import boto3
import botocore.session
import pytest

from scanner.sources.live.answers import BadAnswer, check_answer
from tests.live.conftest import FIXTURES, aws, moto_endpoint  # noqa: F401 - the moto fixtures
from tests.live.servers import Answering, json_target

CUT = b'{"logGroups": [{"logGroupName": "kept-forever", "arn": "arn:aws:logs:eu-west-1:1234'


def _answer(request: bytes) -> tuple[bytes, str]:
    target = json_target(request)
    if target == "DescribeLogGroups":
        return CUT, "application/x-amz-json-1.1"
    if target == "ListTables":
        return b'{"TableNames": "t1"}', "application/x-amz-json-1.0"
    return b"{}", "application/x-amz-json-1.1"


@pytest.mark.usefixtures("aws")
def test_a_cut_or_wrong_shape_answer_makes_exactly_its_checks_unknown(monkeypatch) -> None:
    from scanner.pipeline import evaluate_state
    from scanner.promises import load_promises_file
    from scanner.sources.live.collect import LiveOptions, collect_live
    from scanner.sources.live.session import ClientSettings

    boto3.client("s3", region_name="eu-west-1").create_bucket(
        Bucket="still-read", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    with Answering(_answer) as bad:
        monkeypatch.setenv("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", bad.url)
        monkeypatch.setenv("AWS_ENDPOINT_URL_DYNAMODB", bad.url)
        state = collect_live(
            LiveOptions(
                regions=["eu-west-1"],
                services=["logs", "dynamodb", "s3"],
                progress=False,
                settings=ClientSettings(max_attempts=3),
            )
        )
        asked = [json_target(r) for r in bad.requests]
    assert sorted(asked) == ["DescribeLogGroups", "ListTables"]  # answers are not retried
    by_arn = {r.address: r for r in state.resources}
    logs = by_arn["arn:aws:logs:eu-west-1:123456789012:log-group:*"]
    assert logs.get("retention_days").raw.reason == (
        "logs:DescribeLogGroups gave an answer that cannot be trusted: "
        "the answer's body is not valid JSON (cut short or garbled)"
    )
    tables = by_arn["arn:aws:dynamodb:eu-west-1:123456789012:table/*"]
    assert tables.get("encrypted").raw.reason == (
        "dynamodb:ListTables gave an answer that cannot be trusted: TableNames should be a list, "
        "the answer has a string"
    )
    assert not [a for a in by_arn if a.endswith(("table/t", "table/1", "kept-forever"))]
    assert by_arn["arn:aws:s3:::still-read"].get("versioning").raw is False  # the rest is read
    messages = [e.message for e in state.errors]
    assert any("logs:DescribeLogGroups gave an answer that cannot be trusted" in m for m in messages)
    assert any("dynamodb:ListTables gave an answer that cannot be trusted" in m for m in messages)

    report = evaluate_state(state, load_promises_file(FIXTURES / "promises.yaml"))
    verdicts = {(f.check_id, f.resource): f.status.value for f in report.findings}
    assert verdicts[("aws-logs-retention", logs.address)] == "unknown"
    assert {v for (_, res), v in verdicts.items() if res == tables.address} == {"unknown"}


def _operation(service: str, name: str):
    return botocore.session.get_session().get_service_model(service).operation_model(name)


def _response(body: bytes, status: int = 200) -> dict:
    return {"status_code": status, "headers": {}, "body": body}


@pytest.mark.parametrize(
    ("service", "operation", "body", "error"),
    [
        ("logs", "DescribeLogGroups", b"", "the answer's body is empty"),
        ("logs", "DescribeLogGroups", b"<html>proxy</html>", "not valid JSON"),
        ("logs", "DescribeLogGroups", b'{"logGroups": {"a": 1}}', "logGroups should be a list"),
        ("logs", "DescribeLogGroups", b"[]", "the answer should be an object"),
        (
            "logs",
            "DescribeLogGroups",
            b'{"logGroups": [{"logGroupName": "a", "retentionInDays": "30"}]}',
            "logGroups[0].retentionInDays should be an integer",
        ),
        (
            "dynamodb",
            "DescribeTable",
            b'{"Table": {"SSEDescription": {"Status": true}}}',
            "Table.SSEDescription.Status should be a string",
        ),
        ("kms", "ListKeys", b'{"Keys": [1, 2]}', "Keys[0] should be an object"),
        ("kms", "ListKeys", b'{"Keys": [], "Truncated": "false"}', "Truncated should be a boolean"),
        ("kms", "ListKeys", b"[" * 100000, "nested too deeply"),
        ("ec2", "DescribeVolumes", b"<DescribeVolumesResponse><volumeSet><item>", "not well-formed XML"),
        ("ec2", "DescribeVolumes", b"", "the answer's body is empty"),
        ("s3", "GetBucketVersioning", b"<VersioningConfiguration><Status>", "not well-formed XML"),
    ],
)
def test_answers_that_do_not_fit_the_output_shape_are_refused(service, operation, body, error) -> None:
    with pytest.raises(BadAnswer) as caught:
        check_answer(_operation(service, operation), _response(body))
    assert error in str(caught.value)


@pytest.mark.parametrize(
    ("service", "operation", "body"),
    [
        # Unknown keys (AWS adds fields before botocore's model does) and nulls are fine.
        ("logs", "DescribeLogGroups", b'{"logGroups": [{"logGroupName": "a", "newField": {"x": 1}}]}'),
        ("logs", "DescribeLogGroups", b'{"logGroups": null, "nextToken": null}'),
        ("logs", "DescribeLogGroups", b"{}"),
        ("dynamodb", "ListTables", b'{"TableNames": ["t1"]}'),
        ("kms", "ListKeys", b'{"Keys": [{"KeyId": "k"}], "Truncated": false}'),
        ("ec2", "DescribeVolumes", b"<DescribeVolumesResponse><volumeSet/></DescribeVolumesResponse>"),
        ("s3", "GetBucketPolicy", b'{"Version": "2012-10-17"}'),  # a string payload, not XML
    ],
)
def test_answers_that_fit_pass(service, operation, body) -> None:
    check_answer(_operation(service, operation), _response(body))


def test_error_answers_are_left_to_botocore() -> None:
    check_answer(_operation("logs", "DescribeLogGroups"), _response(b"not json", status=400))


def test_the_json_check_reads_the_body_not_the_parsed_result() -> None:
    """What botocore would make of it: a string iterated into a list of characters."""
    body = json.dumps({"TableNames": "t1"}).encode()
    with pytest.raises(BadAnswer, match="TableNames should be a list"):
        check_answer(_operation("dynamodb", "ListTables"), _response(body))
