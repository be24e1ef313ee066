"""Dutch phrases for each control (see lexicon.Lexicon for what each field is for)."""

from __future__ import annotations

from scanner.extract.lexicon import Lexicon, rx
from scanner.extract.patterns_common import MECHANISMS, NEGATION_NL, NEUTRAL_AT_REST, NEUTRAL_TRANSPORT

_THIRD = (
    r"derden|derde partij\w*|betaal(?:provider|dienst|partner|platform|systeem|bedrijf|organisatie|instelling)\w*|payment\w*|leverancier\w*|partners?|dienstverlener\w*|"
    r"sub-?verwerker\w*|verwerkers|google|stripe|mollie|paypal|adyen|mailchimp|facebook|meta|"
    r"microsoft|apple|hotjar|linkedin"
)

# a sentence whose subject is us using a statistics tool: "Wij gebruiken (geen) Google Analytics"
# (our measurement; "Wij gebruiken Mollie; Mollie bewaart ..." stays Mollie's)
_WE_USE = (
    r"(?:we|wij|onze?\s+(?:\w+\s+)?(?:website|site|app|webshop|winkel))\s+(?:\w+\s+)?"
    r"(?:gebruik\w*|maakt|maken)\s+(?:\w+\s+){0,3}?google\s+analytics\b"
)

