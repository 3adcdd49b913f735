"""Response models of the JSON API (``/api/...``): what every endpoint returns, for OpenAPI.

Every thing of ours carries its IRI and ``page``, the path where the app serves it
(``/id/...``: HTML for people, Turtle or JSON-LD for machines).
"""

from __future__ import annotations

from pydantic import BaseModel, Field, computed_field

from graph.namespaces import ID


def page_path(iri: str | None) -> str | None:
    """The app's path for an IRI of ours (``https://w3id.org/overhoop/id/X`` -> ``/id/X``).

    A text with whitespace is not one IRI (a SPARQL result cell can hold several, space
    separated): it has no page, rather than a path that runs into the next IRI.

    Examples
    --------
    >>> page_path("https://w3id.org/overhoop/id/organisatie/similes")
    '/id/organisatie/similes'
    >>> page_path("https://data.vlaanderen.be/id/gemeente/44021") is None
    True
    >>> zones = "https://w3id.org/overhoop/id/eerstelijnszone/"
    >>> page_path(zones + "gent " + zones + "amalo") is None
    True
    """
    if not iri or not iri.startswith(str(ID)) or any(ch.isspace() for ch in iri):
        return None
    return "/id/" + iri[len(str(ID)):]


class Linked(BaseModel):
    """Something with an IRI; ``page`` is its path in this app (``None`` for IRIs of others)."""

    iri: str = Field(description="De IRI / The IRI.")

    @computed_field(description="Pad van de pagina in deze app (/id/...) / Path of its page in this app.")
    @property
    def page(self) -> str | None:
        return page_path(self.iri)


class Named(Linked):
    label: str = Field(description="Naam (nl) / Name (Dutch).")


class ConceptRef(Named):
    """A concept of a code list (doelgroep, bouwsteen, sector, organisatietype)."""

    id: str
    label_en: str | None = None


class Place(Named):
    """A municipality, zone, province, region or country."""

    label_en: str | None = Field(None, description="Engelse naam, als er een is (provincies, gewesten, landen). / "
                                 "English name, if any.")


class ZoneRef(Named):
    id: str


class Problem(BaseModel):
    """An error: one sentence in Dutch, then English, on what went wrong and what to do."""

    detail: str


class ZoneItem(ZoneRef):
    municipalities: int = Field(description="Aantal gemeenten / Number of municipalities.")


class Municipality(Named):
    nis: str
    partial: bool = Field(description="Maar voor een deel in de zone / Only partly in the zone.")


class MunicipalityRef(Named):
    nis: str


class ZoneOfMunicipality(ZoneRef):
    partial: bool


class MunicipalityZones(Named):
    """A municipality (also one that ceased in the 2025 mergers) and its first-line zone(s)."""

    nis: str
    current: MunicipalityRef = Field(description="De gemeente vandaag (opvolger na een fusie) / Today's municipality.")
    replaced: bool = Field(description="Opgegaan in een fusie (2025) / Merged away in 2025.")
    zones: list[ZoneOfMunicipality]


class OrganisationItem(Named):
    id: str
    types: list[ConceptRef]
    sectors: list[ConceptRef]
    places: list[Place]
    zones: list[ZoneRef]


class AgeBand(ConceptRef):
    min_age_months: int | None = None
    max_age_months: int | None = None


class PracticeItem(Named):
    id: str
    abstract: str | None = None
    bouwstenen: list[ConceptRef]
    doelgroepen: list[ConceptRef]
    min_age_months: int | None = Field(None, description="Leeftijd van, in maanden (zwangerschap: -9) / From age, months.")
    max_age_months: int | None = Field(None, description="Leeftijd tot (niet inbegrepen), in maanden / Up to age, months.")
    initiators: list[Named]
    countries: list[Named]


class ZonePractice(PracticeItem):
    scope: str = Field(description="lokaal (opgezet of lokaal aangeboden in de zone) of vlaanderen (nergens aan "
                                   "gebonden) / lokaal (initiated or offered locally in the zone) or vlaanderen "
                                   "(tied nowhere).")


