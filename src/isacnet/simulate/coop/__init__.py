"""Monte Carlo estimators of paper ``coop`` (000).

Trial functions follow the engine's contract ``trial(rng, size, ...) -> {name: samples}``
and are vectorised over the drop axis.
"""

from isacnet.simulate.coop._comm import *  # noqa: F403
from isacnet.simulate.coop._comm import __all__ as _comm_all
from isacnet.simulate.coop._sensing import *  # noqa: F403
from isacnet.simulate.coop._sensing import __all__ as _sensing_all

__all__ = list(_sensing_all) + list(_comm_all)
