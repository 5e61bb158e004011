"""Build the converted corpus documents (HTML, DOCX, PDF) from the stored
text of published minutes in this folder (NN-*.src.md).

The .src.md files hold the published text verbatim (see ../MANIFEST.md for
where each one comes from).  Their only markup is line-based:

    # text        document heading
    ## text       section / item heading
    ### text      sub-heading
    - text        bullet
    | a | b |     table row
    anything else one paragraph per line

Run with the project venv:  .venv/bin/python benchmarks/import_corpus/sources/build.py [NN ...]
(with numbers, only the documents whose names start with them are rebuilt: a rebuild of a DOCX
changes its bytes even when its text is the same).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE.parent

# source stem -> (output extension, html flavour)
TARGETS = {
    "06-coop-agreement-oversight-board-2022-03-17": ("html", "govwales"),
    "07-welsh-government-board-2025-01-24": ("pdf", "plain"),
    "08-llangathen-community-council-agm-2020-11-17": ("docx", None),
    "10-sport-wales-board-2024-02-16.cy": ("html", "plain"),
    "11-cymdeithas-edward-llwyd-agm-2021-10-15.cy": ("docx", None),
    "12-llanfair-dc-community-council-2017-09-04.cy": ("pdf", "plain"),
    "13-public-health-wales-board-2011-04-11": ("docx", None),
    "14-ermysted-grammar-school-governors-2019-12-05": ("pdf", "plain"),
    "16-coleg-cymraeg-cenedlaethol-board-2021-05-25": ("pdf", "plain"),
    "17-east-lindsey-audit-governance-committee": ("html", "modgov"),
    "18-ceredigion-scrutiny-committee-2025-01-06.cy": ("html", "modgov"),
    "19-ynys-mon-county-council-2010-03-16.cy": ("docx", None),
    "20-university-of-melbourne-council-1999-09-06": ("html", "plain"),
    "23-west-bergholt-parish-council-2023-10-25": ("docx", None),
    "24-melton-parish-council-annual-2021-05-05": ("pdf", "plain"),
    "26-giddings-village-hall-trustees-2015-03-17": ("html", "plain"),
    "27-dolwyddelan-community-council-2020-01-09.cy": ("docx", None),
    "28-blaenau-gwent-council-2021-07-29.cy": ("html", "modgov"),
    "29-henllanfallteg-community-association-2016-09-07": ("pdf", "plain"),
    "30-barlaston-sole-trustee-2023-01-10": ("docx", None),
    "32-tonbridge-malling-council-2010-05-11": ("html", "plain"),
    "33-gwynedd-council-annual-2022": ("html", "modgov"),
    "34-groby-parish-council-2008-02-04": ("pdf", "plain"),
    "35-kent-environment-transport-cabinet-committee-2018-11-28": ("docx", None),
    "36-carmarthenshire-standards-committee-2022-11-21.cy": ("html", "modgov"),
    "37-aberdaron-community-council-2020-03-09.cy": ("docx", None),
    "38-carmarthenshire-executive-board-2018.cy": ("pdf", "plain"),
    "39-national-aln-steering-group-2023-09-28": ("html", "govwales"),
    "40-asl-implementation-group-2019-10-31": ("html", "plain"),
    # The second held-out set (HELD_OUT_2.md): built with these entries by the one who gathered it.
    "41-national-aln-steering-group-2023-03-16": ("docx", None),
    "42-youth-work-strategy-implementation-board-2023-11-30": ("html", "govwales"),
    "43-comisiwn-dyfodol-cyfansoddiadol-cymru-2023-02-07.cy": ("pdf", "plain"),
    "45-transport-scotland-smt-2021-09-14": ("pdf", "plain"),
    "46-denbighshire-welsh-language-steering-committee": ("html", "modgov"),
    "47-cyngor-tref-ffestiniog-2019-10-10.cy": ("pdf", "plain"),
    "48-gwynedd-cabinet.cy": ("html", "modgov"),
    "49-llanbadrig-community-council-2018-04-16": ("docx", None),
    "50-derby-derbyshire-ccg-governing-body-2022-04-07": ("pdf", "plain"),
    "52-intersect-osc-2024-01-26": ("docx", None),
}

LANG = {
    "cy": "cy",
    "08-llangathen-community-council-agm-2020-11-17": "cy",
    "49-llanbadrig-community-council-2018-04-16": "cy",
}


def parse(text: str) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if line.startswith("### "):
            blocks.append(("h3", line[4:]))
        elif line.startswith("## "):
            blocks.append(("h2", line[3:]))
        elif line.startswith("# "):
            blocks.append(("h1", line[2:]))
        elif line.startswith("- "):
            blocks.append(("li", line[2:]))
        elif line.startswith("|") and line.rstrip().endswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            blocks.append(("row", cells))
        else:
            blocks.append(("p", line))
    return blocks


def lang_of(stem: str) -> str:
    if stem.endswith(".cy"):
        return "cy"
    return LANG.get(stem, "en-GB")


CSS = """
@page { size: A4; margin: 2cm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: 'DejaVu Sans', 'Liberation Sans', sans-serif; font-size: 10.5pt; line-height: 1.35; }
h1 { font-size: 15pt; } h2 { font-size: 12pt; margin-top: 1.2em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; margin: 0.5em 0; }
td { border: 1px solid #999; padding: 2px 6px; vertical-align: top; }
"""


def to_html(stem: str, blocks, flavour: str) -> str:
    esc = html.escape
    title = next((b for k, b in blocks if k == "h1"), stem)
    out: list[str] = []
    if flavour == "modgov":
        # Modern.gov "ieListDocuments" layout: a table, one row per item,
        # the item number in its own cell.
        out.append(f"<h1>{esc(title)}</h1>")
        rows: list[list[str]] = []
        head: list[str] = []
        for kind, val in blocks:
            if kind == "h1":
                continue
            if kind == "h2":
                m = re.match(r"^(\d+(?:\.\d+)*[.]?)\s+(.*)$", val)  # "3", "3." or "3.1"
                num, ttl = (m.group(1), m.group(2)) if m else ("", val)
                rows.append([num, f'<p class="mgSubItemTitleTxt"><strong>{esc(ttl)}</strong></p>'])
            elif rows:
                rows[-1][1] += f"\n<p>{esc(val)}</p>"
            else:
                head.append(f"<p>{esc(val)}</p>")
        out.extend(head)
        out.append('<table class="mgItemTable" summary="Items">')
        out.append("<tr><th>No.</th><th>Item</th></tr>")
        for num, body in rows:
            out.append(f'<tr><td class="mgItemNumberCell">{esc(num)}</td><td>{body}</td></tr>')
        out.append("</table>")
    else:
        in_list = False
        in_table = False
        for kind, val in blocks:
            if kind != "li" and in_list:
                out.append("</ul>")
                in_list = False
            if kind != "row" and in_table:
                out.append("</table>")
                in_table = False
            if kind in ("h1", "h2", "h3"):
                out.append(f"<{kind}>{esc(val)}</{kind}>")
            elif kind == "li":
                if not in_list:
                    out.append("<ul>")
                    in_list = True
                out.append(f"<li>{esc(val)}</li>")
            elif kind == "row":
                if not in_table:
                    out.append("<table>")
                    in_table = True
                out.append("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in val) + "</tr>")
            else:
                out.append(f"<p>{esc(val)}</p>")
        if in_list:
            out.append("</ul>")
        if in_table:
            out.append("</table>")
    body = "\n".join(out)
    if flavour == "govwales":
        body = f'<main id="main-content"><article class="publication">\n{body}\n</article></main>'
    return (
        f'<!DOCTYPE html>\n<html lang="{lang_of(stem)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def to_docx(stem: str, blocks, path: Path) -> None:
    import docx
    from docx.shared import Pt

    d = docx.Document()
    d.core_properties.title = next((b for k, b in blocks if k == "h1"), stem)
    d.core_properties.language = lang_of(stem)
    style = d.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    table = None
    for kind, val in blocks:
        if kind != "row":
            table = None
        if kind == "h1":
            d.add_heading(val, level=1)
        elif kind == "h2":
            d.add_heading(val, level=2)
        elif kind == "h3":
            d.add_heading(val, level=3)
        elif kind == "li":
            d.add_paragraph(val, style="List Bullet")
        elif kind == "row":
            if table is None:
                table = d.add_table(rows=0, cols=len(val))
                table.style = "Table Grid"
            cells = table.add_row().cells
            for c, t in zip(cells, val, strict=False):
                c.text = t
        else:
            d.add_paragraph(val)
    d.save(str(path))


def main(only: list[str]) -> None:
    """Build every document, or only those whose name starts with one of ``only`` ("26", "27-")."""
    for src in sorted(HERE.glob("*.src.md")):
        stem = src.name[: -len(".src.md")]
        if only and not stem.startswith(tuple(only)):
            continue
        ext, flavour = TARGETS[stem]
        blocks = parse(src.read_text(encoding="utf-8"))
        dest = OUT / f"{stem}.{ext}"
        if ext == "html":
            dest.write_text(to_html(stem, blocks, flavour), encoding="utf-8")
        elif ext == "pdf":
            from weasyprint import HTML

            HTML(string=to_html(stem, blocks, flavour or "plain")).write_pdf(str(dest))
        elif ext == "docx":
            to_docx(stem, blocks, dest)
        print(f"{dest.name}: {dest.stat().st_size} bytes")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
