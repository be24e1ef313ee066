"""Every format renders hostile strings safely (issue 13, item 5, the formats half).

The attacker controls resource names, attribute values in messages, file paths, regions,
statement sentences, suppression reasons, warnings and scan errors. Whatever they hold:
no raw control character reaches any output, no value starts a line with ``::`` (a GitHub
workflow command), JUnit stays valid XML, Markdown shows the text rather than its markup,
and JSON keeps every value exact.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from scanner.findings import Finding, Status
from scanner.formats import FORMATS, renderer
from scanner.promises import Control, Promise, PromiseSet
from scanner.report import Report
from scanner.state import ScanError, Source

# Terminal title and screen control, a bell, a CSI, a bidi override, a newline starting a
# workflow command, a NUL and the XML-forbidden U+FFFE, HTML and Markdown that would run or link.
ESC = "\x1b]0;owned\x07\x1b[2J"
COMMAND = "\n::error file=x.tf,line=1::injected\r\n::add-mask::x"
BIDI = "\u202eevil\u2066"
C1 = "\x9b31m\x85"
XML_BAD = "\x00\ufffe\x0b"
HTML = '<img src=x onerror=alert(1)><script>alert("s")</script>'
MD = "[click](javascript:alert(1)) | cell `tick` *bold* # heading"
HOSTILE = ESC + COMMAND + BIDI + C1 + XML_BAD + HTML + MD

# Any character a terminal or parser would act on: C0 except newline, DEL, C1, bidi and separators.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def hostile_report() -> Report:
    promises = PromiseSet(
        promises=[
            Promise(
                id="p1" + COMMAND,
                control=Control.ENCRYPTION_AT_REST,
                params={"customer_managed_keys": False},
                quote="We encrypt. " + HOSTILE,
                source={"file": "statement" + ESC + ".txt", "line": 3},
            ),
            Promise(
                id="p2",
                control=Control.DATA_RESIDENCY,
                params={"allowed_area": "EEA", "transfers": [{"recipient": HTML, "country": "US"}]},
                implied=True,
            ),
        ],
        origin="statement",
        statement={"file": "stmt" + HOSTILE, "sha256": "0" * 64, "language": "en"},
    )

    def finding(status: Status, resource: str, promise: str, **extra) -> Finding:
        return Finding(
            check_id="aws-s3-encrypted",
            control="encryption-at-rest",
            status=status,
            severity="high",
            resource=resource,
            resource_type="aws_s3_bucket",
            file="infra/" + HOSTILE + ".tf",
            line=4,
            region="eu-west-1" + ESC,
            message="S3 bucket is encrypted at rest: not met: kms_key_id = " + HOSTILE,
            promise_id=promise,
            **extra,
        )

    return Report(
        promise_set=promises,
        findings=[
            finding(Status.FAIL, "aws_s3_bucket." + HOSTILE, "p1" + COMMAND, evidence=[Source("a.tf", 2)]),
            finding(Status.UNKNOWN, COMMAND + "aws_s3_bucket.u", "p2"),
            finding(Status.PASS, "aws_s3_bucket.ok" + BIDI, "p2"),
            finding(
                Status.FAIL,
                "aws_s3_bucket.sup",
                "p2",
                suppressed={"kind": "inline", "reason": HOSTILE, "expires": "2999-01-01", "source": "a.tf:1"},
            ),
        ],
        errors=[ScanError("cannot parse: " + HOSTILE, "bad" + COMMAND + ".tf", 9)],
        warnings=["warned: " + HOSTILE],
        target="infra",
    )


TEXT_FORMATS = sorted(FORMATS)


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_no_raw_control_character_in_any_format(fmt: str) -> None:
    out = renderer(fmt)(hostile_report())
    found = RAW_CONTROL.search(out)
    assert found is None, (
        f"{fmt}: raw {found.group(0)!r} at {found.start()}: {out[found.start() - 40 : found.start() + 10]!r}"
    )
    out.encode("utf-8")  # nothing unencodable (lone surrogates) either


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_no_value_starts_a_workflow_command(fmt: str) -> None:
    lines = renderer(fmt)(hostile_report()).splitlines()
    if fmt == "github":
        ours = [ln for ln in lines if ln.lstrip().startswith("::")]
        # exactly our own annotations: the failure, the undecided finding and the scan error
        assert [ln.split(" ", 1)[0] for ln in ours] == ["::error", "::notice", "::error"]
        assert all("::add-mask" not in ln.split("::", 2)[1] for ln in ours)
        assert all(ln.count("::") == 2 + ln.split("::", 2)[2].count("::") for ln in ours)
        assert not any(ln.lstrip().startswith("::") for ln in lines if ln not in ours)
    else:
        starting = [ln for ln in lines if ln.lstrip().lstrip('"').startswith("::")]
        assert starting == []


def test_github_annotation_data_is_one_line_per_finding() -> None:
    out = renderer("github")(hostile_report())
    first = out.splitlines()[0]
    assert first.startswith("::error file=infra/")
    # the hostile newline became a space, the command text after it is data on the same line
    assert "::error file%3Dx.tf" not in first and "injected" in first
    assert "\\x1b]0;owned\\x07" in first


def test_junit_is_valid_xml_whatever_the_values() -> None:
    out = renderer("junit")(hostile_report())
    root = ET.fromstring(out)
    cases = list(root.iter("testcase"))
    assert len(cases) == 5  # four check x resource cases and one scan error
    failure = next(c for c in cases if c.find("failure") is not None).find("failure")
    assert "<img src=x onerror=alert(1)>" in failure.get("message")  # text, escaped by XML
    assert "\\x00\\ufffe\\x0b" in failure.get("message")


def test_markdown_shows_hostile_text_as_text() -> None:
    out = renderer("markdown")(hostile_report())
    own_html = {"<details>", "</details>", "<summary>", "</summary>"}
    # inside a code span Markdown shows everything literally; outside, no tag but ours
    outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", out)
    tags = set(re.findall(r"</?[a-zA-Z][^>\s]*>?", outside_code))
    assert tags <= own_html, tags - own_html
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "](javascript:" not in outside_code.replace("\\](javascript:", "")
    assert "\\[click\\](javascript:alert(1))" in out
    rows = [ln for ln in out.splitlines() if ln.startswith("| ") and ("kms" in ln or "2999" in ln)]
    # a hostile | or ` never opens a cell: as many unescaped pipes as the table's columns + 1
    assert [len(re.findall(r"(?<!\\)\|", ln)) for ln in rows] == [6, 5, 6]
    assert "\n# heading" not in out and "\n> " in out  # only our own block quote starts a line


def test_markdown_code_spans_hold_backticks() -> None:
    from scanner.formats.escape import md_code

    assert md_code("a`b") == "`` a`b ``"
    assert md_code("x|y") == "`x\\|y`"
    assert md_code("x|y", in_table=False) == "`x|y`"


def test_sarif_help_markdown_escapes_the_quote_and_keeps_identifiers_exact() -> None:
    report = hostile_report()
    log = json.loads(renderer("sarif")(report))
    rule = log["runs"][0]["tool"]["driver"]["rules"][0]
    md = rule["help"]["markdown"]
    assert "<img" not in md and "<script" not in md and "&lt;script&gt;" in md
    assert "](javascript:" not in md.replace("\\](javascript:", "")
    result = log["runs"][0]["results"][0]
    assert result["locations"][0]["logicalLocations"][0]["name"] == report.findings[0].resource
    assert "\n" not in result["message"]["text"] and "\x1b" not in result["message"]["text"]


def test_json_keeps_values_exact() -> None:
    report = hostile_report()
    out = renderer("json")(report)
    data = json.loads(out)
    assert [f["resource"] for f in data["findings"]] == [f.resource for f in report.findings]
    assert data["promises"][0]["quote"] == report.promise_set.promises[0].quote
    assert data["warnings"] == report.warnings
    assert "\\u202e" in out and "\\u009b" in out  # written escaped, read back exact


def test_json_keeps_lone_surrogates_exact_and_encodable() -> None:
    report = hostile_report()
    report.warnings = ["undecodable byte: \udcff"]
    for fmt in TEXT_FORMATS:
        renderer(fmt)(report).encode("utf-8")
    assert json.loads(renderer("json")(report))["warnings"] == ["undecodable byte: \udcff"]


def hostile_drift():
    from scanner.drift.model import AttributeChange, DriftItem, DriftReport, FindingChange

    return DriftReport(
        mode="code-vs-cloud",
        before_label="code " + COMMAND,
        after_label="live " + ESC,
        items=[
            DriftItem(
                status="changed",
                resource_type="aws_s3_bucket",
                identity="b" + HOSTILE,
                region="eu-west-1",
                file="main.tf",
                line=3,
                changes=[AttributeChange("policy", {"Statement": HOSTILE}, HOSTILE, promises=["p1"])],
                promises=["p1"],
            )
        ],
        findings=[
            FindingChange(
                "new",
                "f" * 32,
                "aws-s3-encrypted",
                "encryption-at-rest",
                "high",
                COMMAND + "r",
                "aws_s3_bucket",
                None,
                None,
                "p1",
                HOSTILE,
                None,
                "fail",
            )  # fmt: skip
        ],
        errors=[ScanError(HOSTILE, "x.tf")],
        warnings=[HOSTILE],
        notes=[HOSTILE],
    )


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html"])
def test_drift_formats_render_hostile_values_safely(fmt: str) -> None:
    from scanner.commands.drift_cmd import RENDERERS

    out = RENDERERS[fmt](hostile_drift(), True)
    found = RAW_CONTROL.search(out)
    assert found is None, f"{fmt}: raw {found.group(0)!r}"
    assert [ln for ln in out.splitlines() if ln.lstrip().lstrip('"').startswith("::")] == []
    if fmt == "markdown":
        outside_code = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", out)
        assert set(re.findall(r"</?[a-zA-Z][^>\s]*>?", outside_code)) <= {
            "<details>",
            "</details>",
            "<summary>",
            "</summary>",
        }
    if fmt == "json":
        assert json.loads(out)["warnings"] == [HOSTILE]
    if fmt == "html":
        assert "<script" not in out and "<img" not in out
