"""Checks: problems as located values, and the checks across records that make the files one fact sheet.

``problems`` and ``problemcodes`` (the report and the catalogue of codes), ``validate`` (ids,
references, archives), ``rules`` (editorial rules: quotes, the quote budget, attribution, names),
``quotes`` (quotes and fingerprints), ``sourceitems`` and ``coverage`` (information coverage).
"""
