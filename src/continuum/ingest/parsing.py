"""Reading a delivered CSV into a DuckDB staging table, one VARCHAR column per header position.

Two readers with one meaning. DuckDB's reader (strict RFC 4180, multi-threaded) takes well-formed files,
which is nearly all of them, ten times faster than Python. Anything it refuses -- a record with the
wrong number of fields, bytes that are not UTF-8, NUL bytes, an oversized line -- is read again by
Python's csv module, which never gives up on a record: each delivered record becomes either a staged
row or a fault (`wrong_field_count`, `invalid_encoding`) with its record number. Blank lines are not
records in either reader. Record numbers count data records from 1 (header excluded; a quoted field
with newlines is still one record).
"""
from __future__ import annotations

import codecs
import csv
import gc
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

STAGE_TABLE = "_ingest_stage"
BATCH_ROWS = 100_000
_SURROGATE = re.compile("[\udc80-\udcff]")
_OTHER_DELIMITERS = (";", "\t", "|")


class FileRejected(Exception):
    """The whole file breaks the contract; nothing of it may load."""

    def __init__(self, rule: str, reason: str):
        super().__init__(f"{rule}: {reason}")
        self.rule, self.reason = rule, reason


@dataclass(frozen=True)
class ByteScan:
    sha256: str
    size: int
    utf8_valid: bool
    has_nul: bool


def scan_bytes(path: Path, chunk: int = 1 << 22) -> ByteScan:
    """Hash the file and learn, in the same pass, whether the cheap reader can take it."""
    digest = hashlib.sha256()
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    valid, nul, size = True, False, 0
    with open(path, "rb") as f:
        while block := f.read(chunk):
            digest.update(block)
            size += len(block)
            if not nul and b"\x00" in block:
                nul = True
            if valid:
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    valid = False
    if valid:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            valid = False
    return ByteScan(digest.hexdigest(), size, valid, nul)


def _open_text(path: Path):
    return open(path, encoding="utf-8-sig", errors="surrogateescape", newline="")


def clean_text(value: str) -> str:
    """Undecodable bytes shown as U+FFFD, so a bad record can still be stored and read."""
    if _SURROGATE.search(value):
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return value


def read_header(path: Path) -> list[str]:
    """The header's column names (surrounding whitespace removed); raises FileRejected."""
    with open(path, "rb") as f:
        head = f.read(4)
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileRejected("invalid_encoding", "the file is UTF-16 (byte-order mark FF FE / FE FF); it must be UTF-8")
    csv.field_size_limit(2**31 - 1)
    with _open_text(path) as f:
        for row in csv.reader(f, strict=False):
            if row:
                break
        else:
            raise FileRejected("empty_file", "the file has no header row")
    joined = ",".join(row)
    if "\x00" in joined:
        raise FileRejected("invalid_encoding", "the header holds NUL bytes: the file looks UTF-16 or binary, not UTF-8")
    if _SURROGATE.search(joined):
        raise FileRejected("invalid_encoding", f"the header is not valid UTF-8: {clean_text(joined)[:200]!r}")
    return [name.strip() for name in row]


def other_delimiter_hint(header: list[str]) -> str:
    """Why a header might have lost its columns, when it looks split by something other than a comma."""
    if len(header) <= 2:
        for d in _OTHER_DELIMITERS:
            if any(d in h for h in header):
                return f"; the header looks {d!r}-delimited, but the contract requires commas"
    return ""


def create_stage(con, width: int) -> None:
    fields = ", ".join(f"f{i} VARCHAR" for i in range(width))
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE {STAGE_TABLE} (_row_number BIGINT, _fault VARCHAR, _fault_column VARCHAR, "
        f"_fault_value VARCHAR, _record VARCHAR, {fields})"
    )


def stage_file(con, path: Path, header: list[str], scan: ByteScan, expected_records: int | None = None, *,
               force_python: bool = False) -> tuple[int, str]:
    """Fill the staging table from the file; returns (records read, reader used: 'duckdb' | 'python').

    When DuckDB's count differs from `expected_records` (the manifest's), Python reads the file again,
    so a file is only ever rejected for its count on the authoritative reader's say-so."""
    import duckdb

    width = len(header)
    create_stage(con, width)
    if scan.utf8_valid and not scan.has_nul and not force_python:
        try:
            n = _stage_with_duckdb(con, path, width)
            if expected_records is None or n == expected_records:
                return n, "duckdb"
        except duckdb.Error:
            pass
        create_stage(con, width)
    return _stage_with_python(con, path, header, scan), "python"


