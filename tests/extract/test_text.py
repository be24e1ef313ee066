"""Decoding, bad inputs, sentence splitting, line numbers in text/Markdown/HTML, language detection."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from scanner.extract import extract_statement, extract_text
from scanner.extract.text import MAX_BYTES, detect_language, sentences_of
from scanner.util.yamlfile import InputError

# ---------------------------------------------------------------- sentence splitting


@pytest.mark.parametrize(
    "text",
    [
        "Wij gebruiken bijv. Google Analytics om bezoek te meten.",
        "Wij delen o.a. Naam en adres met de vervoerder.",
        "Dit volgt uit art. 6 AVG en geldt voor iedereen.",
        "Wij informeren je m.b.t. Wijzigingen per e-mail.",
        "Wij bewaren gegevens, d.w.z. Alle bestellingen, zeven jaar.",
        "We keep logs, backups, etc. for at most 90 days.",
        "Prices incl. VAT are shown in the shop.",
        "We use processors, e.g. Amazon Web Services, to host data.",
        "We store data in one region, i.e. Frankfurt, and nowhere else.",
        "Zo registeren wij de werkzaamheden t.b.v. Facturatie.",
        "Onze directeur J. Jansen is bereikbaar op kantoor.",
    ],
)
def test_abbreviations_do_not_end_a_sentence(text: str):
    assert [s.text for s in sentences_of(text, "text")] == [text]


def test_sentences_split_on_full_stops_question_marks_and_after_etc_before_a_capital():
    text = "Wij versturen facturen, herinneringen, enz.) Het is belangrijk. Waarom? Daarom! Sentico B.V. Sluisweg 1."
    assert [s.text for s in sentences_of(text, "text")] == [
        "Wij versturen facturen, herinneringen, enz.)",
        "Het is belangrijk.",
        "Waarom?",
        "Daarom!",
        "Sentico B.V.",
        "Sluisweg 1.",
    ]


def test_decimal_numbers_and_versions_do_not_end_a_sentence():
    text = "We use TLS 1.2 or higher. Version 2.0 is current."
    assert [s.text for s in sentences_of(text, "text")] == [
        "We use TLS 1.2 or higher.",
        "Version 2.0 is current.",
    ]


def test_list_items_and_headings_are_units_with_their_own_lines():
    text = (
        "Beveiliging\n"  # 1: heading directly followed by text
        "Wij nemen maatregelen:\n"  # 2
        "- Alle gegevens worden\n"  # 3: item continued on the next line
        "  versleuteld opgeslagen\n"  # 4
        "- Wij loggen niet\n"  # 5: item without a full stop
        "3.6. Hoe lang bewaren we jouw gegevens?\n"  # 6: numbered heading
        "\n"
        "Een nieuwe alinea\n"  # 8: paragraph wrapped over two lines
        "over twee regels. Tweede zin.\n"  # 9
    )
    got = [(s.text, s.line) for s in sentences_of(text, "text")]
    assert got == [
        ("Beveiliging", 1),
        ("Wij nemen maatregelen:", 2),
        ("Alle gegevens worden versleuteld opgeslagen", 3),
        ("Wij loggen niet", 5),
        ("Hoe lang bewaren we jouw gegevens?", 6),
        ("Een nieuwe alinea over twee regels.", 8),
        ("Tweede zin.", 9),
    ]


# ---------------------------------------------------------------- formats and line numbers

HTML = """<!DOCTYPE html>
<html><head><title>Wij bewaren logs 1 dag</title>
<style>p { color: red } /* TLS 1.3 */</style>
<script>var x = "Wij loggen niet.";</script></head>
<body>
<h1>Privacy</h1>
<p>Wij bewaren <b>logbestanden</b> &eacute;&eacute;n
maand. Daarna worden ze verwijderd.</p>
<ul><li>Alle gegevens worden
versleuteld opgeslagen.</li><li>Back-ups: 35 dagen bewaard.</li></ul>
</body></html>
"""


def test_html_keeps_original_line_numbers_and_drops_scripts_styles_and_head():
    got = [(s.text, s.line) for s in sentences_of(HTML, "html")]
    assert got == [
        ("Privacy", 6),
        ("Wij bewaren logbestanden één maand.", 7),
        ("Daarna worden ze verwijderd.", 8),
        ("Alle gegevens worden versleuteld opgeslagen.", 9),
        ("Back-ups: 35 dagen bewaard.", 10),
    ]


def test_html_statement_promises_carry_original_lines(tmp_path: Path):
    path = tmp_path / "statement.html"
    path.write_text(HTML, encoding="utf-8")
    result = extract_statement(path)
    lines = {p.id: p.source["line"] for p in result.promises if p.source}
    # line 7, the first sentence about logs, also says logs are kept (activity logging)
    assert lines == {
        "retention-limit-1": 7,
        "activity-logging-1": 7,
        "encryption-at-rest-1": 9,
        "retention-limit-2": 10,
    }
    assert result.promises[0].params == {"max_days": 30, "applies_to": ["logs"]}


MARKDOWN = """---
title: Privacy
---
# Privacy **notice**

