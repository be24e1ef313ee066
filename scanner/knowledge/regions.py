"""Cloud regions, the country each stands in, and where the law places that country.

Sources: AWS's published region list; the EU's member states; the EEA agreement;
the European Commission's adequacy decisions. The United States is *not* listed
as adequate: the EU-US Data Privacy Framework covers only certified recipients,
so a US transfer must be documented in the statement (mechanism ``dpf`` or ``scc``).
"""

from __future__ import annotations

AWS_REGION_COUNTRY: dict[str, str] = {
    "us-east-1": "US", "us-east-2": "US", "us-west-1": "US", "us-west-2": "US",
    "us-gov-east-1": "US", "us-gov-west-1": "US",
    "af-south-1": "ZA",
    "ap-east-1": "HK", "ap-east-2": "TW",
    "ap-south-1": "IN", "ap-south-2": "IN",
    "ap-southeast-1": "SG", "ap-southeast-2": "AU", "ap-southeast-3": "ID", "ap-southeast-4": "AU",
    "ap-southeast-5": "MY", "ap-southeast-6": "NZ", "ap-southeast-7": "TH",
    "ap-northeast-1": "JP", "ap-northeast-2": "KR", "ap-northeast-3": "JP",
    "ca-central-1": "CA", "ca-west-1": "CA",
    "eu-central-1": "DE", "eu-central-2": "CH",
    "eu-west-1": "IE", "eu-west-2": "GB", "eu-west-3": "FR",
    "eu-south-1": "IT", "eu-south-2": "ES",
    "eu-north-1": "SE",
    "eusc-de-east-1": "DE",
    "il-central-1": "IL",
    "me-south-1": "BH", "me-central-1": "AE",
    "mx-central-1": "MX",
    "sa-east-1": "BR",
    "cn-north-1": "CN", "cn-northwest-1": "CN",
}  # fmt: skip

EU_COUNTRIES = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
EEA_COUNTRIES = EU_COUNTRIES | {"IS", "LI", "NO"}
# Countries with a European Commission adequacy decision (the US only via DPF certification: not here).
ADEQUATE_COUNTRIES = frozenset(
    ["AD", "AR", "CA", "CH", "FO", "GB", "GG", "IL", "IM", "JE", "JP", "KR", "NZ", "UY"]
)

COUNTRY_NAMES: dict[str, str] = {
    "US": "the United States", "ZA": "South Africa", "HK": "Hong Kong", "TW": "Taiwan", "IN": "India",
    "SG": "Singapore", "AU": "Australia", "ID": "Indonesia", "MY": "Malaysia", "NZ": "New Zealand",
    "TH": "Thailand", "JP": "Japan", "KR": "South Korea", "CA": "Canada", "DE": "Germany",
    "CH": "Switzerland", "IE": "Ireland", "GB": "the United Kingdom", "FR": "France", "IT": "Italy",
    "ES": "Spain", "SE": "Sweden", "IL": "Israel", "BH": "Bahrain", "AE": "the United Arab Emirates",
    "MX": "Mexico", "PH": "the Philippines", "BR": "Brazil", "CN": "China", "NL": "the Netherlands",
}  # fmt: skip


def region_country(region: str) -> str | None:
    return AWS_REGION_COUNTRY.get(region)


def country_in_area(country: str, area: str) -> bool:
    """Whether ``country`` lies in ``area`` (EU, EEA, EEA+adequacy, or one country code)."""
    if area == "EU":
        return country in EU_COUNTRIES
    if area == "EEA":
        return country in EEA_COUNTRIES
    if area == "EEA+adequacy":
        return country in EEA_COUNTRIES or country in ADEQUATE_COUNTRIES
    return country == area


def describe_country(country: str) -> str:
    return COUNTRY_NAMES.get(country, country)
