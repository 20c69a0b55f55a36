"""`sendkg synth`: write a synthetic corpus for scale work."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from sendkg.cli.output import JsonOption, console, emit_json


def synth(
    councils: Annotated[int, typer.Option("--councils", min=1, help="How many councils.")],
    output: Annotated[Path, typer.Option("--output", "-o", help="Folder to write.")],
    seed: Annotated[int, typer.Option("--seed", help="Same seed, same files.")] = 0,
    json: JsonOption = False,
) -> None:
    """Write N councils' synthetic plans in the dataset format (deterministic per seed)."""
    from sendkg.data.synthetic import write_synthetic

    write_synthetic(output, councils, seed)
    if json:
        emit_json({"command": "synth", "councils": councils, "seed": seed}, [],
                  output=str(output))
    else:
        console.print(f"wrote {councils} councils to {output}")


def register(app: typer.Typer) -> None:
    app.command()(synth)
