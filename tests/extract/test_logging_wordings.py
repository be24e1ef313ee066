"""Activity logging and logging minimisation as statements word them, in Dutch and English.

Each case is a sentence of our own (never one of a corpus or held-out statement) with the
logging promises it makes; other controls in the sentence are left out of the comparison.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text
from scanner.extract.controls.simple import NOT_LOGGED_VALUES

ACT = "activity-logging"
MIN = "logging-minimisation"
RET = "retention-limit"


def logging_promises(text: str, language: str) -> list[tuple[str, dict]]:
    result = extract_text(text, language=language)
    return [(p.control.value, p.params) for p in result.promises if p.control.value in (ACT, MIN)]


def minimisation(*not_logged: str) -> tuple[str, dict]:
    return (MIN, {"not_logged": list(not_logged)})


@pytest.mark.parametrize(
    ("language", "sentence", "want"),
    [
        # storing of traces denied, passive or active, and what that maps onto
        ("en", "The booking system never stores the IP address of guests.", [minimisation("access_logs")]),
        ("en", "IP addresses of visitors are not saved anywhere.", [minimisation("access_logs")]),
        ("nl", "De reserveringsmodule slaat nooit IP-adressen op.", [minimisation("access_logs")]),
        ("nl", "IP-adressen van bezoekers worden niet bewaard.", [minimisation("access_logs")]),
        ("nl", "Wij houden geen bezoekersstatistieken bij.", [minimisation("browsing")]),
        ("en", "The library app does not keep your search history.", [minimisation("browsing")]),
        ("nl", "Er wordt geen zoekgeschiedenis van leerlingen bewaard.", [minimisation("browsing")]),
        # coordination and a bare "no trackers"
        (
            "en",
            "The portal has no chat widget and does not use analytics or tracking pixels.",
            [minimisation("browsing")],
        ),
        ("en", "No third-party trackers.", [minimisation("browsing")]),
        ("nl", "Wij gebruiken geen Google Analytics.", [minimisation("browsing")]),
        # things no check reads: named in a note, not_logged stays empty
        ("en", "Phone calls to our support line are never recorded.", [minimisation()]),
        ("nl", "Intakegesprekken via video worden niet opgenomen.", [minimisation()]),
        ("en", "Your workout notes are stored only on your own phone.", [minimisation()]),
        ("nl", "Je oefenresultaten blijven alleen op je eigen tablet.", [minimisation()]),
        ("en", "Faces of passers-by are blurred in the street recordings.", [minimisation()]),
        ("nl", "Kentekens op de parkeerfoto's worden onherkenbaar gemaakt.", [minimisation()]),
        # recorded / kept track of / geregistreerd / bijgehouden: activity logging
        ("en", "Every export of a payslip is recorded with the name of the employee.", [(ACT, {})]),
        ("en", "The case system keeps track of which colleague opened your case.", [(ACT, {})]),
        ("nl", "Wie een patiëntdossier inziet, wordt door de software vastgelegd.", [(ACT, {})]),
        ("nl", "De software houdt bij welke medewerker een verslag heeft gewijzigd.", [(ACT, {})]),
        ("nl", "Wij loggen elke aanmelding op het beheerportaal.", [(ACT, {})]),
        # a statistics tool in use is activity logging; one said not to be used is not
        ("en", "We use Google Analytics to see which pages are read most.", [(ACT, {})]),
        ("nl", "Onze website gebruikt Matomo op een eigen server.", [(ACT, {})]),
        ("en", "We measure with Plausible how many people open the timetable.", [(ACT, {})]),
        # mixed: some metadata kept, the content not
        (
            "nl",
            "Van de chatdienst houden we alleen het tijdstip en de afzender bij, niet de inhoud.",
            [(ACT, {}), minimisation()],
        ),
        # not logging at all
        ("en", "You can log in with your library card number.", []),
        ("nl", "Wij loggen in op uw computer met een eenmalige code.", []),
        ("en", "We do not use Google Analytics but Matomo, on our own server.", [(ACT, {})]),
    ],
)
def test_logging_wording(language: str, sentence: str, want: list):
    assert logging_promises(sentence, language) == want


def test_not_logged_keeps_to_the_values_checks_read():
    text = (
        "We never record calls. IP addresses are not kept. The app does not store your location. "
        "Nothing about you is tracked."
    )
    result = extract_text(text, language="en")
    values = [v for p in result.promises if p.control.value == MIN for v in p.params["not_logged"]]
    assert values and set(values) <= set(NOT_LOGGED_VALUES)


def test_unchecked_thing_is_named_in_a_note():
    result = extract_text("Support calls are not recorded.", language="en")
    (promise,) = [p for p in result.promises if p.control.value == MIN]
    assert promise.params == {"not_logged": []}
    assert any("recordings of calls" in note for note in promise.notes)


@pytest.mark.parametrize(
    ("language", "text", "logging_lines"),
    [
        # the first sentence about logs, with a period, also says they are kept
        ("en", "Our firewall logs are deleted after 60 days.\n", [1]),
        ("nl", "Systeemlogs worden na drie maanden verwijderd.\n", [1]),
        # a new kind of logs after another kind: both kept
        (
            "en",
            "Changes to invoices are written to an audit log.\nMail server logs are kept for 21 days.\n",
            [1, 2],
        ),
        # the same kind again, or the logs referred back to: retention only
        (
            "en",
            "Changes to invoices are written to an audit log.\nAudit logs are kept for two years.\n",
            [1],
        ),
        (
            "nl",
            "Wij bewaren toegangslogs van de webservers.\nDeze logs worden na 90 dagen verwijderd.\n",
            [1],
        ),
        # logs named without a kind after logging was said: the same logs
        ("en", "We keep server logs for fault finding.\nServer logs are removed after 30 days.\n", [1]),
    ],
)
def test_log_retention_sentence_says_logs_are_kept_once(language: str, text: str, logging_lines: list):
    result = extract_text(text, language=language, per_sentence=True)
    got = [p.source["line"] for p in result.promises if p.control.value == ACT]
    assert got == logging_lines
    assert any(p.control.value == RET for p in result.promises)
