"""Page sections: a heading, its query calls, charts and tables, called by one line of a
page (so several pages can show the same section without repeating it)."""
