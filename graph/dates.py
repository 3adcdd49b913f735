"""Dates and times as people in Belgium read them: in Brussels time, months in words.

The graph stores moments in UTC (``prov:generatedAtTime``) and days as ``xsd:date``; pages,
messages and analyses say them in the language of the page.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

LOCAL_ZONE = ZoneInfo("Europe/Brussels")
_MONTHS = {
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
           "oktober", "november", "december"),
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"),
}


def date_text(day: str | date, lang: str = "nl") -> str:
    """Say a day with its month in words: ``31 december 2025`` (``31 December 2025`` in English).

    Parameters
    ----------
    day : str or date
        An ISO 8601 date (``YYYY-MM-DD``, anything after it is ignored) or a date; text that is
        no date is returned as it is.
    lang : str
        ``"nl"`` (default) or ``"en"``.

    Returns
    -------
    str

    Examples
    --------
    >>> date_text("2025-12-31"), date_text("2024-03-01", "en"), date_text("ooit")
    ('31 december 2025', '1 March 2024', 'ooit')
    """
    try:
        day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    except ValueError:
        return str(day)
    return f"{day.day} {_MONTHS.get(lang, _MONTHS['nl'])[day.month - 1]} {day.year}"


def local_time(moment: str | datetime, lang: str = "nl") -> str:
    """Say a moment as people in Belgium read it: the date and time in Brussels.

    Parameters
    ----------
    moment : str or datetime
        An ISO 8601 time or a datetime; without an offset it is taken as UTC, as the graph stores
        it. An empty string stays empty.
    lang : str
        ``"nl"`` (default) or ``"en"``.

    Returns
    -------
    str

    Examples
    --------
    >>> local_time("2026-11-30T21:47:00+00:00"), local_time("2026-11-30T21:47:00+00:00", "en")
    ('30 november 2026, 22.47 uur', '30 November 2026, 22:47')
    >>> local_time("2026-11-30T23:30:00Z"), local_time("2026-07-01T06:05:00")
    ('1 december 2026, 0.30 uur', '1 juli 2026, 8.05 uur')
    >>> local_time("")
    ''
    """
    if not moment:
        return ""
    when = _in_brussels(moment)
    return f"{date_text(when.date(), lang)}, {clock_time(when, lang)}"


def clock_time(moment: str | datetime, lang: str = "nl") -> str:
    """Say the time of day of a moment as the clock in Brussels shows it, without its date.

    For moments of the last hours, such as since when something has been computing.

    Parameters
    ----------
    moment : str or datetime
        As in :func:`local_time`: without an offset it is taken as UTC. An empty string stays empty.
    lang : str
        ``"nl"`` (default) or ``"en"``.

    Returns
    -------
    str

    Examples
    --------
    >>> clock_time(datetime(2026, 7, 1, 6, 5, tzinfo=timezone.utc)), clock_time("2026-11-30T21:47:00Z", "en")
    ('8.05 uur', '22:47')
    """
    if not moment:
        return ""
    when = _in_brussels(moment)
    if lang == "en":
        return f"{when:%H:%M}"
    return f"{when.hour}.{when.minute:02d} uur"


def local_today(now: datetime | None = None) -> date:
    """Return today's date in Brussels, whatever the zone of the server's own clock.

    Parameters
    ----------
    now : datetime, optional
        The moment (default: now), as in :func:`local_time`.

    Returns
    -------
    date

    Examples
    --------
    >>> local_today(datetime(2026, 11, 30, 23, 30, tzinfo=timezone.utc))
    datetime.date(2026, 12, 1)
    """
    return _in_brussels(now or datetime.now(timezone.utc)).date()


def _in_brussels(moment: str | datetime) -> datetime:
    when = moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(LOCAL_ZONE)
