"""Reports: the resident ↔ city loop, from filing to the crew's fix and the reporter's reaction.

`filing` (a resident's new report), `casework` (staff actions with optimistic locking), `queue` (the
staff queue), `followup` ("me too", my reports, reactions), `details` (one report as plain values,
filter choices), `nearby` (reports within N metres), `feed` (public headlines, Atom), `photos` and
`photostore` (cleaning and storing photos), `photo_records` (a report's photo rows), `service_types`,
`suggestions` (triage results as portal types), `wording` (what the portal wrote, in the reader's language),
`public_ids`, `stats`, `models`.

May import: `config`, `db`, `display`, `accounts`, `maps`, `triage`, `recognition.events` (the
one-line hooks that award points in the same transaction), `recognition.rules` (closure outcomes) and
`open311.routing` (filing's and a reopening's hooks that queue a report for the city's Open311 system).

Also `messages.notify` and `messages.addresses`: the emails each step enqueues in its own transaction,
and the address check at filing.
"""
