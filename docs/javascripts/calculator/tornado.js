// "What drives this result?": a tornado chart of the `drivers` table that
// Python lays out (calculators/sensitivity.py). Each uncertain input is a
// horizontal bar from the result at its low value to the result at its high
// value, crossing the central result; the largest swing is at the top. The
// table with the same figures (and the basis of each range) follows the
// chart, and the switching values follow that, both rendered like every
// other result table; a chart that cannot load is left out.
//
// Drawn with Chart.js, the library the page's other chart loads (its URL is
// the widget's data-chart-url), in the palette's own colours, redrawn when
// the reader switches between light and dark.

import { loadLibrary, whenNearScreen } from "./chart.js";
import { el } from "./dom.js";
import { axisTick } from "./format.js";

// A long input name over lines of about 26 characters (Chart.js draws an array as lines).
function wrap(text, width = 26) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && (line + " " + word).length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

// Colours that pass 3:1 against both palettes' backgrounds (WCAG 1.4.11).
// The printed page's width in CSS pixels (A4 portrait less margins, as chart.js prints).
const PRINT_WIDTH = 680;
const LOW = { light: "#1565c0", dark: "#64b5f6" };
const HIGH = { light: "#c62828", dark: "#ef9a9a" };

// `paper`: for print, dark ink on white whatever the palette (as chart.js does).
function palette(paper = false) {
  if (paper) return { dark: false, text: "#212121", grid: "#d0d0d0", line: "#424242" };
  const styles = getComputedStyle(document.body);
  const dark = (document.body.getAttribute("data-md-color-scheme") || "") === "slate";
  return {
    dark,
    text: styles.getPropertyValue("--md-typeset-color").trim() || (dark ? "#e2e4e9" : "#222"),
    grid: styles.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd",
    line: styles.getPropertyValue("--md-default-fg-color").trim() || "#444",
  };
}

// A vertical line at the central result, drawn after the bars.
const centralLine = {
  id: "tornadoCentral",
  afterDatasetsDraw(chart, _args, options) {
    const x = chart.scales.x.getPixelForValue(options.value);
    const { top, bottom } = chart.chartArea;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = options.color;
    ctx.lineWidth = 2;
    ctx.setLineDash([5, 4]);
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.restore();
  },
};

