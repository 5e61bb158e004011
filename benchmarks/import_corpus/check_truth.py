"""Validate the ground-truth files of the import corpus.

    .venv/bin/python benchmarks/import_corpus/check_truth.py

For every document NN-*.{md,txt,html,docx,pdf} there must be a
NN-*.truth.json of the agreed shape.  As a guard against typing mistakes,
every decision, action text, attendee name and item title must also occur
in the document's own text (compared after removing markup characters and
collapsing whitespace).  Prints totals; exits 1 on any problem.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOC_EXTS = (".md", ".txt", ".html", ".docx", ".pdf")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def doc_text(path: Path) -> str:
    ext = path.suffix
    if ext in (".md", ".txt"):
        return path.read_text(encoding="utf-8")
    if ext == ".html":
        raw = path.read_text(encoding="utf-8")
        raw = re.sub(r"(?s)<(script|style).*?</\1>", " ", raw)
        return html.unescape(re.sub(r"<[^>]+>", " ", raw))
    if ext == ".docx":
        import docx

        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                parts.extend(c.text for c in row.cells)
        return "\n".join(parts)
    if ext == ".pdf":
        from pypdf import PdfReader

        return "\n".join(p.extract_text() or "" for p in PdfReader(str(path)).pages)
    raise ValueError(ext)


def norm(s: str) -> str:
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)  # markdown links
    s = s.replace("\\", "")
    s = re.sub(r"[*_`<>•]", "", s)
    return re.sub(r"\s+", "", s).lower()


def check_person(p, where, errs):
    if not isinstance(p, dict) or set(p) != {"name", "organisation"}:
        errs.append(f"{where}: person must have exactly name, organisation: {p!r}")
        return
    if not isinstance(p["name"], str) or not p["name"]:
        errs.append(f"{where}: bad name {p!r}")
    if p["organisation"] is not None and not isinstance(p["organisation"], str):
        errs.append(f"{where}: bad organisation {p!r}")


def check(truth_path: Path, doc: Path, totals: dict) -> list[str]:
    errs: list[str] = []
    try:
        t = json.loads(truth_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        return [f"{truth_path.name}: invalid JSON: {e}"]
    w = truth_path.name
    if set(t) != {"meeting", "attendance", "items"}:
        errs.append(f"{w}: top-level keys {sorted(t)}")
        return errs
    m = t["meeting"]
    if set(m) != {"date", "title"}:
        errs.append(f"{w}: meeting keys {sorted(m)}")
    if m.get("date") is not None and not DATE.match(m["date"]):
        errs.append(f"{w}: meeting.date {m['date']!r}")
    if m.get("title") is not None and not isinstance(m["title"], str):
        errs.append(f"{w}: meeting.title {m['title']!r}")
    a = t["attendance"]
    if set(a) != {"present", "apologies", "in_attendance"}:
        errs.append(f"{w}: attendance keys {sorted(a)}")
        return errs
    text = norm(doc_text(doc))

    def must_occur(s: str, where: str) -> None:
        if norm(s) not in text:
            errs.append(f"{w}: {where} not found in document: {s[:80]!r}")

    for k in ("present", "apologies", "in_attendance"):
        if not isinstance(a[k], list):
            errs.append(f"{w}: attendance.{k} not a list")
            continue
        for p in a[k]:
            check_person(p, f"{w}: attendance.{k}", errs)
            if isinstance(p, dict) and isinstance(p.get("name"), str):
                must_occur(p["name"], f"attendance.{k} name")
                if p.get("organisation"):
                    must_occur(p["organisation"], f"attendance.{k} organisation")
        totals["attendees"] += len(a[k])
    if not isinstance(t["items"], list):
        errs.append(f"{w}: items not a list")
        return errs
    for i, it in enumerate(t["items"]):
        where = f"items[{i}]"
        if set(it) != {"number", "title", "minutes", "decisions", "actions"}:
            errs.append(f"{w}: {where} keys {sorted(it)}")
            continue
        if it["number"] is not None and not isinstance(it["number"], str):
            errs.append(f"{w}: {where}.number must be a string or null")
        opening = i == 0 and it["number"] is None and it["title"] == ""
        if opening:
            pass  # the text before the first heading, with no title (RULES.md, "Items")
        elif not isinstance(it["title"], str) or not it["title"]:
            errs.append(f"{w}: {where}.title empty")
        else:
            must_occur(it["title"], f"{where}.title")
        if not isinstance(it["minutes"], str):
            errs.append(f"{w}: {where}.minutes not a string")
        for d in it["decisions"]:
            if not isinstance(d, str) or not d:
                errs.append(f"{w}: {where} bad decision {d!r}")
            else:
                must_occur(d, f"{where} decision")
        for act in it["actions"]:
            if not isinstance(act, dict) or set(act) != {"text", "owner", "due"}:
                errs.append(f"{w}: {where} bad action {act!r}")
                continue
            must_occur(act["text"], f"{where} action")
            if act["owner"] is not None and not isinstance(act["owner"], str):
                errs.append(f"{w}: {where} action owner {act['owner']!r}")
            if act["due"] is not None and not DATE.match(str(act["due"])):
                errs.append(f"{w}: {where} action due {act['due']!r}")
        totals["decisions"] += len(it["decisions"])
        totals["actions"] += len(it["actions"])
    totals["items"] += len(t["items"])
    return errs


def main() -> int:
    docs = sorted(p for p in HERE.glob("[0-9][0-9]-*") if p.suffix in DOC_EXTS)
    totals = {"documents": 0, "items": 0, "decisions": 0, "actions": 0, "attendees": 0}
    errs: list[str] = []
    for doc in docs:
        stem = doc.name[: -len(doc.suffix)]
        truth = HERE / f"{stem}.truth.json"
        if not truth.exists():
            errs.append(f"{doc.name}: no {truth.name}")
            continue
        if doc.stat().st_size >= 1_000_000:
            errs.append(f"{doc.name}: not under 1 MB")
        before = dict(totals)
        errs.extend(check(truth, doc, totals))
        totals["documents"] += 1
        print(
            f"{doc.name:60} items={totals['items'] - before['items']:3} "
            f"decisions={totals['decisions'] - before['decisions']:3} "
            f"actions={totals['actions'] - before['actions']:3} attendees={totals['attendees'] - before['attendees']:3}"
        )
    stems = {d.name[: -len(d.suffix)] for d in docs}
    for t in HERE.glob("*.truth.json"):
        if t.name[: -len(".truth.json")] not in stems:
            errs.append(f"{t.name}: no matching document")
    print("totals:", json.dumps(totals))
    for e in errs:
        print("ERROR", e)
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
