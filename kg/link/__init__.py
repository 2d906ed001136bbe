"""The link wing: e-Gov law IDs, reviewed links to other catalogues, Wikidata reconciliation.
May import the shared top-level modules and kg.query; never kg.build or kg.publish."""
