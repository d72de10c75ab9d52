"""Panels and answers kept by the projects the filters match (query.follows_matches_only, Database.matching,
render/shown.kept_by_matching): two filter sets matching the same projects must show exactly the same thing."""
from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from dashboard import data
from dashboard.filters import Filters, Watched
from dashboard.panels import PANELS
from dashboard.panels.spec import Context
from dashboard.period import facts, in_language
from dashboard.query import QUERIES, follows_matches_only, params_of
from dashboard.render import shown

FILTER_PARAMS = {"tech", "fy", "pref", "region", "status"}

# Every question that takes filters, and whether its answer depends only on the matching projects. A new question
# is classified by its text; this list makes a change of class visible in review.
MATCHES_ONLY = {
    "filtered_project_areas_table": True, "filtered_projects_table": True, "filtered_table_row_counts": True,
    "map_points": True, "prefecture_project_counts": True, "prefecture_projects": True,
    "prefectures_covered": True, "selections_by_year": True, "support_timeline": True,
    "technology_by_region": True, "technology_cooccurrence": True, "technology_counts": True,
    "technology_list_coverage": True, "_matching_projects": True,
    # the total beside the count is of the status filter alone; the grid's years are the year filter's
    "project_match_count": False, "technology_by_year": False,
    "_filter_masks": False, "_filtered_rows": False,
}


def test_each_question_is_classified_by_how_it_reads_the_filters():
    found = {p.stem: follows_matches_only(p.stem) for p in sorted(QUERIES.glob("*.sql"))
             if p.stem != "_filtered_projects" and params_of(p.stem) & FILTER_PARAMS}
    assert found == MATCHES_ONLY


def test_a_filter_read_outside_the_macros_is_seen(tmp_path, monkeypatch):
    import dashboard.query as query

    texts = {
        "q_pure": "SELECT count(*) FROM filtered_projects($tech, $fy, $pref, $region, $status) -- $fy in a comment",
        "q_own_fy": "SELECT count(*) FROM filtered_projects($tech, $fy, $pref, $region, $status) WHERE len($fy) > 0",
        "q_partial": "SELECT count(*) FROM filtered_projects($tech, [], $pref, $region, $status)",
        "q_mask": "SELECT $tech_mask",
    }
    monkeypatch.setattr(query, "query_text", lambda name: texts[name])
    follows = query.follows_matches_only.__wrapped__
    assert [follows(n) for n in texts] == [True, False, False, False]


def _ids(db, filters: Filters) -> list[int]:
    return db._con.execute("SELECT list(id_order ORDER BY id_order) FROM filtered_projects($tech, $fy, $pref, $region, "
                           "$status)", filters.as_params()).fetchone()[0] or []


SAMPLES = [Filters(), Filters(statuses=("ended",)), Filters(statuses=("supported", "ended")),
           Filters(techs=("AI",)), Filters(techs=("AI", "ドローン")), Filters(fys=(2018,)), Filters(fys=(2022,)),
           Filters(prefs=(1,)), Filters(prefs=(1, 13)), Filters(prefs=(47,), techs=("AI",)),
           Filters(regions=("九州",)), Filters(techs=("AI",), statuses=("ended",), fys=(2019,))]


def test_the_matching_key_is_equal_exactly_when_the_projects_are(db):
    keys = {f: db.matching(f) for f in SAMPLES}
    for a, b in itertools.combinations(SAMPLES, 2):
        assert (keys[a] == keys[b]) == (_ids(db, a) == _ids(db, b)), (a, b)
    assert db.matching(Filters()) is keys[Filters()]  # kept


def test_large_sets_are_keyed_by_count_and_digest(db, monkeypatch):
    import dashboard.query as query

    monkeypatch.setattr(query, "_MATCHING_EXACT", 3)
    db._matching.clear()
    try:
        key = db.matching(Filters(statuses=("supported", "ended")))
        assert isinstance(key, tuple) and key[0] == len(_ids(db, Filters(statuses=("supported", "ended"))))
        assert db.matching(Filters(statuses=("ended",))) != key
    finally:
        db._matching.clear()


