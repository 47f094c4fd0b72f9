"""Where things live. One `Home` per deployment: the analysts' warehouse, the publication, logs and
run state all sit under it, so a test or a demo gets a complete, disposable installation from a temp dir.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"
LINKAGE_MODEL_DIR = PROJECT_ROOT / "linkage"

PUBLISHED_TABLES: tuple[str, ...] = (
    "dtoa_funnel",
    "continuity_of_care",
    "treatment_activity",
    "treatment_referrals",
    "non_re_presentation",
    "proven_reoffending",
)


@dataclass(frozen=True)
class Home:
    root: Path

    @classmethod
    def from_env(cls, default: str | os.PathLike | None = None) -> "Home":
        value = os.environ.get("CONTINUUM_HOME") or default
        if not value:
            raise SystemExit("CONTINUUM_HOME is not set and no --home was given")
        return cls(Path(value).resolve())

    @property
    def warehouse(self) -> Path:
        """The analysts' DuckDB warehouse; the pipeline is its only writer."""
        return self.root / "warehouse.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.root / "published"

    @property
    def published_db(self) -> Path:
        return self.published_dir / "outcomes.duckdb"

    @property
    def published_parquet_dir(self) -> Path:
        return self.published_dir / "parquet"

    @property
    def logs_dir(self) -> Path:
        return self.root / "logs"

    @property
    def data_docs_dir(self) -> Path:
        return self.root / "data_docs"

    @property
    def work_dir(self) -> Path:
        """Scratch space (dbt target, candidate publications); safe to delete between runs."""
        return self.root / "work"

    def ensure(self) -> "Home":
        for p in (self.root, self.published_dir, self.logs_dir, self.work_dir):
            p.mkdir(parents=True, exist_ok=True)
        return self


def landing_from_env(default: str | os.PathLike | None = None) -> Path:
    value = os.environ.get("CONTINUUM_LANDING") or default
    if not value:
        raise SystemExit("CONTINUUM_LANDING is not set and no --landing was given")
    return Path(value).resolve()
