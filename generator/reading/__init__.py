"""Reading: the data files become located YAML nodes, strictly (the tree of ``facts/`` is untrusted too).

``yamlnode`` reads one file (bytes to text, text to ``Node``s) by the fast path (``yamlfast``, libyaml)
or, when that fails, the strict path (``yamlstrict``) that says exactly what is wrong and where;
``yamltree`` is the node and the limits every path enforces; ``load`` finds the files and checks each
against the schema.
"""
