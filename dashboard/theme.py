"""Type sizes and contrast for the screen and for the projector, as CSS injected once per run.

Measured targets (tests/browser/test_legibility.py): page title ≥ 2× body and headline numbers ≥ 2.5×
body in both modes; every text colour ≥ 4.5:1 on white; no headline or label cut off with an ellipsis
at 1024 px. Presenter mode (URL `presenter=1`) hides the sidebar and chrome and scales the whole
type ramp up, instead of only enlarging body text as the old toggle did (which made titles relatively
smaller). Chart text sizes live in chart_style.style, which reads the same mode.
"""
from __future__ import annotations

import json

import streamlit as st

from dashboard import i18n, phone
from dashboard.chart_margins import SLACK_EM, em_width
from dashboard.chart_style import SLIDE_FILL_MIN_PX

BODY_PX = {False: 16, True: 26}
TEXT = "#1a1a1a"  # 17.4:1 on white
MUTED = "#3d3d3d"  # captions and source lines: 11:1 on white (Streamlit's default grey is ≈ 3.9:1)


# Japanese prose wraps between phrases, not inside one: a line break fell between a number and its counter (「府省18」
# then 「名」 on the next line, slide 7 at 1366x768) and inside words of the source line. Chromium's phrase breaking
# applies where the page's language is Japanese (app.py sets <html lang>); English text wraps as before.
PHRASE_BREAKS = ".stMarkdown p, .stMarkdown li, [data-testid=\"stCaptionContainer\"] p { word-break: auto-phrase; }"


# Presenter mode on a phone (a presenter=1 link opened in the hall): the projector's 26 px body and 3rem margins left
# a 234 px column at 390 px, the title took six lines and 「45 / 45 事業」 ran off the screen. Below this width the
# type ramp starts from PRESENTER_PHONE_BODY_PX and the margins are 1rem; no projector is this narrow.
PRESENTER_PHONE_MAX_PX = 640
PRESENTER_PHONE_BODY_PX = 18


def _type_ramp(body: int) -> str:
    """The sizes that follow the body size: title 2.6×, headings 1.6×, captions 0.95×, headline numbers 2.75×."""
    return f"""
    html {{ font-size: {body}px; }}
    h1 {{ font-size: {round(body * 2.6)}px !important; line-height: 1.2 !important; }}
    h2, h3 {{ font-size: {round(body * 1.6)}px !important; }}
    [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {{
        color: {MUTED} !important; opacity: 1 !important; font-size: {round(body * 0.95)}px !important; }}
    [data-testid="stMetricValue"] {{ font-size: {round(body * 2.75)}px !important; color: {TEXT}; }}
    [data-testid="stMetric"] {{ min-width: {round(body * 13)}px; }}
    [data-testid="stMetricLabel"] p {{ font-size: {round(body * 0.95)}px !important; color: {TEXT}; }}"""


def _uploader_css() -> str:
    """Streamlit's file uploader in the UI language: Streamlit labels its button "Upload" and writes "1MB per file •
    XLSX, CSV" beside it in every language (on the Japanese /file_check and /slides, and /slides' "200MB" is not
    the deck's limit). The button says the catalogue's word; the line goes, since each page states its files and
    limits in its own words (file_check.limits, page.slides.upload_help)."""
    word = json.dumps(i18n.t("upload.button"), ensure_ascii=False)  # a CSS string: a JSON string's quoting is valid CSS
    return ('[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }'
            ' [data-testid="stFileUploaderDropzone"] button :is(p, div, span:not([data-testid="stIconMaterial"])) {'
            ' font-size: 0 !important; }'
            f' [data-testid="stFileUploaderDropzone"] button::after {{ content: {word}; font-size: 1rem; }}')


