"""The results page shows the claimed and the evidenced score side by side (issue #17 §1)."""

from __future__ import annotations

import html as html_lib

from pages import text_spaces


def test_a_declared_assessment_shows_its_evidenced_score_as_not_assessed(client):
    created = client.post("/api/v1/assessments", json={
        "questionnaire": "sovereign-ai", "language": "en",
        "answers": {"tech-inventory": "governed", "tech-models": "open-weight"}}).get_json()
    read = client.get(f"/api/v1/assessments/{created['id']}",
                      headers={"Authorization": f"Bearer {created['token']}"}).get_json()
    assert read["evidenced"]["overall"] is None
    assert read["evidenced"]["pillars"]["technology"] == {"score": None, "level": None, "assessed": False,
                                                             "share_evidenced": 0}
    page = client.get(f"/a/{created['token']}/results?lang=en")
    assert page.status_code == 200
    html = text_spaces(html_lib.unescape(page.get_data(as_text=True)))
    assert "Claimed and evidenced scores" in html and "not assessed" in html
    assert "The evidenced score is not assessed" in html
    assert '<polygon class="evidenced"' not in html  # no dotted series on the radar with nothing evidenced
