"""Reading footnotes out of the factsheet's extracted text (sources/)."""

from __future__ import annotations

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[1] / "sources" / "ai-safety-factsheet-2025.txt"
MARKER = re.compile(r"^(?:<sup>(\d{1,2})</sup>|(\d{1,2})(?=\s*$|\s+<http))\s*(.*)$")
URL = re.compile(r"\]\((https?://[^)\s]+)\)|<(https?://[^>\s]+)>")


def footnote_urls(path: Path = SOURCE) -> dict[int, list[str]]:
    """Footnote number → the URLs printed in it, in order (link targets where both are given)."""
    notes: dict[int, list[str]] = {}
    current = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line == "---" or line.startswith("#"):
            current = None
            continue
        match = MARKER.match(line)
        if match:
            current = int(match.group(1) or match.group(2))
            notes.setdefault(current, [])
            line = match.group(3)
        if current is not None:
            notes[current].extend(a or b for a, b in URL.findall(line))
    return notes
