"""English phrases for each control (see lexicon.Lexicon for what each field is for)."""

from __future__ import annotations

from scanner.extract.lexicon import Lexicon, rx
from scanner.extract.patterns_common import MECHANISMS, NEGATION_EN, NEUTRAL_AT_REST, NEUTRAL_TRANSPORT

_THIRD = (
    r"third[- ]part(?:y|ies)|payment\s+(?:provider|processor|service)s?|vendors?|suppliers?|partners?|"
    r"sub-?processors?|processors|google|stripe|mollie|paypal|adyen|mailchimp|facebook|meta|microsoft|"
    r"apple|hotjar|linkedin"
)

# a sentence whose subject is us using a statistics tool: "We use Google Analytics", "Our website
# doesn't use Google Analytics" (our measurement; "We use Stripe; Stripe keeps ..." stays Stripe's)
_WE_USE = (
    r"(?:we|our\s+(?:\w+\s+)?(?:website|site|app|shop|webshop|platform))\s+(?:also\s+|only\s+)?"
    r"(?:(?:do\s+not|does\s+not|don['’]t|doesn['’]t|never)\s+)?uses?\s+(?:\w+\s+)?google\s+analytics\b"
)

EN = Lexicon(
    language="en",
    disclaimer=rx(
        r"\b(?:cannot|can\s*not|can't|do\s+not|don't|unable\s+to)\s+(?:\w+\s+){0,2}guarantee\b",
        r"\bno\s+(?:method|system|means|transmission)\b[^;]{0,80}?\b(?:100\s?%|completely|fully|entirely|perfectly)\s+secure\b",
        r"\bnot\s+(?:be\s+)?(?:100\s?%|completely|fully|entirely|perfectly|totally)\s+secure\b",
        r"\bno\s+(?:absolute\s+)?guarantee\b",
        r"\bat\s+(?:your|their)\s+own\s+risk\b",
        r"\bis\s+never\s+(?:100\s?%|completely|fully)\s+secure\b",
    ),
    hedge=rx(
        r"\b(?:we|they|it|this|these|that|there)\s+(?:may|might|could)\b",
        r"\b(?:may|might|could)\s+(?:be|have|also)\b",
        r"\bfrom\s+time\s+to\s+time\b",
        # "IP address (possibly anonymised)": a measure that may or may not be taken
        r"\b(?:possibly|perhaps|potentially|optionally)\s+(?:\w+\s+)?(?:anonymi[sz]ed|pseudonymi[sz]ed|truncated|encrypted|deleted|masked|hashed)\b",
        # an aim is not a commitment: "we aim to encrypt", "where possible", "best efforts"
        # (with its subject: "intruders trying to access" is no hedge)
        r"\bwe\s+(?:will\s+|shall\s+|always\s+)?(?:aim|strive|try|endeavou?r|seek|attempt)\s+to\b",
        r"\b(?:our|the)\s+(?:aim|goal|objective|ambition)\s+is\b",
        r"\b(?:where(?:ver)?|when(?:ever)?|if|as\s+far\s+as)\s+(?:possible|feasible|practicable|practical)\b",
        r"\b(?:best|reasonable)\s+efforts?\b",
        r"\bdo\s+(?:our|its|their)\s+(?:very\s+)?best\b",
    ),
    # ("Google Analytics with anonymised IP" names our configuration of a tool, not its maker acting;
    # "We use Google Analytics" and "No third-party trackers" have us as the subject)
    third_party_subject=rx(
        r"^(?!"
        + _WE_USE
        + r")(?:\S+\s+){0,4}?(?<!\bno\s)(?:"
        + _THIRD
        + r")\b(?!(?:\s+[\w-]+){0,2}\s+with\b)",
        r"^they\b(?!\s+(?:are|were|will\s+be)\s+(?:\w+\s+)?\w+ed\b)",
    ),
    third_party_phrase=rx(
        r"\b(?:websites?|sites|services|systems|servers)\s+(?:of|operated\s+by)\s+(?:third\s+parties|others)\b",
        r"\bthird[- ]party\s+(?:websites?|sites|services|systems)\b",
        r"\b(?:require|ask|oblige)\s+(?:that\s+)?(?:all\s+)?(?:our|the|all)\s+(?:" + _THIRD + r")\b",
    ),
    negation=rx(NEGATION_EN),
    transport=rx(
        *NEUTRAL_TRANSPORT,
        r"\bencrypted\s+in\s+transit\b",
        r"\bencryption\s+in\s+transit\b",
        r"\bin\s+transit\b[^;]{0,40}?\bencrypt",
        r"\bencrypted\s+(?:connections?|channels?|communications?)\b",
        r"\b(?:sent|transmitted|transferred|travels?)\b[^;]{0,40}?\b(?:encrypted|over\s+an?\s+encrypted)\b",
        r"\bsecure(?:d)?\s+(?:connections?|channels?)\b",
    ),
    at_rest=rx(
        *NEUTRAL_AT_REST,
        r"\bstored\s+(?:\w+\s+){0,2}?encrypted\b",
        r"\bencrypted\s+(?:\w+\s+){0,2}?(?:storage|databases?|disks?|volumes?|backups?)\b",
        r"\b(?:storage|databases?|disks?|volumes?|backups?)\s+(?:are|is)\s+(?:\w+\s+)?encrypted\b",
        r"\bencrypt(?:s|ed)?\s+(?:all\s+)?(?:\w+\s+){0,3}?(?:at\s+rest|when\s+stored|in\s+storage)\b",
    ),
    customer_keys=rx(
        r"\bcustomer[- ]managed\s+(?:\w+\s+)?keys?\b",
        r"\b(?:our|your)\s+own\s+(?:encryption\s+)?keys?\b",
        r"\bkeys?\s+(?:that\s+)?we\s+(?:control|manage)\b",
        r"\bBYOK\b",
        r"\bbring\s+your\s+own\s+key\b",
    ),
    access=rx(
        r"\bonly\s+(?:\w+\s+)?(?:authori[sz]ed|designated|approved)\s+(?:staff|personnel|employees|persons|people|engineers|individuals)",
        r"\baccess\s+(?:to\s+[^;]{0,60}?)?(?:is|are)\s+(?:strictly\s+)?(?:restricted|limited)\b",
        # the principle, not the verb ("we need to know quite a lot about you")
        r"\bneed-to-know\b|\bneed\s+to\s+know\s+(?:basis|principle|principe|grounds)\b|\b(?:a|the|on|op)\s+need\s+to\s+know\b",
        r"\bleast[- ]privilege\b",
        r"\bfirewall",
        r"\b(?:prevent|protect\w*|guard\w*|secure\w*)\b[^;]{0,80}?\bunauthori[sz]ed\s+access\b",
        r"\bnever\s+(?:made\s+)?publicly\s+accessible\b",
        r"\bnot\s+publicly\s+accessible\b",
        r"\bprivate\s+(?:network|subnets?)\b",
    ),
    activity_logging=rx(
        r"\baudit\s+(?:logs?|trails?|logging)\b",
        r"\bactivity\s+logs?\b",
        r"\b(?:every|all|each)\s+(?:access|administrative\s+actions?|changes?|logins?)\b[^;]{0,60}?\b(?:is|are)\s+(?:\w+\s+)?(?:logged|recorded)\b",
        r"\baccess\s+to\s+[^;]{0,60}?\b(?:is|are)\s+(?:\w+\s+)?(?:logged|recorded)\b",
        r"\bwe\s+(?:also\s+)?log\s+(?:all\s+|every\s+)?(?:access|activity|administrative|changes|logins)\b",
    ),
    not_logged=rx(
        r"\bwe\s+(?:do\s+not|don['’]t|never)\s+(?:\w+\s+)?(?:log|record|track|keep\s+(?:any\s+)?logs?)\b",
        r"\bwe\s+(?:log|record|track)\s+nothing\b",
        r"\bnothing\b[^.;,]{0,40}?\b(?:is|gets)\s+(?:logged|recorded|tracked)\b",
        r"\b(?:is|are)\s+(?:never|not)\s+logged\b",
        r"\bno\s+(?:access\s+|server\s+|activity\s+)?logs\s+(?:are|is)\s+(?:kept|stored|recorded)\b",
        r"\b(?:we|it|the\s+[\w-]+|our\s+[\w-]+)\s+(?:keeps?|stores?|holds?|maintains?)\s+no\s+(?:\w+\s+)?logs\b",
        r"\bno[- ]logs?\s+policy\b",
    ),
    # wording -> the values checks read (access_logs, query_logs, flow_logs, browsing), or a label
    # no check reads (content, location, identifiers), which the promise names in a note
    not_logged_what=(
        (
            rx(
                r"websites?\s+you\s+visit",
                r"browsing\s+(?:history|activity|behaviou?r)",
                r"sites\s+you\s+visit",
                r"\bacross\s+(?:other\s+)?(?:websites|sites|the\s+web)\b",
                r"\btrack(?:ing|ers?)?\b",
                r"\banalytics\b",
                r"\bvisitor\s+statistics\b",
                r"\bsearch\s+history\b",
                r"\badvertising\s+(?:ids?|identifiers?)\b",
            ),
            "browsing",
        ),
        (rx(r"\bdns\b", r"\bquer(?:y|ies)\b", r"look-?ups"), "query_logs"),
        (
            rx(
                r"network\s+traffic",
                r"\bflow\s*logs?\b",
                r"traffic\s+data",
                r"connection\s+(?:logs?|metadata)",
            ),
            "flow_logs",
        ),
        (
            rx(
                r"\bip[- ]?address",
                r"\bips\b",
                r"access\s+logs?",
                r"web\s?server\s+logs?",
                r"requests?\b",
                r"\bvisitor\s+(?:data|information)\b",
            ),
            "access_logs",
        ),
        (rx(r"\bcontents?\b"), "content"),
        (rx(r"\blocations?\b"), "location"),
        (rx(r"\b(?:device\s+|unique\s+)?identifiers?\b(?<!advertising\sidentifier)"), "identifiers"),
    ),
    retention_verb=rx(
        r"\bretain\w*",
        r"\bretention\b",
        r"\bkept\b|\bkeep\b|\bkeeps\b",
        r"\bstored?\b|\bstores\b",
        r"\bdelet\w*",
        r"\berase\w*|\berasure\b",
        r"\bpurge\w*",
        r"\bwip(?:e|ed|es|ing)\b|\bshred(?:s|ded|ding)?\b|\boverwrit(?:e|es|ten|ing)\b",
        r"\bremoved?\b",
        r"\bdestroy\w*",
        r"\banonymi[sz]\w*",
        r"\bexpire[sd]?\b",
        r"\bdispos(?:e|ed|es|ing)\s+of\b|\bdiscard(?:s|ed|ing)?\b|\bthrown?\s+away\b|\bthrows?\s+away\b",
    ),
    retention_unbounded=rx(
        r"\bno\s+longer\s+than\s+(?:\w+\s+){0,2}?(?:necessary|needed|required|permitted)",
        r"\b(?:only\s+)?(?:for\s+)?as\s+long\s+as\s+(?:\w+\s+){0,3}?(?:necessary|needed|required)",
        r"\b(?:deleted|erased|destroyed|anonymi[sz]ed)\b[^;]{0,40}?\b(?:after|at\s+the\s+end\s+of)\s+the\s+retention\s+period\b",
        r"\b(?:after|at\s+the\s+end\s+of)\s+the\s+retention\s+period\b[^;]{0,60}?\b(?:deleted|erased|destroyed|anonymi[sz]ed)\b",
        r"\b(?:deleted|erased|destroyed|anonymi[sz]ed)\s+(?:when|once|as\s+soon\s+as)\s+(?:it\s+is\s+|they\s+are\s+)?no\s+longer\s+(?:necessary|needed|required)",
    ),
    not_retention=rx(
        r"\b(?:respond\w*|reply|replies|answer\w*|response)\b",
        r"\b(?:notify|notified|notification)\b",
        r"\bcookies?\b",
        r"\b(?:handle|handled|process\s+your\s+request)\b",
    ),
    categories=(
        (
            "logs",
            rx(
                r"\blogs?\b",
                r"\blog\s+(?:files?|data|entries|records)\b",
                r"\blogging\b",
                r"\baudit\s+trails?\b",
                r"\bcrash\s*(?:reports?|dumps?)\b",
            ),
        ),
        ("backups", rx(r"\bback-?ups?\b", r"\bsnapshots?\b")),
        (
            "administration",
            rx(
                r"\binvoices?\b",
                r"\bbilling\s+records?\b",
                r"\baccounting\b",
                # our own tax records, not the tax returns an accountant prepares for clients
                r"\btax\b(?!\s+returns?\b)",
                r"\bbookkeeping\b",
                r"\bfinancial\s+records?\b",
                r"\b(?:annual|year-end)\s+accounts\b",
            ),
        ),
        ("account", rx(r"\baccount\s+(?:data|information|details)\b", r"\bprofile\s+(?:data|information)\b")),
    ),
    storage_context=rx(
        r"\bservers?\b",
        r"\bdata\s?cent(?:er|re)s?\b",
        r"\bstored?\b",
        r"\bstorage\b",
        r"\bhost(?:ed|s|ing)?\b",
        r"\bkept\b",
        r"\bregions?\b",
        r"\blocated\b",
        r"\bresides?\b",
        r"\bremains?\b",
        r"\bstays?\b",
        r"\bprocessed\b",
        r"\bleaves?\b",
        r"\bruns?\s+on\b",
        r"\brunning\s+on\b",
        r"\binfrastructure\b",
    ),  # fmt: skip
    transfer_context=rx(
        r"\btransfer\w*",
        r"\bshared?\b",
        r"\bdisclosed?\b",
        r"\bsent\b",
        r"\bsend\b",
        r"\bstored?\b",
        r"\bprocess(?:es|ed|ing)?\b",
        r"\bhosted\b",
        r"\bservers?\b",
        r"\bsub-?processors?\b",
        r"\bproviders?\b",
        r"\baccess(?:es|ed)?\b",
        r"\bparent\s+company\b",
    ),  # fmt: skip
    outside_area=rx(
        r"\boutside\s+(?:of\s+)?(?:the\s+)?(?:EEA|EU|European\s+Economic\s+Area|European\s+Union|Europe)\b",
        r"\bleaves?\s+(?:the\s+)?(?:EEA|EU|European\s+Economic\s+Area|European\s+Union|Europe)\b",
        r"\bthird\s+countries\b",
        r"\binternational\s+(?:data\s+)?transfers?\b",
    ),
    adequacy_area=rx(r"\badequacy\b", r"\badequate\s+level\s+of\s+(?:data\s+)?protection\b"),
    company_after_adjective=rx(
        r"^\s*(?:\w+\s+)?(?:company|companies|provider|firm|vendor|corporation|parent|processor|sub-?processor)\b"
    ),
    generic_recipient=rx(
        r"\bhosting\s+providers?\b",
        r"\bcloud\s+(?:hosting\s+)?providers?\b",
        r"\bservice\s+providers?\b",
        r"\bsub-?processors?\b",
        r"\baffiliates?\b",
        r"\bsupport\s+team\b",
        r"\bpartners?\b",
        r"\bvendors?\b",
    ),
    mechanisms=MECHANISMS,
)
