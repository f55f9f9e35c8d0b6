"""The least a checker on dxcheck's stack does: a typer command that reads a YAML file with PyYAML's
C loader and validates it against one pydantic model. The start-up reference of benchmarks/run.py."""

from __future__ import annotations

import os
import sys
from typing import Annotated

os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")  # as dxcheck's command line has it

import typer
import yaml
from pydantic import BaseModel, ConfigDict


class Header(BaseModel):
    model_config = ConfigDict(extra="allow")

    dxcheck: str
    id: str


def validate(files: Annotated[list[str], typer.Argument()]) -> None:
    for name in files:
        with open(name, "rb") as handle:
            Header.model_validate(yaml.load(handle, Loader=yaml.CSafeLoader))
        print(f"{name}: ok")


if __name__ == "__main__":
    typer.run(validate)
    sys.exit(0)
