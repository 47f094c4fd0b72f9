"""`continuum run`: the same stages without a scheduler; a second run picks up only what is new."""
from __future__ import annotations

import shutil

import duckdb
import pytest

from continuum.cli import main
from continuum.config import PUBLISHED_TABLES

pytestmark = pytest.mark.slow


def _published(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"select * from {t} order by all").fetchall() for t in PUBLISHED_TABLES}
    finally:
        con.close()


def test_run_then_rerun_loads_only_what_is_new(tmp_path, noisy_world, capsys):
    landing = tmp_path / "landing"
    shutil.copytree(noisy_world / "landing", landing)
    # hold back the last night's deliveries of one feed
    held = sorted((landing / "custody").glob("custody_*.csv"))[-1]
    stem = held.name[: -len(".csv")]
    parked = tmp_path / "parked"
    parked.mkdir()
    for f in (landing / "custody").glob(stem + "*"):
        shutil.move(f, parked / f.name)

    home = tmp_path / "home"
    assert main(["run", "--landing", str(landing), "--home", str(home)]) == 0
    first = capsys.readouterr().out
    assert "Published outcome tables" in first
    assert "reconcil" in first.lower()
    assert (home / "published" / "outcomes.duckdb").exists()
    assert list((home / "logs").glob("*.log"))

    # nothing new: nothing loaded, same publication
    before = _published(home / "published" / "outcomes.duckdb")
    assert main(["run", "--landing", str(landing), "--home", str(home)]) == 0
    assert _published(home / "published" / "outcomes.duckdb") == before

    # the held-back night arrives: only it is loaded
    for f in parked.iterdir():
        shutil.move(f, landing / "custody" / f.name)
    assert main(["run", "--landing", str(landing), "--home", str(home)]) == 0
    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        loads = con.execute(
            "select file_name, count(*) from ingest.file_loads where status = 'loaded' group by 1 having count(*) > 1"
        ).fetchall()
        assert loads == []  # no file loaded twice
        assert con.execute("select count(*) from ingest.file_loads where file_name = ?", [held.name]).fetchone()[0] == 1
    finally:
        con.close()

    # the whole world loaded: against the ground truth, within the linkage tolerance (issue 5: a world
    # with the default identity mess; the noise-free world must match exactly, test_nightly_dags.py)
    from continuum.truth.compare import compare_tables, load_published, load_warehouse_outcomes
    from continuum.truth.expected import expected_tables

    expected = expected_tables(noisy_world / "truth")
    published = compare_tables(expected, load_published(home / "published" / "outcomes.duckdb"),
                               rates_only=True, rate_tolerance=0.005)
    assert published.ok, published.summary()
    assert sum(t.cells_compared for t in published.tables.values()) > 1000
    exact = compare_tables(expected, load_warehouse_outcomes(home / "warehouse.duckdb"))
    compared = sum(t.cells_compared for t in exact.tables.values())
    differing = sum(t.cells_differing for t in exact.tables.values())
    # linkage mistakes on the noisy world may shift a few exact cells, never the grid or most cells
    assert not exact.missing_tables and all(not len(t.missing_rows) for t in exact.tables.values())
    assert differing <= 0.01 * compared, exact.summary()

    # what `continuum demo` prints at the end says the same, in words a reader can act on
    from continuum.truth.verdict import against_truth

    text, within = against_truth(noisy_world / "truth", home / "published" / "outcomes.duckdb",
                                 home / "warehouse.duckdb")
    assert within, text
    assert "further off" not in text and "MISMATCH" not in text
    assert f"{compared - differing:,} of {compared:,} cells equal to the truth" in text
