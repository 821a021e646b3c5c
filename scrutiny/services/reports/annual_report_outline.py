"""An annual report as numbered sections and paragraphs (seed 002: "2", "2.1"), built once from
the gathered data and the words, so the page, the PDF and the Word document number alike.

A paragraph has a number and some of: `heading` (a bold lead-in), `text`, `bullets` (a list, each
with an optional link) and `table` (headers and rows of cells, a cell being text and a link).
"""

from __future__ import annotations


def _cell(text, where: dict | None = None) -> dict:
    return {"text": str(text), "link": where}


def _figures_table(figures: list[dict]) -> dict:
    return {
        "headers": ["Figure", "Number"],
        "rows": [[_cell(f["label"]), _cell(f["value"], f["link"])] for f in figures],
    }


def _paragraphs_of(text: str) -> list[str]:
    return [p.strip() for p in (text or "").split("\n\n") if p.strip()]


def _items(rows: list[dict], words) -> list[dict]:
    return [{"text": words(r), "link": r.get("link")} for r in rows]


def _value(figures: list[dict], key: str) -> int:
    return next((f["value"] for f in figures if f["key"] == key), 0)


def _meetings(block: dict) -> list[dict]:
    m = block["meetings"]
    held, cancelled = len(m["held"]), len(m["cancelled"])
    text = f"The {block['name']} met {held} time{'s' if held != 1 else ''}"
    text += f" ({', '.join(r['label'] for r in m['held'])})." if held else "."
    if cancelled:
        text += f" {cancelled} meeting{'s were' if cancelled != 1 else ' was'} cancelled."
    if m["attendance_percent"] is not None:
        text += f" Members' attendance was {m['attendance_percent']}%."
    return [{"text": text, "table": _figures_table(m["figures"])}]


def _considered(block: dict) -> list[dict]:
    items = block["items"]
    paragraphs = [{"text": "Items considered, by kind:", "table": _figures_table(items["figures"])}]
    if items["reports"]:
        paragraphs.append(
            {
                "text": "Reports considered:",
                "bullets": _items(items["reports"], lambda r: r["title"]),
            }
        )
    return paragraphs


def _reviews(block: dict) -> list[dict]:
    reviews = block["reviews"]
    paragraphs = [{"table": _figures_table(reviews["figures"])}]
    for key, words in (("started", "Reviews started"), ("reported", "Reviews reported")):
        if reviews[key]:
            paragraphs.append(
                {
                    "text": f"{words}:",
                    "bullets": _items(reviews[key], lambda r: f"{r['topic']} ({r['status']})"),
                }
            )
    return paragraphs


def _recommendations(block: dict) -> list[dict]:
    recs = block["recommendations"]
    made = _value(recs["figures"], "made")
    text = f"The {block['name']} made {made} recommendation{'s' if made != 1 else ''}."
    if recs["on_time_percent"] is not None:
        text += f" {recs['on_time_percent']}% of responses came within the statutory two months."
    return [
        {"text": text, "table": _figures_table(recs["figures"])},
        {"text": "The executive's responses:", "table": _figures_table(recs["by_response"])},
    ]


def _actions(block: dict) -> list[dict]:
    actions = block["actions"]
    paragraphs = [
        {"text": "Actions by their latest RAG status:", "table": _figures_table(actions["figures"])}
    ]
    if actions["slippage"]:
        paragraphs.append(
            {
                "text": "Due dates revised during the year, with the reasons:",
                "bullets": _items(
                    actions["slippage"],
                    lambda r: " ".join(
                        x for x in (r["reference"], r["description"], "–", r["revision"]) if x
                    ),
                ),
            }
        )
    return paragraphs


def _programme(block: dict) -> list[dict]:
    programme = block["programme"]
    paragraphs = [{"table": _figures_table(programme["figures"])}]
    for key, words in (
        ("completed", "Completed"),
        ("carried_forward", "Carried forward"),
        ("proposed", "Proposed for next year"),
    ):
        if programme[key]:
            paragraphs.append(
                {
                    "text": f"{words}:",
                    "bullets": _items(programme[key], lambda r: f"{r['topic']} ({r['section']})"),
                }
            )
    return paragraphs


#: The sections drawn from the records, in order: (title, paragraphs for one committee).
RECORD_SECTIONS = (
    ("Meetings and attendance", _meetings),
    ("What the committee considered", _considered),
    ("Task-and-finish reviews", _reviews),
    ("Recommendations to the executive", _recommendations),
    ("Actions and slippage", _actions),
    ("Work programme", _programme),
)


def _case_studies(data: dict, narrative: dict) -> list[dict]:
    recs = {r["id"]: r for block in data["committees"] for r in block["recommendations"]["list"]}
    paragraphs = []
    for study in narrative.get("case_studies", []):
        rec = recs.get(study["recommendation_id"])
        if rec is None:  # not public, or not of this year: never printed
            continue
        status = rec["status"] + (f"; response: {rec['response']}" if rec["response"] else "")
        paragraphs.append(
            {
                "heading": f"Recommendation {rec['reference']}".strip(),
                "bullets": [{"text": f"{rec['text']} ({status})", "link": rec["link"]}],
                "text": study["text"],
            }
        )
    return paragraphs


def _numbered(number: int, title: str, paragraphs: list[dict]) -> dict:
    return {
        "number": str(number),
        "title": title,
        "paragraphs": [p | {"number": f"{number}.{i}"} for i, p in enumerate(paragraphs, 1)],
    }


def outline(data: dict, narrative: dict) -> list[dict]:
    """The numbered sections of the report; empty narrative sections are left out."""
    sections: list[tuple[str, list[dict]]] = []
    foreword = _paragraphs_of(narrative.get("foreword", ""))
    if foreword:
        sections.append(("Chair's foreword", [{"text": p} for p in foreword]))
    several = len(data["committees"]) > 1
    for title, build in RECORD_SECTIONS:
        paragraphs = []
        for block in data["committees"]:
            built = build(block)
            if several and built:
                built[0] = built[0] | {"heading": block["name"]}
            paragraphs.extend(built)
        sections.append((title, paragraphs))
    studies = _case_studies(data, narrative)
    if studies:
        sections.append(("What difference scrutiny made", studies))
    priorities = _paragraphs_of(narrative.get("priorities", ""))
    if priorities:
        sections.append(("Priorities for next year", [{"text": p} for p in priorities]))
    return [_numbered(n, title, paras) for n, (title, paras) in enumerate(sections, 1)]
