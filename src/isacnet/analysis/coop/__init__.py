"""Closed forms of paper ``coop`` (000): cooperative ISAC with CoMP and distributed MIMO radar.

Sensing (GDoP, CRLB scaling laws, acceptance) lives in ``_sensing``; communication
(CoMP rate, cluster size, trade-off) in ``_comm``. Import from here.
"""

from isacnet.analysis.coop._comm import *  # noqa: F403
from isacnet.analysis.coop._comm import __all__ as _comm_all
from isacnet.analysis.coop._sensing import *  # noqa: F403
from isacnet.analysis.coop._sensing import __all__ as _sensing_all

__all__ = list(_sensing_all) + list(_comm_all)
