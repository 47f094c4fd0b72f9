"""The gate's expectation suites, generated from the contracts (no GX import: this is plain data).

Why generated: the codes, required columns and ranges live once, in `continuum.contracts` and
`docs/architecture.md`; writing them again by hand in JSON would drift. `build_suites` writes these
dicts as GX suite files under `expectations/gx/expectations/` (committed, reviewed like code) and a test
fails when the committed files differ from this module's output.

Each suite's `meta.continuum` says which table it validates: `{"database": "warehouse" | "candidate",
"schema": ..., "table": ...}`. Checks that column expectations cannot state (row-level comparisons,
cross-table reconciliation, volume history) are `unexpected_rows_expectation`s: SQL that returns the
offending rows, `{batch}` being the suite's table. In candidate suites the warehouse is attached
read-only as `wh`.
"""
from __future__ import annotations

from continuum import contracts as c
from continuum.config import PUBLISHED_TABLES
from continuum.publish.disclosure import DisclosureSettings

GENERATOR = "continuum.quality.build_suites"
MIN_PLAUSIBLE_DATE = "1900-01-01"
VOLUME_MIN_SHARE = 0.2  # a night below 20% of the median of recent nights fails
VOLUME_BASELINE_NIGHTS = 7
VOLUME_MIN_BASELINE = 3  # fewer comparable nights than this: no verdict
# Below this median a night's count is small-number noise (a quiet probation night loads 0 rows), not a
# collapse: no verdict either.
VOLUME_MIN_MEDIAN_ROWS = 20
# The committed suites are generated for the default disclosure settings (metrics.md: counts 1..4
# withheld, rates need a denominator of 10, no rounding). A candidate published under other settings
# (its `publication` table says which) is checked with suites generated for those: see
# `publication_suites(settings)` and `continuum.quality.gate.check_publication`.
DEFAULT_DISCLOSURE = DisclosureSettings()
DISCLOSURE_MIN_COUNT, DISCLOSURE_MAX_COUNT = DEFAULT_DISCLOSURE.min_count, DEFAULT_DISCLOSURE.max_withheld_count
RATE_MIN_DENOMINATOR = DEFAULT_DISCLOSURE.min_rate_denominator
WAREHOUSE_ALIAS = "wh"

# docs/architecture.md "staging": model name and columns; contract columns renamed by pseudonymisation.
STAGING_MODELS: dict[str, str] = {
    "police": "stg_police__arrests",
    "custody": "stg_custody__detentions",
    "treatment": "stg_treatment__episodes",
    "probation": "stg_probation__events",
}
STAGING_COLUMNS: dict[str, tuple[str, ...]] = {
    "police": ("arrest_id", "force_code", "pnc_key", "sex", "ethnicity", "home_la_code", "arrest_at",
               "arrest_date", "arrest_la_code", "offence_date", "offence_group", "disposal",
               "disposal_date", "is_proven_disposal", "updated_at", "_extract_date"),
    "custody": ("custody_record_id", "arrest_id", "custody_suite_code", "suite_la_code", "pnc_key", "sex",
                "ethnicity", "detained_at", "released_at", "test_reason", "tested_at", "test_date",
                "cocaine_result", "opiates_result", "is_tested", "is_positive", "positive_type",
                "ra_required", "ra_appointment_at", "ra_provider_code", "updated_at", "_extract_date"),
    "treatment": ("episode_id", "provider_code", "client_key", "sex", "ethnicity", "la_code",
                  "postcode_district", "custody_record_id", "referral_source", "is_cjs_referral",
                  "referral_date", "assessment_date", "treatment_start_date", "primary_substance",
                  "discharge_date", "discharge_reason", "is_successful_completion", "top_days_used_start",
                  "top_days_used_latest", "top_latest_date", "updated_at", "_extract_date"),
    "probation": ("event_id", "crn_key", "pnc_key", "sex", "ethnicity", "la_code", "event_type",
                  "event_date", "prison_code", "drug_requirement", "substance_misuse_need",
                  "termination_reason", "order_ref", "updated_at", "_extract_date"),
}
RENAMED = {"pnc_id": "pnc_key", "crn": "crn_key", "client_ref": "client_key"}
# Dates that may legitimately lie after the extract: a booked appointment.
FUTURE_DATED = {"ra_appointment_at"}
# Derived staging date columns (not in the contract) that are checked like the contract's dates.
DERIVED_DATES = {"police": ("arrest_date",), "custody": ("test_date",)}
DERIVED_CODES = {"custody": {"positive_type": ("cocaine_only", "opiates_only", "both")}}

