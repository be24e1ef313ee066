"""The word lists one language needs, and the language-neutral ones both share.

The control recognisers are written once; a :class:`Lexicon` gives them the
Dutch or English phrases. Keeping every phrase here (patterns_nl, patterns_en)
means a reviewer who finds a miss adds one regular expression, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scanner.extract.prefilter import Gated, gated

Pattern = Gated  # a compiled expression that skips, cheaply, texts it cannot match


def rx(*parts: str) -> Pattern:
    """One case-insensitive alternation of the given regular expressions (behind a gate: most
    sentences lack every phrase, and one search of their literal words says so; prefilter.py)."""
    return gated("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    language: str
    # sentences that disclaim ("niet volledig veilig", "cannot guarantee") promise nothing
    disclaimer: Pattern
    # "wij kunnen", "we may", "kan worden": a disclosure of a possibility, not a commitment
    hedge: Pattern
    # the sentence is about somebody else's systems: its subject (first words) is a third
    # party ("Onze betaalprovider versleutelt..."), or it speaks of others' systems
    third_party_subject: Pattern
    third_party_phrase: Pattern
    negation: Pattern
    transport: Pattern
    at_rest: Pattern
    customer_keys: Pattern
    access: Pattern
    activity_logging: Pattern
    # (pattern, not_logged categories) - first match wins, the rest refine
    not_logged: Pattern
    not_logged_what: tuple[tuple[Pattern, str], ...]
    retention_verb: Pattern
    retention_unbounded: Pattern
    # durations that are not retention periods: response times, breach notification, cookies
    not_retention: Pattern
    categories: tuple[tuple[str, Pattern], ...]
    storage_context: Pattern
    transfer_context: Pattern
    outside_area: Pattern
    adequacy_area: Pattern
    company_after_adjective: Pattern
    generic_recipient: Pattern
    mechanisms: tuple[tuple[str, Pattern], ...] = field(default_factory=tuple)
