"""Writes the bad-input corpus under tests/ingest/corpus/ (run once by hand; the output is committed).

Each case is the landing area of one feed plus `expected.json`: for every file, the status it must end
in, the rule that rejected it, rows loaded and quarantined per rule, and for chosen rows the rule that
row must be quarantined under. Rebuild with:
    .venv/bin/python tests/ingest/build_corpus.py
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from continuum.contracts import CONTRACTS
from continuum.ingest.samples import csv_text, manifest_for, sample_row, write_delivery

CORPUS = Path(__file__).resolve().parent / "corpus"
D1, D2 = "2025-01-10", "2025-01-11"
N1, N2 = "20250110", "20250111"
CASES: dict[str, dict] = {}


def case(name: str, feed: str, description: str):
    def deco(fn):
        CASES[name] = {"feed": feed, "description": description, "build": fn}
        return fn
    return deco


def rows(feed: str, n: int = 3, **over) -> list[dict]:
    return [sample_row(feed, i, **over) for i in range(1, n + 1)]


def text(feed: str, rs: list[dict], **kw) -> bytes:
    return csv_text(rs, **kw).encode("utf-8")


def loaded(n_delivered: int, n_loaded: int, quarantined: dict | None = None, rows_: dict | None = None,
           warnings: list | None = None) -> dict:
    return {"status": "loaded", "rows_delivered": n_delivered, "rows_loaded": n_loaded,
            "quarantined": quarantined or {}, "quarantined_rows": {str(k): v for k, v in (rows_ or {}).items()},
            "warnings": warnings or []}


def rejected(rule: str) -> dict:
    return {"status": "rejected", "rule": rule}


def deliver(land: Path, feed: str, date: str, data: bytes, count: int, manifest: dict | None = None) -> None:
    write_delivery(land, feed, date, data, count, manifest)


# --- delivery and manifest -------------------------------------------------------------------------

@case("no_manifest", "police", "a CSV without its manifest is still arriving: waiting, not loaded, not an error")
def _(land):
    d = land / "police"; d.mkdir(parents=True)
    (d / f"police_{N1}.csv").write_bytes(text("police", rows("police")))
    return {f"police_{N1}.csv": {"status": "waiting"}}


@case("manifest_without_csv", "custody", "a manifest whose CSV never arrived")
def _(land):
    d = land / "custody"; d.mkdir(parents=True)
    (d / f"custody_{N1}.manifest.json").write_text(json.dumps(manifest_for("custody", D1, b"x", 1)))
    return {f"custody_{N1}.csv": rejected("manifest_without_csv")}


@case("manifest_count_wrong", "police", "manifest row_count disagrees with the file: nothing loads")
def _(land):
    data = text("police", rows("police"))
    deliver(land, "police", D1, data, 3, manifest_for("police", D1, data, 4))
    return {f"police_{N1}.csv": rejected("manifest_row_count_mismatch")}


@case("manifest_hash_wrong", "treatment", "manifest sha256 disagrees with the bytes: broken transfer")
def _(land):
    data = text("treatment", rows("treatment"))
    m = manifest_for("treatment", D1, data + b"x", 3)
    deliver(land, "treatment", D1, data, 3, m)
    return {f"treatment_{N1}.csv": rejected("manifest_sha256_mismatch")}


@case("manifest_other_feed", "probation", "a custody manifest in the probation folder")
def _(land):
    data = text("probation", rows("probation"))
    m = manifest_for("probation", D1, data, 3) | {"feed": "custody"}
    deliver(land, "probation", D1, data, 3, m)
    return {f"probation_{N1}.csv": rejected("manifest_feed_mismatch")}


@case("manifest_malformed_json", "police", "manifest is not JSON")
def _(land):
    data = text("police", rows("police"))
    deliver(land, "police", D1, data, 3)
    (land / "police" / f"police_{N1}.manifest.json").write_text('{"feed": "police", "row_count": 3,')
    return {f"police_{N1}.csv": rejected("manifest_invalid")}


@case("manifest_date_mismatch", "police", "manifest extract_date is not the file name's date")
def _(land):
    data = text("police", rows("police"))
    deliver(land, "police", D1, data, 3, manifest_for("police", D2, data, 3))
    return {f"police_{N1}.csv": rejected("manifest_invalid")}


@case("same_bytes_two_names", "custody", "the same extract delivered again under a second name: loaded once")
def _(land):
    data = text("custody", rows("custody"))
    deliver(land, "custody", D1, data, 3)
    deliver(land, "custody", D2, data, 3)
    return {f"custody_{N1}.csv": loaded(3, 3), f"custody_{N2}.csv": {"status": "duplicate"}}


@case("misnamed_files", "police", "files not named <feed>_<YYYYMMDD>: ignored and listed, never loaded")
def _(land):
    d = land / "police"; d.mkdir(parents=True)
    (d / "police_latest.csv").write_bytes(text("police", rows("police")))
    (d / "police_20250230.csv").write_bytes(text("police", rows("police")))
    (d / "police_20250230.manifest.json").write_text("{}")
    return {"police_latest.csv": {"status": "ignored"}, "police_20250230.csv": {"status": "ignored"}}


# --- file shape ------------------------------------------------------------------------------------

@case("empty_file", "police", "a 0-byte file")
def _(land):
    deliver(land, "police", D1, b"", 0)
    return {f"police_{N1}.csv": rejected("empty_file")}


@case("header_only", "probation", "a delta with no records: loads nothing, counts as delivered")
def _(land):
    cols = list(CONTRACTS["probation"].column_names)
    deliver(land, "probation", D1, (",".join(cols) + "\r\n").encode(), 0)
    return {f"probation_{N1}.csv": loaded(0, 0)}


@case("header_only_twice", "probation", "two empty deltas are byte-identical; both must load (cut-off date)")
def _(land):
    data = (",".join(CONTRACTS["probation"].column_names) + "\r\n").encode()
    deliver(land, "probation", D1, data, 0)
    deliver(land, "probation", D2, data, 0)
    return {f"probation_{N1}.csv": loaded(0, 0), f"probation_{N2}.csv": loaded(0, 0)}


@case("missing_required_column", "custody", "required column test_reason absent")
def _(land):
    cols = [c for c in CONTRACTS["custody"].column_names if c != "test_reason"]
    deliver(land, "custody", D1, text("custody", rows("custody"), columns=cols), 3)
    return {f"custody_{N1}.csv": rejected("missing_required_column")}


@case("column_renamed", "police", "surname renamed to last_name: a required column is missing")
def _(land):
    rs = [{("last_name" if k == "surname" else k): v for k, v in r.items()} for r in rows("police")]
    deliver(land, "police", D1, text("police", rs), 3)
    return {f"police_{N1}.csv": rejected("missing_required_column")}


@case("unknown_extra_column", "treatment", "an extra column: known columns load, a warning is recorded")
def _(land):
    rs = [r | {"risk_score": "7"} for r in rows("treatment")]
    deliver(land, "treatment", D1, text("treatment", rs), 3)
    return {f"treatment_{N1}.csv": loaded(3, 3, warnings=["unknown_column"])}


@case("columns_reordered", "custody", "columns in reverse order must load")
def _(land):
    cols = list(reversed(CONTRACTS["custody"].column_names))
    deliver(land, "custody", D1, text("custody", rows("custody"), columns=cols), 3)
    return {f"custody_{N1}.csv": loaded(3, 3)}


@case("optional_columns_absent", "police", "optional columns (pnc_id, postcode, ethnicity, ...) left out: loads")
def _(land):
    cols = list(CONTRACTS["police"].required_columns)
    rs = rows("police", disposal="pending")
    deliver(land, "police", D1, text("police", rs, columns=cols), 3)
    return {f"police_{N1}.csv": loaded(3, 3)}


@case("duplicate_column", "police", "the header names sex twice")
def _(land):
    cols = list(CONTRACTS["police"].column_names) + ["sex"]
    deliver(land, "police", D1, text("police", rows("police"), columns=cols), 3)
    return {f"police_{N1}.csv": rejected("duplicate_column")}


@case("header_padded", "probation", "spaces around header names are tolerated")
def _(land):
    cols = list(CONTRACTS["probation"].column_names)
    body = csv_text(rows("probation"), columns=cols)
    head, rest = body.split("\r\n", 1)
    deliver(land, "probation", D1, (", ".join(head.split(",")) + " \r\n" + rest).encode(), 3)
    return {f"probation_{N1}.csv": loaded(3, 3)}


# --- encoding, delimiters, line endings, quoting ---------------------------------------------------

@case("latin1_encoding", "police", "Latin-1 bytes: the rows that are not UTF-8 are quarantined, the rest load")
def _(land):
    rs = rows("police", 4)
    rs[1]["surname"] = "Bront\u00eb"; rs[3]["forenames"] = "Jos\u00e9"
    data = csv_text(rs).encode("latin-1")
    deliver(land, "police", D1, data, 4)
    return {f"police_{N1}.csv": loaded(4, 2, {"invalid_encoding": 2}, {2: "invalid_encoding", 4: "invalid_encoding"})}


@case("latin1_header", "police", "a header that is not UTF-8 rejects the file")
def _(land):
    rs = [r | {"pr\u00e9nom": "x"} for r in rows("police")]
    deliver(land, "police", D1, csv_text(rs).encode("latin-1"), 3)
    return {f"police_{N1}.csv": rejected("invalid_encoding")}


@case("utf16_encoding", "treatment", "UTF-16 with a byte-order mark")
def _(land):
    deliver(land, "treatment", D1, csv_text(rows("treatment")).encode("utf-16"), 3)
    return {f"treatment_{N1}.csv": rejected("invalid_encoding")}


@case("utf16_no_bom", "treatment", "UTF-16LE without a byte-order mark (NULs in the header)")
def _(land):
    deliver(land, "treatment", D1, csv_text(rows("treatment")).encode("utf-16-le"), 3)
    return {f"treatment_{N1}.csv": rejected("invalid_encoding")}


@case("semicolon_delimiter", "custody", "semicolon-separated: the header is one column")
def _(land):
    deliver(land, "custody", D1, csv_text(rows("custody")).replace(",", ";").encode(), 3)
    return {f"custody_{N1}.csv": rejected("missing_required_column")}


@case("tab_delimiter", "probation", "tab-separated")
def _(land):
    deliver(land, "probation", D1, csv_text(rows("probation")).replace(",", "\t").encode(), 3)
    return {f"probation_{N1}.csv": rejected("missing_required_column")}


@case("crlf_line_endings", "police", "CRLF line endings must load")
def _(land):
    deliver(land, "police", D1, text("police", rows("police"), newline="\r\n"), 3)
    return {f"police_{N1}.csv": loaded(3, 3)}


@case("lf_line_endings_no_final_newline", "custody", "LF line endings, last record without a newline")
def _(land):
    deliver(land, "custody", D1, text("custody", rows("custody"), newline="\n").rstrip(b"\n"), 3)
    return {f"custody_{N1}.csv": loaded(3, 3)}


@case("utf8_bom", "treatment", "a UTF-8 byte-order mark must load")
def _(land):
    deliver(land, "treatment", D1, b"\xef\xbb\xbf" + text("treatment", rows("treatment")), 3)
    return {f"treatment_{N1}.csv": loaded(3, 3)}


@case("quotes_commas_newlines", "police", "quoted fields holding commas, quotes and CRLF/LF newlines must load")
def _(land):
    rs = rows("police", 3)
    rs[0]["surname"] = 'O"Brien, "the elder"'
    rs[1]["forenames"] = "Mary\r\nAnne"
    rs[2]["postcode"] = "E8\n1AA, flat \"2\""
    rs[2]["force_code"] = "   met   "
    deliver(land, "police", D1, text("police", rs), 3)
    return {f"police_{N1}.csv": loaded(3, 3)}


@case("blank_lines", "probation", "blank lines between records are not records")
def _(land):
    body = text("probation", rows("probation")).replace(b"\r\n", b"\r\n\r\n", 2)
    deliver(land, "probation", D1, body + b"\r\n", 3)
    return {f"probation_{N1}.csv": loaded(3, 3)}


@case("huge_field", "police", "a 1 MB surname loads")
def _(land):
    rs = rows("police", 2)
    rs[1]["surname"] = "X" * (1 << 20)
    deliver(land, "police", D1, text("police", rs), 2)
    return {f"police_{N1}.csv": loaded(2, 2)}


@case("binary_junk", "custody", "random bytes with a manifest")
def _(land):
    import random
    rnd = random.Random(7)
    deliver(land, "custody", D1, bytes(rnd.randrange(256) for _ in range(4096)), 10)
    return {f"custody_{N1}.csv": rejected("invalid_encoding")}


@case("nul_byte_in_field", "treatment", "a NUL byte inside a field quarantines that row")
def _(land):
    rs = rows("treatment")
    rs[2]["client_ref"] = "C\x003"
    deliver(land, "treatment", D1, text("treatment", rs), 3)
    return {f"treatment_{N1}.csv": loaded(3, 2, {"invalid_encoding": 1}, {3: "invalid_encoding"})}


@case("unterminated_quote", "police", "an opening quote never closed swallows the rest: counts disagree")
def _(land):
    rs = rows("police", 4)
    body = text("police", rs).replace(b",Smith,", b',"Smith,', 1)
    deliver(land, "police", D1, body, 4)
    return {f"police_{N1}.csv": rejected("manifest_row_count_mismatch")}


@case("wrong_field_count", "custody", "records with one field too many and one too few")
def _(land):
    lines = text("custody", rows("custody", 4)).split(b"\r\n")
    lines[2] += b",extra"
    lines[4] = lines[4].rsplit(b",", 1)[0]
    deliver(land, "custody", D1, b"\r\n".join(lines), 4)
    return {f"custody_{N1}.csv": loaded(4, 2, {"wrong_field_count": 2}, {2: "wrong_field_count", 4: "wrong_field_count"})}


# --- values ----------------------------------------------------------------------------------------

@case("invalid_codes", "police", "codes outside the allowed sets, including the wrong case")
def _(land):
    rs = rows("police", 5)
    rs[0]["sex"] = "m"; rs[1]["offence_group"] = "shoplifting"; rs[2]["disposal"] = "Charged"
    rs[3]["ethnicity"] = "white_british"
    deliver(land, "police", D1, text("police", rs), 5)
    return {f"police_{N1}.csv": loaded(5, 1, {"invalid_code": 4},
                                       {1: "invalid_code", 2: "invalid_code", 3: "invalid_code", 4: "invalid_code"})}


@case("invalid_la_code_shape", "treatment", "la codes of the wrong shape")
def _(land):
    rs = rows("treatment", 4)
    rs[0]["la_code"] = "W06000015"; rs[1]["la_code"] = "E0900001"; rs[2]["la_code"] = "e09000012"
    deliver(land, "treatment", D1, text("treatment", rs), 4)
    return {f"treatment_{N1}.csv": loaded(4, 1, {"invalid_la_code": 3},
                                          {1: "invalid_la_code", 2: "invalid_la_code", 3: "invalid_la_code"})}


@case("la_code_not_in_reference", "probation", "a well-formed la code the reference data lacks still loads")
def _(land):
    deliver(land, "probation", D1, text("probation", rows("probation", la_code="E09999999")), 3)
    return {f"probation_{N1}.csv": loaded(3, 3)}


@case("invalid_pnc_id", "police", "pnc ids of the wrong shape; a missing one is fine")
def _(land):
    rs = rows("police", 4)
    rs[0]["pnc_id"] = "01/1234567X"; rs[1]["pnc_id"] = "2001/1234567"; rs[2]["pnc_id"] = ""
    deliver(land, "police", D1, text("police", rs), 4)
    return {f"police_{N1}.csv": loaded(4, 2, {"invalid_pnc_id": 2}, {1: "invalid_pnc_id", 2: "invalid_pnc_id"})}


@case("impossible_dates", "probation", "2025-02-30, month 13, 2-digit year, slashes")
def _(land):
    rs = rows("probation", 5)
    rs[0]["event_date"] = "2025-02-30"; rs[1]["date_of_birth"] = "1985-13-01"; rs[2]["event_date"] = "25-01-04"
    rs[3]["date_of_birth"] = "01/12/1985"
    deliver(land, "probation", D1, text("probation", rs), 5)
    return {f"probation_{N1}.csv": loaded(5, 1, {"invalid_date": 4},
                                          {1: "invalid_date", 2: "invalid_date", 3: "invalid_date", 4: "invalid_date"})}


@case("future_dates", "custody", "dates after extract date + 1 day; the day after is allowed; appointments may be ahead")
def _(land):
    rs = rows("custody", 5)
    rs[0]["detained_at"] = "2025-01-12T00:00:01"          # extract 2025-01-10 + 2 days
    rs[1]["date_of_birth"] = "2030-01-01"
    rs[2]["updated_at"] = "2025-01-11T23:59:59"           # extract + 1 day: allowed
    rs[3]["ra_appointment_at"] = "2025-03-01T10:00:00"    # booked ahead: allowed
    deliver(land, "custody", D1, text("custody", rs), 5)
    return {f"custody_{N1}.csv": loaded(5, 3, {"future_date": 2}, {1: "future_date", 2: "future_date"})}


@case("bad_timestamps", "police", "timestamps with a space, an offset, hour 25, date only")
def _(land):
    rs = rows("police", 5)
    rs[0]["arrest_at"] = "2025-01-01 10:00:00"; rs[1]["updated_at"] = "2025-01-05T10:00:00Z"
    rs[2]["arrest_at"] = "2025-01-01T25:00:00"; rs[3]["updated_at"] = "2025-01-05"
    deliver(land, "police", D1, text("police", rs), 5)
    return {f"police_{N1}.csv": loaded(5, 1, {"invalid_timestamp": 4},
                                       {1: "invalid_timestamp", 2: "invalid_timestamp", 3: "invalid_timestamp",
                                        4: "invalid_timestamp"})}


@case("top_out_of_range", "treatment", "TOP days outside 0-28 and not integers")
def _(land):
    rs = rows("treatment", 6)
    rs[0]["top_days_used_start"] = "29"; rs[1]["top_days_used_latest"] = "-1"
    rs[2]["top_days_used_start"] = "4.5"; rs[3]["top_days_used_latest"] = "ten"
    rs[4]["top_days_used_start"] = "28"; rs[4]["top_days_used_latest"] = "0"
    deliver(land, "treatment", D1, text("treatment", rs), 6)
    return {f"treatment_{N1}.csv": loaded(6, 2, {"out_of_range": 2, "invalid_integer": 2},
                                          {1: "out_of_range", 2: "out_of_range", 3: "invalid_integer",
                                           4: "invalid_integer"})}


@case("missing_required_values", "probation", "required values empty, quoted-empty and whitespace-only")
def _(land):
    rs = rows("probation", 4)
    rs[0]["crn"] = ""; rs[1]["surname"] = "   "; rs[2]["event_type"] = "\t"
    deliver(land, "probation", D1, text("probation", rs).replace(b"Brown", b'"Brown"'), 4)
    return {f"probation_{N1}.csv": loaded(4, 1, {"missing_required_value": 3},
                                          {1: "missing_required_value", 2: "missing_required_value",
                                           3: "missing_required_value"})}


@case("duplicate_key_in_file", "police", "a key twice in one file: every row with that key is quarantined")
def _(land):
    rs = rows("police", 4)
    rs[3]["arrest_id"] = rs[1]["arrest_id"]; rs[3]["updated_at"] = "2025-01-06T10:00:00"
    deliver(land, "police", D1, text("police", rs), 4)
    return {f"police_{N1}.csv": loaded(4, 2, {"duplicate_key_in_file": 2},
                                       {2: "duplicate_key_in_file", 4: "duplicate_key_in_file"})}


@case("conflicting_corrections", "treatment", "one key in two files with different updated_at: both load to raw")
def _(land):
    deliver(land, "treatment", D1, text("treatment", rows("treatment", 2)), 2)
    later = [sample_row("treatment", 1, discharge_date="2025-01-10", discharge_reason="dropped_out",
                        updated_at="2025-01-11T09:00:00")]
    deliver(land, "treatment", D2, text("treatment", later), 1)
    return {f"treatment_{N1}.csv": loaded(2, 2), f"treatment_{N2}.csv": loaded(1, 1),
            "_reconciliation": {"rows_superseded": 1, "raw_rows": 3, "raw_keys": 2}}


@case("conditional_rules", "police", "disposal_date missing while the disposal is not pending")
def _(land):
    rs = rows("police", 3)
    rs[0]["disposal_date"] = ""; rs[1]["disposal"] = "pending"; rs[1]["disposal_date"] = ""
    deliver(land, "police", D1, text("police", rs), 3)
    return {f"police_{N1}.csv": loaded(3, 2, {"disposal_date_required_unless_pending": 1},
                                       {1: "disposal_date_required_unless_pending"})}


@case("conditional_custody", "custody", "tested_at missing for a test; not needed when not tested")
def _(land):
    rs = rows("custody", 3)
    rs[0]["tested_at"] = ""; rs[1]["test_reason"] = "not_tested"; rs[1]["tested_at"] = ""
    deliver(land, "custody", D1, text("custody", rs), 3)
    return {f"custody_{N1}.csv": loaded(3, 2, {"tested_at_required_unless_not_tested": 1},
                                        {1: "tested_at_required_unless_not_tested"})}


@case("conditional_column_absent", "treatment", "discharge_date given but the discharge_reason column is absent")
def _(land):
    cols = [c for c in CONTRACTS["treatment"].column_names if c != "discharge_reason"]
    rs = rows("treatment", 2)
    rs[0]["discharge_date"] = "2025-01-09"
    deliver(land, "treatment", D1, text("treatment", rs, columns=cols), 2)
    return {f"treatment_{N1}.csv": loaded(2, 1, {"discharge_reason_required_with_discharge_date": 1},
                                          {1: "discharge_reason_required_with_discharge_date"})}


@case("first_rule_wins", "police", "a row breaking several rules is quarantined once, under the first")
def _(land):
    rs = rows("police", 2)
    rs[0]["sex"] = "Q"; rs[0]["date_of_birth"] = "1980-02-30"; rs[0]["updated_at"] = "nope"
    deliver(land, "police", D1, text("police", rs), 2)
    return {f"police_{N1}.csv": loaded(2, 1, {"invalid_date": 1}, {1: "invalid_date"})}


def build() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    for name, spec in CASES.items():
        land = CORPUS / name
        land.mkdir(parents=True)
        files = spec["build"](land)
        recon = files.pop("_reconciliation", None)
        expected = {"feed": spec["feed"], "description": spec["description"], "files": files}
        if recon:
            expected["reconciliation"] = recon
        (land / "expected.json").write_text(json.dumps(expected, indent=2) + "\n")
    print(f"{len(CASES)} cases written to {CORPUS}")


if __name__ == "__main__":
    build()
