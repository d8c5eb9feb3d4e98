"""What a figure is computed over: CoPs, dates, meeting types, modes, the facilitator switch."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Selection", "GROUP_ATTRIBUTES", "MEMBER_TYPES", "MODES", "STAGES"]

MEMBER_TYPES: tuple[str, ...] = ("lay", "clinical", "non_clinical")
MODES: tuple[str, ...] = ("in_person", "online", "hybrid")
STAGES: tuple[str, ...] = ("proposed", "agreed", "in_progress", "implemented", "sustained")
# member attributes equity can be broken down by (columns of mart_meeting_group_stats.attribute)
GROUP_ATTRIBUTES: tuple[str, ...] = ("member_type", "gender", "age_band", "deprivation_quintile")


@dataclass(frozen=True)
class Selection:
    """A selection of meetings (and of costs, surveys and uptake events by their dates).

    Empty tuples mean "all"; dates are inclusive. Facilitators are left out of every
    participation figure unless `include_facilitators` is set (costs always count them).
    """

    cop_ids: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    meeting_types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ()
    include_facilitators: bool = False

    def params(self) -> dict[str, object]:
        """Query parameters of the selection, named as in `pipelines/metrics/sql/*.sql`."""
        return {
            "cop_ids": list(self.cop_ids),
            "date_from": self.date_from,
            "date_to": self.date_to,
            "meeting_types": list(self.meeting_types),
            "modes": list(self.modes),
            "include_facilitators": bool(self.include_facilitators),
        }
