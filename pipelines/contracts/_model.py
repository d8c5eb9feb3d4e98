"""Read the ODCS contracts and compile each one into a list of checks.

A check is one Great Expectations expectation (its type and kwargs, exactly as GX
serialises them) plus what copdash needs around it: the stable rule name that goes into
the `quarantine` table and the plain-language message a person reads. Nothing here imports
Great Expectations; `_gx.py` turns checks into a suite.

Where each rule comes from in a contract (`data_contracts/<dataset>.odcs.yaml`):

| contract                                      | rule name                         |
|-----------------------------------------------|-----------------------------------|
| property `required: true`                     | `<dataset>.<column>.required`     |
| property `logicalType` other than string      | `<dataset>.<column>.type`         |
| `logicalTypeOptions.pattern`                  | `<dataset>.<column>.pattern`      |
| `logicalTypeOptions.minLength/maxLength`      | `<dataset>.<column>.length`       |
| `logicalTypeOptions.minimum/maximum/exclusive*`| `<dataset>.<column>.range`       |
| `logicalTypeOptions.multipleOf`               | `<dataset>.<column>.decimals`     |
| property `enum`                               | `<dataset>.<column>.enum`         |
| every text (`string`) property                | `<dataset>.<column>.characters`   |
| `primaryKey` properties                       | `<dataset>.primary_key.unique`    |
| `relationships` (foreign keys)                | `<dataset>.<column>.foreign_key` (or its `rule`) |
| `quality` entries `type: custom`, `engine: great-expectations` | the entry's `name` |

docs/contracts.md explains each rule and how to add one.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from pipelines.datasets import LOAD_ORDER
from pipelines.errors import CopdashError
from pipelines.settings import PROJECT_ROOT

from ._types import LOGICAL_TYPES, decimals_regex

__all__ = [
    "CONTRACTS_DIR",
    "Check",
    "Contract",
    "ContractProblem",
    "Property",
    "Relationship",
    "load_contracts",
    "text_column",
]

CONTRACTS_DIR = PROJECT_ROOT / "data_contracts"

# Tables a relationship may point at: the canonical datasets and the instrument tables the
# loader writes before surveys are validated. Table names in generated SQL come only from here.
REFERENCE_TABLES = frozenset(LOAD_ORDER) | {"instruments", "instrument_items"}
SUPPORTED_TYPES = frozenset({"string", *LOGICAL_TYPES})
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]*$")
_MESSAGE_SPECIALS = frozenset({"_length", "_lines"})
# C0 control characters and DEL, except tab, line feed and carriage return: invisible in a
# spreadsheet, they end up in stored text (a NUL, a bell, a form feed pasted from another
# program). Every text column has the `<dataset>.<column>.characters` rule against them.
CONTROL_CHARACTERS = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"

# A row is told the most basic problem with a value and not its consequences: a value that
# is not of its type is not also checked against its range or pattern; a value that breaks
# its own rules is not looked up in another dataset; a reference that is missing is not
# also compared across datasets, and a row whose key is duplicated in the file is not also
# compared with other rows (its twin would "overlap" it). Checks of a later stage skip the
# rows where a check of an earlier stage failed on a column they depend on.
STAGES = {
    "required": 0, "type": 0, "characters": 0,
    "pattern": 1, "length": 1, "enum": 1, "decimals": 1, "range": 1, "unique": 1,
    "foreign_key": 2,
    "custom": 3,
}


class ContractProblem(CopdashError):
    """A contract file cannot be compiled (a typo in a rule, an unknown column, ...)."""

    def __init__(self, source_file: str | Path, problem: str) -> None:
        self.source_file = str(source_file)
        self.problem = problem
        super().__init__(f"{Path(source_file).name}: {problem}")


@dataclass(frozen=True)
class Property:
    """One column of a dataset as its contract describes it."""

    name: str
    logical_type: str
    required: bool
    primary_key_position: int | None
    options: Mapping[str, Any]
    enum: tuple[str, ...] | None
    default: Any
    pattern_help: str | None
    value_hints: tuple[tuple[frozenset[str], str], ...]
    description: str


@dataclass(frozen=True)
class Relationship:
    """A foreign key: the row's `from_columns` must exist as `to_columns` of `to_table`."""

    from_columns: tuple[str, ...]
    to_table: str
    to_columns: tuple[str, ...]
    rule: str
    message: str


