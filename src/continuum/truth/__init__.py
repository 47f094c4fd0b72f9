"""Ground truth for the outcome measures.

The pipeline's numbers are only as good as its linkage and its SQL. This package recomputes every
measure of shared/metrics.md from the generator's truth (true records, true person ids) with an
implementation deliberately independent of the dbt models -- pandas, not SQL -- so a disagreement
points at a real defect on one side rather than a bug shared by both.
"""
