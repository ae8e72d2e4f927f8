"""power-cdf-pod (not in the letter): CDF of the PoD over network drops (experiment ``power.pod_distribution``)."""

from __future__ import annotations

from isacnet.plotting import plot_cdf
from isacnet.registry import FigureSpec, register_figure


def _caption(ds) -> str:
    import numpy as np

    n = int(ds["n_samples"].sel(series="pod_mc").min())
    means = ", ".join(f"{float(v):.2f}" for v in ds["value"].sel(series="mean_large_n").values)
    gap = float(np.nanmax(np.abs(ds["cdf"].sel(series="pod_exact_mc") - ds["cdf"].sel(series="cdf_large_n"))))
    return ("Not in the letter. CDF of the probability of detection of target 1 over network drops: the target "
            "uniform in its cell, Rayleigh radar channels, equal powers P_th/L, L = 3, N = 100, P_FA = 1e-6 "
            "(our channel model, docs/theory/power.md). Lines: closed form of eq. (12) in its large-N form "
            "averaged over the target's position and the fading; circles: the same PoD in "
            f"{n} simulated drops per budget; dotted: the PoD with the exact SNR of the drawn QPSK waveforms, "
            f"within {gap:.3f} of the closed form (the large-N step is its only approximation). Mean PoD (closed "
            f"form, per budget): {means}.")


register_figure(FigureSpec(
    id="power-cdf-pod", experiment="power.pod_distribution", scenario="power-cdf-pod",
    title="PoD of one target over network drops (not in the letter)", hue="power_budget_db",
    xlabel=r"Probability of detection $p$", ylabel=r"$P(P_D \leq p)$", plot=plot_cdf, caption=_caption,
    extra={"series": ["cdf_large_n", "pod_mc", "pod_exact_mc"], "estimators": {"pod_exact_mc": "baseline"},
           "labels": {"cdf_large_n": "closed form, large $N$", "pod_mc": "Monte Carlo, large $N$",
                      "pod_exact_mc": "Monte Carlo, exact SNR"}},
))
