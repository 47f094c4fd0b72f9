"""The shape of the six outcome tables, stated once for the calculator and the comparison.

Column lists are metrics.md's published tables in order; the warehouse adds `immature_columns` after
them (docs/architecture.md), the publication adds `withheld_columns` after that.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TableShape:
    name: str
    keys: tuple[str, ...]
    counts: tuple[str, ...]
    rates: tuple[str, ...]  # float columns: rates, shares and reoffending_frequency (which may exceed 1)
    columns: tuple[str, ...]  # metrics.md order, without immature_columns

    @property
    def all_columns(self) -> tuple[str, ...]:
        return self.columns + ("immature_columns",)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in self.keys)


def _shape(name: str, keys: tuple[str, ...], columns: str, rates: tuple[str, ...]) -> TableShape:
    cols = tuple(c.strip() for c in columns.split(","))
    counts = tuple(c for c in cols if c not in keys and c not in rates)
    return TableShape(name, keys, counts, rates, cols)


SHAPES: dict[str, TableShape] = {
    s.name: s
    for s in (
        _shape(
            "dtoa_funnel", ("la_code", "month"),
            "la_code, month, tests, positive, positive_cocaine_only, positive_opiates_only, positive_both,"
            " ra_required, ra_attended, treatment_started, positive_rate, ra_attended_rate,"
            " treatment_started_rate",
            ("positive_rate", "ra_attended_rate", "treatment_started_rate"),
        ),
        _shape(
            "continuity_of_care", ("la_code", "month"),
            "la_code, month, releases_with_need, engaged_21d, engaged_21d_rate",
            ("engaged_21d_rate",),
        ),
        _shape(
            "treatment_activity", ("la_code", "month"),
            "la_code, month, in_treatment, new_starts, referrals, cjs_referrals, cjs_referral_share, exits,"
            " successful_completions, successful_completion_rate, deaths_in_treatment, substantial_progress,"
            " substantial_progress_rate",
            ("cjs_referral_share", "successful_completion_rate", "substantial_progress_rate"),
        ),
        _shape(
            "treatment_referrals", ("la_code", "month", "referral_source"),
            "la_code, month, referral_source, referrals",
            (),
        ),
        _shape(
            "non_re_presentation", ("la_code", "quarter"),
            "la_code, quarter, successful_completions, not_re_presented, not_re_presented_rate",
            ("not_re_presented_rate",),
        ),
        _shape(
            "proven_reoffending", ("la_code", "quarter", "cohort"),
            "la_code, quarter, cohort, cohort_size, reoffenders, reoffences, reoffending_rate,"
            " reoffending_frequency",
            ("reoffending_rate", "reoffending_frequency"),
        ),
    )
}
