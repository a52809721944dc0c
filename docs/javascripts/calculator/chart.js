// The chart of one result table, drawn with Chart.js (served from the site
// and loaded once, when the first chart is drawn). The table beside it
// carries the same figures, so a chart that cannot load is left out.
//
// A chart is first drawn when it comes near the screen: loading Chart.js and
// drawing were the heaviest work of a calculator page's load (about half a
// second of a phone's main thread, issue 31), and a reader who never scrolls
// to the chart need not pay for it. Its space is kept from the start, so
// nothing moves when it is drawn.

import { el } from "./dom.js";
import { axisTick } from "./format.js";

let library = null;
export function loadLibrary(url) {
  if (window.Chart) return Promise.resolve(window.Chart);
  library ??= new Promise((resolve, reject) => {
    const script = el("script", { src: url });
    script.onload = () => resolve(window.Chart);
    script.onerror = () => reject(new Error(`could not load ${url}`));
    document.head.append(script);
  });
  return library;
}

// Resolves once `element` is on screen or within half a screen of it, or
// the reader prints (at once where the browser has no IntersectionObserver).
// Never, for an element that is not displayed: callers show the box first.
export function whenNearScreen(element) {
  if (!("IntersectionObserver" in window)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      observer.disconnect();
      window.removeEventListener("beforeprint", done);
      resolve();
    };
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) done();
    }, { rootMargin: "50% 0px" });
    observer.observe(element);
    window.addEventListener("beforeprint", done);
  });
}

const COLOURS = ["#3f51b5", "#e65100", "#2e7d32", "#6a1b9a", "#00838f", "#ad1457"];

export class ResultChart {
  // `config`: the chart the calculator declares (table, x, series, type, title, reference: calculators/presentation.py).
  constructor(box, config, libraryUrl) {
    this.box = box;
    this.config = config;
    this.libraryUrl = libraryUrl;
    this.chart = null;
    this.nearScreen = null;
    this.turn = 0; // each draw's number: results that arrive while an earlier draw waits replace it
  }

  async draw(output) {
    const config = this.config;
    const table = config && (output.result.tables || []).find((t) => t.id === config.table);
    const turn = ++this.turn;
    if (!table) {
      // These results have nothing to chart (a caseload with no case flow): the
      // chart of earlier results must not stay beside them.
      this.destroy();
      this.chart = null;
      this.box.replaceChildren();
      this.box.hidden = true;
      return;
    }
    if (!this.chart) {
      this.box.hidden = false;
      this.nearScreen ??= whenNearScreen(this.box);
      await this.nearScreen;
    }
    // A library that cannot load leaves the chart out (its table is there).
    const Chart = await loadLibrary(this.libraryUrl).catch(() => null);
    if (!Chart) return;
    if (!this.box.isConnected || turn !== this.turn) return;
    const column = (key) => table.columns.findIndex((col) => col.key === key);
    // `series: all`: every numeric column but x and `exclude` (columns that depend on the input, such as one per placement type).
    const series = (config.series === "all"
      ? table.columns.map((col, i) => (col.numeric && col.key !== config.x && !(config.exclude || []).includes(col.key) ? i : -1))
      : config.series.map(column)).filter((i) => i >= 0);
    const columns = series.map((i) => table.columns[i]);
    // Labels and tooltips show the table's own cells; the bars take the raw numbers.
    const data = {
      labels: table.cells.map((cells) => cells[column(config.x)]),
      datasets: series.map((index, i) => ({
        label: table.columns[index].label, data: table.rows.map((row) => row[table.columns[index].key]),
        text: table.cells.map((cells) => cells[index]),
        backgroundColor: COLOURS[i % COLOURS.length], borderColor: COLOURS[i % COLOURS.length],
        // A £0 bar is still drawn, as a thin line on the axis, so a zero is seen, not missed.
        minBarLength: (config.type || "bar") === "bar" ? 2 : undefined,
      })),
    };
    // A level to read the series against, from the inputs (e.g. the target caseload).
    const reference = config.reference && output.input && output.input[config.reference.input];
    if (typeof reference === "number") {
      data.datasets.push({
        type: "line", label: config.reference.label, data: table.rows.map(() => reference),
        borderColor: "#757575", borderDash: [6, 4], pointRadius: 0, borderWidth: 2,
      });
    }
    if (this.chart) {
      this.chart.data = data;
      this.chart.update();
      return;
    }
    const unit = columns[0] && columns[0].unit;
    const canvas = el("canvas", { role: "img", "aria-label": `${config.title}. The same figures are in the table “${table.title}” below.` });
    this.box.replaceChildren(el("figcaption", { text: config.title }), el("div", { class: "calculator-chart-canvas" }, canvas));
    this.box.hidden = false;
    this.chart = new Chart(canvas, {
      type: config.type || "bar",
      data,
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        // From zero, so a small change does not look like a large one.
        // `stacked: true`: parts of a whole (children by placement type) stand on each other.
        scales: {
          x: { stacked: Boolean(config.stacked), title: { display: Boolean(config.x_title), text: config.x_title || "" } },
          y: { stacked: Boolean(config.stacked), beginAtZero: true, ticks: { callback: (value) => axisTick(value, unit, 2) }, title: { display: Boolean(config.y_title), text: config.y_title || "" } },
        },
        plugins: { tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.dataset.text?.[ctx.dataIndex] ?? axisTick(ctx.parsed.y, unit, 2)}` } } },
      },
    });
    this.paint();
  }

  // Text and grid lines in the palette's own colours (read again when the
  // reader switches between light and dark).
  // For print (`paper`), dark text on white whatever the palette.
  paint(paper = false) {
    if (!this.chart) return;
    const styles = getComputedStyle(document.body);
    const text = paper ? "#212121" : styles.getPropertyValue("--md-typeset-color").trim() || "#222";
    const grid = paper ? "#d0d0d0" : styles.getPropertyValue("--md-default-fg-color--lightest").trim() || "#ddd";
    const options = this.chart.options;
    options.color = text;
    options.plugins.legend = { ...options.plugins.legend, labels: { ...(options.plugins.legend?.labels || {}), color: text } };
    for (const axis of [options.scales.x, options.scales.y]) {
      axis.ticks = { ...axis.ticks, color: text };
      axis.grid = { ...axis.grid, color: grid };
      axis.title = { ...axis.title, color: text };
    }
    this.chart.update();
  }

  // Chart.js draws at screen size; for print, at the page's width (as its
  // docs advise) and in print colours; back to the screen's afterwards.
  print(on) {
    if (!this.chart) return;
    this.paint(on);
    if (on) this.chart.resize(this.printWidth || 680, 300);
    else this.chart.resize();
  }

  resize(width, height) {
    if (this.chart) this.chart.resize(width, height);
  }

  destroy() {
    if (this.chart) this.chart.destroy();
  }
}
