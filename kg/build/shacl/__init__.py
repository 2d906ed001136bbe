"""SHACL Core validation, fast: shapes compiled to SPARQL and run in Oxigraph,
with pySHACL for any shape that uses a construct outside the compiler's
allow-list (``conditions.py``: VALUE_KEYS and the keys of ``compiler.py``).

- ``model``: checks, results, ``Unsupported``
- ``paths``: SHACL paths as SPARQL property paths
- ``datatypes``: lexical well-formedness of every XSD datatype
- ``conditions``: one constraint on one value node, and "conforms to a shape"
- ``compiler``: targets and the checks of a shape
- ``fallback``: pySHACL for the shapes the compiler hands over
- ``engine``: compile, run, fall back, merge
- ``report``: the W3C validation report graph
- ``files``: ``kg validate --shapes``: any data against any shapes
"""
