"""Turn `linkage_inputs.int_identity_records_unioned` into the feature table Splink compares.

Standardisation lives here, in one SQL statement, so that training, nightly scoring and evaluation
all see exactly the same features: upper-cased letters-only names, a canonical forename through the
nickname table (linkage/nicknames.csv), initials for every record (treatment only has initials, so
full-name records get theirs derived the same way, plus the first letters their forename's nicknames
would give: a clerk who wrote "Dick" for Richard wrote D), the surname field's first word (a record
keyed with forename and surname swapped holds "JASON ANTHONY" there, and its first word is what the
other record's forename matches), and date-of-birth parts used by the
blocking rules (a day/month-swap-invariant key lets a swapped date still meet its partner).
"""
from __future__ import annotations

import csv
from pathlib import Path

from continuum.config import LINKAGE_MODEL_DIR

INPUT_TABLE = "linkage_inputs.int_identity_records_unioned"

INPUT_COLUMNS = (
    "feed", "record_key", "surname", "forenames", "first_forename", "initials", "date_of_birth",
    "sex", "la_code", "postcode_district", "pnc_id", "source_person_ref", "linked_arrest_id",
    "linked_custody_record_id", "event_date", "handover_key",
)

# Identity columns whose change means a record must be re-scored on an incremental run.
FINGERPRINT_COLUMNS = (
    "surname", "forenames", "first_forename", "initials", "date_of_birth", "sex", "la_code",
    "postcode_district", "pnc_id", "source_person_ref", "linked_arrest_id", "linked_custody_record_id",
)


def load_nicknames(path: Path | None = None) -> list[tuple[str, str, str | None]]:
    """(nickname, canonical, sex or None). A nickname shared by two names (Sam: Samuel or Samantha)
    has one row per sex, so a record's sex decides which name it stands for."""
    path = path or LINKAGE_MODEL_DIR / "nicknames.csv"
    with open(path, newline="", encoding="utf-8") as f:
        return [(r["nickname"].upper(), r["canonical"].upper(), (r.get("sex") or "").upper() or None)
                for r in csv.DictReader(f)]


def _letters(expr: str) -> str:
    return f"nullif(regexp_replace(upper(trim({expr})), '[^A-Z]', '', 'g'), '')"


def create_prepared(con, source: str, target: str = "prep") -> int:
    """Create table `target` (in `con`'s default catalog) from relation `source`; return its rows.

    `uid` = feed || '|' || record_key identifies a record across feeds (record keys are only unique
    within a feed); `unique_id`/`source_dataset` are the names Splink expects.
    """
    con.execute("CREATE OR REPLACE TEMP TABLE nicknames (nickname VARCHAR, canonical VARCHAR, sex VARCHAR)")
    con.executemany("INSERT INTO nicknames VALUES (?, ?, ?)", load_nicknames())
    fp = " || '\x1f' || ".join(f"coalesce(CAST({c} AS VARCHAR), '')" for c in FINGERPRINT_COLUMNS)
    con.execute(f"""
    CREATE OR REPLACE TABLE {target} AS
    WITH base AS (
        SELECT
            feed, record_key,
            {_letters('surname')} AS surname_std,
            {_letters("split_part(trim(surname), ' ', 1)")} AS surname_first,
            list_filter(
                list_transform(string_split(regexp_replace(upper(coalesce(forenames, first_forename, '')),
                                '[^A-Z ]', '', 'g'), ' '), lambda x: trim(x)),
                lambda x: x <> '') AS forenames_all,
            {_letters("coalesce(first_forename, split_part(trim(forenames), ' ', 1))")} AS forename1_std,
            nullif(regexp_replace(upper(coalesce(initials, '')), '[^A-Z]', '', 'g'), '') AS initials_in,
            CAST(date_of_birth AS DATE) AS dob,
            CASE WHEN upper(sex) IN ('M', 'F', 'X') THEN upper(sex) END AS sex,
            nullif(upper(trim(la_code)), '') AS la_code,
            nullif(regexp_replace(upper(coalesce(postcode_district, '')), '[^A-Z0-9]', '', 'g'), '')
                AS postcode_district,
            nullif(upper(trim(pnc_id)), '') AS pnc_id,
            nullif(trim(source_person_ref), '') AS source_person_ref,
            nullif(trim(linked_arrest_id), '') AS linked_arrest_id,
            nullif(trim(linked_custody_record_id), '') AS linked_custody_record_id,
            CAST(event_date AS DATE) AS event_date,
            nullif(trim(handover_key), '') AS handover_key,
            md5({fp}) AS fingerprint
        FROM {source}
    )
    SELECT
        b.feed || '|' || b.record_key AS unique_id,
        b.feed AS source_dataset,
        b.feed, b.record_key,
        b.surname_std, b.surname_first, b.forename1_std,
        coalesce(n.canonical, b.forename1_std) AS forename1_canon,
        b.forenames_all,
        coalesce(
            CASE WHEN b.forename1_std IS NOT NULL AND b.surname_std IS NOT NULL
                 THEN left(b.forename1_std, 1) || left(b.surname_std, 1) END,
            left(b.initials_in, 1) || right(b.initials_in, 1)) AS initials,
        b.surname_std IS NOT NULL AND b.forename1_std IS NOT NULL AS has_name,
        CASE WHEN b.forename1_std IS NOT NULL AND b.surname_std IS NOT NULL
             THEN list_distinct(coalesce(v.initials, []) || [left(b.forename1_std, 1)]) END AS forename_initials,
        b.dob,
        strftime(b.dob, '%Y-%m-%d') AS dob_str,
        year(b.dob) AS birth_year,
        strftime(b.dob, '%m%d') AS dob_md,
        CAST(year(b.dob) AS VARCHAR) || '-' || least(month(b.dob), day(b.dob)) || '-'
            || greatest(month(b.dob), day(b.dob)) AS dob_swap_key,
        b.sex, b.la_code, b.postcode_district, b.pnc_id, b.source_person_ref,
        b.linked_arrest_id, b.linked_custody_record_id, b.event_date, b.handover_key, b.fingerprint
    FROM base b
    LEFT JOIN nicknames n ON n.nickname = b.forename1_std AND (n.sex IS NULL OR n.sex = b.sex)
    LEFT JOIN (SELECT canonical, list_distinct(list(left(nickname, 1)) || [left(canonical, 1)]) AS initials
               FROM nicknames GROUP BY canonical) v ON v.canonical = coalesce(n.canonical, b.forename1_std)
    """)
    return con.execute(f"SELECT count(*) FROM {target}").fetchall()[0][0]


# Columns handed to Splink (the rest stay in `prep` for deterministic rules and state);
# source_person_ref is not compared, only used to block an EM session on key-linked pairs.
SPLINK_COLUMNS = (
    "unique_id", "source_dataset", "surname_std", "surname_first", "forename1_std", "forename1_canon", "forenames_all",
    "initials", "has_name", "forename_initials", "dob", "dob_str", "birth_year", "dob_md", "dob_swap_key", "sex",
    "la_code", "postcode_district", "pnc_id", "source_person_ref",
)
