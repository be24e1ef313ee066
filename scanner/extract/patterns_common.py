"""Phrases that read the same in Dutch and English: protocol names, transfer mechanisms."""

from __future__ import annotations

from scanner.extract.lexicon import rx

# Words that deny what follows them in the clause. "no" covers "no longer" and "geen" covers
# "geen ... meer"; contractions are matched with a straight or a typographic apostrophe.
# "niemand"/"nobody" are left out on purpose: "niemand buiten het team heeft toegang" is a promise.
# "doet niets af aan" / "verandert niets aan" (does not affect) deny nothing that follows.
NEGATION_NL = r"\b(?:niet|geen|nooit|noch|niets(?!\s+(?:af|aan)\b)|nergens|evenmin|geenszins)\b"
NEGATION_EN = r"\b(?:not|no|never|nor|neither|nothing|nowhere|none|cannot|\w+n['’]t)\b"

NEUTRAL_TRANSPORT = (
    r"\bSSL\b",
    r"\bTLS\b",
    r"\bhttps\b(?!://)",
    r"\bsecure\s+sockets?\s+layer\b",
    r"\btransport\s+layer\s+security\b",
    r"\bHSTS\b",
)
NEUTRAL_AT_REST = (
    r"\bAES[- ]?256\b",
    r"\bencrypted\s+at\s+rest\b",
    r"\bencryption\s+at\s+rest\b",
)

# Transfer mechanisms, most specific first: the first that matches names the mechanism.
MECHANISMS = (
    (
        "scc",
        rx(
            r"\bstandaard\s?contract\w*\s*(?:bepalingen|clausules|voorwaarden)",
            r"\bmodelcontract\w*",
            r"\bstandard\s+contractual\s+clauses\b",
            r"\bSCCs?\b",
            r"\bmodel\s+(?:contract\s+)?clauses\b",
        ),
    ),
    ("dpf", rx(r"\bdata\s+privacy\s+framework\b", r"\bDPF\b")),
    ("bcr", rx(r"\bbinding\s+corporate\s+rules\b", r"\bbindende\s+bedrijfsvoorschriften\b", r"\bBCRs?\b")),
    (
        "adequacy",
        rx(
            r"\badequaatheidsbesluit\w*",
            r"\badequacy\b",
            r"\bpassend\s+beschermingsniveau\b",
            r"\badequate\s+level\b",
        ),
    ),
    (
        "dpa",
        rx(
            r"\bverwerkersovereenkomst\w*",
            r"\bverwerkingsovereenkomst\w*",
            r"\bdata\s+processing\s+(?:agreement|addendum)\b",
            r"\bDPA\b",
        ),
    ),
    ("consent", rx(r"\buitdrukkelijke\s+toestemming\b", r"\bexplicit\s+consent\b")),
)
