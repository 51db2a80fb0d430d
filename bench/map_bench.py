"""How the import and the live map hold up at city scale: 10 k, 100 k and 1 M synthetic reports.

    python bench/map_bench.py [--sizes 10000,100000] [--database-url URL | --throwaway-postgres]

Run from the repository root. The work is in `bench/runner.py`; this file only makes the repository
importable when it is started as a script.
"""

import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.runner import main

    main(sys.argv[1:])
