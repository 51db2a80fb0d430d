"""Third-spaces projects: residents propose, ioby-style coaches help scope, budget and fundraise.

Modules by the thing they handle: `choices` (fixed lists), `access` (who may see or touch one project),
`statuses` (the state machine and its history), `intake` (drafts, steps, validation), `nearby`
(311 reports around the space), `budget` and `fees` (money), `coaches` and `matching`, `review`,
`comments`, `detail` (one project as plain values) and `gallery`.

May import: `config`, `db`, `display`, `accounts`, `maps`, `reports` (nearby reports),
`recognition.events` and `messages.notify` (the proposer's and coach's emails).
"""
