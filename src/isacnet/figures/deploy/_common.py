"""Shared parameters, problem building, designs and plot helpers of the ``deploy`` figures.

Values lost in the paper's extraction are fields with the spec 004 §8 defaults ([?]):
M_t = 4, M_r = 5, P = 1 W split p_c = p_s = 0.5 W, ς = 1 m², B = 50 MHz, σ² = −80 dB(W),
β = 2, α = 3 (calibrated per figure), C_0 = 1, B_eff² = B².
"""

from __future__ import annotations

import functools
import json
from typing import Literal

import numpy as np
from pydantic import Field

from isacnet.geometry.regions import Region
from isacnet.metrics.deploy import crlb, expected_crlb_monte_carlo, zeta_squared
from isacnet.optimization.deploy import (
    DeploymentProblem,
    TrustRegionOptions,
    area_objective,
    initial_layout,
    make_problem,
    optimize_comm_only,
    optimize_deployment,
)
from isacnet.registry import Series
from isacnet.scenario import ParamsModel
from isacnet.units import db_to_linear

MAX_BS = 16
UNKNOWN_NOTE = ("[?] values lost in 004, spec 004 §8 defaults: M_t=4, M_r=5, P=1 W (p_c=p_s=0.5 W), RCS 1 m^2, "
                "B=50 MHz, noise -80 dBW, beta=2, C_0=1, B_eff^2=B^2; mean beam gains (Jensen: optimistic CRLB)")


class DeployParams(ParamsModel):
    """Common fields (SI units; ``noise_power_db`` in dBW)."""

    num_bs: int = Field(6, ge=1, le=MAX_BS, description="number N of BSs")
    num_tx_antennas: int = Field(4, ge=2, description="M_t [?]")
    num_rx_antennas: int = Field(5, ge=1, description="M_r [?]")
    power: float = Field(1.0, gt=0, description="transmit power per BS [W] [?]")
    comm_power_fraction: float = Field(0.5, gt=0, lt=1, description="p_c / P [?]")
    rcs: float = Field(1.0, gt=0, description="radar cross section [m^2] [?]")
    bandwidth: float = Field(50e6, gt=0, description="B [Hz] [?]")
    noise_power_db: float = Field(-80.0, description="sigma_s^2 = sigma_c^2 [dBW] [?]")
    reference_gain: float = Field(1.0, gt=0, description="C_0 of the bistatic channel power [?]")
    effective_bandwidth: Literal["full", "flat"] = "full"
    sense_exp: float = Field(2.0, gt=0, description="beta (BS-target, per hop) [?]")
    comm_exp: float = Field(3.0, gt=0, description="alpha (BS-user) [?]")
    samples_per_axis: int = Field(10, ge=2, le=40, description="target/user grid points per region axis")
    estimate_dims: Literal["3d", "in_region"] = "3d"
    max_sweeps: int = Field(80, ge=1, le=500)
    eta1: float = Field(0.25, gt=0, lt=1)
    eta2: float = Field(0.75, gt=0, lt=1)
    gamma_inc: float = Field(2.0, gt=1)
    gamma_dec: float = Field(0.5, gt=0, lt=1)
    radius0_frac: float = Field(0.1, gt=0)
    num_starts: int = Field(2, ge=1, le=20, description="random initial layouts per optimisation")
    init_seed: int = Field(0, ge=0)


def zeta2_of(p: DeployParams) -> float:
    return zeta_squared(p.power * (1 - p.comm_power_fraction), p.bandwidth, float(db_to_linear(p.noise_power_db)),
                        p.num_tx_antennas, p.num_rx_antennas, p.rcs, p.reference_gain, p.effective_bandwidth)


def comm_scale_of(p: DeployParams) -> float:
    """γ_c = (M_t − 1) p_c / σ_c² [m^α]."""
    return (p.num_tx_antennas - 1) * p.power * p.comm_power_fraction / float(db_to_linear(p.noise_power_db))


