"""Geometry: point processes, deterministic layouts and sampled regions.

Random geometry is batched over a leading *drop* axis: an array of shape
``[num_drops, num_points]`` holds ``num_drops`` independent realisations.
"""

from isacnet.geometry.campbell import ppp_tail_mean
from isacnet.geometry.layouts import explicit_positions, hex_grid
from isacnet.geometry.ppp import (
    InterferenceSample,
    continue_ppp,
    cos_sin,
    nearest_ppp_points,
    polar_to_cartesian,
    ppp_arrivals,
    ppp_in_window,
    ppp_interference,
    torus_distance,
    uniform_angles,
    unit_circle,
    wrap_displacement,
)
from isacnet.geometry.regions import Box, Rectangle, Region, Segment, horizontal_plane

__all__ = [
    "InterferenceSample",
    "nearest_ppp_points",
    "ppp_arrivals",
    "uniform_angles",
    "unit_circle",
    "cos_sin",
    "continue_ppp",
    "ppp_in_window",
    "ppp_interference",
    "polar_to_cartesian",
    "wrap_displacement",
    "torus_distance",
    "ppp_tail_mean",
    "hex_grid",
    "explicit_positions",
    "Region",
    "Segment",
    "Rectangle",
    "Box",
    "horizontal_plane",
]
