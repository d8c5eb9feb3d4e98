"""Turn-taking charts: who takes the floor after whom (pure DataFrame -> Plotly figure)."""

from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import MEMBER_TYPE_LABELS, OKABE_ITO, _layout, _note, group_label, wrap_label

__all__ = ["transition_heatmap"]

TYPES = tuple(MEMBER_TYPE_LABELS)
# observed / expected on a log scale: 1/4 and 4 are the ends of the colour scale
_LIMIT = math.log(4)


def _cell_text(row: pd.Series) -> str:
    expected = row["expected_n"]
    expected = "–" if pd.isna(expected) else f"{expected:.1f}"
    return f"{int(row['transitions_n'])}<br>({expected})"


def transition_heatmap(frame: pd.DataFrame, title: str) -> go.Figure:
    """3 x 3 cells: rows the member type who had the floor, columns the type who took it
    next. Each cell shows the transitions seen and, in brackets, the count random mixing
    would give; its colour is observed / expected on a log scale (blue: more often than
    chance, orange: less, white: about as often, grey: nothing expected).

    frame: from_member_type, to_member_type, transitions_n, expected_n, ratio, ci_low,
    ci_high (turn_taking.turn_transitions)."""
    grid = frame.set_index(["from_member_type", "to_member_type"])
    rows = [t for t in TYPES if t in set(frame["from_member_type"])]
    z, text, custom = [], [], []
    for a in rows:
        z_row, text_row, custom_row = [], [], []
        for b in rows:
            cell = grid.loc[(a, b)]
            ratio = cell["ratio"]
            z_row.append(None if pd.isna(ratio) else
                         max(-_LIMIT, min(_LIMIT, math.log(ratio) if ratio > 0 else -_LIMIT)))
            text_row.append(_cell_text(cell))
            custom_row.append([cell["ratio"], cell["ci_low"], cell["ci_high"]])
        z.append(z_row)
        text.append(text_row)
        custom.append(custom_row)
    # "Professional<br>clinical": labels that leave the cells room at phone width
    labels = [wrap_label(group_label(t), 12) for t in rows]
    fig = go.Figure(go.Heatmap(
        z=z, x=labels, y=labels, text=text, texttemplate="%{text}", customdata=custom,
        zmin=-_LIMIT, zmax=_LIMIT, xgap=3, ygap=3,
        colorscale=[[0, OKABE_ITO["vermillion"]], [0.5, "#ffffff"], [1, OKABE_ITO["blue"]]],
        # the colour bar lies under the cells, across the plot's width, so that it never
        # squeezes them nor runs out of the chart at 390 px
        colorbar={"title": {"text": "Seen ÷ expected", "side": "top"}, "orientation": "h",
                  "x": 0.5, "xanchor": "center", "y": -0.32, "yanchor": "top",
                  "thickness": 12, "len": 1,
                  "tickvals": [-_LIMIT, -math.log(2), 0, math.log(2), _LIMIT],
                  "ticktext": ["¼ or less", "½", "1", "2", "4 or more"]},
        hovertemplate=("<b>%{y} → %{x}</b><br>Seen (expected): %{text}<br>Seen ÷ expected "
                       "%{customdata[0]:.2f}, 95% interval %{customdata[1]:.2f} to "
                       "%{customdata[2]:.2f}<extra></extra>"),
    ))
    meetings = int(frame["meetings_n"].max()) if len(frame) else 0
    if meetings < 3:
        _note(fig, f"Based on {meetings} meeting{'s' if meetings != 1 else ''}: too few for "
                   "an interval.")
    fig = _layout(fig, title, "Next turn taken by", "Turn taken by",
                  yaxis={"autorange": "reversed", "automargin": True}, height=500)
    fig.update_layout(margin={"b": 130})  # room for the colour bar under the axis title
    return fig
