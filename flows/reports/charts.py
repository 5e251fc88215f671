"""The report's charts: matplotlib figures as inline SVG (text kept as
text, so the numbers and labels are searchable and print sharply).
Withheld values ("<5", "..") are left out of the charts, never drawn as
numbers."""
import io

import matplotlib

matplotlib.use("Agg")  # no display: render to files only

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from flows.reports import i18n  # noqa: E402

plt.rcParams.update({"svg.fonttype": "none", "font.size": 9, "axes.spines.top": False, "axes.spines.right": False})
REGION_COLOUR, PROJECT_COLOUR = "#1f5f8b", "#9ab8cf"


def _numeric(value):
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _svg(figure):
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _formatter(lang, percent=False):
    if percent:
        return FuncFormatter(lambda v, _: i18n.percent(v, lang))
    return FuncFormatter(lambda v, _: i18n.number(v, lang, 0 if float(v).is_integer() else 1))


def horizontal_bars(title, labels, series, lang, percent=False):
    """``series``: [(name, values, colour)]; one bar group per label."""
    height = 0.8 / len(series)
    figure, axes = plt.subplots(figsize=(7, 0.32 * len(labels) + 1.2))
    for index, (name, values, colour) in enumerate(series):
        positions = [i + index * height for i in range(len(labels))]
        numbers = [_numeric(v) or 0 for v in values]
        axes.barh(positions, numbers, height=height, label=name, color=colour)
    axes.set_yticks([i + height * (len(series) - 1) / 2 for i in range(len(labels))])
    axes.set_yticklabels(labels)
    axes.invert_yaxis()
    axes.xaxis.set_major_formatter(_formatter(lang, percent))
    axes.set_title(title, loc="left")
    if len(series) > 1:
        axes.legend(loc="lower right", frameon=False)
    return _svg(figure)


def vertical_bars(title, labels, series, lang, percent=False, reference=None):
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
    axes.set_xticklabels(labels)
    axes.yaxis.set_major_formatter(_formatter(lang, percent))
    axes.set_title(title, loc="left")
    if len(series) > 1:
        axes.legend(frameon=False)
    return _svg(figure)
