"""Complementary (secondary) withholding over linear identities, independent of any table shape.

Every count cell is a variable; each identity says `total = sum(parts)`. A withheld cell is safe when
no arithmetic on published values pins it down. "Arithmetic" here is the whole linear system, not just
one identity at a time: a withheld cell is recoverable exactly when its unit vector lies in the row
space of the identities restricted to the unknown cells (those withheld or immature), i.e. when it is
zero in every null-space vector of that matrix. Chains of identities (an area sum feeding a row
identity feeding another area sum) and bridges between cycles are found that way, which one-unknown-
at-a-time substitution misses.

One attack needs more than linear algebra: withheld counts are known to be at least 1 (0 is
published), so when the withheld parts of an identity can add up to no more than their number, each
is 1 (other unknown parts, such as the hidden remainder of a subset bound, are only known to be
>= 0). That case gets one more part withheld too. Other bound reasoning (an LP over all identities)
is not attempted.

The repair is the classic heuristic: withhold the smallest non-zero published member of an identity
that exposes a withheld cell (parts before the total, then a fixed cell order), recompute, repeat to a
fixed point. Deterministic for a given cell order. Withholding more never makes a cell recoverable,
so the loop ends, at worst with every member of some identity withheld.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    total: int
    parts: tuple[int, ...]

    @property
    def members(self) -> tuple[int, ...]:
        return (self.total,) + self.parts


def protect(values, immature, withheld, identities: list[Identity]):
    """Return a copy of `withheld` (bool array over cells) extended until no withheld cell is
    recoverable. `values` are the exact counts (ignored where `immature`), cells are ordered by index
    for tie-breaks. Immature cells are unknown to a reader but never need protecting."""
    import numpy as np

    withheld = np.array(withheld, dtype=bool)
    immature = np.asarray(immature, dtype=bool)
    values = np.where(immature, 0, np.nan_to_num(np.asarray(values, dtype=float)))
    by_cell: dict[int, list[int]] = {}
    for k, ident in enumerate(identities):
        for c in ident.members:
            by_cell.setdefault(c, []).append(k)

    def unknown(c: int) -> bool:
        return bool(withheld[c] or immature[c])

    def complement(ident: Identity) -> int | None:
        candidates = [c for c in ident.members if not unknown(c)]
        if not candidates:
            return None
        return min(candidates, key=lambda c: (values[c] == 0, values[c], c == ident.total, c))

    cache: dict[frozenset, frozenset] = {}  # unknown cells of a component -> its pinned cells
    while True:
        added = False
        touched: set[int] = set()
        for choices in _exposures(identities, withheld, immature, values, by_cell, cache):
            if touched.intersection(choices):
                continue  # an identity it could use just changed: re-examine on the next pass
            picks = [(k, complement(identities[k])) for k in choices]
            k, c = next(((k, c) for k, c in picks if c is not None), (None, None))
            if c is None:
                raise RuntimeError(f"cannot protect a withheld cell: identities {choices} are all unknown")
            withheld[c] = True
            added = True
            touched.update(by_cell.get(c, ()))
        if not added:
            return withheld


def _exposures(identities, withheld, immature, values, by_cell, cache) -> list[list[int]]:
    """One entry per exposure: the identities that could take a complementary cell, best first
    (fewest unknown members). Deterministic order."""
    import numpy as np

    unknown = withheld | immature
    # Cheap pass first: identities with a single unknown member that is withheld.
    exposures = [[k] for k, ident in enumerate(identities)
                 if sum(1 for c in ident.members if unknown[c]) == 1
                 and any(withheld[c] and not immature[c] for c in ident.members)]
    if exposures:
        return exposures
    # Lower-bound attack: the withheld parts (each >= 1; other unknown parts >= 0) sum to at most
    # the known remainder; when that equals their number, each of them is 1.
    for k, ident in enumerate(identities):
        if unknown[ident.total]:
            continue
        parts = [c for c in ident.parts if withheld[c] and not immature[c]]
        if parts:
            residual = values[ident.total] - sum(values[c] for c in ident.parts if not unknown[c])
            if residual == len(parts):
                exposures.append([k])
    for cell in sorted(_recoverable_cells(identities, unknown, withheld, immature, by_cell, cache)):
        exposures.append(sorted(by_cell[cell],
                                key=lambda k: (int(np.sum(unknown[list(identities[k].members)])), k)))
    return exposures


def _recoverable_cells(identities, unknown, withheld, immature, by_cell, cache) -> set[int]:
    """Withheld cells fixed by the linear system, found per connected component of unknown cells
    (a component's answer depends only on its cells, so unchanged components come from `cache`)."""
    unknown_cells = [c for c in by_cell if unknown[c]]
    parent = {c: c for c in unknown_cells}

    def find(c):
        while parent[c] != c:
            parent[c] = parent[parent[c]]
            c = parent[c]
        return c

    for ident in identities:
        us = [c for c in ident.members if unknown[c]]
        for c in us[1:]:
            parent[find(c)] = find(us[0])
    components: dict[int, list[int]] = {}
    for c in unknown_cells:
        components.setdefault(find(c), []).append(c)

    found: set[int] = set()
    for cells in components.values():
        if not any(withheld[c] and not immature[c] for c in cells):
            continue
        key = frozenset(cells)
        if key not in cache:
            cache[key] = _pinned(cells, identities, by_cell)
        found.update(c for c in cache[key] if withheld[c] and not immature[c])
    return found


def _pinned(cells, identities, by_cell) -> frozenset:
    """The cells of one component whose value the identities fix."""
    import numpy as np

    col = {c: j for j, c in enumerate(sorted(cells))}
    rows = sorted({k for c in cells for k in by_cell[c]})
    a = np.zeros((len(rows), len(col)))
    for i, k in enumerate(rows):
        ident = identities[k]
        for c, coef in ((ident.total, 1.0), *((p, -1.0) for p in ident.parts)):
            if c in col:
                a[i, col[c]] += coef
    # e_j lies in the row space exactly when its projection onto the row space has norm 1.
    _, s, vt = np.linalg.svd(a, full_matrices=False)
    basis = vt[: int(np.sum(s > 1e-9 * max(s.max(initial=0.0), 1.0)))]
    pinned = np.einsum("ij,ij->j", basis, basis) > 1 - 1e-6
    return frozenset(c for c, j in col.items() if pinned[j])
