"""Evidence in a workshop's aggregation (the consensus's proposed level) and in the answers table (export, import)."""

from __future__ import annotations

import pytest

from assessment.aggregation import consensus_evidence, evidence_tallies
from assessment.answer_table import CONSENSUS, Respondent, csv_bytes, read_table, rows, xlsx_bytes
from assessment.answers import Answer, AnswersError, AnswerSheet
from assessment.loading import bundled_questionnaire

Q = bundled_questionnaire()
CONTRACTS = Q.questions_by_id["indep-contracts"]  # multiple
INVENTORY = Q.questions_by_id["tech-inventory"]  # single


def people(*answers: tuple[str, Answer]) -> list[AnswerSheet]:
    return [AnswerSheet(Q.id, Q.version, "fr", {}, {qid: answer}) for qid, answer in answers]


def test_the_proposed_consensus_evidence_is_the_lowest_of_those_who_gave_the_answer():
    sheets = people(("tech-inventory", Answer(("central",), evidence="tested")),
                    ("tech-inventory", Answer(("central",), evidence="audited")),
                    ("tech-inventory", Answer(("partial",), evidence="declared")))
    assert consensus_evidence(INVENTORY, sheets, ("central",)) == "audited"
    assert consensus_evidence(INVENTORY, sheets, ("partial",)) == "declared"
    assert consensus_evidence(INVENTORY, sheets, ("none",)) == "declared"  # nobody gave it
    assert consensus_evidence(INVENTORY, sheets, ()) == "declared"


def test_a_multiple_answer_counts_those_who_gave_it_whole_else_those_sharing_an_option():
    a, b, c, d = [o.id for o in CONTRACTS.options if not o.kind and not o.exclusive][:4]
    sheets = people(("indep-contracts", Answer((b, a), evidence="tested")),
                    ("indep-contracts", Answer((a,), evidence="documented")),
                    ("indep-contracts", Answer((c,), evidence="declared")))
    assert consensus_evidence(CONTRACTS, sheets, (a, b)) == "tested"  # order does not matter: the same answer
    assert consensus_evidence(CONTRACTS, sheets, (a, d)) == "documented"  # composed: those who chose a
    tallies = evidence_tallies(CONTRACTS, sheets)
    assert [(t.options, t.count, t.levels) for t in tallies] == [
        ((a,), 1, (("documented", 1),)), ((a, b), 1, (("tested", 1),)), ((c,), 1, (("declared", 1),))]  # ties: in order


def test_evidence_tallies_count_each_level_most_common_answer_first():
    sheets = people(("tech-inventory", Answer(("partial",))),
                    ("tech-inventory", Answer(("central",), evidence="tested")),
                    ("tech-inventory", Answer(("central",))),
                    ("tech-models", Answer(("closed-api",))))
    tallies = evidence_tallies(INVENTORY, sheets)
    assert tallies[0].options == ("central",) and tallies[0].levels == (("declared", 1), ("tested", 1))
    assert tallies[1].options == ("partial",) and tallies[1].count == 1


RESPONSES = [
    (Respondent("1", "=Inès", "DSI", "2026-12-01"),
     {"tech-inventory": Answer(("central",), "-revu", "tested", "@registre"),
      "indep-contracts": Answer(tuple(o.id for o in CONTRACTS.options if not o.kind and not o.exclusive)[:2])}),
    (Respondent("2"), {"tech-models": Answer((), "pas sûr", "declared", "")}),
    (Respondent(CONSENSUS), {"tech-inventory": Answer(("central",), "dissent", "documented", "")}),
]


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_table_reads_back_what_was_written(kind):
    table = rows(Q, RESPONSES)
    data = csv_bytes(table) if kind == "csv" else xlsx_bytes(table)
    read = read_table(data, f"answers.{kind}", Q)
    assert read.respondents == [respondent for respondent, _ in RESPONSES]
    assert read.answers == {respondent.participant: answers for respondent, answers in RESPONSES}


def test_an_empty_evidence_cell_reads_as_declared_and_unknown_levels_are_located():
    good = "participant,name,role,joined,question,answer,comment,evidence,evidence_note\n1,,,,tech-inventory,central,,,\n"
    assert read_table(good.encode(), "a.csv", Q).answers["1"]["tech-inventory"].evidence == "declared"
    with pytest.raises(AnswersError) as refused:
        read_table((good + "2,,,,tech-inventory,central,,Audited,\n").encode(), "a.csv", Q)
    assert refused.value.problems == ["a.csv: row 3, evidence: unknown evidence level 'Audited'; expected one of "
                                      "declared, documented, audited, tested"]
    with pytest.raises(AnswersError) as twice:
        read_table((good + good.splitlines()[1] + "\n").encode(), "a.csv", Q)
    assert twice.value.problems == ["a.csv: row 3, question: a second answer of participant 1 to tech-inventory"]