We keep [application logs](https://example.com/logs) for *90 days*.

```
We keep backups for 1 day.
```

| Data | Retention |
|------|-----------|
| Invoices | Invoices are retained for 7 years. |

> Account data is deleted within 30 days.
"""


def test_markdown_strips_markup_front_matter_code_and_keeps_table_rows_whole():
    got = [(s.text, s.line, s.kind) for s in sentences_of(MARKDOWN, "markdown")]
    assert got == [
        ("Privacy notice", 4, "heading"),
        ("We keep application logs for 90 days.", 6, "text"),
        ("Data | Retention", 12, "heading"),
        ("Invoices | Invoices are retained for 7 years.", 14, "row"),
        ("Account data is deleted within 30 days.", 16, "text"),
    ]
    row = sentences_of(MARKDOWN, "markdown")[3]
    assert row.context == "Privacy notice Data | Retention"


def test_markdown_statement_promises(tmp_path: Path):
    path = tmp_path / "notice.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    got = [(p.params, p.source["line"]) for p in extract_statement(path).promises if p.source]
    assert got == [
        ({"max_days": 90, "applies_to": ["logs"]}, 6),
        ({}, 6),  # the first sentence about logs also says they are kept (activity logging)
        ({"max_days": 2555, "applies_to": ["administration"]}, 14),
        ({"max_days": 30, "applies_to": ["account"]}, 16),
    ]


def test_html_is_recognised_by_content_without_the_extension(tmp_path: Path):
    path = tmp_path / "statement"
    path.write_text("<html><body><p>Alle gegevens worden versleuteld opgeslagen.</p></body></html>")
    result = extract_statement(path)
    assert [p.quote for p in result.promises if p.quote] == ["Alle gegevens worden versleuteld opgeslagen."]


# ---------------------------------------------------------------- language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Wij bewaren jouw gegevens niet langer dan noodzakelijk is voor de doelen.", "nl"),
        ("We keep your data no longer than necessary for the purposes of this notice.", "en"),
        ("Uw gegevens worden versleuteld opgeslagen op onze servers in Nederland.", "nl"),
        ("All data is encrypted at rest and in transit with TLS 1.2 or higher.", "en"),
    ],
)
def test_language_detection(text: str, language: str):
    assert detect_language(text) == language
    assert extract_text(text).statement["language"] == language


def test_language_of_the_statement_is_recorded_with_file_and_sha256(tmp_path: Path):
    path = tmp_path / "s.txt"
    path.write_bytes(b"Wij bewaren logbestanden dertig dagen.\n")
    result = extract_statement(path)
    assert result.statement == {
        "file": str(path),
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "language": "nl",
    }


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"   \n\n\t ", "is empty"),
        (b"%PDF-1.4\x00\x01\x02binary", "binary file (it contains NUL bytes)"),
        (b"\x81\x8d\x8f\x90\x9d" * 10, "cannot be decoded as text"),
        (bytes(range(1, 32)) * 20, "looks like a binary file"),
    ],
)
def test_bad_statement_files_raise_input_error(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        extract_statement(path)
    assert message in str(info.value)
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_too_large_file_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="over the limit"):
        extract_statement(path)


def test_missing_file_and_directory(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        extract_statement(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="is a directory"):
        extract_statement(tmp_path)


def test_windows_1252_is_read_with_a_warning(tmp_path: Path):
    path = tmp_path / "old.txt"
    path.write_bytes("Wij bewaren facturen zeven jaar, ook die van één klant.".encode("cp1252"))
    result = extract_statement(path)
    assert result.warnings == [f"statement {path} is not UTF-8; it was read as Windows-1252"]
    assert result.promises[0].quote == "Wij bewaren facturen zeven jaar, ook die van één klant."


def test_utf8_bom_and_utf16_are_decoded(tmp_path: Path):
    text = "Alle gegevens worden versleuteld opgeslagen."
    for name, data in (("bom.txt", b"\xef\xbb\xbf" + text.encode()), ("u16.txt", text.encode("utf-16"))):
        path = tmp_path / name
        path.write_bytes(data)
        assert extract_statement(path).promises[0].quote == text


def test_extract_text_rejects_empty_and_nul():
    with pytest.raises(InputError, match="is empty"):
        extract_text("  \n")
    with pytest.raises(InputError, match="NUL"):
        extract_text("a\x00b")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Toegangsbeheer (wie welke rechten krijgt op het lezen en wijzigen van klantgegevens)\n\n"
            "De beheerders werken volgens een vast protocol.\n",
            "nl",
        ),
        (
            "Access management (who is granted which rights to read and change account records)\n\n"
            "Our administrators follow a written procedure.\n",
            "en",
        ),
    ],
)
def test_a_short_title_explained_in_brackets_is_a_heading(text: str, language: str):
    first = sentences_of(text, "txt")[0]
    assert first.kind == "heading"
    result = extract_text(text, "t.txt", language=language, per_sentence=True)
    assert [p for p in result.promises if p.control.value == "access-restriction" and not p.implied] == []


def test_a_long_sentence_ending_in_brackets_stays_text():
    text = (
        "We keep every invoice in our bookkeeping system for as long as the tax office requires (seven years)\n\n"
        "Questions can be sent to the office.\n"
    )
    assert sentences_of(text, "txt")[0].kind == "text"
