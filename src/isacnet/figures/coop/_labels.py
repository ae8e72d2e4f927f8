"""Reading the fixed parameters of a coop figure back from its stored Dataset (figure side only)."""

from __future__ import annotations

import json


def fixed_param(ds, name: str, default):
    """The value of field ``name`` at the current selection of ``ds``: its coordinate when swept,
    else the scenario's value stored with the Dataset, else ``default`` (the model's)."""
    if name in ds.coords and ds[name].size == 1:
        return ds[name].values.item()
    params = json.loads(ds.attrs.get("scenario", "{}")).get("params", {})
    value = params.get(name, default)
    return default if isinstance(value, list) else value
