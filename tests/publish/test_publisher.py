"""Write-audit-publish against real DuckDB files and Parquet: candidate, gate, atomic promote."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from continuum.config import PUBLISHED_TABLES, Home
from continuum.publish.publisher import PublicationGateError, build_candidate, promote, publish
from continuum.publish.spec import SPECS

CUTOFF = dt.date(2025, 4, 30)


@pytest.fixture
def home(tmp_path) -> Home:
    return Home(tmp_path / "home").ensure()


@pytest.fixture
def warehouse(home, kit) -> Path:
    return kit.write_warehouse(home.warehouse, kit.make_world(seed=11, n_areas=3), cutoff=CUTOFF)


def tables(db: Path) -> dict[str, pd.DataFrame]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {t: con.sql(f"SELECT * FROM {t}").df() for t in PUBLISHED_TABLES}


def snapshot(published_dir: Path) -> dict[str, bytes]:
    return {str(p.relative_to(published_dir)): p.read_bytes()
            for p in sorted(published_dir.rglob("*")) if p.is_file()}


def test_candidate_has_every_table_in_the_published_shape_and_matching_parquet(warehouse, home):
    candidate = build_candidate(warehouse, home, "run-1")
    assert candidate == home.work_dir / "publish-run-1"
    with duckdb.connect(str(candidate / "outcomes.duckdb"), read_only=True) as con:
        names = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables "
                                       "WHERE table_schema = 'main'").fetchall()}
        assert names == set(PUBLISHED_TABLES) | {"publication"}
        for t in PUBLISHED_TABLES:
            described = con.sql(f"DESCRIBE {t}").fetchall()
            assert [r[0] for r in described] == list(SPECS[t].published_columns)  # nothing else
            types = dict((r[0], r[1]) for r in described)
            assert types[SPECS[t].period] == "DATE" and types[SPECS[t].counts[0]] == "BIGINT"
            parquet = candidate / "parquet" / f"{t}.parquet"
            diff = con.sql(f"(SELECT * FROM {t} EXCEPT ALL SELECT * FROM read_parquet('{parquet}')) UNION ALL "
                           f"(SELECT * FROM read_parquet('{parquet}') EXCEPT ALL SELECT * FROM {t})")
            assert diff.fetchall() == []
            assert con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] > 0
            assert con.sql(f"SELECT count(*) FROM {t} WHERE withheld_columns <> ''").fetchall()[0][0] > 0
        run_id, _, cutoff, settings = con.sql("SELECT * FROM publication").fetchall()[0]
        assert (run_id, cutoff) == ("run-1", CUTOFF) and '"max_withheld_count": 4' in settings
    # read-only on the warehouse: it can still be opened for writing afterwards
    duckdb.connect(str(warehouse)).close()


def test_publishing_the_same_warehouse_twice_gives_identical_tables(warehouse, home):
    first = publish(warehouse, home, "run-1")
    content_1 = tables(home.published_db)
    second = publish(warehouse, home, "run-2")
    content_2 = tables(home.published_db)
    assert first.release_dir != second.release_dir and second.release_dir.exists()
    for t in PUBLISHED_TABLES:
        pd.testing.assert_frame_equal(content_1[t], content_2[t])
    assert second.row_counts == first.row_counts and all(n > 0 for n in second.rows_with_withheld.values())


def test_a_reader_keeps_its_consistent_view_while_a_new_publication_is_promoted(warehouse, home, kit):
    publish(warehouse, home, "old")
    reader = duckdb.connect(str(home.published_db), read_only=True)
    before = reader.sql("SELECT * FROM dtoa_funnel ORDER BY ALL").fetchall()
    kit.write_warehouse(warehouse, kit.make_world(seed=12, n_areas=3), cutoff=CUTOFF)
    publish(warehouse, home, "new")
    try:
        assert reader.sql("SELECT * FROM dtoa_funnel ORDER BY ALL").fetchall() == before
        assert reader.sql("SELECT run_id FROM publication").fetchall()[0][0] == "old"
    finally:
        reader.close()
    with duckdb.connect(str(home.published_db), read_only=True) as fresh:
        assert fresh.sql("SELECT run_id FROM publication").fetchall()[0][0] == "new"
        assert fresh.sql("SELECT * FROM dtoa_funnel ORDER BY ALL").fetchall() != before
        from_parquet = fresh.sql(f"SELECT run_id FROM '{home.published_parquet_dir}/publication.parquet'")
        assert from_parquet.fetchall()[0][0] == "new"
    assert home.published_parquet_dir.is_symlink()
    assert (home.published_dir / "CURRENT").read_text().strip().endswith("-new")


def test_a_failing_gate_leaves_the_previous_publication_byte_identical(warehouse, home, kit):
    publish(warehouse, home, "good")
    before = snapshot(home.published_dir)
    kit.write_warehouse(warehouse, kit.make_world(seed=13, n_areas=3), cutoff=CUTOFF)

    class Failed:
        success = False

        def raise_for_failures(self):
            raise AssertionError("2 expectations failed")

    seen = []
    with pytest.raises(AssertionError, match="2 expectations failed"):
        publish(warehouse, home, "bad", gate=lambda db: seen.append(db) or Failed())
    assert seen == [home.work_dir / "publish-bad" / "outcomes.duckdb"]
    with pytest.raises(PublicationGateError):
        publish(warehouse, home, "bad", gate=lambda db: False)
    assert snapshot(home.published_dir) == before
    passed = publish(warehouse, home, "checked", gate=lambda db: True)
    assert passed.gate_result is True and snapshot(home.published_dir) != before


def test_old_releases_are_pruned_to_the_last_n(warehouse, home):
    built = build_candidate(warehouse, home, "r")
    for i in range(5):
        promote(shutil.copytree(built, home.work_dir / f"publish-r{i}"), home, keep=3)
    releases = sorted(p.name for p in (home.published_dir / "releases").iterdir())
    assert len(releases) == 3 and releases[-1].endswith("-r4")
    assert home.published_parquet_dir.resolve() == home.published_dir / "releases" / releases[-1] / "parquet"


def test_promote_refuses_an_incomplete_candidate(warehouse, home):
    candidate = build_candidate(warehouse, home, "partial")
    (candidate / "parquet" / "dtoa_funnel.parquet").unlink()
    with pytest.raises(FileNotFoundError):
        promote(candidate, home)
    assert not home.published_db.exists()


KILLED_PROMOTE = """
import sys
from pathlib import Path
from continuum.config import Home
from continuum.publish.publisher import promote
promote(Path(sys.argv[1]), Home(Path(sys.argv[2])))
"""


def _run_ids(home: Home) -> tuple[str, str, str]:
    """(run_id of outcomes.duckdb, of parquet/, of the release CURRENT names)."""
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        db = con.sql("SELECT run_id FROM publication").fetchall()[0][0]
        parquet_file = home.published_parquet_dir / "publication.parquet"
        parquet = con.sql(f"SELECT run_id FROM '{parquet_file}'").fetchall()[0][0]
    current = (home.published_dir / "CURRENT").read_text().strip()
    with duckdb.connect(str(home.published_dir / "releases" / current / "outcomes.duckdb"), read_only=True) as con:
        committed = con.sql("SELECT run_id FROM publication").fetchall()[0][0]
    return db, parquet, committed


def assert_consistent(home: Home, run_id: str) -> None:
    """Every name a reader uses points at the release CURRENT names, and nothing temporary is left."""
    current = (home.published_dir / "CURRENT").read_text().strip()
    release = home.published_dir / "releases" / current
    assert current.endswith(f"-{run_id}") and _run_ids(home) == (run_id, run_id, run_id)
    assert home.published_parquet_dir.is_symlink()
    assert home.published_parquet_dir.resolve() == release / "parquet"
    assert home.published_db.read_bytes() == (release / "outcomes.duckdb").read_bytes()
    with duckdb.connect(str(home.published_db), read_only=True) as con:
        for t in PUBLISHED_TABLES:
            pq = f"'{home.published_parquet_dir}/{t}.parquet'"
            assert con.sql(f"(SELECT * FROM {t} EXCEPT ALL SELECT * FROM {pq}) "
                           f"UNION ALL (SELECT * FROM {pq} EXCEPT ALL SELECT * FROM {t})").fetchall() == []
    leftovers = [p.name for d in (home.published_dir, home.published_dir / "releases") for p in d.iterdir()
                 if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_promote_killed_mid_way_is_repaired_by_the_next_publish(warehouse, home, tmp_path):
    import os
    import signal
    import sys

    from continuum.faults import kill_at_pause_point
    from continuum.publish.publisher import MID_PROMOTE_PAUSE_POINT

    publish(warehouse, home, "old")
    candidate = build_candidate(warehouse, home, "killed")
    child = kill_at_pause_point([sys.executable, "-c", KILLED_PROMOTE, str(candidate), str(home.root)],
                                MID_PROMOTE_PAUSE_POINT, tmp_path / "paused", timeout=60)
    assert child.returncode == -signal.SIGKILL
    # killed between the switches: the database is the new release, parquet and CURRENT the old one
    assert _run_ids(home) == ("killed", "old", "old")

    # and whatever else a kill at another instant could leave behind
    published = home.published_dir
    (published / ".outcomes.duckdb.20250101T000000000000Z-x.tmp").write_bytes(b"half a copy")
    os.symlink("releases/nowhere/parquet", published / ".parquet.20250101T000000000000Z-x.tmp")
    (published / ".CURRENT.20250101T000000000000Z-x.tmp").write_text("20250101T000000000000Z-x\n")
    (published / "releases" / ".20250101T000000000000Z-x.tmp" / "parquet").mkdir(parents=True)

    publish(warehouse, home, "next")
    assert_consistent(home, "next")
    releases = sorted(p.name for p in (published / "releases").iterdir())
    assert [r.split("-", 1)[1] for r in releases] == ["old", "killed", "next"]


def test_promote_after_leftovers_alone_is_consistent(warehouse, home):
    import os

    built = build_candidate(warehouse, home, "first")
    promote(built, home)
    published = home.published_dir
    os.symlink("releases/gone/parquet", published / ".parquet.X-first.tmp")  # dangling, like a killed swap
    (published / ".outcomes.duckdb.X-first.tmp").write_bytes(b"")
    promote(build_candidate(warehouse, home, "second"), home)
    assert_consistent(home, "second")
