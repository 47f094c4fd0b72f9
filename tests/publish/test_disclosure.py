"""Primary withholding, rate rules, settings, immature values and the published shape."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from continuum.publish.disclosure import DisclosureError, DisclosureSettings, apply_disclosure

JAN = dt.date(2025, 1, 1)


def care(rows, all_row=None):
    """continuity_of_care rows (area, releases, engaged); no ALL row unless given, so that no
    secondary withholding interferes with the rule under test."""
    data = [[a, JAN, r, e, (e / r if r else None), ""] for a, r, e in rows]
    if all_row:
        data.append(["ALL", JAN, *all_row, all_row[1] / all_row[0], ""])
    return pd.DataFrame(data, columns=["la_code", "month", "releases_with_need", "engaged_21d",
                                       "engaged_21d_rate", "immature_columns"])


def area(i):
    return f"E0800{i:04d}"


def test_counts_1_to_4_are_withheld_and_0_and_5_published():
    df = care([(area(i), 20 + i, v) for i, v in enumerate([0, 1, 2, 3, 4, 5, 6])])
    out = apply_disclosure("continuity_of_care", df)
    assert out["engaged_21d"].isna().tolist() == [False, True, True, True, True, False, False]
    assert out["engaged_21d"].iloc[[0, 5, 6]].tolist() == [0, 5, 6]
    assert out["withheld_columns"].tolist() == ["", *["engaged_21d,engaged_21d_rate"] * 4, "", ""]
    assert out["engaged_21d_rate"].iloc[5] == pytest.approx(5 / 25)


def test_rate_with_denominator_9_is_withheld_with_its_numerator_and_10_published():
    out = apply_disclosure("continuity_of_care", care([(area(1), 9, 6), (area(2), 10, 6)]))
    # 6/9 withheld; 6 and 9 both published would give it back, so the numerator goes too
    assert out["withheld_columns"].tolist() == ["engaged_21d,engaged_21d_rate", ""]
    assert pd.isna(out["engaged_21d_rate"].iloc[0]) and out["releases_with_need"].iloc[0] == 9
    assert out["engaged_21d_rate"].iloc[1] == pytest.approx(0.6)


def test_zero_denominator_rate_is_null_but_not_withheld():
    out = apply_disclosure("continuity_of_care", care([(area(1), 0, 0)]))
    assert out["withheld_columns"].tolist() == [""] and pd.isna(out["engaged_21d_rate"].iloc[0])


def test_settings_from_env_threshold_7_round_to_5(monkeypatch):
    monkeypatch.setenv("CONTINUUM_DISCLOSURE_MAX_WITHHELD", "7")
    monkeypatch.setenv("CONTINUUM_DISCLOSURE_ROUND_TO", "5")
    settings = DisclosureSettings.from_env()
    assert settings == DisclosureSettings(max_withheld_count=7, round_to=5)
    out = apply_disclosure("continuity_of_care",
                           care([(area(1), 30, 7), (area(2), 32, 8), (area(3), 41, 12), (area(4), 44, 13)]),
                           settings)
    assert out["engaged_21d"].isna().tolist() == [True, False, False, False]
    assert out["engaged_21d"].iloc[1:].tolist() == [10, 10, 15]
    assert out["releases_with_need"].tolist() == [30, 30, 40, 45]
    # rates stay exact (documented choice)
    assert out["engaged_21d_rate"].iloc[2] == pytest.approx(12 / 41)
    assert DisclosureSettings.from_env({}) == DisclosureSettings()


def test_immature_values_stay_null_and_are_not_withheld():
    df = care([(area(1), 12, 0), (area(2), 3, 0)])
    df["engaged_21d"] = pd.array([None, None], dtype="Int64")
    df["engaged_21d_rate"] = None
    df["immature_columns"] = "engaged_21d,engaged_21d_rate"
    out = apply_disclosure("continuity_of_care", df)
    assert out["immature_columns"].tolist() == ["engaged_21d,engaged_21d_rate"] * 2
    assert out["withheld_columns"].tolist() == ["", "releases_with_need"]


def test_all_minus_other_areas_cannot_give_back_a_withheld_area():
    out = apply_disclosure("continuity_of_care",
                           care([(area(1), 2, 0), (area(2), 11, 0), (area(3), 12, 0)], all_row=(25, 0)))
    # 2 is withheld, and 25 - 11 - 12 would give it back: the smallest other area (11) goes too
    out = out.set_index("la_code")
    assert out["releases_with_need"].isna().to_dict() == {"ALL": False, area(1): True, area(2): True,
                                                          area(3): False}
    assert out.loc[area(2), "withheld_columns"] == "releases_with_need,engaged_21d_rate"


def test_published_shape_is_exactly_the_contract_columns():
    out = apply_disclosure("continuity_of_care", care([(area(1), 12, 6)]))
    assert list(out.columns) == ["la_code", "month", "releases_with_need", "engaged_21d",
                                 "engaged_21d_rate", "immature_columns", "withheld_columns"]
    assert str(out["releases_with_need"].dtype) == "Int64"


@pytest.mark.parametrize("change", ["identifier", "duplicate", "not_an_area", "unknown_table"])
def test_person_level_or_identified_input_is_refused(change):
    df, table = care([(area(1), 12, 6), (area(2), 12, 6)]), "continuity_of_care"
    if change == "identifier":
        df.insert(2, "person_key", ["p1", "p2"])
    elif change == "duplicate":
        df["la_code"] = area(1)
    elif change == "not_an_area":
        df.loc[0, "la_code"] = "Jane Smith"
    else:
        table = "people"
    with pytest.raises(DisclosureError):
        apply_disclosure(table, df)


def activity(rows):
    """treatment_activity rows (area, in_treatment, substantial_progress, its rate); other counts 0."""
    cols = ["la_code", "month", "in_treatment", "new_starts", "referrals", "cjs_referrals",
            "cjs_referral_share", "exits", "successful_completions", "successful_completion_rate",
            "deaths_in_treatment", "substantial_progress", "substantial_progress_rate", "immature_columns"]
    return pd.DataFrame([[a, JAN, it, 0, 0, 0, None, 0, 0, None, 0, sp, rate, ""] for a, it, sp, rate in rows],
                        columns=cols)


def test_substantial_progress_rate_uses_the_denominator_it_implies():
    out = apply_disclosure("treatment_activity", activity([
        (area(1), 7, 6, 6 / 8),    # denominator 6 / 0.75 = 8: under 10
        (area(2), 7, 6, 6 / 12),   # 12: published
        (area(3), 12, 0, 0.0),     # zero rate: at least the 12 in treatment -> published
        (area(4), 7, 0, 0.0),      # zero rate, only 7 known: withheld
    ])).set_index("la_code")
    assert out["withheld_columns"].to_dict() == {
        area(1): "substantial_progress_rate", area(2): "", area(3): "", area(4): "substantial_progress_rate"}
    assert out["substantial_progress"].tolist() == [6, 6, 0, 0]


def test_a_subset_bound_cannot_pin_a_withheld_count():
    df = activity([(area(1), 20, 6, 0.5)])
    df.loc[0, ["exits", "successful_completions", "successful_completion_rate", "deaths_in_treatment"]] = [
        16, 15, 15 / 16, 1]
    out = apply_disclosure("treatment_activity", df)
    # deaths (1) is withheld; 16 exits and 15 completions would bound it to exactly 1
    assert out.loc[0, "withheld_columns"].split(",")[:3] == [
        "successful_completions", "successful_completion_rate", "deaths_in_treatment"]
    assert out.loc[0, "exits"] == 16
