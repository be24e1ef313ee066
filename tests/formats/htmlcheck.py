"""Read a rendered report as a browser's parser would: its text, and every element with its attributes."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Page:
    """The parsed page: visible text (one string, whitespace folded), elements, and text per section id."""

    text: str = ""
    elements: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)

    def section(self, name: str) -> str:
        return self.sections.get(name, "")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.parts: list[str] = []
        self.in_style = False
        self.section: str | None = None
        self.section_parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.elements.append((tag, attributes))
        self.in_style = tag == "style"
        if tag == "section":
            self.section, self.section_parts = attributes.get("id") or "", []

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self.in_style = False
        if tag == "section" and self.section is not None:
            self.page.sections[self.section] = " ".join(" ".join(self.section_parts).split())
            self.section = None

    def handle_data(self, data: str) -> None:
        if self.in_style:
            return
        self.parts.append(data)
        if self.section is not None:
            self.section_parts.append(data)


def parse(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = " ".join(" ".join(reader.parts).split())
    return reader.page


def folded(text: str) -> str:
    """``text`` with whitespace folded as :func:`parse` folds the page's text."""
    return " ".join(text.split())


def assert_inert(page: Page) -> None:
    """No script, no event handler, nothing loaded from anywhere: the page is text and inline styles."""
    for tag, attrs in page.elements:
        assert tag not in ("script", "iframe", "object", "embed", "img", "link", "base", "form"), tag
        for name in attrs:
            assert not name.startswith("on"), (tag, name)
            assert name not in ("src", "href", "action", "srcdoc"), (tag, name)