def options_of(p: DeployParams) -> TrustRegionOptions:
    return TrustRegionOptions(eta1=p.eta1, eta2=p.eta2, gamma_inc=p.gamma_inc, gamma_dec=p.gamma_dec,
                              radius0_frac=p.radius0_frac, max_sweeps=p.max_sweeps)


def build_problem(p: DeployParams, targets: Region, users: Region, lower, upper, rate=None,
                  free_axes=(True, True, True)) -> DeploymentProblem:
    t, tw = targets.grid(p.samples_per_axis)
    q, qw = users.grid(p.samples_per_axis)
    return make_problem(t, q, lower, upper, zeta2=zeta2_of(p), sense_exp=p.sense_exp, comm_exp=p.comm_exp,
                        comm_snr_scale=comm_scale_of(p), rate_threshold_bits=rate, target_weights=tw,
                        user_weights=qw, target_region=targets, estimate_dims=p.estimate_dims, free_axes=free_axes)


def comm_design(p: DeployParams, prob: DeploymentProblem, init=None):
    rng = np.random.default_rng(p.init_seed)
    u0 = initial_layout(prob, p.num_bs, rng) if init is None else init
    return optimize_comm_only(prob, u0, num_starts=max(2, p.num_starts), rng=rng)


def sensing_design(p: DeployParams, prob: DeploymentProblem, inits=()):
    """Best of MM runs from ``inits`` and ``num_starts`` random layouts (rate-infeasible starts skipped)."""
    rng = np.random.default_rng(p.init_seed + 1)
    starts = list(inits) + [initial_layout(prob, p.num_bs, rng) for _ in range(p.num_starts)]
    best = None
    for u0 in starts:
        u0 = regularise_start(prob, u0, rng)
        if u0 is None:
            continue
        res = optimize_deployment(prob, u0, options=options_of(p))
        if best is None or res.objective < best.objective:
            best = res
    return best


def regularise_start(prob: DeploymentProblem, u0, rng):
    """A rate-feasible start with a finite objective near ``u0`` (None if none is found).

    Layouts such as the rate-optimal one of a 1-D region put every BS in the target line's
    vertical plane, where the 3-D FIM is singular (objective ``inf``); small random moves of
    the free coordinates (1 %, 3 %, 10 % of the diameter) restore a finite objective.
    """
    from isacnet.optimization.deploy import area_rate_mean_gain

    def feasible(u):
        return prob.rate_threshold_bits is None or area_rate_mean_gain(prob, u) >= prob.rate_threshold_bits

    u0 = np.asarray(u0, float)
    if np.isfinite(area_objective(prob, u0)) and feasible(u0):
        return u0
    for frac in (0.01, 0.03, 0.1):
        for _ in range(5):
            u = np.clip(u0 + frac * prob.diameter * rng.standard_normal(u0.shape) * prob.free_axes, prob.lower,
                        prob.upper)
            if np.isfinite(area_objective(prob, u)) and feasible(u):
                return u
    return None


def layout_series(prefix: str = "bs") -> tuple[Series, ...]:
    return tuple(Series(f"{prefix}{k}_{ax}", f"BS {k} {ax} [m]") for k in range(MAX_BS) for ax in "xyz")


def layout_values(layout, prefix: str = "bs") -> dict:
    out = {}
    lay = np.asarray(layout, float)
    for k in range(MAX_BS):
        for i, ax in enumerate("xyz"):
            out[f"{prefix}{k}_{ax}"] = float(lay[k, i]) if k < len(lay) else float("nan")
    return out


def layout_from(ds, prefix: str = "bs", **sel) -> np.ndarray:
    rows = []
    for k in range(MAX_BS):
        vals = [float(ds["value"].sel(series=f"{prefix}{k}_{ax}", **sel)) for ax in "xyz"]
        if np.isnan(vals[0]):
            break
        rows.append(vals)
    return np.array(rows)


