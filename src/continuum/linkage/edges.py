"""Edges between records: deterministic links on trustworthy keys, and Splink's scored pairs.

Keys are trusted only where they are checked: a custody record's arrest_id and a treatment
referral's custody_record_id are "sometimes wrong" (feeds.md), so those links, and PNC-id links, need
a compatible sex and a compatible date of birth (equal, day/month swapped or one typo) or, between
named records, the same surname and forename: a wrong key points at someone else, and on the
national world (seed 11) no custody record's arrest_id pointed at another person of the same name,
while 4,568 pointed at the right person with a date of birth keyed too differently to pass.
Probation CRNs and a provider's own client_ref identify a person within their system, so records
sharing one are joined to that group's first record (a star: linear in the group size, not
quadratic).

A hand-over between agencies leaves a record on both sides (`handover_key`, kind:place). The
episode's kind is its referral source; the other record's kind is the event that refers: custody
books a Required Assessment at a provider, which opens an episode referred by a Required Assessment;
a prison releases a person with a substance misuse need on licence, and a service in their authority
opens an episode referred by the prison; an arrest, or the out-of-court disposal that ended it, is
followed by an arrest referral, liaison and diversion or an out-of-court disposal referral; a
probation order with a Drug Rehabilitation Requirement, or one with a substance misuse need, by a
referral from probation. Where exactly one such pair finds each other (the other record of a kind
the episode's source follows, in the same place, the episode's referral inside that kind's window
after the event, compatible date of birth and sex, one initial in common) they are linked
(`handover_<episode kind>`). The episode's initials-only identity cannot tell a typo from a
lookalike; the hand-over can. Measured on the national world (seed 11): 63,160 release pairs, 4
wrong; 448,399 arrest and probation pairs, 4 wrong, 3,565 of them linking an episode no other rule
linked; 200,000 people: 9,954 Required Assessment pairs, none wrong.
"""
from __future__ import annotations

EDGE_COLUMNS = "uid_l VARCHAR, uid_r VARCHAR, link_method VARCHAR, match_probability DOUBLE"


def _unclaimed_same_day_sql(prep: str, claimed: str, days: list[int], on: str, check: str) -> str:
    """Pairs (a: custody, b: police) of records no pair in `claimed(a, b)` holds, the arrest made
    `days[0]`..`days[1]` days before the detention, equal on column `on` (the join that keeps a
    country's day of arrests affordable), passing `check` (l: custody, r: police), and unique on both
    sides."""
    lo, hi = int(days[0]), int(days[1])
    joins = " UNION ALL ".join(
        f"SELECT c.unique_id AS a, p.unique_id AS b FROM orphan_custody c JOIN orphan_police p "
        f"ON p.event_date = c.event_date - {d} AND p.{on} = c.{on}" for d in range(lo, hi + 1))
    return f"""
        WITH orphan_custody AS (SELECT unique_id, event_date, {on} FROM {prep}
                                WHERE feed = 'custody' AND unique_id NOT IN (SELECT a FROM {claimed})),
             orphan_police AS (SELECT unique_id, event_date, {on} FROM {prep}
                               WHERE feed = 'police' AND unique_id NOT IN (SELECT b FROM {claimed})),
             same_day AS MATERIALIZED ({joins})
        SELECT d.a, d.b FROM same_day d JOIN {prep} l ON l.unique_id = d.a JOIN {prep} r ON r.unique_id = d.b
        WHERE {check}
        QUALIFY count(*) OVER (PARTITION BY d.a) = 1 AND count(*) OVER (PARTITION BY d.b) = 1"""


