"""The publish wing: what is done with a built dist/ (serve, publish to stores, site, docs, w3id).
May import every other wing; nothing imports it but the command line."""
