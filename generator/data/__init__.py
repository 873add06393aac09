"""The data model: typed records, each field declared once, checked from YAML nodes. No I/O and no topic.

``fields`` (scalar types, positions, a problem's context), ``records`` (lists, free mappings and
``Record``), ``dates``, ``ids`` and ``vocab`` are the building blocks; ``sourcemodel``, ``factmodel``
and ``tablemodel`` declare the records and ``model`` gathers them; ``schema`` reads a data file and
writes the JSON Schema and the field reference from the same declarations.
"""
