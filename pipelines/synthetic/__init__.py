"""Synthetic data for the demo, the tests and the benchmarks (`copdash generate`).

Without `scale` it writes the sample programme (three CoPs telling the study's story, see
`synthetic/sample/`); `sample_data/` in the repository is exactly `copdash generate
sample_data`, and a test keeps it so. With `scale=N` it writes about N speaking turns and
everything else in proportion (`synthetic/scale.py`), optionally with a share of planted bad
rows so that benchmarks measure the quarantine path too.

Files are CSV, UTF-8, one per canonical dataset, rows sorted by key, numbers formatted with a
fixed number of decimals: the same seed always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from pipelines.errors import CopdashError
from pipelines.synthetic.reference import COLUMNS

__all__ = ["DEFAULT_SEED", "SORT_KEYS", "generate", "write_rows"]

DEFAULT_SEED = 20180215  # the first CoP meeting of the study

# Rows are written in key order so that files diff cleanly and compare byte for byte.
SORT_KEYS: dict[str, list[str]] = {
    "communities": ["cop_id"],
    "members": ["member_id"],
    "meetings": ["meeting_id"],
    "attendance": ["meeting_id", "member_id"],
    "speaking_turns": ["turn_id"],
    "survey_responses": ["response_id", "item_id"],
    "costs": ["cost_id"],
    "time_rates": ["member_type", "role", "valid_from"],
    "recommendations": ["recommendation_id"],
    "recommendation_status": ["recommendation_id", "cop_id", "site", "status_on", "status"],
    "member_aliases": ["alias", "meeting_id"],
}

Progress = Callable[[int, int, str], None]


def write_rows(path: Path, dataset: str, rows: list[dict[str, str]]) -> int:
    """Write text rows as a CSV file in key order; returns the number of rows."""
    frame = pd.DataFrame(rows, columns=COLUMNS[dataset], dtype=str).fillna("")
    frame = frame.sort_values(SORT_KEYS[dataset], kind="stable")
    frame.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
    return len(frame)


def generate(
    outdir: str | Path,
    *,
    scale: int | None = None,
    seed: int = DEFAULT_SEED,
    bad_share: float = 0.0,
    progress: Progress | None = None,
) -> dict[str, int]:
    """Write one CSV per canonical dataset into `outdir`; returns rows written per dataset."""
    out = Path(outdir)
    if out.exists() and not out.is_dir():
        raise CopdashError(f"{out} is a file; give a folder to write the generated data into.")
    if not 0.0 <= bad_share < 0.5:
        raise CopdashError(f"--bad-share must be between 0 and 0.5 (got {bad_share}); "
                           "0.01 plants 1% bad rows.")
    if scale is not None and scale < 1:
        raise CopdashError(f"--scale must be a positive number of speaking turns "
                           f"(got {scale}).")
    out.mkdir(parents=True, exist_ok=True)
    if scale is None:
        from pipelines.synthetic.sample import build_sample

        if bad_share:
            raise CopdashError("--bad-share works with --scale only; the sample programme "
                               "stays clean (its bad examples are in sample_data/bad).")
        tables = build_sample(seed)
        counts = {}
        for done, (dataset, rows) in enumerate(tables.items()):
            counts[dataset] = write_rows(out / f"{dataset}.csv", dataset, rows)
            if progress:
                progress(done + 1, len(tables), f"{dataset}.csv")
        return counts
    from pipelines.synthetic.scale import generate_scale

    return generate_scale(out, turns=scale, seed=seed, bad_share=bad_share, progress=progress)
