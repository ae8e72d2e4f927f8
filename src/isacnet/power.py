"""Paper ``power`` (003) for notebooks and scripts: GLRT detection, rates and power allocation.

Zou et al., *Power allocation for coordinated multi-point aided ISAC systems* (letter); the
corrected math is ``spec/003-power.md`` (spec 003 §k). SI units in and out: powers and noise
powers in W, channel gains dimensionless, rates in bits/s/Hz (names end in ``_bits``),
probabilities and SNRs as plain numbers; dB only in the ``_db`` fields of :class:`PowerModel`.

Detection (one target, ``L`` BSs; the last axis of ``powers`` and ``channel`` is the BS ``l``)::

    import numpy as np
    from isacnet import power

    h = np.array([0.8 + 0.3j, 0.2 - 0.4j, 0.1j])      # h^s_l of one target [1]
    p = np.full(3, 20 / 3)                           # P_l [W]
    power.detection_probability(p, h, 10**1.5, num_samples=100, pfa=1e-6)     # eq. (12): 0.696
    est = power.simulate_detection(p, h, 10**1.5, num_samples=100, pfa=1e-6, rng=np.random.default_rng(1))
    est.pod.mean, est.pod.ci_low, est.pod.ci_high    # the GLRT of eq. (8): 0.697 [0.688, 0.706]

Allocation (problem (13) on one network realisation)::

    model = power.PowerModel(power_budget_db=20.0)   # Section V defaults, P_th = 100 W
    net = power.draw_network(np.random.default_rng(7), model)
    problem = power.allocation_problem(model, net)
    power.allocate_power(problem, "ppa").sum_rate_bits                        # 5.68 bits/s/Hz

Functions
---------
:func:`false_alarm_probability`, :func:`detection_threshold` (eq. (10b));
:func:`sensing_snr`, :func:`detection_probability` (eq. (12), ``form="large_n"`` or ``"exact"``),
:func:`detection_probability_at_snr`, :func:`min_sensing_snr` (the inverse used in (18));
:func:`simulate_detection` (Monte Carlo of the detector of eq. (8), with CIs);
:func:`sinr`, :func:`rate_bits`, :func:`sum_rate_bits` (eq. (2)–(3));
:func:`draw_network`, :func:`allocation_problem`, :func:`allocate_power` (PPA, EPA, RPA),
:func:`min_total_power` (problem (13)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from isacnet.analysis.power import rate_bits, sensing_snr_large_n, sinr, sum_rate_bits
from isacnet.channel.power import NetworkDrop
from isacnet.errors import InputError
from isacnet.metrics import detection as _detection
from isacnet.models.power import PowerModel
from isacnet.optimization import power as _optimization
from isacnet.optimization.power import PowerAllocationProblem, PowerAllocationResult
from isacnet.simulate.power import glrt_trial
from isacnet.simulate.stats import Estimate, RunningStats

__all__ = [
    "PowerModel",
    "NetworkDrop",
    "PowerAllocationProblem",
    "PowerAllocationResult",
    "DetectionSimulationResult",
    "MinTotalPowerResult",
    "false_alarm_probability",
    "detection_threshold",
    "sensing_snr",
    "detection_probability",
    "detection_probability_at_snr",
    "min_sensing_snr",
    "simulate_detection",
    "sinr",
    "rate_bits",
    "sum_rate_bits",
    "draw_network",
    "allocation_problem",
    "allocate_power",
    "min_total_power",
]

Form = Literal["large_n", "exact"]


# -- detection ----------------------------------------------------------------------------------
def false_alarm_probability(threshold, num_cells):
    """False-alarm probability ``P_FA = Q(L, delta)`` of the GLRT (power eq. (10b), spec 003 §2).

    Parameters
    ----------
    threshold : array_like, [...]
        GLRT threshold ``delta`` (>= 0) [1].
    num_cells : int
        ``L``, the number of signals in ``X``.

    Returns
    -------
    ndarray, [...]
        ``P_FA`` [1].
    """
    return _detection.false_alarm_probability(threshold, num_cells)


def detection_threshold(pfa, num_cells):
    """GLRT threshold ``delta = Q^-1(L, P_FA)`` (inverse of power eq. (10b), spec 003 §2).

    Parameters
    ----------
    pfa : array_like, [...]
        False-alarm probability in (0, 1).
    num_cells : int
        ``L``.

    Returns
    -------
    ndarray, [...]
        ``delta`` [1], compared with the statistic ``T(y)`` of eq. (8).
    """
    return _detection.detection_threshold(pfa, num_cells)


def sensing_snr(powers, channel, noise_power, *, num_samples: int | None = None, symbols=None,
                form: Form = "large_n"):
    """Sensing SNR ``s`` of one target, summed over the ``N`` samples (power eq. (12)).

    ``form="large_n"`` (default; eq. (12), last line, with the letter's ``P_L`` read as ``P_l``,
    spec 003 §2): ``s = N sum_l P_l |h_l|^2 / sigma^2``, the mean over i.i.d. unit-power
    symbols. ``form="exact"`` (eq. (12), 4th line): ``s = h^H X^H X h / sigma^2`` for the given
    waveforms ``X = [sqrt(P_l) x_l]``.

    Parameters
    ----------
    powers : array_like, [..., num_cells]
        ``P_l`` [W].
    channel : array_like, complex, [..., num_cells]
        ``h^s_l``: two-way channel from BS ``l`` via the target to its receiving BS [1].
    noise_power : array_like, [...]
        ``sigma^2_s`` [W].
    num_samples : int
        ``N`` (>= L); needed by ``form="large_n"``.
    symbols : array_like, complex, [..., N, num_cells]
        Unit-power waveforms ``x_l^n`` [1]; needed by ``form="exact"``.
    form : {"large_n", "exact"}

    Returns
    -------
    ndarray, [...]
        ``s`` [1].
    """
    noise = np.asarray(noise_power, dtype=float)[..., None]  # one target: axis i of size 1
    if form == "large_n":
        if num_samples is None:
            raise InputError("num_samples", "must be given for form='large_n' (N >= L)")
        gains = np.abs(np.asarray(channel)) ** 2
        return sensing_snr_large_n(powers, gains[..., :, None], noise, num_samples)[..., 0]  # Eq. (12)
    if form == "exact":
        if symbols is None:
            raise InputError("symbols", "must be given for form='exact': unit-power waveforms [..., N, L]")
        h = np.asarray(channel, dtype=complex)
        return _detection.sensing_snr_exact(powers, h[..., :, None], symbols, noise)[..., 0]  # Eq. (12)
    raise InputError("form", f"must be 'large_n' or 'exact', got {form!r}")


def detection_probability(powers, channel, noise_power, *, pfa, num_samples: int | None = None, symbols=None,
                          form: Form = "large_n"):
    """Probability of detection of one target's GLRT, ``P_D = Q_L(sqrt(2 s), sqrt(2 delta))`` (power eq. (12)).

    ``delta`` is set for ``pfa`` by eq. (10b); ``s`` is :func:`sensing_snr` in the chosen
    ``form`` (``"large_n"``: the letter's closed form, exact in the mean over random
    waveforms; ``"exact"``: conditional on the waveforms ``symbols``).

    Parameters
    ----------
    powers : array_like, [..., num_cells]
        ``P_l`` [W].
    channel : array_like, complex, [..., num_cells]
        ``h^s_l`` of the target [1].
    noise_power : array_like, [...]
        ``sigma^2_s`` [W].
    pfa : float
        False-alarm probability in (0, 1).
    num_samples : int, optional
        ``N``; needed by ``form="large_n"``.
    symbols : array_like, complex, [..., N, num_cells], optional
        Unit-power waveforms; needed by ``form="exact"``.
    form : {"large_n", "exact"}

    Returns
    -------
    ndarray, [...]
        ``P_D`` [1].
    """
    num_cells = np.shape(channel)[-1]
    s = sensing_snr(powers, channel, noise_power, num_samples=num_samples, symbols=symbols, form=form)
    return detection_probability_at_snr(s, pfa=pfa, num_cells=num_cells)


def detection_probability_at_snr(sensing_snr, *, pfa, num_cells):
    """``P_D = Q_L(sqrt(2 s), sqrt(2 delta))`` at a given sensing SNR ``s`` (power eq. (12), spec 003 §2).

    Parameters
    ----------
    sensing_snr : array_like, [...]
        ``s`` (>= 0), summed over the ``N`` samples [1].
    pfa : float
        False-alarm probability in (0, 1) (sets ``delta`` by eq. (10b)).
    num_cells : int
        ``L``.

    Returns
    -------
    ndarray, [...]
        ``P_D`` [1].
    """
    return _detection.detection_probability(sensing_snr, detection_threshold(pfa, num_cells), num_cells)


def min_sensing_snr(pod_min, *, pfa, num_cells):
    """Smallest sensing SNR ``s`` with ``P_D(s) >= pod_min`` (inverse of power eq. (12); the ``N zeta^s`` of (18)).

    Exact inverse of the noncentral chi-square PoD (Brent's method, relative tolerance 1e-12);
    0 when ``pod_min <= pfa`` (spec 003 §3).

    Parameters
    ----------
    pod_min : array_like, [...]
        Required ``P_D`` in (0, 1).
    pfa : float
        False-alarm probability in (0, 1).
    num_cells : int
        ``L``.

    Returns
    -------
    ndarray, [...]
        ``s_min`` [1].
    """
    return _detection.min_sensing_snr(pod_min, detection_threshold(pfa, num_cells), num_cells)


@dataclass(frozen=True)
class DetectionSimulationResult:
    """Monte Carlo of one target's GLRT (power eq. (6)–(8)); every field is an :class:`Estimate` with its CI.

    Attributes
    ----------
    pod : Estimate
        Detection rate ``Pr{T(y) >= delta | H1}`` [1].
    pfa : Estimate
        False-alarm rate ``Pr{T(y) >= delta | H0}`` [1].
    pod_given_waveforms : Estimate
        Mean over the drawn waveforms of the exact conditional PoD of eq. (12), 4th line: the same
        probability as ``pod`` with a smaller variance [1].
    """

    pod: Estimate
    pfa: Estimate
    pod_given_waveforms: Estimate


def simulate_detection(powers, channel, noise_power, *, num_samples: int, pfa: float, rng: np.random.Generator,
                       num_trials: int = 10_000, symbols: Literal["qpsk", "gaussian"] = "qpsk",
                       batch_size: int = 10_000) -> DetectionSimulationResult:
    """Run the GLRT detector of power eq. (8) ``num_trials`` times (Monte Carlo twin of :func:`detection_probability`).

    Each run draws i.i.d. unit-power waveforms and noise from ``rng``, forms ``y = X h + n``
    (``H1``) and ``y = n'`` (``H0``) and compares ``T(y)`` with ``delta`` set for ``pfa``
    (:func:`isacnet.simulate.power.glrt_trial`). Runs are vectorised in batches of
    ``batch_size``.

    Parameters
    ----------
    powers : array_like, [num_cells]
        ``P_l`` [W].
    channel : array_like, complex, [num_cells]
        ``h^s_l`` of the target [1].
    noise_power : float
        ``sigma^2_s`` [W].
    num_samples : int
        ``N`` (>= L).
    pfa : float
        False-alarm probability in (0, 1) that sets ``delta``.
    rng : numpy.random.Generator
        Source of the waveforms and the noise.
    num_trials : int
        Detector runs (>= 2).
    symbols : {"qpsk", "gaussian"}
        Waveform alphabet.
    batch_size : int
        Runs per vectorised batch (memory ``~ 16 batch_size N L`` bytes).

    Returns
    -------
    DetectionSimulationResult
    """
    if int(num_trials) < 2:
        raise InputError("num_trials", f"must be >= 2, got {num_trials}")
    if int(batch_size) < 1:
        raise InputError("batch_size", f"must be >= 1, got {batch_size}")
    h = np.asarray(channel, dtype=complex)
    threshold = float(detection_threshold(pfa, h.shape[-1]))
    stats = {"detected": RunningStats(), "false_alarm": RunningStats(), "pod_exact": RunningStats()}
    done = 0
    while done < num_trials:  # batches of runs, each one vectorised
        size = min(int(batch_size), int(num_trials) - done)
        out = glrt_trial(rng, size, powers=powers, channel=h, noise_power=float(noise_power),
                         num_samples=num_samples, threshold=threshold, pfa=pfa, symbols=symbols)
        for name, acc in stats.items():
            acc.update(out[name])
        done += size
    return DetectionSimulationResult(pod=stats["detected"].estimate(), pfa=stats["false_alarm"].estimate(),
                                     pod_given_waveforms=stats["pod_exact"].estimate())


# -- network and allocation -------------------------------------------------------------------------
def draw_network(rng: np.random.Generator, model: PowerModel | None = None, *, size: int = 1) -> NetworkDrop:
    """Draw ``size`` realisations of the network of ``model`` (users, targets, Rayleigh channels; spec 003 §1).

    Parameters
    ----------
    rng : numpy.random.Generator
        Source of the drops.
    model : PowerModel, optional
        Geometry and channel model (default: ``PowerModel()``, the letter's Section V with our
        channel choices).
    size : int
        Number of drops.

    Returns
    -------
    NetworkDrop
        ``channel_comm``, ``channel_sense`` ``[size, L (tx l), L (rx i)]`` [1], positions [m].
    """
    return (model or PowerModel()).draw_network(rng, size)


def allocation_problem(model: PowerModel, network: NetworkDrop, index: int = 0) -> PowerAllocationProblem:
    """Problem (13) on drop ``index`` of ``network`` with the requirements of ``model`` (power Sec. IV).

    Parameters
    ----------
    model : PowerModel
        Budget, noises, rate and PoD floors, ``P_FA``, ``N``.
    network : NetworkDrop
        Drops of :func:`draw_network`.
    index : int
        Which drop.

    Returns
    -------
    PowerAllocationProblem
    """
    if not 0 <= int(index) < network.channel_comm.shape[0]:
        raise InputError("index", f"must be in [0, {network.channel_comm.shape[0]}), got {index}")
    return PowerAllocationProblem.from_model(model, network.gains_comm[index], network.gains_sense[index])


def allocate_power(problem: PowerAllocationProblem, method: Literal["ppa", "epa", "rpa", "brute_force"] = "ppa", *,
                   rng: np.random.Generator | None = None, **options) -> PowerAllocationResult:
    """Allocate the budget of ``problem`` (power eq. (13)) with one of the letter's schemes.

    * ``"ppa"``: the proposed allocation, alternating eq. (15) and the concave ``P``-step of (16)
      (spec 003 §3), :func:`isacnet.optimization.power.allocate_ppa`;
    * ``"epa"``: equal powers ``P_th / L``;
    * ``"rpa"``: a uniformly random split of the budget that meets every constraint (needs ``rng``);
    * ``"brute_force"``: grid search on ``sum P = P_th`` (L = 2 or 3; for checks).

    Parameters
    ----------
    problem : PowerAllocationProblem
    method : {"ppa", "epa", "rpa", "brute_force"}
    rng : numpy.random.Generator, optional
        Source of the RPA draws.
    **options
        Passed to the scheme (e.g. ``tol``, ``max_iter`` for PPA; ``max_draws`` for RPA).

    Returns
    -------
    PowerAllocationResult
        ``powers`` [W], ``sum_rate_bits`` [bits/s/Hz], ``feasible`` and a message saying why not.
    """
    if method == "ppa":
        return _optimization.allocate_ppa(problem, **options)
    if method == "epa":
        return _optimization.allocate_epa(problem, **options)
    if method == "rpa":
        if not isinstance(rng, np.random.Generator):
            raise InputError("rng", "must be a numpy.random.Generator for method='rpa'")
        return _optimization.allocate_rpa(problem, rng, **options)
    if method == "brute_force":
        return _optimization.brute_force_allocation(problem, **options)
    raise InputError("method", f"must be 'ppa', 'epa', 'rpa' or 'brute_force', got {method!r}")


@dataclass(frozen=True)
class MinTotalPowerResult:
    """The smallest total power that meets every rate (17) and PoD (18) constraint of problem (13).

    Attributes
    ----------
    total_power : float
        ``min sum_l P_l`` [W] (``inf``: the rate floors cannot all hold at any power).
    powers : ndarray, [num_cells] or None
        A minimiser [W].
    within_budget : bool
        Whether ``total_power <= P_th``, i.e. problem (13) is feasible.
    """

    total_power: float
    powers: np.ndarray | None
    within_budget: bool

    @property
    def total_power_db(self) -> float:
        """``total_power`` [dB re 1 W]."""
        return float(10.0 * np.log10(self.total_power)) if np.isfinite(self.total_power) else float("inf")


def min_total_power(problem: PowerAllocationProblem) -> MinTotalPowerResult:
    """The linear program ``min sum_l P_l`` s.t. (17), (18), ``P >= 0`` (feasibility of power eq. (13), spec 003 §3).

    Parameters
    ----------
    problem : PowerAllocationProblem

    Returns
    -------
    MinTotalPowerResult
    """
    total, powers = _optimization.min_total_power(problem)
    ok = bool(total <= problem.power_budget * (1.0 + _optimization.FEASIBILITY_RTOL))
    return MinTotalPowerResult(total, powers, ok)
