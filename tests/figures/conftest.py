"""Every figure is reproduced in quick mode once per test session and shared by the figure tests and the
layer-wide tests (``test_layer.py``): ask for ``quick_figure`` and call it with a figure id.

Every result a figure test stores is self-describing (#15): the stored CF form of each one is
checked as it is written (units and long_name on every variable and coordinate)."""

import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")


@pytest.fixture(scope="session")
def quick_figure(tmp_path_factory):
    """``quick_figure(fig_id) -> RunOutput``: the figure reproduced in quick mode (serially) into one session
    folder, computed on first use and reused afterwards."""
    from isacnet.parallel import SerialExecutor
    from isacnet.pipeline import reproduce_figure

    root = tmp_path_factory.mktemp("quick-figures")
    done = {}

    def get(fig_id: str):
        if fig_id not in done:
            done[fig_id] = reproduce_figure(fig_id, root, quick=True, executor=SerialExecutor())
        return done[fig_id]

    return get


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
