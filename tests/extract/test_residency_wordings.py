"""Residency as statements write it: processors the vocabulary does not list, their places, and
which place is an allowed area and which a processor's transfer country.

Every sentence here is written for this test (none is taken from a statement or a held-out set);
each class has at least two unrelated wordings.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text


def residency(text: str, lang: str, file: str = "<text>") -> list[dict]:
    """The params of every explicit data-residency promise, one per sentence."""
    result = extract_text(text, file, language=lang, per_sentence=True)
    return [p.params for p in result.promises if not p.implied and p.control.value == "data-residency"]


def transfers(text: str, lang: str) -> list[tuple[str | None, str]]:
    """(recipient, country) of the transfers the statement discloses (every promise carries them all)."""
    found = residency(text, lang)
    return [(t["recipient"], t["country"]) for t in (found[0]["transfers"] if found else [])]


# an unlisted company, recognised by where its name stands, with the country its sentence gives
@pytest.mark.parametrize(
    ("lang", "text", "want"),
    [
        ("en", "Our invoices are sent by Factuurwerk, a Belgian billing service.", [("Factuurwerk", "BE")]),
        (
            "en",
            "We use Ticketmolen for event registrations; it is based in Utrecht.",
            [("Ticketmolen", "NL")],
        ),
        ("nl", "Voor de roosters gebruiken we Planwijs, met servers in Duitsland.", [("Planwijs", "DE")]),
        ("nl", "Herinneringen versturen we via Berichtenhuis (Eindhoven).", [("Berichtenhuis", "NL")]),
        (
            "nl",
            "De cursussen worden gegeven door Leerpunt, een opleidingsbureau uit Denemarken.",
            [("Leerpunt", "DK")],
        ),
        ("nl", "De boekhouding werkt met Cijferland B.V. uit Tilburg.", [("Cijferland B.V.", "NL")]),
        ("en", "The member portal is hosted by Clubwolk GmbH in Hamburg.", [("Clubwolk GmbH", "DE")]),
        ("en", "Clubwolk hosts the member records in Cork.", [("Clubwolk", "IE")]),
    ],
)
def test_unlisted_processor_gets_the_country_of_its_sentence(lang: str, text: str, want: list) -> None:
    assert transfers(text, lang) == want


# named without a country: still disclosed (a promise whose note asks the reviewer for the country)
@pytest.mark.parametrize(
    ("lang", "text", "name"),
    [
        ("nl", "Onze kassa draait op Kassaflow.", "Kassaflow"),
        ("en", "Order data is passed to Pakketpost Ltd for delivery.", "Pakketpost Ltd"),
        ("en", "Verwerker: Archiefdienst Noord B.V.", "Archiefdienst Noord B.V."),
        ("nl", "Leerlingdossiers staan in Klasnet, het systeem van het bestuur.", "Klasnet"),
        ("en", "For the class timetable we use Roosterbord.", "Roosterbord"),
    ],
)
def test_unlisted_processor_without_country_is_disclosed_for_review(lang: str, text: str, name: str) -> None:
    result = extract_text(text, language=lang, per_sentence=True)
    found = [p for p in result.promises if not p.implied and p.control.value == "data-residency"]
    assert [p.params["transfers"] for p in found] == [[]]
    assert any(f"processors named without a country: {name} " in n for n in found[0].notes)


# a brand named without sending data to it, or a capitalised word that is no processor: no promise
@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Signing keys are held in AWS KMS."),
        ("en", "Our app is sold through the App Store and Google Play."),
        ("nl", "Onze website gebruikt Matomo, geïnstalleerd op onze eigen servers."),
        ("en", "We count page views with Matomo, self-hosted on our own servers."),
        ("en", "If you applied via Banenbank, we keep your letter for 4 weeks."),
        ("en", "The town hall of Leiden is open on Mondays."),
        ("en", "Maintenance goes smoothly."),
        ("nl", "Wij versturen facturen per post aan de Belastingdienst."),
    ],
)
def test_no_transfer(lang: str, text: str) -> None:
    assert residency(text, lang) == []


def test_self_hosted_software_is_no_recipient_anywhere_in_the_statement() -> None:
    text = (
        "We measure visits with Matomo. Matomo runs on our own servers.\n\n"
        "All customer data is stored in the Netherlands."
    )
    assert residency(text, "en") == [{"allowed_area": "NL", "transfers": []}]


# where the data is: cities and data-centre towns, negated leaving, an area and the countries in it
@pytest.mark.parametrize(
    ("lang", "text", "area"),
    [
        ("en", "Backups are stored in our own data centres in Enschede and Hengelo.", "NL"),
        ("nl", "De back-ups staan in een datacenter in Middenmeer.", "NL"),
        ("en", "Files are kept within the EU Data Boundary (data centres in Germany and France).", "EU"),
        ("en", "Records are stored within the EU, in data centres in Belgium and Austria.", "EU"),
        ("nl", "Uw gegevens verlaten België niet.", "BE"),
        ("en", "Your data never leaves Germany.", ["eu-central-1"]),
        ("en", "We do not transfer personal data outside the EU/EEA.", "EEA"),
    ],
)
def test_stated_area(lang: str, text: str, area) -> None:
    assert [p["allowed_area"] for p in residency(text, lang)] == [area]


def test_adequacy_countries_named_outside_the_eea() -> None:
    text = "Some partners are located outside the EEA, in Japan or Canada, which have an adequacy decision."
    assert residency(text, "en") == [
        {
            "allowed_area": "EEA+adequacy",
            "transfers": [
                {"recipient": "partners", "country": "JP", "mechanism": "adequacy"},
                {"recipient": "partners", "country": "CA", "mechanism": "adequacy"},
            ],
        }
    ]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "We use Telwerk for visit counts, with servers in Germany.\n\n"
            "All customer data is stored in the Netherlands.",
        ),
        (
            "nl",
            "Voor het versturen van sms-berichten gebruiken we Smsbode (Hamburg).\n\n"
            "Alle klantgegevens worden opgeslagen in Nederland.",
        ),
    ],
)
def test_a_processors_place_is_its_transfer_country_not_our_area(lang: str, text: str) -> None:
    """One meaning per fact: the processor's place is its transfer country; the area every promise
    carries is where the statement says the data itself is, and every promise carries all transfers."""
    found = residency(text, lang)
    assert [p["allowed_area"] for p in found] == ["NL", "NL"]
    assert found[0]["transfers"] == found[1]["transfers"]
    assert [t["country"] for t in found[0]["transfers"]] == ["DE"]


@pytest.mark.parametrize(
    ("lang", "text", "area", "want"),
    [
        (
            "en",
            "Client files are kept in our archive system, hosted by Dossierwolk B.V. in Groningen.",
            "NL",
            [("Dossierwolk B.V.", "NL")],
        ),
        (
            "nl",
            "Wij bewaren de ledenlijst in Clubregister; Clubregister host de gegevens in Frankrijk.",
            ["eu-west-3"],
            [("Clubregister", "FR")],
        ),
    ],
)
def test_a_processor_hosting_our_data_gives_area_and_transfer(lang: str, text: str, area, want) -> None:
    found = residency(text, lang)
    assert [p["allowed_area"] for p in found] == [area]
    assert [(t["recipient"], t["country"]) for t in found[0]["transfers"]] == want


def test_each_sentence_carries_its_own_area() -> None:
    text = (
        "| Part | Supplier | Location |\n|---|---|---|\n"
        "| Database | Microsoft Azure | West Europe (Amsterdam) |\n"
        "| Backups | Microsoft Azure | Dublin |\n"
    )
    found = residency(text, "en", "hosting.md")
    assert [p["allowed_area"] for p in found] == ["NL", ["eu-west-1"]]
    assert [(t["recipient"], t["country"]) for t in found[0]["transfers"]] == [
        ("Microsoft Azure", "NL"),
        ("Microsoft Azure", "IE"),
    ]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("We use Example Hosting B.V. (Rotterdam) for our servers.\n", "NL"),
        ("Payments go through Paynow Ltd. (Dublin).\n", "IE"),
    ],
)
def test_a_place_in_brackets_after_a_dotted_company_form_is_its_country(text: str, country: str):
    result = extract_text(text, language="en", per_sentence=True)
    (promise,) = [p for p in result.promises if p.control.value == "data-residency"]
    assert [t["country"] for t in promise.params["transfers"]] == [country]


@pytest.mark.parametrize(
    ("text", "recipients"),
    [
        # a ticket shop we sell through receives our buyers' data
        ("Tickets are sold through Ticketbox, our ticketing partner in Utrecht.\n", ["Ticketbox"]),
        # an app store's buyers are its own customers
        ("The premium version is sold through the App Store and Google Play.\n", []),
    ],
)
def test_selling_through_a_shop_is_a_transfer_but_through_an_app_store_is_not(text: str, recipients: list):
    result = extract_text(text, language="en", per_sentence=True)
    found = [
        t["recipient"]
        for p in result.promises
        if p.control.value == "data-residency" and not p.implied
        for t in p.params["transfers"]
    ]
    assert found == recipients
