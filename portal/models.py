"""Every table of every domain, on the one `Base` from `portal.db`.

Each domain keeps its own `models.py`; this module imports them all so that Alembic (`migrations/env.py`)
sees the whole schema and so that relationships across domains resolve however a program starts. The
migrations refer to `portal.models.UtcDateTime`, so it is named here too.
"""

from portal.accounts import models as accounts
from portal.analytics import models as analytics
from portal.db import Base, UtcDateTime
from portal.messages import models as messages
from portal.open311 import models as open311
from portal.projects import models as projects
from portal.recognition import models as recognition
from portal.reports import models as reports
from portal.streetbump import models as streetbump
from portal.triage import models as triage

DOMAINS = (accounts, analytics, messages, open311, projects, recognition, reports, streetbump, triage)

__all__ = ["Base", "DOMAINS", "UtcDateTime"]
