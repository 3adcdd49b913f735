"""From spreadsheet rows to RDF: the four kinds of sheet a coordinator fills in, their Dutch
columns, and the triples each row becomes.

- ``organisaties``: local organisations (``org:Organization``), matched to existing ones;
- ``samenwerkingen``: partnerships and memberships (``org:Membership`` in an
  ``org:OrganizationalCollaboration``, such as a Huis van het Kind);
- ``verbindingen``: referral links (``oh:Referral``), confirmed when both sides state them;
- ``praktijken``: which practices of the note an organisation offers locally
  (``cv:Participation`` with role ``uitvoerder``).

Every cell is checked; what is wrong becomes a :class:`Problem` naming the sheet, row and column,
and the row is left out, so that one pass reports everything. IRIs are made from the content
(names, the two ends of a link), so importing the same rows again gives the same IRIs.

Cells that begin with ``=``, ``+``, ``-`` or ``@`` are refused, not neutralised: a spreadsheet
may run them as a formula (``=HYPERLINK(...)``), and quietly changing what a coordinator wrote
would hide the mistake. The message says to remove the sign. A dash alone (``-``, or an en or em
dash) is no formula but the usual way to write "nothing here", and counts as an empty cell.

What a coordinator's own lists hold besides the template is left out, never read: a column
the template does not have (contact persons, remarks) and, in an XLSX, a sheet that fits no
template next to one that does (the lists behind a dropdown). A notice names what was left out.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, SKOS, XSD

from graph.imports.known import Known
from graph.imports.matching import NEW, Match, OrganisationIndex, close_names, name_key, normalise_kbo
from graph.imports.places import PlaceError, resolve_place
from graph.imports.problems import Problem, listed
from graph.imports.readers import Table
from graph.lookup import concepts
from graph.namespaces import ADMS, CV, LOCN, OH, ORG, ROV, SCHEMA, concept, instance, slugify
from graph.textnorm import fold


@dataclass(frozen=True)
class Column:
    """A column of a sheet: its Dutch name, whether it is required, help and an example."""

    name: str
    help_nl: str
    help_en: str
    example: str = ""
    required: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Kind:
    """A kind of sheet: its name, what one row says, and its columns."""

    name: str
    row_nl: str
    row_en: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    more_examples: tuple[dict[str, str], ...] = ()

    def examples(self) -> list[list[str]]:
        """Return the example rows of the template: the columns' examples, then any more."""
        return [[c.example for c in self.columns]] + [
            [extra.get(c.name, "") for c in self.columns] for extra in self.more_examples]

    def is_example(self, cells: dict[str, str]) -> bool:
        """Whether a row is one of the template's example rows (:meth:`examples`), left in.

        Every cell of the sheet's columns must be the example's: a coordinator's own sheet may
        lack some of the template's columns. A sheet with half of them or fewer is the
        coordinator's own, made for a purpose (the fictional alliance of the manual, say), and
        has no example rows. Case, accents and the way a date is written do not matter, since a
        spreadsheet may rewrite them.

        Parameters
        ----------
        cells : dict
            Column name -> text of the row.

        Returns
        -------
        bool

        Examples
        --------
        >>> kind = KINDS["samenwerkingen"]
        >>> example = dict(zip([c.name for c in kind.columns], kind.examples()[0]))
        >>> kind.is_example(example), kind.is_example(example | {"sinds": "1/09/2023"})
        (True, True)
        >>> kind.is_example(example | {"rol": "lid"})
        False
        >>> without_toelichting = {name: cell for name, cell in example.items() if name != "toelichting"}
        >>> kind.is_example(without_toelichting), kind.is_example({"lid": example["lid"]})
        (True, False)
        """
        present = [i for i, column in enumerate(self.columns) if column.name in cells]
        if 2 * len(present) <= len(self.columns):
            return False
        row = [_cell_key(cells[self.columns[i].name]) for i in present]
        return any(row == [_cell_key(example[i]) for i in present] for example in self.examples())


_PLACE = (
    Column("gemeente", "Gemeente (ook een oude naam zoals 'Borsbeek') of NIS-code.",
           "Municipality (an old name such as 'Borsbeek' works too) or NIS code.", "Leuven"),
    Column("postcode", "Postcode; genoeg als de gemeente leeg is.",
           "Postcode; enough when the municipality is empty.", "3000"),
)

KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("organisaties", "een organisatie", "an organisation", (
        Column("naam", "Naam van de organisatie.", "Name of the organisation.",
               "Fictief Gezinscentrum Zonnedorp", required=True, aliases=("organisatie", "name")),
        Column("type", "Organisatietype (bv. caw, school, huis-van-het-kind, kinderopvang).",
               "Organisation type (e.g. caw, school, huis-van-het-kind, kinderopvang).",
               "huis-van-het-kind", aliases=("organisatietype",)),
        Column("sector", "Sector: welzijn, gezondheid, onderwijs, jeugdwerk, justitie, "
               "kinderopvang, overheid, onderzoek of cultuur.",
               "Sector: welzijn, gezondheid, onderwijs, jeugdwerk, justitie, kinderopvang, "
               "overheid, onderzoek or cultuur.", "kinderopvang"),
        *_PLACE,
        Column("adres", "Straat en huisnummer (van de organisatie, nooit van een gezin).",
               "Street and number (of the organisation, never of a family).", "Zonnestraat 1"),
        Column("website", "Volledig webadres, beginnend met https://.",
               "Full web address, starting with https://.", "https://zonnedorp.example"),
        Column("kbo-nummer", "Ondernemingsnummer (KBO), bv. 0411.905.847.",
               "Enterprise number (KBO), e.g. 0411.905.847.", "",
               aliases=("kbo", "ondernemingsnummer")),
        Column("koppelen aan", "Alleen bij twijfel: 'nieuw', of de bestaande organisatie die "
               "bedoeld is: het adres van haar pagina, haar id of haar IRI.",
               "Only when in doubt: 'nieuw' (new), or the existing organisation meant: the "
               "address of its page, its id or its IRI.", "", aliases=("koppelen", "bestaande")),
        Column("fictief", "'ja' voor verzonnen voorbeeldgegevens.",
               "'ja' for made-up example data.", "ja", aliases=("fictional",)),
        Column("toelichting", "Korte beschrijving.", "Short description.",
               "Verzonnen gezinscentrum voor de handleiding.", aliases=("beschrijving",)),
    ), aliases=("organisaties", "organisatie", "organisations"),
       more_examples=({"naam": "Fictieve Basisschool De Regenboog", "type": "school",
                       "sector": "onderwijs", "postcode": "3010", "fictief": "ja"},)),
    Kind("samenwerkingen", "een lid van een samenwerkingsverband",
         "a member of a partnership", (
        Column("samenwerkingsverband", "Het samenwerkingsverband (bv. een Huis van het Kind): "
               "naam of IRI.", "The partnership (e.g. a Huis van het Kind): name or IRI.",
               "Fictief Gezinscentrum Zonnedorp", required=True, aliases=("verband",)),
        Column("lid", "De partnerorganisatie: naam of IRI.", "The partner organisation: name "
               "or IRI.", "Fictieve Basisschool De Regenboog", required=True,
               aliases=("partner", "organisatie")),
        Column("rol", "Rol: lid, partner, financier, uitvoerder (standaard: lid).",
               "Role: lid, partner, financier, uitvoerder (default: lid).", "partner"),
        Column("sinds", "Sinds wanneer (bv. 2023-09-01 of 01/09/2023).",
               "Since when (e.g. 2023-09-01 or 01/09/2023).", "2023-09-01", aliases=("van",)),
        Column("tot", "Tot wanneer; leeg als het nog loopt.", "Until when; empty if ongoing.",
               ""),
    ), aliases=("samenwerkingen", "samenwerking", "lidmaatschappen", "partnerships")),
    Kind("verbindingen", "een verbinding tussen twee organisaties",
         "a link between two organisations", (
        Column("van", "Organisatie die doorverwijst of samenwerkt: naam of IRI.",
               "Organisation that refers or works with: name or IRI.",
               "Fictief Gezinscentrum Zonnedorp", required=True),
        Column("naar", "Organisatie waarnaar verwezen wordt: naam of IRI.",
               "Organisation referred to: name or IRI.", "Fictieve Basisschool De Regenboog",
               required=True),
        Column("soort", "doorverwijzing, samenwerking, gezamenlijk aanbod of "
               "informatie-uitwisseling (standaard: doorverwijzing).",
               "doorverwijzing, samenwerking, gezamenlijk aanbod or informatie-uitwisseling "
               "(default: doorverwijzing).", "doorverwijzing"),
        Column("doelgroepen", "Een of meer doelgroepen, gescheiden door '|' of ',' (bv. "
               "ouders | 3-6-jaar); verplicht voor een doorverwijzing.", "One or more target groups, "
               "separated by '|' or ',' (e.g. ouders | 3-6-jaar); required for a referral.",
               "ouders | 3-6-jaar", aliases=("doelgroep",)),
        Column("sinds", "Sinds wanneer (bv. 2023-09-01).", "Since when (e.g. 2023-09-01).",
               "2024-01-15"),
        Column("tot", "Tot wanneer; leeg als het nog loopt.", "Until when; empty if ongoing.", ""),
        Column("bevestigd", "'ja' als de andere organisatie de verbinding bevestigt.",
               "'ja' if the other organisation confirms the link.", "nee"),
        Column("toelichting", "Korte beschrijving van de verbinding.",
               "Short description of the link.", "", aliases=("beschrijving",)),
    ), aliases=("verbindingen", "verbinding", "doorverwijzingen", "referrals", "links")),
    Kind("praktijken", "een praktijk die een organisatie lokaal aanbiedt",
         "a practice an organisation offers locally", (
        Column("organisatie", "De organisatie: naam of IRI.", "The organisation: name or IRI.",
               "Fictief Gezinscentrum Zonnedorp", required=True),
        Column("praktijk", "De praktijk uit de inspiratienota: naam of IRI.",
               "The practice of the inspiration note: name or IRI.", "Handle with care",
               required=True),
        *_PLACE,
        Column("sinds", "Sinds wanneer.", "Since when.", "2024-03-01"),
        Column("toelichting", "Hoe de praktijk lokaal loopt.", "How the practice runs locally.",
               ""),
    ), aliases=("praktijken", "praktijk", "aanbod", "practices")),
)}

ORDER = ("organisaties", "samenwerkingen", "verbindingen", "praktijken")
IGNORED_SHEETS = ("uitleg", "toelichting", "help", "info")
# Two-way kinds: a link stated by the other side in the other direction confirms it too.
TWO_WAY = ("samenwerking", "gezamenlijk-aanbod", "informatie-uitwisseling")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A dash alone, the placeholder people write for "nothing here": an empty cell, no formula.
EMPTY_PLACEHOLDERS = ("-", "\u2013", "\u2014")
YES = {"ja", "j", "yes", "y", "x", "waar", "true", "1"}
NO = {"nee", "n", "no", "onwaar", "false", "0", ""}
_LIST_SEPARATORS = re.compile(r"[|,;]")
_DATE_FORMATS = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$"),
)
_YEAR = re.compile(r"^[12]\d{3}$")


def detect_kind(table: Table) -> Kind | None:
    """Return the kind of a sheet: from a word of its name, else from its required columns.

    Whole words only: a helper sheet "Lijst organisatietypes" is no sheet of organisations.

    Examples
    --------
    >>> detect_kind(Table("blad1", ["van", "naar", "doelgroepen"])).name
    'verbindingen'
    >>> detect_kind(Table("organisaties_waasland", ["naam"])).name
    'organisaties'
    >>> detect_kind(Table("Lijst organisatietypes", ["type", "omschrijving"])) is None
    True
    """
    words = set(re.split(r"[^a-z0-9]+", fold(table.name)))
    for kind in KINDS.values():
        if words & set(kind.aliases):
            return kind
    return header_kind(table.header)


def header_kind(cells: list[str]) -> Kind | None:
    """Return the kind whose required columns are all among ``cells``, or ``None``: whether a
    row holds the column names of a template.

    Examples
    --------
    >>> header_kind(["Naam ", "Gemeente", "Contactpersoon"]).name
    'organisaties'
    >>> header_kind(["Organisaties Waasland - stand 1 maart 2026", "", ""]) is None
    True

    Of the kinds that fit, the one that needs the most columns: "organisatie" names an
    organisation in the organisations' sheet too.

    >>> header_kind(["organisatie", "praktijk", "sinds"]).name
    'praktijken'
    """
    fitting = [kind for kind in KINDS.values()
               if {c.name for c in kind.columns if c.required} <= {_canonical(kind, cell) for cell in cells}]
    return max(fitting, key=lambda kind: sum(c.required for c in kind.columns), default=None)


def _column_key(text: str) -> str:
    return fold(text).strip(" *:")


def _canonical(kind: Kind, header_cell: str) -> str | None:
    key = _column_key(header_cell)
    for column in kind.columns:
        if key == column.name or key in column.aliases or key.replace("_", " ") == column.name:
            return column.name
    return None


