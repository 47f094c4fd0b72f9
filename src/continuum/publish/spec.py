"""The published tables' columns and arithmetic structure, stated as data.

Secondary withholding is only as good as the list of identities an attacker could use, so that list
lives here, in one place, beside the column contract (shared/metrics.md, "Published tables"):

- `additive`: record counts, for which the `ALL` row equals the sum of the area rows in the same
  period (and cohort / referral source). Distinct-person counts are not additive (a person seen in two
  areas is one person in ALL), except in proven_reoffending, where each person has exactly one index
  event -- hence one area -- per cohort and quarter, so cohort_size, reoffenders and reoffences add up.
  Listing a sum that does not hold exactly only costs some extra withholding; omitting one that does
  would leak, so when in doubt a column is listed.
- `identities`: within-row sums (dtoa_funnel: positive = the three positive splits).
- `rates`: numerator / denominator; `None` where the denominator is not a published column.
- `LINKS`: sums across tables. metrics.md requires protection within a table and period; these
  identities cross tables (treatment_referrals by source add up to treatment_activity.referrals and
  cjs_referrals; three months of treatment_activity.successful_completions add up to the quarter's
  non_re_presentation.successful_completions), and because all tables are published together they
  are protected too when the tables are disclosed together (`apply_disclosure_tables`).
- `subsets`: (whole, parts) where the parts count disjoint subsets of the whole, so their sum is at
  most the whole (deaths + successful completions <= exits). Withheld counts are known to be at least
  1, so such a bound can pin a value (exits 6, completions 5: deaths, if withheld, is 1). Each becomes
  an identity with a hidden, never-published remainder cell, which lets the lower-bound check in
  `suppression` see it.
"""
from __future__ import annotations

from dataclasses import dataclass

from continuum.contracts import CJS_REFERRAL_SOURCES, REFERRAL_SOURCE

FLAG_COLUMNS = ("immature_columns", "withheld_columns")
ALL_AREAS = "ALL"


@dataclass(frozen=True)
class Rate:
    name: str
    numerator: str
    denominator: str | None  # None: the denominator is not published
    # When the denominator is not published: a published count known to be <= it (used to decide
    # "denominator under the threshold" when the rate is 0 and the denominator cannot be derived).
    denominator_at_least: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[str, ...]  # metrics.md order, without the flag columns
    keys: tuple[str, ...]  # one row per key: la_code, period [, referral_source | cohort]
    counts: tuple[str, ...]
    additive: tuple[str, ...]
    rates: tuple[Rate, ...] = ()
    identities: tuple[tuple[str, tuple[str, ...]], ...] = ()
    subsets: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def period(self) -> str:
        return self.keys[1]

    @property
    def published_columns(self) -> tuple[str, ...]:
        return self.columns + FLAG_COLUMNS

    @property
    def input_columns(self) -> tuple[str, ...]:
        """The `outcomes` schema shape (architecture.md): measures, then immature_columns."""
        return self.columns + FLAG_COLUMNS[:1]


@dataclass(frozen=True)
class Link:
    """total_table.total_column(la_code, period) = sum of part_table.part_column over the part rows of
    the same area whose period falls in that period and whose `part_filter` column is in the set."""
    total_table: str
    total_column: str
    part_table: str
    part_column: str
    part_filter: tuple[str, tuple[str, ...]] | None = None


