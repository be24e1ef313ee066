"""Access restriction as people write it, not only as security pages phrase it.

Small organisations rarely write "role-based access control": they say who can log in, describe
the second factor ("a code on your phone"), say the server "is not reachable from the internet",
or that the front desk "sees your address but not your treatment notes". Each case below is a
sentence of our own; the vocabulary entries in access-restriction.yaml carry more examples.
"""

from __future__ import annotations

import pytest

from scanner.extract import extract_text
from scanner.extract.controls.simple import named_people

ACCESS = "access-restriction"


def _access(sentence: str, lang: str) -> list:
    result = extract_text(sentence, language=lang)
    return [p for p in result.promises if p.control.value == ACCESS and not p.implied]


# (language, sentence, network_restricted)
PROMISES = [
    # log-in limited to named people, with a long subject before the verb
    ("en", "Only the office manager and the freelance bookkeeper can log in to the invoicing tool.", False),
    (
        "en",
        "Only the midwife who supervises your pregnancy and her colleague on call that weekend can open the chart.",
        False,
    ),
    ("nl", "Alleen de clubarts en de hoofdtrainer kunnen inloggen op het blessureregister.", False),
    ("nl", "Alleen de notaris en haar vaste kandidaat-notaris kunnen de akten en de bijlagen openen.", False),
    # a second factor described rather than named
    ("en", "Signing in to the dashboard takes your password plus a code from an authenticator app.", False),
    ("en", "Each engineer needs a hardware security key to reach the build servers.", False),
    ("en", "The shared tablets at the counter are protected with a PIN code.", False),
    ("en", "Every laptop that holds client data must have a password and disk encryption.", False),
    ("nl", "Bij het inloggen krijgt u naast uw wachtwoord een sms-code op uw telefoon.", False),
    ("nl", "Het declaratieportaal open je met je wachtwoord en een code op je telefoon.", False),
    # network isolation: VPN, office network, no route from the internet, separated networks
    ("en", "Our nurses reach the records from home only through the clinic's VPN.", True),
    ("en", "The scanning station is not reachable from the internet.", True),
    ("en", "Remote administration is allowed only from the office network.", True),
    ("en", "Guest wifi in the lobby is separated from our internal network.", True),
    ("nl", "Thuiswerkers maken verbinding via een VPN met de server op kantoor.", True),
    ("nl", "De opslagserver in het magazijn is niet vanaf het internet bereikbaar.", True),
    ("nl", "Het netwerk voor bezoekers is gescheiden van het kantoornetwerk.", True),
    # need-to-know in other words, per team, own clients only
    ("en", "Planners only get to see the information they need for the roster.", False),
    ("en", "Access to project folders is arranged per project team.", False),
    ("en", "A caseworker cannot open the files of families she does not work for.", False),
    (
        "nl",
        "Vrijwilligers kunnen alleen bij de gegevens die zij voor hun eigen activiteit nodig hebben.",
        False,
    ),
    ("nl", "Een coach kan geen dossiers openen van cliënten die hij niet begeleidt.", False),
    ("en", "Area managers only see the shops in their own region.", False),
    ("nl", "Filiaalmedewerkers zien alleen de klanten van hun eigen vestiging.", False),
    ("en", "We use a VPN for all server maintenance.", True),
    # exclusions
    ("en", "The reception desk sees your phone number but not your test results.", False),
    ("en", "The treasurer's laptop is used by nobody else.", False),
    ("nl", "De planner ziet je rooster, maar niet je beoordelingen.", False),
    ("nl", "De tablet van de wijkverpleging wordt door niemand anders gebruikt.", False),
    # just-in-time and approved access
    ("en", "Support engineers get just-in-time access that a team lead must approve.", False),
    ("en", "Access to the production database is approved by a second administrator each time.", False),
    ("nl", "Toegang tot de back-ups wordt per keer goedgekeurd door de teamleider.", False),
    # adjectives before a cabinet or safe
    ("en", "Signed contracts are kept in a locked fireproof cabinet.", False),
    ("en", "The spare keys and recovery codes stay in a small safe in the manager's office.", False),
    ("nl", "De originele testamenten liggen in een brandwerende kluis in het archief.", False),
    ("nl", "Personeelsdossiers op papier staan in een afgesloten, brandwerende archiefkast.", False),
]


@pytest.mark.parametrize(("lang", "sentence", "network"), PROMISES, ids=[p[1][:48] for p in PROMISES])
def test_access_wording_is_a_promise(lang: str, sentence: str, network: bool):
    found = _access(sentence, lang)
    assert len(found) == 1, f"no access promise in: {sentence}"
    assert found[0].params["network_restricted"] is network
    assert found[0].params["authorised_principals"] == []


