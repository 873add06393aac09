"""Checks: the checks across records that make the files one fact sheet.

``validate`` (ids,
references, archives), ``rules`` (editorial rules: quotes, the quote budget, attribution, names),
``quotes`` (quotes and fingerprints), ``sourceitems`` and ``coverage`` (information coverage).
"""
