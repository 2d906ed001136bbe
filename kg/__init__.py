"""AI Safety Knowledge Graph: the instruments that govern AI safety in Japan
and the international instruments Japan follows, as a curated, validated
linked-data graph.

From Python::

    import kg
    graph = kg.load()                          # the bundled graph (or a checkout's dist/)
    graph.query("instruments").to_pandas()     # a stored query as a DataFrame
    graph.query("SELECT * WHERE { ?s ?p ?o } LIMIT 5").to_records()
    graph.queries()                            # the stored queries and their parameters
    graph.record("inst:ai-promotion-act")      # one record

From the shell: ``kg --help``.
"""

__version__ = "0.1.0"

#: The primary source every record was read from (kept equal to the
#: factsheet's record in the graph by tests/api/test_api.py).
SOURCE = "AI セーフティ ファクトシート 2025 (Factsheet of AI Safety in Japan 2025), Japan AI Safety Institute (AISI) Secretariat, 2026-03-31"

__all__ = ["KnowledgeGraph", "QueryInfo", "QueryResult", "Record", "SOURCE", "__version__", "load"]
_API = {"KnowledgeGraph": "api", "QueryInfo": "api", "Record": "api", "load": "api", "QueryResult": "query.rows"}


def __getattr__(name: str):
    """The API is imported on first use, so that the ``kg`` command starts without it."""
    if name in _API:
        import importlib

        return getattr(importlib.import_module(f".{_API[name]}", __name__), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
