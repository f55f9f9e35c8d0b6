"""`python -m dxcheck` and the `dxcheck` command: a process that runs one command, then ends."""

from __future__ import annotations

import gc
from typing import NoReturn


def main() -> NoReturn:
    """Entry point of the `dxcheck` command and of `python -m dxcheck`."""
    # Importing typer, pydantic and the models allocates enough to set off a dozen collections that
    # find nothing to free (7 ms of a `validate` run); a run keeps the collector off anyway (cli.main).
    gc.disable()
    from dxcheck.cli import main as run

    try:
        run()
    finally:
        # the process ends here, and Python's last collection would walk every object still alive
        # (the models, the commands, the modules) to free nothing: frozen, they are left out of it
        # (10 ms of a `validate` run). Only this entry point may: it owns the process.
        gc.freeze()


if __name__ == "__main__":
    main()
