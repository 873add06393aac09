"""Pages: the checked fact sheet becomes the site's Markdown pages, data files and search records, in memory.

``derive`` computes the cross-references once; ``render`` plans the pages and ``renderer`` runs the
templates, with ``urls``, ``escape``, ``factcard``, ``jsonld``, ``charts`` and ``sheetprint``;
``changes`` and ``feeds`` show the history; ``search`` builds the search records and index and
``export`` the downloads.
"""
