"""The report as a Word document (.docx), written with the standard library: zipfile and escaped XML.

python-docx needs lxml, which the browser's Python cannot load, so this small
writer makes the few parts a report needs: real Word styles (Title,
Heading 1–3, Caption, a grid table style, a bulleted list) so that a council
can apply its own template; tables whose header row repeats on each page
(``w:tblHeader``); and the tornado chart as a native Word chart
(:mod:`.docx_chart`), whose labels and figures stay text, with its
alternative text. No macros, no external references, no timestamps: the
same case always gives the same bytes.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from . import docx_chart

__all__ = ["write", "xml_text"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: A4 with 2 cm margins, in twentieths of a point.
_PAGE_W, _PAGE_H, _MARGIN = 11906, 16838, 1134
_TEXT_W = _PAGE_W - 2 * _MARGIN
_TABLE_SIZE = 18  # half-points: 9 pt
_KEEP_TOGETHER = 12  # rows: a table this short is not split across pages
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(text: Any) -> str:
    """Text escaped for XML, with characters XML cannot hold removed."""
    return _NOT_XML.sub("", str(text)).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _runs(text: str, bold: bool = False) -> str:
    """Text as runs, a line break for each newline."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return '<w:r>{}<w:br/></w:r>'.format(props).join(f'<w:r>{props}<w:t xml:space="preserve">{xml_text(line)}</w:t></w:r>' for line in str(text).split("\n"))


def _para(text: str, style: str | None = None, *, align: str | None = None, bold: bool = False, extra: str = "") -> str:
    props = (f'<w:pStyle w:val="{style}"/>' if style else "") + extra + (f'<w:jc w:val="{align}"/>' if align else "")
    return f"<w:p>{f'<w:pPr>{props}</w:pPr>' if props else ''}{_runs(text, bold)}</w:p>"


_ROLE_STYLE = {"body": None, "placeholder": "Placeholder", "source": "SourceNote", "warning": "Warning"}


def _widths(block: dict[str, Any], size: int) -> list[int]:
    """Column widths (twips): each figure column as wide as its longest figure, text columns sharing the rest.

    ``size`` is the text size in half-points; a character of Arial is taken
    as about half the size wide (figures and commas a little less), plus the
    cell's margins. Every column gets at least its longest word; what is
    left goes to text columns in proportion to how much more they would use.
    """
    per_char, margins = size * 10 * 0.5, 230
    columns = block["columns"]
    cells = [[str(row[i]) for row in block["rows"]] for i in range(len(columns))]
    word = [max((len(w) for t in col + [c["label"]] for w in t.split()), default=1) * 1.1 for c, col in zip(columns, cells)]
    longest = [max((len(t) for t in col), default=1) for col in cells]
    # A figure column needs its longest figure, and a short heading ("Year 0") on one line (bold: a little wider).
    need = [int(max(word[i], min(longest[i], 20) if c["numeric"] else 0, len(c["label"]) * 1.2 if c["numeric"] and len(c["label"]) <= 10 else 0) * per_char + margins)
            for i, c in enumerate(columns)]
    # Text columns would use their longest text (to a limit); figure columns a heading of two lines.
    more = [max(0, int(((len(c["label"]) if len(c["label"]) <= 10 else len(c["label"]) / 2) if c["numeric"] else min(longest[i], 60)) * per_char + margins) - need[i]) for i, c in enumerate(columns)]
    room = _TEXT_W - sum(need)
    if room > 0 and sum(more):
        widths = [n + int(m * min(1.0, room / sum(more))) for n, m in zip(need, more)]
    else:
        widths = need
    scale = _TEXT_W / sum(widths)
    return [int(w * scale) for w in widths]


def _cell(text: str, width: int, *, numeric: bool, header: bool, bold: bool, size: int, keep: bool = True) -> str:
    shade = '<w:shd w:val="clear" w:color="auto" w:fill="E7E6E6"/>' if header else ""
    para = _para(text, "TableText" if size == _TABLE_SIZE else "TableTextSmall", align="right" if numeric else None, bold=bold or header,
                 extra="<w:keepNext/>" if keep else "")
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr>{para}</w:tc>'


