"""Write-audit-publish: build a candidate publication, let a gate audit it, then swap it in atomically.

Layout under `home.published_dir`:
    releases/<UTC timestamp>-<run_id>/outcomes.duckdb, parquet/<table>.parquet   (immutable)
    outcomes.duckdb        a copy of the current release's file, switched by os.replace
    parquet -> releases/<current>/parquet                       a symlink, switched by os.replace
    CURRENT                the current release's name, switched by os.replace (last)
Every release's `outcomes.duckdb` holds a one-row `publication` table (run_id, published_at,
cutoff_date, and the disclosure settings applied, as JSON), also written as parquet/publication.parquet.

Which to trust: `CURRENT` is the commit point. promote() completes the release directory first, then
switches `outcomes.duckdb`, then the `parquet` symlink, then `CURRENT`. os.replace is an atomic rename,
so a reader opening `outcomes.duckdb` or resolving `parquet/` gets one complete release, never a mix of
files; but the two switches happen one after the other, so for an instant (or, if the publisher is
killed between them, until the next promote) `outcomes.duckdb` can be one release newer than
`parquet/`. Each is consistent in itself; their `publication` tables say which release they are. A
reader that needs the DuckDB file and the Parquet files to agree should read `CURRENT` and open
`releases/<CURRENT>/...`: that directory is complete before CURRENT names it and never changes. A
reader holding the old DuckDB file open keeps reading the old inode; its next open sees the new file.
The database file is copied rather than linked so that a careless read-write open cannot alter a
release.

Crash safety: a promote killed at any point (the fault-injection point `publish:mid-promote` sits
between the two switches) leaves the previous complete release or the new one behind each name, plus
perhaps temporary `.<name>.tmp` files/symlinks in `published/` (or `releases/.<dir>.tmp` from a
cross-device move) and an uncommitted release directory. The next promote removes the temporaries
first and then switches all three names, so it leaves a consistent publication; uncommitted release
directories go with normal pruning. Only one publisher runs at a time (the warehouse pool), so the
clean-up cannot remove another promote's files. The last `keep` releases are kept for rollback and
audit (and the current one always).

The candidate is built from the warehouse opened read-only, under `home.work_dir/publish-<run_id>`,
so a failed gate leaves the previous publication untouched (and the candidate for inspection).
"""
from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from continuum.config import PUBLISHED_TABLES, Home
from continuum.faults import pause_point
from continuum.publish.disclosure import DisclosureSettings, apply_disclosure_tables
from continuum.publish.spec import SPECS

DB_NAME = "outcomes.duckdb"
PARQUET = "parquet"
KEEP_RELEASES = 7
MID_PROMOTE_PAUSE_POINT = "publish:mid-promote"
TMP_SUFFIX = ".tmp"


class PublicationGateError(RuntimeError):
    """The gate rejected the candidate; the previous publication is still in place."""


@dataclass(frozen=True)
class PublishResult:
    run_id: str
    release_dir: Path
    published_db: Path
    parquet_dir: Path
    row_counts: dict[str, int]
    rows_with_withheld: dict[str, int]
    gate_result: object | None = None


def _sql_type(spec, col: str) -> str:
    if col in (spec.period,):
        return "DATE"
    if col in spec.counts:
        return "BIGINT"
    if col in {r.name for r in spec.rates}:
        return "DOUBLE"
    return "VARCHAR"


def _order_by(spec) -> str:
    rest = "".join(f', "{k}"' for k in spec.keys[2:])
    return f"\"{spec.period}\", la_code = 'ALL', la_code{rest}"


def _cutoff_date(con):
    """The cut-off the marts used (architecture.md), or the same rule on ingest.file_loads."""
    import duckdb

    for sql in (
        "SELECT max(cutoff_date) FROM intermediate.int_cutoff_dates_computed",
        """SELECT CASE WHEN count(*) = 4 THEN min(latest) END FROM (
               SELECT feed, max(extract_date) AS latest FROM ingest.file_loads
               WHERE status = 'loaded' GROUP BY feed)""",
    ):
        try:
            return con.sql(sql).fetchall()[0][0]
        except duckdb.CatalogException:  # that relation is not in this warehouse: try the next
            continue
    return None


def build_candidate(warehouse: Path, home: Home, run_id: str,
                    settings: DisclosureSettings | None = None) -> Path:
    """Read `outcomes.<table>` for every published table, apply disclosure control, and write a
    complete candidate directory (outcomes.duckdb + parquet/). Returns the directory."""
    import duckdb

    settings = settings or DisclosureSettings.from_env()
    with duckdb.connect(str(warehouse), read_only=True) as src:
        exact = {t: src.sql(f"SELECT * FROM outcomes.{t}").df() for t in PUBLISHED_TABLES}
        cutoff = _cutoff_date(src)
    published = apply_disclosure_tables(exact, settings)

    candidate = Path(home.work_dir) / f"publish-{run_id}"
    if candidate.exists():
        shutil.rmtree(candidate)
    (candidate / PARQUET).mkdir(parents=True)
    with duckdb.connect(str(candidate / DB_NAME)) as out:
        for table, df in published.items():
            spec = SPECS[table]
            cols = spec.published_columns
            out.execute(f"CREATE TABLE {table} ("
                        + ", ".join(f'"{c}" {_sql_type(spec, c)}' for c in cols) + ")")
            out.register("frame", df)
            out.execute(f"INSERT INTO {table} SELECT "
                        + ", ".join(f'CAST("{c}" AS {_sql_type(spec, c)})' for c in cols)
                        + f" FROM frame ORDER BY {_order_by(spec)}")
            out.unregister("frame")
            out.execute(f"COPY {table} TO '{candidate / PARQUET / table}.parquet' (FORMAT parquet)")
        out.execute("CREATE TABLE publication (run_id VARCHAR, published_at TIMESTAMP, "
                    "cutoff_date DATE, settings VARCHAR)")
        out.execute("INSERT INTO publication VALUES (?, ?, ?, ?)",
                    [run_id, dt.datetime.now(dt.timezone.utc).replace(tzinfo=None), cutoff,
                     json.dumps(settings.as_dict(), sort_keys=True)])
        out.execute(f"COPY publication TO '{candidate / PARQUET}/publication.parquet' (FORMAT parquet)")
        out.execute("CHECKPOINT")
    for f in [candidate / DB_NAME, *(candidate / PARQUET).iterdir()]:
        _fsync(f)
    return candidate


