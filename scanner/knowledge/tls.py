"""TLS versions and the security-policy names that AWS services use, mapped to the lowest version they allow.

Names are matched case-insensitively. A name not in the table is not guessed:
``min_tls_for_policy`` returns None and checks report ``unknown``.
"""

from __future__ import annotations

TLS_ORDER = ("1.0", "1.1", "1.2", "1.3")


def tls_at_least(actual: str, required: str) -> bool | None:
    """True when ``actual`` >= ``required``; None when either is not a TLS version we know."""
    if actual not in TLS_ORDER or required not in TLS_ORDER:
        return None
    return TLS_ORDER.index(actual) >= TLS_ORDER.index(required)


# Elastic Load Balancing (ALB/NLB) security policies -> lowest TLS version allowed.
ELBV2_POLICIES: dict[str, str] = {
    "elbsecuritypolicy-2016-08": "1.0",
    "elbsecuritypolicy-2015-05": "1.0",
    "elbsecuritypolicy-tls-1-0-2015-04": "1.0",
    "elbsecuritypolicy-tls-1-1-2017-01": "1.1",
    "elbsecuritypolicy-tls-1-2-2017-01": "1.2",
    "elbsecuritypolicy-tls-1-2-ext-2018-06": "1.2",
    "elbsecuritypolicy-fs-2018-06": "1.0",
    "elbsecuritypolicy-fs-1-1-2019-08": "1.1",
    "elbsecuritypolicy-fs-1-2-2019-08": "1.2",
    "elbsecuritypolicy-fs-1-2-res-2019-08": "1.2",
    "elbsecuritypolicy-fs-1-2-res-2020-10": "1.2",
    "elbsecuritypolicy-tls13-1-0-2021-06": "1.0",
    "elbsecuritypolicy-tls13-1-1-2021-06": "1.1",
    "elbsecuritypolicy-tls13-1-2-2021-06": "1.2",
    "elbsecuritypolicy-tls13-1-2-res-2021-06": "1.2",
    "elbsecuritypolicy-tls13-1-2-ext1-2021-06": "1.2",
    "elbsecuritypolicy-tls13-1-2-ext2-2021-06": "1.2",
    "elbsecuritypolicy-tls13-1-3-2021-06": "1.3",
    "elbsecuritypolicy-tls13-1-2-fips-2023-04": "1.2",
    "elbsecuritypolicy-tls13-1-2-res-fips-2023-04": "1.2",
    "elbsecuritypolicy-tls13-1-3-fips-2023-04": "1.3",
    "elbsecuritypolicy-tls13-1-0-pq-2025-09": "1.0",
    "elbsecuritypolicy-tls13-1-2-pq-2025-09": "1.2",
    "elbsecuritypolicy-tls13-1-3-pq-2025-09": "1.3",
}
# The listener default when ssl_policy is not set.
ELBV2_DEFAULT_POLICY = "ELBSecurityPolicy-2016-08"

# Classic ELB predefined policies.
CLASSIC_ELB_POLICIES: dict[str, str] = {
    "elbsecuritypolicy-2016-08": "1.0",
    "elbsecuritypolicy-tls-1-1-2017-01": "1.1",
    "elbsecuritypolicy-tls-1-2-2017-01": "1.2",
    "elbsecuritypolicy-2015-05": "1.0",
    "elbsecuritypolicy-2015-03": "1.0",
    "elbsecuritypolicy-2015-02": "1.0",
}

# CloudFront viewer certificate minimum_protocol_version -> lowest TLS version.
CLOUDFRONT_POLICIES: dict[str, str] = {
    "sslv3": "1.0",  # SSLv3 is below TLS 1.0; treated as the lowest we model
    "tlsv1": "1.0",
    "tlsv1_2016": "1.0",
    "tlsv1.1_2016": "1.1",
    "tlsv1.2_2018": "1.2",
    "tlsv1.2_2019": "1.2",
    "tlsv1.2_2021": "1.2",
    "tlsv1.2_2025": "1.2",
    "tlsv1.3_2025": "1.3",
}

# API Gateway domain-name security policies.
APIGATEWAY_POLICIES: dict[str, str] = {"tls_1_0": "1.0", "tls_1_2": "1.2"}

# OpenSearch domain endpoint TLS policies.
OPENSEARCH_POLICIES: dict[str, str] = {
    "policy-min-tls-1-0-2019-07": "1.0",
    "policy-min-tls-1-2-2019-07": "1.2",
    "policy-min-tls-1-2-pfs-2023-10": "1.2",
}

# CloudFront origin_ssl_protocols entries.
ORIGIN_SSL_PROTOCOLS: dict[str, str] = {"sslv3": "1.0", "tlsv1": "1.0", "tlsv1.1": "1.1", "tlsv1.2": "1.2"}


def min_tls_for_policy(table: dict[str, str], name: str | None) -> str | None:
    if not name:
        return None
    return table.get(name.lower())