def css(presenter: bool) -> str:
    body = BODY_PX[presenter]
    rules = f"""
    .stApp, .stMarkdown p, .stMarkdown li {{ color: {TEXT}; }}
    {PHRASE_BREAKS}
    {_type_ramp(body)}
    /* Headline numbers and labels wrap instead of being cut off ("45 / 45…") on narrow screens. */
    [data-testid="stMetricValue"] > div, [data-testid="stMetricLabel"] p,
    [data-testid="stMetricLabel"] div {{
        white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }}
    /* A row of headline numbers wraps onto the next line when the screen is narrow (1024 px, an iframe, a phone)
       instead of squeezing each number into a column narrower than itself. */
    [data-testid="stHorizontalBlock"]:has([data-testid="stMetric"]) {{ flex-wrap: wrap; row-gap: 0.5rem; }}
    [data-testid="stColumn"]:has(> div [data-testid="stMetric"]) {{ min-width: {round(body * 13)}px; }}
    /* A column is never narrower than its longest unbreakable text, nor than 13 em: English words cannot break
       ("35 municipalities" ran into the next number at 1366 px), and Streamlit draws a number on one line (its
       paragraph is nowrap), so in Japanese "14 → 53 (+39)" ran 12 px into the next number at 1024 px and
       "30 prefectures" 14 px at 1366 px. */
    [data-testid="stColumn"]:has(> div [data-testid="stMetric"]) {{ min-width: min-content; }}
    /* A row of tabs wider than the page wraps onto a second row (English data tabs at 1024 px were cut and one was
       hidden behind the scroll arrow). */
    [data-testid="stTabs"] [role="tablist"] {{ flex-wrap: wrap !important; overflow: visible !important;
        row-gap: 0.25rem; }}
    /* On a phone a chart that needs more room than the screen is drawn at its own width in a box that scrolls
       sideways (dashboard/phone.py); the page itself never scrolls sideways. */
    {phone.wide_css()}
    {_uploader_css()}
    """
    if presenter:
        rules += """
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
    [data-testid="stToolbar"], [data-testid="stExpander"] { display: none !important; }
    .block-container, [data-testid="stMainBlockContainer"] { max-width: 100% !important;
        padding-top: 1.5rem !important; padding-left: 3rem !important; padding-right: 3rem !important; }
    """
        rules += f"""
    @media (max-width: {PRESENTER_PHONE_MAX_PX}px) {{ {_type_ramp(PRESENTER_PHONE_BODY_PX)}
        .block-container, [data-testid="stMainBlockContainer"] {{
            padding-left: 1rem !important; padding-right: 1rem !important; }} }}
    """
    return f"<style>{rules}</style>"


def qr_css(modules: int) -> str:
    """The slide's QR code `modules` wide (quiet zone included) at QR_PX_PER_MODULE pixels each: sharp squares that
    a phone's camera (and a screenshot decoder) reads from the screen."""
    rules = []
    for min_width, px in QR_PX_PER_MODULE:
        rule = f".st-key-slide_qr img {{ width: {modules * px}px !important; }}"
        rules.append(f"@media (min-width: {min_width}px) {{ {rule} }}" if min_width else rule)
    return " ".join(rules)


def apply(presenter: bool) -> None:
    # A style-only st.html goes to the event container: it takes no space on the page.
    st.html(css(presenter))


# A QR code's pixels per module by screen width (qr.screen_png, qr_css): 2 below 1200 px, 3 below 1600, 4 above; a
# filtered link (version 7, 53 modules with its border) is 106, 159 and 212 px wide.
QR_PX_PER_MODULE = ((0, 2), (1200, 3), (1600, 4))
SLIDE_CHART_MIN_PX = 200  # a lower screen scrolls rather than squeeze a chart's rows into one another


