"""A Great Expectations SQL datasource that works on DuckDB files.

Why this exists (docs/../shared/notes/stack.md, "Great Expectations on DuckDB"): GX's stock SQL
datasource over duckdb-engine fails every expectation. `SqlAlchemyExecutionEngine.execute_query` returns
its result *after* its `with self.get_connection()` block has closed the connection; closing rolls back
SQLAlchemy's auto-begun transaction, and duckdb-engine runs queries on the DuckDB connection itself, so
the pending result set is discarded and `fetchall()` is empty (`IndexError` in `resolve_metric_bundle`).
GX already keeps one persistent connection for sqlite and a few others; this module does the same for
DuckDB: `DuckDBExecutionEngine.get_connection` reuses one open connection.

Two further things the pipeline needs and the stock engine does not give:
- `close()` really closes that connection (and pools nothing, `NullPool`), so the DuckDB file lock is
  released as soon as a gate run ends and the next pipeline writer can open the file;
- `attach`: extra DuckDB files attached read-only under an alias on every connection, so one query can
  compare a candidate publication with the warehouse (reconciliation checks).

The datasource type is `continuum_duckdb`. GX finds fluent datasource types by class registration, so
this module must be imported before `gx.get_context(mode="file")` loads a project that uses the type
(`continuum.quality.gx_context.get_context` does that). Importing it imports great_expectations (slow):
import this module inside functions, never at the top of a DAG file.
"""
from __future__ import annotations

import weakref
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Dict, Generator, List, Literal, Type

from great_expectations.compatibility import pydantic
from great_expectations.datasource.fluent.sql_datasource import SQLDatasource
from great_expectations.execution_engine.sqlalchemy_execution_engine import (
    SqlAlchemyExecutionEngine,
)
from sqlalchemy import event
from sqlalchemy.pool import NullPool

DATASOURCE_TYPE = "continuum_duckdb"

# Every engine this module creates, so a gate run can close all of them (GX may build more than one
# datasource object, each with its own engine) and leave no DuckDB file open behind it.
_ENGINES: "weakref.WeakSet" = weakref.WeakSet()


def close_all() -> None:
    """Close every DuckDB connection and engine opened through this module in this process."""
    for obj in list(_ENGINES):
        try:
            obj.close() if isinstance(obj, SqlAlchemyExecutionEngine) else obj.dispose()
        except Exception:  # noqa: BLE001 - best effort: closing must not hide the gate's verdict
            pass


def _attach_sql(alias: str, path: str) -> str:
    if not alias.isidentifier():
        raise ValueError(f"attach alias must be an identifier, got {alias!r}")
    quoted = str(path).replace("'", "''")
    return f"ATTACH IF NOT EXISTS '{quoted}' AS {alias} (READ_ONLY)"


def _install_attach_hook(engine, attach: Dict[str, str]) -> None:
    """Attach the extra files on each new DBAPI connection, before SQLAlchemy begins a transaction."""
    if not attach:
        return

    @event.listens_for(engine, "connect")
    def _attach(dbapi_connection, _record):  # pragma: no cover - exercised through GX
        for alias, path in attach.items():
            dbapi_connection.execute(_attach_sql(alias, path))


def _sa_type(duckdb_type: str):
    import sqlalchemy as sa

    base = duckdb_type.split("(")[0].strip().upper().replace(" ", "_")
    cls = getattr(sa.types, base, None)
    if not isinstance(cls, type):
        # e.g. HUGEINT: keep DuckDB's name so type-list expectations can name it
        cls = _UNKNOWN_TYPES.setdefault(base, type(base, (sa.types.NullType,), {}))
    return cls()


_UNKNOWN_TYPES: dict = {}


