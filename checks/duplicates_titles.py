"""The plain heading of each kind of duplicate finding (sendkg.checks.duplicates.KINDS),
as an officer reads it: the command's headings and the web page's summary and filter."""

from __future__ import annotations

TITLES = {
    "repeated-item": "One item written several times",
    "duplicate": "The same work planned twice",
    "different-owners": "The same work owned by different people in one council",
    "similar-areas": "Similar work in several areas (a chance to share)",
    "repeated-report": "A body receiving the same report twice",
    "overlapping-boards": "Boards with overlapping remits",
}
