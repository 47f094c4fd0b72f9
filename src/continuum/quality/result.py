"""What a gate run reports, independent of GX (so callers and DAG files need not import it).

`checkpoint.run()` never raises on bad data; the gate turns its result into a `GateResult` and callers
decide: `raise_for_failures()` raises `QualityGateFailed` whose message names, for each failure, the
table, the expectation and example failing values -- enough for a person to act without opening GX.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

MAX_LISTED_FAILURES = 25


class QualityGateFailed(RuntimeError):
    """Raised by `GateResult.raise_for_failures()`; the message lists the failures."""


class Failure(NamedTuple):
    table: str  # e.g. "staging.stg_custody__detentions", "candidate dtoa_funnel"
    expectation: str  # e.g. "expect_column_values_to_be_in_set(column=test_reason)"
    examples: list[Any]  # a few failing values or rows (or the error, when a check could not run)

    def line(self) -> str:
        shown = ", ".join(_short(v) for v in self.examples[:5]) if self.examples else "(no example)"
        return f"{self.table}: {self.expectation}: e.g. {shown}"


def _short(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


@dataclass
class GateResult:
    gate: str  # "staging" | "publication"
    run_id: str
    success: bool
    failures: list[Failure] = field(default_factory=list)
    data_docs_index: Path | None = None
    validation_results_dir: Path | None = None
    suites: list[str] = field(default_factory=list)
    expectations_evaluated: int = 0
    # context, setup (suites/datasources), validate (incl. example rows), data_docs, finish, total
    seconds: dict[str, float] = field(default_factory=dict)

    def message(self) -> str:
        head = (f"quality gate '{self.gate}' run {self.run_id}: "
                f"{'passed' if self.success else 'FAILED'} "
                f"({len(self.suites)} suites, {self.expectations_evaluated} expectations, "
                f"{len(self.failures)} failing)")
        lines = [head]
        lines += ["  - " + f.line() for f in self.failures[:MAX_LISTED_FAILURES]]
        if len(self.failures) > MAX_LISTED_FAILURES:
            lines.append(f"  ... and {len(self.failures) - MAX_LISTED_FAILURES} more")
        if self.data_docs_index:
            lines.append(f"  Data Docs: {self.data_docs_index}")
        return "\n".join(lines)

    def raise_for_failures(self) -> "GateResult":
        if not self.success:
            raise QualityGateFailed(self.message())
        return self
