"""The 2-D set-up of deploy Sec. V-C: users on the ground, targets on a parallel plane."""

from __future__ import annotations

import numpy as np
from pydantic import model_validator

from isacnet.errors import InputError
from isacnet.geometry.regions import horizontal_plane
from isacnet.models import param
from isacnet.optimization.deploy import area_rate_mean_gain_bits
from isacnet.optimization.deploy_designs import problem_from_model

from ._common import DeployParams

__all__ = ["PlanarParams", "planar_setup", "rate_on_grid"]


class PlanarParams(DeployParams):
    """2-D regions: ``region_size`` × ``region_size`` squares centred at the origin."""

    region_size: float = param(400.0, unit="m", gt=0, le=1e5,
                               doc="side of the user and target squares [?]; <= 100 km")
    target_height: float = param(400.0, unit="m", symbol=r"$z_T$", ge=0, le=2e4,
                                 doc="altitude of the target plane (paper: 400 m); <= 20 km (airspace)")
    user_height: float = param(0.0, unit="m", ge=0, le=2e4, doc="altitude of the user plane; <= 20 km")
    bs_min_height: float = param(10.0, unit="m", ge=0, le=2e4, doc="lowest BS height [?]; <= 20 km")
    bs_top_clearance: float = param(10.0, unit="m", ge=0, le=2e4,
                                    doc="highest BS height = target_height - this [?]; <= 20 km")
    pathloss_exp: float = param(3.7, unit="1", symbol=r"$\alpha$", ge=1, le=6,
                                doc="BS-user path-loss exponent, calibrated: rate-optimal area rate ~6.5 bits/s/Hz")

    @model_validator(mode="after")
    def _box_off_target_plane(self):
        top = max(self.target_height - self.bs_top_clearance, self.bs_min_height)
        if self.estimate_dims == "3d" and self.bs_min_height == top == self.target_height:
            raise InputError("bs_box", f"lies in the target plane z = {self.target_height} m: a 3-D CRLB needs BS "
                             "heights off it (raise target_height or change bs_min_height/bs_top_clearance)")
        return self


def planar_setup(p: PlanarParams):
    """Target region, user region and the BS box ``(lower, upper)`` [m]."""
    s = p.region_size
    targets = horizontal_plane([0, 0], s, s, p.target_height, name="target_region")
    users = horizontal_plane([0, 0], s, s, p.user_height, name="user_region")
    top = max(p.target_height - p.bs_top_clearance, p.bs_min_height)
    lower = [-s / 2, -s / 2, p.bs_min_height]
    upper = [s / 2, s / 2, top]
    return targets, users, lower, upper


def rate_on_grid(p: PlanarParams, layout, per_axis: int) -> float:
    """Mean-gain area rate [bits/s/Hz] of ``layout`` [N, 3] [m] on a ``per_axis``² grid of the user plane
    (eq. (30a) with mean beam gains, spec 004 §4).

    The optimiser sees only the ``samples_per_axis``² user samples, and on a coarse grid it places BSs
    over them: the sampled rate then overstates the area rate (8.0 against 6.0 bits/s/Hz at 5² samples,
    6.8 against 6.2 at 8², on the paper profile's 1300 m square). Evaluate on a fine grid to compare.
    """
    targets, users, lower, upper = planar_setup(p)
    fine = problem_from_model(p, targets, users, lower, upper, samples_per_axis=per_axis)
    return area_rate_mean_gain_bits(fine, np.asarray(layout, float))
