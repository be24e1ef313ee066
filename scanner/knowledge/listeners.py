"""What a load balancer listener's action means for data in transit, for every source alike.

On a plain-HTTP listener the client's request (its cookies, form posts, tokens) has already
crossed the network unencrypted by the time any action answers it. The one action that keeps
the exchange short of carrying data is a redirect to HTTPS: the client repeats the request over
TLS. Every other action (``forward``, ``authenticate-cognito``/``-oidc``, ``fixed-response``, a
redirect that keeps HTTP) serves plain text. The Terraform adapter and the live collector both
decide with :func:`serves_plaintext`, so a listener gets the same verdict from code and cloud.
"""

from __future__ import annotations

from typing import Any

# What a redirect keeps when no protocol is given: the request's own (HTTP on an HTTP listener).
KEEP_PROTOCOL = "#{protocol}"


def redirects_to_https(kind: Any, redirect_protocol: Any = KEEP_PROTOCOL) -> bool:
    """Whether the action is a redirect whose target protocol is HTTPS (case as AWS accepts it)."""
    return kind == "redirect" and str(redirect_protocol).upper() == "HTTPS"


def serves_plaintext(kind: Any, redirect_protocol: Any = KEEP_PROTOCOL) -> bool:
    """Whether an action of type ``kind`` on a plain-HTTP listener serves the client in plain text.

    ``redirect_protocol`` is the redirect's ``protocol`` (Terraform) / ``Protocol`` (the API),
    ``#{protocol}`` when not given.
    """
    return not redirects_to_https(kind, redirect_protocol)