def test_watched_filters_note_every_read_but_is_default():
    w = Watched(Filters(techs=("AI",)))
    assert w.is_default is False and not w.read
    for read in (lambda: w.techs, lambda: w.as_params(), lambda: hash(w), lambda: w == Filters(),
                 lambda: {w: 1}):
        w.read = False
        read()
        assert w.read


@pytest.fixture
def app_run(db, monkeypatch):
    """The app's runner (data.run: answers kept, Watched filters taken) on the real snapshot; no panel kept."""
    monkeypatch.setattr(data, "_folder", lambda: str(db.snapshot.folder))
    shown.clear()
    yield data.run
    shown.clear()


def _context(run, filters: Filters, lang: str) -> Context:
    return Context(filters=filters, run=run, period=in_language(facts(run), lang), lang=lang)


def _same_matches(db) -> list[tuple[Filters, Filters]]:
    """Pairs of different filter sets matching the same projects (none, a few, every supported one)."""
    techs = list(db.run("technology_options")["technology"])
    prefs = [int(p) for p in db.run("prefecture_options")["pref_code"]]
    fys = [int(y) for y in db.run("selection_year_options")["fiscal_year"]]
    candidates = [Filters()] + [Filters(techs=(t,)) for t in techs] + [Filters(prefs=(p,)) for p in prefs] + \
        [Filters(fys=(y,)) for y in fys] + [Filters(techs=(t,), prefs=(p,)) for t in techs[:6] for p in prefs[:20]] + \
        [Filters(prefs=(p,), statuses=("supported", "ended")) for p in prefs] + \
        [Filters(fys=(y,), statuses=("ended",)) for y in fys]
    by_key: dict = {}
    for f in candidates:
        by_key.setdefault(db.matching(f), []).append(f)
    pairs = [(group[0], group[-1]) for group in by_key.values() if len(group) > 1]
    sizes = {len(_ids(db, a)) for a, _ in pairs}
    assert 0 in sizes and any(s > 1 for s in sizes), sizes  # none, and several projects, among them
    return pairs


def _what_is_shown(view: shown.Shown):
    out = view.out
    figure = None if out is None or out.figure is None else out.figure.spec.json
    table = None if view.table_arrow is None else view.table_arrow.to_pylist()
    return (view.message, view.title, view.note, view.ignored, view.source, view.stamp, figure, table,
            None if out is None else (out.empty, out.notice, out.metrics, out.paragraphs, out.alt))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_panels_built_without_reading_the_filters_show_the_same_for_the_same_projects(db, app_run, lang):
    pairs = _same_matches(db)
    pure = 0
    for panel in (p for p in PANELS.values() if p.uses_filters):
        for a, b in pairs:
            seen = []
            for f in (a, b):
                watched = Watched(f)
                view = shown.make(panel, replace(_context(app_run, f, lang), filters=watched), keep=True)
                seen.append((watched.read, _what_is_shown(view)))
            if not seen[0][0] and not seen[1][0]:
                pure += 1
                assert seen[0][1] == seen[1][1], (panel.id, a, b)
            assert seen[0][0] == seen[1][0], (panel.id, a, b)  # the same path whatever the filters
    assert pure > 0


def test_a_page_gets_the_kept_panel_for_filters_matching_the_same_projects(db, app_run):
    a, b = next((a, b) for a, b in _same_matches(db) if _ids(db, a) and not a.is_default and not b.is_default)
    other = Filters(statuses=("supported", "ended"))
    assert db.matching(other) != db.matching(a)
    period = in_language(facts(app_run), "ja")

    def view(panel_id: str, filters: Filters) -> shown.Shown:
        return shown.shown(PANELS[panel_id], Context(filters=filters, run=app_run, period=period, lang="ja"))

    first = view("tech_counts", a)
    assert view("tech_counts", b) is first
    assert view("tech_counts", other) is not first
    # the year grid reads the year filter itself (technology_by_year): kept per filter set
    grid = view("tech_by_year", a)
    assert view("tech_by_year", a) is grid
    assert view("tech_by_year", b) is not grid
