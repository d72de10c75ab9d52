"""`make add-year`: publish a new fiscal year's 支援自治体一覧 as a new source set and snapshot, with no code change.

    make add-year FILE=list.xlsx AS_OF=2024-02-20 SOURCE=source.toml COUNTS="R5=6" [TOTALS=…] [ENDED=…] [SHEET=…]

1. Start from a copy of the latest source set (data/sources/<latest as-of>/).
2. Read and check the list (pipeline/year_list.py): every problem is printed with row, column, value and the fix,
   and nothing is written.
3. Apply it: supported_projects.csv becomes the new list (a continuing project keeps its project_id, a new one gets
   <year>-NN); projects of the previous list that are not on it move to ended_projects.csv; the per-year counts,
   the totals and the source document are added; an ended list (001 p.8 layout) goes to support_completion_h30.csv.
4. Build it with the normal pipeline (every check of `make data`), then publish data/sources/<AS_OF>/ and
   data/snapshots/<AS_OF>/, each by one rename. An existing folder of that date is never overwritten, and any
   failure leaves every published source set and snapshot exactly as it was.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import secrets
import shutil
import sys
import tomllib
from pathlib import Path

from . import build as build_module
from . import fiscal_year, tables
from .errors import BuildError
from .year_list import Base, YearList, parse_counts, read_list

ROOT = Path(__file__).resolve().parent.parent
CARD_KEYS = {"source_id": str, "title": str, "publisher": str, "as_of_basis": str, "seed_file": str,
             "page_count": int, "page_basis": str, "list_page": int}
CARD_OPTIONAL = {"published_on": str, "notes": str, "counts_page": int, "totals_page": int, "ended_page": int}
TOTAL_NAMES = {"selected": "selected_total", "supported": "supported_total", "ended": "ended_total"}


def _shown(path: Path) -> str:
    """A path as the person running the command typed it: relative to the current folder when inside it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


class Refused(Exception):
    """add-year stops: the lines say why (Japanese, with the fix)."""


def _read_csv(path: Path) -> tuple[list[str], list[dict]]:
    if not path.exists():
        return [], []
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(path: Path, header: list[str], rows: list[dict]) -> None:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=header, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: r.get(k, "") for k in header})
    path.write_text(buf.getvalue(), encoding="utf-8")


def read_card(path: Path) -> dict:
    """The source card: which document the list comes from, and on which pages (see README)."""
    try:
        card = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise Refused([f"SOURCE: ファイル {path} がありません。"]) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise Refused([f"SOURCE: {path} が TOML として読めません ({e})。"]) from None
    problems = []
    for key, kind in {**CARD_KEYS, **CARD_OPTIONAL}.items():
        if key not in card:
            if key in CARD_KEYS:
                problems.append(f"SOURCE: {path} に {key} がありません。")
            continue
        if not isinstance(card[key], kind):
            problems.append(f"SOURCE: {key} は {'数' if kind is int else '文字列'} で書いてください ({card[key]!r})。")
    unknown = sorted(set(card) - set(CARD_KEYS) - set(CARD_OPTIONAL))
    if unknown:
        problems.append(f"SOURCE: 知らない項目 {', '.join(unknown)}。使える項目: "
                        + ", ".join([*CARD_KEYS, *CARD_OPTIONAL]) + "。")
    if problems:
        raise Refused(problems)
    return card


def parse_totals(text: str) -> dict[str, int]:
    totals = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, value = part.partition("=")
        if name.strip() not in TOTAL_NAMES or not value.strip().isdigit():
            raise Refused([f"TOTALS: '{part}' が読めません。'selected=59,supported=42,ended=17' のように書いてください。"])
        totals[TOTAL_NAMES[name.strip()]] = int(value)
    return totals