def _fill_css() -> str:
    """The slide as one screen: the main column is a flex column as high as the window, the slide's body takes what
    the title and the footer (with its QR code and buttons) leave, and its chart fills the body less its numbers and
    text. The browser measures that room on every screen and in both languages (an English source line wraps to
    two lines), so no slide is sized by hand; a chart drawn at its built height (436-609 px) had pushed the footer
    below the fold at 1366x768 (slides 4, 5, 7) and the buttons and QR code off screen at 1920x1080 (slide 4)."""
    main = '[data-testid="stMainBlockContainer"]'
    column = f'{main} > [data-testid="stVerticalBlock"]'
    chart = ':is([data-testid="stLayoutWrapper"], [data-testid="stVerticalBlock"], [data-testid="stElementContainer"])'
    return f"""@media (min-width: {SLIDE_FILL_MIN_PX}px) {{
        {main} {{ height: 100vh; display: flex; flex-direction: column; box-sizing: border-box; }}
        {column} {{ flex: 1 1 auto; }}
        /* A style or script element takes no room (it kept a gap of 1rem above the title). */
        {column} > [data-testid="stElementContainer"]:has(> [data-testid="stHtml"]) {{ display: none; }}
        /* Never lower than its content (the chart at its least): what does not fit scrolls, never under the footer
           (the English event list ran into the source line at 1366x768 with the chart at 300 px). */
        [data-testid="stLayoutWrapper"]:has(> .st-key-slide_body) {{ flex: 1 1 0; }}
        .st-key-slide_body {chart}:has([data-testid="stPlotlyChart"]) {{ flex: 1 1 0 !important;
            min-height: {SLIDE_CHART_MIN_PX}px; height: auto !important; }}
        .st-key-slide_body [data-testid="stFullScreenFrame"]:has([data-testid="stPlotlyChart"]) {{ height: 100%; }}
        .st-key-slide_body [data-testid="stPlotlyChart"] {{ height: 100% !important; }} }}"""


# The slide's headline numbers (slide_css): their size follows the screen's width, in vw, between a floor and a cap.
SLIDE_METRIC_VW, SLIDE_METRIC_MIN_PX, SLIDE_METRIC_MAX_PX = 5.4, 52, 120
SLIDE_BODY_VW = 95  # the slide's width less its side padding (2.5vw each side)
SLIDE_GAP_VW = 1.36  # Streamlit's column gap, 1rem: the slide's root font size is 1.36vw


