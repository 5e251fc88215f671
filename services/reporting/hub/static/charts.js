// Charts drawn as inline SVG: monthly lines and horizontal bars. Each chart
// is an image with a text label for screen readers and comes with its
// figures as a table. A withheld figure ("<5", "..") is never drawn as 0:
// a line breaks there and a bar is left out, with the mark written in its
// place.
const SVG = "http://www.w3.org/2000/svg";
// Okabe–Ito colours (distinguishable with colour-blindness), and a dash
// pattern per series so that colour is not the only difference.
const COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"];
const DASHES = ["", "6 3", "2 3", "9 3 2 3"];
const WIDTH = 720;

const colour = (i) => COLOURS[i % COLOURS.length];
const dash = (i) => DASHES[i % DASHES.length];
export const isFigure = (v) => typeof v === "number";

function svg(tag, attributes = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== "" && value != null) node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

function html(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

const titled = (node, text) => { node.prepend(svg("title", {}, text)); return node; };

// A scale's top and ticks: whole numbers (the charts count), 1, 2 or 5
// times a power of ten apart.
function ticks(maximum, count = 4) {
  const raw = Math.max(maximum, 1) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw));
  const top = Math.ceil(Math.max(maximum, 1) / step) * step;
  const list = [];
  for (let v = 0; v <= top + step / 2; v += step) list.push(v);
  return { top, list };
}

function legend(names, bars = false) {
  const swatch = (i) => (bars ? svg("rect", { x: 6, y: 0, width: 16, height: 10, fill: colour(i) })
    : svg("line", { x1: 1, y1: 5, x2: 27, y2: 5, stroke: colour(i), "stroke-width": 3, "stroke-dasharray": dash(i) }));
  return html("ul", { class: "legend" }, ...names.map((name, i) => html("li", {},
    svg("svg", { width: 28, height: 10, "aria-hidden": "true" }, swatch(i)), name)));
}

function dataTable(caption, head, rows) {
  const table = html("table", {}, html("caption", {}, caption),
    html("thead", {}, html("tr", {}, ...head.map((h) => html("th", { scope: "col" }, h)))),
    html("tbody", {}, ...rows.map(([first, ...cells]) => html("tr", {}, html("th", { scope: "row" }, first),
      ...cells.map((c) => html("td", { class: "num" }, c))))));
  return table;
}

/** Lines over months. series: [{name, values}] aligned with categories;
 * format(v) writes a figure; words: {label, tableCaption, category, gapNote(marks)}. */
export function lineChart({ categories, series, format, words }) {
  const margin = { left: 48, right: 28, top: 14, bottom: 40 };
  const height = 250;
  const plotW = WIDTH - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const numbers = series.flatMap((s) => s.values.filter(isFigure));
  const { top, list } = ticks(Math.max(0, ...numbers));
  const x = (i) => margin.left + (categories.length === 1 ? plotW / 2 : (i * plotW) / (categories.length - 1));
  const y = (v) => margin.top + plotH - (v / top) * plotH;
  const image = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": words.label, class: "chart" });

  for (const v of list) {
    image.append(svg("line", { x1: margin.left, x2: WIDTH - margin.right, y1: y(v), y2: y(v), class: "grid" }),
      svg("text", { x: margin.left - 6, y: y(v) + 4, "text-anchor": "end", class: "tick" }, format(v)));
  }
  const every = Math.ceil(categories.length / 12);
  categories.forEach((name, i) => {
    if (i % every === 0) {
      image.append(svg("text", { x: x(i), y: height - margin.bottom + 16, "text-anchor": "middle", class: "tick" }, name));
    }
  });

  const marks = new Set();  // the withheld figures' marks, for the note
  series.forEach((s, si) => {
    let segment = [];
    const segments = [segment];
    s.values.forEach((v, i) => {
      if (isFigure(v)) {
        segment.push(`${x(i)},${y(v)}`);
      } else {
        segment = [];
        segments.push(segment);
      }
    });
    for (const points of segments.filter((p) => p.length > 1)) {
      image.append(svg("polyline", { points: points.join(" "), fill: "none", stroke: colour(si), "stroke-width": 2,
        "stroke-dasharray": dash(si) }));
    }
    s.values.forEach((v, i) => {
      const point = isFigure(v)
        ? svg("circle", { cx: x(i), cy: y(v), r: 3.5, fill: colour(si) })
        : svg("text", { x: x(i), y: y(0) - 6 - 11 * si, "text-anchor": "middle", fill: colour(si), class: "gap" }, String(v));
      if (typeof v === "string") marks.add(v);
      point.dataset.series = s.name;
      point.dataset.category = categories[i];
      point.dataset.value = String(v);
      image.append(titled(point, `${s.name}, ${categories[i]}: ${format(v)}`));
    });
  });

  const figure = html("figure", { class: "chart" }, image, legend(series.map((s) => s.name)));
  if (marks.size) figure.append(html("p", { class: "note" }, words.gapNote([...marks].join(", "))));
  const rows = categories.map((name, i) => [name, ...series.map((s) => format(s.values[i]))]);
  figure.append(html("details", {}, html("summary", {}, words.tableCaption),
    dataTable(words.label, [words.category, ...series.map((s) => s.name)], rows)));
  return figure;
}

