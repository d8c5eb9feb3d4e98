"""Callers over an open DuckDB connection, for the command line (the dashboard passes its
cached, role-aware `dashboard.queries.call` and `.audit` instead)."""

from __future__ import annotations

import pandas as pd

from pipelines import audit as pipelines_audit
from pipelines import metrics
from pipelines.report.content import AuditCaller, Caller

__all__ = ["connection_caller"]


def connection_caller(con) -> tuple[Caller, AuditCaller]:
    """`call(name, sel=None, **kwargs)` -> `pipelines.metrics.<name>(con, sel, **kwargs)`
    and `audit(name, **params)` -> `pipelines.audit.<name>(con, **params)`, over `con`
    (a read-only connection: `pipelines.load.open_readonly`)."""

    def call(name: str, sel: metrics.Selection | None = None, **kwargs: object) -> pd.DataFrame:
        if name not in metrics.__all__:
            raise AttributeError(f"pipelines.metrics has no function {name!r}")
        function = getattr(metrics, name)
        return function(con, **kwargs) if sel is None else function(con, sel, **kwargs)

    def audit(name: str, **params: object) -> object:
        if name not in pipelines_audit.__all__:
            raise AttributeError(f"pipelines.audit has no function {name!r}")
        return getattr(pipelines_audit, name)(con, **params)

    return call, audit
