"""One person's life through the period, as a discrete-event simulation.

Offending, arrest, custody and drug test, Required Assessment, court, sentence, prison and licence,
treatment episodes, death: each is an event on the person's own clock; events change the state that
sets the hazards of later ones (in treatment -> fewer arrests and fewer positive tests; in prison -> no
arrests; dead -> nothing). The source records each system would hold fall out of the events, with every
version the system wrote, so corrections are real corrections.
"""
from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from continuum.generate import calibration as cal
from continuum.generate.areas import PRISONS, Geography, geography
from continuum.generate.model import Chooser, IdMint, Person, Record
from continuum.generate.people import make_pnc, person_rng
from continuum.generate.presets import Noise
from continuum.generate.window import in_extract

USER_PROFILES = ("opiate_crack", "cocaine", "other")


@dataclass
class WorldContext:
    """What every life shares: the clock, the identifier mints and the coverage chooser."""

    seed: int
    start: date
    end: date
    intensity: float
    chooser: Chooser
    noise: Noise
    pace: float = 1.0   # multiplier on durations (episodes, orders, sentences); <1 compresses life
    history_start: date | None = None  # lives begin here (burn-in); feeds report from `start`
    geo: Geography = field(default_factory=lambda: geography("showcase"))
    mints: dict[str, IdMint] = field(default_factory=dict)
    recent_arrest_ids: list[str] = field(default_factory=list)

    def __post_init__(self):
        for i, prefix in enumerate(("A", "C", "E", "V", "X", "R")):
            self.mints[prefix] = IdMint(prefix, offset=(self.seed * 7919 + i * 104729) % IdMint.MOD)
        self.t_start = datetime.combine(self.start, time(0))
        self.history_start = self.history_start or self.start
        self.t_history = datetime.combine(self.history_start, time(0))
        self.t_end = datetime.combine(self.end, time(23, 59, 59))

    def new_id(self, prefix: str) -> str:
        return self.mints[prefix].next()


@dataclass
class Episode:
    record: Record
    source: str
    provider: str
    client_ref: str
    referral: date
    substance: str
    custody_record_id: str | None = None
    assessment: date | None = None
    start: date | None = None
    discharge: date | None = None
    reason: str | None = None
    top_start: int | None = None
    reviews: list = field(default_factory=list)   # (date, days)
    closed: bool = False

    def in_treatment(self, d: date) -> bool:
        return self.start is not None and self.start <= d and (self.discharge is None or d < self.discharge)


