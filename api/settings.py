"""Settings of the app, read once from environment variables (all optional)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as error:
        raise ValueError(f"{name} moet een geheel getal zijn, niet {value!r}.") from error


def _env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return float(value)
    except ValueError as error:
        raise ValueError(f"{name} moet een getal zijn, niet {value!r}.") from error


@dataclass(frozen=True)
class Settings:
    """What an operator can set; see the README section "Operating it"."""

    store: str | None = field(default_factory=lambda: os.environ.get("OVERHOOP_STORE"))
    query_timeout_s: float = field(default_factory=lambda: _env_float("OVERHOOP_QUERY_TIMEOUT", 10.0))
    max_rows: int = field(default_factory=lambda: _env_int("OVERHOOP_MAX_ROWS", 10_000))
    max_query_bytes: int = field(default_factory=lambda: _env_int("OVERHOOP_MAX_QUERY_BYTES", 100_000))
    max_upload_bytes: int = field(default_factory=lambda: _env_int("OVERHOOP_MAX_UPLOAD_MB", 20) * 1_000_000)
    write_token: str | None = field(default_factory=lambda: os.environ.get("OVERHOOP_TOKEN") or None)
    sparql_workers: int = field(default_factory=lambda: _env_int("OVERHOOP_SPARQL_WORKERS", 2))
    # A first analysis of all of Flanders takes seconds at 10,000 organisations and minutes at
    # 100,000: a visitor waits this long, then gets a page (or a 503 with Retry-After) saying so.
    analysis_wait_s: float = field(default_factory=lambda: _env_float("OVERHOOP_ANALYSIS_WAIT", 10.0))
    # Queries read a copy of the on-disk store in memory when it fits (three to six times faster;
    # about 240 MB at 10,000 organisations); 0 keeps them on disk (graph/read_copy.py).
    read_copy_mb: int = field(default_factory=lambda: _env_int("OVERHOOP_READ_COPY_MB", 512))
