"""`isacnet export` (MATLAB, CSV) and `--stat` (#15): the done-when of the issue, end to end."""

import numpy as np
import pandas as pd
import pytest
import xarray as xr
from scipy.io import loadmat

from isacnet.cli import main
from isacnet.errors import InputError
from isacnet.export import matlab_name, parse_stats


@pytest.fixture(scope="module")
def fig4(tmp_path_factory):
    out = tmp_path_factory.mktemp("fig4")
    assert main(["run", "coop-fig4", "--quick", "--out", str(out), "--scheduler", "serial"]) == 0
    return out / "coop-fig4"


def test_run_coop_fig4_quick_stores_quantiles(fig4):
    with xr.open_dataset(fig4 / "coop-fig4.nc") as ds:
        assert list(ds["quantile"].values) == [0.05, 0.25, 0.5, 0.75, 0.95]
        q = ds["mc_median_quantile"]
        assert q.attrs["units"] == "m" and "relative error" in q.attrs["comment"]
        assert np.all(np.diff(q.values, axis=0) > 0)  # quantiles increase with the level
        np.testing.assert_allclose(q.sel(quantile=0.5), ds["mc_median"])


def test_export_mat_reads_back_with_the_same_numbers(fig4, capsys):
    assert main(["export", str(fig4), "--format", "mat"]) == 0
    assert "coop-fig4.mat" in capsys.readouterr().out
    mat = loadmat(fig4 / "coop-fig4.mat", squeeze_me=False, struct_as_record=False)
    with xr.open_dataset(fig4 / "coop-fig4.nc") as ds:
        checked = 0
        for name in [*ds.coords, *ds.data_vars]:
            entry = mat[matlab_name(str(name))][0, 0]
            values = np.asarray(entry.values)
            expected = ds[name].values
            assert values.size == expected.size, name
            np.testing.assert_array_equal(values.reshape(expected.shape), expected, err_msg=str(name))
            assert [str(d[0]) for d in entry.dims.ravel()] == list(ds[name].dims)
            assert str(entry.units[0]) == ds[name].attrs["units"]
            checked += 1
        assert checked == len(ds.coords) + len(ds.data_vars)
        attrs = mat["attrs"][0, 0]
        assert str(attrs.Conventions[0]) == "CF-1.10" and "Meng" in str(attrs.references[0])


def test_export_csv_has_units_quantiles_and_the_same_values(fig4):
    assert main(["export", str(fig4 / "coop-fig4.nc"), "--format", "csv", "--out", str(fig4 / "x.csv")]) == 0
    df = pd.read_csv(fig4 / "x.csv")
    assert {"series", "series_label", "units", "value", "ci_low", "p5", "p95_ci_high"} <= set(df.columns)
    with xr.open_dataset(fig4 / "coop-fig4.nc") as ds:
        row = df[(df.series == "mc_median") & (df.cluster_size_sense == 10)].iloc[0]
        assert row["units"] == "m"
        assert row["value"] == pytest.approx(float(ds["mc_median"].sel(cluster_size_sense=10)), rel=1e-9)
        assert row["p95"] == pytest.approx(float(ds["mc_median_quantile"].sel(cluster_size_sense=10,
                                                                               quantile=0.95)), rel=1e-9)


def test_stat_prints_percentiles_next_to_the_values_and_adds_missing_levels(tmp_path, capsys):
    scn = tmp_path / "g.toml"
    scn.write_text('experiment = "coop.gdop"\nseed = 2\n[params]\ncluster_size_sense = [6, 8]\n'
                   '[monte_carlo]\nbatch_size = 5000\nmin_samples = 5000\nmax_samples = 5000\ntarget_rel_ci = 0\n')
    assert main(["run", str(scn), "--out", str(tmp_path), "--scheduler", "serial", "--stat", "mean,p1",
                 "--stat", "median"]) == 0
    text = capsys.readouterr().out
    header = next(line for line in text.splitlines() if line.startswith("series"))
    assert header.split() == ["series", "cluster_size_sense", "unit", "value", "mean", "p1", "median"]
    with xr.open_dataset(tmp_path / "g" / "g.nc") as ds:
        assert 0.01 in ds["quantile"].values  # p1 was added to the kept levels
        p1 = float(ds["mc_mean_quantile"].sel(quantile=0.01, cluster_size_sense=8))
    row = next(line for line in text.splitlines() if line.startswith("mc_mean") and " 8 " in line)
    assert f"{p1:.4g}" in row.split()


@pytest.mark.parametrize("argv, field", [
    (["export", "nowhere", "--format", "mat"], "RESULT"),
    (["export", ".", "--format", "parquet"], "--format"),
    (["run", "coop-fig3", "--stat", "p100"], "--stat"),
    (["run", "coop-fig3", "--stat", "average"], "--stat"),
    (["run", "coop-fig3", "--quick", "--set", 'results.series=["prop1"]'], "results.series"),
    (["run", "coop-fig3", "--quick", "--set", "results.quantiles=[0.5, 1.5]"], "results.quantiles"),
])
def test_bad_input_is_one_line_and_exit_2(argv, field, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"isacnet: error: {field}:")
    assert not any(tmp_path.iterdir())


def test_parse_stats_and_matlab_names():
    assert parse_stats(["p5,p95", "median", "mean", "p5"]) == [("p5", 0.05), ("p95", 0.95), ("median", 0.5),
                                                               ("mean", None)]
    with pytest.raises(InputError):
        parse_stats(["p0"])
    taken: set[str] = set()
    assert matlab_name("mc_mean", taken) == "mc_mean"
    assert matlab_name("mc-mean", taken) == "mc_mean_1"
    assert matlab_name("1x") == "v_1x"
    long = matlab_name("a" * 80)
    assert len(long) == 63 and long.isidentifier()
