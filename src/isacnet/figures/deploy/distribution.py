"""deploy-cdf-crlb (not in the paper): CRLB over target positions (experiment ``deploy.crlb_distribution``)."""

from __future__ import annotations

from isacnet.plotting import plot_cdf
from isacnet.registry import FigureSpec, register_figure

GAMMA = 0.02
"""The coverage threshold of the scenario (the experiment's default) [m²], marked on the axis."""


def _caption(ds) -> str:
    import json

    n = int(ds["n_samples"].sel(series="crlb_mc").min())
    per_axis = json.loads(ds.attrs["scenario"])["params"].get("quadrature_per_axis", 300)
    cov = {str(d): float(ds["value"].sel(series="coverage", design=d)) for d in ds["design"].values}
    s = json.loads(ds.attrs["scenario"])["params"].get("region_size", 400.0)
    return (f"Not in the paper. Distribution of the per-target CRLB over the ground target plane ({s:g} m x {s:g} m, "
            "mean beam gains, eq. (4), (6)) for the 3 x 3 cellular grid of Fig. 9 at 10 m and its heights-only "
            "optimum: the coverage P(CRLB <= gamma) as a function of gamma. Lines: midpoint rule on a "
            f"{per_axis} x {per_axis} grid; markers: {n} uniformly drawn "
            f"targets per design. At gamma = {GAMMA} m² (dotted) the coverage is {cov.get('grid', float('nan')):.2f} "
            f"(grid) and {cov.get('heights', float('nan')):.2f} (heights optimised), as in Fig. 9.")


register_figure(FigureSpec(
    id="deploy-cdf-crlb", experiment="deploy.crlb_distribution", scenario="deploy-cdf-crlb",
    title="CRLB over target positions, grid and heights-only layouts (not in the paper)", hue="design",
    xlabel=r"CRLB threshold $\gamma$ [m$^2$]", ylabel=r"$P(\mathrm{CRLB} \leq \gamma)$", xscale="log",
    plot=plot_cdf, caption=_caption,
    extra={"series": ["cdf_quadrature", "crlb_mc"],
           "labels": {"cdf_quadrature": "closed form (grid quadrature)", "crlb_mc": "Monte Carlo"},
           "hue_labels": {"grid": "grid at 10 m", "heights": "heights optimised"},
           "x_marks": [(GAMMA, r"$\gamma$ of Fig. 9")]},
))
