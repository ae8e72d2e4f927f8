"""Distributions as results (#15): quantiles and CDFs in the Dataset, [results], the CF layout of the file."""

import math

import numpy as np
import pytest
import xarray as xr
from pydantic import Field

from isacnet.cf import from_cf, to_cf
from isacnet.errors import InputError
from isacnet.registry import AnalyticCdf, Experiment, Series, register_experiment
from isacnet.runner import compute_dataset
from isacnet.scenario import ParamsModel, load_scenario
from isacnet.simulate.stats import dkw_halfwidth
from isacnet.store import read_dataset, write_dataset

GRID = (0.25, 0.5, 1.0, 2.0, 4.0)


class _Params(ParamsModel):
    scale: float = Field(1.0, gt=0)


def _analytic(p):
    x = np.asarray(GRID) * p.scale
    return {"mean": p.scale, "exp_cdf": AnalyticCdf(x, -np.expm1(-x / p.scale))}


def _trial(p, rng, size):
    return {"x": rng.exponential(p.scale, size)}


register_experiment(
    Experiment(
        id="test.exponential",
        params=_Params,
        series=(
            Series("mean", "scale", unit="s"),
            Series("exp_cdf", "1 - exp(-x / scale)", unit="s"),
            Series("mc", "MC mean", kind="mc", source="x", unit="s"),
            Series("mc_median", "MC median", kind="mc", source="x", stat="median", unit="s"),
            Series("mc_root", "root of the MC mean", kind="mc", source="x", transform="sqrt", unit="s^0.5"),
        ),
        analytic=_analytic,
        trial=_trial,
        cdf_grid=lambda p: {"mc": np.asarray(GRID) * p.scale},
    )
)

SCN = {"experiment": "test.exponential", "seed": 5, "params": {"scale": [1.0, 3.0]},
       "monte_carlo": {"batch_size": 10_000, "min_samples": 40_000, "max_samples": 40_000, "target_rel_ci": 0}}


@pytest.fixture(scope="module")
def dataset():
    from isacnet.parallel import make_executor

    with make_executor("serial") as ex:
        return compute_dataset(load_scenario(SCN), ex)


def test_quantiles_are_stored_by_default_with_their_cis(dataset):
    ds = dataset
    assert list(ds["quantile"].values) == [0.05, 0.25, 0.5, 0.75, 0.95]
    for scale in (1.0, 3.0):
        q = ds["quantile_value"].sel(series="mc", scale=scale)
        truth = -scale * np.log1p(-ds["quantile"].values)  # Exp quantiles
        lo = ds["quantile_ci_low"].sel(series="mc", scale=scale).values
        hi = ds["quantile_ci_high"].sel(series="mc", scale=scale).values
        assert np.all(lo <= q.values) and np.all(q.values <= hi)
        # order-statistic SE of a quantile: sqrt(q(1-q)/n)/f(x_q); 5 SE (plus the sketch's 0.12 %)
        se = np.sqrt(ds["quantile"] * (1 - ds["quantile"]) / 40_000) * scale / (1 - ds["quantile"])
        np.testing.assert_array_less(np.abs(q.values - truth), 5 * se.values + 2e-3 * truth)
        assert ds["quantile_value"].sel(series="mc_median", quantile=0.5, scale=scale) == \
            ds["value"].sel(series="mc_median", scale=scale)
    # a sqrt series stores the root of every quantile; closed forms store none
    np.testing.assert_allclose(ds["quantile_value"].sel(series="mc_root"),
                               np.sqrt(ds["quantile_value"].sel(series="mc")))
    assert np.all(np.isnan(ds["quantile_value"].sel(series="mean")))