@dataclass
class Origin:
    """Where a subject of the contribution comes from in the file, and what it is: ``kind`` in
    Dutch (``organisatie``, ``lidmaatschap``, the kind of a link, ...), ``kind_en`` in English."""

    sheet: str
    row: int | None
    kind: str
    label: str
    kind_en: str = ""


@dataclass
class Builder:
    """Turns the rows of one import into one rdflib graph, collecting problems on the way.

    Parameters
    ----------
    known : Known
        What the graph holds already.
    agent : URIRef
        Who makes the contribution (``prov:wasAttributedTo`` of each link).
    """

    known: Known
    agent: URIRef
    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    origins: dict[URIRef, Origin] = field(default_factory=dict)
    failed_rows: set[tuple[str, int | None]] = field(default_factory=set)
    file_orgs: dict[str, URIRef] = field(default_factory=dict)
    fictional: set[URIRef] = field(default_factory=set)
    names: dict[URIRef, str] = field(default_factory=dict)
    # The organisations of this file whose row has a problem, by name key: (sheet, row).
    failed_orgs: dict[str, tuple[str, int]] = field(default_factory=dict)
    # The rows whose 'sinds' or 'tot' held a year alone, by (sheet, column): one notice each.
    years_alone: dict[tuple[str, str], list[int]] = field(default_factory=dict)

    def __post_init__(self):
        self.index = OrganisationIndex(self.known)
        self._links: list[tuple[URIRef, URIRef, URIRef, str, bool]] = []
        # Each link of the file: the sheet and row that first stated it, and what it said.
        self._link_rows: dict[URIRef, tuple[str, int, tuple]] = {}

    def add_tables(self, tables: list[Table]) -> None:
        """Read every table, organisations first so that links can name them.

        A sheet that fits no template is an error, unless another sheet of the same file fits
        one: then it is a helper sheet (the lists behind a dropdown, say), left out with a
        notice.
        """
        by_kind: dict[str, list[tuple[Table, dict[str, int]]]] = {name: [] for name in ORDER}
        tables = [table for table in tables if fold(table.name) not in IGNORED_SHEETS]
        kinds = [detect_kind(table) for table in tables]
        fitting = {table.source for table, kind in zip(tables, kinds) if kind is not None}
        helper_sheets: dict[str, list[str]] = {}
        for table, kind in zip(tables, kinds):
            if kind is None and table.source in fitting:
                helper_sheets.setdefault(table.source, []).append(f"'{table.name}'")
            elif kind is None:
                self.problems.append(_unrecognised(table))
            else:
                if table.skipped:
                    self.notices.append(_skipped_above(table))
                positions = self._columns(table, kind)
                if positions is not None:
                    by_kind[kind.name].append((table, positions))
        for source, names in helper_sheets.items():
            one = len(names) == 1
            self.notices.append(Problem(
                f"{'Het blad' if one else 'De bladen'} {listed(names, 'en')} "
                f"{'past' if one else 'passen'} bij geen sjabloon en {'is' if one else 'zijn'} "
                "overgeslagen; wat erop staat, wordt niet ingevoerd.",
                f"{'The sheet' if one else 'The sheets'} {listed(names, 'and')} "
                f"{'fits' if one else 'fit'} no template and {'was' if one else 'were'} skipped; "
                f"what is on {'it' if one else 'them'} is not imported.", sheet=source))
        self.known.prefetch(_iris_named(by_kind["organisaties"], by_kind.values()))
        self.index.expect(_names_to_compare(by_kind["organisaties"]))
        for name in ORDER:
            for table, positions in by_kind[name]:
                reader = getattr(self, f"_{name}")
                for number, cells in table.rows:
                    if all(cell.strip() in ("", *EMPTY_PLACEHOLDERS) for cell in cells):
                        continue  # a row of dashes is as empty as a blank one
                    row = _Row(self, table.name, number, {c: cells[i] for c, i in positions.items()})
                    if KINDS[name].is_example(row.cells):
                        self._example_row(row, KINDS[name])
                    else:
                        reader(row)
                    if row.failed:
                        self.failed_rows.add((table.name, number))
        self._confirm_links()
        self.notices.extend(_years_read(sheet, column, rows) for (sheet, column), rows in self.years_alone.items())

    def _columns(self, table: Table, kind: Kind) -> dict[str, int] | None:
        """Return the position of each of the kind's columns in the table; ``None`` (with a
        problem) when a required one is missing. The other columns are left out, with a notice."""
        positions: dict[str, int] = {}
        unknown = []
        for index, cell in enumerate(table.header):
            canonical = _canonical(kind, cell)
            if canonical is not None:
                positions[canonical] = index
            elif cell.strip():
                unknown.append(cell)
        if unknown:
            self._left_out(table, kind, unknown)
        missing = [c.name for c in kind.columns if c.required and c.name not in positions]
        if missing:
            self.problems.append(Problem(
                f"Verplichte kolom(men) ontbreken: {', '.join(missing)}. Voeg ze toe aan de "
                f"kolomnamen in rij {table.header_row} (zie het sjabloon).",
                f"Required column(s) missing: {', '.join(missing)}. Add them to the column names "
                f"in row {table.header_row} (see the template).", sheet=table.name,
                row=table.header_row))
            return None
        return positions

    def _left_out(self, table: Table, kind: Kind, unknown: list[str]) -> None:
        """Say which columns of a sheet the template does not have: they are not read, so what
        they hold (contact persons, remarks) never reaches the graph, and the notice says so."""
        names = [c.name for c in kind.columns]
        guesses = [(cell, guess[0]) for cell in unknown
                   if (guess := difflib.get_close_matches(_column_key(cell), names, n=1))]
        if len(unknown) == 1 and guesses:
            hint_nl, hint_en = f" Bedoelde je '{guesses[0][1]}'?", f" Did you mean '{guesses[0][1]}'?"
        elif guesses:
            hint_nl = " Bedoelde je " + listed([f"'{g}' voor '{c}'" for c, g in guesses], "en") + "?"
            hint_en = " Did you mean " + listed([f"'{g}' for '{c}'" for c, g in guesses], "and") + "?"
        else:
            hint_nl = hint_en = ""
        one = len(unknown) == 1
        columns = [f"'{cell}'" for cell in unknown]
        self.notices.append(Problem(
            f"{'Kolom' if one else 'De kolommen'} {listed(columns, 'en')} "
            f"{'hoort' if one else 'horen'} niet bij het sjabloon {kind.name} en "
            f"{'is' if one else 'zijn'} weggelaten: wat erin staat, wordt niet ingevoerd en "
            f"nergens bewaard.{hint_nl}",
            f"{'Column' if one else 'The columns'} {listed(columns, 'and')} "
            f"{'is' if one else 'are'} not part of the template {kind.name} and "
            f"{'was' if one else 'were'} left out: what {'it holds' if one else 'they hold'} is "
            f"neither imported nor stored.{hint_en}", sheet=table.name, row=table.header_row))

    def _example_row(self, row: "_Row", kind: Kind) -> None:
        """Refuse a row of the template's examples, which a coordinator left above their own."""
        row.problem("", "Deze rij is een voorbeeldrij van het sjabloon: verwijder ze en laat alleen "
                    "je eigen rijen staan.", "This row is an example row of the template: delete "
                    "it and keep only your own rows.", row.cells.get(kind.columns[0].name, ""))
        if kind.name == "organisaties":
            # Rows naming it then point here instead of saying it is missing from the sheet.
            self.failed_orgs.setdefault(name_key(row.cells["naam"]), (row.sheet, row.number))

    def _remember(self, iri: URIRef, row: "_Row", kind: str, label: str, kind_en: str) -> None:
        self.origins.setdefault(iri, Origin(row.sheet, row.number, kind, label, kind_en))

    def _name(self, iri: URIRef) -> str:
        """The name of an organisation or practice a cell named, for the preview: the ids of
        the two ends would not tell a coordinator which link is meant."""
        return self.names.get(iri) or _slug_of(iri)

    # -- organisations ----------------------------------------------------------------------

    def _organisaties(self, row: "_Row") -> None:
        name = row.text("naam", required=True)
        place = row.place()
        kbo_text = row.text("kbo-nummer")
        kbo = normalise_kbo(kbo_text) if kbo_text else None
        if kbo_text and kbo is None:
            row.problem("kbo-nummer",
                        f"'{kbo_text}' is geen geldig KBO-nummer (tien cijfers met een kloppend "
                        "controlegetal, bv. 0411.905.847). Verbeter het of laat de cel leeg.",
                        f"'{kbo_text}' is not a valid KBO number (ten digits with a correct "
                        "check number, e.g. 0411.905.847). Correct it or leave the cell empty.")
        org_type = row.concept("type", "organisatietype")
        sector = row.concept("sector", "sector")
        website = row.url("website")
        fictional = row.boolean("fictief")
        address = row.text("adres")
        description = row.text("toelichting")
        typed_decision = row.text("koppelen aan")
        decision = _organisation_decision(typed_decision)
        if not name:
            return
        key = name_key(name)
        if key in self.file_orgs:
            row.problem("naam", f"'{name}' staat twee keer in de organisaties. Laat één rij staan.",
                        f"'{name}' appears twice among the organisations. Keep one row.")
            return
        if decision and decision.lower() != NEW and not _is_iri(decision):
            row.problem("koppelen aan", f"'{decision}' is geen 'nieuw' en geen organisatie. Schrijf "
                        "'nieuw', of het adres van de pagina van de bestaande organisatie (https://...).",
                        f"'{decision}' is neither 'nieuw' nor an organisation. Write 'nieuw', or the "
                        "address of the existing organisation's page (https://...).")
        if row.failed:
            self.failed_orgs[key] = (row.sheet, row.number)
            return
        match = self.index.match(name, place.nis if place else None, kbo, decision)
        self.matches.append(match)
        if match.status == "twijfel" and decision and decision.lower() != NEW:
            # The words the coordinator typed, not the IRI they were read as.
            row.problem("koppelen aan", f"'koppelen aan' wijst naar {typed_decision}, maar daar staat geen "
                        "organisatie. Kopieer het adres van de pagina van de organisatie die je bedoelt, of schrijf "
                        "'nieuw'.",
                        f"'koppelen aan' points to {typed_decision}, but there is no organisation there. Copy the "
                        "address of the page of the organisation you mean, or write 'nieuw'.")
            self.failed_orgs[key] = (row.sheet, row.number)
            return
        if match.status == "twijfel":
            options = "; ".join(f"{self.index.with_place(iri)} <{iri}>"
                                for iri, _name, _score in match.candidates) or match.how
            row.problem("koppelen aan",
                        f"Twijfel: '{name}' lijkt op een organisatie die al bestaat ({options}). "
                        "Zet in de kolom 'koppelen aan' 'nieuw' als het een andere organisatie "
                        "is, of het adres van de pagina van de bestaande als het dezelfde is.",
                        f"Doubtful: '{name}' resembles an existing organisation ({options}). "
                        "Put 'nieuw' in the column 'koppelen aan' if it is another "
                        "organisation, or the address of the existing one's page if it is the same.")
            self.failed_orgs[key] = (row.sheet, row.number)
            return
        g = self.graph
        if match.status == "gekoppeld":
            iri = URIRef(match.iri)
            self._linked_name(row, iri, name, match.label)
            label = match.label if name == match.label else f"{match.label} ({name})"
        else:
            iri = instance("organisatie", slugify(name))
            if self.known.is_subject(str(iri)) or iri in self.file_orgs.values():
                iri = instance("organisatie", slugify(f"{name} {place.name if place else ''}"))
            g.add((iri, RDF.type, ORG.Organization))
            g.add((iri, SKOS.prefLabel, Literal(name, lang="nl")))
            g.add((iri, OH.searchText, _search_text(name)))
            label = name
        self.file_orgs[key] = iri
        self.names.setdefault(iri, match.label or name)
        self._remember(iri, row, "organisatie", label, "organisation")
        if org_type:
            g.add((iri, ORG.classification, org_type))
        if sector:
            g.add((iri, CV.sector, sector))
        if place:
            g.add((iri, DCTERMS.spatial, URIRef(place.iri)))
        if website:
            g.add((iri, FOAF.homepage, website))
        if description:
            g.add((iri, DCTERMS.description, Literal(description, lang="nl")))
        if fictional:
            g.add((iri, OH.fictional, Literal(True)))
            self.fictional.add(iri)
        if address or (place and row.text("postcode")):
            node = URIRef(f"{iri}/adres")
            g.add((iri, LOCN.address, node))
            g.add((node, RDF.type, LOCN.Address))
            if address:
                g.add((node, LOCN.thoroughfare, Literal(address)))
            if row.text("postcode"):
                g.add((node, LOCN.postCode, Literal(row.text("postcode"))))
            if place:
                g.add((node, LOCN.adminUnitL2, Literal(place.name, lang="nl")))
        if kbo:
            node = URIRef(f"{iri}/kbo")
            g.add((iri, RDF.type, ROV.RegisteredOrganization))
            g.add((iri, ADMS.identifier, node))
            g.add((node, RDF.type, ADMS.Identifier))
            g.add((node, SKOS.notation, Literal(kbo)))
            g.add((node, ADMS.schemaAgency, Literal("KBO")))

    def _linked_name(self, row: "_Row", iri: URIRef, name: str, known_name: str) -> None:
        """Keep the file's name of an organisation linked to one of the graph under another name
        as another name of it (found by search too), and say that the graph's name stays."""
        if name_key(name) == name_key(known_name):
            return
        self.graph.add((iri, SKOS.altLabel, Literal(name, lang="nl")))
        self.graph.add((iri, OH.searchText, _search_text(name)))
        self.notices.append(Problem(
            f"De naam in de graaf blijft '{known_name}'; de naam '{name}' uit het bestand wordt als "
            "andere naam (skos:altLabel) bewaard.",
            f"The name in the graph stays '{known_name}'; the name '{name}' of the file is kept as "
            "another name (skos:altLabel).", sheet=row.sheet, row=row.number, column="naam",
            value=name))

    def organisation(self, row: "_Row", column: str) -> URIRef | None:
        """Find the organisation a cell names: an IRI, an organisation of this file, or one in
        the graph with exactly that name."""
        text = _thing_iri(row.text(column, required=True))
        if not text:
            return None
        if _is_iri(text):
            found = self.known.organisation(text)
            if found is not None:
                self.names.setdefault(URIRef(text), found.name)
            if found is not None or URIRef(text) in self.file_orgs.values():
                return URIRef(text)
            row.problem(column, f"Er is geen organisatie met IRI {text}. Controleer de IRI, of "
                        "schrijf de naam.", f"There is no organisation with IRI {text}. Check "
                        "the IRI, or write the name.")
            return None
        key = name_key(text)
        if key in self.file_orgs:
            return self.file_orgs[key]
        if key in self.failed_orgs:
            # Said once, at its own row; here only where to look, not "add it to the sheet".
            sheet, number = self.failed_orgs[key]
            row.problem(column, f"'{text}' staat op het blad {sheet} (rij {number}), maar die rij heeft een "
                        "fout: verbeter eerst die rij.", f"'{text}' is on the sheet {sheet} (row {number}), "
                        "but that row has an error: correct that row first.")
            return None
        names = self.known.names
        exact = names.by_key.get(key, [])
        if len(exact) == 1:
            self.names.setdefault(URIRef(exact[0]), names.organisations[exact[0]].name)
            return URIRef(exact[0])
        if len(exact) > 1:
            row.problem(column, f"Er zijn {len(exact)} organisaties met de naam '{text}' "
                        f"({', '.join(exact)}). Schrijf de IRI van de bedoelde organisatie.",
                        f"There are {len(exact)} organisations named '{text}'. Write the IRI of "
                        "the one meant.")
            return None
        close = close_names(key, [*names.by_key, *self.file_orgs], 3, 0.75)
        hint = [names.organisations[names.by_key[k][0]].name
                if k in names.by_key else k for k in close]
        hint_nl = f" Bedoelde je: {'; '.join(hint)}?" if hint else ""
        hint_en = f" Did you mean: {'; '.join(hint)}?" if hint else ""
        row.problem(column, f"Organisatie '{text}' niet gevonden.{hint_nl} Voeg ze toe op het "
                    "blad organisaties, of schrijf de naam zoals in OverHoop of de IRI.",
                    f"Organisation '{text}' not found.{hint_en} Add it to the organisaties "
                    "sheet, or write its name as in OverHoop, or its IRI.")
        return None

    # -- partnerships -------------------------------------------------------------------------

    def _samenwerkingen(self, row: "_Row") -> None:
        collaboration = self.organisation(row, "samenwerkingsverband")
        member = self.organisation(row, "lid")
        role = row.concept("rol", "rol") or concept("rol", "lid")
        since, until = row.period()
        if row.failed or collaboration is None or member is None:
            return
        if collaboration == member:
            row.problem("lid", "Een organisatie kan geen lid zijn van zichzelf.",
                        "An organisation cannot be a member of itself.")
            return
        iri = instance("lidmaatschap", f"{_slug_of(member)}--{_slug_of(collaboration)}")
        g = self.graph
        self._remember(iri, row, "lidmaatschap", f"{self._name(member)} in {self._name(collaboration)}",
                       "membership")
        g.add((collaboration, RDF.type, ORG.OrganizationalCollaboration))
        g.add((iri, RDF.type, ORG.Membership))
        g.add((iri, ORG.member, member))
        g.add((iri, ORG.organization, collaboration))
        g.add((iri, ORG.role, role))
        g.add((iri, PROV.wasAttributedTo, self.agent))
        _add_period(g, iri, since, until)
        self._mark_fictional(iri, member, collaboration)

    # -- referral links -----------------------------------------------------------------------

    def _verbindingen(self, row: "_Row") -> None:
        source = self.organisation(row, "van")
        target = self.organisation(row, "naar")
        written = row.concept("soort", "verbinding")
        kind = written or concept("verbinding", "doorverwijzing")
        audiences = row.concepts("doelgroepen", "doelgroep")
        # Only for a kind that could be read: a kind that was not has its own problem already.
        if kind == concept("verbinding", "doorverwijzing") and not row.text("doelgroepen") and \
                (written or not row.text("soort")):
            unwritten_nl, unwritten_en = ("", "") if written else (
                "Zonder soort is een verbinding een doorverwijzing. ", "Without a kind a link is a referral. ")
            row.problem("doelgroepen", f"{unwritten_nl}Een doorverwijzing heeft minstens één doelgroep: vul "
                        "'doelgroepen' in (bv. ouders | 3-6-jaar). Enkel een samenwerking, gezamenlijk aanbod "
                        "of informatie-uitwisseling mag zonder.", f"{unwritten_en}A referral has at least one "
                        "target group: fill in 'doelgroepen' (e.g. ouders | 3-6-jaar). Only a collaboration, "
                        "joint offer or information exchange may go without.")
        since, until = row.period()
        confirmed = row.boolean("bevestigd")
        description = row.text("toelichting")
        if row.failed or source is None or target is None:
            return
        if source == target:
            row.problem("naar", "'van' en 'naar' zijn dezelfde organisatie. Een verbinding loopt "
                        "tussen twee verschillende organisaties.", "'van' and 'naar' are the "
                        "same organisation. A link joins two different organisations.")
            return
        kind_slug = str(kind).rsplit("/", 1)[-1]
        iri = referral_iri(source, target, kind_slug)
        link = Graph()
        link.add((iri, RDF.type, OH.Referral))
        link.add((iri, OH.referrer, source))
        link.add((iri, OH.referredTo, target))
        link.add((iri, OH.referralKind, kind))
        for audience in audiences:
            link.add((iri, DCTERMS.audience, audience))
        _add_period(link, iri, since, until)
        if description:
            link.add((iri, DCTERMS.description, Literal(description, lang="nl")))
        if self._repeats(row, iri, (frozenset(link), confirmed)):
            return
        # The preview names the link by its kind (samenwerking, informatie-uitwisseling, ...):
        # all of them are links of this sheet, and the kind is what tells them apart.
        kind_concept = concepts(self.known.store, "verbinding").get(str(kind), {})
        self._remember(iri, row, (kind_concept.get("label") or kind_slug).lower(),
                       f"{self._name(source)} → {self._name(target)}",
                       (kind_concept.get("label_en") or kind_concept.get("label") or kind_slug).lower())
        link.add((iri, PROV.wasAttributedTo, self.agent))
        self.graph += link
        self._links.append((iri, source, target, kind_slug, confirmed))
        self._mark_fictional(iri, source, target)

    def _repeats(self, row: "_Row", iri: URIRef, content: tuple) -> bool:
        """Whether ``row`` states the same link with the same facts as an earlier row (then it is
        counted once, with a notice); a row adding facts to an earlier row's link gets a notice
        too, as organisations named twice are not silently merged either."""
        earlier = self._link_rows.setdefault(iri, (row.sheet, row.number, content))
        if earlier[:2] == (row.sheet, row.number):
            return False
        sheet, number, earlier_content = earlier
        where_nl = f"rij {number}" + (f" van {sheet}" if sheet != row.sheet else "")
        where_en = f"row {number}" + (f" of {sheet}" if sheet != row.sheet else "")
        if content == earlier_content:
            self.notices.append(Problem(
                f"Rij {row.number} herhaalt {where_nl} en telt één keer.",
                f"Row {row.number} repeats {where_en} and counts once.",
                sheet=row.sheet, row=row.number))
            return True
        for predicate, column in ((SCHEMA.startDate, "sinds"), (SCHEMA.endDate, "tot")):
            dates = {str(o) for triples in (content[0], earlier_content[0]) for _s, p, o in triples if p == predicate}
            if len(dates) > 1:
                first, second = sorted(dates)
                row.problem(column, f"Rij {row.number} gaat over dezelfde verbinding als {where_nl} (van, naar en "
                            f"soort) met een andere '{column}' ({first} en {second}): een verbinding heeft één "
                            "datum. Laat één rij staan of geef beide dezelfde datum.",
                            f"Row {row.number} is about the same link as {where_en} (van, naar and soort) with "
                            f"another '{column}' ({first} and {second}): a link has one date. Keep one row or give "
                            "both the same date.")
                return True
        self.notices.append(Problem(
            f"Rij {row.number} gaat over dezelfde verbinding als {where_nl} (van, naar en soort): "
            "hun gegevens worden samengevoegd tot één verbinding.",
            f"Row {row.number} is about the same link as {where_en} (van, naar and soort): their "
            "facts are merged into one link.", sheet=row.sheet, row=row.number))
        return False

    def _confirm_links(self) -> None:
        """Mark as confirmed the file's links that say so or that another contributor stated
        already (and that contributor's link too), asking about all the file's links at once."""
        if not self._links:
            return
        stated = self.known.links_between(end for link in self._links for end in link[1:3])
        for iri, source, target, kind_slug, confirmed in self._links:
            stated_by_other = self._stated_by_others(stated, source, target, kind_slug)
            if confirmed or stated_by_other:
                self.graph.add((iri, OH.confirmed, Literal(True)))
            for other in stated_by_other:
                self.graph.add((URIRef(other), OH.confirmed, Literal(True)))

    def _stated_by_others(self, stated: dict[str, dict], source: URIRef, target: URIRef,
                          kind: str) -> list[str]:
        """Return the links stated by another contributor that this one confirms."""
        found = []
        for iri, link in stated.items():
            if not link["agents"] or link["agents"] == {str(self.agent)}:
                continue
            same_kind = (link["kind"] or str(concept("verbinding", "doorverwijzing"))).endswith("/" + kind)
            same = link["from"] == str(source) and link["to"] == str(target)
            reverse = link["from"] == str(target) and link["to"] == str(source) and kind in TWO_WAY
            if same_kind and (same or reverse):
                found.append(iri)
        return found

    # -- practices offered locally ---------------------------------------------------------------

    def _praktijken(self, row: "_Row") -> None:
        organisation = self.organisation(row, "organisatie")
        practice = self.practice(row)
        place = row.place(required=False)
        since = row.date("sinds")
        description = row.text("toelichting")
        if row.failed or organisation is None or practice is None:
            return
        iri = instance("deelname", f"{_slug_of(organisation)}--{_slug_of(practice)}")
        g = self.graph
        self._remember(iri, row, "deelname", f"{self._name(organisation)} → {self._name(practice)}",
                       "participation")
        g.add((practice, CV.hasParticipation, iri))
        g.add((iri, RDF.type, CV.Participation))
        g.add((iri, CV.hasParticipant, organisation))
        g.add((iri, CV.role, concept("rol", "uitvoerder")))
        g.add((iri, PROV.wasAttributedTo, self.agent))
        if place:
            g.add((iri, DCTERMS.spatial, URIRef(place.iri)))
        if since:
            g.add((iri, SCHEMA.startDate, Literal(since.isoformat(), datatype=XSD.date)))
        if description:
            g.add((iri, DCTERMS.description, Literal(description, lang="nl")))
        self._mark_fictional(iri, organisation)

    def practice(self, row: "_Row") -> URIRef | None:
        """Find the practice of the note a cell names (IRI or name)."""
        text = _thing_iri(row.text("praktijk", required=True))
        if not text:
            return None
        if _is_iri(text):
            title = self.known.practice(text)
            if title is not None:
                self.names.setdefault(URIRef(text), title)
                return URIRef(text)
            row.problem("praktijk", f"Er is geen praktijk met IRI {text}.",
                        f"There is no practice with IRI {text}.")
            return None
        names = self.known.names
        found = names.practice_keys.get(name_key(text), [])
        if len(found) == 1:
            self.names.setdefault(URIRef(found[0]), names.practices[found[0]])
            return URIRef(found[0])
        close = close_names(name_key(text), names.practice_keys, 3, 0.6)
        hint = "; ".join(names.practices[names.practice_keys[k][0]] for k in close)
        row.problem("praktijk",
                    f"Praktijk '{text}' niet gevonden in de inspiratienota."
                    + (f" Bedoelde je: {hint}?" if hint else "")
                    + " Schrijf de naam zoals op de praktijkpagina, of de IRI.",
                    f"Practice '{text}' not found in the inspiration note."
                    + (f" Did you mean: {hint}?" if hint else "")
                    + " Write the name as on the practice page, or its IRI.")
        return None

    def _mark_fictional(self, iri: URIRef, *ends: URIRef) -> None:
        if any(end in self.fictional for end in ends):
            self.graph.add((iri, OH.fictional, Literal(True)))


