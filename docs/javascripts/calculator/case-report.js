// The report on the business case page: the HTML fragment that Python lays
// out once for the page, its print view and (in its own form) the Word
// document (calculators.business_case.case_json, `html`).
//
// Why the fragment and not a second layout here: the report's content
// (options side by side, tables by year, the finance summary, implications,
// assumptions log) is laid out once, in Python, so the page, the print and
// the .docx cannot drift apart. It is not inserted as markup, though: the
// officer's own words are in it, and the page runs under a strict Content
// Security Policy. The fragment is parsed inert (in a document of its own
// with no window, which runs and loads nothing) and copied element by element through an allow-list:
// known structural tags only, a few attributes without behaviour, text as
// text, images only as embedded PNG data. Anything else is dropped, so no
// script, style, handler or outside address can reach the page from it.

// Tags copied as they are; the contents of any other element are kept as text only if it is harmless.
const TAGS = new Set([
  "section", "article", "div", "span", "p", "br", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd",
  "strong", "em", "b", "i", "small", "sub", "sup", "abbr", "table", "caption", "colgroup", "col", "thead", "tbody",
  "tfoot", "tr", "th", "td", "figure", "figcaption", "img", "blockquote",
]);
// Elements dropped with everything inside them.
const DROPPED = new Set(["script", "style", "template", "iframe", "object", "embed", "link", "meta", "math", "form", "input", "button", "textarea", "select"]);
const ATTRIBUTES = new Set(["scope", "colspan", "rowspan", "headers", "class", "alt", "title", "data-option", "data-table", "data-key"]);
// A chart drawn as SVG shapes (the report's "what drives this result"): shapes and their geometry only; colours come from business-case.css.
const SVG = "http://www.w3.org/2000/svg";
const SVG_TAGS = new Set(["svg", "g", "rect", "line", "text", "title", "desc"]);
const SVG_ATTRIBUTES = new Set(["viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "role", "aria-label", "text-anchor", "class"]);
// Classes the report's own markup uses: "case-…" and "num" (a figure, aligned right).
const allowedClasses = (value) => value.split(/\s+/).filter((c) => /^case-[\w-]+$/.test(c) || c === "num").join(" ");
const IMAGE = /^data:image\/png;base64,[A-Za-z0-9+/=\s]+$/;
// Headings in the fragment start at h1 or h2; on the page they sit under the page's "The report" (h2).
const SHIFT = { h1: "h3", h2: "h3", h3: "h4", h4: "h5", h5: "h6", h6: "h6" };

function copyAttributes(from, to) {
  for (const { name, value } of [...from.attributes]) {
    if (ATTRIBUTES.has(name)) to.setAttribute(name, name === "class" ? allowedClasses(value) : value);
  }
  if (from.localName === "img") {
    const src = from.getAttribute("src") || "";
    if (IMAGE.test(src)) to.setAttribute("src", src);
    if (!to.hasAttribute("alt")) to.setAttribute("alt", "");
  }
}

function copy(node, into) {
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) {
      into.append(child.data);
      continue;
    }
    if (child.nodeType !== Node.ELEMENT_NODE) continue;
    const tag = child.localName;
    if (DROPPED.has(tag)) continue;
    if (child.namespaceURI === SVG) {
      if (SVG_TAGS.has(tag)) into.append(copySvg(child));
      continue;
    }
    if (!TAGS.has(tag) && !SHIFT[tag]) {
      copy(child, into); // an unknown wrapper: its text and allowed children only
      continue;
    }
    // A header cell with no text (a blank corner, a spacer row) heads nothing: an ordinary cell.
    const blankHeader = tag === "th" && !child.textContent.trim();
    const made = document.createElement(blankHeader ? "td" : SHIFT[tag] || tag);
    copyAttributes(child, made);
    if (blankHeader) made.removeAttribute("scope");
    if (tag === "img" && !made.hasAttribute("src")) continue;
    copy(child, made);
    into.append(made);
  }
}

function copySvg(node) {
  const made = document.createElementNS(SVG, node.localName);
  for (const { name, value } of [...node.attributes]) {
    if (SVG_ATTRIBUTES.has(name)) made.setAttribute(name, name === "class" ? allowedClasses(value) : value);
  }
  for (const child of node.childNodes) {
    if (child.nodeType === Node.TEXT_NODE) made.append(child.data);
    else if (child.nodeType === Node.ELEMENT_NODE && child.namespaceURI === SVG && SVG_TAGS.has(child.localName)) made.append(copySvg(child));
  }
  return made;
}

// The fragment as a DocumentFragment of safe elements.
export function safeReport(html) {
  // A document of its own, never shown: parsing there runs no script, applies no style and loads nothing.
  const inert = document.implementation.createHTMLDocument("");
  inert.body.innerHTML = typeof html === "string" ? html : "";
  const out = document.createDocumentFragment();
  copy(inert.body, out);
  // A wide table scrolls inside a region keyboard users can reach, as on the calculator pages.
  for (const table of out.querySelectorAll("table")) {
    const caption = table.querySelector("caption");
    const region = document.createElement("div");
    region.className = "calculator-table";
    region.tabIndex = 0;
    region.setAttribute("role", "region");
    region.setAttribute("aria-label", caption ? caption.textContent.trim() : "Table");
    table.replaceWith(region);
    region.append(table);
  }
  return out;
}
