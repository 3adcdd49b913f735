"""Is the organisation on this row one the graph already holds? Matched by KBO number, then by
name and municipality (accents, case, punctuation and legal forms ignored), never merged on a
guess: a doubtful match waits for the coordinator's decision in the column ``koppelen aan``
(``nieuw``, or the IRI of the existing organisation).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from graph.textnorm import fold

if TYPE_CHECKING:  # known.py builds its name index with name_key, so it imports this module
    from graph.imports.known import Known

# Above this similarity of two names (0..1) a match is likely enough to ask the coordinator.
DOUBT_SIMILARITY = 0.85
NEW = "nieuw"
_LEGAL_FORMS = re.compile(r"\b(vzw|asbl|bv|nv|cv|ivzw|aisbl|bvba)\b")


@dataclass
class Match:
    """The outcome of matching one organisation of a file.

    ``status`` is ``nieuw`` (a new organisation), ``gekoppeld`` (the existing ``iri``) or
    ``twijfel`` (doubtful: the ``candidates`` need a decision).
    """

    name: str
    status: str
    iri: str = ""
    how: str = ""
    candidates: list[tuple[str, str, float]] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Return the match as a plain dict (for JSON)."""
        return {"name": self.name, "status": self.status, "iri": self.iri, "how": self.how,
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
            return Match(name, NEW, how="beslissing: nieuw")
        if decision:
            if self.known.organisation(decision) is not None:
                return Match(name, "gekoppeld", decision, how="beslissing")
            return Match(name, "twijfel", how=f"onbekende IRI in 'koppelen aan': {decision}")
        names = self.known.names
        if kbo and kbo in names.by_kbo:
            return Match(name, "gekoppeld", names.by_kbo[kbo], how="KBO-nummer")
        key = name_key(name)
        close = difflib.get_close_matches(key, names.by_key, n=5, cutoff=DOUBT_SIMILARITY)
        candidates = [(iri, names.organisations[iri].name,
                       difflib.SequenceMatcher(None, key, other).ratio())
                      for other in close for iri in names.by_key[other]]
        same_place = [c for c in candidates if c[2] == 1.0 and nis and nis in
                      names.organisations[c[0]].nis]
        if len(same_place) == 1:
            return Match(name, "gekoppeld", same_place[0][0], how="naam en gemeente")
        if candidates:
            return Match(name, "twijfel", how="gelijkende naam", candidates=candidates)
        return Match(name, NEW)
