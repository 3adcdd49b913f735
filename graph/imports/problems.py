"""What an import found wrong, said for people: where (sheet, row, column), what, and how to fix it.

An import reports every problem of a file at once and writes nothing while one is left, so
these objects are collected, never raised one by one.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an imported file, in Dutch and English.

    ``row`` is the row number as the spreadsheet shows it (the header is row 1), or the line of
    an RDF file; ``None`` when the problem concerns the whole file or sheet.
    """

    message_nl: str
    message_en: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""

    def where(self) -> str:
        """Return the place as people read it, e.g. ``verbindingen, rij 4, kolom 'van'``."""
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column:
            parts.append(f"kolom '{self.column}'")
        return ", ".join(parts)

    def __str__(self) -> str:
        where = self.where()
        prefix = f"{where}: " if where else ""
        return f"{prefix}{self.message_nl}\n    (en) {self.message_en}"

    def to_dict(self) -> dict:
        """Return the problem as a plain dict (for JSON)."""
        return asdict(self)


class ImportRefused(ValueError):
    """An import was refused; ``problems`` holds every reason, ``str()`` the first line."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        count = len(self.problems)
        super().__init__(
            f"Het bestand heeft {count} fout(en); er werd niets ingevoerd. "
            f"/ The file has {count} error(s); nothing was imported."
        )


class ImportBusy(RuntimeError):
    """Another import or withdrawal holds the write lock; try again shortly."""


class WithdrawalBlocked(ValueError):
    """A contribution cannot be withdrawn while later ones build on what it created."""


def listed(items: list[str], conjunction: str) -> str:
    """Return ``items`` as a sentence lists them, the last joined by ``conjunction``.

    Examples
    --------
    >>> listed(["'Contactpersoon'", "'Opmerking'"], "en"), listed(["1", "2", "3"], "and")
    ("'Contactpersoon' en 'Opmerking'", '1, 2 and 3')
    >>> listed(["rij 1"], "en")
    'rij 1'
    """
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}" if len(items) > 1 else "".join(items)
