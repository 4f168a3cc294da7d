"""Render §5 of csf-mapping.md from csf-mapping.yaml + csf-justifications.yaml (checks they agree)."""
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent.parent
MAIN = Path("/work/main")
mapping = yaml.safe_load((HERE / "csf-mapping.yaml").read_text())["questions"]
why = yaml.safe_load((HERE / "csf-justifications.yaml").read_text())
quest = yaml.safe_load((MAIN / "questionnaires/sovereign-ai.yaml").read_text())

out = []
for pillar in quest["pillars"]:
    out.append(f"\n### 5.{['technology','data','ethics','independence'].index(pillar['id'])+1} {pillar['id']}\n")
    for q in pillar["questions"]:
        m, j = mapping[q["id"]], why[q["id"]]
        seals = m.get("seal") or {}
        jopts = j.get("options") or {}
        assert set(seals) <= set(jopts) | {"unknown"}, (q["id"], set(seals) - set(jopts))
        csf = ", ".join(m["csf"]) or "—"
        c3a = ", ".join(m["c3a"]) or "—"
        out.append(f"**`{q['id']}`** — csf: {csf} · c3a: {c3a}" + (" · **binds the SEAL estimate**" if seals else ""))
        out.append(f"\n{j['why']}\n")
        if seals:
            out.append("| option | score | seal | why |\n|---|---|---|---|")
            for o in q["options"]:
                if o.get("kind") == "not-applicable":
                    out.append(f"| `{o['id']}` | — | excluded | not applicable: the question does not count |")
                    continue
                s = seals.get(o["id"])
                out.append(f"| `{o['id']}` | {o['score'] if o['score'] is not None else '—'} | "
                           f"{'—' if s is None else s} | {jopts.get(o['id'], 'no SEAL reading' if s is None else '')} |")
            out.append("")
print("\n".join(out))
