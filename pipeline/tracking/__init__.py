"""The status side, one module per job:

    schedule   a Deadline expanded into due instances     workdays  the official workday calendar
    bounds     where a recurring series ends, and why      assign    obligation × bound organisation
    workflow   which status changes are allowed            track     statuses, due instances, 台账 rows
    exports    ICS / Excel / CSV / JSON of the 台账

Nothing is imported here, so that the extractor can use ``pipeline.tracking.workdays``
without pulling in the store.
"""
