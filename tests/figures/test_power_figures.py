"""power figures in quick mode: files, data and the numbers they must show (paper 003, Fig. 2)."""

import numpy as np

from isacnet.pipeline import plot_figure
from isacnet.plotting import stored_paper_numbers
from isacnet.registry import get_figure


def _files_ok(out):
    for kind in ("netcdf", "csv", "png", "pdf"):
        assert out.files[kind].stat().st_size > 0
    return out.dataset


def _legend_texts(ds, fig_id):
    fig = plot_figure(ds, get_figure(fig_id))
    return [t.get_text() for leg in fig.legends for t in leg.get_texts()]


def test_power_fig2a(quick_figure):
    ds = _files_ok(quick_figure("power-fig2a"))
    theory = ds["value"].sel(series="large_n")
    sim = ds["value"].sel(series="glrt_mc")
    se = ds["std_error"].sel(series="glrt_mc")
    assert ds["power_budget_db"].size >= 8
    # PoD rises with the budget for every target, to 1 for all of them; at the lowest budget the network's
    # farthest target is barely detected (which target and how close the nearest is depend on the realisation)
    assert np.all(theory.diff("power_budget_db") >= 0)
    assert float(theory.isel(power_budget_db=0).min()) < 0.05 and float(theory.isel(power_budget_db=-1).min()) > 0.99
    # simulation vs eq. (12): 4 SE plus the large-N model term, at most 0.01 on this network (validation cases
    # power.pod_large_n: Jensen term <= 0.005)
    assert float(np.max(np.abs(sim - theory) - 4 * se)) <= 0.01
    assert int(ds["n_samples"].sel(series="glrt_mc").min()) == 2000


def test_power_fig2b(quick_figure):
    ds = _files_ok(quick_figure("power-fig2b"))
    v = {s: ds["value"].sel(series=s).values for s in ("ppa", "epa", "rpa")}
    f = {s: ds["value"].sel(series=f"{s}_feasible").values > 0.5 for s in ("ppa", "epa", "rpa")}
    budgets = ds["power_budget_db"].values
    assert budgets.size >= 8 and {9.0, 15.0, 19.0} <= set(budgets)  # the budgets the letter quotes
    # infeasible points are NaN; feasibility is monotone in the budget
    for s in v:
        assert np.all(np.isnan(v[s][~f[s]])) and np.all(np.isfinite(v[s][f[s]]))
        assert np.all(np.diff(f[s].astype(int)) >= 0)
    assert (~f["ppa"]).any() and f["ppa"].any()  # the sweep shows both regimes
    # PPA is feasible whenever a baseline is, and never worse
    assert np.all(f["ppa"] >= f["epa"]) and np.all(f["ppa"] >= f["rpa"])
    for s in ("epa", "rpa"):
        assert np.all(v["ppa"][f[s]] >= v[s][f[s]] - 1e-9)
    # the minimum total power (LP) separates infeasible from feasible budgets
    pmin = float(ds["value"].sel(series="min_power_db").values[0])
    np.testing.assert_array_equal(f["ppa"], budgets >= pmin)
    # equal powers: feasible exactly from the closed-form budget on
    epa_min = float(ds["value"].sel(series="epa_min_power_db").values[0])
    np.testing.assert_array_equal(f["epa"], budgets >= epa_min - 1e-9)
    # sum rate increases with the budget where feasible
    assert np.all(np.diff(v["ppa"][f["ppa"]]) > 0)
    # an empty curve says so in the legend, and the caption says why
    texts = _legend_texts(ds, "power-fig2b")
    if not f["epa"].any():
        assert any("EPA" in t and "(empty: see caption)" in t for t in texts)
        assert "EPA is infeasible at every budget" in ds.attrs["caption"]
    # RPA samples inside the feasible region: where PPA is feasible RPA is too, and the caption gives that
    # reason (how RPA is defined), not the channels
    if np.array_equal(f["rpa"], f["ppa"]):
        assert "RPA is feasible at every budget where PPA is, by construction" in ds.attrs["caption"]
    assert len(stored_paper_numbers(ds)) == 2


def test_power_fig2c(quick_figure):
    ds = _files_ok(quick_figure("power-fig2c"))
    value = {s: ds["value"].sel(series=s) for s in ("ppa", "epa", "rpa")}
    feasible = {s: ds["value"].sel(series=f"{s}_feasible") > 0.5 for s in value}
    assert ds["pod_min"].size >= 8
    for pb in ds["power_budget_db"].values:
        # a stricter PoD requirement never raises the PPA sum rate, nor makes a scheme feasible (every point
        # draws the same network and the same RPA splits)
        r = value["ppa"].sel(power_budget_db=pb).values
        ok = np.isfinite(r)
        assert np.all(np.diff(r[ok]) <= 1e-6)  # solver accuracy: PPA stops at |dR_sum| < 1e-6 bits/s/Hz
        for s in value:
            assert np.all(np.diff(feasible[s].sel(power_budget_db=pb).values.astype(int)) <= 0)
        # EPA's rate does not depend on xi_S where it is feasible
        e = value["epa"].sel(power_budget_db=pb).values
        if np.isfinite(e).sum() > 1:
            assert np.nanmax(e) - np.nanmin(e) < 1e-12
    # PPA is feasible wherever a baseline is, and never worse
    for s in ("epa", "rpa"):
        assert bool((feasible["ppa"] >= feasible[s]).all())
        both = (feasible["ppa"] & feasible[s]).values
        assert np.all(value["ppa"].values[both] >= value[s].values[both] - 1e-9)
    # the same network as fig. 2(b): under the paper profile the minimum total power of the Section V floors
    # (xi_S = 0.7) is the 8.5 dB the profile's gain offset was fitted to ("only PPA at 9 dB"; the profile file
    # rounds the offset to 1e-3 dB; the spec profile's 10.149 dB is pinned, tests/data/pinned_values.json)
    pmin = float(ds["value"].sel(series="min_power_db", pod_min=0.7, power_budget_db=20.0))
    np.testing.assert_allclose(pmin, 8.5, atol=1e-3)
    # a budget with no feasible point is listed as empty and the caption says why
    texts = _legend_texts(ds, "power-fig2c")
    for pb in ds["power_budget_db"].values:
        if not bool(feasible["ppa"].sel(power_budget_db=pb).any()):
            need = float(ds["value"].sel(series="min_power_db", power_budget_db=pb).min())  # loosest xi_S
            assert need > pb
            assert any(f"= {pb:g}$ dB (empty: see caption)" in t for t in texts)
            assert f"At {pb:g} dB no scheme is feasible for any ξ_S: the rate and PoD floors need at least " \
                   f"{need:.2f} dB" in ds.attrs["caption"]
    assert len(stored_paper_numbers(ds)) == 2
