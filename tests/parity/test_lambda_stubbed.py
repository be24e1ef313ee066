"""Lambda: code and cloud give the same state; AWS's answers recorded (botocore Stubber).

moto does not serve ``ListFunctionUrlConfigs`` (the call that lists every URL of a function,
its aliases' included), so the answers are recorded; Stubber validates them against the
service model, so a recording cannot have a shape AWS would not send.
"""

from __future__ import annotations

from pathlib import Path

from scanner.pipeline import load_iac_state

from .live_run import ACCOUNT, REGION, kms_calls, recorded_account, run_collectors

KEY = f"arn:aws:kms:{REGION}:{ACCOUNT}:key/1a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"


def _calls(urls: dict[str, list[str]]) -> list[dict]:
    functions = [
        {"FunctionName": n, "FunctionArn": FN + n, **({"KMSKeyArn": KEY} if n == "keyed" else {})}
        for n in urls
    ]
    calls = [
        *kms_calls(KEY),
        {"service": "lambda", "operation": "ListFunctions", "response": {"Functions": functions}},
    ]
    for name, auths in urls.items():
        configs = [
            {
                "FunctionUrl": f"https://{name}{i}.lambda-url.{REGION}.on.aws/",
                "FunctionArn": FN + name,
                "AuthType": auth,
                "CreationTime": "2024-01-01T00:00:00Z",
                "LastModifiedTime": "2024-01-01T00:00:00Z",
            }
            for i, auth in enumerate(auths)
        ]
        calls.append(
            {
                "service": "lambda",
                "operation": "ListFunctionUrlConfigs",
                "response": {"FunctionUrlConfigs": configs},
            }
        )
    return calls


HCL = f'''provider "aws" {{
  region = "{REGION}"
}}

resource "aws_lambda_function" "open" {{
  function_name = "open"
  role          = "arn:aws:iam::{ACCOUNT}:role/r"
}}

resource "aws_lambda_function_url" "open" {{
  function_name      = aws_lambda_function.open.function_name
  authorization_type = "NONE"
}}

resource "aws_lambda_function" "keyed" {{
  function_name = "keyed"
  role          = "arn:aws:iam::{ACCOUNT}:role/r"
  kms_key_arn   = "{KEY}"
}}

resource "aws_lambda_function_url" "keyed" {{
  function_name      = aws_lambda_function.keyed.function_name
  authorization_type = "AWS_IAM"
}}

resource "aws_lambda_function" "plain" {{
  function_name = "plain"
  role          = "arn:aws:iam::{ACCOUNT}:role/r"
}}
'''


def test_lambda_code_and_cloud_agree(tmp_path: Path) -> None:
    (tmp_path / "main.tf").write_text(HCL)
    code = {r.identity.raw: r for r in load_iac_state([tmp_path], use_cache=False).resources}
    account = recorded_account(_calls({"open": ["AWS_IAM", "NONE"], "keyed": ["AWS_IAM"], "plain": []}))
    resources, account = run_collectors({"lambda", "kms"}, account)
    assert account.errors == []
    cloud = {r.identity.raw: r for r in resources if r.resource_type == "aws_lambda_function"}
    assert sorted(cloud) == sorted(code) == ["keyed", "open", "plain"]
    for name in code:
        assert set(cloud[name].attrs) == set(code[name].attrs)
        for attr in code[name].attrs:
            assert cloud[name].get(attr).raw == code[name].get(attr).raw, (name, attr)
    assert cloud["open"].get("public_url").raw is True  # one of its URLs (an alias's) needs no auth
    assert cloud["keyed"].get("customer_managed_key").raw is True
    assert cloud["plain"].get("public_url").default  # no URL at all: AWS's default


def test_a_denied_url_listing_leaves_only_public_url_unknown() -> None:
    calls = [
        {
            "service": "lambda",
            "operation": "ListFunctions",
            "response": {"Functions": [{"FunctionName": "f", "FunctionArn": FN + "f"}]},
        },
        {
            "service": "lambda",
            "operation": "ListFunctionUrlConfigs",
            "error": {"code": "AccessDeniedException", "status": 403},
        },
    ]
    resources, account = run_collectors({"lambda"}, recorded_account(calls))
    (fn,) = resources
    assert not fn.get("public_url").known and "lambda:ListFunctionUrlConfigs" in fn.get("public_url").reason
    assert fn.get("encrypted").raw is True and fn.get("customer_managed_key").raw is False
    assert [e.action for e in account.errors] == ["lambda:ListFunctionUrlConfigs"]
