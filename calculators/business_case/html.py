"""The report as a safe HTML fragment for the case page and its print view.

Every text is escaped here (the officer's words and scenario titles are
never markup); there is no script, style attribute or external reference,
so the fragment sits under the site's strict content security policy. The
tornado chart is drawn as inline SVG with its alternative text, and its
table follows it, as in the Word document. Headings start at ``h2``: the
page has its own ``h1``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["fragment", "escape"]

#: The same colours as the Word chart (presentation attributes: no style attribute, so the strict CSP holds).
_COLOURS = ("#2E5A88", "#C55A11")


def escape(text: Any) -> str:
    """Text safe inside an element or a quoted attribute."""
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#x27;")


def _paragraph(block: dict[str, Any]) -> str:
    role = block.get("role", "body")
    return f'<p class="case-{escape(role)}">{escape(block["text"])}</p>' if role != "body" else f"<p>{escape(block['text'])}</p>"


def _table(block: dict[str, Any]) -> str:
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if c["numeric"] else ""}>{escape(c["label"])}</th>' for c in block["columns"])
    rows = []
    for n, row in enumerate(block["rows"]):
        total = ' class="case-total"' if block.get("total") and n == len(block["rows"]) - 1 else ""
        # A row continuing the group above (its first cell left blank) has no header of its own.
        cells = [f'<th scope="row">{escape(row[0])}</th>' if row[0] else "<td></td>"] + [f'<td{num if col["numeric"] else ""}>{escape(cell)}</td>' for col, cell in zip(block["columns"][1:], row[1:])]
        rows.append(f"<tr{total}>{''.join(cells)}</tr>")
    source = f'<p class="case-source">{escape(block["source"])}</p>' if block.get("source") else ""
    return (f'<div class="case-table" role="region" aria-label="{escape(block["caption"])}" tabindex="0"><table id="case-{escape(block["id"])}">'
            f"<caption>{escape(block['caption'])}</caption><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>{source}")


def _chart(block: dict[str, Any]) -> str:
    """A horizontal bar chart: each input's effect from the central value, low end left of centre, high end right."""
    width, label_w, row_h = 640, 240, 28
    values = [v for series in block["series"] for v in series["values"]] or [0]
    span = max(abs(v) for v in values) or 1
    half = (width - label_w - 20) / 2
    centre = label_w + 10 + half
    bars = []
    for i, name in enumerate(block["categories"]):
        y = 10 + i * row_h
        bars.append(f'<text x="{label_w}" y="{y + 17}" text-anchor="end" font-size="12" fill="currentColor" class="case-chart-label">{escape(name[:40])}</text>')
        for series, cls, colour in zip(block["series"], ("low", "high"), _COLOURS):
            v = series["values"][i]
            x = centre + min(0, v) / span * half
            bars.append(f'<rect class="case-bar-{cls}" fill="{colour}" x="{x:.1f}" y="{y + 4}" width="{abs(v) / span * half:.1f}" height="{row_h - 8}"></rect>')
    height = 20 + len(block["categories"]) * row_h
    bars.append(f'<line x1="{centre:.1f}" x2="{centre:.1f}" y1="4" y2="{height - 4}" stroke="currentColor" class="case-chart-axis"></line>')
    return (f'<figure class="case-chart"><svg role="img" aria-label="{escape(block["alt"])}" viewBox="0 0 {width} {height}" width="100%">{"".join(bars)}</svg>'
            f'<figcaption>{escape(block["title"])}: the change from the central value with each input at its low value (blue) and at its high value (orange); the table below gives the figures.</figcaption></figure>')


def fragment(report: dict[str, Any]) -> str:
    """The whole report as HTML (headings from ``h2``)."""
    out = []
    for block in report["blocks"]:
        kind = block["type"]
        if kind == "title":
            out.append(f'<h2 class="case-title">{escape(block["text"])}</h2>')
        elif kind == "meta":
            out.append("<dl class=\"case-meta\">" + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block["items"]) + "</dl>")
        elif kind == "heading":
            level = min(block["level"] + 2, 6)
            out.append(f"<h{level}>{escape(block['text'])}</h{level}>")
        elif kind == "paragraph":
            out.append(_paragraph(block))
        elif kind == "list":
            tag = "ol" if block["ordered"] else "ul"
            out.append(f"<{tag}>" + "".join(f"<li>{escape(item)}</li>" for item in block["items"]) + f"</{tag}>")
        elif kind == "table":
            out.append(_table(block))
        elif kind == "chart":
            out.append(_chart(block))
    return "\n".join(out)
