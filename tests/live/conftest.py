"""A real AWS endpoint for the live tests: moto in server mode on a free loopback port.

boto3 finds it through its own ``AWS_ENDPOINT_URL``, exactly as a LocalStack user
would point privacy-scan at an emulator; no test-only flag exists in the code.
Each test starts from an empty account (``POST /moto-api/reset``).
"""

from __future__ import annotations

import json
import os
import socket
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "live"
ACCOUNT = "123456789012"  # moto's default account

ENV = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "eu-west-1",
    "AWS_REGION": "eu-west-1",
    "AWS_CONFIG_FILE": "/dev/null",
    "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    "AWS_EC2_METADATA_DISABLED": "true",
    "CI": "1",
    # moto otherwise seeds every region with public AMIs whose snapshots it reports as the account's own.
    "MOTO_EC2_LOAD_DEFAULT_AMIS": "false",
}


@cache
def offline_session() -> Any:
    """One boto3 session for stubbed (recorded-answer) clients: they share its loaded service models.

    Each test makes its own clients and stubbers from it; only the parsed models are shared.
    """
    import boto3

    return boto3.Session(aws_access_key_id="x", aws_secret_access_key="y")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    from moto.server import ThreadedMotoServer

    saved = {k: os.environ.get(k) for k in [*ENV, "AWS_ENDPOINT_URL", "AWS_PROFILE"]}
    os.environ.update(ENV)
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    os.environ["AWS_ENDPOINT_URL"] = endpoint
    os.environ.pop("AWS_PROFILE", None)
    try:
        yield endpoint
    finally:
        server.stop()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture
def aws(moto_endpoint: str) -> str:
    """An empty moto account for this test."""
    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST", data=b"")
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
    return moto_endpoint


@dataclass(frozen=True)
class ScenarioScan:
    """One scan of the live acceptance scenario, shared by the tests that read it."""

    names: dict  # values only AWS chooses (KMS key ARNs, volume ids), for the expected files
    code: int
    out: str  # the JSON report
    err: str
    state_file: Path  # the same scan's --save-state
    operations: frozenset  # (service, operation) of every request any client sent


@pytest.fixture(scope="session")
def scenario_scan(moto_endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> ScenarioScan:
    """The scenario (tests/live/scenario.py) built once per session, and scanned once in-process.

    Everything is captured before the fixture returns, so tests that reset moto afterwards
    do not disturb it. Every request any client sends is recorded (for the read-only test).
    """
    from scanner.sources.live import session as live_session

    from . import scenario

    request = urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST", data=b"")
    urllib.request.urlopen(request, timeout=10).close()
    names = scenario.build()
    state_file = tmp_path_factory.mktemp("live-scenario") / "state.json"
    seen: set[tuple[str, str]] = set()
    original = live_session.make_client

    def recording(*args, **kwargs):
        client = original(*args, **kwargs)
        service = client.meta.service_model.service_name

        def record(model=None, **_):
            seen.add((service, model.name))

        client.meta.events.register("before-call.*.*", record)
        return client

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(live_session, "make_client", recording)
        # --max-attempts 2: moto answers its unimplemented calls with HTTP 500, which botocore retries.
        code, out, err = run_cli(
            "--regions", "eu-west-1,us-east-1", "--promises", str(FIXTURES / "promises.yaml"),
            "--format", "json", "--save-state", str(state_file), "--max-attempts", "2",
        )  # fmt: skip
    return ScenarioScan(names, code, out, err, state_file, frozenset(seen))


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``privacy-scan live ARGS`` in-process (CliRunner) as the command object; returns (exit, out, err)."""
    from click.testing import CliRunner

    from scanner.commands.live_cmd import live
    from scanner.util.yamlfile import InputError

    result = CliRunner().invoke(live, list(args))
    if isinstance(result.exception, InputError):  # what scanner.cli.main turns into one line and exit 2
        return 2, result.stdout, f"privacy-scan: error: {result.exception}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def run_main(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> tuple[int, str, str]:
    """Run ``privacy-scan live ARGS`` as a user would: a new ``python -m scanner`` process."""
    import subprocess
    import sys

    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run(
        [sys.executable, "-m", "scanner", "live", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=ROOT,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout, proc.stderr


def verdicts(report_json: str) -> dict[tuple[str, str], str]:
    data = json.loads(report_json)
    return {(f["check_id"], f["resource"]): f["status"] for f in data["findings"]}