def slide_metrics_per_row(values: list[str]) -> int:
    """How many headline numbers a slide row holds: as many as fit side by side at the slide's number size, each
    on one line, in rows of even length (2 + 2, not 3 + 1). At 1920x1080 「30 都道府県」 (5.3 em) is wider than a
    quarter of the screen and broke into 「30」 and 「都道府県」 on the projector; two rows of two hold it. Both sizes follow the
    screen's width, so the answer is the same at every width (apart from the size's floor and cap)."""
    n = len(values)
    widest = max((em_width(v) for v in values), default=0.0) + SLACK_EM
    fits = next((k for k in range(n, 0, -1)
                 if widest * SLIDE_METRIC_VW <= (SLIDE_BODY_VW - (k - 1) * SLIDE_GAP_VW) / k), 1)
    rows = -(-n // fits)  # as few rows as fit, then numbers spread evenly over them
    return -(-n // rows) if n else 0


def slide_css() -> str:
    """The presenter view (/present): no sidebar, header or toolbar; the slide fills a 16:9 screen.

    Sizes follow the viewport width so one rule serves 1920×1080 (title ≈ 61 px, numbers ≈ 104 px, body
    ≈ 26 px) and 1024×768 (smaller, nothing cut off); chart text is fixed in px by chart_style (slide class)."""
    return f"""<style>
    [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
    [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stExpander"] {{ display: none !important; }}
    html {{ font-size: clamp(16px, {SLIDE_GAP_VW}vw, 30px); }}
    .block-container, [data-testid="stMainBlockContainer"] {{ max-width: 100% !important;
        padding: 1rem {(100 - SLIDE_BODY_VW) / 2}vw 1rem {(100 - SLIDE_BODY_VW) / 2}vw !important; }}
    .st-key-slide_title h1 {{ font-size: clamp(34px, 3.2vw, 72px) !important; line-height: 1.2 !important;
        color: {TEXT} !important; padding: 0 0 0.3em 0 !important; }}
    /* The class twice: the digits are a markdown paragraph, which the body-text rule below would also match. */
    .st-key-slide_body [data-testid="stMetricValue"], .st-key-slide_body.st-key-slide_body [data-testid="stMetricValue"] * {{
        font-size: clamp({SLIDE_METRIC_MIN_PX}px, {SLIDE_METRIC_VW}vw, {SLIDE_METRIC_MAX_PX}px) !important;
        line-height: 1.15 !important; color: {TEXT} !important;
        /* A number too wide for its column (slide_metrics_per_row puts fewer in a row) wraps, never cut. */
        white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
        word-break: keep-all !important; overflow-wrap: anywhere !important; }}
    .st-key-slide_body [data-testid="stMetricLabel"] p {{ font-size: clamp(16px, 1.4vw, 30px) !important; }}
    .st-key-slide_body [data-testid="stMarkdownContainer"] p, .st-key-slide_body li {{ font-size: clamp(16px, 1.36vw, 30px) !important; color: {TEXT}; }}
    {PHRASE_BREAKS}
    .st-key-slide_footer {{ border-top: 2px solid {TEXT}; padding-top: 0.4rem; }}
    .st-key-slide_footer p {{ font-size: clamp(15px, 1.25vw, 26px) !important; color: {MUTED} !important;
        line-height: 1.5 !important; }}
    /* The command in the "no QR code" line: Streamlit draws inline code at 0.75em (10.5 px at 1024 px). On a screen
       that holds it, a code span wraps as a whole (at 1024 px `--public-url` broke at its hyphen); on a phone the
       English command is wider than the column, so there it wraps as before rather than scroll sideways. */
    .st-key-slide_footer code {{ font-size: 0.95em !important; }}
    @media (min-width: 640px) {{ .st-key-slide_footer code {{ white-space: nowrap !important; }} }}
    /* The QR code at a whole number of pixels per module (qr_css sets its width), enlarged without smoothing. */
    .st-key-slide_qr img {{ max-width: none !important; margin-left: auto; height: auto !important;
        image-rendering: pixelated; }}
    .st-key-slide_qr [data-testid="stCaptionContainer"], .st-key-slide_qr [data-testid="stImageCaption"] {{
        color: {TEXT} !important; font-size: clamp(14px, 1.05vw, 24px) !important; }}
    /* Chart text is laid out by plotly at the slide size (26 px); on a narrower screen (4:3 projectors, laptops)
       the same layout's text is drawn smaller so that neighbouring labels do not run into each other: 20 px at
       1366 px (1.4vw gave 19.1), 15 px at 1024 px, 23.5 px at 1599 px. The map sizes its own text
       (figures.map.slide_css). */
    @media (max-width: 1599px) {{
        .st-key-slide_body .js-plotly-plot .main-svg text {{ font-size: max(14px, 1.47vw) !important; }} }}
    /* Headline numbers above a chart (the technology counts slide) are smaller, as in the PPTX: at 104 px they pushed the
       source line of that slide below the fold at 1920x1080 (its bottom at 1093 px). */
    .st-key-slide_body:has(.js-plotly-plot) [data-testid="stMetricValue"],
    .st-key-slide_body.st-key-slide_body:has(.js-plotly-plot) [data-testid="stMetricValue"] * {{
        font-size: clamp(40px, 3.6vw, 80px) !important; }}
    /* Keys a clicker sends (PageDown/PageUp) and Space step the slides through buttons nobody needs to see (their
       wrapper too: it kept a gap of 1rem under the buttons). */
    .st-key-present_hidden_keys, [data-testid="stLayoutWrapper"]:has(> .st-key-present_hidden_keys) {{ display: none !important; }}
    {_fill_css()}
    .st-key-present_nav button p {{ font-size: clamp(15px, 1.05vw, 22px) !important; }}
    /* Streamlit prints a button's shortcut right after its label, so "First Home" and "Last End" read as one
       label in English: drawn as a key cap, apart from the label, it reads as the key to press. */
    .st-key-present_nav button kbd {{ font-size: clamp(14px, 0.95vw, 20px) !important; margin-left: 0.6em;
        padding: 0 0.35em; border: 1px solid {MUTED}; border-radius: 4px; color: {MUTED} !important;
        line-height: 1.3; font-family: inherit; }}
    /* On a touch screen (no hover: a phone or tablet following the talk) the keys are of no use: the key caps go, and
       a line saying to tap the buttons (present_touch_hint) shows under them instead. A projector's laptop, even
       with a touch screen, hovers with its mouse and keeps the keys. */
    @media (hover: hover) {{ .st-key-present_touch_hint,
        [data-testid="stLayoutWrapper"]:has(> .st-key-present_touch_hint) {{ display: none !important; }} }}
    @media (hover: none) {{ .st-key-present_nav button kbd {{ display: none !important; }} }}
    </style>"""