def params_from(ds, model, **coords):
    """Rebuild the parameters of one sweep point from a result dataset."""
    scn = json.loads(ds.attrs["scenario"])
    raw = dict(scn["params"])
    for k, v in coords.items():
        raw[k] = v.item() if hasattr(v, "item") else v
    for k, v in list(raw.items()):
        if isinstance(v, list) and k in model.model_fields and k not in coords:
            raw[k] = v[0]
    return model.model_validate(raw)


def cached(fn):
    """Memoise a pure, deterministic design computation on its parameters (JSON key)."""
    store = functools.lru_cache(maxsize=64)(lambda key, p: fn(p))

    @functools.wraps(fn)
    def wrapper(p):
        return store(json.dumps(p.model_dump(mode="json"), sort_keys=True), p)

    return wrapper


def point_crlb(p: DeployParams, points, layout, basis=None, rng=None, draws: int = 64):
    """Per-point CRLB [m²]: mean gain, or the expected CRLB (7) over beam gains when ``rng`` is given."""
    if rng is None:
        return crlb(points, layout, zeta2_of(p), p.sense_exp, basis=basis)
    return expected_crlb_monte_carlo(rng, points, layout, zeta2_of(p), p.sense_exp, p.num_tx_antennas, draws,
                                     basis)[0]


# -- plotting ------------------------------------------------------------------------------
def draw_region(ax, region: Region, color: str, label: str, alpha: float = 0.25):
    """Draw a 1-D or 2-D region on a 3-D axes."""
    from mpl_toolkits.mplot3d.art3d import Poly3DCollection

    o, e = region.origin, region.edges
    if region.dim == 1:
        pts = np.array([o, o + e[0]])
        ax.plot(pts[:, 0], pts[:, 1], pts[:, 2], color=color, lw=2.5, label=label)
    else:
        corners = np.array([o, o + e[0], o + e[0] + e[1], o + e[1]])
        poly = Poly3DCollection([corners], alpha=alpha, facecolor=color, edgecolor=color)
        ax.add_collection3d(poly)
        ax.plot([], [], color=color, lw=4, alpha=0.5, label=label)


def draw_layout(ax, layout, color="red", label="BS", stems: bool = True, ground: float = 0.0):
    lay = np.asarray(layout)
    ax.scatter(lay[:, 0], lay[:, 1], lay[:, 2], marker="^", s=28, color=color, depthshade=False, label=label)
    if stems:
        for u in lay:
            ax.plot([u[0], u[0]], [u[1], u[1]], [ground, u[2]], color=color, lw=0.5, ls=":")


def style_3d(ax, title: str = ""):
    ax.set_xlabel("x [m]", labelpad=-6)
    ax.set_ylabel("y [m]", labelpad=-6)
    ax.set_zlabel("z [m]", labelpad=-6)
    ax.tick_params(labelsize=5, pad=-2)
    ax.set_title(title, fontsize=7)
    ax.view_init(elev=22, azim=-60)


def heatmap(ax, fig, region: Region, values, n: int, title: str, norm=None, cmap="viridis"):
    """CRLB map on a 2-D region's grid (midpoints, ``n × n``) in region coordinates."""
    from matplotlib.colors import LogNorm

    v = np.asarray(values).reshape(n, n).T
    e = region.edges
    lx, ly = np.linalg.norm(e[0]), np.linalg.norm(e[1])
    ox = region.origin[0]
    oy = region.origin[1]
    finite = v[np.isfinite(v)]
    norm = norm or LogNorm(vmin=max(finite.min(), 1e-12), vmax=finite.max())
    im = ax.imshow(np.where(np.isfinite(v), v, finite.max()), origin="lower", extent=[ox, ox + lx, oy, oy + ly],
                   norm=norm, cmap=cmap, aspect="equal")
    ax.set_title(title, fontsize=7)
    ax.set_xlabel("x [m]")
    ax.set_ylabel("y [m]")
    cb = fig.colorbar(im, ax=ax, fraction=0.046, pad=0.03)
    cb.set_label("CRLB [m²]", fontsize=6)
    cb.ax.tick_params(labelsize=5)
    return im
