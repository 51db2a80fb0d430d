"""Accounts (admin): list people, create staff/coach/admin accounts, change roles, deactivate, reset passwords, audit log."""

import pandas as pd
import streamlit as st

from portal.accounts.models import Role
from portal.accounts.permissions import Action
from portal.accounts.users import audit_log, create_user, list_users, reset_password, set_active, set_role
from portal.i18n import _
from portal.reports.queue import all_departments, set_departments, staff_departments
from portal.ui.account_actions import run_account_change
from portal.ui.auth import require_page
from portal.ui.recognition_widgets import reverse_points_form
from portal.ui.resources import read_session

actor = require_page(Action.MANAGE_USERS)


st.title(_("Accounts"))
with read_session() as session:
    users = list_users(session, actor)
people = pd.DataFrame(users).drop(columns="id")
st.dataframe(people.assign(role=people["role"].map(_)), hide_index=True, column_config={
    "username": _("Username"), "display_name": _("Display name"), "email": _("Email"), "role": _("Role"),
    "active": _("Active"), "created_at": _("Created")})  # fmt: skip

roles = [role.value for role in Role]
deactivated = _("deactivated")
by_label = {f"{u.username} · {u.display_name} ({_(u.role)}{'' if u.active else ', ' + deactivated})": u

            for u in users}
st.header(_("Change an account"))
label = st.selectbox(_("Account"), list(by_label), index=None, placeholder=_("Choose an account"))
if label:
    user = by_label[label]
    role_column, active_column = st.columns(2)
    with role_column:
        new_role = st.selectbox(_("Role"), roles, index=roles.index(user.role), format_func=_)
        if st.button(_("Save role"), disabled=new_role == user.role):
            run_account_change(lambda s: set_role(s, actor, user.id, new_role),
                               _("{username} is now {role}.").format(username=user.username, role=_(new_role)))
    with active_column:
        verb, done = (_("Reactivate {username}"), _("Reactivated {username}.")) if not user.active else \
            (_("Deactivate {username}"), _("Deactivated {username}."))
        if st.button(verb.format(username=user.username)):
            run_account_change(lambda s: set_active(s, actor, user.id, not user.active),
                               done.format(username=user.username))
    if user.role in (Role.STAFF, Role.ADMIN):
        with read_session() as session:
            current, choices = staff_departments(session, user.id), all_departments(session)
        departments = st.multiselect(_("Department queues"), choices, default=current, key=f"departments_{user.id}")
        if st.button(_("Save departments"), disabled=sorted(departments) == current):
            run_account_change(lambda s: set_departments(s, actor, user.id, departments), _("Departments saved."))
    with st.form("reset_password", clear_on_submit=True):
        password = st.text_input(_("New password for {username}").format(username=user.username), type="password")
        if st.form_submit_button(_("Reset password")):
            run_account_change(lambda s: reset_password(s, actor, user.id, password),
                               _("Password reset; their old sessions are ended."))
    with st.expander(_("Points of {username}").format(username=user.username)):
        reverse_points_form(actor, user.id, user.username)

st.header(_("Create a staff, coach or admin account"))
with st.form("create_user", clear_on_submit=False):
    username = st.text_input(_("Username"), max_chars=40)
    display_name = st.text_input(_("Display name"), max_chars=80)
    email = st.text_input(_("Email"), max_chars=254)
    role = st.selectbox(_("Role"), roles, index=roles.index(Role.STAFF), format_func=_)
    password = st.text_input(_("First password"), type="password")
    if st.form_submit_button(_("Create account")):
        run_account_change(lambda s: create_user(s, actor, username, email, display_name, role, password),
                           _("Created {username}.").format(username=username))


st.header(_("Audit log"))
st.caption(_("Role changes, account changes and sign-ins, newest first."))
with read_session() as session:
    entries = audit_log(session, actor)
if entries:
    st.dataframe(
        pd.DataFrame(entries), hide_index=True,
        column_config={"at": st.column_config.DatetimeColumn(_("When"), timezone="America/New_York"),
                       "action": _("Action"), "actor": _("By"), "subject": _("Account"), "detail": _("Detail")},
    )  # fmt: skip
else:
    st.info(_("Nothing logged yet."))
