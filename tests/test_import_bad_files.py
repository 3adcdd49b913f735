"""The bad-file corpus: every broken input gets a clear error (nl and en) and nothing is written."""

import io
import zipfile
from pathlib import Path

import pytest

from api.cli import main
from graph.imports import preview
from graph.imports.readers import MAX_FILE_BYTES
from graph.store import open_store
from tests.import_helpers import snapshot

BAD_FILES = Path(__file__).parent / "bad_files"
EXPECTED = {
    "truncated.csv": "afgebroken",
    "wrong_separator.csv": "niet gescheiden door",
    "mixed_encoding.csv": "twee tekstcoderingen",
    "impossible_date.csv": "31/02/2024' bestaat niet",
    "formula.csv": "formule",
    "syntax_error.ttl": "geen geldige turtle",
    "iri_with_space.ttl": "spaties",
    "violates_every_shape.ttl": "Nederlandse naam",
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_gets_a_clear_error(built_store, name):
    plan = preview(built_store, (BAD_FILES / name).read_bytes(), name)
    assert not plan.ok
    assert any(EXPECTED[name] in problem.message_nl for problem in plan.problems), plan.summary()
    assert all(problem.message_en for problem in plan.problems)


def test_every_shape_a_contribution_can_break_is_reported(built_store):
    plan = preview(built_store, (BAD_FILES / "violates_every_shape.ttl").read_bytes(), "v.ttl")
    broken = {problem.column for problem in plan.problems}
    assert {"prefLabel", "classification", "sector", "homepage", "buildingBlock", "initiatedBy",
            "audience", "wasDerivedFrom", "minAgeMonths", "page", "containsPlace", "referrer",
            "referralKind", "startDate"} <= broken


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    """A store on disk, built once, and a snapshot of it."""
    spec = f"oxigraph:{tmp_path_factory.mktemp('bad') / 'store'}"
    assert main(["--store", spec, "build"]) == 0
    store = open_store(spec)
    before = snapshot(store)
    store.close()
    return spec, before


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_file_writes_nothing_through_the_command_line(disk_store, name, capsys):
    spec, before = disk_store
    assert main(["--store", spec, "import", str(BAD_FILES / name)]) == 1
    assert "Niets ingevoerd" in capsys.readouterr().err
    store = open_store(spec)
    assert snapshot(store) == before
    store.close()


def zip_bomb(uncompressed_mb: int = 150) -> bytes:
    """An XLSX-shaped zip whose one sheet unpacks to ``uncompressed_mb`` MB of zeros (~150 kB)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            block = b"0" * 1_000_000
            for _ in range(uncompressed_mb):
                sheet.write(block)
    return out.getvalue()


def test_xlsx_zip_bomb_is_refused_before_it_is_unpacked(built_store):
    bomb = zip_bomb()
    assert len(bomb) < 1_000_000
    plan = preview(built_store, bomb, "alliantie.xlsx")
    assert not plan.ok
    assert "uitgepakt" in plan.problems[0].message_nl


def test_200_mb_file_is_refused_by_its_size_without_being_read(tmp_path, capsys):
    huge = tmp_path / "groot.csv"
    with huge.open("wb") as handle:
        handle.truncate(200_000_000)  # sparse: 200 MB long, nothing on disk
    assert huge.stat().st_size > MAX_FILE_BYTES
    assert main(["--store", "memory", "import", str(huge)]) == 2
    assert "200 MB" in capsys.readouterr().err
