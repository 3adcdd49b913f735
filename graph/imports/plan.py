"""Preview an import: read the files, check every row and the SHACL shapes, match organisations,
and say what would be added, changed and matched, without writing anything.

:func:`preview` returns an :class:`ImportPlan`; :func:`graph.imports.contributions.apply`
writes a plan without problems as one contribution.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

from graph.imports.contribution_list import AND, blocking_contributions, describe_contribution, list_contributions
from graph.imports.known import BATCH, load_known, name_index
from graph.imports.matching import Match
from graph.imports.problems import Problem, listed
from graph.imports.rdfinput import add_dataset
from graph.imports.readers import MAX_FILE_BYTES, read_upload
from graph.imports.rows import KINDS, Builder, Origin, header_kind
from graph.namespaces import CV, LOCN, OH, ORG, SCHEMA, instance, node_kind, slugify
from graph.queries import prepared
from graph.store import Store
from graph.validate import load_shapes, validate_graph

DEFAULT_AGENT = "beheerder"
# The kinds of graph.namespaces.node_kind in English, for a subject the file only adds facts to.
_NODE_KINDS_EN = {"praktijk": "practice", "samenwerking": "partnership", "organisatie": "organisation",
                  "persoon": "person", "doelgroep": "target group", "ander": "other"}
# What a row of the organisations template states once, by its column (nl, en). A contribution
# adds and is withdrawn whole, so a new value stands next to the graph's instead of in its place;
# the preview says so, and which contribution to withdraw if the old value is wrong.
_STATED_ONCE = {CV.sector: ("sector", "sector"), ORG.classification: ("type", "type"),
                FOAF.homepage: ("website", "website"), DCTERMS.spatial: ("gemeente", "municipality"),
                LOCN.thoroughfare: ("adres", "address"), LOCN.postCode: ("postcode", "postcode"),
                ORG.role: ("rol", "role"), SCHEMA.startDate: ("sinds", "since"), SCHEMA.endDate: ("tot", "until")}
# Of those, what a link (oh:Referral) has one of by its shapes: a second one is refused, not added.
_ONE_PER_LINK = (SCHEMA.startDate, SCHEMA.endDate)


@dataclass
class Change:
    """A subject the import adds, or an existing one it adds facts to; ``kind`` says what it is
    in Dutch (``organisatie``, ``lidmaatschap``, ``doorverwijzing``, ...), ``kind_en`` in English."""

    iri: str
    kind: str
    label: str
    sheet: str
    row: int | None
    triples: int
    kind_en: str = ""

    def to_dict(self) -> dict:
        """Return the change as a plain dict (for JSON)."""
        return dict(self.__dict__)


@dataclass
class ImportPlan:
    """What an import would do; nothing is written until :func:`apply`.

    Attributes
    ----------
    files : list of (name, sha256, size)
    graph : rdflib.Graph
        The triples of the contribution.
    problems : list of Problem
        Errors: while there is one, the import is refused.
    notices : list of Problem
        Remarks that do not stop the import.
    matches : list of Match
    added, changed : list of Change
    new_triples : int
        Triples not in the store yet.
    already : str
        The id of a contribution made from the same file(s), if any.
    """

    files: list[tuple[str, str, int]]
    agent: str
    graph: Graph = field(default_factory=Graph)
    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)
    matches: list[Match] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    changed: list[Change] = field(default_factory=list)
    new_triples: int = 0
    already: str = ""
    basis: frozenset = frozenset()
    data: list[tuple[bytes, str]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the plan can be applied (no problems)."""
        return not self.problems

    @property
    def checksum(self) -> str:
        """SHA-256 of the file, or of the files' checksums for several files."""
        if len(self.files) == 1:
            return self.files[0][1]
        return hashlib.sha256("".join(sorted(f[1] for f in self.files)).encode()).hexdigest()

    @property
    def content_hash(self) -> str:
        """SHA-256 of the contribution's sorted N-Triples: the same content, the same hash."""
        lines = sorted(line for line in self.graph.serialize(format="nt").splitlines() if line)
        return hashlib.sha256("\n".join(lines).encode()).hexdigest()

    @property
    def changes_nothing(self) -> bool:
        """Whether applying would leave the store as it is."""
        return bool(self.already) or self.new_triples == 0

    def to_dict(self) -> dict:
        """Return the plan as plain data (for JSON and the preview page)."""
        return {
            "ok": self.ok,
            "files": [{"name": n, "sha256": s, "bytes": b} for n, s, b in self.files],
            "agent": self.agent,
            "triples": len(self.graph),
            "new_triples": self.new_triples,
            "changes_nothing": self.changes_nothing,
            "already": self.already,
            "problems": [p.to_dict() for p in self.problems],
            "notices": [p.to_dict() for p in self.notices],
            "matches": [m.to_dict() for m in self.matches],
            "added": [c.to_dict() for c in self.added],
            "changed": [c.to_dict() for c in self.changed],
        }

    def summary(self) -> str:
        """Return a few Dutch lines (English in brackets) saying what the import would do."""
        lines = []
        linked = [m for m in self.matches if m.status == "gekoppeld"]
        if self.problems:
            lines.append(f"{len(self.problems)} fout(en): er wordt niets ingevoerd. "
                         f"({len(self.problems)} error(s): nothing is imported.)")
            lines.extend(f"  - {problem}" for problem in self.problems)
        for notice in self.notices:
            lines.append(f"  let op: {notice}")
        if self.already:
            lines.append(f"Dit bestand werd al ingevoerd als {self.already}: er verandert niets. "
                         "(Already imported: nothing changes.)")
        elif self.ok and self.new_triples == 0:
            lines.append("Alles in dit bestand staat al in de graaf: er verandert niets. "
                         "(Everything is in the graph already: nothing changes.)")
        if self.problems:
            return "\n".join(lines)
        for change in self.added:
            lines.append(f"  + {change.kind}: {change.label} <{change.iri}>")
        for change in self.changed:
            lines.append(f"  ~ {change.kind}: {change.label} <{change.iri}> "
                         f"(+{change.triples} triples)")
        for match in linked:
            lines.append(f"  = '{match.name}' gekoppeld aan {match.label} <{match.iri}> ({match.how})")
        lines.append(f"Nieuw: {len(self.added)}, gewijzigd: {len(self.changed)}, gekoppeld: "
                     f"{len(linked)}, nieuwe triples: {self.new_triples}. (Added, changed, "
                     "matched, new triples.)")
        return "\n".join(lines)