NL = Lexicon(
    language="nl",
    disclaimer=rx(
        r"\bniet\s+(?:volledig|helemaal|100\s?%|geheel|altijd|absoluut)\s+(?:veilig|beveiligd|te garanderen|gegarandeerd)",
        r"\bniet\s+(?:\w+\s+){0,2}garanderen\b",
        r"\bgeen\s+(?:absolute\s+|volledige\s+)?(?:garantie|zekerheid)",
        r"\bop eigen risico\b",
        r"\bniet\s+(?:worden\s+)?gegarandeerd\b",
        r"\bnooit\s+(?:volledig|helemaal|100\s?%)\s+(?:veilig|uit te sluiten)",
        r"\bniet\s+(?:volledig\s+)?uit te sluiten\b",
    ),
    hedge=rx(
        # "kunnen alleen", "kan nooit", "kunnen ... niet inzien" restrict; they do not hedge
        # ("het kunnen uitvoeren van taken" is a noun, not "it can")
        r"\b(?:(?:wij|we|zij|ze|dit|deze|dat|er)\s+(?:kunnen|kan|zouden)|het\s+(?:kan|zou))\b(?!\s+(?:\w+\s+){0,3}?(?:alleen|uitsluitend|enkel|slechts|nooit|niet|geen)\b)",
        r"\b(?:kunnen|kan|zouden)\s+(?:wij|we|zij|ze|er)\b(?!\s+(?:\w+\s+){0,3}?(?:alleen|uitsluitend|enkel|slechts|nooit|niet|geen)\b)",
        r"\b(?:kunnen|kan)\b(?!\s+(?:\w+\s+)?(?:alleen|uitsluitend|enkel|slechts|nooit)\b)[^.,;]{0,60}?\b(?:worden|zijn)\b",
        r"\bmogelijk(?:erwijs)?\s+(?:worden|wordt)\b",
        r"\b(?:eventueel|mogelijkerwijs|wellicht|optioneel)\s+(?:\w+\s+)?(?:geanonimiseerd|gepseudonimiseerd|ingekort|versleuteld|verwijderd|gemaskeerd)\b",
        r"\bhet kan (?:af en toe |soms )?(?:nodig|voorkomen)\b",
        # een streven is geen toezegging: "wij streven ernaar", "waar mogelijk", "ons best"
        # (with its subject: "onbevoegden die proberen binnen te komen" is geen voorbehoud)
        r"\b(?:wij|we)\s+(?:\w+\s+)?(?:streven|proberen|trachten)\b",
        r"\b(?:streven|proberen|trachten)\s+(?:wij|we)\b",
        r"\bstreeft\b|\bonze\s+(?:ambitie|doelstelling|inzet)\s+is\b",
        r"\b(?:waar|indien|zo|voor\s+zover)\s+(?:dat\s+)?mogelijk\b",
        r"\bdoe[nt]?\s+(?:wij\s+|we\s+)?(?:ons|zijn|haar|hun)\s+(?:uiterste\s+)?best\b",
        r"\binspanningsverplichting\b",
    ),
    # ("Google Analytics met geanonimiseerde IP-adressen" is onze instelling van een dienst)
    # "Wij gebruiken Google Analytics" and "Geen trackers van derden" have us as the subject
    third_party_subject=rx(
        r"^(?!"
        + _WE_USE
        + r")(?:\S+\s+){0,4}?(?<!\bgeen\s)(?:"
        + _THIRD
        + r")\b(?!(?:\s+[\w-]+){0,2}\s+met\b)",
        r"^(?:zij|ze)\b(?!\s+(?:worden|werden)\b)",
    ),
    third_party_phrase=rx(
        r"\b(?:websites?|diensten|systemen|servers)\s+van\s+(?:derden|andere partijen)\b",
        r"\b(?:eisen|verlangen|verplichten|vragen)\s+(?:dat\s+)?(?:ook\s+)?(?:van\s+)?(?:onze|alle|de)\s+(?:"
        + _THIRD
        + r")\b",
    ),
    negation=rx(NEGATION_NL),
    transport=rx(
        *NEUTRAL_TRANSPORT,
        r"\bversleuteld\w*\s+(?:naar|verzonden|verstuurd|gestuurd|overgedragen|verzenden|versturen|uitgewisseld)",
        r"\b(?:verzonden|verstuurd|gestuurd|overgedragen|verzenden|versturen|uitgewisseld|verzending|overdracht)\b"
        r"[^;]{0,60}?\b(?:versleuteld|gecodeerd|beveiligd\s+middels\s+(?:een\s+)?(?:ssl|tls|https))",
        r"\b(?:versleutelde|beveiligde|gecodeerde)\s+(?:verbinding|verbindingen|communicatie|overdracht|lijn)",
        r"\b(?:tijdens|bij)\s+(?:het\s+)?(?:transport|verzending|verzenden|overdracht)\b[^;]{0,40}versleut",
    ),
    at_rest=rx(
        *NEUTRAL_AT_REST,
        r"\bversleuteld\w*\s+(?:op(?:ge)?slagen|bewaard|bewaren|opslaan)",
        r"\b(?:opgeslagen|bewaard|opslaan|opslag)\b[^;]{0,50}?\b(?:versleuteld|gecodeerd)\b(?!\s+(?:naar|verzonden|verstuurd))",
        r"\bversleuteling\s+(?:van\s+)?(?:de\s+|alle\s+)?(?:opslag|opgeslagen|databases?|schijven|back-?ups)",
        r"\bversleutelde\s+(?:opslag|databases?|schijven|back-?ups|harde schijven)",
        r"\b(?:data|gegevens)\s+in\s+rust\b",
    ),
    customer_keys=rx(
        r"\beigen\s+(?:encryptie|versleutelings)?sleutels?\b",
        r"\b(?:klant|zelf)beheerde\s+sleutels?\b",
        r"\bsleutels?\s+die\s+(?:wij|we)\s+(?:zelf\s+)?beheren\b",
        r"\bcustomer[- ]managed\b",
        r"\bBYOK\b",
    ),
    access=rx(
        r"\balleen\s+(?:daartoe\s+)?(?:geautoriseerde|bevoegde|geautoriseerd|bevoegd)\s+(?:personen|medewerkers|personeel|werknemers|mensen)",
        r"\b(?:alleen|uitsluitend|enkel)\s+(?:medewerkers|personen|diegenen|degenen|mensen|collega'?s|werknemers)\s+die\b[^;]{0,120}?\btoegang\b",
        # the principle, not the verb ("we need to know quite a lot about you")
        r"\bneed-to-know\b|\bneed\s+to\s+know\s+(?:basis|principle|principe|grounds)\b|\b(?:a|the|on|op)\s+need\s+to\s+know\b",
        r"\bfirewall",
        r"\b(?:voorkomen|voorkómen|beschermen|beschermd|beveiligd|beveiligen)\b[^;]{0,80}?\bonbevoegde?n?\s+toegang",
        r"\bonbevoegde?n?\b[^;]{0,40}?\btoegang\b[^;]{0,40}?\b(?:voorkomen|voorkómen|te\s+voorkomen)\b",
        r"\bvoorkomen\s+dat\s+onbevoegden\b",
        r"\btoegang\s+(?:tot\s+[^;]{0,40}?)?(?:is|wordt)\s+(?:strikt\s+)?(?:beperkt|afgeschermd)\b",
        r"\bniet\s+(?:openbaar|publiek)\s+toegankelijk\b",
        r"\btoegangsbeheer\b|\btoegangscontrole\b",
    ),
    activity_logging=rx(
        r"\bactiviteit(?:en|s)?logs?\b",
        r"\baudit[- ]?(?:logs?|trail)\b",
        r"\blogg(?:en|t)\s+(?:wij|we)\s+(?:ook\s+)?(?:alle\s+)?(?:de\s+)?(?:activiteit|toegang|handelingen|wijzigingen|raadplegingen)",
        r"\b(?:toegang|handelingen|activiteiten|wijzigingen|raadplegingen|inzage)\b[^;]{0,60}?\b(?:wordt|worden)\s+(?:altijd\s+)?(?:gelogd|vastgelegd|geregistreerd)\b",
        r"\b(?:wordt|worden)\s+(?:altijd\s+)?(?:gelogd|vastgelegd|geregistreerd)\s+(?:wie|welke\s+medewerker)",
    ),
    not_logged=rx(
        r"\blogg(?:en|t)\s+(?:wij|we)\s+(?:\w+\s+){0,2}?(?:niet|geen)\b",
        r"\b(?:wij|we)\s+(?:\w+\s+)?logg(?:en|t)\s+(?:\w+\s+)?(?:niet|geen)\b",
        r"\bhouden\s+(?:wij\s+|we\s+)?niet\s+bij\s+(?:welke|wat|waar)\b",
        r"\bgeen\s+(?:logs?|logbestanden|logging)\s+(?:bij|aan|van)\b",
        r"\b(?:wordt|worden)\s+(?:niet|niets|nergens)\s+(?:\w+\s+)?gelogd\b",
        r"\b(?:(?:wij|we)\s+(?:loggen|registreren)|(?:loggen|registreren)\s+(?:wij|we))\s+(?:\w+\s+)?niets\b",
        r"\b(?:registreren|bewaren|slaan)\s+(?:wij|we)\s+geen\s+ip-?adressen\b",
    ),
    # wording -> the values checks read (access_logs, query_logs, flow_logs, browsing), or a label
    # no check reads (content, location, identifiers), which the promise names in a note
    not_logged_what=(
        (
            rx(
                r"websites?\s+(?:je|jij|u)\s+bezoekt",
                r"surfgedrag",
                r"browse?geschiedenis",
                r"bezochte\s+websites",
                r"\btrack(?:ing|ers?)?\b",
                r"\banalytics\b",
                r"\b(?:bezoekers)?statistiek",
                r"\bzoekgeschiedenis\b",
                r"\badvertentie-?id",
            ),
            "browsing",
        ),
        (rx(r"\bdns\b", r"\bquer(?:y|ies)\b", r"opzoekingen"), "query_logs"),
        (rx(r"netwerkverkeer", r"verkeersgegevens", r"\bflow"), "flow_logs"),
        (
            rx(r"ip-?adres", r"toegangslog", r"access[- ]?logs?", r"webserver", r"\bbezoekersgegevens\b"),
            "access_logs",
        ),
        (rx(r"\binhoud\b"), "content"),
        (rx(r"\blocatie"), "location"),
        (rx(r"\bidentificatienummers?\b|\bapparaat-?id"), "identifiers"),
    ),
    retention_verb=rx(
        r"\bbewa(?:a)?r\w*",
        r"\bbewaring\b",
        r"\bopgeslagen\b",
        r"\bverwijder\w*",
        r"\b(?:uit)?gewist\b|\bwis(?:t|te|ten|sen)?\b|\boverschreven\b|\bopgeschoond\b|\bopschon\w*",
        r"\bvernietig\w*",
        r"\banonimiseer\w*|\bgeanonimiseerd\b",
        r"\bgelogd\b",
        # other verbs for deleting, separable ones in either order ("houden we 7 jaar aan", "gooien
        # we na 30 dagen weg", "uit de lijst halen"); "houden ons aan de wet" is no keeping
        r"\baangehouden\b|\baanhouden\b|\bhoud(?:en|t)?(?:\s+(?!ons\b|zich\b|mij\b|me\b)[\w-]+){0,6}?\s+aan\b(?!\s+(?:de|het|een|ons|onze|u|uw|je|jouw|hen|hun|die|dit|deze|dat|wie|wat)\b)",
        r"\bweg(?:gooi(?:en|t)?|gegooid|gedaan|doen)\b|\bgooi(?:en|t)?(?:\s+[\w-]+){0,6}?\s+weg\b",
        r"\buit\s+(?:de|het|onze|ons)\s+(?:[\w-]+\s+)?(?:lijst|bestand|systeem|administratie|database|mailinglijst|verzendlijst|adressenbestand)\s+(?:te\s+)?(?:halen|gehaald|haalt|haal)\b",
        r"\bhal(?:en|t)\b(?:\s+[\w-]+){0,5}?\s+uit\s+(?:de|het|onze|ons)\s+(?:[\w-]+\s+)?(?:lijst|bestand|systeem|administratie|database|mailinglijst|verzendlijst|adressenbestand)\b",
        r"\bgeleegd\b|\bleeg(?:t|gemaakt|maken)\b|\blegen\b",
    ),
    retention_unbounded=rx(
        r"\bniet\s+langer\s+(?:\w+\s+){0,3}?dan\s+(?:\S+\s+){0,3}?(?:noodzakelijk|nodig|vereist|toegestaan)",
        r"\bzo\s?lang\s+(?:als\s+)?(?:dat\s+)?(?:strikt\s+)?(?:noodzakelijk|nodig)",
        r"\bgedurende\s+de\s+(?:tijd|periode|termijn)\s+die\s+(?:strikt\s+)?(?:nodig|noodzakelijk)",
        r"\bna\s+afloop\s+van\s+de\s+bewaartermijn\b[^;]{0,60}?\b(?:verwijderd|vernietigd|geanonimiseerd|gewist)",
        r"\b(?:verwijderd|vernietigd|gewist|geanonimiseerd)\b[^;]{0,40}?\bna\s+afloop\s+van\s+de\s+bewaartermijn",
        r"\b(?:verwijderd|vernietigd|gewist|geanonimiseerd)\s+(?:zodra|wanneer|als)\s+(?:ze|deze|zij|die|het|dit)?\s*(?:niet\s+langer|niet\s+meer)\s+(?:nodig|noodzakelijk)",
    ),
    not_retention=rx(
        r"\b(?:antwoord\w*|beantwoord\w*|reageren|reactie|reageert)\b",
        r"\b(?:melden|meldplicht|melding|gemeld)\b",
        r"\bcookies?\b",
        r"\b(?:afgehandeld|behandeld|afhandelen|behandelen)\b",
    ),
    categories=(
        (
            "logs",
            rx(
                r"\blog(?:s|bestand\w*|files?|gegevens|boek\w*)?\b",
                r"\bserver-?logs?\b",
                r"\b\w+logs\b",
                r"\blogging\b",
                r"\bcrash-?\s*rapport\w*|\bcrash\s*reports?\b",
            ),
        ),
        ("backups", rx(r"\bback-?ups?\b", r"\breservekopie\w*", r"\bbackup\w*")),
        (
            "administration",
            rx(
                r"\badministrati\w*",
                r"\bboekhoud\w*",
                r"\bfactu(?:u)?r\w*",
                r"\bfiscale?\b",
                r"\bbelastingdienst\b",
                r"\bbewaarplicht\b",
                r"\b(?:loon|salaris)(?:administrati\w*|gegevens|strook\w*)",
                r"\bjaarrekening\w*|\bjaarstukken\b",
            ),
        ),
        (
            "account",
            rx(
                r"\baccount-?gegevens\b",
                r"\baccountinformatie\b",
                r"\bgegevens\s+van\s+(?:je|jouw|uw)\s+account\b",
                r"\bprofielgegevens\b",
            ),
        ),
    ),
    storage_context=rx(
        r"\bservers?\b",
        r"\bdatacent\w*",
        r"\bdata\s?cent(?:er|re)s?\b",
        r"\bopgeslagen\b",
        r"\bopslag\b",
        r"\bopslaan\b",
        r"\bslaan\b",
        r"\bgehost\b",
        r"\bhosting\b",
        r"\bgehuisvest\b",
        r"\bbewaard\b",
        r"\bbewaren\b",
        r"\bverwerkt\b",
        r"\bregio\b",
        r"\bdraai(?:t|en)\b",
        r"\bbevinden\s+zich\b",
        r"\bblijven\b",
        r"\bblijft\b",
    ),  # fmt: skip
    transfer_context=rx(
        r"\bdoorgifte\b",
        r"\bdoorgeven\b",
        r"\bdoorgegeven\b",
        r"\bovergebracht\b",
        r"\boverdragen\b",
        r"\bovergedragen\b",
        r"\boverdracht\b",
        r"\bverstrekt\b",
        r"\bverstrekken\b",
        r"\bgedeeld\b",
        r"\bdelen\b",
        r"\bdoorgestuurd\b",
        r"\bopgeslagen\b",
        r"\bverwerkt\b",
        r"\bgehost\b",
        r"\bservers?\b",
        r"\bgeven\b[^;]{0,40}\bdoor\b",
        r"\btoegang\b",
        r"\bmoederbedrijf\b",
    ),  # fmt: skip
    outside_area=rx(
        r"\bbuiten\s+(?:de\s+)?(?:EER|EU|Europese\s+Economische\s+Ruimte|Europese\s+Unie|Europa)\b",
        r"\bderde\s+landen\b",
        r"\blanden\s+buiten\s+(?:de\s+)?(?:EER|EU|Europa)\b",
        r"\binternationale\s+doorgifte\b",
    ),
    adequacy_area=rx(r"\badequa\w+", r"\bpassend\s+beschermingsniveau\b"),
    company_after_adjective=rx(
        r"^\s*(?:\w+\s+)?(?:bedrijf|onderneming|dienstverlener|partij|aanbieder|leverancier|cloudprovider|provider|moederbedrijf)\b"
    ),
    generic_recipient=rx(
        r"\bhosting\s?(?:leveranciers?|providers?|partij(?:en)?|bedrijf)\b",
        r"\bhostingpartij\w*",
        r"\bcloud\s?(?:provider|leverancier)s?\b",
        r"\bgelieerde\s+ondernemingen\b",
        r"\bsub-?verwerkers?\b",
        r"\bdienstverleners?\b",
        r"\bserviceproviders?\b",
        r"\bexterne\s+partijen\b",
        r"\bpartners?\b",
        r"\bleveranciers?\b",
    ),
    mechanisms=MECHANISMS,
)
