"""What Great Expectations does with a validated frame beyond checking it.

GX fingerprints every batch smaller than 1 GB (an MD5 over a hash of every value) as a
batch marker for its stores; copdash's context is ephemeral and never reads the marker, and
at 10 million speaking turns it cost 29 s of the load. `_gx` switches it off.
"""

from __future__ import annotations

import pandas as pd

from pipelines.contracts import load_contracts
from pipelines.contracts._gx import ROW, _get_suites, _lock


def test_a_validated_frame_is_not_fingerprinted() -> None:
    """A batch of two community rows carries GX's load time but no data fingerprint."""
    contract = load_contracts()["communities"]
    frame = pd.DataFrame({"cop_id": ["C1", "C2"]}, index=pd.RangeIndex(2, name=ROW))
    with _lock:
        suite = _get_suites(contract, grouped=False)[0]
        columns = [c for c in suite.columns if c in frame.columns]
        batch = suite.batch_definition.get_batch(batch_parameters={"dataframe": frame[columns]})

    assert "ge_load_time" in batch.batch_markers
    assert "pandas_data_fingerprint" not in batch.batch_markers