function wrap(text, width = 30) {
  const lines = [""];
  for (const word of text.split(" ")) {
    const line = lines[lines.length - 1];
    if (line && (line + " " + word).length > width) lines.push(word);
    else lines[lines.length - 1] = line ? `${line} ${word}` : word;
  }
  return lines;
}

/** Horizontal bars: rows [{name, values: [one per series], target?}];
 * words: {label, target, barGapNote(marks)}. The figures are in the table
 * ``describedBy`` names. */
export function barChart({ rows, series, format, words, describedBy }) {
  const margin = { left: 230, right: 90, top: 8 };
  const bar = 16;
  const rowH = series.length * (bar + 4) + 22;
  const height = margin.top + rows.length * rowH;
  const plotW = WIDTH - margin.left - margin.right;
  const numbers = rows.flatMap((r) => [...r.values, r.target].filter(isFigure));
  const { top } = ticks(Math.max(0, ...numbers));
  const x = (v) => margin.left + (v / top) * plotW;
  const image = svg("svg", { viewBox: `0 0 ${WIDTH} ${height}`, role: "img", "aria-label": words.label, class: "chart",
    "aria-describedby": describedBy });

  rows.forEach((row, ri) => {
    const y0 = margin.top + ri * rowH;
    const label = svg("text", { x: margin.left - 10, y: y0 + 14, "text-anchor": "end", class: "label" });
    wrap(row.name).forEach((line, li) => label.append(svg("tspan", { x: margin.left - 10, dy: li ? 14 : 0 }, line)));
    image.append(label);
    row.values.forEach((v, si) => {
      const y = y0 + si * (bar + 4);
      const name = series.length > 1 ? `${row.name}, ${series[si]}` : row.name;
      const mark = isFigure(v)
        ? svg("rect", { x: margin.left, y, width: Math.max(x(v) - margin.left, v > 0 ? 1 : 0), height: bar, fill: colour(si) })
        : svg("rect", { x: margin.left, y, width: 0, height: bar });
      mark.dataset.series = series[si] || "";
      mark.dataset.category = row.name;
      mark.dataset.value = String(v);
      image.append(titled(mark, `${name}: ${format(v)}`),
        svg("text", { x: (isFigure(v) ? x(v) : margin.left) + 5, y: y + bar - 3, class: isFigure(v) ? "value" : "value gap" },
          format(v)));
    });
    if (isFigure(row.target)) {
      const bottom = y0 + series.length * (bar + 4);
      image.append(titled(svg("line", { x1: x(row.target), x2: x(row.target), y1: y0 - 3, y2: bottom, class: "target" }),
        `${words.target} ${format(row.target)}`),
      svg("text", { x: x(row.target), y: bottom + 11, "text-anchor": "middle", class: "tick" },
        `${words.target} ${format(row.target)}`));
    }
  });
  const figure = html("figure", { class: "chart" }, image);
  if (series.length > 1) figure.append(legend(series, true));
  const marks = new Set(rows.flatMap((r) => r.values.filter((v) => typeof v === "string")));
  if (marks.size) figure.append(html("p", { class: "note" }, words.barGapNote([...marks].join(", "))));
  return figure;
}
