"""The query wing: stored queries and their headers, typed parameters, engines, results.
May import only the shared top-level modules (never build, link or publish)."""
