"""The calibration report: each published target beside the rate this world produced.

Produced rates are measured on the true final records of each simulated person as they stand at the
end of the period (what a correct pipeline would see), counted person by person while the world
streams, so the report costs no second pass. Rates whose follow-up window is not complete inside the
period (reoffending needs 18 months) are left empty for short worlds. Volumes are scaled to England:
per year, times NATIONAL_PEOPLE / people, divided by the preset's intensity.
"""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from continuum.generate import calibration as cal

SMALL_N = 30  # a produced rate on fewer cases says little about the calibration
from continuum.generate.areas import Geography, geography

DRUG_OFFENCES = ("class_a_possession", "class_a_supply", "other_drug_possession", "other_drug_supply")
PROVEN = ("convicted", "caution", "diversionary_caution", "community_caution")


def _d(v):
    return v.date() if hasattr(v, "date") and callable(v.date) else v


class Stats:
    def __init__(self, start: date, end: date, people: int, intensity: float, geo: Geography | None = None):
        self.start, self.end, self.people, self.intensity = start, end, people, intensity
        self.geo = geo or geography("showcase")
        self.c: Counter = Counter()
        days = (end - start).days + 1
        self.year_start = max(start, end - timedelta(days=364))  # last (up to) 365 days
        self.window_days = (end - self.year_start).days + 1
        self.years = days / 365.25

    def add(self, records) -> None:
        c, end = self.c, self.end
        latest = {"police": [], "custody": [], "treatment": [], "probation": []}
        for r in records:
            latest[r.feed].append(r.versions[-1][1])
        episodes = latest["treatment"]
        c["arrests"] += len(latest["police"])
        for v in latest["custody"]:
            if v["test_reason"] == "not_tested":
                continue
            t = _d(v["tested_at"])
            coc, opi = v["cocaine_result"] == "positive", v["opiates_result"] == "positive"
            london = self.geo.by_code[v["suite_la_code"]].london
            c["tests"] += 1
            c["london_tests"] += london
            if coc or opi:
                c["positive"] += 1
                c["pos_cocaine"] += coc
                c["pos_both"] += coc and opi
                c["london_positive"] += london
                if v["ra_required"] == "Y":
                    c["london_ra"] += london
                    if t + timedelta(days=28) <= end:
                        group = "london" if london else ("calderdale" if v["suite_la_code"] == "E08000033" else None)
                        if group:
                            c[f"ra_{group}"] += 1
                            c[f"ra_{group}_attended"] += any(
                                e["assessment_date"] and t <= e["assessment_date"] <= t + timedelta(days=28)
                                for e in episodes)
        for e in episodes:
            if e["discharge_date"] is not None:
                c["exits"] += 1
                c["exits_completed"] += e["discharge_reason"] in ("completed_drug_free", "completed_occasional_user")
        ys, ye = self.year_start, end
        if any(e["treatment_start_date"] and e["treatment_start_date"] <= ye and
               (e["discharge_date"] is None or e["discharge_date"] >= ys) for e in episodes):
            c["in_treatment_year"] += 1
        if any(e["treatment_start_date"] and ys <= e["treatment_start_date"] <= ye for e in episodes):
            c["new_entrants_year"] += 1
        starts = {v["event_id"]: v for v in latest["probation"] if v["event_type"] != "order_end"}
        ends = {v["order_ref"]: v for v in latest["probation"] if v["event_type"] == "order_end"}
        active = False
        for eid, v in starts.items():
            if v["event_type"] == "licence_start" and v["event_date"] >= self.start:  # not licences open at start
                c["releases"] += 1
                rel = v["event_date"]
                if v["substance_misuse_need"] == "Y" and rel + timedelta(days=21) <= end:
                    c["releases_need"] += 1
                    c["releases_engaged"] += any(e["treatment_start_date"] and
                                                 rel <= e["treatment_start_date"] <= rel + timedelta(days=21)
                                                 for e in episodes)
            if v["drug_requirement"] == "drr" and eid in ends:
                c["drr_ended"] += 1
                reason = ends[eid]["termination_reason"]
                c["drr_completed"] += reason == "completed"
                c["drr_revoked"] += reason in ("revoked_breach", "revoked_new_offence")
            ended = ends.get(eid)
            if v["event_date"] <= ye and (ended is None or ended["event_date"] >= ys):
                active = True
        c["under_probation"] += active
        # proven reoffending: first proven disposal with a complete 12+6 month follow-up
        proven = sorted((v["offence_date"], v["arrest_id"], v) for v in latest["police"]
                        if v["disposal"] in PROVEN and v["offence_date"] >= self.start)
        if proven:
            i_date, _, idx = proven[0]
            if i_date + timedelta(days=547) <= end:
                re = any(i_date < o <= i_date + timedelta(days=365) and v["disposal_date"] <= i_date + timedelta(days=547)
                         for o, _, v in proven[1:])
                groups = ["all"]
                if idx["offence_group"] in DRUG_OFFENCES:
                    groups.append("drug")
                    if self.geo.by_code[idx["arrest_la_code"]].london:
                        groups.append("london_drug")
                for g in groups:
                    c[f"cohort_{g}"] += 1
                    c[f"reoffended_{g}"] += re

    def measures(self) -> dict[str, tuple[float | None, int]]:
        """Each measure's produced value and n, the number of cases it rests on (a rate's denominator,
        a volume's count before scaling)."""
        c = self.c

        def rate(a, b):
            return (c[a] / c[b] if c[b] else None), c[b]

        def volume(key, factor):
            return c[key] * factor, c[key]

        scale = cal.NATIONAL_PEOPLE / max(self.people, 1) / self.intensity
        per_year = scale / self.years
        window_scale = scale * 365 / self.window_days
        months = self.years * 12
        # London volumes: the world over-represents London, so scale by London's real share of England.
        london_weight = self.geo.london_weight
        london_scale = scale * cal.LONDON_SHARE_OF_ENGLAND / london_weight
        return {
            "test_positive_rate": rate("positive", "tests"),
            "positive_including_cocaine": rate("pos_cocaine", "positive"),
            "positive_both": rate("pos_both", "positive"),
            "london_tests_per_month": volume("london_tests", london_scale / months),
            "london_positive_rate": rate("london_positive", "london_tests"),
            "london_ra_required_per_month": volume("london_ra", london_scale / months),
            "ra_attendance_london": rate("ra_london_attended", "ra_london"),
            "ra_attendance_calderdale": rate("ra_calderdale_attended", "ra_calderdale"),
            "treatment_completed_share": rate("exits_completed", "exits"),
            "continuity_of_care_21d": rate("releases_engaged", "releases_need"),
            "proven_reoffending": rate("reoffended_all", "cohort_all"),
            "proven_reoffending_drug_offenders": rate("reoffended_drug", "cohort_drug"),
            "proven_reoffending_drug_london": rate("reoffended_london_drug", "cohort_london_drug"),
            "drr_completed": rate("drr_completed", "drr_ended"),
            "drr_revoked": rate("drr_revoked", "drr_ended"),
            "adults_in_treatment_per_year": volume("in_treatment_year", window_scale),
            "new_treatment_entrants_per_year": volume("new_entrants_year", window_scale),
            "arrests_per_year": volume("arrests", per_year),
            "people_under_probation": volume("under_probation", window_scale),
            "prison_releases_per_year": volume("releases", per_year),
        }

    def rows(self) -> list[tuple[str, float, float | None, str, int]]:
        measures = self.measures()
        out = []
        for name, target, source in cal.TARGETS:
            value, n = measures.get(name, (None, 0))
            out.append((name, target, value, source, n))
        return out

    def write(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\r\n")
            w.writerow(["measure", "target", "source", "produced", "n"])
            for name, target, produced, source, n in self.rows():
                w.writerow([name, target, source, "" if produced is None else f"{produced:.4f}", n])

    def text(self) -> str:
        lines = [f"{'measure':36} {'target':>10} {'produced':>10} {'n':>8}"]
        for name, target, produced, _, n in self.rows():
            t = f"{target:.2f}" if target < 10 else f"{target:,.0f}"
            if produced is None:
                p = "n/a"
            else:
                p = f"{produced:.2f}" if target < 10 else f"{produced:,.0f}"
            small = "  (n<30: too few cases to judge)" if n < SMALL_N else ""
            lines.append(f"{name:36} {t:>10} {p:>10} {n:>8,}{small}")
        return "\n".join(lines)
