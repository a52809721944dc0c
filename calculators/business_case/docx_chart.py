"""The tornado chart as a native Word chart (DrawingML ``c:chart``): a bar chart whose figures are cached in the part.

Chosen over a picture drawn in Python: the labels and figures stay text
(a screen reader, a search and a council's template all see them), the chart
follows the document's font, and no font rendering is needed in the
browser. The data are literal values in the chart part (``c:strLit`` /
``c:numLit``), so there is no embedded workbook and nothing external; the
table that follows the chart gives the same figures.
"""

from __future__ import annotations

from typing import Any

__all__ = ["chart_xml", "inline"]

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: Colours with at least 3:1 contrast against white, told apart by lightness as well as hue.
_COLOURS = ("2E5A88", "C55A11")
_EMU_PER_CM = 360_000


def _esc(text: Any) -> str:
    from .docx import xml_text

    return xml_text(text)


def _short(label: str, limit: int = 48) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _text_run(text: str, size: int, bold: bool = False) -> str:
    b = ' b="1"' if bold else ' b="0"'
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}"{b}/></a:pPr>'
            f'<a:r><a:rPr lang="en-GB" sz="{size}"{b}/><a:t>{_esc(text)}</a:t></a:r></a:p></c:rich></c:tx>')


def _format(unit: str | None, span: float = 0) -> str:
    """The axis's number format: money in £k or £m when large, so that the labels fit without turning."""
    if unit == "£":
        if span >= 1_000_000:
            return '£#,##0.0,,"m";−£#,##0.0,,"m";£0'
        if span >= 10_000:
            return '£#,##0,"k";−£#,##0,"k";£0'
        return "£#,##0;−£#,##0;£0"
    return "#,##0.##;−#,##0.##;0"


def chart_xml(block: dict[str, Any]) -> str:
    """The chart part: each input's effect on the figure, low and high end, as bars either side of the central value."""
    categories = block["categories"]
    count = len(categories)
    cat = f'<c:cat><c:strLit><c:ptCount val="{count}"/>' + "".join(f'<c:pt idx="{i}"><c:v>{_esc(_short(name))}</c:v></c:pt>' for i, name in enumerate(categories)) + "</c:strLit></c:cat>"
    series = []
    for n, (item, colour) in enumerate(zip(block["series"], _COLOURS)):
        values = "".join(f'<c:pt idx="{i}"><c:v>{float(v)!r}</c:v></c:pt>' for i, v in enumerate(item["values"]))
        series.append(f'<c:ser><c:idx val="{n}"/><c:order val="{n}"/><c:tx><c:v>{_esc(item["name"])}</c:v></c:tx>'
                      f'<c:spPr><a:solidFill><a:srgbClr val="{colour}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>{cat}'
                      f'<c:val><c:numLit><c:formatCode>{_esc(_format(block["unit"]))}</c:formatCode><c:ptCount val="{count}"/>{values}</c:numLit></c:val></c:ser>')
    span = max((abs(v) for item in block["series"] for v in item["values"]), default=0)
    unit = f" ({block['unit']})" if block["unit"] and block["unit"] != "£" else ""
    axis_title = f"Change from the central value{unit}"
    text_props = '<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
            '<c:lang val="en-GB"/><c:roundedCorners val="0"/><c:chart>'
            # The caption above the chart is its title (document text); a second title inside would repeat it.
            '<c:autoTitleDeleted val="1"/>'
            '<c:plotArea><c:layout/><c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
            f'{"".join(series)}<c:gapWidth val="60"/><c:overlap val="100"/><c:axId val="10"/><c:axId val="20"/></c:barChart>'
            '<c:catAx><c:axId val="10"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>'
            '<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>'
            f'{text_props}<c:crossAx val="20"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
            '<c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>'
            f'<c:title>{_text_run(axis_title, 800)}<c:overlay val="0"/></c:title>'
            f'<c:numFmt formatCode="{_esc(_format(block["unit"], span))}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
            f'{text_props}<c:crossAx val="10"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx></c:plotArea>'
            '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
            '</c:chartSpace>')


def inline(block: dict[str, Any], rid: str, number: int) -> str:
    """The drawing that places chart ``rid`` in the text, 16 cm wide, with its alternative text (``wp:docPr descr``)."""
    width = 16 * _EMU_PER_CM
    height = int((3.2 + 1.0 * len(block["categories"])) * _EMU_PER_CM)
    return (f'<w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{number}" name="Chart {number}" title="{_esc(block["title"])}" descr="{_esc(block["alt"])}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic><a:graphicData uri="{_C}"><c:chart xmlns:c="{_C}" r:id="{rid}"/></a:graphicData></a:graphic></wp:inline></w:drawing>')
