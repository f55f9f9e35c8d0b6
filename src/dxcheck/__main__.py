"""`python -m dxcheck` and the `dxcheck` command: the collector is off before anything is imported."""

from __future__ import annotations

import gc
from typing import NoReturn


def main() -> NoReturn:
    """Entry point of the `dxcheck` command and of `python -m dxcheck`."""
    # Importing typer, pydantic and the models allocates enough to trigger a dozen collections that
    # find nothing to free (about 7 ms of a `validate` run); a run then keeps the collector off
    # anyway (cli.main). The process ends with the run, so nothing needs turning back on here.
    gc.disable()
    from dxcheck.cli import main as run

    run()


if __name__ == "__main__":
    main()
