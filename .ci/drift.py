"""Print how installed versions (a `pip freeze` on stdin) differ from a constraints file."""

from __future__ import annotations

import re
import sys


def pins(lines: list[str]) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)==(\S+)", line)
        if match:
            found[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[2]
    return found


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as stream:
        pinned = pins(stream.readlines())
    installed = pins(sys.stdin.readlines())
    changes = [
        f"    {name}: {pinned.get(name, 'not pinned')} -> {installed.get(name, 'not installed')}"
        for name in sorted(pinned.keys() | installed.keys())
        if pinned.get(name) != installed.get(name)
    ]
    print("\n".join(changes) if changes else "    none: the pins are the newest releases")
    return 0


if __name__ == "__main__":
    sys.exit(main())
