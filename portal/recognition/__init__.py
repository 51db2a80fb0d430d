"""Recognition (issue 6): points for what helps the city fix things, badges, and leaderboards.

`rules` holds what earns how much; `ledger` writes the append-only points ledger and reverses it;
`totals` keeps the leaderboards' running totals; `badges`, `leaderboard` and `periods` read them;
`events` is what the reporting, Street Bump and project flows call, one line each.

May import: `config`, `db`, `display`, `accounts`, `maps`, `analytics` (areas) and any domain's
`models`; `streetbump.coverage` for the grid the Street Bump badge counts on.
"""