# metrics.md "Published tables": columns, grain, numerator <= denominator pairs, rate -> (num, den).
PUBLISHED: dict[str, dict] = {
    "dtoa_funnel": {
        "period": "month",
        "grain": ("la_code", "month"),
        "columns": ("la_code", "month", "tests", "positive", "positive_cocaine_only",
                    "positive_opiates_only", "positive_both", "ra_required", "ra_attended",
                    "treatment_started", "positive_rate", "ra_attended_rate", "treatment_started_rate"),
        "counts": ("tests", "positive", "positive_cocaine_only", "positive_opiates_only", "positive_both",
                   "ra_required", "ra_attended", "treatment_started"),
        "pairs": (("positive", "tests"), ("positive_cocaine_only", "positive"),
                  ("positive_opiates_only", "positive"), ("positive_both", "positive"),
                  ("ra_required", "positive"), ("ra_attended", "ra_required"),
                  ("treatment_started", "ra_required")),
        "rates": {"positive_rate": ("positive", "tests"), "ra_attended_rate": ("ra_attended", "ra_required"),
                  "treatment_started_rate": ("treatment_started", "ra_required")},
    },
    "continuity_of_care": {
        "period": "month",
        "grain": ("la_code", "month"),
        "columns": ("la_code", "month", "releases_with_need", "engaged_21d", "engaged_21d_rate"),
        "counts": ("releases_with_need", "engaged_21d"),
        "pairs": (("engaged_21d", "releases_with_need"),),
        "rates": {"engaged_21d_rate": ("engaged_21d", "releases_with_need")},
    },
    "treatment_activity": {
        "period": "month",
        "grain": ("la_code", "month"),
        "columns": ("la_code", "month", "in_treatment", "new_starts", "referrals", "cjs_referrals",
                    "cjs_referral_share", "exits", "successful_completions", "successful_completion_rate",
                    "deaths_in_treatment", "substantial_progress", "substantial_progress_rate"),
        "counts": ("in_treatment", "new_starts", "referrals", "cjs_referrals", "exits",
                   "successful_completions", "deaths_in_treatment", "substantial_progress"),
        "pairs": (("cjs_referrals", "referrals"), ("successful_completions", "exits"),
                  ("deaths_in_treatment", "exits")),
        "rates": {"cjs_referral_share": ("cjs_referrals", "referrals"),
                  "successful_completion_rate": ("successful_completions", "exits"),
                  # its denominator (people in treatment in the window) is not published
                  "substantial_progress_rate": ("substantial_progress", None)},
    },
    "treatment_referrals": {
        "period": "month",
        "grain": ("la_code", "month", "referral_source"),
        "columns": ("la_code", "month", "referral_source", "referrals"),
        "counts": ("referrals",),
        "pairs": (),
        "rates": {},
        "codes": {"referral_source": c.REFERRAL_SOURCE},
    },
    "non_re_presentation": {
        "period": "quarter",
        "grain": ("la_code", "quarter"),
        "columns": ("la_code", "quarter", "successful_completions", "not_re_presented",
                    "not_re_presented_rate"),
        "counts": ("successful_completions", "not_re_presented"),
        "pairs": (("not_re_presented", "successful_completions"),),
        "rates": {"not_re_presented_rate": ("not_re_presented", "successful_completions")},
    },
    "proven_reoffending": {
        "period": "quarter",
        "grain": ("la_code", "quarter", "cohort"),
        "columns": ("la_code", "quarter", "cohort", "cohort_size", "reoffenders", "reoffences",
                    "reoffending_rate", "reoffending_frequency"),
        "counts": ("cohort_size", "reoffenders", "reoffences"),
        # a person can reoffend several times: reoffenders <= reoffences, not the other way round
        "pairs": (("reoffenders", "cohort_size"), ("reoffenders", "reoffences")),
        "rates": {"reoffending_rate": ("reoffenders", "cohort_size"),
                  # a frequency may exceed 1: checked >= 0 and for its denominator only
                  "reoffending_frequency": ("reoffences", "cohort_size")},
        "frequencies": ("reoffending_frequency",),
        "codes": {"cohort": ("positive_test", "cjs_treatment_start", "licence_release", "drr_start",
                             "out_of_court")},
    },
}
assert tuple(PUBLISHED) == PUBLISHED_TABLES


