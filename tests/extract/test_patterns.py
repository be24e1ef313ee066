"""One sentence in, the promises it makes out: the phrases of each control, in Dutch and English.

Each case lists the promises (control, params) a sentence makes, leaving out the
implied residency promise; an empty list means the sentence promises nothing.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text

TLS = "transport-encryption"
REST = "encryption-at-rest"
ACCESS = "access-restriction"
RES = "data-residency"
RET = "retention-limit"
ACT = "activity-logging"
MIN = "logging-minimisation"
OPEN = {"authorised_principals": [], "network_restricted": True}
# who among the staff may look: a promise about people, not about the network
PEOPLE = {"authorised_principals": [], "network_restricted": False}


def ret(days, *applies_to):
    return (RET, {"max_days": days, "applies_to": list(applies_to or ["data"])})


def res(area, *transfers):
    return (
        RES,
        {
            "allowed_area": area,
            "transfers": [
                dict(zip(("recipient", "country", "mechanism"), t, strict=True)) for t in transfers
            ],
        },
    )


CASES = [
    # transport encryption
    (
        "nl",
        "Informatie die wij verzamelen wordt versleuteld naar ons gestuurd.",
        [(TLS, {"min_tls_version": "1.2"})],
    ),
    ("nl", "Wij gebruiken een SSL-certificaat.", [(TLS, {"min_tls_version": "1.2"})]),
    ("nl", "Alle verbindingen gebruiken TLS 1.3.", [(TLS, {"min_tls_version": "1.3"})]),
    ("en", "We only accept TLS 1.2 and 1.3 connections.", [(TLS, {"min_tls_version": "1.2"})]),
    ("en", "TLS 1.0 and 1.1 are disabled on all endpoints.", [(TLS, {"min_tls_version": "1.2"})]),
    ("en", "Data is encrypted in transit.", [(TLS, {"min_tls_version": "1.2"})]),
    ("nl", "Meer informatie staat op https://www.example.nl/privacy.", []),
    # encryption at rest
    ("nl", "Uw gegevens worden versleuteld opgeslagen.", [(REST, {"customer_managed_keys": False})]),
    ("en", "All databases are encrypted at rest.", [(REST, {"customer_managed_keys": False})]),
    (
        "en",
        "Backups are encrypted at rest with customer-managed keys.",
        [(REST, {"customer_managed_keys": True})],
    ),
    (
        "nl",
        "Wij versleutelen de opslag met eigen sleutels die wij zelf beheren (AES-256).",
        [(REST, {"customer_managed_keys": True})],
    ),
    # access restriction
    ("nl", "Alleen geautoriseerde medewerkers hebben toegang tot uw gegevens.", [(ACCESS, PEOPLE)]),
    ("nl", "Onze systemen worden beveiligd met een firewall.", [(ACCESS, OPEN)]),
    ("en", "Access to personal data is restricted on a need-to-know basis.", [(ACCESS, PEOPLE)]),
    ("en", "Our databases are not publicly accessible.", [(ACCESS, OPEN)]),
    (
        "en",
        "Only authorised staff, using the role arn:aws:iam::123456789012:role/support, can read customer data.",
        [
            (
                ACCESS,
                {
                    "authorised_principals": ["arn:aws:iam::123456789012:role/support"],
                    "network_restricted": False,
                },
            )
        ],
    ),
    # activity logging
    ("nl", "Alle toegang tot persoonsgegevens wordt gelogd.", [(ACT, {})]),
    ("en", "Every access to customer data is logged.", [(ACT, {})]),
    ("en", "We keep audit trails of administrative actions.", [(ACT, {})]),
    # logging minimisation
    ("nl", "Wij houden niet bij welke websites je bezoekt.", [(MIN, {"not_logged": ["browsing"]})]),
    ("nl", "Wij loggen geen IP-adressen.", [(MIN, {"not_logged": ["access_logs"]})]),
    ("en", "We do not log your DNS queries.", [(MIN, {"not_logged": ["query_logs"]})]),
    ("en", "We never record network traffic data.", [(MIN, {"not_logged": ["flow_logs"]})]),
    # retention with numbers (a statement's first sentence about logs also says they are kept)
    ("nl", "Wij bewaren je gegevens maximaal twee jaar.", [ret(730)]),
    ("nl", "Logbestanden worden na 30 dagen verwijderd.", [ret(30, "logs"), (ACT, {})]),
    ("nl", "Facturen bewaren wij zeven jaar vanwege de fiscale bewaarplicht.", [ret(2555, "administration")]),
    ("nl", "Back-ups en logbestanden worden zes maanden bewaard.", [ret(180, "logs", "backups"), (ACT, {})]),
    (
        "en",
        "We keep logs for 90 days and backups for 35 days.",
        [ret(90, "logs"), ret(35, "backups"), (ACT, {})],
    ),
    ("en", "Account information is deleted 30 days after you close your account.", [ret(30, "account")]),
    ("en", "Invoices are kept for 7 or 10 years.", [ret(3650, "administration")]),
    # retention without a number: finite
    ("nl", "Wij bewaren je gegevens niet langer dan noodzakelijk.", [ret(None)]),
    ("nl", "Na afloop van de bewaartermijn worden jouw persoonsgegevens verwijderd.", [ret(None)]),
    ("nl", "Gegevens worden zo lang als nodig bewaard.", [ret(None)]),
    ("en", "We retain personal data no longer than necessary.", [ret(None)]),
    ("en", "Personal data is deleted after the retention period.", [ret(None)]),
    ("en", "Logs are kept only as long as they are needed.", [ret(None, "logs"), (ACT, {})]),
    # residency: places
    ("nl", "Onze servers staan in Nederland.", [res("NL")]),
    ("nl", "Uw gegevens worden opgeslagen in Frankfurt.", [res(["eu-central-1"])]),
    ("nl", "Alle data wordt gehost in Ierland.", [res(["eu-west-1"])]),
    ("nl", "Onze data wordt opgeslagen in datacenters in West-Europa.", [res("EU")]),
    ("nl", "Wij slaan gegevens op op servers in de EU.", [res("EU")]),
    ("nl", "Wij geven geen gegevens door buiten de EER.", [res("EEA")]),
    ("en", "Customer data is stored in eu-central-1 and eu-west-1.", [res(["eu-central-1", "eu-west-1"])]),
    ("en", "Your data never leaves the European Economic Area.", [res("EEA")]),
    ("en", "Data is stored in the EEA or in countries with an adequacy decision.", [res("EEA+adequacy")]),
    ("en", "We do not transfer personal data to the United States.", [res("EEA")]),
    # residency: transfers
    (
        "nl",
        "Gegevens worden doorgegeven aan Mailchimp in de Verenigde Staten op basis van standaardcontractbepalingen.",
        [res("EEA", ("Mailchimp", "US", "scc"))],
    ),
    (
        "nl",
        "Wij gebruiken het Amerikaanse bedrijf Hotjar, waarmee wij een verwerkersovereenkomst hebben gesloten.",
        [res("EEA", ("Hotjar", "US", "dpa"))],
    ),
    (
        "en",
        "Support tickets are processed by Zendesk in the United States under the Data Privacy Framework.",
        [res("EEA", ("Zendesk", "US", "dpf"))],
    ),
    (
        "en",
        "Our hosting provider stores backups in Switzerland, which has an adequacy decision.",
        [res("EEA", ("hosting provider", "CH", "adequacy"))],
    ),
    (
        "en",
        "Our parent company in India may access data under Binding Corporate Rules.",
        [res("EEA", (None, "IN", "bcr"))],
    ),
    ("en", "Data may be transferred to the United Kingdom.", [res("EEA", (None, "GB", "unspecified"))]),
    # a named processor is a transfer with its country, inside the EEA too (no mechanism needed)
    ("nl", "Betalingen lopen via Adyen in Nederland.", [res("EEA", ("Adyen", "NL", "unspecified"))]),
    ("en", "E-mail campaigns go out via Brevo in France.", [res("EEA", ("Brevo", "FR", "unspecified"))]),
    ("nl", "Persoonsgegevens kunnen buiten de EER worden verwerkt.", [res("EEA")]),
    # not promises: disclaimers
    ("nl", "Wij kunnen de veiligheid van je gegevens niet garanderen.", []),
    ("nl", "Verzending via internet is nooit volledig veilig, ook niet met SSL.", []),
    ("en", "No method of transmission over the Internet is 100% secure, even with TLS.", []),
    ("en", "Although we use encryption at rest, we cannot guarantee the security of your data.", []),
    # not promises: hedges
    ("nl", "Wij kunnen je gegevens versleuteld opslaan.", []),
    ("en", "We may keep logs for 90 days.", []),
    ("en", "Data might be encrypted at rest.", []),
    # not promises: aims ("we strive to", "where possible"), while intruders who try stay a promise
    ("nl", "Wij streven ernaar alle gegevens versleuteld op te slaan.", []),
    ("nl", "Wij proberen alle verbindingen via TLS te beveiligen.", []),
    ("nl", "Waar mogelijk worden logbestanden na 30 dagen verwijderd.", []),
    ("nl", "Wij doen ons best om gegevens via TLS te versturen.", []),
    ("en", "We aim to encrypt all data at rest.", []),
    ("en", "Where possible, data is encrypted at rest.", []),
    ("en", "We try to keep logs for no more than 90 days.", []),
    ("en", "We use reasonable efforts to send data over TLS 1.2.", []),
    (
        "en",
        "Our firewall blocks anyone trying to access our servers.",
        [(ACCESS, OPEN)],
    ),
    (
        "nl",
        "Een firewall houdt onbevoegden tegen die proberen toegang te krijgen.",
        [(ACCESS, OPEN)],
    ),
    # not promises: response times, notification, cookies, minimums, other periods
    ("nl", "Wij reageren binnen vier weken op je verzoek.", []),
    ("nl", "Je ontvangt binnen 30 dagen antwoord op je verzoek om je gegevens te verwijderen.", []),
    ("en", "Within 30 days we respond to your request to delete your data.", []),
    ("en", "We notify the authority of a breach within 72 hours.", []),
    ("nl", "Dit cookie wordt na 1 jaar verwijderd.", []),
    # a minimum is no retention bound, but keeping server logs is activity logging
    ("en", "We keep server logs for at least 30 days.", [("activity-logging", {})]),
    ("nl", "Je kunt je bestelling binnen 14 dagen retourneren.", []),
    # not promises: other parties' systems
    ("nl", "Onze betaalprovider versleutelt je betaalgegevens met TLS.", []),
    ("en", "Stripe stores card data encrypted at rest.", []),
    ("nl", "Wij eisen van onze leveranciers dat zij gegevens versleuteld opslaan.", []),
    ("en", "Third-party websites linked from our site use their own encryption.", []),
    # not promises: places without storage, processing without a bound
    ("nl", "Wij leveren onze producten in Nederland en België.", []),
    ("nl", "Na registratie bewaren wij je e-mailadres.", []),
    ("en", "We store your name and e-mail address.", []),
]


@pytest.mark.parametrize(("language", "sentence", "promises"), CASES, ids=[c[1][:60] for c in CASES])
def test_sentence(language: str, sentence: str, promises: list):
    result = extract_text(sentence, language=language)
    got = [(p.control.value, p.params) for p in result.promises if not p.implied]
    assert got == promises
    for p in result.promises:
        if not p.implied:
            assert p.quote == sentence and p.source == {"file": "<text>", "line": 1}


def test_implied_residency_has_no_quote_and_comes_last():
    result = extract_text("Wij bewaren je gegevens niet langer dan noodzakelijk.")
    implied = result.promises[-1]
    assert implied.to_dict() == {
        "id": "data-residency-implied",
        "control": RES,
        "params": {"allowed_area": "EEA", "transfers": []},
        "quote": None,
        "source": None,
        "implied": True,
        "implied_from": "the statement discloses no transfer outside the EEA, so data must stay in the EEA "
        "(GDPR Art. 13(1)(f) requires transfers to be disclosed)",
    }
    assert result.warnings == []


def test_a_disclosed_transfer_replaces_the_implied_promise():
    result = extract_text("Gegevens worden opgeslagen bij Google in de Verenigde Staten.", language="nl")
    assert [p.id for p in result.promises] == ["data-residency-1"]
    assert result.promises[0].implied is False


def test_same_promise_in_several_sentences_is_merged_and_ids_follow_document_order():
    text = (
        "Logs worden 30 dagen bewaard. Alle gegevens worden versleuteld opgeslagen.\n\n"
        "Back-ups worden 35 dagen bewaard. De logbestanden worden na 30 dagen verwijderd."
    )
    result = extract_text(text, language="nl")
    got = [(p.id, p.params, p.source["line"] if p.source else None) for p in result.promises]
    assert got == [
        ("retention-limit-1", {"max_days": 30, "applies_to": ["logs"]}, 1),
        ("encryption-at-rest-1", {"customer_managed_keys": False}, 1),
        ("retention-limit-2", {"max_days": 35, "applies_to": ["backups"]}, 3),
        ("data-residency-implied", {"allowed_area": "EEA", "transfers": []}, None),
    ]
    assert result.promises[0].evidence == [
        {"line": 3, "quote": "De logbestanden worden na 30 dagen verwijderd."}
    ]


def test_no_promise_warns_and_returns_only_implied():
    result = extract_text("We love cycling. Our shop is open on Saturdays.", file="club.txt")
    assert [p.id for p in result.promises] == ["data-residency-implied"]
    assert result.warnings == ["no promise recognised in club.txt; only implied promises are checked"]


@pytest.mark.parametrize(
    ("language", "text", "logging_lines"),
    [
        # logs spoken of again ("these log files") are the same practice: one logging promise
        (
            "en",
            "We keep access logs of every request.\nThese log files move to cold storage at night.\n",
            [1],
        ),
        (
            "nl",
            "Van elk verzoek worden serverlogs bewaard.\nDeze logbestanden worden op een aparte schijf opgeslagen.\n",
            [1],
        ),
        # a retention row about logs is the logging promise only when none was made before
        ("en", "# Retention\n\n- Web server logs: 60 days\n", [3]),
        ("en", "We keep access logs of every request.\n\n## Retention\n\n- Web server logs: 60 days\n", [1]),
        (
            "nl",
            "Van elk verzoek worden serverlogs bewaard.\n\n## Bewaartermijnen\n\n- Serverlogs: 60 dagen\n",
            [1],
        ),
    ],
)
def test_one_logging_promise_per_practice(language: str, text: str, logging_lines: list[int]):
    result = extract_text(text, language=language, per_sentence=True)
    got = [p.source["line"] for p in result.promises if p.control.value == ACT]
    assert got == logging_lines