@dataclass(frozen=True)
class Check:
    """One expectation and the rule it enforces.

    `expectation` and `kwargs` are GX's own serialisation (`ExpectationConfiguration`).
    `message` is a template: `{name}` is the value of column `name` on the failing row
    (as the file wrote it, for the dataset's own columns; as looked up, for columns of the
    prepare query); `{_length}` is the length of `column`'s text; `{_lines}` the lines
    sharing a duplicated key.
    """

    rule: str
    expectation: str
    kwargs: Mapping[str, Any] = field(compare=False)
    message: str
    kind: str
    column: str | None = None
    quarantined_in: tuple[str, tuple[str, ...]] | None = None
    description: str = ""
    # Columns that must have passed the earlier stages (see `STAGES`) on a row before this
    # check is reported for it: "'C 5' is not a valid id" says enough without "no CoP C 5".
    depends_on: tuple[str, ...] = ()

    @property
    def stage(self) -> int:
        return STAGES.get(self.kind, 0)

    @property
    def frame_columns(self) -> tuple[str, ...]:
        """The columns of the validated frame the expectation reads."""
        names: list[str] = []
        for key in ("column", "column_A", "column_B"):
            if key in self.kwargs:
                names.append(self.kwargs[key])
        names.extend(self.kwargs.get("column_list", ()))
        names.extend(_condition_columns(self.kwargs.get("row_condition")))
        return tuple(dict.fromkeys(names))

    @property
    def message_fields(self) -> tuple[str, ...]:
        fields = [name for _, name, _, _ in string.Formatter().parse(self.message) if name]
        return tuple(dict.fromkeys(fields))


@dataclass(frozen=True)
class Contract:
    """A dataset's contract, compiled. See `docs/contracts.md`."""

    dataset: str
    path: Path
    columns: list[str]
    primary_key: list[str]
    required_columns: list[str]
    relationships: list[Relationship]
    properties: dict[str, Property]
    checks: tuple[Check, ...]
    prepare_sql: str | None = None
    prepare_file: str | None = None

    @property
    def rules(self) -> list[str]:
        """Every rule name this contract can report, in check order."""
        return list(dict.fromkeys(check.rule for check in self.checks))


def text_column(prop: Property) -> str:
    """The frame column holding what the file wrote for `prop` (stripped, blank = NA).

    For strings that is the column itself; for other types the typed value sits under the
    canonical name and the text beside it, so that type checks see the text and range or
    cross-column checks see numbers and dates.
    """
    return prop.name if prop.logical_type == "string" else f"{prop.name}__text"


# libyaml's safe loader where installed: the same documents as `yaml.safe_load`, parsed
# about 8x faster (every load reads all eleven contracts: 0.01 s instead of 0.08 s).
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def load_contracts() -> dict[str, Contract]:
    """Every `data_contracts/*.odcs.yaml`, compiled, in `LOAD_ORDER`; cached per process."""
    return load_contracts_from(CONTRACTS_DIR)


def load_contracts_from(directory: Path) -> dict[str, Contract]:
    contracts: dict[str, Contract] = {}
    for path in sorted(Path(directory).glob("*.odcs.yaml")):
        contract = parse_contract(path)
        contracts[contract.dataset] = contract
    missing = [name for name in LOAD_ORDER if name not in contracts]
    if missing:
        raise ContractProblem(directory, f"no contract for {', '.join(missing)}")
    extra = sorted(set(contracts) - set(LOAD_ORDER))
    if extra:
        raise ContractProblem(directory, f"contracts for unknown datasets: {', '.join(extra)}")
    return {name: contracts[name] for name in LOAD_ORDER}


