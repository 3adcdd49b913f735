"""Is the organisation on this row one the graph already holds? Matched by KBO number, then by
name and municipality (accents, case, punctuation and legal forms ignored), never merged on a
guess: a doubtful match waits for the coordinator's decision in the column ``koppelen aan``
(``nieuw``, or the IRI of the existing organisation). A similar but not identical name in
another municipality is another organisation, not a doubt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import fuzz, process

from graph.textnorm import fold

if TYPE_CHECKING:  # known.py builds its name index with name_key, so it imports this module
    from graph.imports.known import Known

# Above this similarity of two names (0..1) a match is likely enough to ask the coordinator.
DOUBT_SIMILARITY = 0.85
NEW = "nieuw"
_LEGAL_FORMS = re.compile(r"\b(vzw|asbl|bv|nv|cv|ivzw|aisbl|bvba)\b")
# The most similarity scores close_names holds at once.
_SCORES_PER_BLOCK = 2_000_000


def similarity(a: str, b: str) -> float:
    """Return how alike two name keys are, from 0 to 1: twice the characters they share in order
    over their total length (as :class:`difflib.SequenceMatcher`'s ratio, but exact and in C).

    Examples
    --------
    >>> similarity("huis van het kind temse", "huis van het kind hamme")
    0.8695652173913043
    """
    return fuzz.ratio(a, b) / 100


def close_names(keys: Iterable[str], names: Iterable[str], limit: int, cutoff: float) -> dict[str, list[str]]:
    """Return, for each of ``keys``, up to ``limit`` of ``names`` at least ``cutoff`` alike, most
    alike first (equally alike ones in the order of ``names``).

    All keys are compared in one go (:func:`rapidfuzz.process.cdist`, in C on every processor):
    1,200 names against the 100,000 of a graph of 100,000 organisations took 13.4-13.8 s one
    name after the other, now 2.1 s (3.5 s on one processor); against 10,000 names 0.9-1.2 s,
    now 0.2 s (0.35 s). One name after the other, rapidfuzz was already 20x faster than
    :func:`difflib.get_close_matches`.

    Parameters
    ----------
    keys : iterable of str
        Name keys (:func:`name_key`) to look up.
    names : iterable of str
        The keys to compare with.
    limit : int
    cutoff : float
        From 0 to 1, as :func:`similarity`.

    Returns
    -------
    dict
        Each key -> its list of close names.

    Examples
    --------
    >>> close_names(["kind en gezin"], ["kind & gezin", "kinderopvang", "kind en gezin"], 2, 0.8)
    {'kind en gezin': ['kind en gezin', 'kind & gezin']}
    """
    keys, choices = list(dict.fromkeys(keys)), list(names)
    found: dict[str, list[str]] = {key: [] for key in keys}
    if not choices:
        return found
    # A block of keys at a time bounds the table of scores (8 bytes each) to about 16 MB.
    step = max(1, _SCORES_PER_BLOCK // len(choices))
    for start in range(0, len(keys), step):
        block = keys[start:start + step]
        scores = process.cdist(block, choices, scorer=fuzz.ratio, score_cutoff=cutoff * 100, dtype=np.float64,
                               workers=-1)
        for key, row in zip(block, scores):
            # Below the cutoff a score is 0; ties keep the order of ``names``, as rapidfuzz's
            # own extract does.
            hits = np.flatnonzero(row >= cutoff * 100)
            found[key] = [choices[i] for i in hits[np.lexsort((hits, -row[hits]))][:limit]]
    return found


@dataclass
class Match:
    """The outcome of matching one organisation of a file.

    ``status`` is ``nieuw`` (a new organisation), ``gekoppeld`` (the existing ``iri``, whose
    name in the graph is ``label``) or ``twijfel`` (doubtful: the ``candidates`` need a
    decision). ``how`` says how it was matched, ``how_en`` the same in English.
    """

    name: str
    status: str
    iri: str = ""
    how: str = ""
    how_en: str = ""
    candidates: list[tuple[str, str, float]] = field(default_factory=list)
    label: str = ""

    def to_dict(self) -> dict:
        """Return the match as a plain dict (for JSON)."""
        return {"name": self.name, "status": self.status, "iri": self.iri, "how": self.how,
                "how_en": self.how_en, "label": self.label,
                "candidates": [{"iri": iri, "name": name, "similarity": round(score, 2)}
                               for iri, name, score in self.candidates]}


def name_key(name: str) -> str:
    """Return the form of a name that matching compares: folded, without punctuation or legal form.

    Examples
    --------
    >>> name_key("CAW Oost-Brabant vzw")
    'caw oost brabant'
    """
    text = _LEGAL_FORMS.sub(" ", re.sub(r"[^a-z0-9]+", " ", fold(name)))
    return " ".join(text.split())


def normalise_kbo(text: str) -> str | None:
    """Return a KBO (enterprise) number as ten digits, or ``None`` when it is not a valid one.

    Accepts ``0123.456.749``, ``BE 0123 456 749`` and nine-digit numbers; checks the mod-97
    check digits.

    Examples
    --------
    >>> normalise_kbo("BE 0411.905.847")
    '0411905847'
    >>> normalise_kbo("0411.905.848") is None
    True
    """
    digits = re.sub(r"\D", "", text)
    if len(digits) == 9:
        digits = "0" + digits
    if len(digits) != 10 or digits[0] not in "01":
        return None
    return digits if 97 - int(digits[:8]) % 97 == int(digits[8:]) else None


class OrganisationIndex:
    """The organisations a file may refer to: those already in the graph, looked up by IRI,
    by KBO number and by name (the names only when a row needs them, see
    :attr:`graph.imports.known.Known.names`)."""

    def __init__(self, known: Known):
        self.known = known
        self._close: dict[str, list[str]] = {}

    def expect(self, names: Iterable[str]) -> None:
        """Compare the names a file is about to match with the graph's names all at once.

        Only a shortcut, as :meth:`graph.imports.known.Known.prefetch` is: :meth:`match` compares
        a name itself when it was not expected. Rows whose organisation is decided by its IRI
        need no comparison, so leave their names out: without names nothing is read.

        Parameters
        ----------
        names : iterable of str
            Names as written in the file.
        """
        self._compare(name_key(name) for name in names)

    def _compare(self, keys: Iterable[str]) -> None:
        """Find the graph's names close to each of ``keys`` not compared yet."""
        new = [key for key in dict.fromkeys(keys) if key not in self._close]
        if new:
            self._close.update(close_names(new, self.known.names.by_key, 5, DOUBT_SIMILARITY))

    def match(self, name: str, nis: str | None, kbo: str | None = None,
              decision: str = "") -> Match:
        """Match one organisation of a file.

        Parameters
        ----------
        name : str
            Its name in the file.
        nis : str or None
            The NIS code of its municipality, when known.
        kbo : str, optional
            Its KBO number, normalised.
        decision : str, optional
            The coordinator's decision: ``nieuw`` or the IRI of an existing organisation.

        Returns
        -------
        Match
        """
        decision = decision.strip()
        if decision.lower() == NEW:
            return Match(name, NEW, how="beslissing: nieuw", how_en="decision: new")
        if decision:
            chosen = self.known.organisation(decision)
            if chosen is not None:
                return Match(name, "gekoppeld", decision, how="beslissing", how_en="decision", label=chosen.name)
            return Match(name, "twijfel", how=f"onbekende IRI in 'koppelen aan': {decision}",
                         how_en=f"unknown IRI in 'koppelen aan': {decision}")
        names = self.known.names
        if kbo and kbo in names.by_kbo:
            iri = names.by_kbo[kbo]
            return Match(name, "gekoppeld", iri, how="KBO-nummer", how_en="KBO number", label=names.organisations[iri].name)
        key = name_key(name)
        self._compare([key])
        close = [(iri, other) for other in self._close[key] for iri in names.by_key[other]]
        same_place = [iri for iri, other in close if other == key and nis in self.places(iri)]
        if len(same_place) == 1:
            return Match(name, "gekoppeld", same_place[0], how="naam en gemeente", how_en="name and municipality",
                         label=names.organisations[same_place[0]].name)
        # Local organisations are named after their town ("Huis van het Kind Temse"): a similar
        # name elsewhere is another organisation. Only the very same name, or a similar one in
        # the same municipality or in none, may be the same organisation.
        doubtful = [(iri, other) for iri, other in close
                    if not nis or other == key or not self.places(iri) or nis in self.places(iri)]
        if doubtful:
            return Match(name, "twijfel", how="gelijkende naam", how_en="similar name", candidates=[
                (iri, names.organisations[iri].name, similarity(key, other))
                for iri, other in doubtful])
        if close:
            return Match(name, NEW, how="gelijkende naam in een andere gemeente",
                         how_en="similar name in another municipality")
        return Match(name, NEW)

    def places(self, iri: str) -> set[str]:
        """Return the NIS codes of today's municipalities where an organisation of the graph lies.

        Parameters
        ----------
        iri : str
            An organisation of :attr:`graph.imports.known.Known.names`.

        Returns
        -------
        set of str
            Empty for an organisation placed in no municipality (a province, Flanders, nowhere).
        """
        # An organisation may still be placed in a municipality that ceased in the 2025 mergers.
        successor = self.known.municipality_names
        return {successor.get(nis, nis) for nis in self.known.names.organisations[iri].nis}

    def with_place(self, iri: str) -> str:
        """Return the name of an organisation of the graph followed by its municipalities, as a
        coordinator tells two namesakes apart: ``Huis van het Kind Leuven (Leuven)``.

        Parameters
        ----------
        iri : str
            An organisation of :attr:`graph.imports.known.Known.names`.

        Returns
        -------
        str
            The name alone for an organisation placed in no municipality.
        """
        municipalities = self.known.municipalities
        towns = sorted(municipalities[nis].name for nis in self.places(iri) if nis in municipalities)
        name = self.known.names.organisations[iri].name
        return f"{name} ({', '.join(towns)})" if towns else name