def referral_iri(source: URIRef, target: URIRef, kind_slug: str) -> URIRef:
    """Return the IRI of the link from ``source`` to ``target`` of a kind: the same link stated
    twice, by whoever, gets the same IRI.

    Examples
    --------
    >>> from graph.namespaces import instance
    >>> str(referral_iri(instance("organisatie", "a"), instance("organisatie", "b"), "samenwerking"))
    'https://w3id.org/overhoop/id/doorverwijzing/a--b--samenwerking'
    """
    return instance("doorverwijzing", f"{_slug_of(source)}--{_slug_of(target)}--{kind_slug}")


def _years_read(sheet: str, column: str, rows: list[int]) -> Problem:
    """The notice that a column held years alone, read as the first ('sinds') or last ('tot') day."""
    day_nl, day_en = ("31 december", "31 December") if column == "tot" else ("1 januari", "1 January")
    numbers = [str(row) for row in rows]
    where_nl = f"rij {numbers[0]}" if len(rows) == 1 else f"de rijen {listed(numbers, 'en')}"
    where_en = f"row {numbers[0]} holds" if len(rows) == 1 else f"rows {listed(numbers, 'and')} hold"
    return Problem(f"In kolom '{column}' staat op {where_nl} alleen een jaar; dat wordt gelezen als {day_nl} van dat "
                   "jaar. Schrijf de volledige datum als je een andere dag bedoelt.",
                   f"In column '{column}', {where_en} a year alone, read as {day_en} of that year. "
                   "Write the full date if you mean another day.",
                   sheet=sheet, row=rows[0] if len(rows) == 1 else None, column=column)