def same_day_arrest_sql(prep: str, sex_ok: str, arrest_pairs: str, days: list[int]) -> str:
    """Pairs (custody, police) for a detention whose arrest_id is missing or wrong: the arrest that
    no detention claims, made `days[0]`..`days[1]` days before it, where exactly one such pair exists
    on each side and the two records carry the same date of birth, a compatible sex and a surname or
    forename in common. `arrest_pairs(a, b)` are the detentions already linked by the arrest's id.

    Measured on the national world (seed 11), 2,200 days of about 1,200 arrests: 153,613 pairs, of
    which 153,197 were already one person by other rules; of the other 416, one was wrong. Looser
    checks were not safe across a day of a whole country's arrests: the same names with different
    dates of birth ("Gary Williams") paired 22 wrong to 114 right, a forename and a compatible date
    21 wrong to 23 right."""
    return _unclaimed_same_day_sql(prep, arrest_pairs, days, "dob", f"""{sex_ok}
          AND (l.surname_std = r.surname_std OR l.forename1_canon = r.forename1_canon
               OR jaro_winkler_similarity(l.surname_std, r.surname_std) >= 0.9)""")


def same_day_arrest_named_sql(prep: str, sex_ok: str, claimed: str, days: list[int],
                              dob_ok: str, names_ok: str) -> str:
    """The detentions same_day_arrest_sql left alone, linked on the names instead of an equal date of
    birth: the one arrest of that day or the day before, claimed by no detention, whose surname and
    canonical forename agree (`names_ok`), with a compatible date of birth and sex, unique on both
    sides. `claimed`: pairs already made (by arrest_id and by the equal-date rule).

    A date of birth keyed with one slip on one side was enough to keep such a detention from its
    arrest, and Splink cannot rescue it at national volume when the custody suite's authority is not
    the arrested person's home. National world (seed 11), inside the full run with model v7: 4,394
    pairs, none wrong, 96 of them joining detentions to people the run without the rule had kept
    apart. Surname and forename both: a forename alone with a compatible date was 21 wrong to 23
    right (above)."""
    return _unclaimed_same_day_sql(prep, claimed, days, "surname_std", f"{sex_ok} AND {dob_ok} AND {names_ok}")


