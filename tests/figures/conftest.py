"""Every result a figure test stores is self-describing (#15): the stored CF form of each one is
checked as it is written (units and long_name on every variable and coordinate)."""

import pytest


@pytest.fixture(autouse=True)
def _stored_results_have_units(monkeypatch):
    import isacnet.cf as cf

    original = cf.to_cf

    def checked(ds):
        stored = original(ds)
        missing = [name for name, var in stored.variables.items()
                   if not var.attrs.get("units") or not var.attrs.get("long_name")]
        assert not missing, f"{ds.attrs.get('figure', ds.attrs.get('experiment'))}: no units/long_name on {missing}"
        return stored

    monkeypatch.setattr(cf, "to_cf", checked)
