"""The project's colour-blind-safe palette and the labels that go with it.

One source for the dashboard's Plotly charts (dashboard/charts.py) and the printed report's
charts (pipelines/report/charts.py): one colour per member type, per mode and per uptake
status, everywhere. Okabe & Ito (2008), "Color Universal Design": distinguishable with the
common forms of colour blindness, and in greyscale print by lightness.
"""

from __future__ import annotations

__all__ = ["MEMBER_TYPE_COLOURS", "MEMBER_TYPE_LABELS", "MODE_COLOURS", "MODE_LABELS",
           "OKABE_ITO", "OTHER_COLOURS", "STATUS_COLOURS", "STATUS_ORDER"]

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "grey": "#999999",
    "black": "#000000",
}
MEMBER_TYPE_COLOURS = {
    "lay": OKABE_ITO["vermillion"],
    "clinical": OKABE_ITO["blue"],
    "non_clinical": OKABE_ITO["bluish_green"],
}
MEMBER_TYPE_LABELS = {
    "lay": "Lay",
    "clinical": "Professional clinical",
    "non_clinical": "Professional non-clinical",
}
# Colours for other groupings (gender, age band, deprivation quintile), in order.
OTHER_COLOURS = [
    OKABE_ITO[k] for k in ("orange", "sky_blue", "reddish_purple", "blue", "bluish_green",
                           "vermillion", "yellow", "black", "grey")
]
MODE_COLOURS = {
    "in_person": OKABE_ITO["orange"],
    "online": OKABE_ITO["sky_blue"],
    "hybrid": OKABE_ITO["reddish_purple"],
}
MODE_LABELS = {"in_person": "In person", "online": "Online", "hybrid": "Hybrid"}
STATUS_ORDER = ["proposed", "agreed", "in_progress", "implemented", "sustained", "dropped"]
STATUS_COLOURS = {
    "proposed": OKABE_ITO["yellow"],
    "agreed": OKABE_ITO["orange"],
    "in_progress": OKABE_ITO["sky_blue"],
    "implemented": OKABE_ITO["bluish_green"],
    "sustained": OKABE_ITO["blue"],
    "dropped": OKABE_ITO["grey"],
}
