"""The editorial limits on quotes, each written once: the checks enforce them, and the
problem catalogue, the field reference and the command help quote them from here.
(The reader's limits on a file are in ``reading.yamltree``.)"""

from __future__ import annotations

QUOTE_MIN_WORDS = 4  # shorter quotes cannot be verified (it is also the fingerprint's gram)
QUOTE_MAX_WORDS = 20  # a quote proves its statement; it does not republish the source
QUOTE_BUDGET = (1, 3)  # at most this share of a source's words may appear inside quotes
COPY_LIMIT = 8  # a statement shares fewer words than this in a row with a source it cites
SHARE_RUN = 6  # runs of at least this many words count toward the reproduced share
REPRODUCED = (2, 5)  # at most this share of a source's words appears on the site word for word


def budget_text() -> str:
    """The quote budget as the texts write it: ``1/3``."""
    return f"{QUOTE_BUDGET[0]}/{QUOTE_BUDGET[1]}"
