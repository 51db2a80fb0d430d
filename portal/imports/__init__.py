"""Imports: Boston's published 311 exports into the reports table.

`boston311` reads the three CSV layouts into one shape with rejects; `importer` writes them in bulk,
in one transaction, idempotent on the case id.

May import: `config`, `db`, `maps`, `reports` and `analytics` (the summary refresh after an import).
"""
