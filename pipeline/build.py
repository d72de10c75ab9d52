"""`make data`: data/sources/*.csv -> validated tables -> data/snapshots/<as-of>/*.parquet.

Fails loudly (exit 1, message on stderr naming file, line, column, value and what is accepted) and
publishes atomically: tables are written to a temporary folder beside the snapshots and renamed into
place only when every check passed, so a failed build leaves the last good snapshot untouched.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from . import checks, publish, tables
from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent


def build(sources: Path, reference: Path, snapshots: Path, *, replace: bool = False,
          today: dt.date | None = None) -> Path:
    """Validate `sources` and publish a snapshot; returns its folder. Raises BuildError.

    Every check runs before publish() looks at the published snapshot, so `replace` can only swap in
    sources that passed them all. `today` (default: the real date) is the latest date a source may state.
    """
    loaded = tables.load_sources(sources, reference)
    checks.run_all(loaded, today=today)
    built = tables.assemble(loaded)
    return publish.publish(built, snapshots, as_of=loaded.as_of, replace=replace)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=ROOT / "data" / "sources")
    parser.add_argument("--reference", type=Path, default=ROOT / "data" / "reference")
    parser.add_argument("--snapshots", type=Path, default=ROOT / "data" / "snapshots")
    parser.add_argument("--replace", action="store_true",
                        help="allow replacing a published snapshot of the same as-of date whose content differs")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the date taken as today (YYYY-MM-DD; for tests): no source may state a later date")
    args = parser.parse_args(argv)
    try:
        folder = build(args.sources, args.reference, args.snapshots, replace=args.replace, today=args.today)
    except BuildError as e:
        print(f"data build FAILED — nothing was published.\n{e}", file=sys.stderr)
        return 1
    print(f"snapshot ready: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
