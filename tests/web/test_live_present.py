"""The live view's pictures and its projector mode (`?present=1`): who may see it, what it shows and hides,
how it refreshes itself without JavaScript."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from pages import csrf_token, text_spaces
from workshop_steps import FIRST, Q, add_consultant, join, login, new_workshop

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def workshop(app, client):
    """A signed-in consultant's workshop with three participants, two of them named: (client, id, code)."""
    add_consultant(app, "alice@conseil.example")
    assert login(client, "alice@conseil.example").status_code == 303
    workshop_id = new_workshop(client)
    code = re.search(r'class="code big-code">([A-Z0-9-]+)<', client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    code = code.group(1)
    join(app, code, name="Chloé Martin", role="Achats", choice=0)
    join(app, code, name="Bastien", choice=-1)
    join(app, code, choice=0)
    return client, workshop_id, code


def svgs(page: str) -> list[ET.Element]:
    """Every inline chart of the page (not the QR code), parsed as XML."""
    found = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" class="(?:group-radar|group-bars|answers-bar|progress-chart)".*?</svg>',
                       page, flags=re.S)
    return [ET.fromstring(svg.replace("&nbsp;", "\u00a0").replace("&#39;", "'")) for svg in found]


def test_projector_mode_has_no_names_no_forms_and_refreshes_itself(workshop):
    client, workshop_id, _ = workshop
    response = client.get(f"/workshops/{workshop_id}?present=1")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Chloé" not in page and "Bastien" not in page and "Achats" not in page
    assert "<form" not in page and "<button" not in page and "<input" not in page and "<script" not in page
    assert '<meta http-equiv="refresh" content="15">' in page
    assert "Mis à jour à" in page and "Suspendre l&#39;actualisation" in page
    assert f'href="/workshops/{workshop_id}"' in page  # the way out, to the facilitator's page
    assert "Exporter" not in page and "export." not in page and "consensus" not in page.split("</nav>")[0]
    charts = svgs(page)
    assert {chart.get("class") for chart in charts} == {"group-radar", "answers-bar", "progress-chart"}
    for chart in charts:
        assert chart.get("role") == "img" and chart.find(SVG + "title").text and chart.find(SVG + "desc").text


def test_facilitator_page_keeps_names_and_links_to_the_projector(workshop):
    client, workshop_id, _ = workshop
    page = text_spaces(client.get(f"/workshops/{workshop_id}").get_data(as_text=True))
    assert "Chloé Martin (Achats)" in page
    assert f'href="/workshops/{workshop_id}?present=1"' in page
    assert "http-equiv" not in page  # the facilitator's page is refreshed by a script, or by hand
    assert {chart.get("class") for chart in svgs(page)} == {"group-radar", "answers-bar", "progress-chart"}


def test_pause_and_refresh_bounds(workshop):
    client, workshop_id, _ = workshop
    paused = client.get(f"/workshops/{workshop_id}?present=1&refresh=0").get_data(as_text=True)
    assert "http-equiv" not in paused and "Reprendre l&#39;actualisation" in paused
    assert f'href="/workshops/{workshop_id}?present=1"' in paused
    slow = client.get(f"/workshops/{workshop_id}?present=1&refresh=60").get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="60">' in slow
    for bad in ("3", "301", "abc", "-5", "1e3", "١٥"):
        response = client.get(f"/workshops/{workshop_id}?present=1&refresh={bad}")
        assert response.status_code == 400, bad
        assert "refresh : indiquez un nombre entier de secondes entre 5 et 300" in text_spaces(
            response.get_data(as_text=True)).replace("\u202f", " ")
    english = client.get(f"/workshops/{workshop_id}?present=1&refresh=2&lang=en")
    assert english.status_code == 400
    assert "refresh: give a whole number of seconds between 5 and 300, or 0 to stop refreshing." in english.get_data(
        as_text=True)


def test_projector_mode_is_the_facilitators_only(app, workshop):
    _, workshop_id, _ = workshop
    stranger = app.test_client()
    response = stranger.get(f"/workshops/{workshop_id}?present=1")
    assert response.status_code == 404 and "Chloé" not in response.get_data(as_text=True)
    add_consultant(app, "bob@conseil.example")
    other = app.test_client()
    login(other, "bob@conseil.example")
    assert other.get(f"/workshops/{workshop_id}?present=1").status_code == 404


def table_numbers(page: str, caption: str) -> dict[str, list[str]]:
    """A table's rows (header cell: the other cells' text), found by its caption."""
    table = page[page.index(caption):]
    table = table[:table.index("</table>")]
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table, flags=re.S)
    return {head: [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", cells, flags=re.S)]
            for head, cells in rows}


def test_the_pictures_say_the_numbers_of_the_tables(workshop):
    client, workshop_id, _ = workshop
    page = client.get(f"/workshops/{workshop_id}?present=1&lang=en").get_data(as_text=True)
    pillars = table_numbers(page, "Participants&#39; scores by pillar (0-100)")
    radar = next(chart for chart in svgs(page) if chart.get("class") == "group-radar")
    said = ["".join(t.itertext()) for t in radar.iter(SVG + "text")]
    for pillar in Q.pillars:
        median, band = pillars[pillar.title["en"]]
        assert (f"median {median}" in said) or median == "no answers yet"
        assert band in said or band == "—"
    first = pillars[FIRST.title["en"]]
    assert first[1] != "not enough answers"  # three participants answered the first page: a band
    assert pillars[Q.pillars[1].title["en"]] == ["no answers yet", "—"]
    progress = table_numbers(page, "Progress, page by page (number of participants)")
    started, finished = progress[FIRST.title["en"]]
    assert started == "3" and progress[Q.pillars[1].title["en"]] == ["0", "0"]
    bars = next(chart for chart in svgs(page) if chart.get("class") == "progress-chart")
    assert f"{finished} finished, 3 started" in ["".join(t.itertext()) for t in bars.iter(SVG + "text")]
    assert "3 joined · 3 started · 3 finished" not in page and "3 joined · 3 started · 0 finished" in page


def test_consensus_once_recorded_is_drawn_and_tabled(workshop):
    client, workshop_id, _ = workshop
    page = client.get(f"/workshops/{workshop_id}?present=1&lang=en").get_data(as_text=True)
    assert ">Consensus<" not in page and "consensus" not in "".join(
        "".join(t.itertext()) for chart in svgs(page) for t in chart.iter(SVG + "text"))
    form = client.get(f"/workshops/{workshop_id}/consensus").get_data(as_text=True)
    answers = {q.id: next(o.id for o in q.options if o.score == max(x.score or 0 for x in q.options))
               for q in FIRST.questions if q.depends_on is None}
    saved = client.post(f"/workshops/{workshop_id}/consensus", data={"csrf_token": csrf_token(form), **answers})
    assert saved.status_code == 303
    page = client.get(f"/workshops/{workshop_id}?present=1&lang=en").get_data(as_text=True)
    assert '<th scope="col">Consensus</th>' in page
    consensus = table_numbers(page, "Participants&#39; scores by pillar (0-100)")[FIRST.title["en"]][2]
    radar = next(chart for chart in svgs(page) if chart.get("class") == "group-radar")
    assert f"consensus {consensus}" in ["".join(t.itertext()) for t in radar.iter(SVG + "text")]
    assert "The dashed line is the consensus recorded." in page