NOT_PROMISES = [
    # "need to know" the verb: the lexicon once took this as need-to-know access
    ("en", "To work out your premium we need to know quite a lot about your household."),
    ("en", "We need to know your address to deliver the parcel."),
    # "safe" the adjective
    ("en", "We handle your information in a safe and careful way."),
    ("en", "Our staff give safe care in a safe environment."),
    # what you can see in your own account
    ("en", "You can see your own bookings but not the invoices of other members."),
    ("nl", "In de app kunt u uw eigen afspraken zien, maar niet die van andere patiënten."),
    # sharing with another party only what it needs is not access control
    ("en", "Our couriers only receive the details they need to deliver your order."),
    ("nl", "Wij geven de drukker alleen de gegevens die hij nodig heeft voor het drukwerk."),
    # a code on the phone that has nothing to do with logging in
    ("en", "We text a code to your phone to confirm your delivery slot."),
    # what we or you see is no access rule
    ("en", "We see more questions in December but not in July."),
    ("en", "With our payment provider we only see whether a payment succeeded."),
    ("nl", "In het overzicht ziet u alleen uw eigen bestellingen."),
    # social networks are no network of ours
    ("en", "We keep what you tell us separate from social networks."),
    # the customer's VPN (a VPN service's own statement)
    ("en", "When you connect through our VPN, your traffic leaves through our servers in Sweden."),
    # a VPN as a topic, not as the way in
    ("en", "You can read our blog about choosing a VPN for travelling."),
]


@pytest.mark.parametrize(("lang", "sentence"), NOT_PROMISES, ids=[p[1][:48] for p in NOT_PROMISES])
def test_lookalike_is_no_access_promise(lang: str, sentence: str):
    assert _access(sentence, lang) == []


def test_vpn_sentence_promises_access_and_may_promise_transport():
    """A VPN sentence is about who may connect and from where, not only about encryption."""
    result = extract_text(
        "Staff work from home only over an encrypted VPN connection to the office.", language="en"
    )
    controls = {p.control.value: p for p in result.promises if not p.implied}
    assert controls[ACCESS].params["network_restricted"] is True
    assert "transport-encryption" in controls


def test_channel_only_sentence_that_adds_a_second_factor_is_access():
    """ "only over HTTPS" alone restricts the channel; a second factor after it restricts people."""
    assert _access("Het klantportaal is alleen via https bereikbaar.", "nl") == []
    found = _access(
        "Het klantportaal is alleen via een beveiligde verbinding (https) bereikbaar en u logt in met "
        "uw wachtwoord en een sms-code.",
        "nl",
    )
    assert len(found) == 1 and found[0].params["network_restricted"] is False


def test_network_wording_counts_when_another_entry_recognised_the_sentence():
    found = _access("Access to the admin panel is restricted to our office IP addresses.", "en")
    assert found[0].params["network_restricted"] is True


def test_named_people_go_to_a_note_not_to_authorised_principals():
    """The checks compare authorised_principals with IAM ARNs (fnmatch): a role name there would
    make every policy fail, so the reviewer gets the names and is asked for the ARNs."""
    found = _access("Only the bookkeeper and the two partners can open the payroll files.", "en")
    assert found[0].params["authorised_principals"] == []
    assert found[0].notes == [
        "named in the statement: the bookkeeper; the two partners; add their role or user ARNs to "
        "authorised_principals to check who has access"
    ]


def test_an_arn_in_the_sentence_is_a_principal_and_needs_no_note():
    arn = "arn:aws:iam::123456789012:role/payroll-reader"
    found = _access(f"Access to the payroll bucket is limited to {arn}.", "en")
    assert found[0].params["authorised_principals"] == [arn]
    assert found[0].notes == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "Alleen de scriba en de ledenadministrateur hebben toegang.",
            ["de scriba", "de ledenadministrateur"],
        ),
        ("The files are only accessible to our two planners, via the office network.", ["our two planners"]),
        (
            "Toegang is beperkt tot de recruiter, de teamleider en het backoffice-team.",
            ["de recruiter", "de teamleider", "het backoffice-team"],
        ),
        ("Alleen de huisarts en, bij ziekte, de waarnemer hebben toegang tot uw dossier.", ["de huisarts"]),
        ("Uitsluitend een klein aantal beheerders heeft daar toegang toe.", ["een klein aantal beheerders"]),
        ("De toegang is beperkt tot de leerlinggegevens die zij nodig hebben.", []),
        ("Access is restricted to the data needed for the job.", []),
        ("We only grant access when a ticket requires it.", []),
    ],
)
def test_named_people(text: str, names: list[str]):
    assert named_people(text) == names
