"""Experiments of paper ``power`` (003): the GLRT's PoD (fig. 2a) and the power allocation (fig. 2b, 2c).

* :mod:`.detection`: ``power.detection``, :class:`DetectionParams`, :func:`detection_network`;
* :mod:`.allocation`: ``power.allocation``, :class:`AllocationParams`, :func:`allocation_problem`,
  :func:`evaluate_allocation`.

Both parameter models extend :class:`isacnet.models.power.PowerModel`.
"""

from isacnet.experiments.power.allocation import (
    ALLOCATION,
    AllocationParams,
    allocation_problem,
    evaluate_allocation,
)
from isacnet.experiments.power.detection import DETECTION, DetectionParams, detection_network

__all__ = [
    "ALLOCATION",
    "AllocationParams",
    "allocation_problem",
    "evaluate_allocation",
    "DETECTION",
    "DetectionParams",
    "detection_network",
]
