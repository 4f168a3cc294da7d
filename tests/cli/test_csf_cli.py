"""`sovereign-ai score --json` gives the CSF reading (`csf`) only for a questionnaire with `csf` keys."""

from __future__ import annotations

import json
from pathlib import Path

from assessment import resources

DATA = Path(__file__).parents[1] / "data"
OWN = ("--questionnaire-file", str(DATA / "mini.yaml"), "--catalogue-file", str(DATA / "catalogue.yaml"))


def test_score_json_has_csf_for_the_bundled_questionnaire_only(cli, tmp_path):
    code, out, err = cli("score", str(resources.examples_dir() / "manufacturer-it-inspection.json"), "--json")
    assert code == 0, err
    reading = json.loads(out)["csf"]
    assert set(reading) == {"policy", "overall", "objectives"}
    assert reading["overall"] == {"seal": 1, "objectives_estimated": 8}
    sov1 = reading["objectives"][0]
    assert set(sov1) == {"id", "seal", "estimated", "criteria_read", "gating_criteria", "binding", "declared_only"}
    assert sov1["binding"] == [{"question": "data-jurisdiction", "options": ["internal"], "seal": 1,
                                "evidence": "documented"}]  # as the persona backs it
    answers = tmp_path / "mini.json"
    answers.write_text(json.dumps({"questionnaire": "mini", "answers": {"tech-models": "closed-api"}}))
    code, out, err = cli("score", str(answers), "--json", *OWN)
    assert code == 0, err
    assert "csf" not in json.loads(out)
