"""Transactions behave alike on both backends: a savepoint's work is undone by the outer rollback."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.accounts.models import Role, User
from portal.db import session_factory


class Boom(RuntimeError):
    pass


def test_outer_rollback_undoes_a_savepoint_that_opened_the_transaction(engine):
    with pytest.raises(Boom):
        with session_factory(engine).begin() as session:
            with session.begin_nested():
                session.add(User(username="saved-then-undone", email="u@example.org", display_name="U",
                                 password_hash="x", role=Role.RESIDENT))
            raise Boom
    with session_factory(engine)() as session:
        assert session.scalar(select(func.count()).select_from(User).where(User.username == "saved-then-undone")) == 0
