"""Continuum: nightly linkage of police, custody, treatment and probation feeds into outcome measures
for Combating Drugs Partnerships."""

__version__ = "0.1.0"
