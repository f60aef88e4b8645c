"""`serve`'s resident memory over many saves of one article, each waited for until it is served.

    python bench/serve_memory.py [SAVES]      # default 10,000; prints the memory at 100, 1,000, ... SAVES

The test suite checks 400 saves against 100 (tests/test_serve_memory.py); this runs the same loop for as
long as a working day of saving, to show that nothing grows with history.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import Site
from test_serve_memory import WARM, saves_and_memory


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    marks = {WARM, *range(1000, saves + 1, 1000), saves}
    with tempfile.TemporaryDirectory() as folder:
        memory = saves_and_memory(Site(Path(folder) / "site"), saves, marks)
    print(json.dumps({f"after {n:,} saves": f"{kb / 1024:.1f} MB" for n, kb in sorted(memory.items())}, indent=1))
    print(f"after {saves:,} ÷ after {WARM}: {memory[saves] / memory[WARM]:.3f}")


if __name__ == "__main__":
    main()
