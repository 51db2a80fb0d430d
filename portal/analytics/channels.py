"""Which channel a report came in by, from its `reports.source`: the one table the dashboard and exports use.

| source (as Boston's exports and our code write it) | channel |
|---|---|
| Constituent Call, Call | phone |
| Citizens Connect App, BOS311, Open311 API | app |
| Self Service, Civic Portal, Twitter | web |
| Street Bump | Street Bump |
| Employee Generated, City Worker App, Maximo Integration | employee |
| anything else | other |

Citizens Connect is Boston's resident app (BOS:311 since 2016, `BOS311` in the new CRM export); a
report posted through our Open311 API comes from some resident app too. Self Service is the city's web
form and Civic Portal ours. City Worker App and Maximo (the asset-management system's work orders) are
staff, like Employee Generated.
"""

from __future__ import annotations

from portal.i18n import N_

# Keys of the summary tables, marked for the template (`_()` where a page shows them).
PHONE, APP, WEB, STREET_BUMP, EMPLOYEE, OTHER = N_("phone"), N_("app"), N_("web"), "Street Bump", N_("employee"), N_("other")
CHANNELS = (PHONE, APP, WEB, STREET_BUMP, EMPLOYEE, OTHER)
CHANNEL_OF_SOURCE = {
    "Constituent Call": PHONE,
    "Call": PHONE,
    "Citizens Connect App": APP,
    "BOS311": APP,
    "Open311 API": APP,
    "Self Service": WEB,
    "Civic Portal": WEB,
    "Twitter": WEB,
    "Street Bump": STREET_BUMP,
    "Employee Generated": EMPLOYEE,
    "City Worker App": EMPLOYEE,
    "Maximo Integration": EMPLOYEE,
}


def channel(source: str | None) -> str:
    return CHANNEL_OF_SOURCE.get(source or "", OTHER)
