"""The README documents what a user needs: the two set-up commands and every CLI command."""
from __future__ import annotations

from pathlib import Path

import typer.main

from eventwire.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_readme_opens_with_the_two_setup_commands():
    block = README.split("```sh", 1)[1].split("```", 1)[0]
    commands = [ln.split("#")[0].strip() for ln in block.strip().splitlines()]
    assert commands == ["make demo", "make test"]


def test_every_cli_command_is_documented():
    names = typer.main.get_command(app).commands
    assert names
    for name in names:
        assert f"eventwire {name}" in README, f"README does not document `eventwire {name}`"
