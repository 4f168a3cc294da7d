"""Prototype of the SEAL-estimate rule proposed in format-proposal.md, run on the bundled personas.

Read-only use of the project's code (/work/main): loads the questionnaire and the answers documents,
finishes them as the method does (unanswered = don't know), and applies csf-mapping.yaml.
Usage: python3 tools/seal_estimate.py [answers.json ...]
"""
import json
import sys
from pathlib import Path

import yaml

MAIN = Path("/work/main")
sys.dont_write_bytecode = True  # never write into the main checkout
sys.path.insert(0, str(MAIN))
from assessment.answers import parse_document  # noqa: E402
from assessment.loading import bundled_questionnaire  # noqa: E402
from assessment.scoring import as_finished  # noqa: E402

HERE = Path(__file__).resolve().parent.parent
MAPPING = yaml.safe_load((HERE / "csf-mapping.yaml").read_text())["questions"]
OBJECTIVES = [f"SOV-{n}" for n in range(1, 9)]


def estimate(doc):
    q = bundled_questionnaire("sovereign-ai")
    sheet, _ = parse_document(doc, lambda *a, **k: q)
    finished, visible, silent = as_finished(q, sheet)
    per = {o: [] for o in OBJECTIVES}  # (seal, question, option)
    for _, question in q.questions():
        m = MAPPING[question.id]
        seals = m.get("seal") or {}
        if not seals or question.id not in visible:
            continue  # hidden questions never bind
        chosen = finished.selected(question.id)
        by_id = question.options_by_id
        if any(by_id[o].kind == "not-applicable" for o in chosen):
            continue
        readings = [seals[o] for o in chosen if o in seals]
        if not readings:
            continue  # the chosen option sets no SEAL
        seal = min(readings)
        for obj in sorted({c.split(".")[0] for c in m["csf"]}):
            per[obj].append((seal, question.id, ",".join(chosen) + ("*" if question.id in silent else "")))
    result = {}
    for obj, rows in per.items():
        if not rows:
            result[obj] = None
            continue
        low = min(r[0] for r in rows)
        result[obj] = (low, [f"{qid}={opt}" for s, qid, opt in rows if s == low])
    estimated = [v[0] for v in result.values() if v is not None]
    return result, (min(estimated) if estimated else None)


if __name__ == "__main__":
    paths = sys.argv[1:] or sorted((MAIN / "questionnaires" / "examples").glob("*.json"))
    for path in paths:
        doc = json.loads(Path(path).read_text())
        result, overall = estimate(doc)
        cells = " ".join(f"{o[4:]}:{'-' if v is None else v[0]}" for o, v in result.items())
        print(f"{Path(path).stem:28s} overall SEAL-{overall}  {cells}")
        for o, v in result.items():
            if v is not None and v[0] == overall:
                print(f"    {o} bound by {', '.join(v[1])}")