def _e(type_: str, description: str | None = None, **kwargs) -> dict:
    exp = {"type": type_, "kwargs": kwargs, "meta": {}}
    if description:
        exp["description"] = description
    exp["severity"] = "critical"
    return exp


def _rows(description: str, query: str) -> dict:
    return _e("unexpected_rows_expectation", description, unexpected_rows_query=" ".join(query.split()))


def _suite(name: str, database: str, schema: str, table: str, expectations: list[dict], notes: str,
           disclosure: DisclosureSettings | None = None) -> dict:
    meta = {"database": database, "schema": schema, "table": table, "generated_by": GENERATOR}
    if disclosure is not None:  # the settings the disclosure checks were generated for
        meta["disclosure"] = disclosure.as_dict()
    return {"name": name, "expectations": expectations, "meta": {"continuum": meta}, "notes": notes}


def _round_half_up(value: int, step: int) -> int:
    return (2 * value + step) // (2 * step) * step


def withheld_values(settings: DisclosureSettings) -> list[int]:
    """Published counts that betray a withheld value: the withheld range, less any value that rounding
    an unwithheld count can produce (e.g. round_to=10, max 12: an exact 13 is published as 10)."""
    values = range(settings.min_count, settings.max_withheld_count + 1)
    if not settings.round_to:
        return list(values)
    smallest_published = _round_half_up(settings.max_withheld_count + 1, settings.round_to)
    return [v for v in values if v % settings.round_to or v < smallest_published]


def _differs(published: str, exact: str, settings: DisclosureSettings, cells: str = "1") -> str:
    """SQL: `published` cannot be a rounding of `exact`; `cells` rounded values went into the
    comparison (half a step each), e.g. a rounded total against a sum of rounded parts."""
    if not settings.round_to:
        return f"{published} <> {exact}"
    return f"abs({published} - {exact}) > ({cells}) * {settings.round_to / 2}"


def _staging_name(col: str) -> str:
    return RENAMED.get(col, col)


def staging_suite(feed_name: str) -> dict:
    feed = c.feed(feed_name)
    model = STAGING_MODELS[feed_name]
    present = set(STAGING_COLUMNS[feed_name])
    key = feed.key
    exps = [
        _e("expect_table_columns_to_match_set", column_set=list(STAGING_COLUMNS[feed_name]), exact_match=False),
        _e("expect_column_values_to_not_be_null", column=key),
        _e("expect_column_values_to_be_unique", column=key),
    ]
    for col in feed.columns:
        name = _staging_name(col.name)
        if name not in present or name == key:
            continue
        if col.required:
            exps.append(_e("expect_column_values_to_not_be_null", column=name))
    for col in feed.columns:
        name = _staging_name(col.name)
        if name not in present:
            continue
        if col.codes:
            exps.append(_e("expect_column_values_to_be_in_set", column=name, value_set=list(col.codes)))
        if col.type == "la_code":
            exps.append(_e("expect_column_values_to_match_regex", column=name, regex=c.LA_CODE_PATTERN))
        if col.minimum is not None or col.maximum is not None:
            exps.append(_e("expect_column_values_to_be_between", column=name,
                           min_value=col.minimum, max_value=col.maximum))
    for name, codes in DERIVED_CODES.get(feed_name, {}).items():
        exps.append(_e("expect_column_values_to_be_in_set", column=name, value_set=list(codes)))
    dates = [_staging_name(col.name) for col in feed.columns if col.type in ("date", "timestamp")]
    dates = [d for d in dates if d in present] + list(DERIVED_DATES.get(feed_name, ()))
    for name in dates:
        if name in FUTURE_DATED:
            exps.append(_rows(f"{name} is not before {MIN_PLAUSIBLE_DATE}",
                              f"SELECT {key}, {name} FROM {{batch}} WHERE {name} < DATE '{MIN_PLAUSIBLE_DATE}'"))
        else:
            exps.append(_rows(
                f"{name} is between {MIN_PLAUSIBLE_DATE} and the record's extract date + 1 day",
                f"SELECT {key}, {name}, _extract_date FROM {{batch}} WHERE {name} < DATE '{MIN_PLAUSIBLE_DATE}' "
                f"OR CAST({name} AS DATE) > _extract_date + 1"))
    for rule in feed.conditionals:
        when, then = _staging_name(rule.when_column), _staging_name(rule.then_column)
        if when not in present or then not in present:
            continue
        if rule.when_values is None:
            cond = f"{when} IS NOT NULL"
        else:
            values = ", ".join(f"'{v}'" for v in rule.when_values)
            cond = f"{when} {'NOT IN' if rule.negate else 'IN'} ({values})"
        exps.append(_rows(f"contract rule {rule.rule}: {then} is set when {cond}",
                          f"SELECT {key}, {when}, {then} FROM {{batch}} WHERE {cond} AND {then} IS NULL"))
    return _suite(f"staging.{model}", "warehouse", "staging", model, exps,
                  f"Staging model of the {feed_name} feed ({feed.grain}); generated from continuum.contracts.")


