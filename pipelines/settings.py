"""Settings from `copdash.toml`, overridden by `COPDASH_*` environment variables.

One typed object so that the command line, the dashboard and the tests agree on the
database path, the survey suppression threshold and the bootstrap parameters.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

__all__ = ["Settings", "get_settings", "PROJECT_ROOT"]

# Where the run-time files kept outside the packages are (data_contracts/, sample_data/,
# docs/metrics.md, copdash.toml): the repository in a checkout or an editable install; in an
# installed wheel, the copy setup.py ships in pipelines/_shipped (the same layout).
_SHIPPED = Path(__file__).resolve().parent / "_shipped"
PROJECT_ROOT = _SHIPPED if _SHIPPED.is_dir() else Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    db: str = "data/cop.duckdb"
    min_group_size: int = 5
    bootstrap_resamples: int = 2000
    bootstrap_seed: int = 20180201
    # above this many meetings a figure's interval is linearised, not bootstrapped
    bootstrap_max_meetings: int = 2000
    merge_gap_s: float = 1.0
    # the Import pages (pipelines/upload_limits.py): uploads per signed-in user per window,
    # and the size of one upload (all its files together)
    uploads_per_user: int = 20
    upload_window_min: int = 10
    upload_total_mb: int = 200

    @property
    def db_path(self) -> Path:
        path = Path(self.db)
        return path if path.is_absolute() else Path.cwd() / path


def _coerce(value: str, kind: type) -> object:
    if kind is int:
        return int(value)
    if kind is float:
        return float(value)
    return value


def get_settings(config_file: str | os.PathLike | None = None) -> Settings:
    """Read the TOML file (if present), then apply `COPDASH_<NAME>` overrides."""
    path = Path(config_file or os.environ.get("COPDASH_CONFIG", "copdash.toml"))
    if not path.is_absolute() and not path.exists():
        path = PROJECT_ROOT / path
    values: dict[str, object] = {}
    if path.exists():
        with path.open("rb") as handle:
            values.update(tomllib.load(handle))
    settings = Settings()
    known = {f.name: f for f in fields(Settings)}
    values = {k: v for k, v in values.items() if k in known}
    for name in known:
        env = os.environ.get(f"COPDASH_{name.upper()}")
        if env is not None and env != "":
            values[name] = _coerce(env, type(getattr(settings, name)))
    return replace(settings, **values)
