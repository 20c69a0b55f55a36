"""Lint rules over time on tiny datasets: owners gone, plans with no successor, boards
with no stated frequency."""

from __future__ import annotations

from datetime import date

from test_lint import found, ids, write_dataset

TODAY = date(2021, 6, 15)


def test_an_item_whose_owners_have_all_gone(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: plan:p, type: Plan, label: Plan P, line: 2}",
        "{id: obj:a, type: Objective, label: Left behind, line: 3}",
        "{id: obj:b, type: Objective, label: Empty post, line: 4}",
        "{id: obj:c, type: Objective, label: Still led, line: 5}",
        "{id: act:c1, type: Action, label: Inherits the lead, line: 6}",
        "{id: person:ann, type: Person, label: Ann Lee, status: left the council, line: 7}",
        "{id: person:bob, type: Person, label: Bob Roe, line: 8}",
        "{id: post:head, type: Post, label: Head of SEND, line: 9}",
    ], [
        "{s: plan:p, p: hasObjective, o: obj:a, line: 3}",
        "{s: plan:p, p: hasObjective, o: obj:b, line: 4}",
        "{s: plan:p, p: hasObjective, o: obj:c, line: 5}",
        "{s: obj:c, p: hasAction, o: act:c1, line: 6}",
        "{s: obj:a, p: responsible, o: person:ann, line: 3}",
        "{s: obj:b, p: responsible, o: post:head, line: 4}",
        "{s: obj:c, p: responsible, o: person:bob, line: 5}",
    ])
    assert found(folder, "owner-gone") == [
        ("obj:a", "objective 'Left behind': every owner has gone (Ann Lee has left)"),
        ("obj:b", "objective 'Empty post': every owner has gone (nobody holds post "
                  "'Head of SEND')")]


def test_a_finished_plan_with_no_successor(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: plan:old, type: Plan, label: Old plan, period: 2017-2019, line: 2}",
        "{id: plan:next, type: Plan, label: Next plan, period: 2019-2022, line: 3}",
        "{id: plan:gone, type: Plan, label: Lone plan, end: '2018', line: 4}",
        "{id: plan:budget, type: Plan, label: Budget, kind: revenue budget, period: 2016/17, "
        "line: 5}",
    ], ["{s: plan:next, p: buildsOn, o: plan:old, line: 3}"])
    assert found(folder, "plan-without-successor", today=TODAY) == [
        ("plan:gone", "plan 'Lone plan' ended 2018-12 (end '2018' read as 2018-12); no "
                      "later plan is recorded "
                      "(supersedes, buildsOn or replacedBy)")]
    assert ids(found(folder, "plan-without-successor", today=date(2030, 1, 1))) == [
        "plan:gone", "plan:next"]


def test_a_board_reporting_at_no_stated_frequency(tmp_path):
    folder = write_dataset(tmp_path, [
        "{id: board:a, type: Board, label: Board A, line: 2}",
        "{id: board:b, type: Board, label: Board B, line: 3}",
        "{id: board:top, type: Board, label: Top Board, line: 4}",
    ], [
        "{s: board:a, p: reportsTo, o: board:top, frequency: quarterly, line: 2}",
        "{s: board:b, p: reportsTo, o: board:top, line: 3}",
    ])
    assert found(folder, "board-without-frequency") == [
        ("board:b", "board 'Board B' reports to Top Board at no stated frequency")]