def agent_iri(agent: str) -> URIRef:
    """Return the IRI of the pseudonymous agent behind a contribution.

    Examples
    --------
    >>> str(agent_iri("Coördinator Gent"))
    'https://w3id.org/overhoop/id/agent/coordinator-gent'
    """
    return instance("agent", slugify(agent) or DEFAULT_AGENT)


def preview(store: Store, file_bytes: bytes, filename: str, agent: str = DEFAULT_AGENT,
            limit: int = MAX_FILE_BYTES) -> ImportPlan:
    """Check one file and say what importing it would do; write nothing.

    Parameters
    ----------
    store : Store
        The store the file would be imported into.
    file_bytes : bytes
        The file's content.
    filename : str
        Its name (the extension picks the reader).
    agent : str
        The pseudonym of who imports it.
    limit : int
        The largest file accepted, in bytes.

    Returns
    -------
    ImportPlan

    Examples
    --------
    >>> from graph.store import open_store
    >>> from graph.build import build
    >>> store = open_store("memory"); _ = build(store)
    >>> plan = preview(store, b"naam;gemeente;fictief\\nFictief Huis Zonnedorp;Leuven;ja\\n", "o.csv")
    >>> plan.ok, [c.label for c in plan.added]
    (True, ['Fictief Huis Zonnedorp'])
    """
    return preview_files(store, [(file_bytes, filename)], agent, limit)