def promote(candidate_dir: Path, home: Home, keep: int = KEEP_RELEASES) -> Path:
    """Make a complete candidate the current publication atomically; returns its release directory."""
    candidate_dir = Path(candidate_dir)
    missing = [p for p in [DB_NAME, *(f"{PARQUET}/{t}.parquet" for t in PUBLISHED_TABLES)]
               if not (candidate_dir / p).is_file()]
    if missing:
        raise FileNotFoundError(f"incomplete candidate {candidate_dir}: missing {missing}")
    published = Path(home.published_dir)
    releases = published / "releases"
    releases.mkdir(parents=True, exist_ok=True)
    remove_leftovers(published)
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"{stamp}-{candidate_dir.name.removeprefix('publish-')}"
    release = releases / name
    _move_dir(candidate_dir, release)

    tmp_db = published / f".{DB_NAME}.{name}.tmp"
    shutil.copyfile(release / DB_NAME, tmp_db)
    _fsync(tmp_db)
    os.replace(tmp_db, home.published_db)
    stale_wal = Path(f"{home.published_db}.wal")  # belonged to the replaced file, if anyone left one
    stale_wal.unlink(missing_ok=True)
    pause_point(MID_PROMOTE_PAUSE_POINT)  # fault tests kill here: new database, old parquet and CURRENT

    parquet = Path(home.published_parquet_dir)
    if parquet.is_dir() and not parquet.is_symlink():  # one-off: a directory from before releases
        _move_dir(parquet, releases / f"{stamp}-legacy-parquet")
    tmp_link = published / f".{PARQUET}.{name}.tmp"
    tmp_link.unlink(missing_ok=True)
    os.symlink(Path("releases") / name / PARQUET, tmp_link)
    os.replace(tmp_link, parquet)

    tmp_current = published / f".CURRENT.{name}.tmp"
    tmp_current.write_text(name + "\n")
    os.replace(tmp_current, published / "CURRENT")
    _fsync(published)
    _prune(releases, keep=keep, current=name)
    return release


def remove_leftovers(published_dir: Path) -> list[Path]:
    """Delete what a killed promote can leave: `.<name>.tmp` files and symlinks in `published_dir`
    and `.<release>.tmp` directories in `releases/`. Returns what was removed. Never touches the
    names readers use (outcomes.duckdb, parquet, CURRENT) or a release directory."""
    removed = []
    published_dir = Path(published_dir)
    for folder in (published_dir, published_dir / "releases"):
        if not folder.is_dir():
            continue
        for path in folder.iterdir():
            if not (path.name.startswith(".") and path.name.endswith(TMP_SUFFIX)):
                continue
            if path.is_dir() and not path.is_symlink():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)
            removed.append(path)
    return removed


def publish(warehouse: Path, home: Home, run_id: str,
            gate: Callable[[Path], object] | None = None,
            settings: DisclosureSettings | None = None, keep: int = KEEP_RELEASES) -> PublishResult:
    """build_candidate -> gate(candidate_db) -> promote. The gate gets the candidate database path
    (bind the rest, e.g. `lambda db: check_publication(db, warehouse, home, run_id)`); it may
    return a result with `.success` (and `.raise_for_failures()`), return a bool, or raise. On
    failure nothing is promoted."""
    import duckdb

    candidate = build_candidate(warehouse, home, run_id, settings)
    gate_result = None
    if gate is not None:
        gate_result = gate(candidate / DB_NAME)
        ok = gate_result if isinstance(gate_result, bool) else getattr(gate_result, "success", True)
        if not ok:
            if hasattr(gate_result, "raise_for_failures"):
                gate_result.raise_for_failures()
            raise PublicationGateError(f"publication gate rejected {candidate}: {gate_result!r}")
    release = promote(candidate, home, keep=keep)
    with duckdb.connect(str(release / DB_NAME), read_only=True) as con:
        counts = {t: con.sql(f"SELECT count(*), count(*) FILTER (withheld_columns <> '') FROM {t}")
                  .fetchall()[0] for t in PUBLISHED_TABLES}
    return PublishResult(run_id, release, Path(home.published_db), Path(home.published_parquet_dir),
                         {t: c[0] for t, c in counts.items()}, {t: c[1] for t, c in counts.items()},
                         gate_result)


def _move_dir(src: Path, dst: Path) -> None:
    try:
        os.replace(src, dst)
    except OSError as e:  # another file system: copy beside the target, then rename
        if e.errno != errno.EXDEV:
            raise
        tmp = dst.with_name(f".{dst.name}.tmp")
        shutil.copytree(src, tmp)
        os.replace(tmp, dst)
        shutil.rmtree(src)


def _prune(releases: Path, keep: int, current: str) -> None:
    names = sorted(p.name for p in releases.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in names[:-keep] if keep > 0 else names:
        if old != current:
            shutil.rmtree(releases / old, ignore_errors=True)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
