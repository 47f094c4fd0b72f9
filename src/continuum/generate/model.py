"""The simulation's own data: people, source records with their version history, identifiers.

A source record keeps every version the source system wrote (`versions`: updated_at + true values);
what gets delivered is a version with the record's recording mess (`overrides`) laid over it. Truth is
the same version without the overrides.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from continuum.generate.areas import Area


@dataclass
class Person:
    idx: int
    person_id: str
    surname: str
    forenames: str
    dob: date
    sex: str
    ethnicity: str
    area: Area
    profile: str            # opiate_crack | cocaine | other | none
    uses_opiates: bool
    uses_cocaine: bool
    postcode: str
    pnc_id: str | None = None
    alt_surname: str | None = None   # hyphenated or changed surname (identity mess)
    crns: list[str] = field(default_factory=list)
    forced_journey: bool = False     # coverage: make sure this person reaches every feed

    @property
    def initials(self) -> str:
        return (self.forenames[:1] + self.surname[:1]).upper()


@dataclass
class Record:
    feed: str
    key: str
    person: Person
    versions: list[tuple[datetime, dict]] = field(default_factory=list)
    overrides: dict = field(default_factory=dict)

    def add(self, updated_at: datetime, values: dict) -> None:
        """Append a version; updated_at strictly increases within a record (the latest wins)."""
        if self.versions and updated_at <= self.versions[-1][0]:
            updated_at = self.versions[-1][0] + timedelta(minutes=1)
        self.versions.append((updated_at.replace(microsecond=0), dict(values)))


class IdMint:
    """Unique, deterministic identifiers that do not reveal creation order (so consecutive keys do not
    betray that two records belong to one person): an affine permutation of a counter."""

    MOD = 10**9
    MULT = 387_420_489  # 3**18: coprime with 10**9, so n -> (a*n + b) mod M is a bijection

    def __init__(self, prefix: str, offset: int):
        self.prefix = prefix
        self.offset = offset
        self.n = 0

    def next(self) -> str:
        self.n += 1
        return f"{self.prefix}{(self.MULT * self.n + self.offset) % self.MOD:09d}"


class Chooser:
    """Weighted choice that, in coverage mode, prefers a value not yet produced for the same column so
    that a small world still shows every contract code. Deterministic: state advances in person order."""

    def __init__(self, coverage: bool):
        self.coverage = coverage
        self.armed = True   # False while a life is in its burn-in: no steering, nothing marked seen
        self.seen: dict[str, set] = {}

    def pick(self, rng: random.Random, column: str, weights: dict[str, float], force: bool = False) -> str:
        """`force`: always take an unseen value while there is one (for choices whose consequence is
        certain to land inside the period)."""
        codes = [c for c, w in weights.items() if w > 0]
        if self.coverage and self.armed:
            seen = self.seen.setdefault(column, set())
            unseen = [c for c in codes if c not in seen]
            if unseen and (force or rng.random() < 0.5):
                choice = unseen[0]
                seen.add(choice)
                return choice
        choice = rng.choices(codes, [weights[c] for c in codes])[0]
        if self.coverage and self.armed:
            self.seen.setdefault(column, set()).add(choice)
        return choice

    def first(self, column: str) -> bool:
        """In coverage mode, True the first time it is asked about `column`."""
        if not self.coverage or not self.armed or column in self.seen:
            return False
        self.seen[column] = {True}
        return True

    def missing(self, column: str, codes) -> list[str]:
        return [c for c in codes if c not in self.seen.get(column, set())]


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    keys = list(weights)
    return rng.choices(keys, [weights[k] for k in keys])[0]
