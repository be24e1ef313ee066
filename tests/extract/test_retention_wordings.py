"""Retention as people write it: the wordings a rule about "bewaren"/"delete" alone misses.

Each class has at least two unrelated wordings of our own; each case runs the whole extractor
and checks the exact retention promises (max_days, applies_to) the text gives, or that it
gives none.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text
from scanner.promises.model import Control


def _retention(text: str, lang: str, file: str = "<text>") -> list[tuple[int | None, list[str]]]:
    result = extract_text(text, file, language=lang)
    return [
        (p.params["max_days"], p.params["applies_to"])
        for p in result.promises
        if p.control == Control.RETENTION_LIMIT and not p.implied
    ]


@pytest.mark.parametrize(
    ("text", "lang", "want"),
    [
        # a list under a question paragraph, as under a "Bewaartermijnen" heading
        (
            "Hoe lang houden wij uw gegevens?\n- Offertes: 2 jaar.\n- Klachten via de website: 6 maanden na afhandeling.\n",
            "nl",
            [(730, ["data"]), (180, ["data"])],
        ),
        (
            "How long do we hold on to your details?\n- Quotes: 18 months.\n- Delivery notes: 2 years.\n",
            "en",
            [(540, ["data"]), (730, ["data"])],
        ),
    ],
)
def test_a_list_under_a_question_paragraph_gives_periods(text, lang, want):
    assert _retention(text, lang) == want


@pytest.mark.parametrize(
    ("sentence", "lang", "want"),
    [
        ("De notulen houden wij 5 jaar aan.", "nl", [(1825, ["data"])]),
        ("Presentielijsten worden 3 maanden aangehouden.", "nl", [(90, ["data"])]),
        ("Oude offertes gooien we na een jaar weg.", "nl", [(365, ["data"])]),
        ("Ingevulde enquêtes worden na 2 weken weggegooid.", "nl", [(14, ["data"])]),
        ("Wie zich afmeldt, halen we binnen 10 dagen uit het adressenbestand.", "nl", [(10, ["data"])]),
        ("De prullenbak van het portaal wordt na 30 dagen geleegd.", "nl", [(30, ["data"])]),
        ("Printed visitor lists are disposed of after 3 months.", "en", [(90, ["data"])]),
        ("We discard the raw survey data after 60 days.", "en", [(60, ["data"])]),
        ("Scanned receipts are purged from the portal after two years.", "en", [(730, ["data"])]),
    ],
)
def test_other_verbs_for_keeping_and_deleting(sentence, lang, want):
    assert _retention(sentence, lang) == want


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("You can remove your own photos at the end of the season.", "en"),
        ("If you stop using the app, you can delete your profile yourself.", "en"),
        ("Aan het einde van het seizoen kun je zelf je foto's verwijderen.", "nl"),
    ],
)
def test_deletion_by_the_user_at_an_event_is_no_promise(sentence, lang):
    assert _retention(sentence, lang) == []


def test_adhering_to_the_law_is_no_keeping():
    assert _retention("Wij houden ons aan de termijn van 4 weken uit de wet.", "nl") == []


@pytest.mark.parametrize(
    ("sentence", "lang", "want"),
    [
        ("Team photos are removed from the gallery at the end of the season.", "en", [(None, ["data"])]),
        ("Once you quit the choir, we erase your phone number.", "en", [(None, ["data"])]),
        ("Interview notes are destroyed after the hiring decision.", "en", [(None, ["data"])]),
        ("Paper intake forms are digitised and destroyed the same week.", "en", [(7, ["data"])]),
        ("Kopieën van rijbewijzen worden nog dezelfde dag vernietigd.", "nl", [(1, ["data"])]),
        ("Inschrijfformulieren worden aan het einde van het seizoen vernietigd.", "nl", [(None, ["data"])]),
        ("We bewaren je adres tot je je inschrijving intrekt.", "nl", [(None, ["data"])]),
        ("Zeg je je abonnement op, dan wissen we je klantkaart meteen.", "nl", [(None, ["data"])]),
    ],
)
def test_deletion_bound_to_an_event_without_a_number(sentence, lang, want):
    assert _retention(sentence, lang) == want


@pytest.mark.parametrize(
    ("sentence", "lang", "want"),
    [
        # a purpose after the period, or the event it counts from, is no response time
        ("Chat transcripts are kept for 60 days to handle follow-up questions.", "en", [(60, ["data"])]),
        ("Support tickets are deleted 6 months after we replied to them.", "en", [(180, ["data"])]),
        ("Klachtformulieren bewaren we 2 jaar na afhandeling van de klacht.", "nl", [(730, ["data"])]),
        ("Tickets are answered within 2 working days and deleted after 1 year.", "en", [(365, ["data"])]),
        # a real deadline stays one
        ("We answer your question within 14 days.", "en", []),
        ("We delete your data within 30 days of receiving your request.", "en", []),
        ("Wij beantwoorden uw verzoek binnen vier weken.", "nl", []),
    ],
)
def test_response_words_only_make_a_deadline(sentence, lang, want):
    assert _retention(sentence, lang) == want


@pytest.mark.parametrize(
    ("sentence", "lang"),
    [
        ("Regulations say we must keep patient letters for 15 years.", "en"),
        ("We are obliged to retain the ledgers for ten years.", "en"),
        ("Wij moeten de bouwtekeningen volgens de wet 10 jaar bewaren.", "nl"),
        ("Council minutes are kept permanently and handed to the city archive after 10 years.", "en"),
        ("Raadsbesluiten worden blijvend bewaard en na 20 jaar naar het archief gebracht.", "nl"),
    ],
)
def test_a_duty_to_keep_or_keeping_forever_is_no_maximum(sentence, lang):
    assert _retention(sentence, lang) == []


def test_a_duty_with_its_deletion_is_a_period():
    assert _retention("We must keep the file for 15 years and then destroy it.", "en") == [(5475, ["data"])]
    assert _retention("Facturen bewaren we 7 jaar wegens de wettelijke plicht.", "nl") == [
        (2555, ["administration"])
    ]


def test_after_a_duty_period_the_deletion_takes_it():
    text = "Regulations say we must keep patient letters for 15 years. After this period they are shredded.\n"
    assert _retention(text, "en") == [(5475, ["data"])]


@pytest.mark.parametrize(
    "sentence",
    [
        "Support staff get temporary access, which expires automatically after 4 hours.",
        "The download link we send you expires after 7 days.",
        "Een tijdelijk wachtwoord vervalt na 24 uur en wordt daarna verwijderd.",
    ],
)
def test_an_expiring_grant_or_link_is_no_retention(sentence):
    lang = "nl" if "wachtwoord" in sentence else "en"
    assert _retention(sentence, lang) == []


def test_access_logs_that_expire_are_retention():
    assert _retention("Access logs expire after 45 days.", "en") == [(45, ["logs"])]


@pytest.mark.parametrize(
    ("sentence", "lang", "want"),
    [
        (
            "Calls to our customer service desk are recorded and deleted after 2 months.",
            "en",
            [(60, ["data"])],
        ),
        ("The annual accounts are kept for 10 years.", "en", [(3650, ["administration"])]),
        ("Crash reports are deleted after 60 days.", "en", [(60, ["logs"])]),
        ("Crashrapporten bewaren we 2 maanden.", "nl", [(60, ["logs"])]),
        ("De salarisadministratie bewaren we 7 jaar.", "nl", [(2555, ["administration"])]),
        ("Your user account is deleted 2 years after your last login.", "en", [(730, ["account"])]),
        (
            "Wat bewaren we hoe lang?\n- Je gebruikersaccount: tot je het zelf opheft.\n",
            "nl",
            [(None, ["account"])],
        ),
    ],
)
def test_what_a_period_applies_to(sentence, lang, want):
    assert _retention(sentence, lang) == want


def test_a_bracket_after_a_period_belongs_to_it():
    text = "We keep ledgers for 10 years (fiscal retention duty), the ID copy for 2 years."
    assert _retention(text, "en") == [(3650, ["administration"]), (730, ["data"])]


def test_the_number_again_in_brackets():
    assert _retention("Wij bewaren de contracten 7 (zeven) jaar.", "nl") == [(2555, ["data"])]


def test_session_cookies_are_no_retention():
    assert _retention("Session cookies are erased as soon as you close the browser.", "en") == []