def _skipped_above(table: Table) -> Problem:
    """The notice of a sheet whose column names stand below a title: which rows were skipped."""
    skipped = [str(number) for number in table.skipped]
    one = len(skipped) == 1
    return Problem(
        f"De kolomnamen staan op rij {table.header_row}; {'rij' if one else 'rijen'} "
        f"{listed(skipped, 'en')} erboven {'is' if one else 'zijn'} overgeslagen.",
        f"The column names are on row {table.header_row}; {'row' if one else 'rows'} "
        f"{listed(skipped, 'and')} above them {'was' if one else 'were'} skipped.",
        sheet=table.name, row=table.header_row)


def _unrecognised(table: Table) -> Problem:
    """The problem of a sheet that fits no template: its first row holds no column names."""
    found = ", ".join(cell for cell in table.header[:6] if cell)
    return Problem(
        f"Blad of bestand '{table.name}' niet herkend: de eerste rij moet de kolomnamen van een "
        f"sjabloon (organisaties, samenwerkingen, verbindingen, praktijken) bevatten, maar bevat "
        f"'{found}'; zet de kolomnamen uit het sjabloon in de eerste rij.",
        f"Sheet or file '{table.name}' not recognised: the first row must hold the column names "
        f"of a template (organisaties, samenwerkingen, verbindingen, praktijken), but holds "
        f"'{found}'; put the template's column names in the first row.",
        sheet=table.name, row=table.header_row)