def file_loads_suite() -> dict:
    """Volumes must not collapse: a feed's latest loaded night against the median of its recent nights.

    A night is an extract date; its rows are `rows_loaded` summed over that date's loaded files. The feed's
    first loaded night (usually the whole history) is left out of the baseline, and no verdict is given
    until `VOLUME_MIN_BASELINE` nights are available, nor for feeds whose nights are too small for a
    collapse to be told from noise (median under `VOLUME_MIN_MEDIAN_ROWS`).
    """
    query = f"""
        WITH nights AS (
            SELECT feed, extract_date, SUM(rows_loaded) AS rows_loaded
            FROM {{batch}} WHERE status = 'loaded' GROUP BY feed, extract_date),
        ranked AS (
            SELECT *, ROW_NUMBER() OVER (PARTITION BY feed ORDER BY extract_date DESC) AS recency,
                      ROW_NUMBER() OVER (PARTITION BY feed ORDER BY extract_date) AS age
            FROM nights),
        baseline AS (
            SELECT feed, MEDIAN(rows_loaded) AS median_rows, COUNT(*) AS nights
            FROM ranked WHERE recency BETWEEN 2 AND {VOLUME_BASELINE_NIGHTS + 1} AND age > 1 GROUP BY feed)
        SELECT r.feed, r.extract_date, r.rows_loaded, b.median_rows, b.nights
        FROM ranked r JOIN baseline b USING (feed)
        WHERE r.recency = 1 AND b.nights >= {VOLUME_MIN_BASELINE}
          AND b.median_rows >= {VOLUME_MIN_MEDIAN_ROWS}
          AND r.rows_loaded < {VOLUME_MIN_SHARE} * b.median_rows"""
    exps = [_rows(f"each feed's latest night loads at least {VOLUME_MIN_SHARE:.0%} of the median of its "
                  f"previous {VOLUME_BASELINE_NIGHTS} nights", query)]
    return _suite("ingest.file_loads", "warehouse", "ingest", "file_loads", exps,
                  "Volume history of loaded deliveries (ingest audit).")


