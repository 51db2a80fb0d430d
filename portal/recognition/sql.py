"""INSERT … ON CONFLICT for whichever backend the session is on (PostgreSQL or SQLite).

The ledger and badges insert this way instead of catching an IntegrityError in a savepoint: a
conflict is the normal "already given", and a savepoint would end the enclosing flows' own
transaction hooks early (photo files are tied to the outer commit, see portal/report_photos.py).
"""

from __future__ import annotations

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def insert_for(session: Session, model: type):
    """The dialect's INSERT for `model`, which offers `on_conflict_do_nothing/do_update`."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    return dialect.insert(model)
