"""python -m bench [--only queries|pages|present|exports|cpu|floors] [--quick]"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import sys
from pathlib import Path

# Quiet Streamlit's loggers (AppTest warns about a missing ScriptRunContext); set before it is imported.
os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
os.environ.setdefault("STREAMLIT_BROWSER_GATHER_USAGE_STATS", "false")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from . import report  # noqa: E402
from .report import Budget, error_text, say  # noqa: E402


def _version(module: str) -> str:
    try:
        return __import__(module).__version__
    except Exception:
        return "not installed"


def _pw_version() -> str:
    try:
        from importlib.metadata import version

        return version("playwright")
    except Exception:
        return "not installed"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _chromium() -> str:
    try:
        import subprocess

        out = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True, timeout=15).stdout
        return out.split(" built")[0].strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "not found at /usr/bin/chromium"


def _load() -> str:
    try:
        return " / ".join(f"{v:.1f}" for v in os.getloadavg())
    except OSError:
        return "unknown"


def machine() -> None:
    try:
        import psutil
        mem = f"{psutil.virtual_memory().total / 2**30:.1f} GiB RAM"
        cpus = f"{psutil.cpu_count(logical=True)} logical CPUs ({len(os.sched_getaffinity(0))} usable)"
    except Exception:
        mem, cpus = "RAM unknown", f"{os.cpu_count()} CPUs"
    say(f"mirai dashboard benchmark — {dt.datetime.now().astimezone().isoformat(timespec='seconds')}")
    say(f"machine: {cpus}, {_cpu_model()}, {mem}; {platform.platform()}")
    busy = os.getloadavg()[0] > (os.cpu_count() or 1) * 0.5 if hasattr(os, "getloadavg") else False
    say(f"load average (1/5/15 min) at start: {_load()}"
        + (" — the machine is busy with other work: every figure below is inflated" if busy else ""))
    say(f"python {platform.python_version()}  duckdb {_version('duckdb')}  streamlit {_version('streamlit')}  "
        f"pandas {_version('pandas')}  pyarrow {_version('pyarrow')}  psutil {_version('psutil')}  "
        f"playwright {_pw_version()}  {_chromium()}")


# The parts in the order they run: (--only name, heading, module, extra seconds of allowance before it). The
# presenter view and the exports (issue 9) and the server CPU per page run (issue 10) each get about 2 minutes more.
PARTS = (("queries", "A. Queries", "queries", 0), ("pages", "B. Pages", "pages", 0),
         ("present", "C. Presenter view", "present", 150), ("exports", "D. Exports", "exports", 0),
         ("cpu", "E. Server CPU per page run", "page_cpu", 150),
         ("floors", "F. What the stack itself costs", "floors", 180))


def _run_part(module: str, budget: Budget, args: argparse.Namespace) -> None:
    import importlib

    part = importlib.import_module(f"{__package__}.{module}")
    if module == "queries":  # full run: queries until ~240 s, pages until ~450 s; one part alone gets ~450 s
        part.run(budget, quick=args.quick, stop_at_s=240 if args.only is None else 450)
    elif module == "pages":
        part.run(budget, quick=args.quick, stop_at_s=450)
    else:
        part.run(budget, quick=args.quick)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--only", choices=tuple(name for name, *_ in PARTS), help="run one part only")
    parser.add_argument("--quick", action="store_true", help="few repetitions (smoke test of the benchmark itself)")
    parser.add_argument("--verbose", action="store_true", help="progress on stderr")
    args = parser.parse_args(argv)
    report.VERBOSE = args.verbose
    os.chdir(ROOT)
    budget = Budget(total_s=480)
    machine()
    for name, heading, module, extra_s in PARTS:
        if args.only is None:
            budget.total_s += extra_s
        if args.only in (None, name):
            try:
                _run_part(module, budget, args)
            except Exception as e:  # one part failing still prints the others
                say(f"{heading}: {error_text(e)}")
    say()
    say(f"total benchmark time: {budget.elapsed_s:.0f} s; load average at end: {_load()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
