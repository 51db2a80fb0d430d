"""Accounts: people, their roles and passwords, who may do what, and which pages each role is offered.

`users` (register, create, change role, deactivate, delete, audit log, sign-in throttling, the per-run
`current_actor` check), `sessions` (server-side sign-in sessions and the cookie's token), `passwords`
(bcrypt and zxcvbn rules), `permissions` (`Actor`, the role × action
table, `require()`), `demo` (demo accounts), `pages` (the page list as data), `models`.

May import: `config`, `db`, `display`, any domain's `models` and `messages.notify` (the hooks that
enqueue account emails in the same transaction). Nothing here knows about reports, projects or Streamlit.
"""
