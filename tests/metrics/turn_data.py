"""Small programmes written as CSV files and loaded through the real pipeline, for the
turn-taking and mode-comparison tests: members, meetings where every listed member is
present, and voice turns in the order given."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from tests.metrics.conftest import build_database

TYPES = {"L": "lay", "C": "clinical", "N": "non_clinical", "F": "non_clinical"}


@dataclass
class Programme:
    """members: id -> CoP (the type is the id's first letter: L lay, C clinical, N
    non-clinical, F a non-clinical facilitator); meetings: (id, CoP, date, mode, type);
    attendance: meeting -> members present; turns: (meeting, member, start_s, duration_s,
    activity, act), turn ids numbered in the order given."""

    members: dict[str, str] = field(default_factory=dict)
    meetings: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    attendance: dict[str, list[str]] = field(default_factory=dict)
    turns: list[tuple[str, str, float, float, str, str]] = field(default_factory=list)

    def meeting(self, meeting_id: str, cop_id: str, held_on: str, present: list[str],
                mode: str = "in_person", meeting_type: str = "cop") -> None:
        self.meetings.append((meeting_id, cop_id, held_on, mode, meeting_type))
        self.attendance[meeting_id] = present
        for member in present:
            self.members.setdefault(member, cop_id)

    def turn(self, meeting_id: str, member: str, start_s: float, duration_s: float = 10,
             activity: str = "plenary", act: str = "") -> None:
        self.turns.append((meeting_id, member, start_s, duration_s, activity, act))

    def build(self, folder: Path) -> Path:
        """Write the CSV files into `folder` and load them into `folder`/db.duckdb."""
        folder.mkdir(parents=True, exist_ok=True)
        cops = sorted({meeting[1] for meeting in self.meetings})
        _write(folder / "communities.csv", ["cop_id", "name", "started_on"],
               [[cop, f"CoP {cop}", "2019-01-01"] for cop in cops])
        _write(folder / "members.csv",
               ["member_id", "cop_id", "member_type", "role", "is_facilitator"],
               [[m, cop, TYPES[m[0]], "", str(m.startswith("F")).lower()]
                for m, cop in self.members.items()])
        _write(folder / "meetings.csv",
               ["meeting_id", "cop_id", "held_on", "duration_min", "mode", "meeting_type"],
               [[mid, cop, day, "120", mode, kind] for mid, cop, day, mode, kind in self.meetings])
        _write(folder / "attendance.csv", ["meeting_id", "member_id", "status"],
               [[mid, m, "present"] for mid, present in self.attendance.items() for m in present])
        _write(folder / "speaking_turns.csv",
               ["turn_id", "meeting_id", "member_id", "channel", "start_s", "duration_s",
                "activity", "act", "source"],
               [[f"t{i:05d}", mid, m, "voice", start, duration, activity, act, "observation"]
                for i, (mid, m, start, duration, activity, act) in enumerate(self.turns)])
        return build_database(folder, folder / "db.duckdb")


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
