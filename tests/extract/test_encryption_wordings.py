"""Encryption wordings that need more than a vocabulary entry: refused old TLS versions, and a
hedge confined to one main clause. Every sentence here was written for this test."""

from __future__ import annotations

import pytest

from scanner.extract import extract_text


def _promises(text: str, language: str) -> list[tuple[str, dict, str]]:
    result = extract_text(text, language=language, per_sentence=True)
    return [(p.control.value, p.params, p.quote) for p in result.promises if not p.implied]


@pytest.mark.parametrize(
    ("language", "text", "version"),
    [
        ("en", "We no longer accept TLS 1.0 or 1.1 on the booking site.\n", "1.2"),
        ("en", "TLS 1.0 and 1.1 were switched off last year; TLS 1.2 is the lowest we accept.\n", "1.2"),
        ("nl", "Verbindingen met TLS 1.0 of 1.1 worden door onze servers geweigerd.\n", "1.2"),
        ("nl", "TLS 1.1 is bij ons uitgezet.\n", "1.2"),
    ],
)
def test_refusing_old_tls_versions_promises_the_newer_ones(language: str, text: str, version: str):
    assert [(c, p) for c, p, _ in _promises(text, language)] == [
        ("transport-encryption", {"min_tls_version": version})
    ]


@pytest.mark.parametrize(
    ("language", "text", "control", "quote"),
    [
        (
            "en",
            "The archive disks are encrypted and they could be moved to another room later.\n",
            "encryption-at-rest",
            "The archive disks are encrypted",
        ),
        (
            "nl",
            "Het kan zijn dat we u bellen; alle dossiers worden versleuteld opgeslagen.\n",
            "encryption-at-rest",
            "alle dossiers worden versleuteld opgeslagen.",
        ),
    ],
)
def test_a_hedge_in_another_main_clause_leaves_the_promise(
    language: str, text: str, control: str, quote: str
):
    assert [(c, q) for c, _, q in _promises(text, language)] == [(control, quote)]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We may encrypt the exports; we could also keep them as they are.\n"),
        ("nl", "Wij proberen back-ups te versleutelen, maar dat lukt niet altijd.\n"),
    ],
)
def test_a_sentence_hedged_in_every_clause_promises_nothing(language: str, text: str):
    assert _promises(text, language) == []


@pytest.mark.parametrize(
    ("language", "text", "controls"),
    [
        # a pronoun for the stored things of the sentence before
        (
            "en",
            "Our backups sit in a second data centre. They are encrypted and kept for 30 days.\n",
            ["encryption-at-rest", "retention-limit"],
        ),
        (
            "nl",
            "De kopieën van de dossiers staan op een externe schijf. Deze worden versleuteld.\n",
            ["encryption-at-rest"],
        ),
        # a Dutch passive with "ze" is no third party; "and not reachable" denies only the second verb
        (
            "nl",
            "Onze back-ups staan in een tweede datacenter. Ze worden versleuteld opgeslagen en zijn niet "
            "vanaf internet bereikbaar.\n",
            ["encryption-at-rest", "access-restriction"],
        ),
        # a pronoun for things on their way, or a denial, is no promise at rest
        ("en", "Newsletters go out by e-mail every month. They are encrypted.\n", []),
        ("en", "We keep the paper files in the office. They are not encrypted.\n", []),
    ],
)
def test_a_pronoun_takes_its_meaning_from_the_sentences_before(language: str, text: str, controls: list):
    assert sorted(c for c, _, _ in _promises(text, language)) == sorted(controls)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Protocols older than TLS 1.2 are switched off on the booking site.\n"),
        ("nl", "Verbindingen met een versie lager dan TLS 1.2 weigeren wij.\n"),
    ],
)
def test_versions_older_than_one_named_are_refused_and_it_is_the_minimum(language: str, text: str):
    assert [(c, p) for c, p, _ in _promises(text, language)] == [
        ("transport-encryption", {"min_tls_version": "1.2"})
    ]


@pytest.mark.parametrize(
    ("language", "text", "transport"),
    [
        # staff who log in through a VPN: a way in (access), not data on its way
        ("en", "Staff who work from home sign in through a VPN.\n", False),
        ("nl", "Medewerkers loggen thuis in via een VPN met een tweede factor.\n", False),
        # a tunnel between places carries data: transport
        ("en", "The two branches exchange files over a site-to-site VPN.\n", True),
        ("nl", "De praktijk en het datacenter zijn verbonden met een versleutelde VPN-tunnel.\n", True),
    ],
)
def test_a_vpn_is_transport_only_as_a_tunnel_between_places(language: str, text: str, transport: bool):
    controls = {c for c, _, _ in _promises(text, language)}
    assert ("transport-encryption" in controls, "access-restriction" in controls) == (transport, True)