// Chart.js's configuration for the bars: each shown input from the central
// result to the result at its low value, and to the one at its high value.
function chartConfig({ table, shown, names, lowText, highText, central, unit }, colours) {
  const bars = (key, labelText, texts, colour) => ({
    label: labelText,
    data: shown.map((i) => [central, table.rows[i][key]]),
    text: shown.map((i) => texts[i]),
    backgroundColor: colour[colours.dark ? "dark" : "light"],
    borderColor: colour[colours.dark ? "dark" : "light"],
    borderWidth: 1,
    borderSkipped: false,
    // A swing too small to see at this scale is still drawn, as a sliver, so it is not missed.
    minBarLength: 2,
  });
  return {
    type: "bar",
    data: {
      labels: shown.map((i) => wrap(names[i])),
      datasets: [
        bars("figure_at_low", "Input at its low value", lowText, LOW),
        bars("figure_at_high", "Input at its high value", highText, HIGH),
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      color: colours.text,
      datasets: { bar: { grouped: false, barPercentage: 0.7, categoryPercentage: 0.9 } },
      scales: {
        x: { ticks: { color: colours.text, callback: (value) => axisTick(value, unit, 1), maxTicksLimit: window.innerWidth < 600 ? 4 : 6 }, grid: { color: colours.grid } },
        y: { ticks: { color: colours.text, autoSkip: false }, grid: { display: false } },
      },
      plugins: {
        legend: { labels: { color: colours.text } },
        tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.dataset.text[ctx.dataIndex]}` } },
        tornadoCentral: { value: central, color: colours.line },
      },
    },
    plugins: [centralLine],
  };
}

export class Tornado {
  // `root`: the calculator widget; its [data-calculator-tables] holds the tables Python laid out.
  constructor(root, libraryUrl) {
    this.root = root;
    this.libraryUrl = libraryUrl;
    this.chart = null;
    this.figure = null;
    this.turn = 0; // each draw's number: a draw still waiting for the screen or the library gives way to a newer one
    this.seen = false; // the chart has come near the screen once
    // Repaint when the reader switches palette (Material sets the scheme on <body>).
    this.observer = new MutationObserver(() => this.paint());
    this.observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  }

  async draw(output) {
    const drivers = output && output.result && output.result.drivers;
    const table = output && output.result && (output.result.tables || []).find((t) => t.id === "drivers");
    this.clear();
    if (!drivers || !table) return;
    const rows = drivers.inputs.filter((row) => typeof row.swing === "number" && row.swing > 0);
    if (!rows.length) return;
    const region = this.root.querySelector('[data-calculator-tables] [data-table="drivers"]');
    if (!region || !region.isConnected) return;
    const turn = ++this.turn;
    const figure = drivers.figure;
    const unit = figure.unit;
    const text = (key) => table.cells.map((cells) => cells[table.columns.findIndex((col) => col.key === key)]);
    const lowText = text("figure_at_low");
    const highText = text("figure_at_high");
    const names = text("input");
    const shown = table.rows.map((row, i) => i).filter((i) => table.rows[i].swing > 0);
    const central = figure.central;
    const first = shown[0];
    // "Cost of the extra FTE" → "cost of the extra FTE": only the first letter is lowered.
    const figureName = figure.label.charAt(0).toLowerCase() + figure.label.slice(1);
    const summary = `Tornado chart: what drives ${figureName}. ` +
      `${names[first]} moves it most, from ${lowText[first]} at its low value to ${highText[first]} at its high value. ` +
      `The dashed line is the central result. The same figures are in the table “${table.title}” after the chart.`;
    const canvas = el("canvas", { role: "img", "aria-label": summary });
    const height = Math.max(180, 60 + shown.length * 56);
    this.height = height;
    const box = el("div", { class: "calculator-tornado-canvas" }, canvas);
    // Chart.js sizes itself to a positioned box (set through the DOM, not a style attribute).
    box.style.position = "relative";
    box.style.height = `${height}px`;
    this.figure = el("figure", { class: "calculator-chart calculator-tornado", "data-tornado": "" },
      el("figcaption", { text: `What drives this result? ${figure.label}, with each uncertain input at its low and its high value (the others central)` }),
      box,
      // Where the analysis stopped at its budget of model runs, said beside the chart too (the table's title may scroll).
      drivers.limit_reached ? el("p", { "data-tornado-limit": "", text: drivers.limit_reached }) : null);
    region.before(this.figure);
    // The figure holds its space from here; Chart.js is loaded, and the chart
    // drawn, once it comes near the screen (chart.js), or at once for results
    // that replace a chart the reader has had drawn.
    const drawn = this.figure;
    if (!this.seen) {
      await whenNearScreen(drawn);
      this.seen = true;
    }
    // A library that cannot load leaves the chart out (its table is there).
    const Chart = await loadLibrary(this.libraryUrl).catch(() => null);
    if (!Chart) return;
    // Newer results, or tables drawn again, while this chart waited.
    if (turn !== this.turn || !drawn.isConnected) return;
    const colours = palette();
    this.colours = colours;
    this.chart = new Chart(canvas, chartConfig({ table, shown, names, lowText, highText, central, unit }, colours));
    // Results that arrive while a print is being prepared are drawn for paper too.
    if (this.printing) this.print(true);
  }

  // Text, grid and bar colours for the palette now in use.
  paint(paper = false) {
    if (!this.chart) return;
    const colours = palette(paper);
    const options = this.chart.options;
    options.color = colours.text;
    options.plugins.legend.labels.color = colours.text;
    options.plugins.tornadoCentral.color = colours.line;
    for (const axis of [options.scales.x, options.scales.y]) axis.ticks.color = colours.text;
    options.scales.x.grid.color = colours.grid;
    const [low, high] = this.chart.data.datasets;
    low.backgroundColor = low.borderColor = LOW[colours.dark ? "dark" : "light"];
    high.backgroundColor = high.borderColor = HIGH[colours.dark ? "dark" : "light"];
    this.chart.update();
  }

  // For print (page.js): at the page's width, as Chart.js's docs advise, in
  // print colours; back to the screen's size and palette afterwards.
  print(on) {
    if (!this.chart) return;
    this.printing = on;
    this.paint(on);
    if (on) this.chart.resize(PRINT_WIDTH, this.height);
    else this.chart.resize();
  }

  clear() {
    if (this.chart) this.chart.destroy();
    this.chart = null;
    if (this.figure) this.figure.remove();
    this.figure = null;
  }

  destroy() {
    this.clear();
    this.observer.disconnect();
  }
}
