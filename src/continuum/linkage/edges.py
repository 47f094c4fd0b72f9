"""Edges between records: deterministic links on trustworthy keys, and Splink's scored pairs.

Keys are trusted only where they are checked: a custody record's arrest_id and a treatment
referral's custody_record_id are "sometimes wrong" (feeds.md), so those links, and PNC-id links, need
a compatible date of birth (equal, day/month swapped or one typo) and sex. Probation CRNs and a
provider's own client_ref identify a person within their system, so records sharing one are joined
to that group's first record (a star: linear in the group size, not quadratic).
"""
from __future__ import annotations

EDGE_COLUMNS = "uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE"


def deterministic_edges_sql(prep: str, dob_ok: str, sex_ok: str) -> str:
    checked = f"{dob_ok} AND {sex_ok}"
    return f"""
    WITH raw_edges AS (
        SELECT l.unique_id AS a, r.unique_id AS b, 'custody_arrest_id' AS link_method
        FROM {prep} l JOIN {prep} r
          ON l.feed = 'custody' AND r.feed = 'police' AND l.linked_arrest_id = r.record_key
        WHERE {checked}
        UNION ALL
        SELECT l.unique_id, r.unique_id, 'treatment_custody_record_id'
        FROM {prep} l JOIN {prep} r
          ON l.feed = 'treatment' AND r.feed = 'custody' AND l.linked_custody_record_id = r.record_key
        WHERE {checked}
        UNION ALL
        SELECT l.unique_id, r.unique_id, 'pnc_id'
        FROM {prep} l JOIN {prep} r ON l.pnc_id = r.pnc_id AND l.unique_id < r.unique_id
        WHERE {checked}
        UNION ALL
        SELECT first_uid, unique_id, CASE feed WHEN 'probation' THEN 'probation_crn'
                                               ELSE 'treatment_client_ref' END
        FROM (SELECT unique_id, feed,
                     min(unique_id) OVER (PARTITION BY feed, source_person_ref) AS first_uid
              FROM {prep} WHERE source_person_ref IS NOT NULL AND feed IN ('probation', 'treatment'))
        WHERE unique_id <> first_uid
    )
    SELECT least(a, b) AS uid_l, greatest(a, b) AS uid_r,
           min(link_method) AS link_method, 1.0::DOUBLE AS match_probability
    FROM raw_edges GROUP BY 1, 2
    """


def splink_edges_sql(predictions: str) -> str:
    """Normalise Splink's prediction table to edge rows (uid_l < uid_r)."""
    return f"""
    SELECT least(unique_id_l, unique_id_r) AS uid_l, greatest(unique_id_l, unique_id_r) AS uid_r,
           'probabilistic' AS link_method, match_probability
    FROM {predictions}
    """
