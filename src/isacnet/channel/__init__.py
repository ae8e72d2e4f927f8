"""Channel models: Rayleigh fading vectors, steering vectors and precoders (batched over drops)."""

from isacnet.channel.beams import *  # noqa: F403
from isacnet.channel.beams import __all__ as _beams_all
from isacnet.channel.mimo import *  # noqa: F403
from isacnet.channel.mimo import __all__ as _mimo_all

__all__ = list(_mimo_all) + list(_beams_all)
