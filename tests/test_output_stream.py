"""JSON written as it is made (lint, duplicates): the same object as the one-piece form."""

from __future__ import annotations

import json


def test_streamed_json_parses_to_what_emit_json_prints(capsys):
    from sendkg.cli.output import emit_json, emit_json_stream

    query = {"command": "lint", "data": "x", "limit": 0}
    rows = [{"rule": "r", "message": "café “quoted”", "n": i, "when": None} for i in range(3)]
    extra = {"counts": {"error": 1}, "rules": {"r": 3}}
    emit_json(query, rows, **extra)
    whole = json.loads(capsys.readouterr().out)
    emit_json_stream(query, iter(rows), **extra)
    streamed = capsys.readouterr().out
    assert json.loads(streamed) == whole
    assert list(json.loads(streamed)) == ["query", "results", "counts", "rules"]
    assert len(streamed.splitlines()) == 4 + len(rows) + len(extra)  # one result a line
    emit_json_stream(query, iter([]))
    assert json.loads(capsys.readouterr().out) == {"query": query, "results": []}