class Life:
    def __init__(self, w: WorldContext, p: Person):
        self.w, self.p = w, p
        self.rng = person_rng(w.seed, p.idx, "life")
        self.nrng = person_rng(w.seed, p.idx, "noise")
        self.records: list[Record] = []
        self.episodes: list[Episode] = []
        self.heap: list = []
        self.seq = 0
        self.dead = False
        self.prison_until: datetime | None = None
        self.orders: list[dict] = []   # open probation orders/licences
        self.client_refs: dict[str, str] = {}
        self.second_crn = w.noise.second_crn and self.nrng.random() < w.noise.second_crn

    # ---- scheduling ----------------------------------------------------------------------------------
    def at(self, t: datetime, kind: str, data=None) -> None:
        self.seq += 1
        heapq.heappush(self.heap, (t, self.seq, kind, data))

    def run(self) -> list[Record]:
        w, p, rng = self.w, self.p, self.rng
        shape = cal.OFFENDING_PROPENSITY_SHAPE
        propensity = rng.gammavariate(shape, 1.0 / shape)
        self.arrest_rate = cal.ARREST_RATE[p.profile] * propensity * p.area.arrest_factor * w.intensity / 365.0
        self.referral_rate = cal.REFERRAL_RATE[p.profile] * w.intensity / 365.0
        if rng.random() < cal.IN_PRISON_AT_START[p.profile] and not p.forced_journey:
            self.prison_until = w.t_history + timedelta(days=rng.uniform(1, 365 * w.pace))
            self.at(self.prison_until, "release")
        self.at(w.t_history + timedelta(days=self.wait(self.arrest_rate)), "arrest")
        self.at(w.t_history + timedelta(days=self.wait(self.referral_rate)), "referral")
        self.at(w.t_history + timedelta(days=self.wait(cal.DEATH_RATE[p.profile] / 365.0)), "death")
        if p.forced_journey:
            self.at(w.t_start + timedelta(days=rng.uniform(1, 20), hours=rng.uniform(8, 20)), "arrest", "forced")
            self.at(w.t_start + timedelta(days=rng.uniform(60, 75)), "referral", "forced")
            self.at(w.t_start + timedelta(days=rng.uniform(100, 115)), "referral", "forced")
        while self.heap and not self.dead:
            t, _, kind, data = heapq.heappop(self.heap)
            if t > w.t_end:
                break
            # coverage steering only for choices made inside the reported period: a code chosen in
            # the burn-in may belong to a record the feeds never carry
            w.chooser.armed = t >= w.t_start
            getattr(self, "on_" + kind)(t, data)
        w.chooser.armed = True
        for ep in self.episodes:
            self._episode_versions(ep)
        out = []
        for r in self.records:
            r.versions = [v for v in r.versions if v[0] <= w.t_end]
            if r.versions:
                out.append(r)
        return in_extract(out, w.start)

    # ---- helpers -------------------------------------------------------------------------------------
    def wait(self, rate_per_day: float) -> float:
        """Days to the next event of a Poisson process; capped at a century (a person with a near-zero
        propensity never offends, and a date beyond year 9999 cannot be scheduled)."""
        return min(self.rng.expovariate(rate_per_day), 36_500.0)

    def entered(self, t: datetime) -> datetime:
        """When the clerk keyed it: soon after, sometimes days later (late-arriving records)."""
        lag = timedelta(minutes=self.rng.uniform(10, 360))
        if self.w.noise.late_entry and self.nrng.random() < self.w.noise.late_entry:
            lag += timedelta(days=self.nrng.randint(2, 10))
        return t + lag

    def day_time(self, d: date) -> datetime:
        return datetime.combine(d, time(9)) + timedelta(minutes=self.rng.randrange(0, 8 * 60))

    def identity(self) -> dict:
        p = self.p
        return {"surname": p.surname, "forenames": p.forenames, "date_of_birth": p.dob, "sex": p.sex,
                "ethnicity": p.ethnicity}

    def in_treatment(self, d: date) -> bool:
        return any(ep.in_treatment(d) for ep in self.episodes)

    def open_episode(self) -> Episode | None:
        for ep in self.episodes:
            if not ep.closed:
                return ep
        return None

    # ---- arrests -------------------------------------------------------------------------------------
    def on_arrest(self, t: datetime, data) -> None:
        w, p, rng = self.w, self.p, self.rng
        forced = data == "forced"
        if not forced:
            self.at(t + timedelta(days=self.wait(self.arrest_rate)), "arrest")
            if self.prison_until and t < self.prison_until:
                return
            if self.in_treatment(t.date()) and rng.random() > cal.IN_TREATMENT_ARREST_FACTOR:
                return
        if self.prison_until and t < self.prison_until:
            return
        user = p.profile in USER_PROFILES
        r = rng.random()
        area = p.area if r < 0.85 else rng.choice(w.geo.by_force[p.area.force] if r < 0.95 else w.geo.areas)
        weights = cal.OFFENCE_WEIGHTS[p.profile]
        if forced:
            weights = {"theft": 1}
        group = w.chooser.pick(rng, "police.offence_group", weights)
        offence = t.date() - timedelta(days=0 if rng.random() < 0.6 else rng.randint(1, 30))
        if p.pnc_id is None:
            p.pnc_id = make_pnc(rng, t.year)
        arrest_id = w.new_id("A")
        w.recent_arrest_ids.append(arrest_id)
        del w.recent_arrest_ids[:-50]
        rec = Record("police", arrest_id, p)
        self.records.append(rec)
        values = {"arrest_id": arrest_id, "force_code": area.force, "pnc_id": p.pnc_id, **self.identity(),
                  "postcode": p.postcode, "home_la_code": p.area.code, "arrest_at": t,
                  "arrest_la_code": area.code, "offence_date": offence, "offence_group": group,
                  "disposal": "pending", "disposal_date": None}
        rec.add(self.entered(t), values)
        custody_id = None
        if forced or rng.random() < cal.CUSTODY_RATE:
            custody_id = self.custody(t, area, arrest_id, group, forced)
        if user and rng.random() < cal.ARREST_REFERRAL_RATE * (1 if w.intensity == 1 else 2):
            self.refer(t + timedelta(days=rng.uniform(0, 3)), "arrest_referral", 0.7, 0.8)
        elif user and rng.random() < cal.LIAISON_DIVERSION_RATE * (1 if w.intensity == 1 else 2):
            self.refer(t + timedelta(hours=rng.uniform(2, 48)), "liaison_diversion", 0.75, 0.8)
        # disposal
        outcome = "charged" if forced else w.chooser.pick(
            rng, "police.disposal", cal.DISPOSAL_WEIGHTS_USER if user else cal.DISPOSAL_WEIGHTS_NON_USER)
        if outcome == "pending_forever":
            return
        lag = {"charged": rng.uniform(0.1, 2), "no_further_action": rng.uniform(1, 40)}.get(outcome, rng.uniform(1, 21))
        decided = t + timedelta(days=lag)
        values = dict(values, disposal=outcome, disposal_date=decided.date())
        rec.add(self.entered(decided), values)
        if outcome == "charged":
            court = decided + timedelta(days=rng.uniform(10, 30) if forced else rng.triangular(14, 240, 60) * w.pace)
            self.at(court, "court", (rec, values, user, forced))
        elif outcome in ("diversionary_caution", "community_caution") and user and rng.random() < cal.OOCD_REFERRAL_RATE:
            self.refer(decided + timedelta(days=rng.uniform(0, 10)), "out_of_court_disposal", 0.7, 0.8)

    def custody(self, t: datetime, area, arrest_id: str, group: str, forced: bool) -> str:
        w, p, rng = self.w, self.p, self.rng
        cid = w.new_id("C")
        rec = Record("custody", cid, p)
        self.records.append(rec)
        suite = rng.choice(area.suites)
        detained = t + timedelta(minutes=rng.uniform(10, 90))
        released = detained + timedelta(hours=rng.uniform(3, 30))
        trigger = group in cal.TRIGGER_OFFENCES
        if forced or (trigger and rng.random() < area.test_coverage):
            reason = "trigger_offence"
        elif not trigger and rng.random() < cal.INSPECTOR_TEST_RATE[p.profile]:
            reason = "inspector_authority"
        else:
            reason = "not_tested"
        values = {"custody_record_id": cid, "arrest_id": arrest_id, "custody_suite_code": suite,
                  "suite_la_code": area.code, "pnc_id": p.pnc_id, **self.identity(), "detained_at": detained,
                  "released_at": None, "test_reason": reason, "tested_at": None, "cocaine_result": None,
                  "opiates_result": None, "ra_required": None, "ra_appointment_at": None, "ra_provider_code": None}
        positive = False
        if reason == "not_tested":
            if rng.random() < 0.5:
                values.update(cocaine_result="not_tested", opiates_result="not_tested")
            first = detained + timedelta(minutes=rng.uniform(15, 60))
        else:
            tested = detained + timedelta(minutes=rng.uniform(20, 180))
            det = cal.DETECTION_IN_TREATMENT if self.in_treatment(tested.date()) else cal.DETECTION
            mode = w.chooser.pick(rng, "custody.result_mode", {
                "normal": 1 - cal.TEST_REFUSED_RATE - cal.SINGLE_SUBSTANCE_TEST_RATE,
                "refused": cal.TEST_REFUSED_RATE, "single": cal.SINGLE_SUBSTANCE_TEST_RATE})
            if mode == "refused":
                coc = opi = "refused"
            else:
                used = rng.random() < det
                coc = "positive" if used and p.uses_cocaine and rng.random() > cal.MISSED_SUBSTANCE else "negative"
                opi = "positive" if used and p.uses_opiates and rng.random() > cal.MISSED_SUBSTANCE else "negative"
                if mode == "single":
                    opi = "not_tested"
            positive = "positive" in (coc, opi)
            values.update(tested_at=tested, cocaine_result=coc, opiates_result=opi)
            values["ra_required"] = ("Y" if rng.random() < cal.RA_REQUIRED_RATE else "N") if positive else (
                "N" if rng.random() < 0.7 else None)
            first = tested + timedelta(minutes=rng.uniform(5, 40))
        rec.add(self.entered(first), values)
        values = dict(values, released_at=released)
        appointment = None
        if values["ra_required"] == "Y":
            appointment = datetime.combine(released.date() + timedelta(days=rng.randint(1, 6)),
                                           time(rng.randint(9, 15), rng.choice((0, 30))))
            values.update(ra_appointment_at=appointment, ra_provider_code=rng.choice(p.area.providers))
        rec.add(self.entered(released), values)
        if appointment is not None:
            test_day = values["tested_at"].date()
            if rng.random() < area.ra_attendance:
                attended = min(appointment.date() + timedelta(days=int(rng.expovariate(1 / 3))), test_day + timedelta(days=27))
                link = cid if rng.random() < 0.6 else None
                self.refer(datetime.combine(test_day, time(12)), "required_assessment", 1.0, cal.RA_START_RATE,
                           assessment=attended, custody_record_id=link, overlap=True,
                           provider=values["ra_provider_code"])
            elif rng.random() < cal.RA_NO_SHOW_EPISODE:
                self.refer(datetime.combine(test_day, time(12)), "required_assessment", 0.0, 0.0,
                           provider=values["ra_provider_code"])
        return cid

    def on_court(self, t: datetime, data) -> None:
        rec, values, user, forced = data
        rng, w = self.rng, self.w
        convicted = forced or rng.random() < cal.CONVICTION_RATE
        values = dict(values, disposal="convicted" if convicted else "acquitted", disposal_date=t.date())
        rec.add(self.entered(t), values)
        if not convicted:
            return
        for order in list(self.orders):  # a new conviction ends an order in force
            self.end_order(order, t.date(), "revoked_new_offence")
        sentence = "community" if forced else w.chooser.pick(rng, "court.sentence", cal.SENTENCE_WEIGHTS)
        if sentence == "prison":
            self.imprison(t, days=rng.triangular(30, 900, 150) / 2 * w.pace)
        elif sentence in ("community", "suspended"):
            self.start_order(t.date() + timedelta(days=rng.randint(0, 3)),
                             "community_order_start" if sentence == "community" else "suspended_sentence_start",
                             user, forced)

    # ---- prison and probation ------------------------------------------------------------------------
    def imprison(self, t: datetime, days: float) -> None:
        for ep in self.episodes:
            if not ep.closed:
                self.close_episode(ep, t.date(), "transferred_custody")
        self.prison_until = t + timedelta(days=days)
        self.at(self.prison_until, "release")

    def crn(self, new_order: bool) -> str:
        p = self.p
        if not p.crns:
            p.crns.append(self.w.new_id("X"))
        elif new_order and len(p.crns) == 1 and (self.second_crn or self._second_crn_for_coverage()):
            p.crns.append(self.w.new_id("X"))
        return p.crns[-1]

    def _second_crn_for_coverage(self) -> bool:
        """Coverage (tiny worlds): the first person whose first case number is still in the feeds when
        a new order starts in the period gets a second one, so the mess shows in a small world."""
        w = self.w
        if not (w.noise.second_crn and w.chooser.coverage and w.chooser.armed):
            return False
        delivered = bool(self.orders) or any(r.feed == "probation" and r.versions[-1][1]["event_date"] >= w.start
                                             for r in self.records)
        return delivered and w.chooser.first("probation.second_crn")

    def probation_record(self, d: date, values: dict, need_later: bool = False) -> Record:
        eid = self.w.new_id("V")
        rec = Record("probation", eid, self.p)
        self.records.append(rec)
        p = self.p
        full = {"event_id": eid, "crn": values.pop("crn"), "pnc_id": p.pnc_id, **self.identity(),
                "la_code": p.area.code, "event_date": d, "prison_code": None, "drug_requirement": None,
                "substance_misuse_need": None, "termination_reason": None, "order_ref": None, **values}
        if need_later and full["substance_misuse_need"] is not None:
            rec.add(self.entered(self.day_time(d)), dict(full, substance_misuse_need=None))
            rec.add(self.entered(self.day_time(d + timedelta(days=self.rng.randint(5, 25)))), full)
        else:
            rec.add(self.entered(self.day_time(d)), full)
        return rec

    def start_order(self, d: date, event_type: str, user: bool, forced: bool) -> None:
        rng, p, w = self.rng, self.p, self.w
        if p.profile == "other":
            weights = {"atr": cal.ATR_RATE, "none": 1 - cal.ATR_RATE}
        elif user:
            weights = {"drr": cal.DRR_RATE_USER, "none": 1 - cal.DRR_RATE_USER}
        else:
            weights = {"none": 1.0}
        req = "drr" if forced and user and p.profile != "other" else w.chooser.pick(
            rng, "probation.drug_requirement", weights)
        if req == "none" and rng.random() < 0.1:
            req = None
        if req in ("drr", "atr"):
            need = "Y"
        else:
            need = "Y" if rng.random() < (cal.NEED_RATE_USER if user else cal.NEED_RATE_NON_USER) else "N"
            if rng.random() < 0.05:
                need = None
        rec = self.probation_record(d, {"crn": self.crn(True), "event_type": event_type, "drug_requirement": req,
                                        "substance_misuse_need": need}, need_later=rng.random() < 0.3)
        if req == "drr":
            length = rng.uniform(*cal.DRR_LENGTH_DAYS) * w.pace
        else:
            length = (rng.uniform(180, 730) if event_type == "community_order_start" else rng.uniform(365, 730)) * w.pace
        terms = cal.DRR_TERMINATION if req == "drr" else cal.ORDER_TERMINATION
        if forced:  # coverage: a short order whose end lands inside even a tiny period
            reason = w.chooser.pick(rng, "probation.termination_reason.forced", terms, force=True)
            length = rng.uniform(10, 50)
        else:
            reason = w.chooser.pick(rng, "probation.termination_reason", terms)
        if reason == "completed":
            ends = d + timedelta(days=length)
        elif reason == "other":
            ends = d + timedelta(days=rng.uniform(30, length))
        else:
            ends = d + timedelta(days=rng.uniform(45, 0.8 * length))
        order = {"record": rec, "ends": ends, "reason": reason, "done": False}
        self.orders.append(order)
        self.at(self.day_time(ends), "order_end", order)
        if req == "drr":
            self.refer(self.day_time(d + timedelta(days=rng.randint(0, 14))), "drr", cal.DRR_ATTEND_RATE, 0.85)
        elif need == "Y" and rng.random() < (0.8 if req == "atr" else cal.PROBATION_REFERRAL_RATE):
            self.refer(self.day_time(d + timedelta(days=rng.randint(3, 40))), "probation", 0.75, 0.8)

    def on_order_end(self, t: datetime, order) -> None:
        if not order["done"]:
            self.end_order(order, t.date(), order["reason"])

    def end_order(self, order: dict, d: date, reason: str) -> None:
        order["done"] = True
        self.orders.remove(order)
        start = order["record"].versions[0][1]
        self.probation_record(d, {"crn": start["crn"], "event_type": "order_end", "termination_reason": reason,
                                  "order_ref": start["event_id"]})

    def on_release(self, t: datetime, data) -> None:
        rng, p = self.rng, self.p
        self.prison_until = None
        user = p.profile in USER_PROFILES
        d = t.date()
        need = "Y" if rng.random() < (cal.NEED_RATE_USER if user else cal.NEED_RATE_NON_USER) else "N"
        rec = self.probation_record(d, {"crn": self.crn(True), "event_type": "licence_start",
                                        "prison_code": rng.choice(PRISONS), "substance_misuse_need": need,
                                        "drug_requirement": None if rng.random() < 0.7 else "none"})
        reason = self.w.chooser.pick(rng, "probation.termination_reason", cal.LICENCE_TERMINATION)
        length = rng.uniform(120, 365) * self.w.pace
        ends = d + timedelta(days=length if reason == "completed" else rng.uniform(20, length))
        order = {"record": rec, "ends": ends, "reason": reason, "done": False}
        self.orders.append(order)
        self.at(self.day_time(ends), "order_end", order)
        if need == "Y":
            if rng.random() < cal.CONTINUITY_21D or self.w.chooser.first("treatment.prison_referral"):
                ref = t - timedelta(days=rng.uniform(0, 10))
                assess = d + timedelta(days=rng.randint(0, 10))
                self.refer(ref, "prison", 1.0, 1.0, assessment=assess,
                           start=assess + timedelta(days=rng.randint(0, (d + timedelta(days=21) - assess).days)))
            elif rng.random() < cal.LATE_ENGAGEMENT:
                self.refer(t + timedelta(days=rng.uniform(22, 120)), "probation", 1.0, 1.0,
                           assessment_lag=(0, 0), start_lag=(0, 10))

    # ---- treatment -----------------------------------------------------------------------------------
    def on_referral(self, t: datetime, data) -> None:
        rng = self.rng
        if data != "forced":
            self.at(t + timedelta(days=self.wait(self.referral_rate)), "referral")
        if self.prison_until and t < self.prison_until:
            return
        source = self.w.chooser.pick(rng, "treatment.self_source", cal.SELF_REFERRAL_SOURCES)
        if data == "forced":  # coverage: a short episode that ends inside even a tiny period
            self.refer(t, source, 1.0, 1.0, quick=True, overlap=True)
        else:
            self.refer(t, source, cal.ASSESSMENT_RATE, cal.START_RATE)

    def refer(self, t: datetime, source: str, assess_p: float, start_p: float, *, assessment: date | None = None,
              start: date | None = None, custody_record_id: str | None = None,
              assessment_lag=(0, 21), start_lag=(0, 21), overlap: bool = False,
              quick: bool = False, provider: str | None = None) -> Episode | None:
        if self.dead:
            return None
        if self.open_episode() is not None:
            if not overlap:
                return None
            if not quick:
                start_p = 0.0  # already in treatment elsewhere: assessed, not started again
        w, p, rng = self.w, self.p, self.rng
        provider = provider or rng.choice(p.area.providers)
        if provider not in self.client_refs:
            self.client_refs[provider] = f"{provider[4:]}{w.new_id('R')[1:]}"
        ref = max(t.date(), w.history_start)  # nothing dated before the simulated history
        weights = {"opiate_crack": {"opiates": 1} if p.uses_opiates and (not p.uses_cocaine or rng.random() < 0.7)
                   else {"crack": 1},
                   "cocaine": {"cocaine": 1},
                   "other": {"cannabis": 5, "alcohol": 3, "other": 2},
                   "none": {"alcohol": 8, "other": 2}}[p.profile]
        substance = w.chooser.pick(rng, "treatment.primary_substance", weights)
        ep = Episode(Record("treatment", w.new_id("E"), p), source, provider, self.client_refs[provider], ref,
                     substance, custody_record_id)
        self.records.append(ep.record)
        self.episodes.append(ep)
        if assessment is None and rng.random() < assess_p:
            assessment = ref + timedelta(days=rng.randint(*assessment_lag))
        ep.assessment = assessment
        if assessment is not None and start is None and rng.random() < start_p:
            start = assessment + timedelta(days=rng.randint(*start_lag))
        ep.start = start
        if start is not None:
            weights = dict(cal.STARTED_OUTCOME, transferred_custody=0.01)
            if quick:
                reason = w.chooser.pick(rng, "treatment.discharge_reason.quick", weights, force=True)
            else:
                reason = w.chooser.pick(rng, "treatment.discharge_reason", weights)
            days = {"completed_drug_free": rng.uniform(*cal.COMPLETION_DAYS),
                    "completed_occasional_user": rng.uniform(*cal.COMPLETION_DAYS)}.get(
                reason, rng.uniform(*cal.OTHER_DISCHARGE_DAYS)) * w.pace
            if quick:
                days = rng.uniform(10, 40)
            discharge = start + timedelta(days=days)
            base = {"opiate_crack": (14, 28), "cocaine": (5, 20), "other": (6, 28), "none": (8, 28)}[p.profile]
            if rng.random() < cal.TOP_RECORDED_RATE:
                ep.top_start = rng.randint(*base)
            every = (max(14, int(80 * w.pace)), max(20, int(100 * w.pace)))
            d, used = start + timedelta(days=rng.randint(*every)), ep.top_start or rng.randint(*base)
            success = reason.startswith("completed")
            while d < discharge:
                used = max(0, min(28, round(used * (rng.uniform(0.3, 0.8) if success else rng.uniform(0.6, 1.15)))))
                ep.reviews.append((d, used))
                d += timedelta(days=rng.randint(*every))
            if success:
                ep.reviews.append((discharge, 0 if reason == "completed_drug_free" else
                                   min(used, (ep.top_start or 8) // 2, rng.randint(1, 6))))
        else:
            reason = w.chooser.pick(rng, "treatment.discharge_reason", cal.NOT_STARTED_OUTCOME)
            discharge = (assessment or ref) + timedelta(days=rng.randint(14, 60))
        ep.discharge, ep.reason = discharge, reason
        self.at(self.day_time(discharge), "discharge", ep)
        return ep

    def on_discharge(self, t: datetime, ep: Episode) -> None:
        if ep.closed:
            return
        ep.closed = True
        if ep.reason == "died":
            self.die(t)

    def close_episode(self, ep: Episode, d: date, reason: str) -> None:
        ep.closed = True
        ep.discharge, ep.reason = d, reason
        if ep.start is not None and ep.start > d:
            ep.start = None
        if ep.assessment is not None and ep.assessment > d:
            ep.assessment = None
        ep.reviews = [(rd, u) for rd, u in ep.reviews if rd <= d]

    def on_death(self, t: datetime, data) -> None:
        self.die(t)

    def die(self, t: datetime) -> None:
        for ep in self.episodes:
            if not ep.closed:
                self.close_episode(ep, t.date(), "died")
        for order in list(self.orders):
            self.end_order(order, t.date(), "other")
        self.dead = True

    def _episode_versions(self, ep: Episode) -> None:
        """The provider's return history for one episode: a version at each step of the episode.

        A referral is often booked ahead (a release's probation referral, a DRR's first appointment);
        if the person died before its date, the episode never happened and leaves no record (a
        discharge dated before its own referral would be a record from the future)."""
        if ep.discharge is not None and ep.discharge < ep.referral:
            return
        p, rec = self.p, ep.record
        values = {"episode_id": rec.key, "provider_code": ep.provider, "client_ref": ep.client_ref,
                  "initials": p.initials, "date_of_birth": p.dob, "sex": p.sex, "la_code": p.area.code,
                  "postcode_district": p.postcode.split(" ")[0], "custody_record_id": ep.custody_record_id,
                  "referral_source": ep.source, "referral_date": ep.referral, "assessment_date": None,
                  "treatment_start_date": None, "primary_substance": ep.substance, "discharge_date": None,
                  "discharge_reason": None, "top_days_used_start": None, "top_days_used_latest": None,
                  "top_latest_date": None, "ethnicity": p.ethnicity}
        steps = [(ep.referral, {})]
        if ep.assessment:
            steps.append((ep.assessment, {"assessment_date": ep.assessment}))
        if ep.start:
            steps.append((ep.start, {"treatment_start_date": ep.start, "top_days_used_start": ep.top_start}))
        for d, used in ep.reviews:
            steps.append((d, {"top_days_used_latest": used, "top_latest_date": d}))
        steps.append((ep.discharge, {"discharge_date": ep.discharge, "discharge_reason": ep.reason}))
        steps.sort(key=lambda s: s[0])
        for d, change in steps:
            values = dict(values, **change)
            rec.add(self.entered(self.day_time(d)), values)
