"""AI Safety Knowledge Graph: build, validate, reason over and export the graph."""

__version__ = "0.1.0"