SPECS: dict[str, TableSpec] = {s.name: s for s in (
    TableSpec(
        "dtoa_funnel",
        ("la_code", "month", "tests", "positive", "positive_cocaine_only", "positive_opiates_only",
         "positive_both", "ra_required", "ra_attended", "treatment_started", "positive_rate",
         "ra_attended_rate", "treatment_started_rate"),
        keys=("la_code", "month"),
        counts=("tests", "positive", "positive_cocaine_only", "positive_opiates_only", "positive_both",
                "ra_required", "ra_attended", "treatment_started"),
        additive=("tests", "positive", "positive_cocaine_only", "positive_opiates_only", "positive_both",
                  "ra_required", "ra_attended", "treatment_started"),
        rates=(Rate("positive_rate", "positive", "tests"),
               Rate("ra_attended_rate", "ra_attended", "ra_required"),
               Rate("treatment_started_rate", "treatment_started", "ra_required")),
        identities=(("positive", ("positive_cocaine_only", "positive_opiates_only", "positive_both")),),
        subsets=(("tests", ("positive",)), ("positive", ("ra_required",)),
                 ("ra_required", ("ra_attended",)), ("ra_required", ("treatment_started",))),
    ),
    TableSpec(
        "continuity_of_care",
        ("la_code", "month", "releases_with_need", "engaged_21d", "engaged_21d_rate"),
        keys=("la_code", "month"),
        counts=("releases_with_need", "engaged_21d"),
        additive=("releases_with_need", "engaged_21d"),
        rates=(Rate("engaged_21d_rate", "engaged_21d", "releases_with_need"),),
        subsets=(("releases_with_need", ("engaged_21d",)),),
    ),
    TableSpec(
        "treatment_activity",
        ("la_code", "month", "in_treatment", "new_starts", "referrals", "cjs_referrals",
         "cjs_referral_share", "exits", "successful_completions", "successful_completion_rate",
         "deaths_in_treatment", "substantial_progress", "substantial_progress_rate"),
        keys=("la_code", "month"),
        counts=("in_treatment", "new_starts", "referrals", "cjs_referrals", "exits",
                "successful_completions", "deaths_in_treatment", "substantial_progress"),
        additive=("referrals", "cjs_referrals", "exits", "successful_completions", "deaths_in_treatment"),
        rates=(Rate("cjs_referral_share", "cjs_referrals", "referrals"),
               Rate("successful_completion_rate", "successful_completions", "exits"),
               # Its denominator (people in treatment at any time in the 12-month window) is not
               # published; the people in treatment in the month are a subset of it.
               Rate("substantial_progress_rate", "substantial_progress", None, "in_treatment")),
        subsets=(("in_treatment", ("new_starts",)), ("referrals", ("cjs_referrals",)),
                 ("exits", ("successful_completions", "deaths_in_treatment"))),
    ),
    TableSpec(
        "treatment_referrals",
        ("la_code", "month", "referral_source", "referrals"),
        keys=("la_code", "month", "referral_source"),
        counts=("referrals",),
        additive=("referrals",),
    ),
    TableSpec(
        "non_re_presentation",
        ("la_code", "quarter", "successful_completions", "not_re_presented", "not_re_presented_rate"),
        keys=("la_code", "quarter"),
        counts=("successful_completions", "not_re_presented"),
        additive=("successful_completions", "not_re_presented"),
        rates=(Rate("not_re_presented_rate", "not_re_presented", "successful_completions"),),
        subsets=(("successful_completions", ("not_re_presented",)),),
    ),
    TableSpec(
        "proven_reoffending",
        ("la_code", "quarter", "cohort", "cohort_size", "reoffenders", "reoffences", "reoffending_rate",
         "reoffending_frequency"),
        keys=("la_code", "quarter", "cohort"),
        counts=("cohort_size", "reoffenders", "reoffences"),
        additive=("cohort_size", "reoffenders", "reoffences"),
        rates=(Rate("reoffending_rate", "reoffenders", "cohort_size"),
               Rate("reoffending_frequency", "reoffences", "cohort_size")),
        subsets=(("cohort_size", ("reoffenders",)), ("reoffences", ("reoffenders",))),
    ),
)}

LINKS: tuple[Link, ...] = (
    Link("treatment_activity", "referrals", "treatment_referrals", "referrals",
         ("referral_source", REFERRAL_SOURCE)),
    Link("treatment_activity", "cjs_referrals", "treatment_referrals", "referrals",
         ("referral_source", CJS_REFERRAL_SOURCES)),
    Link("non_re_presentation", "successful_completions", "treatment_activity", "successful_completions"),
)
