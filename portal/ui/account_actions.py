"""Running one account change from a page: one transaction, and its message shown either way."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from sqlalchemy.orm import Session

from portal.accounts.passwords import WeakPasswordError
from portal.accounts.permissions import PermissionDenied
from portal.accounts.users import AccountError
from portal.db import transaction
from portal.ui.resources import engine


def run_account_change(action: Callable[[Session], None], success: str) -> bool:
    try:
        with transaction(engine()) as session:
            action(session)
    except (AccountError, WeakPasswordError, PermissionDenied) as error:
        st.error(str(error))
        return False
    st.success(success)
    return True