class _DuckDBInspector:
    """Column reflection for GX that DuckDB can answer.

    SQLAlchemy 2.1's PostgreSQL reflection (which duckdb-engine inherits) queries
    `pg_catalog.pg_collation`, which DuckDB lacks; GX then falls back to `SELECT * FROM <table>` without
    the schema, which fails for `staging.*`. This answers `get_columns` from `information_schema` and
    delegates everything else.
    """

    def __init__(self, execution_engine: "DuckDBExecutionEngine") -> None:
        import sqlalchemy as sa

        self._ee = execution_engine
        self._inner = sa.inspect(execution_engine.engine)
        self.dialect = execution_engine.engine.dialect

    def get_columns(self, table_name, schema=None, **_kw):
        import sqlalchemy as sa

        query = sa.text(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_catalog = current_database() AND table_schema = :schema "
            "AND table_name = :table ORDER BY ordinal_position"
        )
        with self._ee.get_connection() as conn:
            rows = conn.execute(query, {"schema": schema or "main", "table": str(table_name)}).fetchall()
        if not rows:
            raise sa.exc.NoSuchTableError(f"{schema}.{table_name}")
        return [{"name": name, "type": _sa_type(dtype), "nullable": True} for name, dtype in rows]

    def get_pk_constraint(self, table_name, schema=None, **_kw):
        return {"constrained_columns": [], "name": None}

    def __getattr__(self, name):
        return getattr(self._inner, name)


class DuckDBExecutionEngine(SqlAlchemyExecutionEngine):
    """SqlAlchemyExecutionEngine that keeps one DuckDB connection open for its whole life.

    Every metric query runs on that connection, so result sets are fetched before anything can roll
    them back. `close()` closes it: call it (or `DuckDBDatasource.close()`) when a run ends.
    """

    def __init__(self, *args, attach: Dict[str, str] | None = None, **kwargs) -> None:
        kwargs.setdefault("poolclass", NullPool)
        self._attach = dict(attach or {})
        super().__init__(*args, **kwargs)
        _install_attach_hook(self.engine, self._attach)
        # GX picks SQL for regex and LIKE by the dialect module; it knows no "duckdb" one. DuckDB
        # accepts PostgreSQL's `~` / `!~` regex operators (partial match, so suites anchor with
        # ^...$) and LIKE escapes, so present the PostgreSQL dialect for that choice only.
        import sqlalchemy as sa

        self.dialect_module = SimpleNamespace(dialect=sa.dialects.postgresql.dialect)
        _ENGINES.add(self)

    @contextmanager
    def get_connection(self) -> Generator:
        if self._connection is None or self._connection.closed:
            self._connection = self.engine.connect()
        yield self._connection

    def get_inspector(self):
        if self._inspector is None:
            self._inspector = _DuckDBInspector(self)
        return self._inspector

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            finally:
                self._connection = None
        self.engine.dispose()


class DuckDBDatasource(SQLDatasource):
    """SQL datasource over one DuckDB file, using `DuckDBExecutionEngine`.

    connection_string: `duckdb:////abs/path/file.duckdb`; pass
    `kwargs={"connect_args": {"read_only": True}}` to read a file another process may want next.
    attach: alias -> path of further DuckDB files, attached read-only.
    """

    type: Literal["continuum_duckdb"] = "continuum_duckdb"  # type: ignore[assignment]
    attach: Dict[str, str] = pydantic.Field(default_factory=dict)

    @property
    def execution_engine_type(self) -> Type[SqlAlchemyExecutionEngine]:
        return DuckDBExecutionEngine

    def _create_engine(self):
        """The engine GX uses for reflection (table checks): NullPool, and the same attachments."""
        import sqlalchemy as sa

        model = self.dict(exclude=self._get_exec_engine_excludes(), config_provider=self._config_provider)
        kwargs = dict(model.get("kwargs") or {})
        kwargs.setdefault("poolclass", NullPool)
        engine = sa.create_engine(model["connection_string"], **kwargs)
        _install_attach_hook(engine, dict(self.attach))
        _ENGINES.add(engine)
        return engine

    def close(self) -> None:
        """Close every connection this datasource opened, releasing the DuckDB file lock."""
        if self._execution_engine is not None:
            self._execution_engine.close()
            self._execution_engine = None
            self._cached_execution_engine_kwargs = {}
        if getattr(self, "_engine", None) is not None:
            self._engine.dispose()
            self._engine = None


def duckdb_url(path: Path | str) -> str:
    """SQLAlchemy URL of a DuckDB file (absolute path)."""
    return f"duckdb:///{Path(path).resolve()}"


__all__: List[str] = [
    "DATASOURCE_TYPE",
    "DuckDBDatasource",
    "DuckDBExecutionEngine",
    "close_all",
    "duckdb_url",
]
