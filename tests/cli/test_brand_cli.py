"""`sovereign-ai report … --brand brand.yaml`: the consultant's firm and logo on the cover, or exit 2 saying why."""

from __future__ import annotations

import json

from brand_files import CLEAN_SVG, FIRM, svg
from documents import document, text_of


def test_report_with_a_brand_file_puts_the_firm_and_logo_on_the_cover(cli, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(document("en")), encoding="utf-8")
    (tmp_path / "brand").mkdir()
    (tmp_path / "brand" / "logo.svg").write_bytes(CLEAN_SVG)
    brand = tmp_path / "brand" / "brand.yaml"
    brand.write_text(f'firm: "{FIRM}"\nlogo: logo.svg\ncolour: "#1a4d8f"\n', encoding="utf-8")
    code, out, err = cli("report", str(answers), "-o", str(tmp_path / "r.pdf"), "--brand", str(brand))
    assert (code, err) == (0, ""), err
    assert f"Prepared by {FIRM}" in text_of((tmp_path / "r.pdf").read_bytes())


def test_a_bad_brand_file_exits_2_with_the_located_message_and_writes_nothing(cli, tmp_path):
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(document("en")), encoding="utf-8")
    (tmp_path / "logo.svg").write_bytes(svg('<image href="http://tracker.example/p.png"/>'))
    brand = tmp_path / "brand.yaml"
    brand.write_text("firm: Dupont\nlogo: logo.svg\n", encoding="utf-8")
    code, out, err = cli("report", str(answers), "-o", str(tmp_path / "r.pdf"), "--brand", str(brand))
    assert code == 2 and out == ""
    assert err == (f"error: {brand}:2: logo: logo.svg: The SVG logo links to “http://tracker.example/p.png” (href, "
                   "line 2): only links inside the file (#id) are allowed, nothing is fetched from elsewhere.\n")
    brand.write_text('firm: Dupont\ncolour: #1a4d8f\n', encoding="utf-8")
    code, _, err = cli("report", str(answers), str(answers), "-o", str(tmp_path / "out") + "/", "--brand", str(brand))
    assert code == 2 and f"{brand}:2: colour: empty: in YAML, # starts a comment" in err
    code, _, err = cli("report", str(answers), "-o", str(tmp_path / "r.pdf"), "--brand", str(tmp_path / "none.yaml"))
    assert code == 2 and "none.yaml: cannot read the brand file: No such file or directory" in err
    assert not (tmp_path / "r.pdf").exists() and not (tmp_path / "out").exists()