class CoverageConcept(ConceptRef):
    broader: str | None = None


class CoverageCell(BaseModel):
    doelgroep: str
    bouwsteen: str
    count: int = Field(description="Aantal praktijken / Number of practices.")
    local: int = Field(description="Waarvan lokaal / Of which local.")
    practices: list[str]


class CoverageGap(BaseModel):
    doelgroep: str
    bouwsteen: str


class Coverage(BaseModel):
    """The gap matrix: practices available in a zone per doelgroep x bouwsteen."""

    zone: str
    doelgroepen: list[CoverageConcept]
    bouwstenen: list[CoverageConcept]
    cells: list[CoverageCell]
    empty: list[CoverageGap] = Field(description="Lege cellen: niemand in of voor de zone / Empty cells: the gaps.")
    practices: int


class ConceptCount(ConceptRef):
    organisations: int = Field(description="Aantal organisaties / Number of organisations.")


class ZoneDetail(ZoneRef):
    """A zone with one page of its organisations and practices; the whole lists, with filters, are
    /api/organisations?zone=ID and /api/practices?zone=ID."""

    code: str | None = None
    province: Named | None = None
    municipalities: list[Municipality]
    organisations: list[OrganisationItem] = Field(
        description="Eén pagina (limit, offset) van de organisaties in de zone, op id / One page of the "
                    "zone's organisations, by id.")
    organisations_total: int = Field(description="Aantal organisaties in de zone / Organisations in the zone.")
    organisation_sectors: list[ConceptCount] = Field(
        description="Hoeveel organisaties van de zone per sector, de grootste eerst / Per sector, most first.")
    organisation_types: list[ConceptCount] = Field(
        description="Hoeveel organisaties van de zone per type, de grootste eerst / Per type, most first.")
    practices: list[ZonePractice] = Field(
        description="Eén pagina (limit, offset) van de praktijken in de zone, op id / One page of the "
                    "zone's practices, by id.")
    practices_total: int = Field(description="Aantal praktijken in de zone / Practices available in the zone.")
    practices_local: int = Field(description="Waarvan lokaal / Of which local.")
    limit: int
    offset: int
    coverage: Coverage


class OrganisationPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[OrganisationItem]


class PracticePage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[PracticeItem]


class SourcePassage(Linked):
    """A passage of the note, quoted by line numbers (1-based, both included)."""

    from_line: int
    to_line: int
    text: str


class Link(Named):
    id: str
    kind: str = Field(description="co-initiatief, lidmaatschap, of de soort verbinding: doorverwijzing, "
                                  "samenwerking, gezamenlijk-aanbod, informatie-uitwisseling.")
    kind_label: str = Field(description="De soort in woorden (Nederlands).")
    kind_label_en: str = Field(description="The kind in words (English).")
    direction: str = Field(description="uit, in of beide / out, in or both.")
    two_way: bool = Field(description="Een soort die in beide richtingen loopt (samenwerking, gezamenlijk-aanbod, "
                                      "informatie-uitwisseling, co-initiatief) / A kind that goes both ways.")
    doelgroepen: list[ConceptRef]
    start_date: str | None = Field(None, description="Sinds (ISO-datum) / Since (ISO date).")
    end_date: str | None = Field(None, description="Tot (ISO-datum) / Until (ISO date).")
    ended: bool = Field(description="De einddatum is voorbij / The end date has passed.")
    confirmed: bool = Field(description="Bevestigd door beide organisaties / Confirmed by both organisations.")
    roles: list[ConceptRef] = Field(description="Rol in een lidmaatschap / Role in a membership.")
    descriptions: list[str] = Field(description="Toelichting / Description.")
    records: list[Linked] = Field(description="De eigen knopen van de verbinding (oh:Referral, org:Membership) "
                                              "/ The link's own nodes.")


