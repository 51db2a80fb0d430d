"""The city dashboard's numbers: channels, neighborhood areas, daily counts and response times.

May import: `config`, `db`, `display`, `maps` and `reports` (read only).
"""
