"""`python -m dxcheck`."""

from dxcheck.cli import main

main()
