"""The staff case view: a report in full, and the actions on it, each quoting the version shown."""

from __future__ import annotations

import streamlit as st

from portal.accounts.permissions import Actor, PermissionDenied
from portal.db import transaction
from portal.display import boston_time, escape_markdown, photo_alt
from portal.i18n import N_, _, ngettext
from portal.open311.models import SendStatus
from portal.open311.sync import send_state
from portal.recognition.rules import OUTCOME_LABELS, ClosureOutcome
from portal.reports.casework import CaseworkError, acknowledge, add_note, assign, close, merge, recategorise
from portal.reports.followup import EVENT_NAMES
from portal.reports.photos import MAX_PHOTO_MB, MAX_PHOTOS_PER_REPORT, PHOTO_RULES, PhotoError, clean_photo
from portal.reports.queue import Case
from portal.reports.wording import status_label
from portal.ui.resources import engine, photo_store, read_session

FLASH = "case_flash"
# The staff history names every kind: the reporter's list, and what only staff see.
CASE_EVENT_NAMES = EVENT_NAMES | {"assigned": N_("assigned"), "duplicate_merged": N_("duplicate merged in")}


def run_action(action, success: str) -> None:
    """One action in one transaction; a conflict or a refusal is shown, and nothing is half-saved."""
    try:
        with transaction(engine()) as session:
            action(session)
    except (CaseworkError, PermissionDenied) as error:
        st.error(str(error))
        return
    st.session_state[FLASH] = success
    st.rerun()


def show_flash() -> None:
    """The message of the action that just ran (it is shown after the page reloads the case).

    Its place is kept when there is no message, so everything after it keeps its place too: otherwise the
    run after an action drew the case's tabs as new ones, back on the first tab (a photo added under
    "Close" right after "Acknowledge" left the "Close" tab)."""
    slot = st.empty()
    if message := st.session_state.pop(FLASH, None):
        slot.success(message)


def show_case(case: Case, actor: Actor) -> None:
    st.subheader(f"{escape_markdown(case.title)} · {case.public_id}")
    supporters = ngettext("{count} supporter", "{count} supporters", case.supporters).format(count=case.supporters)
    st.markdown(_("**{type}** ({department}) · {status} · {supporters} · target {time}").format(
        type=escape_markdown(_(case.type_name)), department=escape_markdown(case.department),
        status=status_label(case.status), supporters=supporters, time=boston_time(case.target_at)))  # fmt: skip
    if case.reopened_at and case.status != "closed":
        st.warning(_("Reopened {time}: the reporter says it is not fixed. It is back on the clock until {target}.")
                   .format(time=boston_time(case.reopened_at), target=boston_time(case.target_at)))  # fmt: skip
    if case.description:
        st.text(case.description)
    st.caption(_("{address} {neighborhood} · reporter: {reporter} {email}").format(
        address=escape_markdown(case.address or ""), neighborhood=escape_markdown(case.neighborhood or ""),
        reporter=escape_markdown(case.reporter), email=escape_markdown(case.reporter_email or "")))  # fmt: skip
    if case.photos:
        named = {"before": _("Before"), "after": _("After")}
        kinds = [named.get(kind, kind) for kind, _key, _thumb in case.photos]
        st.image([photo_store().get(thumb) for _, _, thumb in case.photos], caption=kinds,
                 alt=[photo_alt(case.type_name, case.address, kind) for kind in kinds])
    upstream_panel(case.public_id, actor)
    with st.expander(_("History"), expanded=False):
        for event in case.events:
            kind = _(CASE_EVENT_NAMES[event.kind]) if event.kind in CASE_EVENT_NAMES else event.kind
            st.caption(f"{boston_time(event.at)} · {kind} · {escape_markdown(event.actor)} · "
                       f"{escape_markdown(event.note)}")  # fmt: skip