def preview_files(store: Store, files: list[tuple[bytes, str]], agent: str = DEFAULT_AGENT,
                  limit: int = MAX_FILE_BYTES) -> ImportPlan:
    """Check several files as one contribution (say the CSV of each kind); write nothing.

    See :func:`preview`.
    """
    plan = ImportPlan(
        files=[(name, hashlib.sha256(data).hexdigest(), len(data)) for data, name in files],
        agent=agent, data=list(files))
    known = load_known(store)
    builder = Builder(known, agent_iri(agent))
    uploads = [read_upload(data, name, limit, is_header=header_kind) for data, name in files]
    for upload in uploads:
        builder.problems.extend(upload.problems)
    builder.add_tables([table for upload in uploads for table in upload.tables])
    for upload in uploads:
        if upload.dataset is not None:
            add_dataset(builder, upload.dataset, upload.filename)
    if not builder.graph and not builder.problems:
        builder.problems.append(Problem(
            "Het bestand bevat geen gegevens om in te voeren (alleen een kop, of lege rijen). "
            "Vul minstens één rij in onder de kolomnamen.",
            "The file holds no data to import (only a header, or empty rows). Fill in at least "
            "one row below the column names."))
    present = describe(store, builder.graph.subjects())
    notices, refusals = _second_values(store, builder, present)
    builder.notices.extend(notices)
    builder.problems.extend(refusals)
    builder.problems.extend(_shape_problems(store, builder, known.concept_schemes, present,
                                            said={(p.focus, p.path) for p in refusals}))
    plan.graph = builder.graph
    plan.problems = builder.problems
    plan.notices = builder.notices
    plan.matches = builder.matches
    contributions = store.select(prepared("contributions"))
    plan.basis = frozenset(row["graph"] for row in contributions)
    plan.already = next((row["graph"].rsplit("/", 1)[-1] for row in contributions
                         if row["checksum"] == plan.checksum), "")
    _changes(plan, present, builder.origins)
    return plan


@dataclass(frozen=True)
class _Refusal(Problem):
    """A problem about one fact (``focus``, ``path``), so the shapes' own message for it is left out."""

    focus: str = ""
    path: str = ""


def _second_values(store: Store, builder: Builder, present: Graph) -> tuple[list[Problem], list[_Refusal]]:
    """For each value the file gives next to another the graph has for something stated once
    (:data:`_STATED_ONCE`), a notice naming the old value and where it comes from; for the date
    of a link, which has one, a refusal saying the same."""
    added = [(s, p, o) for s, p, o in builder.graph - present
             if p in _STATED_ONCE and any(old != o for old in present.objects(s, p))]
    if not added:
        return [], []
    listed_contributions = list_contributions(store)
    contributions = {c.graph: c for c in listed_contributions}
    stated_in: dict[tuple[str, str, str], set[str]] = {}
    for row in store.select(prepared("graphs_stating", subject=sorted({s for s, _p, _o in added}),
                                     property=sorted({p for _s, p, _o in added}))):
        stated_in.setdefault((row["subject"], row["property"], row["value"]), set()).add(row["graph"])
    values = {value for _s, _p, value in added} | {old for s, p, _o in added for old in present.objects(s, p)}
    described = describe(store, values)
    notices, refusals = [], []
    blocked_by: dict[str, list] = {}  # the later contributions blocking each giver, asked once
    for subject, predicate, value in sorted(added):
        field_nl, field_en = _STATED_ONCE[predicate]
        origin = builder.origins.get(subject) or _origin_of_node(subject, builder.origins)
        name = origin.label if origin else str(subject)
        old = sorted(o for o in present.objects(subject, predicate) if o != value)
        givers = [contributions[g] for g in sorted(set().union(
            *(stated_in.get((str(subject), str(predicate), str(o)), set()) for o in old))) if g in contributions]
        refused = predicate in _ONE_PER_LINK and (subject, RDF.type, OH.Referral) in builder.graph
        before_nl = (f"'{name}' heeft al {field_nl} {listed([_value_text(o, described) for o in old], 'en')}; "
                     f"'{_value_text(value, described)}' ")
        before_en = (f"'{name}' already has {field_en} {listed([_value_text(o, described, 'en') for o in old], 'and')}; "
                     f"'{_value_text(value, described, 'en')}' ")
        what_nl, what_en = (("kan er niet bij, want een verbinding heeft er één en een invoer vervangt niets.",
                             "cannot be added, since a link has one and an import replaces nothing.") if refused else
                            ("komt erbij, want een invoer vult aan en vervangt niets.",
                             "is added next to it, since an import adds and replaces nothing."))
        for giver in givers:
            if giver.graph not in blocked_by:
                blocked_by[giver.graph] = blocking_contributions(store, giver, listed_contributions)[0]
        blockers = list({later.graph: later for c in givers for later in blocked_by[c.graph]}.values())
        fix_nl, fix_en = (_how_to_replace(givers, blockers, lang) for lang in ("nl", "en"))
        where = dict(sheet=origin.sheet if origin else "", row=origin.row if origin else None, column=field_nl,
                     value=str(value))
        if refused:
            refusals.append(_Refusal(f"{before_nl}{what_nl} Klopt het oude niet meer, {fix_nl}; of geef hier "
                                     "dezelfde datum.", f"{before_en}{what_en} If the old one is no longer "
                                     f"right, {fix_en}; or give the same date here.", **where,
                                     focus=str(subject), path=str(predicate)))
        else:
            notices.append(Problem(f"{before_nl}{what_nl} Klopt het oude niet meer, {fix_nl}.",
                                   f"{before_en}{what_en} If the old one is no longer right, {fix_en}.", **where))
    return notices, refusals


