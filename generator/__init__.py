"""A sourced fact-sheet site generator (installed as ``factsheet``)."""

__version__ = "0.1.0"
# how the command is called: `python -m generator` inside its repository, `factsheet` installed
PROG = "python -m generator" if __name__ == "generator" else "factsheet"