def published_suite(table: str, settings: DisclosureSettings | None = None) -> dict:
    settings = settings or DEFAULT_DISCLOSURE
    spec = PUBLISHED[table]
    period = spec["period"]
    grain = ", ".join(spec["grain"])
    withheld_cols = [col for col in spec["columns"] if col not in spec["grain"]]
    exps = [
        _e("expect_table_columns_to_match_ordered_list",
           column_list=list(spec["columns"]) + ["immature_columns", "withheld_columns"]),
        _e("expect_compound_columns_to_be_unique", column_list=list(spec["grain"])),
    ]
    for col in spec["grain"]:
        exps.append(_e("expect_column_values_to_not_be_null", column=col))
    exps.append(_e("expect_column_values_to_match_regex", column="la_code",
                   regex=f"^(ALL|{c.LA_CODE_PATTERN.strip('^$')})$"))
    bad_period = f"EXTRACT(day FROM {period}) <> 1"
    if period == "quarter":
        bad_period += " OR EXTRACT(month FROM quarter) NOT IN (1, 4, 7, 10)"
    exps.append(_rows(f"{period} is the first day of a calendar {period}",
                      f"SELECT {grain} FROM {{batch}} WHERE {bad_period}"))
    for col, codes in spec.get("codes", {}).items():
        exps.append(_e("expect_column_values_to_be_in_set", column=col, value_set=list(codes)))
    counts = ", ".join(spec["counts"])
    exps.append(_rows(f"counts are whole numbers ({counts})",
                      f"SELECT {grain}, column_name, value FROM (UNPIVOT (SELECT {grain}, "
                      + ", ".join(f"CAST({col} AS DOUBLE) AS {col}" for col in spec["counts"])
                      + f" FROM {{batch}}) ON {counts} INTO NAME column_name VALUE value) "
                      f"WHERE value <> trunc(value)"))
    if settings.round_to:
        r = settings.round_to
        exps.append(_rows(f"counts are multiples of {r} ({counts})",
                          f"SELECT {grain}, column_name, value FROM (UNPIVOT (SELECT {grain}, "
                          + ", ".join(f"CAST({col} AS DOUBLE) AS {col}" for col in spec["counts"])
                          + f" FROM {{batch}}) ON {counts} INTO NAME column_name VALUE value) "
                          f"WHERE value % {r} <> 0"))
    for col in spec["counts"]:
        exps.append(_e("expect_column_values_to_be_between", column=col, min_value=0))
        exps.append(_e("expect_column_values_to_not_be_in_set", column=col,
                       value_set=withheld_values(settings)))
    for col in spec["rates"]:
        if col in spec.get("frequencies", ()):
            exps.append(_e("expect_column_values_to_be_between", column=col, min_value=0))
        else:
            exps.append(_e("expect_column_values_to_be_between", column=col, min_value=0, max_value=1))
    for num, den in spec["pairs"]:
        exps.append(_e("expect_column_pair_values_a_to_be_greater_than_b", f"{num} <= {den}",
                       column_A=den, column_B=num,
                       or_equal=True, ignore_row_if="either_value_is_missing", mostly=1.0))
    for rate, (num, den) in spec["rates"].items():
        if den is None:
            why, cond = f"{num} is withheld", f"{num} IS NULL"
        elif settings.round_to:
            # rates are withheld on the exact denominator; a published one is within half a step
            t, r = settings.min_rate_denominator, settings.round_to
            why = f"{num} or {den} is withheld or {den} is under {t} (by more than rounding to {r} explains)"
            cond = f"{num} IS NULL OR {den} IS NULL OR 2 * {den} + {r} <= {2 * t}"
        else:
            t = settings.min_rate_denominator
            why = f"{num} or {den} is withheld or {den} is under {t}"
            cond = f"{num} IS NULL OR {den} IS NULL OR {den} < {t}"
        exps.append(_rows(f"{rate} is null when {why}",
                          f"SELECT {grain}, {rate}, {num}{', ' + den if den else ''} FROM {{batch}} "
                          f"WHERE {rate} IS NOT NULL AND ({cond})"))
    for flag in ("withheld_columns", "immature_columns"):
        listed = " OR ".join(
            f"(list_contains(string_split({flag}, ','), '{col}') AND {col} IS NOT NULL)" for col in withheld_cols)
        unknown = ", ".join(f"'{col}'" for col in withheld_cols)
        exps.append(_e("expect_column_values_to_not_be_null", column=flag))
        exps.append(_rows(f"every column named in {flag} is null, and names a measure of the table",
                          f"SELECT {grain}, {flag} FROM {{batch}} WHERE {listed} OR EXISTS ("
                          f"SELECT 1 FROM unnest(string_split({flag}, ',')) AS n(name) "
                          f"WHERE n.name <> '' AND n.name NOT IN ({unknown}))"))
    which = ("the default disclosure settings" if settings == DEFAULT_DISCLOSURE
             else f"disclosure settings {settings}")
    return _suite(f"published.{table}", "candidate", "main", table, exps,
                  f"Published table {table} (shared/metrics.md) under {which}.", settings)


