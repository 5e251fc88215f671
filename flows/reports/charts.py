"""The report's charts: matplotlib figures as inline SVG (text kept as
text, so the numbers and labels are searchable and print as vectors).
Withheld values ("<5", "..") are never drawn as numbers: their bar is
left out and the mark is written where it would stand. A chart with no
published value is not drawn at all; a sentence says why."""
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402

from flows.reports import i18n  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False,
                     "font.family": "DejaVu Sans"})
REGION_COLOUR, PROJECT_COLOUR = "#1f5f8b", "#9ab8cf"
LABEL_WIDTH = 18  # characters per line of a category label under a bar


def _numeric(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return {"svg": text[text.index("<svg"):]}


def _nothing_to_draw(series, lang):
    """None when some value can be drawn, else the sentence shown instead."""
    values = [value for _, values, _ in series for value in values]
    if any(_numeric(value) for value in values):
        return None
    if any(isinstance(value, str) for value in values):
        return {"note": i18n.word("chart_withheld", lang)}
    return {"note": i18n.word("chart_empty", lang)}


def _value_axis(axis, lang, percent, integer):
    if percent:
        axis.set_major_formatter(FuncFormatter(lambda v, _: i18n.percent(v, lang)))
    elif integer:
        axis.set_major_locator(MaxNLocator(integer=True))
        axis.set_major_formatter(FuncFormatter(lambda v, _: i18n.number(int(round(v)), lang)))
    else:
        axis.set_major_formatter(FuncFormatter(lambda v, _: i18n.number(v + 0.0, lang, 1)))


def _integer(series, percent):
    return not percent and all(isinstance(v, int) or not _numeric(v) for _, values, _ in series for v in values)


def horizontal_bars(title, labels, series, lang, percent=False):
    """``series``: [(name, values, colour)]; one bar group per label."""
    empty = _nothing_to_draw(series, lang)
    if empty:
        return empty
    height = 0.8 / len(series)
    figure, axes = plt.subplots(figsize=(7, 0.32 * len(labels) * max(1, len(series) / 1.5) + 1.2))
    for index, (name, values, colour) in enumerate(series):
        positions = [i + index * height for i in range(len(labels))]
        axes.barh(positions, [_numeric(v) or 0 for v in values], height=height, label=name, color=colour)
        for position, value in zip(positions, values):
            if isinstance(value, str):
                axes.annotate(value, (0, position), xytext=(3, 0), textcoords="offset points", va="center",
                              fontsize=7, color="#555")
    axes.set_yticks([i + height * (len(series) - 1) / 2 for i in range(len(labels))])
    axes.set_yticklabels([textwrap.fill(label, 40) for label in labels])
    axes.invert_yaxis()
    if all((_numeric(v) or 0) >= 0 for _, values, _ in series for v in values):
        axes.set_xlim(left=0)
    else:
        axes.axvline(0, color="#888", linewidth=0.8)
    _value_axis(axes.xaxis, lang, percent, _integer(series, percent))
    axes.set_title(title, loc="left")
    if len(series) > 1:
        axes.legend(loc="lower right", frameon=False)
    return _svg(figure)


def vertical_bars(title, labels, series, lang, percent=False, reference=None):
    empty = _nothing_to_draw(series, lang)
    if empty:
        return empty
    width = 0.8 / len(series)
    figure, axes = plt.subplots(figsize=(7, 3.2))
    for index, (name, values, colour) in enumerate(series):
        positions = [i + index * width for i in range(len(labels))]
        numbers = [_numeric(v) for v in values]
        bars = axes.bar(positions, [n or 0 for n in numbers], width=width, label=name, color=colour)
        for bar, value, shown in zip(bars, numbers, values):
            text = i18n.number(value, lang) if value is not None else str(shown)
            axes.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), ha="center", va="bottom",
                          fontsize=8)
    if reference:
        for index, target in enumerate(reference):
            if target:
                axes.hlines(target, index - 0.4, index + 0.4 + width * (len(series) - 1), colors="#c0392b",
                            linestyles="dashed")
    axes.set_xticks([i + width * (len(series) - 1) / 2 for i in range(len(labels))])
    axes.set_xticklabels([textwrap.fill(label, LABEL_WIDTH) for label in labels])
    axes.set_ylim(bottom=0)
    _value_axis(axes.yaxis, lang, percent, _integer(series, percent))
    axes.set_title(title, loc="left")
    if len(series) > 1:
        axes.legend(frameon=False)
    return _svg(figure)
