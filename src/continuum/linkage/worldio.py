"""Build the linkage input table straight from a generated world's landing CSVs.

Used by `continuum linkage train --truth-world` and benchmarks/linkage_quality.py so that the model
can be trained and measured on a world without running ingestion and dbt first. It follows the
mapping of docs/architecture.md (linkage section) and keeps the latest `updated_at` per key; it does
not validate manifests or quarantine bad rows (that is ingestion's job), it just skips rows whose
date of birth does not parse.
"""
from __future__ import annotations

from pathlib import Path

from continuum.linkage.prepare import INPUT_TABLE

_SELECT = {
    "police": """arrest_id AS record_key, surname, forenames, split_part(trim(forenames), ' ', 1) AS first_forename,
        NULL AS initials, date_of_birth, sex, coalesce(home_la_code, arrest_la_code) AS la_code,
        CASE WHEN postcode IS NULL THEN NULL WHEN contains(trim(postcode), ' ')
             THEN split_part(upper(trim(postcode)), ' ', 1)
             ELSE upper(left(trim(postcode), length(trim(postcode)) - 3)) END AS postcode_district,
        pnc_id, NULL AS source_person_ref, NULL AS linked_arrest_id, NULL AS linked_custody_record_id,
        try_cast(arrest_at AS TIMESTAMP)::DATE AS event_date,
        CASE WHEN disposal IN ('caution', 'diversionary_caution', 'community_caution', 'community_resolution')
             THEN 'out_of_court:' ELSE 'arrest:' END || coalesce(home_la_code, arrest_la_code) AS handover_key""",
    "custody": """custody_record_id, surname, forenames, split_part(trim(forenames), ' ', 1), NULL,
        date_of_birth, sex, suite_la_code, NULL, pnc_id, NULL, arrest_id, NULL,
        try_cast(detained_at AS TIMESTAMP)::DATE,
        CASE WHEN ra_required = 'Y' THEN 'required_assessment:' || ra_provider_code END""",
    "treatment": """episode_id, NULL, NULL, NULL, initials, date_of_birth, sex, la_code, postcode_district,
        NULL, provider_code || ':' || client_ref, NULL, custody_record_id, try_cast(referral_date AS DATE),
        CASE WHEN referral_source = 'required_assessment' THEN 'required_assessment:' || provider_code
             WHEN referral_source = 'prison' THEN 'prison_release:' || la_code
             WHEN referral_source IN ('arrest_referral', 'liaison_diversion', 'out_of_court_disposal', 'drr', 'probation')
             THEN referral_source || ':' || la_code END""",
    "probation": """event_id, surname, forenames, split_part(trim(forenames), ' ', 1), NULL, date_of_birth,
        sex, la_code, NULL, pnc_id, crn, NULL, NULL, try_cast(event_date AS DATE),
        CASE WHEN event_type = 'licence_start' AND substance_misuse_need = 'Y' THEN 'prison_release:' || la_code
             WHEN event_type IN ('community_order_start', 'suspended_sentence_start') AND drug_requirement = 'drr'
             THEN 'drr_order:' || la_code
             WHEN event_type IN ('community_order_start', 'suspended_sentence_start') AND substance_misuse_need = 'Y'
             THEN 'order_with_need:' || la_code END""",
}
_KEYS = {"police": "arrest_id", "custody": "custody_record_id", "treatment": "episode_id", "probation": "event_id"}


def landing_dir(world: Path) -> Path:
    world = Path(world)
    for cand in (world / "landing", world):
        if any((cand / f).is_dir() for f in _KEYS):
            return cand
    raise FileNotFoundError(f"no landing area (police/, custody/, ...) under {world}")


def build_input_from_landing(con, world: Path, table: str = INPUT_TABLE) -> int:
    """Create `table` in `con` from the world's landing CSVs; return its row count."""
    landing = landing_dir(world)
    parts = []
    for feed, key in _KEYS.items():
        files = sorted((landing / feed).glob(f"{feed}_*.csv"))
        if not files:
            continue
        file_list = "[" + ", ".join(f"'{f}'" for f in files) + "]"
        parts.append(f"""
            SELECT '{feed}' AS feed, {_SELECT[feed]}
            FROM (SELECT * REPLACE (try_cast(date_of_birth AS DATE) AS date_of_birth)
                  FROM read_csv({file_list}, header = true, all_varchar = true, union_by_name = true,
                                filename = true)
                  QUALIFY row_number() OVER (PARTITION BY {key}
                                             ORDER BY try_cast(updated_at AS TIMESTAMP) DESC, filename DESC) = 1)
            WHERE date_of_birth IS NOT NULL""")
    if "." in table:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {table.split('.')[0]}")
    con.execute(f"CREATE OR REPLACE TABLE {table} AS " + " UNION ALL ".join(parts))
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
