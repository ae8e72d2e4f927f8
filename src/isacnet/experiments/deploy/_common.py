"""What every ``deploy`` experiment shares: the budget fields, the layout series, the CRLB of a point
set and a memo for designs that several sweep points reuse.

The physics is :class:`~isacnet.models.deploy.DeployModel`; :class:`DeployParams` adds what an
experiment budgets (N, samples, the MM constants, random starts). The design strategies are in
:mod:`isacnet.optimization.deploy_designs`.
"""

from __future__ import annotations

import functools
import json

import numpy as np

from isacnet.metrics.deploy import crlb, expected_crlb_monte_carlo
from isacnet.models import param
from isacnet.models.deploy import DeployModel
from isacnet.optimization.deploy import TrustRegionOptions
from isacnet.registry import Series

__all__ = ["MAX_BS", "DeployParams", "layout_series", "layout_values", "point_crlb", "cached"]

MAX_BS = 16
"""Most BSs of one layout (the layout series ``bs<k>_<x|y|z>`` hold 16)."""


class DeployParams(DeployModel):
    """Physics of :class:`DeployModel` plus the budget of one deployment experiment."""

    num_bs: int = param(6, unit="1", symbol=r"$N$", ge=1, le=MAX_BS,
                        doc="number of BSs; <= 16: the stored layout holds 16 BSs")
    samples_per_axis: int = param(10, unit="1", ge=2, le=40,
                                  doc="target/user grid points per region axis; <= 40: the MM surrogate builds "
                                      "[I, N, N] arrays with I = 40^2")
    max_sweeps: int = param(80, unit="1", ge=1, le=500, doc="MM sweeps over all BSs at most (spec 004 §7.5)")
    eta1: float = param(0.25, unit="1", symbol=r"$\eta_1$", gt=0, lt=1,
                        doc="ratio below which a step is rejected and the radius shrinks, eq. (42)-(43) [?]")
    eta2: float = param(0.75, unit="1", symbol=r"$\eta_2$", gt=0, lt=1,
                        doc="ratio above which the radius grows, eq. (43) [?]")
    gamma_inc: float = param(2.0, unit="1", gt=1, le=10, doc="radius growth factor, eq. (43) [?]")
    gamma_dec: float = param(0.5, unit="1", gt=0, lt=1, doc="radius shrink factor, eq. (43) [?]")
    radius0_frac: float = param(0.1, unit="1", gt=0, le=1,
                                doc="initial trust-region radius / diameter of targets and users [?]")
    num_starts: int = param(2, unit="1", ge=1, le=20, doc="random initial layouts per optimisation")
    init_seed: int = param(0, unit="1", ge=0, le=2**32 - 1,
                           doc="realisation of the random starts, shared by every sweep point of a figure and "
                               "mixed with the scenario seed")

    def trust_region_options(self) -> TrustRegionOptions:
        """The MM + trust-region constants of these parameters (spec 004 §7.5)."""
        return TrustRegionOptions(eta1=self.eta1, eta2=self.eta2, gamma_inc=self.gamma_inc, gamma_dec=self.gamma_dec,
                                  radius0_frac=self.radius0_frac, max_sweeps=self.max_sweeps)


def layout_series(prefix: str = "bs") -> tuple[Series, ...]:
    """Series ``<prefix><k>_<x|y|z>`` holding a layout of up to :data:`MAX_BS` BSs [m]."""
    return tuple(Series(f"{prefix}{k}_{ax}", f"BS {k} {ax} [m]", unit="m",
                        standard_name="height" if ax == "z" else None)
                 for k in range(MAX_BS) for ax in "xyz")


def layout_values(layout, prefix: str = "bs") -> dict:
    """A layout [N, 3] [m] as the values of :func:`layout_series` (NaN beyond N)."""
    out = {}
    lay = np.asarray(layout, float)
    for k in range(MAX_BS):
        for i, ax in enumerate("xyz"):
            out[f"{prefix}{k}_{ax}"] = float(lay[k, i]) if k < len(lay) else float("nan")
    return out


def point_crlb(p: DeployModel, points, layout, basis=None, rng: np.random.Generator | None = None,
               num_draws: int = 64) -> np.ndarray:
    """Per-point CRLB [m²], [num_points]: mean beam gains (eq. (4), (6)), or the expected CRLB (7)
    over ZF beam gains estimated with ``num_draws`` draws from ``rng`` when one is given."""
    if rng is None:
        return crlb(points, layout, p.zeta_squared, p.pathloss_exp_sense, basis=basis)
    return expected_crlb_monte_carlo(rng, points, layout, p.zeta_squared, p.pathloss_exp_sense, p.num_tx_antennas,
                                     num_draws, basis)[0]


def cached(fn):
    """Memoise ``fn(params, *generators)`` on the parameters and the generators' states (if any).

    Sweep points that share a random stream (``shared_stream_fields``) hand over generators in
    the same state, so a design that several points need (the rate-optimal layout of a figure)
    is computed once per process. Each generator must be reserved for ``fn`` (spawn it): a hit
    does not advance it.
    """
    store: dict[str, object] = {}

    @functools.wraps(fn)
    def wrapper(p, *rngs):
        key = json.dumps([p.model_dump(mode="json"), [r.bit_generator.state for r in rngs]], sort_keys=True)
        if key not in store:
            if len(store) >= 64:
                store.pop(next(iter(store)))
            store[key] = fn(p, *rngs)
        return store[key]

    return wrapper
