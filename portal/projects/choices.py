"""The fixed lists people pick from, shared by intake, coach profiles and the matcher."""

from __future__ import annotations

# ioby's coaches describe what they help with in a few words; the matcher compares these tags.
EXPERTISE_TAGS = (
    "parks", "arts", "food", "gardening", "permits", "fundraising", "youth", "seniors",
    "accessibility", "events", "construction", "outreach",
)  # fmt: skip

SPACE_TYPES = {
    "park": "Park or playground",
    "cafe": "Café or shop",
    "library": "Library",
    "worship": "Church or place of worship",
    "garden": "Community garden",
    "plaza": "Plaza or street corner",
    "community_center": "Community center",
    "other": "Other",
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
    "English", "Spanish", "Haitian Creole", "Portuguese", "Cape Verdean Creole", "Chinese",
    "Vietnamese", "Arabic", "Somali", "Russian",
)  # fmt: skip

HOST_AGREEMENT = {
    "yes": "Yes, the owner or host agrees",
    "asked": "Asked, waiting for an answer",
    "not_asked": "Not asked yet",
    "no": "No, they do not agree yet",
}
