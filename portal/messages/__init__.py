"""Messages: how the portal reaches people outside an open browser tab.

`outbox` (one row per message, written in the same transaction as the change that causes it, once per
event by its dedup key; preferences, the daily cap and digests decided there), `delivery` (the worker:
claims due rows atomically, sends them through SMTP, retries with backoff, records failures),
`notify` (the one-line hooks reports, accounts and projects call: who hears about what), `compose`
(subject, text and HTML of each message, escaped), `addresses` (address checks, header-safe text),
`tokens` (signed, single-use, expiring links stored hashed), `links` (absolute addresses in messages),
`preferences` (what each person wants, immediate or digest), `follows` (area alerts), `digests`
(daily bundles and the staff digest), `oneclick` (what an emailed link does when followed),
`feeds` (a follow's Atom feed), `outbox_view` (the admins' view), `models`.

May import: `config`, `db`, `display`, any domain's `models`, and (except in the modules the hooks
load: `outbox`, `notify`, `compose`, `addresses`, `tokens`, `links`, `preferences`, `follows`)
`accounts`, `reports`, `maps` and `projects` for what a followed link does. Reports, accounts and
projects import `messages.notify` to enqueue, which is why the hook side stays on models alone.
"""
