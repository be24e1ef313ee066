"""One rule for plain-HTTP listeners, in code and in the cloud: only a redirect to HTTPS keeps data off the wire.

The Terraform side is asserted by the transport-encryption scenario (a fixed-response HTTP
listener fails); these pin the shared rule and the live collector's use of it.
"""

from __future__ import annotations

import pytest

from scanner.knowledge.listeners import serves_plaintext
from scanner.sources.live.elb import _plain


@pytest.mark.parametrize(
    ("kind", "protocol", "plain"),
    [
        ("forward", "#{protocol}", True),
        ("authenticate-oidc", "#{protocol}", True),
        ("authenticate-cognito", "#{protocol}", True),
        ("fixed-response", "#{protocol}", True),
        ("redirect", "#{protocol}", True),
        ("redirect", "HTTP", True),
        ("redirect", "HTTPS", False),
        ("redirect", "https", False),
    ],
)
def test_the_shared_rule(kind: str, protocol: str, plain: bool) -> None:
    assert serves_plaintext(kind, protocol) is plain


def test_the_live_collector_counts_a_fixed_response_as_plain_text() -> None:
    fixed = [("default_action", [{"Type": "fixed-response", "FixedResponseConfig": {"StatusCode": "404"}}])]
    assert _plain(fixed) == {"plaintext_allowed": True, "redirects_to_https": False}
    redirect = [("default_action", [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS"}}])]
    assert _plain(redirect) == {"plaintext_allowed": False, "redirects_to_https": True}
    # a rule that answers on the same listener undoes the redirect
    assert _plain(redirect + [("rule 1", fixed[0][1])])["plaintext_allowed"] is True
