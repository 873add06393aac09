"""History: each fact's versions, read from the git history of the data folder (see ``collect``).

The front door: the rest of the generator reads ``history.collect`` and the model from here.
``gitlog`` reads git, ``factyaml`` cuts and parses the YAML, ``fieldchanges`` compares versions,
``historywalk`` follows the facts, ``historymodel`` holds the result and ``collect`` runs it all, cached.
"""

from .collect import collect
from .factyaml import record
from .fieldchanges import FIELD_LABELS, FIELDS, Change
from .gitlog import Commit
from .historymodel import DataVersion, FactHistory, History, Kind, Release, Version

__all__ = [
    "FIELDS",
    "FIELD_LABELS",
    "Change",
    "Commit",
    "DataVersion",
    "FactHistory",
    "History",
    "Kind",
    "Release",
    "Version",
    "collect",
    "record",
]
