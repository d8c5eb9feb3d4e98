"""Page sections too big for a page's ~30 lines: each a function a page calls in one line
(widgets, query calls, chart calls, as a page would; no SQL, no plotly)."""
