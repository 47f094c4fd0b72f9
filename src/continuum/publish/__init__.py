"""Disclosure control and atomic publication of the outcome tables (write-audit-publish).

`disclosure` turns the warehouse's exact `outcomes` tables into the published shape; `publisher` builds
a candidate publication, lets a quality gate audit it, and swaps it in atomically.
"""