def deterministic_edges_statements(prep: str, out: str, dob_ok: str, sex_ok: str,
                                   handover_windows: dict | None = None,
                                   names_ok: str | None = None, same_day_arrest_days: list[int] | None = None,
                                   handover_one_slip_kinds: list[str] | None = None,
                                   same_day_arrest_named: bool = False,
                                   arrest_names_unrelated: str | None = None) -> list[str]:
    """SQL statements, run in order, that create table `out` (EDGE_COLUMNS) of key-based links.

    One rule per statement, through working tables dropped at the end: as one query, every rule's
    joins against the wide linkage input were planned, and held memory, at once (on the
    200,000-person world under a 600 MB DuckDB limit, it was the step that ran out).

    `handover_windows`: episode kind -> {other record's kind: [first, last] day of the episode's
    referral after the other record's event} (settings.json `handover_windows_days`,
    handover_window_map); none: no hand-over links.
    `same_day_arrest_days`: link a detention without a usable arrest_id to its arrest
    (same_day_arrest_sql); none: no such links.
    `handover_one_slip_kinds`: episode kinds whose hand-over also needs the date of birth or the
    initials exact (settings.json `handover_one_slip_kinds`): where a place holds many candidates in
    the window (a whole authority's arrests), a pair with slips in both was as often a stranger.
    `names_ok`: a check that, when the dates of birth are not compatible, lets a key link stand on
    the names instead (settings.json `names_agree_sql`); none: the date of birth must be compatible.
    `same_day_arrest_named`: also link the detentions the same-day rule left alone on `names_ok` and
    a compatible date of birth (same_day_arrest_named_sql; needs `names_ok` and the days).
    `arrest_names_unrelated`: a check true for two named records whose names share nothing
    (settings.json `arrest_names_unrelated_sql`); an arrest_id link between such records needs an
    equal date of birth, a compatible one is not enough; none: no such check."""
    checked = f"{dob_ok} AND {sex_ok}"
    key_checked = f"({dob_ok} OR {names_ok}) AND {sex_ok}" if names_ok else checked
    arrest_checked = (f"{key_checked} AND NOT coalesce({arrest_names_unrelated} AND l.dob IS DISTINCT FROM r.dob, false)"
                      if arrest_names_unrelated else key_checked)
    # An episode naming the detention that booked its Required Assessment, at this provider and inside
    # the hand-over window, with the same initials: the hand-over vouches for the key, so a date of
    # birth keyed with two slips does not refuse it (national world, seed 11: 31 such episodes, all right).
    ra = handover_window_map(handover_windows or {}).get("required_assessment", {}).get("required_assessment")
    episode_checked = (f"""({dob_ok} OR (l.handover_key = r.handover_key AND l.initials = r.initials
                          AND l.event_date BETWEEN r.event_date + {int(ra[0])} AND r.event_date + {int(ra[1])}))
                        AND {sex_ok}""" if ra else key_checked)
    stmts = [f"""
        CREATE OR REPLACE TABLE _det_raw (a VARCHAR, b VARCHAR, link_method VARCHAR)""", f"""
        CREATE OR REPLACE TABLE _det_arrest_pairs AS
        SELECT l.unique_id AS a, r.unique_id AS b
        FROM {prep} l JOIN {prep} r
          ON l.feed = 'custody' AND r.feed = 'police' AND l.linked_arrest_id = r.record_key
        WHERE {arrest_checked}""", """
        INSERT INTO _det_raw SELECT a, b, 'custody_arrest_id' FROM _det_arrest_pairs"""]
    if same_day_arrest_days:
        stmts.append(f"""
        INSERT INTO _det_raw SELECT a, b, 'custody_same_day_arrest' FROM (
            {same_day_arrest_sql(prep, sex_ok, '_det_arrest_pairs', same_day_arrest_days)})""")
        if same_day_arrest_named and names_ok:
            # _det_arrest_pairs becomes "every detention-arrest pair claimed so far" for the named pass
            stmts += [f"""
        INSERT INTO _det_arrest_pairs SELECT a, b FROM _det_raw WHERE link_method = 'custody_same_day_arrest'""", f"""
        INSERT INTO _det_raw SELECT a, b, 'custody_same_day_arrest_named' FROM (
            {same_day_arrest_named_sql(prep, sex_ok, '_det_arrest_pairs', same_day_arrest_days, dob_ok, names_ok)})"""]
    stmts += [f"""
        INSERT INTO _det_raw
        SELECT l.unique_id, r.unique_id, 'treatment_custody_record_id'
        FROM {prep} l JOIN {prep} r
          ON l.feed = 'treatment' AND r.feed = 'custody' AND l.linked_custody_record_id = r.record_key
        WHERE {episode_checked}""", f"""
        INSERT INTO _det_raw
        SELECT l.unique_id, r.unique_id, 'pnc_id'
        FROM {prep} l JOIN {prep} r ON l.pnc_id = r.pnc_id AND l.unique_id < r.unique_id
        WHERE {key_checked}""", f"""
        INSERT INTO _det_raw
        SELECT first_uid, unique_id, CASE feed WHEN 'probation' THEN 'probation_crn'
                                               ELSE 'treatment_client_ref' END
        FROM (SELECT unique_id, feed,
                     min(unique_id) OVER (PARTITION BY feed, source_person_ref) AS first_uid
              FROM {prep} WHERE source_person_ref IS NOT NULL AND feed IN ('probation', 'treatment'))
        WHERE unique_id <> first_uid"""]
    if handover_windows:
        windows = ", ".join(f"('{k}', '{other}', {int(lo)}, {int(hi)})"
                            for k, others in sorted(handover_window_map(handover_windows).items())
                            for other, (lo, hi) in sorted(others.items()))
        # Pairs by key and day first (the episode's side expanded to one row per day of the window,
        # so the join is on equal keys and dates: cheap at national volume, where a place holds
        # thousands of arrests) with the initial check, the date-of-birth check after (national
        # world: 35 million pairs by key and day, 4 million with an initial in common). A record of
        # the other side may be claimed once per kind (a release by the prison's referral and by a
        # later probation one).
        one_slip = ""
        if handover_one_slip_kinds:
            kinds = ", ".join(f"'{k}'" for k in sorted(handover_one_slip_kinds))
            one_slip = f"""
              AND (p.kind NOT IN ({kinds}) OR l.dob = r.dob OR l.initials = r.initials)"""
        stmts += [f"""
        CREATE OR REPLACE TABLE _det_handover_days AS
        SELECT a, kind, other_key, CAST(event_date - CAST(d AS INTEGER) AS DATE) AS other_date, initials
        FROM (SELECT l.unique_id AS a, w.kind, w.other || ':' || l.place AS other_key, l.event_date,
                     l.initials, unnest(range(w.lo, w.hi + 1)) AS d
        FROM (SELECT unique_id, event_date, initials, split_part(handover_key, ':', 1) AS kind,
                     substr(handover_key, strpos(handover_key, ':') + 1) AS place
              FROM {prep} WHERE feed = 'treatment' AND handover_key IS NOT NULL
                -- an episode that names its custody record is linked by that key, or rightly not at all
                AND NOT (handover_key LIKE 'required_assessment:%' AND linked_custody_record_id IS NOT NULL)) l
        JOIN (VALUES {windows}) w(kind, other, lo, hi) ON w.kind = l.kind)""", f"""
        CREATE OR REPLACE TABLE _det_handover_pairs AS
        SELECT d.a, r.unique_id AS b, d.kind
        FROM _det_handover_days d
        JOIN (SELECT unique_id, handover_key, event_date, initials FROM {prep}
              WHERE feed <> 'treatment' AND handover_key IS NOT NULL) r
          ON r.handover_key = d.other_key AND r.event_date = d.other_date
        -- an initial in common, checked here: a place's day can hold several arrests
        WHERE left(d.initials, 1) = left(r.initials, 1) OR right(d.initials, 1) = right(r.initials, 1)
           OR d.initials = reverse(r.initials)""", f"""
        INSERT INTO _det_raw
        SELECT a, b, 'handover_' || kind FROM (
            SELECT p.a, p.b, p.kind
            FROM _det_handover_pairs p
            JOIN {prep} l ON l.unique_id = p.a JOIN {prep} r ON r.unique_id = p.b
            WHERE {checked}{one_slip}
            QUALIFY count(*) OVER (PARTITION BY p.a) = 1 AND count(*) OVER (PARTITION BY p.b, p.kind) = 1)""",
                  "DROP TABLE _det_handover_days", "DROP TABLE _det_handover_pairs"]
    return stmts + [f"""
        CREATE OR REPLACE TABLE {out} AS
        SELECT least(a, b) AS uid_l, greatest(a, b) AS uid_r,
               min(link_method) AS link_method, 1.0::DOUBLE AS match_probability
        FROM _det_raw GROUP BY 1, 2""", "DROP TABLE _det_raw", "DROP TABLE _det_arrest_pairs"]


