"""`copdash generate OUTDIR [--scale N] [--seed S] [--bad-share F]`: synthetic data.

Without --scale it writes the sample programme (what `sample_data/` holds); with --scale it
writes about N speaking turns for benchmarks.
"""

from __future__ import annotations

import argparse

__all__ = ["add_parser", "run"]


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    from pipelines.synthetic import DEFAULT_SEED

    parser = subparsers.add_parser(
        "generate",
        help="write synthetic data (the sample programme, or a large one for benchmarks)",
        description=(
            "Write one CSV file per dataset into OUTDIR. The data are SYNTHETIC: made up "
            "for demos, tests and benchmarks. The same seed always writes the same files."
        ),
    )
    parser.add_argument("outdir", metavar="OUTDIR", help="folder to write the CSV files into")
    parser.add_argument(
        "--scale", type=int, metavar="N", default=None,
        help="write about N speaking turns (e.g. 1000000) and everything else in proportion; "
             "without it, write the sample programme",
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    parser.add_argument(
        "--bad-share", type=float, default=0.0, metavar="F",
        help="with --scale: share of rows spoiled with typical user mistakes (e.g. 0.01)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from pipelines.commands._console import progress_bar
    from pipelines.synthetic import generate

    with progress_bar("Generating") as update:
        counts = generate(args.outdir, scale=args.scale, seed=args.seed,
                          bad_share=args.bad_share, progress=update)
    for dataset, rows in counts.items():
        print(f"{args.outdir}/{dataset}.csv: {rows:,} rows")
    print("These data are SYNTHETIC (made up); no real people or services.")
    return 0
