"""Survey instruments (questionnaires) as data: YAML files checked against a JSON schema.

copdash ships its own in `data_contracts/instruments/`; a load folder may bring more in an
`instruments/` subfolder, so that a steering group adds its questionnaire without touching
code. Each file is checked against `data_contracts/instrument.schema.json`, then for what a
schema cannot say (item ids unique, scale minimum below maximum, labels on the scale). A
malformed file is rejected as a whole with `InstrumentProblem` naming the file.

The load writes the instruments to the database (`write_instruments`) before it validates
survey responses, whose contract checks items and values against these tables.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipelines.errors import CopdashError
from pipelines.limits import check_inside
from pipelines.settings import PROJECT_ROOT

__all__ = [
    "INSTRUMENTS_DIR",
    "Instrument",
    "InstrumentItem",
    "InstrumentProblem",
    "load_instruments",
    "read_instrument",
    "write_instruments",
]

INSTRUMENTS_DIR = PROJECT_ROOT / "data_contracts" / "instruments"
SCHEMA_PATH = PROJECT_ROOT / "data_contracts" / "instrument.schema.json"
DEFAULT_MIN_SHARE_ANSWERED = 0.5
_SUFFIXES = (".yaml", ".yml")


class InstrumentProblem(CopdashError):
    """An instrument file cannot be used; nothing of the load is written."""

    def __init__(self, source_file: str | Path, problem: str, fix: str = "") -> None:
        self.source_file = str(source_file)
        self.problem = problem
        self.fix = fix
        text = f"{source_file}: {problem}"
        if fix:
            text += f" To fix: {fix}"
        super().__init__(text)


@dataclass(frozen=True)
class InstrumentItem:
    item_id: str
    text: str
    subscale: str | None
    is_reverse: bool
    position: int  # 1-based order in the file


@dataclass(frozen=True)
class Instrument:
    instrument_id: str
    title: str
    version: str | None
    scale_min: int
    scale_max: int
    labels: dict[int, str]
    min_share_answered: float
    items: tuple[InstrumentItem, ...]
    source_file: str

    @property
    def subscales(self) -> list[str]:
        return list(dict.fromkeys(i.subscale for i in self.items if i.subscale))


def load_instruments(extra_dirs: Iterable[str | Path] = ()) -> list[Instrument]:
    """The shipped instruments plus those in `extra_dirs` (folders that do not exist are skipped).

    The same instrument_id in two files is an error unless both files say the same thing
    (a load folder may carry a copy of a shipped questionnaire).
    """
    found: dict[str, Instrument] = {}
    for path in _instrument_files([INSTRUMENTS_DIR, *map(Path, extra_dirs)]):
        instrument = read_instrument(path)
        earlier = found.get(instrument.instrument_id)
        if earlier is None:
            found[instrument.instrument_id] = instrument
        elif replace(earlier, source_file="") != replace(instrument, source_file=""):
            raise InstrumentProblem(
                path,
                f"instrument_id '{instrument.instrument_id}' is already defined, differently, "
                f"in {earlier.source_file}.",
                "Give each questionnaire its own instrument_id (for example add a version "
                "suffix), or remove one of the two files.",
            )
    return list(found.values())


def _instrument_files(directories: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for directory in directories:
        if directory.is_dir():
            found = sorted(p for p in directory.iterdir() if p.suffix.lower() in _SUFFIXES)
            for path in found:  # a link is refused (FileProblem), never followed
                check_inside(path, directory)
            files.extend(found)
    return files


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def _location(path: Sequence[Any]) -> str:
    """["items", 3, "id"] -> "item 4, id"; [] -> "the file"."""
    parts = list(path)
    head = ""
    if len(parts) >= 2 and parts[0] == "items" and isinstance(parts[1], int):
        head, parts = f"item {parts[1] + 1}", parts[2:]
    tail = ".".join(str(part) for part in parts)
    return ", ".join(piece for piece in (head, tail) if piece) or "the file"


def read_instrument(path: str | Path) -> Instrument:
    """One instrument file, checked; raises `InstrumentProblem` naming the file and problem."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as error:
        raise InstrumentProblem(path, "is not UTF-8 text.", "Save it as UTF-8.") from error
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}: " if mark is not None else ""
        what = getattr(error, "problem", None) or str(error)
        raise InstrumentProblem(
            path,
            f"is not valid YAML ({where}{what}).",
            "Check the indentation and the brackets near that line.",
        ) from error
    if not isinstance(raw, dict):
        raise InstrumentProblem(
            path,
            "does not describe an instrument.",
            "Write a YAML mapping with instrument_id, title, scale and items "
            "(see data_contracts/instruments/cop_experience.yaml).",
        )
    # JSON semantics for the schema: YAML's integer label keys become strings.
    data = json.loads(json.dumps(raw, default=str))
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    if errors:
        first = errors[0]
        more = f" ({len(errors) - 1} more problem{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        raise InstrumentProblem(
            path,
            f"{_location(list(first.absolute_path))}: {first.message}{more}.",
            "Compare the file with data_contracts/instrument.schema.json.",
        )

    scale = data["scale"]
    low, high = int(scale["min"]), int(scale["max"])
    if low >= high:
        raise InstrumentProblem(
            path, f"scale min {low} is not below scale max {high}.", "Set min below max."
        )
    labels = {int(point): text for point, text in (scale.get("labels") or {}).items()}
    off_scale = sorted(point for point in labels if not low <= point <= high)
    if off_scale:
        raise InstrumentProblem(
            path,
            f"scale labels for {', '.join(map(str, off_scale))} are outside the scale {low} to {high}.",
            "Label only points of the scale, or widen the scale.",
        )
    items = []
    seen: set[str] = set()
    for position, item in enumerate(data["items"], start=1):
        if item["id"] in seen:
            raise InstrumentProblem(
                path,
                f"item id '{item['id']}' is used twice.",
                "Give every item of an instrument its own id.",
            )
        seen.add(item["id"])
        items.append(
            InstrumentItem(
                item_id=item["id"],
                text=item["text"],
                subscale=item.get("subscale"),
                is_reverse=bool(item.get("reverse", False)),
                position=position,
            )
        )
    version = data.get("version")
    return Instrument(
        instrument_id=data["instrument_id"],
        title=data["title"],
        version=None if version is None else str(version),
        scale_min=low,
        scale_max=high,
        labels=labels,
        min_share_answered=float(data.get("min_share_answered", DEFAULT_MIN_SHARE_ANSWERED)),
        items=tuple(items),
        source_file=_shown_path(path),
    )