def parse_technologies(text: str) -> dict[str, str]:
    """'量子技術=Quantum technology,…' -> {'量子技術': 'Quantum technology'}: technologies the vocabulary lacks."""
    out = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, english = part.partition("=")
        name, english = name.strip(), english.strip()
        if not name or not english or not english.isascii():
            raise Refused([f"TECHNOLOGIES: '{part}' が読めません。'量子技術=Quantum technology' のように、技術名=英語名 "
                           "(半角英数字) を「,」で区切って書いてください。"])
        out[name] = english
    return out


def _problems(label: str, result: YearList) -> list[str]:
    return [f"{label}: {p.text}" + (f"  (値: {p.value!r})" if p.value and p.value not in p.message else "")
            for p in result.problems]


def plan(*, list_path: Path, as_of: dt.date, card: dict, counts: dict[str, int], totals: dict[str, int],
         ended_path: Path | None, sheet: str | None, base_dir: Path, reference: Path, log,
         new_technologies: dict[str, str] | None = None) -> dict[str, tuple]:
    """The changed files of the new source set: name -> (header, rows). Raises Refused with every problem."""
    ld = tables.load_sources(base_dir, reference)
    base = Base.from_loaded(ld)
    fy = fiscal_year.of_date(as_of)
    label = fiscal_year.to_label(fy)
    problems: list[str] = []
    from .year_list import _cell_problem
    for name in new_technologies or {}:
        why = _cell_problem(name)
        if name in base.vocabulary:
            problems.append(f"TECHNOLOGIES: '{name}' は技術の一覧 (technologies.csv) にもうあります。")
        elif why or "、" in name:
            problems.append(f"TECHNOLOGIES: '{name}': {why or '「、」は技術名に使えません。'}")
    base.vocabulary = base.vocabulary + [n for n in new_technologies or {} if n not in base.vocabulary]
    if card["source_id"] in {s["source_id"] for s in ld.sources}:
        problems.append(f"SOURCE: source_id '{card['source_id']}' は登録済みです。新しい番号にしてください "
                        f"(登録済み: {', '.join(s['source_id'] for s in ld.sources)})。")
    result = read_list(list_path.read_bytes(), list_path.name, base, as_of_fy=fy, sheet=sheet, counts=counts)
    problems += _problems(f"FILE {list_path.name}", result)
    log(f"read {_shown(list_path)}: " + (f"sheet '{result.sheet}', " if result.sheet else "")
        + (f"{result.encoding}, " if result.encoding else "") + f"{len(result.rows)} rows, "
        + f"{len(result.problems)} problem(s)")
    ended = None
    if ended_path is not None:
        if "ended_page" not in card:
            problems.append("SOURCE: ENDED を使うときは ended_page (支援満了一覧のページ) を書いてください。")
        ended = read_list(ended_path.read_bytes(), ended_path.name, base, as_of_fy=fy, ended=True)
        problems += _problems(f"ENDED {ended_path.name}", ended)
        log(f"read {_shown(ended_path)}: {len(ended.rows)} rows, {len(ended.problems)} problem(s)")
    if counts and "counts_page" not in card:
        problems.append("SOURCE: COUNTS を使うときは counts_page (過去の選定数のページ) を書いてください。")
    if totals and "totals_page" not in card:
        problems.append("SOURCE: TOTALS を使うときは totals_page (合計のページ) を書いてください。")
    if problems:
        raise Refused(problems)

    # project ids: a continuing project keeps its id (same areas, same selection year)
    from .year_list import _area_key_of
    previous = {(r["selected_fy_label"], _area_key_of(base, r["applicant"])): r for r in ld.supported}
    ended_before = {(r["selected_fy_label"], _area_key_of(base, r["applicant"])): r for r in ld.ended}
    used = {r["project_id"] for r in ld.supported + ld.ended + ld.h30_list}
    supported_header, supported_rows = _read_csv(base_dir / "supported_projects.csv")
    new_rows, continuing, kept = [], 0, set()
    for r in result.rows:
        key = (r.selected_fy_label, r.area_key)
        if key in ended_before:
            problems.append(f"FILE {list_path.name}: {r.row}行目 自治体名: '{r.applicant}' ({r.selected_fy_label}) は"
                            " 支援が終わった事業です。一覧から外すか、採択年度を確かめてください。")
            continue
        prev = previous.get(key)
        if prev is not None:
            pid, continuing = prev["project_id"], continuing + 1
            kept.add(pid)
        else:
            n = 1
            while f"{r.selected_fy_label}-{n:02d}" in used:
                n += 1
            pid = f"{r.selected_fy_label}-{n:02d}"
            used.add(pid)
        new_rows.append({"project_id": pid, "list_no": r.list_no, "applicant": r.applicant,
                         "technologies": "、".join(r.technologies), "technologies_more": str(r.technologies_more).lower(),
                         "selected_fy_label": r.selected_fy_label, "mlit_av_support": str(r.mlit_av_support).lower(),
                         "source_id": card["source_id"], "source_page": card["list_page"], "notes": ""})
    # completion list: projects of the new list selected in (fy − 4), whose support ends at the end of fy
    completion_rows = []
    if ended is not None:
        listed = {(r.selected_fy_label, r.area_key): r for r in result.rows}
        for e in ended.rows:
            match = listed.get((e.selected_fy_label, e.area_key))
            if match is None:
                problems.append(f"ENDED {ended_path.name}: {e.row}行目 自治体名: '{e.applicant}' は一覧 (FILE) の "
                                f"{e.selected_fy_label} 採択の事業にありません。{label} 末に支援が満了するのは "
                                f"{e.selected_fy_label} 採択の事業です (支援は最長{base.support_years}年)。")
            elif match.technologies != e.technologies:
                problems.append(f"ENDED {ended_path.name}: {e.row}行目 主な活用技術: '{'、'.join(e.technologies)}' が"
                                f"一覧 (FILE) の {match.row}行目 '{'、'.join(match.technologies)}' と違います。")
            else:
                completion_rows.append({"list_no": e.list_no, "applicant": match.applicant,
                                        "technologies": "、".join(e.technologies), "source_id": card["source_id"],
                                        "source_page": card["ended_page"], "notes": ""})
    # totals: as given (checked) or computed from the counts and the list
    all_counts = {**base.counts, **counts}
    computed = {"selected_total": sum(all_counts.values()), "supported_total": len(result.rows)}
    computed["ended_total"] = computed["selected_total"] - computed["supported_total"]
    for metric, value in totals.items():
        if value != computed[metric]:
            what = {"selected_total": "選定数の合計 (COUNTS と公表済みの年度)", "supported_total": "一覧の事業数",
                    "ended_total": "選定数の合計 − 一覧の事業数"}[metric]
            problems.append(f"TOTALS: {metric}={value} は{what} {computed[metric]} と合いません。TOTALS か一覧を直して"
                            "ください。")
    if problems:
        raise Refused(problems)

    moved = [r for r in supported_rows if r["project_id"] not in kept]
    ended_header, ended_rows = _read_csv(base_dir / tables.ENDED_FILE)
    files: dict[str, tuple] = {
        "supported_projects.csv": (supported_header, new_rows),
        tables.ENDED_FILE: (ended_header or supported_header, ended_rows + moved),
    }
    src_header, src_rows = _read_csv(base_dir / "sources.csv")
    files["sources.csv"] = (src_header, src_rows + [{
        "source_id": card["source_id"], "title": card["title"], "publisher": card["publisher"],
        "published_on": card.get("published_on", ""), "as_of": as_of.isoformat(), "as_of_basis": card["as_of_basis"],
        "seed_file": card["seed_file"], "page_count": card["page_count"], "page_basis": card["page_basis"],
        "notes": card.get("notes", "")}])
    sel_header, sel_rows = _read_csv(base_dir / "program_selections.csv")
    added_counts = {k: v for k, v in counts.items() if k not in base.counts}
    files["program_selections.csv"] = (sel_header, sel_rows + [
        {"program": tables.FOCUS_PROGRAM, "fiscal_year_label": k, "selected_count": v, "count_basis": "published",
         "source_id": card["source_id"],
         "source_page": card["counts_page"], "notes": ""}
        for k, v in sorted(added_counts.items(), key=lambda kv: fiscal_year.to_western(kv[0]))])
    if new_technologies:
        tech_header, tech_rows = _read_csv(base_dir / "technologies.csv")
        last = max(int(r["display_order"]) for r in tech_rows)
        files["technologies.csv"] = (tech_header, tech_rows + [
            {"technology": k, "technology_en": v, "display_order": last + i}
            for i, (k, v) in enumerate(new_technologies.items(), start=1)])
        log(f"  technologies added to the vocabulary: {', '.join(f'{k} ({v})' for k, v in new_technologies.items())}")
    tot_header, _ = _read_csv(base_dir / "program_totals.csv")
    years = {"selected_total": label, "supported_total": label, "ended_total": fiscal_year.to_label(fy - 1)}
    files["program_totals.csv"] = (tot_header, [
        {"metric": m, "value_count": computed[m], "fiscal_year_label": years[m], "source_id": card["source_id"],
         "source_page": card["totals_page"] if m in totals else card.get("counts_page", card["list_page"]),
         "notes": "" if m in totals else "computed by make add-year (the sum of the per-year counts, the rows of the "
                                         "list, their difference); the document prints no total"}
        for m in ("selected_total", "supported_total", "ended_total")])
    notes_header, notes_rows = _read_csv(base_dir / "slide_notes.csv")
    dropped = [n for n in notes_rows if n["subject_table"] == "program_totals"]
    files["slide_notes.csv"] = (notes_header, [n for n in notes_rows if n["subject_table"] != "program_totals"])
    if dropped:  # and our English renderings of those notes (translations_en.csv names published values only)
        gone = {n["note_text"] for n in dropped}
        tr_header, tr_rows = _read_csv(base_dir / "translations_en.csv")
        kept = [r for r in tr_rows if not (r["table"] == "slide_notes" and r["column"] == "note_text"
                                           and r["value_ja"] in gone)]
        if len(kept) != len(tr_rows):
            files["translations_en.csv"] = (tr_header, kept)
    if completion_rows:
        comp_header, comp_rows = _read_csv(base_dir / "support_completion_h30.csv")
        files["support_completion_h30.csv"] = (comp_header, comp_rows + completion_rows)
    new_count = len(new_rows) - continuing
    log(f"  {len(new_rows)} projects on the list: {continuing} continuing (same project_id), {new_count} new; "
        f"{len(moved)} no longer listed -> {tables.ENDED_FILE}")
    log(f"  counts added: {', '.join(f'{k}={v}' for k, v in added_counts.items()) or 'none'}; totals: "
        + ", ".join(f"{m}={computed[m]}" + ("" if m in totals else " (computed)") for m in computed))
    if completion_rows:
        log(f"  ended list: {len(completion_rows)} project(s) whose support completes at the end of FY {label}")
    for n in dropped:
        log(f"  slide note {n['note_id']} dropped: it qualified the previous totals ({n['note_text']})")
    return files


