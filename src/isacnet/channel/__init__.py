"""Channel models: Rayleigh fading vectors, steering vectors and precoders (batched over drops)."""

from isacnet.channel.beams import steering_vector_spatial
from isacnet.channel.mimo import *  # noqa: F403
from isacnet.channel.mimo import __all__ as _mimo_all
from isacnet.channel.power import NetworkDrop, channel_variances, draw_network, pathloss_gain
from isacnet.channel.precoding import *  # noqa: F403
from isacnet.channel.precoding import __all__ as _precoding_all

__all__ = list(_mimo_all) + list(_precoding_all)
__all__ += ["NetworkDrop", "channel_variances", "draw_network", "pathloss_gain"]  # power
__all__ += ["steering_vector_spatial"]  # deploy