def _iris_named(organisation_tables, all_tables) -> set[str]:
    """The IRIs a file's rows may ask about: the cells written as an IRI, and the IRI a new
    organisation would get from its name (see ``_organisaties``)."""
    iris = {_thing_iri(cell.strip()) for tables in all_tables for table, _positions in tables
            for _number, cells in table.rows for cell in cells if _is_iri(cell.strip())}
    for table, positions in organisation_tables:
        if "naam" in positions:
            iris.update(str(instance("organisatie", slugify(cells[positions["naam"]].strip())))
                        for _number, cells in table.rows if positions["naam"] < len(cells))
    return iris


def _names_to_compare(organisation_tables) -> list[str]:
    """The names of a file's organisations that matching compares with the graph's: those whose
    'koppelen aan' does not decide (see ``_organisaties``)."""
    def cell(cells: list[str], positions: dict[str, int], column: str) -> str:
        return cells[positions[column]].strip() if positions.get(column, len(cells)) < len(cells) else ""

    return [cell(cells, positions, "naam") for table, positions in organisation_tables
            for _number, cells in table.rows
            if cell(cells, positions, "naam") and not cell(cells, positions, "koppelen aan")]


def _search_text(name: str) -> Literal:
    """The ``oh:searchText`` of a name an import writes: its slug's words (search keys it)."""
    return Literal(slugify(name, 500).replace("-", " "))