# What to do about an old value: withdraw the contributions that gave it (after the later ones
# that build on them), or, for a value from the graph's own sources, tell whoever runs it.
_HOW_TO_REPLACE = {
    "nl": ("trek dan eerst de bijdrage in die het gaf ({givers}, via Invoeren › Ingevoerde bijdragen; wat die "
           "bijdrage nog meer gaf, verdwijnt mee, dus neem het op in dit bestand) en voer dit bestand daarna in",
           ". Dat kan pas na de latere bijdrage {blockers}, die over wat ze aanmaakt ook iets zegt: trek eerst "
           "die in",
           "laat het weten aan wie de kennisgraaf beheert: het komt uit de bronnen van de graaf, niet uit een "
           "bijdrage"),
    "en": ("first withdraw the contribution that gave it ({givers}, under Import › Imported contributions; what "
           "else it gave goes too, so include that in this file) and then import this file",
           ". That is possible only after the later contribution {blockers}, which also describes what it "
           "creates: withdraw that one first",
           "tell whoever runs the knowledge graph: it comes from the graph's sources, not from a contribution"),
}


def _how_to_replace(givers: list, blockers: list, lang: str) -> str:
    withdraw_first, after_later, from_sources = _HOW_TO_REPLACE[lang]
    if not givers:
        return from_sources

    def named(contributions: list) -> str:
        return listed([describe_contribution(c, lang) for c in contributions], AND[lang])

    return withdraw_first.format(givers=named(givers)) + (after_later.format(blockers=named(blockers))
                                                          if blockers else "")


def _value_text(value, described: Graph, lang: str = "nl") -> str:
    """A value as a coordinator wrote it: the name of a code list's concept or of a municipality
    (from ``described``, what the store says about the values), or the text itself."""
    labels = {label.language: str(label) for label in described.objects(value, SKOS.prefLabel)}
    return labels.get(lang) or labels.get("nl") or next(iter(labels.values()), str(value))


def organisations_in(store: Store, plan: ImportPlan) -> list[str]:
    """Return the organisations an import is about, in IRI order.

    Those it adds, changes or matches, and those at either end of its links, memberships and
    practices offered locally (so a file of links alone still leads to its zones); not the address
    or KBO number nodes an organisation's row adds.

    Parameters
    ----------
    store : Store
        The store the plan was previewed on (or written to).
    plan : ImportPlan

    Returns
    -------
    list of str
    """
    mentioned = {str(node) for subject, _predicate, value in plan.graph for node in (subject, value)
                 if isinstance(node, URIRef)}
    mentioned |= {m.iri for m in plan.matches if m.status == "gekoppeld"}
    return sorted(mentioned & name_index(store).organisations.keys())


def describe(store: Store, iris) -> Graph:
    """Return everything the store says about ``iris`` (an empty graph for none)."""
    return _construct_about(store, "describe_resources", iris)


def _types(store: Store, iris) -> Graph:
    """Return the ``rdf:type`` triples of ``iris``."""
    return _construct_about(store, "resource_types", iris)


