"""Rules that need more than one sentence: which mention of a processor is its disclosure, what
a table inherits from its caption or its other rows. Every text here was written for this test.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text

RES = "data-residency"
RET = "retention-limit"


def _lines(text: str, language: str, control: str) -> list[tuple[int, dict]]:
    result = extract_text(text, language=language, per_sentence=True)
    return [
        (p.source["line"], p.params) for p in result.promises if p.control.value == control and not p.implied
    ]


@pytest.mark.parametrize(
    ("language", "text", "line"),
    [
        # a label that only names the processor is not its disclosure: the sentence saying it is used is
        ("en", "Partners: Stripe.\n\nCard payments are handled using Stripe for every order.\n", 3),
        ("nl", "Leveranciers: Mollie\n\nVoor de betalingen maken wij gebruik van Mollie.\n", 3),
        # the mention that names the transfer mechanism tells the reviewer most
        (
            "en",
            "We use Mailchimp to send our newsletter each month.\n\n"
            "We signed a data processing agreement with Mailchimp.\n",
            3,
        ),
        (
            "nl",
            "Wij gebruiken Mailchimp om de nieuwsbrief te versturen.\n\n"
            "Met Mailchimp hebben wij een verwerkersovereenkomst gesloten.\n",
            3,
        ),
        # of two equally clear mentions, the first is the disclosure
        (
            "en",
            "We use Mailchimp to send our newsletter each month.\n\nOur shop uses Mailchimp for receipts too.\n",
            1,
        ),
    ],
)
def test_a_processor_is_disclosed_by_its_clearest_mention(language: str, text: str, line: int):
    got = _lines(text, language, RES)
    assert [ln for ln, _ in got] == [line]
    assert got[0][1] == {"allowed_area": "EEA", "transfers": []}


@pytest.mark.parametrize(
    ("language", "text", "area"),
    [
        # "outside <country>" names where data leaves from, never a recipient in that country
        ("en", "Some project files are stored on servers outside the United Kingdom.", "EEA"),
        ("nl", "Een deel van de bestanden wordt opgeslagen op servers buiten Zwitserland.", "EEA"),
        # negated, the country is the area
        ("nl", "Wij slaan gegevens nooit op buiten Nederland.", "NL"),
        ("en", "Customer records are never stored outside the Netherlands.", "NL"),
    ],
)
def test_outside_a_country_is_no_transfer_to_it(language: str, text: str, area: str):
    got = _lines(text, language, RES)
    assert got == [(1, {"allowed_area": area, "transfers": []})]


@pytest.mark.parametrize(
    ("language", "text", "periods"),
    [
        # a row about deleting makes its table a retention table: its bare durations are periods
        ("en", "Member lists | 2 years |\nOld newsletters | Delete at once |\n", [(1, 730), (2, 0)]),
        ("nl", "Sollicitaties | 4 weken |\nConcepten | direct verwijderen |\n", [(1, 28), (2, 0)]),
        # a caption that is not laid out as a heading still says what the table is about
        (
            "en",
            "Records are removed after the periods below.\nPayslips | 7 years |\nApplications | 6 months |\n",
            [(2, 2555), (3, 180)],
        ),
        (
            "nl",
            "Na de termijnen hieronder wissen wij de stukken.\nOffertes | 2 jaar |\nKlachten | 1 jaar |\n",
            [(2, 730), (3, 365)],
        ),
        # a table that never speaks of keeping has no periods, however many durations it holds
        ("en", "We answer every question.\nChat | 2 days |\nPost | 10 days |\n", []),
        ("nl", "Zo snel reageren wij.\nChat | 2 dagen |\nBrief | 10 dagen |\n", []),
    ],
)
def test_a_table_takes_its_subject_from_its_rows_and_caption(language: str, text: str, periods: list):
    got = [(line, params["max_days"]) for line, params in _lines(text, language, RET)]
    assert got == periods


@pytest.mark.parametrize(
    ("language", "text", "minimised", "logged"),
    [
        # a cross before a list item negates it: what is crossed out is not done
        ("en", "What we never do:\n\n× Sell your data\n× Track you across other sites\n", [4], []),
        ("nl", "Dit doen wij niet:\n\n✗ Je IP-adres loggen\n✗ Je gegevens verkopen\n", [3], []),
        # a tick is no negation: the item is done
        ("en", "What we do:\n\n✓ We log the IP address of each visitor\n", [], [3]),
    ],
)
def test_a_crossed_out_item_is_negated(language: str, text: str, minimised: list, logged: list):
    assert [line for line, _ in _lines(text, language, "logging-minimisation")] == minimised
    assert [line for line, _ in _lines(text, language, "activity-logging")] == logged
    quotes = [p.quote for p in extract_text(text, language=language, per_sentence=True).promises if p.quote]
    assert all(q in text for q in quotes)  # the cross stays in the quote, which is still the source's text


@pytest.mark.parametrize(
    ("language", "text"),
    [
        # how often a copy is made is no retention period, in digits or in words
        ("en", "We make an encrypted backup of the database every three hours and keep it safe."),
        ("nl", "Wij maken om de twee dagen een back-up en bewaren die op een tweede locatie."),
    ],
)
def test_an_interval_in_words_is_no_retention_period(language: str, text: str):
    assert all(params["max_days"] is None for _, params in _lines(text, language, RET))


ACC = "access-restriction"


@pytest.mark.parametrize(
    ("language", "text", "lines"),
    [
        # a question as a paragraph: each item that names someone answers it
        (
            "nl",
            "Wie heeft toegang tot je dossier?\n\n- Je eigen fysiotherapeut, na inloggen met een pas.\n"
            "- De waarnemer tijdens vakanties.\n- Binnen je eigen praktijk bepaal je zelf wie er meekijkt.\n",
            [3, 4],
        ),
        # a question as a numbered item of an FAQ; an explaining clause and the customer's own
        # invitations are no answer of ours
        (
            "en",
            "1. Who can see your account data?\n  1. Our two support engineers.\n"
            "  2. There is also the option that a consultant looks at a copy.\n"
            "  3. You can invite your accountant yourself.\n",
            [2],
        ),
        # a lead-in that says it, and the items without a full stop that name the people
        (
            "en",
            "Only the following people have access to the archive:\n\n- The records officer\n- The two directors\n",
            [1, 3, 4],
        ),
        # a question that is not about access leads in nothing for access
        ("en", "What do we collect?\n\n- Your name and e-mail address.\n- Our two support engineers.\n", []),
        # a paragraph that answers ends the list: the items after it are not answers
        (
            "nl",
            "Wie heeft inzage in de ledenlijst?\n\nDat leggen we hieronder uit.\n\n- De secretaris\n",
            [],
        ),
    ],
)
def test_items_answering_who_has_access_are_access_promises(language: str, text: str, lines: list):
    assert [line for line, _ in _lines(text, language, ACC)] == lines


@pytest.mark.parametrize(
    ("language", "text", "want"),
    [
        (
            "en",
            "We keep the bookkeeping records for seven years. When you leave the club, we delete your "
            "member account after this period.\n",
            (2555, {"administration", "account"}),
        ),
        (
            "nl",
            "Back-ups bewaren wij 35 dagen. Na deze periode worden ze overschreven.\n",
            (35, {"backups"}),
        ),
    ],
)
def test_after_this_period_takes_the_period_and_what_it_applied_to(language: str, text: str, want: tuple):
    found = _lines(text, language, RET)
    days, cats = found[-1][1]["max_days"], set(found[-1][1]["applies_to"])
    assert (days, cats) == want


@pytest.mark.parametrize(
    ("text", "promised"),
    [
        # "betaalde" (paid) is no payment provider: the sentence is ours
        ("Betaalde contributies houden wij zeven jaar aan voor de belastingdienst.\n", True),
        # a payment provider's own practice is not our promise
        ("De betaalprovider bewaart uw kaartgegevens vijf jaar.\n", False),
    ],
)
def test_paid_is_no_payment_provider(text: str, promised: bool):
    assert bool(_lines(text, "nl", RET)) is promised


@pytest.mark.parametrize(
    ("language", "text", "days"),
    [
        # a cookie's life on the device is no retention of ours, though it names a period
        ("nl", "Het cookie met uw taalkeuze blijft een jaar op uw computer staan.\n", []),
        ("en", "The consent cookie stays on your device for six months.\n", []),
        # a period next to deletion on request stays a period
        ("en", "We keep your data 2 years; on request we delete it earlier.\n", [730]),
    ],
)
def test_a_wording_that_is_no_promise_has_no_periods_either(language: str, text: str, days: list):
    assert [p["max_days"] for _, p in _lines(text, language, RET)] == days
