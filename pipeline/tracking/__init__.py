"""The status side: due instances of a deadline (schedule), the workday calendar (workdays),
statuses and the 台账 (track), and its ICS/Excel/CSV/JSON exports (exports).

Nothing is imported here, so that the extractor can use ``pipeline.tracking.workdays``
without pulling in the store.
"""