def parse_contract(path: Path) -> Contract:
    try:
        doc = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - safe
    except (OSError, yaml.YAMLError) as error:
        raise ContractProblem(path, f"cannot be read as YAML ({error})") from error
    dataset = path.name.removesuffix(".odcs.yaml")
    objects = doc.get("schema") or []
    if len(objects) != 1 or objects[0].get("name") != dataset:
        raise ContractProblem(path, f"must describe exactly one schema object named {dataset}")
    obj = objects[0]
    properties: dict[str, Property] = {}
    relationships: list[Relationship] = []
    quality: list[dict] = list(obj.get("quality") or [])
    for raw in obj.get("properties") or []:
        prop = _parse_property(path, raw)
        if prop.name in properties:
            raise ContractProblem(path, f"column {prop.name} is described twice")
        properties[prop.name] = prop
        for rel in raw.get("relationships") or []:
            relationships.append(_parse_relationship(path, dataset, rel, implicit_from=prop.name))
        quality.extend(raw.get("quality") or [])
    for rel in obj.get("relationships") or []:
        relationships.append(_parse_relationship(path, dataset, rel, implicit_from=None))
    for rel in relationships:
        for name in rel.from_columns:
            if name not in properties:
                raise ContractProblem(path, f"relationship from unknown column {name}")

    primary_key = [
        p.name
        for p in sorted(
            (p for p in properties.values() if p.primary_key_position is not None),
            key=lambda p: p.primary_key_position or 0,
        )
    ]
    if not primary_key:
        raise ContractProblem(path, "no primaryKey column")

    custom = _custom_properties(obj.get("customProperties"))
    prepare_file = custom.get("prepareQuery")
    prepare_sql = None
    if prepare_file:
        sql_path = path.parent / prepare_file
        try:
            prepare_sql = sql_path.read_text(encoding="utf-8").strip().rstrip(";")
        except OSError as error:
            raise ContractProblem(path, f"prepareQuery {prepare_file} cannot be read") from error

    checks = _compile(path, dataset, properties, primary_key, relationships, quality)
    return Contract(
        dataset=dataset,
        path=path,
        columns=list(properties),
        primary_key=primary_key,
        required_columns=[p.name for p in properties.values() if p.required],
        relationships=relationships,
        properties=properties,
        checks=checks,
        prepare_sql=prepare_sql,
        prepare_file=prepare_file,
    )


def _custom_properties(items: list[dict] | None) -> dict[str, Any]:
    return {item["property"]: item.get("value") for item in items or []}


def _parse_property(path: Path, raw: dict) -> Property:
    name = raw.get("name", "")
    if not _IDENTIFIER.match(name):
        raise ContractProblem(path, f"column name {name!r} is not a lower-case identifier")
    logical_type = raw.get("logicalType", "string")
    if logical_type not in SUPPORTED_TYPES:
        raise ContractProblem(path, f"{name}: logicalType {logical_type} is not supported")
    custom = _custom_properties(raw.get("customProperties"))
    enum = raw.get("enum")
    hints = []
    for hint in custom.get("valueHints") or []:
        hints.append((frozenset(str(v).lower() for v in hint["values"]), str(hint["hint"])))
    return Property(
        name=name,
        logical_type=logical_type,
        required=bool(raw.get("required", False)),
        primary_key_position=(
            int(raw.get("primaryKeyPosition", 1)) if raw.get("primaryKey") else None
        ),
        options=dict(raw.get("logicalTypeOptions") or {}),
        enum=tuple(str(item["value"]) for item in enum) if enum else None,
        default=custom.get("default"),
        pattern_help=custom.get("patternHelp"),
        value_hints=tuple(hints),
        description=str(raw.get("description", "")),
    )


def _split_reference(path: Path, ref: str) -> tuple[str, str]:
    table, _, column = ref.partition(".")
    if not (_IDENTIFIER.match(table) and _IDENTIFIER.match(column)):
        raise ContractProblem(path, f"relationship reference {ref!r} is not table.column")
    return table, column


def _parse_relationship(
    path: Path, dataset: str, rel: dict, *, implicit_from: str | None
) -> Relationship:
    to = rel["to"] if isinstance(rel["to"], list) else [rel["to"]]
    targets = [_split_reference(path, ref) for ref in to]
    tables = {table for table, _ in targets}
    if len(tables) != 1 or not tables <= REFERENCE_TABLES:
        raise ContractProblem(path, f"relationship to {to} must point at one known table")
    if implicit_from is not None:
        from_columns = (implicit_from,)
    else:
        sources = rel["from"] if isinstance(rel["from"], list) else [rel["from"]]
        refs = [_split_reference(path, ref) for ref in sources]
        if {table for table, _ in refs} != {dataset}:
            raise ContractProblem(path, f"relationship from {sources} must start in {dataset}")
        from_columns = tuple(column for _, column in refs)
    if len(from_columns) != len(targets):
        raise ContractProblem(path, f"relationship {from_columns} -> {to}: lengths differ")
    to_table = targets[0][0]
    to_columns = tuple(column for _, column in targets)
    custom = _custom_properties(rel.get("customProperties"))
    rule = custom.get("rule") or f"{dataset}.{'_'.join(from_columns)}.foreign_key"
    if len(from_columns) == 1:
        default_message = (
            f"{from_columns[0]} '{{{from_columns[0]}}}' does not match any {to_columns[0]} "
            f"in {to_table}: add it to {to_table} first, or correct the {from_columns[0]}"
        )
    else:
        shown = " and ".join(f"{name} '{{{name}}}'" for name in from_columns)
        default_message = f"{shown} do not match any row of {to_table}"
    return Relationship(
        from_columns=from_columns,
        to_table=to_table,
        to_columns=to_columns,
        rule=rule,
        message=custom.get("message") or default_message,
    )


