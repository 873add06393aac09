"""Tools for people who edit the data: ``scaffold`` (``new``: a record skeleton with the next free id)
and ``diff`` (the records a change adds, removes and changes)."""