def reconciliation_suites(settings: DisclosureSettings | None = None) -> list[dict]:
    """Published totals against the warehouse they were computed from (needs `wh` attached).

    Withheld (null) cells are skipped; with rounding a published value may differ from the exact one
    by half a step per rounded value compared. The checks read the core facts, not staging: facts and
    outcomes come from one dbt invocation, while a newer transform run may already have rebuilt
    staging (but not yet the marts) when an older run's publication is gated."""
    settings = settings or DEFAULT_DISCLOSURE
    wh = WAREHOUSE_ALIAS
    dtoa = [_rows(
        "ALL tests per published month equal the tested custody records of that month in core.fct_drug_tests",
        f"""WITH published AS (SELECT month, tests FROM {{batch}} WHERE la_code = 'ALL' AND tests IS NOT NULL),
            staged AS (
                SELECT CAST(date_trunc('month', CAST(tested_at AS DATE)) AS DATE) AS month, COUNT(*) AS tests
                FROM {wh}.core.fct_drug_tests
                WHERE test_reason <> 'not_tested' AND tested_at IS NOT NULL GROUP BY 1)
            SELECT p.month, p.tests AS published_tests, COALESCE(s.tests, 0) AS warehouse_tests
            FROM published p LEFT JOIN staged s USING (month)
            WHERE {_differs("p.tests", "COALESCE(s.tests, 0)", settings)}""")]
    activity = [
        _rows("ALL referrals per published month equal the treatment episodes referred that month in core.fct_treatment_episodes",
              f"""WITH published AS (SELECT month, referrals FROM {{batch}}
                                    WHERE la_code = 'ALL' AND referrals IS NOT NULL),
                  staged AS (SELECT CAST(date_trunc('month', referral_date) AS DATE) AS month, COUNT(*) AS referrals
                             FROM {wh}.core.fct_treatment_episodes GROUP BY 1)
                  SELECT p.month, p.referrals AS published_referrals, COALESCE(s.referrals, 0) AS warehouse_referrals
                  FROM published p LEFT JOIN staged s USING (month)
                  WHERE {_differs("p.referrals", "COALESCE(s.referrals, 0)", settings)}"""),
        _rows("treatment_referrals summed over sources equals treatment_activity referrals (rows with nothing "
              "withheld)",
              f"""WITH by_source AS (
                     SELECT la_code, month, SUM(referrals) AS referrals, COUNT(referrals) AS published_sources,
                            COUNT(*) AS sources
                     FROM main.treatment_referrals GROUP BY la_code, month)
                 SELECT a.la_code, a.month, a.referrals AS activity_referrals, s.referrals AS summed_by_source
                 FROM {{batch}} a JOIN by_source s USING (la_code, month)
                 WHERE a.referrals IS NOT NULL AND s.published_sources = s.sources
                   AND {_differs("a.referrals", "s.referrals", settings, "s.sources + 1")}"""),
    ]
    return [
        _suite("reconciliation.dtoa_funnel", "candidate", "main", "dtoa_funnel", dtoa,
               "Candidate dtoa_funnel against the warehouse core facts it was computed from (attached read-only as wh).", settings),
        _suite("reconciliation.treatment_activity", "candidate", "main", "treatment_activity", activity,
               "Candidate treatment_activity against warehouse core facts and treatment_referrals.", settings),
    ]


def staging_suites() -> list[dict]:
    return [staging_suite(f) for f in c.FEEDS] + [file_loads_suite()]


def publication_suites(settings: DisclosureSettings | None = None) -> list[dict]:
    """The candidate suites for `settings` (default: metrics.md's rules, as committed)."""
    return [published_suite(t, settings) for t in PUBLISHED_TABLES] + reconciliation_suites(settings)


def all_suites() -> dict[str, dict]:
    return {s["name"]: s for s in staging_suites() + publication_suites()}