def _condition_columns(condition: Any) -> list[str]:
    """Column names used by a GX row_condition given in its serialised (dict) form."""
    if not isinstance(condition, Mapping):
        return []
    if "conditions" in condition:
        return [name for part in condition["conditions"] for name in _condition_columns(part)]
    column = condition.get("column")
    return [column["name"]] if isinstance(column, Mapping) else []


def _range_phrase(options: Mapping[str, Any]) -> str | None:
    low, high = options.get("minimum"), options.get("maximum")
    low_x, high_x = options.get("exclusiveMinimum"), options.get("exclusiveMaximum")
    parts = []
    if low is not None and high is not None:
        return f"between {_num(low)} and {_num(high)}"
    if low is not None:
        parts.append(f"at least {_num(low)}")
    if low_x is not None:
        parts.append(f"more than {_num(low_x)}")
    if high is not None:
        parts.append(f"at most {_num(high)}")
    if high_x is not None:
        parts.append(f"less than {_num(high_x)}")
    return " and ".join(parts) or None


def _num(value: float) -> str:
    return f"{value:,}" if abs(value) >= 10_000 else f"{value:g}"


def _compile(
    path: Path,
    dataset: str,
    properties: dict[str, Property],
    primary_key: list[str],
    relationships: list[Relationship],
    quality: list[dict],
) -> tuple[Check, ...]:
    checks: list[Check] = []

    def add(rule: str, expectation: str, kwargs: dict, message: str, kind: str, **extra) -> None:
        checks.append(Check(rule, expectation, kwargs, message, kind, **extra))

    for prop in properties.values():
        name, text = prop.name, text_column(prop)
        prefix = f"{dataset}.{name}"
        options = dict(prop.options)
        if prop.required:
            needs = f": use one of {', '.join(prop.enum)}" if prop.enum else ": fill it in"
            add(f"{prefix}.required", "expect_column_values_to_not_be_null", {"column": text},
                f"{name} is blank but is required{needs}", "required", column=name)
        if prop.logical_type == "string":
            add(f"{prefix}.characters", "expect_column_values_to_not_match_regex",
                {"column": name, "regex": CONTROL_CHARACTERS},
                f"{name} contains an invisible control character (such as NUL, a bell or a "
                "form feed, often left by copying from another program): delete it and type "
                "the value again", "characters", column=name)
        if prop.logical_type != "string":
            kind = LOGICAL_TYPES[prop.logical_type]
            add(f"{prefix}.type", "expect_column_values_to_match_regex",
                {"column": text, "regex": kind.regex},
                f"{name} '{{{name}}}' {kind.problem}", "type", column=name)
        if "pattern" in options:
            help_text = prop.pattern_help or f"it must match the pattern {options['pattern']}"
            add(f"{prefix}.pattern", "expect_column_values_to_match_regex",
                {"column": name, "regex": options.pop("pattern")},
                f"{name} '{{{name}}}' is not valid: {help_text}", "pattern", column=name,
                depends_on=(name,))
        if "minLength" in options or "maxLength" in options:
            low, high = options.pop("minLength", None), options.pop("maxLength", None)
            if low is not None and high is not None:
                limit = f"{low} to {high} characters"
            elif high is not None:
                limit = f"at most {high} characters"
            else:
                limit = f"at least {low} characters"
            add(f"{prefix}.length", "expect_column_value_lengths_to_be_between",
                {"column": name, "min_value": low, "max_value": high},
                f"{name} is {{_length}} characters long but must be {limit}", "length",
                column=name, depends_on=(name,))
        if prop.enum:
            add(f"{prefix}.enum", "expect_column_values_to_be_in_set",
                {"column": name, "value_set": list(prop.enum)},
                f"{name} '{{{name}}}' is not one of {', '.join(prop.enum)}", "enum", column=name,
                depends_on=(name,))
        if "multipleOf" in options:
            try:
                regex, places = decimals_regex(options.pop("multipleOf"))
            except ValueError as error:
                raise ContractProblem(path, f"{name}: {error}") from error
            add(f"{prefix}.decimals", "expect_column_values_to_match_regex",
                {"column": text, "regex": regex},
                f"{name} '{{{name}}}' has more than {places} decimal places", "decimals",
                column=name, depends_on=(name,))
        phrase = _range_phrase(options)
        if phrase and prop.logical_type in ("integer", "number"):
            kwargs = {
                "column": name,
                "min_value": options.get("minimum", options.get("exclusiveMinimum")),
                "max_value": options.get("maximum", options.get("exclusiveMaximum")),
                "strict_min": "exclusiveMinimum" in options,
                "strict_max": "exclusiveMaximum" in options,
            }
            add(f"{prefix}.range", "expect_column_values_to_be_between", kwargs,
                f"{name} is {{{name}}} but must be {phrase}", "range", column=name,
                depends_on=(name,))
        elif phrase:
            raise ContractProblem(path, f"{name}: ranges are only supported for numbers")
        leftover = set(options) - {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "format"}
        if leftover:
            raise ContractProblem(path, f"{name}: unsupported logicalTypeOptions {sorted(leftover)}")

    key_text = ", ".join(f"{name} '{{{name}}}'" for name in primary_key)
    if len(primary_key) > 1:
        key_text = f"the key ({key_text})"
    per = ", ".join(primary_key)
    key_message = (
        f"{key_text} appears on more than one row of this file (lines {{_lines}}): "
        f"keep one row per {per}"
    )
    if len(primary_key) == 1:
        add(f"{dataset}.primary_key.unique", "expect_column_values_to_be_unique",
            {"column": primary_key[0]}, key_message, "unique", column=primary_key[0],
            depends_on=tuple(primary_key))
    else:
        add(f"{dataset}.primary_key.unique", "expect_compound_columns_to_be_unique",
            {"column_list": list(primary_key)}, key_message, "unique",
            depends_on=tuple(primary_key))

    for index, rel in enumerate(relationships):
        add(rel.rule, "expect_column_values_to_be_in_set",
            {"column": reference_column(index), "value_set": [True]}, rel.message,
            "foreign_key", column=rel.from_columns[-1],
            quarantined_in=(rel.to_table, rel.from_columns), depends_on=rel.from_columns)

    for entry in quality:
        check = _custom_check(path, dataset, entry)
        own = [c for c in check.frame_columns if c in properties]
        checks.append(replace(check, depends_on=tuple(dict.fromkeys([*own, *primary_key]))))

    known = set(properties) | {text_column(p) for p in properties.values()}
    for check in checks:
        for name in check.message_fields:
            if name not in _MESSAGE_SPECIALS and not _IDENTIFIER.match(name):
                raise ContractProblem(path, f"{check.rule}: message field {{{name}}} is not a column")
        if check.kind != "custom":
            missing = [c for c in check.frame_columns if c not in known and not c.startswith("_ref_")]
            if missing:
                raise ContractProblem(path, f"{check.rule}: unknown columns {missing}")
    return tuple(checks)


