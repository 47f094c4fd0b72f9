"""A hand-written raw warehouse for developing and testing the dbt project.

Stands in for the parts that write what dbt reads: `continuum.ingest` loading files (its real
`ensure_schema` creates the tables) and `continuum.linkage` (linkage.person_records). Person keys are
given by the test (the `person` of each record) instead of being found by Splink.

    world = RawWorld(con)
    world.load("police", "2025-01-31", [{"arrest_id": "A1", ..., "updated_at": "..."}], person="p1")
    world.link()   # writes linkage.person_records for every latest record loaded
"""
from __future__ import annotations

import itertools
from datetime import date, datetime

import duckdb

from continuum.contracts import CONTRACTS
from continuum.ingest.schema import ensure_schema

PERSON_RECORDS_DDL = """
create table if not exists linkage.person_records (
    feed VARCHAR, record_key VARCHAR, person_key VARCHAR, link_method VARCHAR,
    match_probability DOUBLE, run_id VARCHAR, linked_at TIMESTAMP
)"""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """raw.<feed> and ingest.* (continuum.ingest.schema) and linkage.person_records, empty."""
    ensure_schema(con)  # the real raw and ingest tables, as continuum.ingest creates them
    con.execute("create schema if not exists linkage")
    con.execute(PERSON_RECORDS_DDL)


class RawWorld:
    """Loads hand-written deliveries into raw and remembers who each record belongs to."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.persons: dict[tuple[str, str], str] = {}
        self._load_ids = itertools.count(1)
        create_schema(con)

    def load(self, feed: str, extract_date: str, rows: list[dict], person: str | None = None,
             status: str = "loaded") -> str:
        """Deliver `rows` (contract column -> string) as one file of `feed`; returns its load id.

        A row may carry `_person` (overrides `person`), used only for linkage.person_records."""
        contract = CONTRACTS[feed]
        load_id = f"load-{next(self._load_ids):04d}"
        file_name = f"{feed}_{extract_date.replace('-', '')}.csv"
        if status == "loaded":
            for number, row in enumerate(rows, start=1):
                unknown = set(row) - set(contract.column_names) - {"_person"}
                if unknown:
                    raise ValueError(f"{feed} has no column(s) {sorted(unknown)}")
                who = row.get("_person", person)
                if who is not None:
                    self.persons[(feed, row[contract.key])] = who
                values = [row.get(c) for c in contract.column_names]
                values += [load_id, file_name, "0" * 64, date.fromisoformat(extract_date), number,
                           datetime(2026, 1, 1)]
                names = ", ".join(f'"{c}"' for c in contract.column_names) + (
                    ", _load_id, _file_name, _file_sha256, _extract_date, _row_number, _loaded_at")
                marks = ", ".join("?" * len(values))
                self.con.execute(f"insert into raw.{feed} ({names}) values ({marks})", values)
        self.con.execute(
            "insert into ingest.file_loads (load_id, feed, file_name, file_sha256, extract_date,"
            " manifest_row_count, status, rows_delivered, rows_loaded, rows_quarantined, run_id,"
            " started_at, finished_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 'test', ?, ?)",
            [load_id, feed, file_name, "0" * 64, date.fromisoformat(extract_date), len(rows), status,
             len(rows), len(rows) if status == "loaded" else 0, datetime(2026, 1, 1),
             datetime(2026, 1, 1)],
        )
        return load_id

    def link(self) -> None:
        """linkage.person_records: one row per distinct (feed, record key) loaded, person_key given."""
        self.con.execute("delete from linkage.person_records")
        for (feed, key), who in sorted(self.persons.items()):
            self.con.execute(
                "insert into linkage.person_records values (?, ?, ?, 'fixture', 1.0, 'test', ?)",
                [feed, key, f"pk_{who}", datetime(2026, 1, 1)],
            )


def police(arrest_id: str, arrest_at: str, **overrides) -> dict:
    row = dict(arrest_id=arrest_id, force_code="met", pnc_id=None, surname="Smith",
               forenames="John Paul", date_of_birth="1990-01-01", sex="M", postcode="E8 1AA",
               home_la_code="E09000012", arrest_at=arrest_at, arrest_la_code="E09000012",
               offence_date=arrest_at[:10], offence_group="theft", disposal="pending",
               disposal_date=None, ethnicity="white", updated_at=arrest_at)
    row.update(overrides)
    return row


def custody(custody_record_id: str, tested_at: str | None, cocaine: str | None = "negative",
            opiates: str | None = "negative", ra_required: str | None = None, **overrides) -> dict:
    detained = tested_at or "2025-01-01T10:00:00"
    row = dict(custody_record_id=custody_record_id, arrest_id=None, custody_suite_code="HACK1",
               suite_la_code="E09000012", pnc_id=None, surname="Smith", forenames="John",
               date_of_birth="1990-01-01", sex="M", detained_at=detained, released_at=None,
               test_reason="trigger_offence" if tested_at else "not_tested", tested_at=tested_at,
               cocaine_result=cocaine if tested_at else None,
               opiates_result=opiates if tested_at else None, ra_required=ra_required,
               ra_appointment_at=None, ra_provider_code=None, ethnicity="white", updated_at=detained)
    row.update(overrides)
    return row


def treatment(episode_id: str, referral_date: str, **overrides) -> dict:
    row = dict(episode_id=episode_id, provider_code="PROV1", client_ref=f"C-{episode_id}",
               initials="JS", date_of_birth="1990-01-01", sex="M", la_code="E09000012",
               postcode_district="E8", custody_record_id=None, referral_source="required_assessment",
               referral_date=referral_date, assessment_date=None, treatment_start_date=None,
               primary_substance="opiates", discharge_date=None, discharge_reason=None,
               top_days_used_start=None, top_days_used_latest=None, top_latest_date=None,
               ethnicity="white", updated_at=f"{referral_date}T09:00:00")
    row.update(overrides)
    return row


def probation(event_id: str, event_type: str, event_date: str, **overrides) -> dict:
    row = dict(event_id=event_id, crn="X123456", pnc_id=None, surname="Smith", forenames="John",
               date_of_birth="1990-01-01", sex="M", la_code="E09000030", event_type=event_type,
               event_date=event_date, prison_code=None, drug_requirement=None,
               substance_misuse_need=None, termination_reason=None, order_ref=None,
               ethnicity="white", updated_at=f"{event_date}T09:00:00")
    row.update(overrides)
    return row