class LocalOffer(BaseModel):
    """A practice offered locally (the import's sheet 'praktijken'): where, since when, how."""

    where: list[Place] = Field(description="Gemeente(n) opgegeven bij het aanbod; leeg: waar de organisatie ligt "
                                           "/ Municipalities given with the offer; none: where the organisation is.")
    start_date: str | None = Field(None, description="Sinds (ISO-datum) / Since (ISO date).")
    descriptions: list[str] = Field(description="Hoe de praktijk lokaal loopt / How it runs locally.")
    records: list[Linked] = Field(description="De deelnames (cv:Participation) / The participation nodes.")


class OfferedPractice(PracticeItem, LocalOffer):
    """A practice an organisation offers locally."""


class LocalProvider(OrganisationItem, LocalOffer):
    """An organisation that offers a practice locally."""


class OrganisationDetail(OrganisationItem):
    group: bool = Field(False, description="Een groep organisaties die de nota als initiatiefnemer noemt (bv. 'lokale "
                        "besturen'): een soort organisatie, geen aparte. / A group of organisations the note names as "
                        "initiator: a kind of organisation, not one.")
    alt_labels: list[str]
    description: str | None = None
    homepages: list[str]
    addresses: list[str] = Field(description="Adressen, één per regel (straat en nummer, postcode gemeente).")
    practices: list[PracticeItem] = Field(description="Praktijken die ze opzet / Practices it initiates.")
    offers: list[OfferedPractice] = Field(description="Praktijken die ze lokaal aanbiedt "
                                                      "/ Practices it offers locally.")
    links: list[Link] = Field(description="Actuele verbindingen eerst, dan de beëindigde / Current links first.")
    sources: list[SourcePassage]


class PracticeDetail(PracticeItem):
    doelgroepen: list[AgeBand]
    alt_labels: list[str]
    description: str | None = None
    audience_description: str | None = None
    goal: str | None = None
    method: str | None = None
    tagline: str | None = None
    sub_themes: list[ConceptRef]
    links: list[str]
    providers: list[LocalProvider] = Field(description="Organisaties die de praktijk lokaal aanbieden "
                                                       "/ Organisations offering it locally.")
    sources: list[SourcePassage]


class SchemeConcept(ConceptRef):
    notation: str | None = None
    broader: str | None = None
    min_age_months: int | None = None
    max_age_months: int | None = None
    practices: int = Field(description="Aantal praktijken / Number of practices.")
    organisations: int = Field(description="Aantal organisaties / Number of organisations.")


class Scheme(Named):
    id: str
    label_en: str | None = None
    concepts: list[SchemeConcept]


class Reason(BaseModel):
    code: str = Field(description="doelgroep, leeftijd, zone, provincie, vlaanderen, sector, bouwsteen, "
                                  "partner of initiatiefnemer.")
    points: int
    nl: str
    en: str


class OrganisationSuggestion(OrganisationItem):
    score: int
    reasons: list[Reason]


class PracticeSuggestion(PracticeItem):
    score: int
    reasons: list[Reason]


class Asker(BaseModel):
    iri: str | None = Field(None, description="Leeg voor een organisatie die nog niet in de graaf staat.")
    label: str
    zones: list[ZoneRef]
    types: list[str]
    sectors: list[str]
    bouwstenen: list[str]
    partners: int
    maybe: list[OrganisationItem] = Field(
        default_factory=list, description="Wie op gemeente en type zoekt: de organisaties van dat type in die gemeente, "
        "misschien de vrager zelf; ze worden niet voorgesteld. / Who asks by municipality and type: the organisations "
        "of that type there, perhaps the asker itself; they are not suggested. The first ten.")
    maybe_total: int = Field(0, description="Hoeveel organisaties 'maybe' in het totaal zou tellen. / How many in all.")
    unused_place: str | None = Field(None, description="Een gemeente opgegeven naast een organisatie die al een plaats "
                                     "heeft: niet gebruikt. / A municipality given with an organisation that has a "
                                     "place: not used.")


class Partners(BaseModel):
    """Ranked suggestions, each with its score and reasons (Dutch and English)."""

    asker: Asker
    organisations: list[OrganisationSuggestion]
    practices: list[PracticeSuggestion]
