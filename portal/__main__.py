"""`python -m portal`: see portal/cli.py."""

import sys

from portal.cli import main

sys.exit(main())
