"""coop figures in quick mode: files, data and the numbers they must show."""

import numpy as np
import pandas as pd

from isacnet.pipeline import reproduce_figure


def test_coop_fig3(tmp_path, serial):
    out = reproduce_figure("coop-fig3", tmp_path, quick=True, executor=serial)
    for kind in ("netcdf", "csv", "png", "pdf"):
        assert out.files[kind].stat().st_size > 0
    ds = out.dataset
    mean = ds["value"].sel(series="mc_mean")
    # E[GDoP] infinite for N <= 3: reported as inf, never as a finite number
    assert np.all(np.isinf(mean.sel(cluster_size_sense=[2, 3])))
    # mean finite but variance infinite for N = 4, 5: CI withheld
    assert np.all(ds["ci_valid"].sel(series="mc_mean", cluster_size_sense=[4, 5]) == 0)
    # medians everywhere, decreasing in N
    med = ds["value"].sel(series="mc_median").values
    assert np.all(np.isfinite(med)) and np.all(np.diff(med) < 0)
    # Cor. 1: N^2 E[GDoP] close to 2 at N = 20 (spec 000 §6: MC 0.0051 -> 2.04)
    assert abs(400 * float(mean.sel(cluster_size_sense=20)) - 2.0) < 0.1
    df = pd.read_csv(out.files["csv"])
    assert list(df.columns[:7]) == ["cluster_size_sense", "series", "value", "ci_low", "ci_high", "n_samples", "series_label"][:7]