def handover_window_map(windows: dict) -> dict[str, dict[str, list[int]]]:
    """settings.json `handover_windows_days` as episode kind -> {other record's kind: [first, last]
    day of the referral after the other record's event}. A bare [first, last] pairs the episode with
    records of its own kind (the form before the arrest and probation hand-overs)."""
    return {k: ({k: v} if isinstance(v, (list, tuple)) else dict(v)) for k, v in windows.items()
            if not k.startswith("_")}


def create_deterministic_edges(con, prep: str, out: str, settings: dict) -> None:
    """Table `out` of key-based links, with the checks and hand-over windows of linkage/settings.json."""
    for sql in deterministic_edges_statements(
            prep, out, settings["dob_compatible_sql"], settings["sex_compatible_sql"],
            settings.get("handover_windows_days"), settings.get("names_agree_sql"),
            settings.get("same_day_arrest_days"), settings.get("handover_one_slip_kinds"),
            bool(settings.get("same_day_arrest_named")), settings.get("arrest_names_unrelated_sql")):
        con.execute(sql)


def splink_edges_sql(predictions: str) -> str:
    """Normalise Splink's prediction table to edge rows (uid_l < uid_r)."""
    return f"""
    SELECT least(unique_id_l, unique_id_r) AS uid_l, greatest(unique_id_l, unique_id_r) AS uid_r,
           'probabilistic' AS link_method, match_probability
    FROM {predictions}
    """