def test_cdf_on_the_experiments_grid_next_to_the_closed_form(dataset):
    ds = dataset
    n = int(ds["n_samples"].sel(series="mc", scale=1.0))
    eps = dkw_halfwidth(n, 0.9999)  # whole-CDF band at 99.99 %: 0.011
    for scale in (1.0, 3.0):
        x_mc = ds["cdf_x"].sel(series="mc", scale=scale).values
        x_an = ds["cdf_x"].sel(series="exp_cdf", scale=scale).values
        np.testing.assert_allclose(x_mc, x_an)
        f_mc = ds["cdf"].sel(series="mc", scale=scale).values
        f_an = ds["cdf"].sel(series="exp_cdf", scale=scale).values
        np.testing.assert_allclose(f_an, -np.expm1(-x_an / scale))
        # + one log bin of the sketch: the density is <= 1/scale, x changes by <= 0.23 %
        assert np.max(np.abs(f_mc - f_an)) <= eps + 2.4e-3 * np.max(x_an) / scale
    assert np.isnan(ds["value"].sel(series="exp_cdf")).all()
    # every series that summarises the quantity shows its CDF, on its own scale
    xr.testing.assert_equal(ds["cdf"].sel(series="mc_median", drop=True), ds["cdf"].sel(series="mc", drop=True))
    np.testing.assert_allclose(ds["cdf_x"].sel(series="mc_root"), np.sqrt(ds["cdf_x"].sel(series="mc")))


def test_results_table_chooses_levels_series_and_grids(serial):
    scn = load_scenario({**SCN, "results": {"quantiles": [0.1, 0.9], "cdf_points": 7, "series": ["mc", "mc_root"],
                                            "cdf_grid": {"mc_root": [0.5, 1.0, 1.5]}}})
    ds = compute_dataset(scn, serial)
    assert list(ds["quantile"].values) == [0.1, 0.9]
    assert np.all(np.isnan(ds["quantile_value"].sel(series="mc_median")))
    np.testing.assert_allclose(ds["cdf_x"].sel(series="mc_root", scale=1.0).values[:3], [0.5, 1.0, 1.5])
    # the explicit root grid is the source grid squared: the same CDF values as mc's there
    f_root = ds["cdf"].sel(series="mc_root", scale=3.0).values[:3]
    assert np.all(np.diff(f_root) > 0) and f_root[0] == pytest.approx(1 - math.exp(-0.25 / 3), abs=0.02)


@pytest.mark.parametrize("results, field", [
    ({"series": ["nope"]}, "results.series"),
    ({"cdf_grid": {"mean": [1.0]}}, "results.cdf_grid"),
    ({"cdf_grid": {"mc": [1.0, 2.0], "mc_median": [1.0]}}, "results.cdf_grid"),
])
def test_bad_results_tables_name_the_field(serial, results, field):
    with pytest.raises(InputError) as err:
        compute_dataset(load_scenario({**SCN, "results": results}), serial)
    assert err.value.field == field


@pytest.mark.parametrize("results, field", [
    ({"quantiles": [0.0]}, "results.quantiles"),
    ({"quantiles": [1.5]}, "results.quantiles"),
    ({"cdf_points": -1}, "results.cdf_points"),
    ({"cdf_grid": {"mc": []}}, "results.cdf_grid"),
    ({"unknown": 1}, "results.unknown"),
])
def test_results_table_is_validated_on_load(results, field):
    with pytest.raises(InputError) as err:
        load_scenario({**SCN, "results": results})
    assert err.value.field == field


def test_stored_file_has_one_cf_variable_per_series_and_reads_back_identical(dataset, tmp_path):
    path = write_dataset(dataset, tmp_path / "r.nc")
    with xr.open_dataset(path) as raw:
        stored = raw.load()
    assert "series" not in stored.dims and stored.attrs["Conventions"] == "CF-1.10"
    assert stored["mc"].attrs["units"] == "s" and stored["mc"].attrs["label"] == "MC mean"
    assert stored["mc_root_quantile"].attrs["units"] == "s^0.5"
    assert stored["mc_cdf"].attrs["units"] == "1"
    assert "mc_ci_low" in stored["mc"].attrs["ancillary_variables"].split()
    assert "mean_ci_low" not in stored  # a closed form has no CI
    for name, var in stored.variables.items():
        assert "units" in var.attrs, name
        assert "long_name" in var.attrs, name
    xr.testing.assert_identical(read_dataset(path), dataset)
    xr.testing.assert_identical(from_cf(to_cf(dataset)), dataset)


def test_a_series_named_like_a_coordinate_is_refused(dataset):
    clash = dataset.assign_coords(series=["mean", "exp_cdf", "mc", "scale", "mc_root"])
    with pytest.raises(ValueError, match="scale"):
        to_cf(clash)
