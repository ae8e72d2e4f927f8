"""deploy-fig4: A-CRLB vs N for 1-D and 2-D regions — optimised, tiled construction and the
Theorem 1 bound (deploy Sec. III-B/C and V-A, Fig. 4; spec 004 §6.4–6.5)."""

from __future__ import annotations

from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.analysis.deploy import scaling_exponent, theorem1_bound, tile_layout
from isacnet.geometry.regions import Rectangle, Segment
from isacnet.optimization.deploy import (
    area_objective,
    grid_search_deployment,
    initial_layout,
    make_problem,
    optimize_deployment,
)
from isacnet.registry import Experiment, FigureSpec, Series, register_experiment, register_figure

from ._common import UNKNOWN_NOTE, DeployParams, cached, options_of, zeta2_of


class ScalingParams(DeployParams):
    """A region of side ``L`` cut into ``tiles_per_axis^d`` tiles, ``base_num_bs`` BSs per tile."""

    region_dim: Literal[1, 2] = 1
    tiles_per_axis: int = Field(1, ge=1, le=6)
    region_length: float = Field(1000.0, gt=0, description="L [m] [?]")
    base_num_bs: int = Field(4, ge=4, le=8)
    samples_per_axis: int = Field(6, ge=2, le=40, description="target grid points per axis of one tile")
    search_points: tuple[int, int, int] = Field((9, 9, 6), description="grid of the per-BS global search")
    num_starts: int = Field(3, ge=1, le=20)


def scaling_setup(p: ScalingParams, per_axis: int):
    L = p.region_length
    if p.region_dim == 1:
        region = Segment([0, 0, 0], [L, 0, 0], name="line")
        lower, upper = [0, -L / 2, 0], [L, L / 2, L / 2]
    else:
        region = Rectangle([0, 0, 0], [L, 0, 0], [0, L, 0], name="square")
        lower, upper = [0, 0, 0], [L, L, L / 2]
    pts, w = region.grid(p.samples_per_axis * per_axis)
    prob = make_problem(pts, pts, lower, upper, zeta2=zeta2_of(p), sense_exp=p.sense_exp, comm_snr_scale=1.0,
                        target_weights=w, target_region=region)
    return region, prob


def _search(p: ScalingParams, prob, init):
    g = grid_search_deployment(prob, init, per_axis=p.search_points, max_sweeps=8)
    return optimize_deployment(prob, g.layout, options=options_of(p)), g


@cached
def base_optimum(p: ScalingParams):
    """Multi-start (per-BS global search + MM polish) optimum of ``base_num_bs`` BSs on the region."""
    region, prob = scaling_setup(p, 1)
    rng = np.random.default_rng(p.init_seed)
    best = None
    for _ in range(p.num_starts):
        res, _ = _search(p, prob, initial_layout(prob, p.base_num_bs, rng))
        if best is None or res.objective < best.objective:
            best = res
    return best


def _evaluate(p: ScalingParams, rng):
    base = base_optimum(p.model_copy(update={"tiles_per_axis": 1}))
    s = p.tiles_per_axis
    k = s**p.region_dim
    region, prob = scaling_setup(p, s)
    tiled = tile_layout(region, base.layout, s)
    c_tiled = area_objective(prob, tiled)
    if s == 1:
        opt, grid = base, base
    else:
        opt, grid = _search(p, prob, tiled)
    n = p.base_num_bs * k
    return {"num_bs_total": float(n), "optimized": opt.objective, "grid_search": grid.objective, "tiled": c_tiled,
            "bound": float(theorem1_bound(base.objective, k, p.sense_exp, p.region_dim)),
            "slope": scaling_exponent(p.sense_exp, p.region_dim)}


EXP = register_experiment(Experiment(
    id="deploy.scaling",
    params=ScalingParams,
    series=(Series("num_bs_total", "N = K x base N"),
            Series("optimized", "optimised: per-BS global search + MM [m²]"),
            Series("grid_search", "per-BS global grid search only [m²]"),
            Series("tiled", "simplified constructed solution (tiled) [m²]"),
            Series("bound", "Theorem 1 bound K^(-2β/d) CRLB*(N) [m²]"),
            Series("slope", "exponent -2β/d of eq. (26)")),
    evaluate=_evaluate,
    description="Scaling law of the optimal A-CRLB in N (Theorem 1) and the tiled construction.",
))


def _plot(ds, spec):
    import matplotlib.pyplot as plt

    from isacnet.plotting import IEEE_STYLE, add_notes

    dims = ds["region_dim"].values
    with plt.rc_context(IEEE_STYLE):
        fig, axes = plt.subplots(1, 2, figsize=(7.16, 2.6))
        for ax, d in zip(axes, (1, 2)):
            sel = np.flatnonzero(dims == d)
            if not sel.size:
                ax.set_visible(False)
                continue
            n = ds["value"].sel(series="num_bs_total").values[sel]
            order = np.argsort(n)
            n = n[order]

            def get(name, sel=sel, order=order):
                return ds["value"].sel(series=name).values[sel][order]

            ax.loglog(n, get("optimized"), "o", mfc="none", label="optimised (global search + MM)")
            ax.loglog(n, get("tiled"), "s--", mfc="none", label="simplified constructed (tiled)")
            ax.loglog(n, get("bound"), "k-", label="Theorem 1 bound (23)")
            ax.set_xlabel("number of BSs N")
            ax.set_ylabel("A-CRLB [m²]")
            ax.set_title(f"({'ab'[d - 1]}) {d}-D region, bound slope N^{-2 * 2 // d}", fontsize=7)
            from matplotlib.ticker import NullFormatter

            ax.set_xticks(n)
            ax.set_xticklabels([f"{int(v)}" for v in n])
            ax.xaxis.set_minor_formatter(NullFormatter())
            ax.legend(frameon=False, fontsize=5.5)
        fig.tight_layout()
        add_notes(axes[1], spec.notes, width=80)
    return fig


register_figure(FigureSpec(
    id="deploy-fig4", experiment="deploy.scaling", scenario="deploy-fig4",
    title="A-CRLB vs N: optimised, tiled construction, theoretical bound", x="tiles_per_axis", plot=_plot,
    notes=("Sensing only (P2). Region side L=1000 m at z=0 [?], BS box scaled with the region (1-D: [0,L]x[-L/2,L/2]"
           "x[0,L/2]; 2-D: [0,L]^2x[0,L/2]) so Prop. 4 holds per tile; 4-BS optimum from multi-start per-BS global "
           "search + MM; the optimised N=4K curve starts from the tiled layout. " + UNKNOWN_NOTE),
))
