"""The word lists one language needs, and the language-neutral ones both share.

The control recognisers are written once; a :class:`Lexicon` gives them the
Dutch or English phrases. Keeping every phrase here (patterns_nl, patterns_en)
means a reviewer who finds a miss adds one regular expression, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


def rx(*parts: str) -> re.Pattern[str]:
    """One case-insensitive alternation of the given regular expressions."""
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE)


@dataclass(frozen=True)
class Lexicon:
    language: str
    # sentences that disclaim ("niet volledig veilig", "cannot guarantee") promise nothing
    disclaimer: re.Pattern[str]
    # "wij kunnen", "we may", "kan worden": a disclosure of a possibility, not a commitment
    hedge: re.Pattern[str]
    # the sentence is about somebody else's systems: its subject (first words) is a third
    # party ("Onze betaalprovider versleutelt..."), or it speaks of others' systems
    third_party_subject: re.Pattern[str]
    third_party_phrase: re.Pattern[str]
    negation: re.Pattern[str]
    transport: re.Pattern[str]
    at_rest: re.Pattern[str]
    customer_keys: re.Pattern[str]
    access: re.Pattern[str]
    activity_logging: re.Pattern[str]
    # (pattern, not_logged categories) - first match wins, the rest refine
    not_logged: re.Pattern[str]
    not_logged_what: tuple[tuple[re.Pattern[str], str], ...]
    retention_verb: re.Pattern[str]
    retention_unbounded: re.Pattern[str]
    # durations that are not retention periods: response times, breach notification, cookies
    not_retention: re.Pattern[str]
    categories: tuple[tuple[str, re.Pattern[str]], ...]
    storage_context: re.Pattern[str]
    transfer_context: re.Pattern[str]
    outside_area: re.Pattern[str]
    adequacy_area: re.Pattern[str]
    company_after_adjective: re.Pattern[str]
    generic_recipient: re.Pattern[str]
    mechanisms: tuple[tuple[str, re.Pattern[str]], ...] = field(default_factory=tuple)
