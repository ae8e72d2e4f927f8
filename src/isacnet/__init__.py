"""isacnet: analysis, simulation and optimisation of cooperative ISAC cellular networks.

Layers (data flows one way): ``scenario`` → ``geometry`` → ``channel`` → ``metrics`` →
``analysis.<paper>`` / ``simulate.<paper>`` → ``optimization`` → ``figures.<paper>`` →
``store``. Paper keys: ``coop`` (000), ``nulling`` (001), ``overview`` (002), ``power``
(003), ``deploy`` (004).
"""

from isacnet._version import __version__
from isacnet.errors import InputError

__all__ = ["__version__", "InputError"]
