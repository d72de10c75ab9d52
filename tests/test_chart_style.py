"""chart_style.style: the house style merged into the figure's dict (as update_layout would) and the figure made
again in one pass. These pin what the style promises on every axis of a multi-row chart, and that what the
builder set is kept."""
import json

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from dashboard.chart_style import FONT, FONT_PX, PALETTE, TEXT, sized, style


def _chart() -> go.Figure:
    fig = make_subplots(rows=3, cols=1, subplot_titles=["一", "二", "三"])
    for row in (1, 2, 3):
        fig.add_trace(go.Bar(x=["R2", "R3"], y=[1, 2], text=[1, 2], textfont={"size": 10}), row=row, col=1)
    fig.update_yaxes(range=[0, 5], row=2, col=1)
    fig.update_xaxes(title={"text": "採択年度", "font": {"family": "serif"}}, row=3, col=1)
    fig.update_layout(legend={"traceorder": "normal"}, font={"family": "serif", "size": 9})
    return fig


def test_every_axis_gets_the_house_style_and_keeps_its_own_settings():
    with sized(False):
        fig = style(_chart(), height=400, legend=False)
    layout = fig.layout
    size = FONT_PX[False]
    assert layout.height == 400 and layout.showlegend is False and list(layout.colorway) == PALETTE
    assert (layout.font.family, layout.font.size, layout.font.color) == (FONT, size, TEXT)
    assert (layout.legend.orientation, layout.legend.traceorder, layout.legend.font.size) == ("h", "normal", size)
    for name in ("xaxis", "xaxis2", "xaxis3", "yaxis", "yaxis2", "yaxis3"):
        axis = layout[name]
        assert axis.automargin is True and axis.gridcolor == "#e5e5e5", name
        assert (axis.tickfont.size, axis.tickfont.color, axis.title.font.size) == (size, TEXT, size), name
    assert tuple(layout.yaxis2.range) == (0, 5)
    assert (layout.xaxis3.title.text, layout.xaxis3.title.font.family) == ("採択年度", "serif")


def test_text_sizes_are_raised_to_the_mode_minimum_and_bar_labels_stay_level():
    with sized("slide"):
        fig = style(_chart())
    size = FONT_PX["slide"]
    assert fig.layout.height == int(420 * 1.15)
    assert [trace.textfont.size for trace in fig.data] == [size] * 3
    assert [trace.textangle for trace in fig.data] == [0] * 3
    assert [note.font.size for note in fig.layout.annotations] == [size] * 3
    assert [note.text for note in fig.layout.annotations] == ["一", "二", "三"]


def test_a_figure_without_axes_of_its_own_gets_the_default_pair():
    with sized(True):
        fig = style(go.Figure(go.Bar(x=[1], y=[1])))
    assert fig.layout.xaxis.tickfont.size == FONT_PX[True] and fig.layout.yaxis.automargin is True


def _validated_again(styled: go.Figure) -> dict:
    """The styled figure with its whole layout, template included, assigned and validated again (as style() did)."""
    again = go.Figure(styled)
    again.layout = styled.layout.to_plotly_json()
    return json.loads(again.to_json())


def test_the_layout_is_set_without_validating_the_template_again_and_gives_the_same_figure():
    """style() sets the layout without its template (validating plotly's default template was most of its cost): the
    figure gets the default template back and is the same as when the whole layout was validated again; a template of
    the builder's own is kept."""
    heat = go.Figure(go.Heatmap(z=[[1, 2], [3, 4]], x=["a", "b"], y=["c", "d"]))
    for fig in (_chart(), heat, go.Figure(go.Pie(values=[1, 2], labels=["x", "y"]))):
        with sized(False):
            styled = style(go.Figure(fig))
            assert json.loads(styled.to_json()) == _validated_again(styled)
        assert styled.layout.template == go.Figure().layout.template
    own = go.Figure(go.Bar(y=[1]), layout={"template": {"layout": {"bargap": 0.5}}})
    assert style(own).layout.template.layout.bargap == 0.5


def _luminance(colour: str) -> float:
    """WCAG relative luminance of #rrggbb."""
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (int(colour.lstrip("#")[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_counts_inside_status_bars_contrast_with_them():
    """White on the supported blue, near-black on the ended grey: at least 4.5:1 (WCAG AA). plotly chose #444 on the
    overview's grey bars (3.4:1) and /selections wrote white on them (2.8:1)."""
    from dashboard.chart_style import STATUS_COLOURS, STATUS_TEXT_COLOURS

    for status, bar in STATUS_COLOURS.items():
        lighter, darker = sorted((_luminance(bar), _luminance(STATUS_TEXT_COLOURS[status])), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, status
