"""The build wing: sources → load → validate → reason → check → export → dist/.
May import the shared top-level modules, kg.query and kg.link; never kg.publish."""