def reference_column(index: int) -> str:
    """Frame column holding relationship `index`'s lookup: True found, False not, NA skipped."""
    return f"_ref_{index}"


def _custom_check(path: Path, dataset: str, entry: dict) -> Check:
    name = entry.get("name", "")
    if entry.get("type") != "custom" or entry.get("engine") != "great-expectations":
        raise ContractProblem(
            path, f"quality rule {name or '(unnamed)'}: only type custom, engine great-expectations is supported"
        )
    if not name.startswith(f"{dataset}."):
        raise ContractProblem(path, f"quality rule {name!r} must be named {dataset}.<...>")
    implementation = entry.get("implementation")
    if not isinstance(implementation, Mapping) or not str(
        implementation.get("type", "")
    ).startswith("expect_"):
        raise ContractProblem(path, f"{name}: implementation must be {{type: expect_..., kwargs: ...}}")
    custom = _custom_properties(entry.get("customProperties"))
    message = custom.get("message")
    if not message:
        raise ContractProblem(path, f"{name}: customProperties needs a message")
    quarantined_in = None
    if custom.get("quarantinedIn"):
        ref = custom["quarantinedIn"]
        quarantined_in = (str(ref["dataset"]), tuple(ref["columns"]))
    kwargs = dict(implementation.get("kwargs") or {})
    return Check(
        rule=name,
        expectation=str(implementation["type"]),
        kwargs=kwargs,
        message=str(message),
        kind="custom",
        column=kwargs.get("column") or kwargs.get("column_A"),
        quarantined_in=quarantined_in,
        description=str(entry.get("description", "")),
    )