def _stage_with_duckdb(con, path: Path, width: int) -> int:
    columns = "{" + ", ".join(f"'f{i}': 'VARCHAR'" for i in range(width)) + "}"
    fields = ", ".join(f"coalesce(f{i}, '')" for i in range(width))  # empty is '', as Python's reader has it
    con.execute(
        f"""INSERT INTO {STAGE_TABLE}
        SELECT row_number() OVER () AS _row_number, NULL, NULL, NULL, NULL, {fields}
        FROM read_csv(?, header = true, columns = {columns}, delim = ',', quote = '"', escape = '"',
                      strict_mode = true, null_padding = false, ignore_errors = false,
                      auto_detect = false, encoding = 'utf-8', max_line_size = 8388608)""",
        [str(path)],
    )
    return con.execute(f"SELECT count(*) FROM {STAGE_TABLE}").fetchone()[0]


def _stage_with_python(con, path: Path, header: list[str], scan: ByteScan) -> int:
    import pyarrow as pa

    width = len(header)
    check_chars = not scan.utf8_valid or scan.has_nul
    names = ["_row_number", "_fault", "_fault_column", "_fault_value", "_record"] + [f"f{i}" for i in range(width)]
    good: list[list[str]] = []
    good_numbers: list[int] = []
    faults: list[tuple[int, str, str | None, str, str]] = []
    number = 0

    def flush() -> None:
        if not good and not faults:
            return
        n_good = len(good)
        columns = list(zip(*good)) if good else [()] * width
        arrays = [
            pa.array(good_numbers + [f[0] for f in faults], pa.int64()),
            pa.array([None] * n_good + [f[1] for f in faults], pa.string()),
            pa.array([None] * n_good + [f[2] for f in faults], pa.string()),
            pa.array([None] * n_good + [f[3] for f in faults], pa.string()),
            pa.array([None] * n_good + [f[4] for f in faults], pa.string()),
        ] + [pa.array(list(col) + [None] * len(faults), pa.string()) for col in columns]
        batch = pa.Table.from_arrays(arrays, names=names)
        con.register("_ingest_batch", batch)
        con.execute(f"INSERT INTO {STAGE_TABLE} SELECT * FROM _ingest_batch")
        con.unregister("_ingest_batch")
        good.clear()
        good_numbers.clear()
        faults.clear()

    csv.field_size_limit(2**31 - 1)
    gc_was_enabled = gc.isenabled()
    gc.disable()  # millions of small lists: the cyclic collector would dominate the run time
    try:
        with _open_text(path) as f:
            reader = csv.reader(f, strict=False)
            for row in reader:
                if row:
                    break  # the header, already read by read_header
            for row in reader:
                if not row:
                    continue
                number += 1
                if len(row) != width:
                    fields = [clean_text(v) for v in row] if check_chars else row
                    faults.append((number, "wrong_field_count", None,
                                   f"{len(row)} fields, header has {width}",
                                   json.dumps(fields, ensure_ascii=False)))
                elif check_chars and (_SURROGATE.search(joined := "\x1f".join(row)) or "\x00" in joined):
                    faults.append(_encoding_fault(number, header, row))
                else:
                    good.append(row)
                    good_numbers.append(number)
                if len(good) + len(faults) >= BATCH_ROWS:
                    flush()
            flush()
    finally:
        if gc_was_enabled:
            gc.enable()
    return number


def _encoding_fault(number: int, header: list[str], row: list[str]) -> tuple[int, str, str | None, str, str]:
    column = next(i for i, v in enumerate(row) if _SURROGATE.search(v) or "\x00" in v)
    value = clean_text(row[column]).replace("\x00", "\\0")
    record = {h: clean_text(v).replace("\x00", "\\0") for h, v in zip(header, row)}
    return (number, "invalid_encoding", header[column], value, json.dumps(record, ensure_ascii=False))