def _cell_key(text: str) -> str:
    """A cell as :meth:`Kind.is_example` compares it: a date as the date, else folded text."""
    try:
        written = _parse_date(text)
    except ValueError:
        written = None
    return written.isoformat() if written else fold(text)


def _parse_date(text: str) -> date | None:
    """Return the date written as ``YYYY-MM-DD`` or ``DD/MM/YYYY`` (also with ``.`` or ``-``).

    Returns
    -------
    date or None
        ``None`` for text in neither form.

    Raises
    ------
    ValueError
        For a date in one of these forms that does not exist (``2023-02-30``).

    Examples
    --------
    >>> _parse_date("1/09/2023"), _parse_date("2023-09-01"), _parse_date("september")
    (datetime.date(2023, 9, 1), datetime.date(2023, 9, 1), None)
    """
    for pattern in _DATE_FORMATS:
        found = pattern.match(text.strip())
        if found:
            return date(int(found["y"]), int(found["m"]), int(found["d"]))
    return None


def _slug_of(iri: URIRef) -> str:
    return slugify(str(iri).rstrip("/").rsplit("/", 1)[-1], 80)


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://"))


# The address of an organisation's or practice's page in the app, as a coordinator copies it from
# the browser: https://<any host>/organisatie/<id> or /id/organisatie/<id>, perhaps with ?lang=en.
_PAGE_ADDRESS = re.compile(r"^https?://[^/?#]+/(?:id/)?(organisatie|praktijk)/([a-z0-9][a-z0-9-]*)/?(?:[?#].*)?$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def _thing_iri(text: str) -> str:
    """The IRI a cell means: the address of a page of the app becomes the IRI of what it shows;
    any other text stays as it is."""
    found = _PAGE_ADDRESS.match(text)
    return str(instance(found[1], found[2])) if found else text


def _organisation_decision(text: str) -> str:
    """What 'koppelen aan' decides, as ``nieuw`` or an IRI: an organisation's page address or its
    id (``huis-van-het-kind-leuven``, as on its page) is read as its IRI."""
    if text.lower() != NEW and _ID.match(text):
        return str(instance("organisatie", text))
    return _thing_iri(text)


def _add_period(g: Graph, iri: URIRef, since: date | None, until: date | None) -> None:
    if since:
        g.add((iri, SCHEMA.startDate, Literal(since.isoformat(), datatype=XSD.date)))
    if until:
        g.add((iri, SCHEMA.endDate, Literal(until.isoformat(), datatype=XSD.date)))


class _Row:
    """One row being read: typed access to its cells, problems attached to its place."""

    def __init__(self, builder: Builder, sheet: str, number: int, cells: dict[str, str]):
        self.builder, self.sheet, self.number, self.cells = builder, sheet, number, cells
        self.failed = False
        for column, value in cells.items():
            if value in EMPTY_PLACEHOLDERS:
                cells[column] = ""
            elif value.startswith(FORMULA_START):
                self.problem(column,
                             f"De cel begint met '{value[0]}' en kan in een spreadsheet als "
                             "formule uitgevoerd worden; formules worden geweigerd. Verwijder het "
                             "teken vooraan (of de formule) en typ de tekst zelf.",
                             f"The cell starts with '{value[0]}' and may run as a formula in a "
                             "spreadsheet; formulas are refused. Remove the leading sign (or the "
                             "formula) and type the text itself.", value)
                cells[column] = ""

    def problem(self, column: str, nl: str, en: str, value: str | None = None) -> None:
        self.failed = True
        self.builder.problems.append(Problem(
            nl, en, sheet=self.sheet, row=self.number, column=column,
            value=self.cells.get(column, "") if value is None else value))

    def text(self, column: str, required: bool = False) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value and not any(
                p.sheet == self.sheet and p.row == self.number and p.column == column
                for p in self.builder.problems):
            self.problem(column, f"'{column}' is leeg. Vul het in; het is verplicht.",
                         f"'{column}' is empty. Fill it in; it is required.")
        return value

    def boolean(self, column: str) -> bool:
        value = fold(self.text(column))
        if value in YES:
            return True
        if value not in NO:
            self.problem(column, f"'{self.cells[column]}' is geen ja of nee. Schrijf 'ja' of 'nee'.",
                         f"'{self.cells[column]}' is not yes or no. Write 'ja' or 'nee'.")
        return False

    def date(self, column: str) -> date | None:
        value = self.text(column)
        if not value:
            return None
        if _YEAR.match(value):
            return self._year(column, value)
        try:
            written = _parse_date(value)
        except ValueError:
            self.problem(column, f"De datum '{value}' bestaat niet (kijk de dag en de "
                         "maand na). Schrijf een bestaande datum, bv. 2024-02-29.",
                         f"The date '{value}' does not exist (check the day and the "
                         "month). Write a real date, e.g. 2024-02-29.")
            return None
        if written:
            return written
        self.problem(column, f"'{value}' is geen datum. Schrijf JJJJ-MM-DD of DD/MM/JJJJ, bv. "
                     "2024-09-01 of 01/09/2024.", f"'{value}' is not a date. Write YYYY-MM-DD "
                     "or DD/MM/YYYY, e.g. 2024-09-01 or 01/09/2024.")
        return None

    def _year(self, column: str, value: str) -> date:
        """Read a year alone as the first day of it in 'sinds' and the last in 'tot', so that the
        period covers the whole year (said once per column, see :func:`_years_read`)."""
        self.builder.years_alone.setdefault((self.sheet, column), []).append(self.number)
        return date(int(value), 12, 31) if column == "tot" else date(int(value), 1, 1)

    def period(self) -> tuple[date | None, date | None]:
        since, until = self.date("sinds"), self.date("tot")
        if since and until and until < since:
            self.problem("tot", f"'tot' ({until}) ligt voor 'sinds' ({since}). Verwissel of "
                         "verbeter de datums.", f"'tot' ({until}) is before 'sinds' ({since}). "
                         "Swap or correct the dates.")
        return since, until

    def concept(self, column: str, scheme: str) -> URIRef | None:
        value = self.text(column)
        if not value:
            return None
        iri = self.builder.known.concept(scheme, value)
        if iri is None:
            self._unknown_concept(column, scheme, value)
            return None
        return URIRef(iri)

    def concepts(self, column: str, scheme: str) -> list[URIRef]:
        found = []
        for value in filter(None, (v.strip() for v in _LIST_SEPARATORS.split(self.text(column)))):
            iri = self.builder.known.concept(scheme, value)
            if iri is None:
                self._unknown_concept(column, scheme, value)
            else:
                found.append(URIRef(iri))
        return found

    def _unknown_concept(self, column: str, scheme: str, value: str) -> None:
        choices = self.builder.known.concept_choices(scheme)
        close = difflib.get_close_matches(slugify(value), choices, n=3, cutoff=0.5)
        hint = f" Bedoelde je: {', '.join(close)}?" if close else ""
        hint_en = f" Did you mean: {', '.join(close)}?" if close else ""
        self.problem(column, f"'{value}' staat niet in de lijst '{scheme}'.{hint} Mogelijk: "
                     f"{', '.join(choices)}.", f"'{value}' is not in the list '{scheme}'."
                     f"{hint_en} Possible: {', '.join(choices)}.", value)

    def url(self, column: str) -> URIRef | None:
        value = self.text(column)
        if not value:
            return None
        if value.lower().startswith("www."):
            value = "https://" + value
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", value):
            self.problem(column, f"'{self.cells[column]}' is geen volledig webadres. Schrijf het "
                         "als https://voorbeeld.be, zonder spaties.", f"'{self.cells[column]}' "
                         "is not a full web address. Write it as https://example.be, without "
                         "spaces.")
            return None
        return URIRef(value)

    def place(self, required: bool = True):
        municipality, postcode = self.text("gemeente"), self.text("postcode")
        if not municipality and not postcode and not required:
            return None
        try:
            return resolve_place(self.builder.known, municipality, postcode)
        except PlaceError as error:
            self.problem("gemeente" if municipality or not postcode else "postcode",
                         error.message_nl, error.message_en)
            return None
