"""Durations in words and digits, Dutch and English, as days (month 30, year 365, week 7)."""

from __future__ import annotations

import pytest

from scanner.extract.numbers import duration_days, find_durations, parse_number


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("zeven jaar", 2555),
        ("een maand", 30),
        ("één maand", 30),
        ("twee weken", 14),
        ("6 months", 180),
        ("30 dagen", 30),
        ("7 of 10 jaar", 3650),
        ("7 tot 10 jaar", 3650),
        ("7-10 jaar", 3650),
        ("5 à 7 jaar", 2555),
        ("between 7 and 10 years", 3650),
        ("tussen 2 en 3 maanden", 90),
        ("a year", 365),
        ("one month", 30),
        ("ten years", 3650),
        ("twaalf maanden", 360),
        ("drieëntwintig maanden", 690),
        ("vijfendertig dagen", 35),
        ("thirty-five days", 35),
        ("twenty one days", 21),
        ("honderdtachtig dagen", 180),
        ("one hundred and twenty days", 120),
        ("zeven (7) jaar", 2555),
        ("a 90-day period", 90),
        ("48 uur", 2),
        ("72 hours", 3),
        ("25 hours", 2),
        ("een half jaar", 180),
        ("half a year", 180),
        ("anderhalf jaar", 540),
        ("1 jaar", 365),
        ("3 kalenderjaren", 1095),
    ],
)
def test_duration_in_days(text: str, days: int):
    assert duration_days(text) == days
    assert duration_days(f"Wij bewaren dit {text} lang.") == days


@pytest.mark.parametrize(
    "text",
    [
        "16 januari 2023",
        "in acht nemen",
        "de tweede keer",
        "een redelijke termijn",
        "jaarlijks",
        "21-08-2018",
        "1.5",
    ],
)
def test_not_a_duration(text: str):
    assert duration_days(text) is None


def test_several_durations_in_order_with_spans():
    text = "logs 90 dagen en back-ups vijf weken"
    found = find_durations(text)
    assert [(d.days, text[d.start : d.end]) for d in found] == [(90, "90 dagen"), (35, "vijf weken")]


@pytest.mark.parametrize(
    ("word", "value"),
    [
        ("zeven", 7),
        ("elf", 11),
        ("negentig", 90),
        ("tweeënveertig", 42),
        ("forty-two", 42),
        ("365", 365),
        ("x", None),
    ],
)
def test_parse_number(word: str, value: int | None):
    assert parse_number(word) == value
