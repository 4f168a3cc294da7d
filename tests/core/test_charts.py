"""Server-side SVG charts: accessible, styled without a <style> element, escaped labels."""

from __future__ import annotations

from xml.etree import ElementTree

from assessment.report.charts import Axis, bar, radar


def test_radar_is_valid_accessible_svg():
    svg = radar([Axis("Tech <&>", 50, 40), Axis("Données", None), Axis("Éthique", 100), Axis("Indépendance", 0)],
                "Scores", "Tech: 50/100", baseline_label="référence")
    root = ElementTree.fromstring(svg)  # well-formed, labels escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert root.get("role") == "img"
    assert root.find(f"{ns}title").text == "Scores"
    assert root.find(f"{ns}desc").text == "Tech: 50/100"
    assert "<style" not in svg  # the pages' CSP forbids inline styles
    assert root.find(f"{ns}polygon[@class='baseline']") is not None
    labels = [t.text for t in root.iter(f"{ns}text")]
    assert "Tech <&>" in labels and "—" in labels


def test_score_polygon_follows_scores():
    svg = radar([Axis("A", 100), Axis("B", 0), Axis("C", 100), Axis("D", 0)], "t", "d")
    root = ElementTree.fromstring(svg)
    score = next(p for p in root.iter("{http://www.w3.org/2000/svg}polygon") if p.get("class") == "score")
    points = [tuple(map(float, p.split(","))) for p in score.get("points").split()]
    centre = points[1]  # B is 0: its point is the centre
    assert points[1] == points[3] == centre
    assert points[0][1] < centre[1] and points[2][1] > centre[1]  # A up, C down


def test_bar_label():
    assert 'aria-label="Data: 40/100"' in bar(40, "Data: 40/100")
