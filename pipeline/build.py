"""`make data`: data/sources/<as-of>/*.csv -> validated tables -> data/snapshots/<as-of>/*.parquet.

One source set per snapshot: each dated folder under data/sources/ holds what the documents say as of that
date, and builds the snapshot folder of the same name. Without --sources every set is built (an unchanged
one is a no-op); --sources data/sources/<as-of> builds one.

Fails loudly (exit 1, message on stderr naming file, line, column, value and what is accepted) and
publishes atomically: tables are written to a temporary folder beside the snapshots and renamed into
place only when every check passed, so a failed build leaves the last good snapshot untouched.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path

from . import checks, publish, tables
from .errors import BuildError

ROOT = Path(__file__).resolve().parent.parent
SOURCES_ROOT = ROOT / "data" / "sources"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def source_sets(root: Path = SOURCES_ROOT) -> list[Path]:
    """The dated source folders under `root` (data/sources/<as-of>/), oldest first."""
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and _ISO_DATE.match(p.name))


def latest_source_set(root: Path = SOURCES_ROOT) -> Path:
    """The newest dated source folder (the one a new year's list starts from). Raises BuildError if none."""
    sets = source_sets(root)
    if not sets:
        raise BuildError(str(root), "no dated source folder (data/sources/<YYYY-MM-DD>/)",
                         accepted="one folder per snapshot, named after its as-of date")
    return sets[-1]


def build(sources: Path, reference: Path, snapshots: Path, *, replace: bool = False,
          today: dt.date | None = None) -> Path:
    """Validate `sources` and publish a snapshot; returns its folder. Raises BuildError.

    Every check runs before publish() looks at the published snapshot, so `replace` can only swap in
    sources that passed them all. `today` (default: the real date) is the latest date a source may state.
    A source folder named like a date must hold sources whose latest as_of is that date.
    """
    loaded = tables.load_sources(sources, reference)
    checks.run_all(loaded, today=today)
    if _ISO_DATE.match(sources.name) and sources.name != loaded.as_of:
        raise BuildError(f"{sources.name}/sources.csv", f"the latest as_of is {loaded.as_of}, but the source "
                         f"folder is named {sources.name}",
                         accepted="a source folder named after the latest as_of in its sources.csv")
    built = tables.assemble(loaded)
    return publish.publish(built, snapshots, as_of=loaded.as_of, replace=replace)


def build_all(root: Path, reference: Path, snapshots: Path, *, replace: bool = False,
              today: dt.date | None = None) -> list[Path]:
    """Build every source set under `root`, oldest first; stops at the first failure (BuildError)."""
    sets = source_sets(root)
    if not sets:
        latest_source_set(root)  # raises the "no dated source folder" error
    return [build(s, reference, snapshots, replace=replace, today=today) for s in sets]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, default=None,
                        help="one source set (data/sources/<as-of>); default: every set under data/sources/")
    parser.add_argument("--reference", type=Path, default=ROOT / "data" / "reference")
    parser.add_argument("--snapshots", type=Path, default=ROOT / "data" / "snapshots")
    parser.add_argument("--replace", action="store_true",
                        help="allow replacing a published snapshot of the same as-of date whose content differs")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None,
                        help="the date taken as today (YYYY-MM-DD; for tests): no source may state a later date")
    args = parser.parse_args(argv)
    try:
        if args.sources is None:
            folders = build_all(SOURCES_ROOT, args.reference, args.snapshots, replace=args.replace, today=args.today)
        else:
            folders = [build(args.sources, args.reference, args.snapshots, replace=args.replace, today=args.today)]
    except BuildError as e:
        print(f"data build FAILED — nothing was published.\n{e}", file=sys.stderr)
        return 1
    for folder in folders:
        print(f"snapshot ready: {folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
