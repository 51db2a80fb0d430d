"""The portal's few style rules on top of Streamlit's theme, added once per run by the entrypoint, each
for a WCAG 2.1 AA criterion that Streamlit's defaults miss (see docs/ACCESSIBILITY.md), and the one
script that closes the menu after navigation on a narrow screen.

They name Streamlit's `data-testid` attributes, which Streamlit keeps stable for its own tests; the
accessibility audit (tests/e2e/test_accessibility.py) fails if one stops matching and contrast drops.
"""

from __future__ import annotations

import streamlit as st

STYLE = """<style>
/* 1.4.3 contrast: captions are faded to 60 % opacity, 3.9:1 for text and 3.0:1 for links on white.
   At 85 % they stay lighter than body text and pass 4.5:1, in the light and the dark theme. */
[data-testid="stCaptionContainer"] { opacity: 0.85; }
/* 2.4.7 focus visible: a ring on whatever the keyboard reaches, in the element's own text colour. */
a:focus-visible, button:focus-visible, summary:focus-visible, [role="tab"]:focus-visible,
[role="button"]:focus-visible, [tabindex="0"]:focus-visible,
/* the menu's links and a table's toolbar ("Add row") set their own `outline: none` on focus */
a[data-testid]:focus-visible, button[data-testid]:focus-visible {
  outline: 3px solid currentColor; outline-offset: 2px;
}
/* The same for text fields, on the box around the field: the field itself is clipped by that box, and a text
   area's box by its container, so the ring is drawn inside the box's edge. */
[data-testid="stTextInputRootElement"]:focus-within, [data-testid="stTextAreaRootElement"]:focus-within {
  outline: 3px solid currentColor; outline-offset: -3px;
}
/* 1.4.10 reflow: preformatted text (a report's description as typed) wraps instead of scrolling sideways,
   which also keeps it from being a scrolling region the keyboard cannot reach. */
pre { white-space: pre-wrap; overflow-wrap: anywhere; }
/* 1.4.10 reflow: on a phone the map's three counts share one row instead of filling the first screen. */
@media (max-width: 640px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
    flex-wrap: nowrap; gap: 0.5rem;
  }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
    min-width: 0;
  }
  /* A row of tabs (the staff case's five actions) wraps instead of scrolling sideways inside itself, where its
     last tabs were off the screen. Its sliding underline cannot follow a second row, so the chosen tab is
     underlined itself (not colour alone, 1.4.1). */
  [data-testid="stTabs"] [role="tablist"] { flex-wrap: wrap; }
  [data-testid="stTabs"] [data-baseweb="tab-highlight"] { display: none; }
  [data-testid="stTabs"] [role="tab"][aria-selected="true"] { border-bottom: 2px solid currentColor; }
}
</style>"""


# Streamlit closes the menu after a page link is followed only when the browser says it is a phone (its user
# agent); a narrow window of any other browser kept it open over the page. The same, by window width.
CLOSE_MENU_AFTER_NAVIGATION = """<script>
if (!window.portalClosesMenu) {
  window.portalClosesMenu = true;
  document.addEventListener("click", (event) => {
    if (window.innerWidth > 768 || !event.target.closest('[data-testid="stSidebarNav"] a')) return;
    const sidebar = document.querySelector('[data-testid="stSidebar"]');
    if (sidebar && sidebar.dataset.collapsed === "false") {
      const button = '[data-testid="stSidebarCollapseButton"] button, button[data-testid="stSidebarCollapseButton"]';
      sidebar.querySelector(button)?.click();
    }
  });
}
</script>"""


def apply_page_style() -> None:
    st.html(STYLE)
    st.html(CLOSE_MENU_AFTER_NAVIGATION, unsafe_allow_javascript=True)