def _construct_about(store: Store, query: str, iris) -> Graph:
    iris = sorted({URIRef(str(i)) for i in iris if isinstance(i, URIRef)})
    found = Graph()
    for start in range(0, len(iris), BATCH):
        found += store.construct(prepared(query, resource=iris[start:start + BATCH]))
    return found


@cache
def _shapes() -> Graph:
    shapes = load_shapes()
    # pyshacl adds two axioms to a shapes graph the first time it uses it: let that happen
    # now, before previews running in several threads share the graph.
    validate_graph(Graph(), shapes)
    return shapes


def _shape_problems(store: Store, builder: Builder, concept_schemes: Graph,
                    present: Graph, said: set[tuple[str, str]] = frozenset()) -> list[Problem]:
    """Validate the file's subjects, with what the store says about them (``present``); leave
    out the violations about the ``(focus, path)`` pairs already ``said`` in a clearer problem."""
    g = builder.graph
    if not g:
        return []
    subjects = {s for s in g.subjects() if isinstance(s, URIRef)}
    referenced = {o for o in g.objects() if isinstance(o, URIRef)
                  and "/id/concept/" not in str(o) and "/id/gemeente/" not in str(o)}
    data = Graph()
    data += concept_schemes
    data += present
    # Of what the file only points to, the shapes (paths of one step) need only the type, for
    # sh:class; the code lists' skos:inScheme come with the concept schemes above.
    data += _types(store, referenced - subjects)
    data += g
    columns = {str(c.name): c for kind in KINDS.values() for c in kind.columns}
    problems = []
    reported = set()
    for violation in validate_graph(data, _shapes()):
        focus = URIRef(violation.focus)
        origin: Origin | None = builder.origins.get(focus)
        if focus not in subjects or origin is None:
            continue
        if (origin.sheet, origin.row) in builder.failed_rows or (violation.focus, violation.path) in said:
            continue
        key = (violation.focus, violation.path, violation.message_nl)
        if key in reported:
            continue
        reported.add(key)
        column = _column_for(violation.path, origin.kind)
        target = problems if violation.severity == "Violation" else builder.notices
        target.append(Problem(
            f"{violation.message_nl} ({origin.label})", f"{violation.message_en} ({origin.label})",
            sheet=origin.sheet, row=origin.row,
            column=column if column in columns or origin.kind == "rdf" else "",
            value=violation.value))
    return problems


_PREDICATE_COLUMNS = {
    "classification": "type", "sector": "sector", "homepage": "website", "spatial": "gemeente",
    "prefLabel": "naam", "referrer": "van", "referredTo": "naar", "audience": "doelgroepen",
    "referralKind": "soort", "startDate": "sinds", "endDate": "tot", "role": "rol",
}


def _column_for(path: str, kind: str) -> str:
    short = path.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    return short if kind == "rdf" else _PREDICATE_COLUMNS.get(short, "")


def _changes(plan: ImportPlan, present: Graph, origins: dict[URIRef, Origin]) -> None:
    new = plan.graph - present
    plan.new_triples = len(new)
    existing = set(present.subjects())
    for subject in sorted(set(plan.graph.subjects()), key=str):
        if not isinstance(subject, URIRef):
            continue
        count = len(list(new.triples((subject, None, None))))
        origin = origins.get(subject) or _origin_of_node(subject, origins)
        label = origin.label if origin else str(
            present.value(subject, SKOS.prefLabel) or plan.graph.value(subject, SKOS.prefLabel) or subject)
        if origin:
            kind, kind_en = origin.kind, origin.kind_en or origin.kind
        else:
            kind = node_kind(present.objects(subject, RDF.type))
            kind_en = _NODE_KINDS_EN.get(kind, kind)
        change = Change(str(subject), kind, label,
                        origin.sheet if origin else "", origin.row if origin else None, count, kind_en)
        if subject not in existing:
            if origin is not None and subject in origins:
                plan.added.append(change)
        elif count:
            plan.changed.append(change)


def _origin_of_node(subject: URIRef, origins: dict[URIRef, Origin]) -> Origin | None:
    """The origin of an address or identifier node is that of the organisation it belongs to."""
    owner = URIRef(str(subject).rsplit("/", 1)[0])
    return origins.get(owner)