def _shown_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def write_instruments(con: Any, instruments: Sequence[Instrument]) -> None:
    """Replace the rows of these instruments in `instruments`, `instrument_items` and
    `instrument_scale_labels`.

    Instruments not in `instruments` keep their rows: survey responses stored by an earlier
    load may refer to a questionnaire that this load's folder does not carry again.
    Runs inside the caller's transaction.
    """
    ids = [i.instrument_id for i in instruments]
    if not ids:
        return
    con.execute("delete from instrument_scale_labels where list_contains(?, instrument_id)", [ids])
    con.execute("delete from instrument_items where list_contains(?, instrument_id)", [ids])
    con.execute("delete from instruments where list_contains(?, instrument_id)", [ids])
    con.executemany(
        "insert into instruments (instrument_id, title, version, scale_min, scale_max, "
        "min_share_answered, source_file) values (?, ?, ?, ?, ?, ?, ?)",
        [
            [i.instrument_id, i.title, i.version, i.scale_min, i.scale_max,
             i.min_share_answered, i.source_file]
            for i in instruments
        ],
    )
    item_rows = [
        [i.instrument_id, item.item_id, item.position, item.text, item.subscale, item.is_reverse]
        for i in instruments
        for item in i.items
    ]
    con.executemany(
        "insert into instrument_items (instrument_id, item_id, position, text, subscale, "
        "is_reverse) values (?, ?, ?, ?, ?, ?)",
        item_rows,
    )
    label_rows = [
        [i.instrument_id, point, label] for i in instruments for point, label in sorted(i.labels.items())
    ]
    if label_rows:
        con.executemany(
            "insert into instrument_scale_labels (instrument_id, value, label) values (?, ?, ?)",
            label_rows,
        )
