"""What one ingest run did to each delivery of a feed, in a form a person can act on."""
from __future__ import annotations

from dataclasses import dataclass, field

ROW_ERROR_SAMPLE = 1000  # row errors kept on the report per file; all of them are in ingest.quarantine


@dataclass(frozen=True)
class RowError:
    file_name: str
    row_number: int
    rule: str
    column_name: str | None
    value: str | None

    def message(self) -> str:
        where = f" {self.column_name}" if self.column_name else ""
        shown = "" if self.value is None else f" = {self.value[:80]!r}" + ("..." if len(self.value) > 80 else "")
        return f"{self.file_name} row {self.row_number}: {self.rule}{where}{shown}"


@dataclass
class FileOutcome:
    """`status`: 'loaded', 'rejected', 'duplicate' (same bytes as another file already loaded; recorded),
    'already_loaded' (this very file was loaded by an earlier run; skipped, not recorded again),
    'waiting' (no manifest yet) or 'ignored' (not named like a delivery)."""

    feed: str
    file_name: str
    status: str
    rule: str | None = None
    reason: str | None = None
    extract_date: str | None = None
    sha256: str | None = None
    load_id: str | None = None
    rows_delivered: int = 0
    rows_loaded: int = 0
    rows_quarantined: int = 0
    quarantined_by_rule: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    row_errors: list[RowError] = field(default_factory=list)
    reader: str | None = None
    seconds: float = 0.0
    recorded: bool = True  # False when an identical earlier rejection/duplicate was already on file

    @property
    def reconciles(self) -> bool:
        return self.rows_delivered == self.rows_loaded + self.rows_quarantined


@dataclass
class FeedIngestReport:
    feed: str
    run_id: str
    files: list[FileOutcome] = field(default_factory=list)

    def by_status(self, status: str) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    @property
    def rejected(self) -> list[FileOutcome]:
        return self.by_status("rejected")

    @property
    def loaded(self) -> list[FileOutcome]:
        return self.by_status("loaded")

    @property
    def rows_delivered(self) -> int:
        return sum(f.rows_delivered for f in self.loaded)

    @property
    def rows_loaded(self) -> int:
        return sum(f.rows_loaded for f in self.loaded)

    @property
    def rows_quarantined(self) -> int:
        return sum(f.rows_quarantined for f in self.loaded)

    @property
    def warnings(self) -> list[str]:
        return [w for f in self.files for w in f.warnings]

    def lines(self, max_row_errors: int = 20) -> list[str]:
        """Every rejected file and why, every warning, a sample of row errors per file, then totals."""
        out: list[str] = []
        for f in self.files:
            name = f"{self.feed}/{f.file_name}"
            if f.status == "loaded":
                rules = ", ".join(f"{r} {n}" for r, n in sorted(f.quarantined_by_rule.items()))
                out.append(f"LOADED {name}: {f.rows_delivered} delivered, {f.rows_loaded} loaded, "
                           f"{f.rows_quarantined} quarantined" + (f" ({rules})" if rules else ""))
                for w in f.warnings:
                    out.append(f"WARNING {name}: {w}")
                for e in f.row_errors[:max_row_errors]:
                    out.append(f"QUARANTINED {self.feed}/{e.message()}")
                hidden = f.rows_quarantined - min(len(f.row_errors), max_row_errors)
                if hidden > 0:
                    out.append(f"QUARANTINED {name}: ... and {hidden} more rows (see ingest.quarantine)")
            elif f.status == "rejected":
                again = "" if f.recorded else " (unchanged since an earlier run)"
                out.append(f"REJECTED {name}: {f.rule}: {f.reason}{again}")
            elif f.status == "duplicate":
                out.append(f"DUPLICATE {name}: {f.reason}")
            elif f.status == "waiting":
                out.append(f"WAITING {name}: {f.reason}")
            elif f.status == "ignored":
                out.append(f"IGNORED {name}: {f.reason}")
        counts = {s: len(self.by_status(s)) for s in
                  ("loaded", "rejected", "duplicate", "already_loaded", "waiting", "ignored")}
        out.append(
            f"{self.feed}: {counts['loaded']} loaded, {counts['rejected']} rejected, {counts['duplicate']} duplicate, "
            f"{counts['already_loaded']} already loaded, {counts['waiting']} waiting, {counts['ignored']} ignored; "
            f"rows {self.rows_delivered} delivered = {self.rows_loaded} loaded + {self.rows_quarantined} quarantined; "
            f"{len(self.warnings)} warnings"
        )
        return out
