"""Monte Carlo estimators of paper ``nulling`` (001), two fidelities.

(a) ``_typical``: typical-point trial functions with the paper's Gamma gains — the model
    the closed forms describe.
(b) ``_system``: a system-level network simulation on a torus (every BS with its own users
    and targets, nulling requests to the nearest other BSs, random dropping beyond the
    spatial DoF, actual ZF precoders on complex Gaussian channels and ULA steering
    vectors) — what the paper's figures call Monte Carlo. It takes the physics as a
    :class:`isacnet.models.nulling.NullingModel` and its own simulation settings.
"""

from isacnet.simulate.nulling._system import system_level_trial
from isacnet.simulate.nulling._typical import comm_rate_trial, radar_rate_trial

__all__ = ["comm_rate_trial", "radar_rate_trial", "system_level_trial"]
