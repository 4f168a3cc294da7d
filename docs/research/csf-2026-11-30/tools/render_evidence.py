"""Render the per-question part of evidence-texts.md from evidence-texts.yaml."""
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
ev = yaml.safe_load((HERE / "evidence-texts.yaml").read_text())["questions"]
quest = yaml.safe_load(Path("/work/main/questionnaires/sovereign-ai.yaml").read_text())
out = []
for pillar in quest["pillars"]:
    out.append(f"\n### {pillar['id']}\n")
    for q in pillar["questions"]:
        e = ev[q["id"]]
        out.append(f"**`{q['id']}`**\n")
        out.append(f"- fr : {e['evidence']['fr']}")
        out.append(f"- en: {e['evidence']['en']}")
        for oid, o in (e.get("options") or {}).items():
            extra = f" — `evidence_min: {o['evidence_min']}`, else credited as `{o['fallback']}`" if "evidence_min" in o else ""
            out.append(f"- option `{oid}`{extra}")
            out.append(f"  - fr : {o['evidence']['fr']}")
            out.append(f"  - en: {o['evidence']['en']}")
        out.append("")
print("\n".join(out))