def _table(block: dict[str, Any]) -> str:
    columns = block["columns"]
    # Tables of many figures (a column a year) in smaller type, so that whole pounds fit on one line.
    size = _TABLE_SIZE if len(columns) < 7 else _TABLE_SIZE - 2
    widths = _widths(block, size)
    header = "".join(_cell(c["label"], w, numeric=c["numeric"], header=True, bold=True, size=size) for c, w in zip(columns, widths))
    rows = [f'<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>{header}</w:tr>']
    # A short table is kept on one page with its caption (each row's text keeps with the next row).
    keep = len(block["rows"]) <= _KEEP_TOGETHER
    for n, row in enumerate(block["rows"]):
        total = block.get("total") and n == len(block["rows"]) - 1
        last = n == len(block["rows"]) - 1
        cells = "".join(_cell(text, w, numeric=c["numeric"], header=False, bold=bool(total), size=size, keep=keep and not last) for text, c, w in zip(row, columns, widths))
        rows.append(f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{cells}</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    table = (f'<w:tbl><w:tblPr><w:tblStyle w:val="ReportTable"/><w:tblW w:w="{_TEXT_W}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
             f'<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr>'
             f"<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>")
    caption = _para(block["caption"], "Caption")
    source = _para(block["source"], "SourceNote") if block.get("source") else ""
    return caption + table + source


def _list(block: dict[str, Any]) -> str:
    num = 2 if block["ordered"] else 1
    return "".join(_para(item, "ListParagraph", extra=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>') for item in block["items"])


def _body(report: dict[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """document.xml's body, and the chart parts it refers to: (relationship id, chart XML)."""
    parts, charts = [], []
    for block in report["blocks"]:
        kind = block["type"]
        if kind == "title":
            parts.append(_para(block["text"], "Title"))
        elif kind == "meta":
            parts += [f'<w:p><w:pPr><w:pStyle w:val="Meta"/></w:pPr>{_runs(label + ": ", bold=True)}{_runs(value)}</w:p>' for label, value in block["items"]]
        elif kind == "heading":
            parts.append(_para(block["text"], f"Heading{block['level']}"))
        elif kind == "paragraph":
            parts.append(_para(block["text"], _ROLE_STYLE.get(block.get("role", "body"))))
        elif kind == "list":
            parts.append(_list(block))
        elif kind == "table":
            parts.append(_table(block))
        elif kind == "chart":
            rid = f"rIdChart{len(charts) + 1}"
            charts.append((rid, docx_chart.chart_xml(block)))
            parts.append(_para(block["title"], "Caption"))
            parts.append(f'<w:p><w:pPr><w:keepNext/></w:pPr><w:r>{docx_chart.inline(block, rid, len(charts))}</w:r></w:p>')
    footer_ref = '<w:footerReference w:type="default" r:id="rIdFooter"/>'
    section = (f'<w:sectPr>{footer_ref}<w:pgSz w:w="{_PAGE_W}" w:h="{_PAGE_H}"/>'
               f'<w:pgMar w:top="{_MARGIN}" w:right="{_MARGIN}" w:bottom="{_MARGIN}" w:left="{_MARGIN}" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>')
    return "".join(parts) + section, charts


def _document(body: str) -> str:
    return (f'{_XML}<w:document xmlns:w="{_W}" xmlns:r="{_R}" xmlns:wp="{_WP}" xmlns:a="{_A}"><w:body>{body}</w:body></w:document>')


def _style(style_id: str, name: str, kind: str = "paragraph", *, based: str | None = "Normal", ppr: str = "", rpr: str = "", extra: str = "") -> str:
    return (f'<w:style w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{name}"/>' + (f'<w:basedOn w:val="{based}"/>' if based else "")
            + f'{extra}<w:qFormat/>' + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + (f"<w:rPr>{rpr}</w:rPr>" if rpr else "") + "</w:style>")


def _styles() -> str:
    font = '<w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:eastAsia="Arial" w:cs="Arial"/>'
    border = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="808080"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    heading = lambda n, size, before: _style(f"Heading{n}", f"heading {n}", ppr=f'<w:keepNext/><w:keepLines/><w:spacing w:before="{before}" w:after="120"/><w:outlineLvl w:val="{n - 1}"/>',  # noqa: E731
                                               rpr=f'<w:b/><w:sz w:val="{size}"/><w:szCs w:val="{size}"/>', extra='<w:next w:val="Normal"/><w:uiPriority w:val="9"/>')
    styles = [
        f'<w:docDefaults><w:rPrDefault><w:rPr>{font}<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault>'
        '<w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>',
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>',
        _style("Title", "Title", ppr='<w:spacing w:after="240"/>', rpr='<w:b/><w:sz w:val="40"/><w:szCs w:val="40"/>', extra='<w:next w:val="Normal"/>'),
        heading(1, 30, 360), heading(2, 26, 240), heading(3, 22, 200),
        _style("Meta", "Report details", ppr='<w:spacing w:after="40"/>'),
        _style("Caption", "caption", ppr='<w:keepNext/><w:spacing w:before="200" w:after="80"/>', rpr='<w:b/><w:sz w:val="20"/>'),
        _style("TableText", "Table text", ppr='<w:spacing w:before="20" w:after="20" w:line="240" w:lineRule="auto"/>', rpr='<w:sz w:val="18"/><w:szCs w:val="18"/>'),
        _style("TableTextSmall", "Table text small", based="TableText", rpr='<w:sz w:val="16"/><w:szCs w:val="16"/>'),
        _style("SourceNote", "Source note", ppr='<w:spacing w:before="60" w:after="160"/>', rpr='<w:i/><w:color w:val="404040"/><w:sz w:val="18"/><w:szCs w:val="18"/>'),
        _style("Placeholder", "Placeholder for the report author", rpr='<w:i/><w:color w:val="A00000"/>'),
        _style("Warning", "Warning", ppr='<w:pBdr><w:left w:val="single" w:sz="18" w:space="6" w:color="C55A11"/></w:pBdr><w:ind w:left="200"/>'),
        _style("ListParagraph", "List Paragraph", ppr='<w:ind w:left="720"/><w:contextualSpacing/>'),
        _style("Footer", "footer", rpr='<w:sz w:val="18"/>'),
        ('<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/>'
         '<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
         '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'),
        (f'<w:style w:type="table" w:styleId="ReportTable"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/>'
         f'<w:tblPr><w:tblBorders>{border}</w:tblBorders></w:tblPr></w:style>'),
    ]
    return f'{_XML}<w:styles xmlns:w="{_W}">{"".join(styles)}</w:styles>'


def _numbering() -> str:
    def abstract(n: int, fmt: str, text: str) -> str:
        return (f'<w:abstractNum w:abstractNumId="{n}"><w:multiLevelType w:val="singleLevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl></w:abstractNum>')
    return (f'{_XML}<w:numbering xmlns:w="{_W}">{abstract(0, "bullet", "•")}{abstract(1, "decimal", "%1.")}'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def _footer(title: str) -> str:
    page = '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
    return f'{_XML}<w:ftr xmlns:w="{_W}" xmlns:r="{_R}"><w:p><w:pPr><w:pStyle w:val="Footer"/></w:pPr>{_runs(title + " — page ")}{page}</w:p></w:ftr>'


def _settings() -> str:
    return (f'{_XML}<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
            '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>')


def _core(case: dict[str, Any], title: str) -> str:
    created = f'<dcterms:created xsi:type="dcterms:W3CDTF">{xml_text(case["date"])}T00:00:00Z</dcterms:created>' if re.fullmatch(r"\d{4}-\d{2}-\d{2}", case["date"]) else ""
    return (f'{_XML}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:title>{xml_text(title)}</dc:title><dc:creator>{xml_text(case["author"])}</dc:creator>'
            f'<dc:subject>{xml_text(case["council"])}</dc:subject>{created}</cp:coreProperties>')


def _app() -> str:
    return (f'{_XML}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            "<Application>Children's social care calculators: business case</Application></Properties>")


def _types(charts: int) -> str:
    main = "application/vnd.openxmlformats-officedocument"
    overrides = [("/word/document.xml", f"{main}.wordprocessingml.document.main+xml"), ("/word/styles.xml", f"{main}.wordprocessingml.styles+xml"),
                 ("/word/numbering.xml", f"{main}.wordprocessingml.numbering+xml"), ("/word/settings.xml", f"{main}.wordprocessingml.settings+xml"),
                 ("/word/footer1.xml", f"{main}.wordprocessingml.footer+xml"),
                 ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"), ("/docProps/app.xml", f"{main}.extended-properties+xml")]
    overrides += [(f"/word/charts/chart{n}.xml", f"{main}.drawingml.chart+xml") for n in range(1, charts + 1)]
    return (f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides) + "</Types>")


def _rels(items: list[tuple[str, str, str]]) -> str:
    return f'{_XML}<Relationships xmlns="{_PKG}">' + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{target}"/>' for i, t, target in items) + "</Relationships>"


def write(report: dict[str, Any], case: dict[str, Any]) -> bytes:
    """The .docx file's bytes."""
    body, charts = _body(report)
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    files = {
        "[Content_Types].xml": _types(len(charts)),
        "_rels/.rels": _rels([("rId1", f"{office}/officeDocument", "word/document.xml"),
                              ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", "docProps/core.xml"),
                              ("rId3", f"{office}/extended-properties", "docProps/app.xml")]),
        "word/document.xml": _document(body),
        "word/_rels/document.xml.rels": _rels([("rIdStyles", f"{office}/styles", "styles.xml"), ("rIdNumbering", f"{office}/numbering", "numbering.xml"),
                                               ("rIdSettings", f"{office}/settings", "settings.xml"), ("rIdFooter", f"{office}/footer", "footer1.xml")]
                                              + [(rid, f"{office}/chart", f"charts/chart{n}.xml") for n, (rid, _) in enumerate(charts, start=1)]),
        "word/styles.xml": _styles(),
        "word/numbering.xml": _numbering(),
        "word/settings.xml": _settings(),
        "word/footer1.xml": _footer(report["title"]),
        "docProps/core.xml": _core(case, report["title"]),
        "docProps/app.xml": _app(),
    }
    files.update({f"word/charts/chart{n}.xml": xml for n, (_, xml) in enumerate(charts, start=1)})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            # A fixed date: the same case gives the same bytes (the command line and the page agree).
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), text.encode("utf-8"), zipfile.ZIP_DEFLATED)
    return buffer.getvalue()
