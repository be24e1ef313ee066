"""Sentences as lemmas, so that inflection and Dutch word order do not decide what is recognised.

"bewaard", "bewaarden" and "bewaren" are one word to a reader; so are "stored" and
"stores". Vocabulary entries are matched against the sentence as written *and* against its
lemma form: lower-case lemmas joined by single spaces. Dutch separable verbs are split by the
sentence ("wij slaan uw gegevens versleuteld op", "schermen de servers af"): when a particle
closes a clause and a verb of that clause joins it into a known separable verb, the joined verb
("opslaan", "afschermen") is added to the lemma form, so an entry only needs the infinitive.

The lemmatiser (simplemma) works offline from data shipped in its wheel. Its dictionary of the
statement's language only is read, on first use, through the cached table of lemmadata.py, so a
start-up does not decode all of it.
"""

from __future__ import annotations

import functools
import re

from scanner.extract.lemmadata import lemmatize

_TOKEN = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)
_CLAUSE = re.compile(r"[,;:()\[\]]|\s[-–—]\s|[.!?](?:\s|$)")

PARTICLES = (
    "op", "af", "aan", "in", "uit", "door", "mee", "toe", "vast", "bij", "weg", "terug", "over", "na", "om",
)  # fmt: skip


# Where the lemmatiser's data gives a deletion verb the lemma of another word, so that a
# vocabulary entry written for the verb would miss it: "wist"/"wisten" (erases/erased) are read
# as "weten" (to know), "wissen" as "wisse", "schonen" (as in "schonen ... op") as "schone".
_LEMMA_CLASHES = {
    "nl": {"wist": "wissen", "wiste": "wissen", "wisten": "wissen", "wissen": "wissen", "schonen": "schonen"},
}


@functools.lru_cache(maxsize=65536)
def lemma(token: str, lang: str) -> str:
    """The lemma of one lower-case token (the token itself when the lemmatiser does not know it)."""
    if not token.isalpha() or len(token) < 3:
        return token
    fixed = _LEMMA_CLASHES.get(lang, {}).get(token)
    if fixed:
        return fixed
    return lemmatize(token, lang).lower().replace("_", "")


def lemma_text(text: str, lang: str, separable: frozenset[str] = frozenset()) -> str:
    """The sentence as lemmas joined by spaces, plus the separable verbs it splits (Dutch)."""
    out: list[str] = []
    extra: list[str] = []
    for clause in _CLAUSE.split(text):
        tokens = [t.lower() for t in _TOKEN.findall(clause)]
        lemmas = [lemma(t, lang) for t in tokens]
        out.extend(lemmas)
        if lang == "nl" and separable and len(tokens) > 1:
            # the particle closes the clause, but a phrase may follow it ("schermen de servers af
            # voor buitenstaanders"): any particle after a verb that joins it into a known verb
            for j, particle in enumerate(tokens):
                if particle not in PARTICLES or j == 0:
                    continue
                for token, word in zip(tokens[:j], lemmas[:j], strict=True):
                    for joined in (particle + word, particle + token):
                        if joined in separable and joined not in extra:
                            extra.append(joined)
                            break
    return " ".join(out + extra)
