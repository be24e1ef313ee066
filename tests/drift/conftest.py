"""Shared helpers for the drift tests: the scenario's code state, a cloud state built from it, the CLI."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from scanner.commands.drift_cmd import drift
from scanner.pipeline import load_iac_state
from scanner.promises import PromiseSet, load_promises_file
from scanner.state import Resource, Source, State, Value
from scanner.util.yamlfile import InputError

REPO = Path(__file__).resolve().parents[2]
FIXTURES = REPO / "fixtures" / "drift"
APP = FIXTURES / "app"
PROMISES = FIXTURES / "promises.yaml"
ACCOUNT = "123456789012"


@pytest.fixture(autouse=True)
def _repo_cwd(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # Terraform file paths are relative to the working directory, as a user typed them.
    monkeypatch.chdir(REPO)
    monkeypatch.setenv("PRIVACY_SCAN_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


@pytest.fixture(scope="session")
def promise_set() -> PromiseSet:
    return load_promises_file(PROMISES)


def code_state(path: Path = APP) -> State:
    return load_iac_state([path.relative_to(REPO)], use_cache=False)


def arn_for(res: Resource) -> str:
    name = res.identity.raw
    region = res.region.raw
    return {
        "aws_s3_bucket": f"arn:aws:s3:::{name}",
        "aws_cloudwatch_log_group": f"arn:aws:logs:{region}:{ACCOUNT}:log-group:{name}",
        "aws_db_instance": f"arn:aws:rds:{region}:{ACCOUNT}:db:{name}",
    }.get(res.resource_type, f"arn:aws:test:{region}:{ACCOUNT}:{name}")


def as_cloud(code: State, edit: Callable[[Resource], Resource | None] = lambda r: r) -> State:
    """A live-looking copy of the code state: ARNs as addresses, the account, cloud provenance.

    Resources whose name the code does not know are left out (the cloud would name them);
    ``edit`` may change a resource or return None to delete it.
    """
    copy = State.from_dict(json.loads(json.dumps(code.to_dict())))
    out = []
    for res in copy.resources:
        if res.identity is None or not res.identity.known:
            continue
        arn = arn_for(res)
        src = Source(arn=arn, region=res.region.raw)
        res.address, res.account, res.source = arn, ACCOUNT, src
        res.attrs = {k: Value(v.raw, src, v.default) for k, v in res.attrs.items()}
        res.identity = Value(res.identity.raw, src)
        res.region = Value(res.region.raw, src)
        res.evidence = []
        edited = edit(res)
        if edited is not None:
            out.append(edited)
    return State(resources=out, origin="live")


def save(state: State, path: Path) -> Path:
    path.write_text(json.dumps(state.to_dict()), encoding="utf-8")
    return path


@dataclass
class Run:
    exit_code: int
    stdout: str
    stderr: str


def run_drift(*args: str) -> Run:
    """Run the command as ``privacy-scan`` would: an InputError is one line on stderr and exit 2."""
    result = CliRunner().invoke(drift, [str(a) for a in args])
    if isinstance(result.exception, InputError):
        return Run(2, result.stdout, f"privacy-scan: error: {result.exception}\n")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Run(result.exit_code, result.stdout, result.stderr)


# ----------------------------------------------------------------------- moto server
MOTO_ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
    "CI": "1",
    # moto otherwise serves ~1300 public AMI snapshots as the account's own.
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
}


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def moto_endpoint():
    """moto in server mode on a free loopback port; boto3 finds it through AWS_ENDPOINT_URL.

    Module-scoped: the environment (endpoint, MOTO_EC2_LOAD_DEFAULT_AMIS) is restored as soon
    as the drift tests are done, so other test folders start their own server as they expect.
    """
    import os

    from moto.server import ThreadedMotoServer

    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    saved = {k: os.environ.get(k) for k in [*MOTO_ENV, "AWS_ENDPOINT_URL", "AWS_PROFILE"]}
    os.environ.update(MOTO_ENV)
    os.environ["AWS_ENDPOINT_URL"] = f"http://127.0.0.1:{port}"
    os.environ.pop("AWS_PROFILE", None)
    try:
        yield os.environ["AWS_ENDPOINT_URL"]
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def aws(moto_endpoint: str) -> str:
    """An empty moto account for this test (POST /moto-api/reset)."""
    import urllib.request

    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    return moto_endpoint
