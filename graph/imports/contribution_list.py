"""The contributions in a store: which there are, how pages and messages name one, and which
later contributions build on one.

Read by the preview of an import (which says what to withdraw) as well as by
:mod:`graph.imports.contributions`, which writes and withdraws them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from graph.cache import per_state
from graph.dates import local_time
from graph.imports.problems import listed
from graph.queries import prepared
from graph.store import Store

# The word that joins the last two items of a list, per language.
AND = {"nl": "en", "en": "and"}


@dataclass
class Contribution:
    """One contribution as listed by ``overhoop imports``."""

    id: str
    graph: str
    title: str
    agent: str
    time: str
    files: list[str] = field(default_factory=list)
    checksum: str = ""
    triples: int = 0
    created: bool = True

    def to_dict(self) -> dict:
        """Return the contribution as a plain dict (for JSON)."""
        return dict(self.__dict__)


@per_state()
def list_contributions(store: Store) -> list[Contribution]:
    """Return the contributions in the store, oldest first.

    Examples
    --------
    >>> from graph.store import open_store
    >>> list_contributions(open_store("memory"))
    []
    """
    found: dict[str, Contribution] = {}
    for row in store.select(prepared("contributions")):
        graph = row["graph"]
        item = found.setdefault(graph, Contribution(
            id=graph.rsplit("/", 1)[-1], graph=graph, title=row["title"],
            agent=row.get("agentName") or row["agent"].rsplit("/", 1)[-1], time=row["time"],
            checksum=row["checksum"], triples=int(row["triples"])))
        if "file" in row and row["file"] not in item.files:
            item.files.append(row["file"])
    return list(found.values())


def blocking_contributions(store: Store, contribution: Contribution,
                           contributions: list[Contribution]) -> tuple[list[Contribution], dict[str, str]]:
    """Return the later contributions that still describe what ``contribution`` alone creates,
    and what that is: while they stay, it cannot be withdrawn
    (:func:`graph.imports.contributions.withdraw` says so).

    Parameters
    ----------
    store : Store
    contribution : Contribution
    contributions : list of Contribution
        Every contribution (:func:`list_contributions`).

    Returns
    -------
    tuple
        The later contributions, in the order of ``contributions`` (none when it can be
        withdrawn), and the things they describe, IRI -> name.
    """
    rows = store.select(prepared("contribution_dependents", graph=URIRef(contribution.graph)))
    graphs = {row["other"] for row in rows}
    things = {row["thing"]: row.get("label") or row["thing"].rsplit("/", 1)[-1] for row in rows}
    return [c for c in contributions if c.graph in graphs], things



def describe_contribution(contribution: Contribution, lang: str = "nl") -> str:
    """Say which contribution this is, as the list of contributions shows it: its files, who,
    when; its id last.

    Parameters
    ----------
    contribution : Contribution
    lang : str
        ``"nl"`` or ``"en"``.

    Returns
    -------
    str

    Examples
    --------
    >>> describe_contribution(Contribution("bijdrage-1", "g", "t", "coordinator", "2026-11-30T21:47:00+00:00",
    ...                                    ["organisaties.csv"]))
    "'organisaties.csv' van coordinator (30 november 2026, 22.47 uur, bijdrage-1)"
    """
    files = listed([f"'{name}'" for name in contribution.files], AND[lang]) or contribution.title
    by = "van" if lang == "nl" else "by"
    return f"{files} {by} {contribution.agent} ({local_time(contribution.time, lang)}, {contribution.id})"