def add_year(*, list_path: Path, as_of: dt.date, source: Path, counts: dict[str, int], totals: dict[str, int],
             ended_path: Path | None = None, sheet: str | None = None, sources_root: Path, snapshots: Path,
             reference: Path, today: dt.date | None = None, log=print,
             new_technologies: dict[str, str] | None = None, check_only: bool = False) -> tuple[Path, Path] | None:
    """Publish data/sources/<as_of>/ and data/snapshots/<as_of>/; returns both folders. Raises Refused/BuildError.
    check_only: every check and the tables are made in a staging folder, then removed; nothing is published."""
    name = as_of.isoformat()
    target_sources, target_snapshot = sources_root / name, snapshots / name
    for folder in (target_sources, target_snapshot):
        if folder.exists():
            raise Refused([f"{_shown(folder)} はもうあります。公表済みのものは上書きしません。別の AS_OF を使ってください。"])
    base_dir = build_module.latest_source_set(sources_root)
    if base_dir.name >= name:
        raise Refused([f"AS_OF {name} は最新のソース {base_dir.name} より後の日付にしてください。"])
    if as_of > (today or dt.date.today()):
        raise Refused([f"AS_OF {name} は未来の日付です。"])
    log(f"base: {_shown(base_dir)} (the latest source set)")
    card = read_card(source)
    files = plan(list_path=list_path, as_of=as_of, card=card, counts=counts, totals=totals, ended_path=ended_path,
                 sheet=sheet, base_dir=base_dir, reference=reference, log=log, new_technologies=new_technologies)
    staging = sources_root / f".staging-{secrets.token_hex(8)}"
    try:
        shutil.copytree(base_dir, staging)
        for file, (header, rows) in files.items():
            _write_csv(staging / file, header, rows)
        # every check of `make data`, before anything is published
        ld = tables.load_sources(staging, reference)
        from . import checks
        checks.run_all(ld, today=today)
        if ld.as_of != name:
            raise BuildError("sources.csv", f"the latest as_of is {ld.as_of}, not {name}", accepted=name)
        built = tables.assemble(ld)
        log(f"checked: every check of make data passed on the new source set ({len(files)} files changed); "
            f"projects {built['projects'].num_rows} rows, project_areas {built['project_areas'].num_rows} rows")
        if check_only:
            log("check only (CHECK=1): nothing was published")
            return None
        os.replace(staging, target_sources)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    try:
        folder = build_module.build(target_sources, reference, snapshots, today=today)
    except BaseException:
        shutil.rmtree(target_sources, ignore_errors=True)  # no source set without its snapshot
        raise
    log(f"published: {_shown(target_sources)}/ and {_shown(folder)}/")
    return target_sources, folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--file", type=Path, required=True, help="the list (.xlsx or CSV in UTF-8/CP932)")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, required=True, help="YYYY-MM-DD the list describes")
    parser.add_argument("--source", type=Path, required=True, help="the source card (TOML; see README)")
    parser.add_argument("--counts", default="", help="per-year selection counts, e.g. 'R5=6'")
    parser.add_argument("--totals", default="", help="published totals, e.g. 'selected=59,supported=42,ended=17'")
    parser.add_argument("--ended", type=Path, default=None, help="list of projects whose support ends (001 p.8 layout)")
    parser.add_argument("--technologies", default="",
                        help="technologies the vocabulary lacks, with their English names: '量子技術=Quantum technology'")
    parser.add_argument("--check", action="store_true", help="check everything, publish nothing")
    parser.add_argument("--sheet", default=None, help="the sheet of the .xlsx (default: the one with the headings)")
    parser.add_argument("--sources-root", type=Path, default=ROOT / "data" / "sources")
    parser.add_argument("--snapshots", type=Path, default=ROOT / "data" / "snapshots")
    parser.add_argument("--reference", type=Path, default=ROOT / "data" / "reference")
    parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="(tests) the date taken as today")
    args = parser.parse_args(argv)
    try:
        counts = parse_counts(args.counts)
        add_year(list_path=args.file, as_of=args.as_of, source=args.source, counts=counts,
                 totals=parse_totals(args.totals), ended_path=args.ended, sheet=args.sheet,
                 sources_root=args.sources_root, snapshots=args.snapshots, reference=args.reference, today=args.today,
                 new_technologies=parse_technologies(args.technologies), check_only=args.check)
    except ValueError as e:
        print(f"add-year FAILED — nothing was published.\n{e}", file=sys.stderr)
        return 1
    except FileNotFoundError as e:
        print(f"add-year FAILED — nothing was published.\nファイルがありません: {e.filename}", file=sys.stderr)
        return 1
    except Refused as e:
        print("add-year FAILED — nothing was published.\n" + "\n".join(e.args[0]), file=sys.stderr)
        return 1
    except BuildError as e:
        print(f"add-year FAILED — nothing was published.\n{e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