def upstream_panel(public_id: str, actor: Actor) -> None:
    """The report's trip to the city's Open311 system (`open311-sync`), with its last error if any."""
    with read_session() as session:
        state = send_state(session, actor, public_id)
    if state is None:
        return
    st.caption(escape_markdown(state.summary()))
    if state.last_error:
        words = {"error": escape_markdown(state.last_error), "time": boston_time(state.last_error_at)}
        st.warning(_("{error} ({time}; next try {next})").format(next=boston_time(state.next_attempt_at), **words)
                   if state.status == SendStatus.PENDING else _("{error} ({time})").format(**words))


def case_actions(case: Case, actor: Actor, staff: dict[int, str], types: dict[int, str]) -> None:
    pid, seen = case.public_id, case.version
    work, note_tab, fix_tab, merge_tab, close_tab = st.tabs([_("Acknowledge / assign"), _("Update or note"),
                                                            _("Re-categorise"), _("Merge duplicate"), _("Close")])  # fmt: skip
    with work:
        if st.button(_("Acknowledge"), disabled=case.status != "open", key=f"ack_{pid}"):
            run_action(lambda s: acknowledge(s, actor, pid, seen), _("{number} acknowledged.").format(number=pid))
        who = st.selectbox(_("Assign to"), list(staff), format_func=staff.get, key=f"assignee_{pid}",
                           index=list(staff).index(case.assignee_id) if case.assignee_id in staff else None)  # fmt: skip
        if st.button(_("Assign"), key=f"assign_{pid}", disabled=who is None):
            run_action(lambda s: assign(s, actor, pid, seen, who), _("{number} assigned.").format(number=pid))
    with note_tab:
        text = st.text_area(_("Text"), max_chars=2_000, key=f"note_{pid}")
        public = st.toggle(_("Public update (the reporter and everyone see it)"), key=f"public_{pid}")
        if st.button(_("Add"), key=f"add_note_{pid}"):
            run_action(lambda s: add_note(s, actor, pid, text, public), _("Added."))
    with fix_tab:
        new_type = st.selectbox(_("Right type"), list(types), format_func=types.get, index=None, key=f"type_{pid}")
        if st.button(_("Move to this type"), key=f"recat_{pid}", disabled=new_type is None):
            run_action(lambda s: recategorise(s, actor, pid, seen, new_type), _("{number} re-categorised.").format(number=pid))
    with merge_tab:
        into = st.text_input(_("Merge into report number"), max_chars=16, key=f"merge_{pid}")
        if st.button(_("Merge"), key=f"merge_btn_{pid}", disabled=not into.strip()):
            run_action(lambda s: merge(s, actor, pid, seen, into), _("{number} merged into {into}.").format(number=pid, into=into.strip().upper()))
    with close_tab:
        outcome = st.radio(_("What did you find?"), list(ClosureOutcome), horizontal=True, key=f"outcome_{pid}",
                           format_func=lambda choice: _(OUTCOME_LABELS[choice]))  # fmt: skip
        reason = st.text_input(_("How was it resolved? (the reporter reads this)"), max_chars=500, key=f"reason_{pid}")
        uploads = st.file_uploader(_("After photo(s)"), type=["jpg", "jpeg", "png", "webp"], key=f"after_{pid}",
                                   accept_multiple_files=True, max_upload_size=MAX_PHOTO_MB,
                                   help=_(PHOTO_RULES).format(size=MAX_PHOTO_MB))  # fmt: skip
        photos = []
        for upload in (uploads or [])[:MAX_PHOTOS_PER_REPORT]:
            try:
                photos.append(clean_photo(upload.getvalue(), upload.name))
            except PhotoError as error:
                st.error(f"{escape_markdown(upload.name)}: {error}")
        if st.button(_("Close report"), type="primary", key=f"close_{pid}", disabled=case.status == "closed"):
            run_action(lambda s: close(s, actor, pid, seen, reason, photos, photo_store(), outcome=outcome),
                       _("{number} closed.").format(number=pid))  # fmt: skip
