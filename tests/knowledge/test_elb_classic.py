"""A classic load balancer's listeners, read once for code and cloud (``knowledge.aws.elb``)."""

from __future__ import annotations

import pytest

from scanner.knowledge.aws.elb import ClassicListener, classic_listener, classic_summary
from scanner.state import Unknown

TLS12 = {"Reference-Security-Policy": "ELBSecurityPolicy-TLS-1-2-2017-01"}
PROTOCOLS_ONLY = {"Protocol-TLSv1.1": "true", "Protocol-TLSv1.2": "true"}


def no_policy() -> None:
    return None


def must_not_read() -> None:
    raise AssertionError("the policies of a listener without TLS are never read")


@pytest.mark.parametrize(
    ("protocol", "port", "policies", "kind", "version", "policy", "default"),
    [
        ("HTTP", 80, must_not_read, "plaintext", None, None, False),
        ("http", 8080, must_not_read, "plaintext", None, None, False),  # AWS accepts any case
        ("TCP", 443, must_not_read, "passthrough", None, None, False),
        ("HTTPS", 443, no_policy, "tls", "1.0", "ELBSecurityPolicy-2016-08", True),  # AWS's default
        ("SSL", 8443, no_policy, "tls", "1.0", "ELBSecurityPolicy-2016-08", True),
        ("HTTPS", 443, lambda: [TLS12], "tls", "1.2", "ELBSecurityPolicy-TLS-1-2-2017-01", False),
        (
            "HTTPS",
            443,
            lambda: [None, PROTOCOLS_ONLY],
            "tls",
            "1.1",
            None,
            False,
        ),  # other policy types skipped
    ],
)
def test_classic_listener(protocol, port, policies, kind, version, policy, default) -> None:
    got = classic_listener(protocol, port, policies, tag="t")
    assert (got.kind, got.version, got.policy, got.default, got.tag) == (kind, version, policy, default, "t")
    assert got.label == f"{protocol.upper()}:{port}"


@pytest.mark.parametrize(
    ("protocol", "port", "policies", "reason"),
    [
        (
            None,
            443,
            no_policy,
            "classic listener on port 443: the listener gives no protocol",
        ),  # never read as TLS
        ("", 443, no_policy, "classic listener on port 443: the listener gives no protocol"),
        (
            ["HTTPS"],
            443,
            no_policy,
            "classic listener on port 443: listener protocol ['HTTPS'] is not a protocol name",
        ),
        (Unknown("protocol from a variable"), 443, no_policy, "protocol from a variable"),
        ("HTTPS", Unknown("port from a variable"), no_policy, "port from a variable"),
        ("UDP", 53, no_policy, "classic listener protocol UDP is not one AWS offers"),
        (
            "HTTPS",
            443,
            lambda: [None],
            "classic listener HTTPS:443 has policies but no SSL negotiation policy",
        ),
        ("HTTPS", 443, lambda: Unknown("denied"), "denied"),
        (
            "HTTPS",
            443,
            lambda: [Unknown("policy p is not in this configuration")],
            "policy p is not in this configuration",
        ),
        (
            "HTTPS",
            443,
            lambda: [{"Reference-Security-Policy": "My-Own"}],
            "security policy My-Own is not in",
        ),
    ],
)
def test_classic_listener_that_cannot_be_read_is_unknown(protocol, port, policies, reason) -> None:
    got = classic_listener(protocol, port, policies)
    assert got.kind == "unknown"
    assert got.unknown is not None and got.unknown.reason.startswith(reason)


def _tls(version: str, policy: str | None, tag: str) -> ClassicListener:
    return ClassicListener("tls", f"HTTPS:{tag}", version=version, policy=policy, tag=tag)


PLAIN = ClassicListener("plaintext", "HTTP:80")
TCP = ClassicListener("passthrough", "TCP:25")
UNREAD = ClassicListener("unknown", "HTTPS:8443", unknown=Unknown("denied"))


@pytest.mark.parametrize(
    ("listeners", "protocol", "plaintext", "version", "weakest"),
    [
        ([PLAIN, _tls("1.2", "p12", "a")], "HTTP", True, "1.2", "a"),  # one plain listener is enough
        (
            [TCP, _tls("1.2", "p12", "a")],
            "TCP",
            "TCP listener TCP:25 passes bytes through; whether they are TLS is decided by the instances",
            "1.2",
            "a",
        ),
        ([_tls("1.2", "p12", "a"), _tls("1.0", "p10", "b")], "HTTPS", False, "1.0", "b"),  # the weakest wins
        ([PLAIN, UNREAD], "HTTP", True, "denied", None),  # an unread listener may be the weakest
        ([UNREAD], "denied", "denied", "denied", None),
        ([UNREAD, _tls("1.2", "p12", "a")], "HTTPS", False, "denied", None),
        ([PLAIN], "HTTP", True, None, None),
        ([], "HTTPS", False, None, None),
    ],
)
def test_classic_summary(listeners, protocol, plaintext, version, weakest) -> None:
    got = classic_summary(listeners)

    def shown(value):
        return value.reason if isinstance(value, Unknown) else value

    assert (shown(got.protocol), shown(got.plaintext_allowed), shown(got.min_tls_version)) == (
        protocol,
        plaintext,
        version,
    )
    assert (got.weakest.tag if got.weakest else None) == weakest
