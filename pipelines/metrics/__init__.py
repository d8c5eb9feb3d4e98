"""The metrics API: the one layer every number of the product comes from.

The dashboard, `copdash metrics` and `copdash export` call these functions; none computes a
metric itself. Each takes an open DuckDB connection and a `Selection` and returns a pandas
DataFrame. Definitions: docs/metrics.md; signatures and columns: docs/metrics-api.md.
"""

from __future__ import annotations

from pipelines.metrics.alerts import AlertConfigProblem, AlertRule, alerts, load_alert_rules
from pipelines.metrics.catalogue import communities, date_bounds, instruments
from pipelines.metrics.cost import (
    cost_by_category,
    cost_by_month,
    cost_rows,
    cost_summary,
    cost_totals,
    meeting_cost,
    missing_rates,
    mode_cost,
    time_rates_used,
)
from pipelines.metrics.exclusion import (
    digital_exclusion,
    digital_exclusion_members,
    online_moves,
)
from pipelines.metrics.funnel import cop_funnel, funnel_curve
from pipelines.metrics.headline import headline
from pipelines.metrics.mode_fairness import (
    adjusted_mode_effect,
    fair_comparison,
    member_mode,
    within_member,
)
from pipelines.metrics.participation import (
    chat_by_group,
    data_quality,
    hybrid_comparison,
    latest_changes,
    lay_members,
    lay_timeline,
    meeting_averages,
    meeting_counts,
    meeting_counts_by_cop,
    meeting_group,
    meeting_share_grid,
    meeting_summary,
    mode_comparison,
    pooled_equity,
    turn_acts,
)
from pipelines.metrics.selection import (
    GROUP_ATTRIBUTES,
    MEMBER_TYPES,
    MODES,
    STAGES,
    Selection,
)
from pipelines.metrics.surveys import (
    survey_item_distribution,
    survey_scores,
    survey_summary,
)
from pipelines.metrics.totals import lay_member_totals
from pipelines.metrics.turn_taking import (
    turn_answers,
    turn_notes,
    turn_response,
    turn_response_and_notes,
    turn_transitions,
)
from pipelines.metrics.uptake import (
    recommendation_meetings,
    time_to_implementation,
    uptake,
    uptake_by_month,
    uptake_funnel,
    uptake_status,
)

__all__ = [
    "GROUP_ATTRIBUTES",
    "MEMBER_TYPES",
    "MODES",
    "STAGES",
    "Selection",
    "chat_by_group",
    "communities",
    "cost_by_category",
    "cost_by_month",
    "cost_rows",
    "cost_summary",
    "cost_totals",
    "data_quality",
    "date_bounds",
    "instruments",
    "headline",
    "hybrid_comparison",
    "latest_changes",
    "lay_members",
    "lay_timeline",
    "meeting_averages",
    "meeting_cost",
    "meeting_group",
    "meeting_share_grid",
    "meeting_summary",
    "meeting_counts",
    "meeting_counts_by_cop",
    "missing_rates",
    "mode_comparison",
    "mode_cost",
    "pooled_equity",
    "recommendation_meetings",
    "survey_item_distribution",
    "survey_scores",
    "survey_summary",
    "time_rates_used",
    "time_to_implementation",
    "turn_acts",
    "uptake",
    "uptake_by_month",
    "uptake_funnel",
    "uptake_status",
    "digital_exclusion",
    "digital_exclusion_members",
    "online_moves",
    "cop_funnel",
    "funnel_curve",
    "AlertConfigProblem",
    "AlertRule",
    "alerts",
    "load_alert_rules",
    "lay_member_totals",

    "turn_transitions",
    "turn_response",
    "turn_answers",
    "turn_notes",
    "turn_response_and_notes",
    "member_mode",
    "within_member",
    "adjusted_mode_effect",
    "fair_comparison",
]
