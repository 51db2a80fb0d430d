"""The fixed lists people pick from, shared by intake, coach profiles and the matcher.

The stored values are the keys (and the tags and language names themselves, in English); every label is
marked with `N_` and translated with `_()` where it is shown.
"""

from __future__ import annotations

from portal.i18n import N_

# ioby's coaches describe what they help with in a few words; the matcher compares these tags.
EXPERTISE_TAGS = (
    N_("parks"), N_("arts"), N_("food"), N_("gardening"), N_("permits"), N_("fundraising"), N_("youth"),
    N_("seniors"), N_("accessibility"), N_("events"), N_("construction"), N_("outreach"),
)  # fmt: skip

SPACE_TYPES = {
    "park": N_("Park or playground"),
    "cafe": N_("Café or shop"),
    "library": N_("Library"),
    "worship": N_("Church or place of worship"),
    "garden": N_("Community garden"),
    "plaza": N_("Plaza or street corner"),
    "community_center": N_("Community center"),
    "other": N_("Other"),
}

# A space of this type usually calls for a coach who knows this tag.
SPACE_TYPE_TAGS = {
    "park": "parks",
    "garden": "gardening",
    "cafe": "food",
    "plaza": "permits",
    "library": "youth",
}

# Boston's most spoken languages (the city's language-access list), English first.
LANGUAGES = (
    N_("English"), N_("Spanish"), N_("Haitian Creole"), N_("Portuguese"), N_("Cape Verdean Creole"), N_("Chinese"),
    N_("Vietnamese"), N_("Arabic"), N_("Somali"), N_("Russian"),
)  # fmt: skip

HOST_AGREEMENT = {
    "yes": N_("Yes, the owner or host agrees"),
    "asked": N_("Asked, waiting for an answer"),
    "not_asked": N_("Not asked yet"),
    "no": N_("No, they do not agree yet"),
}
