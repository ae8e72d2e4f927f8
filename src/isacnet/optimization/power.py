"""Sum-rate power allocation with detection-probability constraints (paper ``power`` (003), Sec. IV).

Problem (13), for one network realisation:

    max_P  R_sum(P) = sum_i log2(1 + P_i rho_{i,i} / (sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i}))
    s.t.   sum_l P_l <= P_th                  (13b)
           R_i >= R^c_{i,th}                   (13c)  <=> (17), linear in P
           P_D^i >= xi^i_{S,th}                (13d)  <=> (18), linear in P
           P >= 0.

(17): ``P_i rho_{i,i} >= zeta^c_i (sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i})`` with
``zeta^c_i = 2^{R_th} - 1``. (18): ``N sum_l P_l |h^s_{l,i}|^2 / sigma^2_{s,i} >= s_min`` where
``s_min`` inverts the large-``N`` PoD of eq. (12) exactly (noncentral chi-square root
finding, :func:`isacnet.metrics.detection.min_sensing_snr`; spec 003 §3). Both are exact
reformulations, not relaxations: ``R_i`` and ``P_D^i`` are strictly increasing in their SINR/SNR.

Solver (spec 003 §3 [C]): (19) is not jointly convex, but for fixed ``t`` it is concave in
``P`` and for fixed ``P`` the maximiser ``t_i = 1 / (sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i})``
is in closed form (eq. (15)–(16)). :func:`allocate_ppa` alternates the two
(a minorise–maximise scheme, so ``R_sum`` never decreases) until the sum rate changes by
less than ``tol`` bits/s/Hz; the ``P``-step is a conic program (cvxpy, CLARABEL by default)
compiled once per problem with ``t`` as a parameter.

Feasibility is decided exactly by the linear program ``min sum_l P_l`` s.t. (17), (18),
``P >= 0`` (:func:`min_total_power`): the problem is feasible iff that minimum is
``<= P_th``.

Baselines: :func:`allocate_epa` (``P_l = P_th / L``) and :func:`allocate_rpa` (a uniformly
random split of the whole budget from the caller's generator, redrawn until it meets every
constraint).
:func:`brute_force_allocation` and :func:`kkt_residual` check the optimiser.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize

from isacnet.analysis.power import pod_large_n, rate_bits, sensing_snr_large_n, sinr, sinr_threshold, sum_rate_bits
from isacnet.errors import InputError, NumericalError
from isacnet.metrics.detection import check_num_samples, check_probability, detection_threshold, min_sensing_snr
from isacnet.models.power import PowerModel

__all__ = [
    "PowerAllocationProblem",
    "PowerAllocationResult",
    "min_total_power",
    "is_feasible",
    "allocate_ppa",
    "allocate_epa",
    "allocate_rpa",
    "brute_force_allocation",
    "kkt_residual",
    "sum_rate_gradient_bits",
    "min_budget_equal_power",
]

FEASIBILITY_RTOL = 1e-6
"""Relative slack allowed on every constraint when a solution is checked (solver accuracy)."""


def _vector(value, num_cells: int, name: str) -> np.ndarray:
    arr = np.broadcast_to(np.asarray(value, dtype=float), (num_cells,)).copy()
    if not np.all(np.isfinite(arr)):
        raise InputError(name, "must be finite")
    return arr


@dataclass(frozen=True)
class PowerAllocationProblem:
    """One instance of problem (13).

    Parameters
    ----------
    gains_comm : array_like, [num_cells (tx l), num_cells (user i)]
        ``rho_{l,i} = |h^c_{l,i}|^2`` [1].
    gains_sense : array_like, [num_cells (tx l), num_cells (target i)]
        ``|h^s_{l,i}|^2`` [1].
    noise_comm, noise_sense : array_like, [num_cells] or scalar
        ``sigma^2_{c,i}``, ``sigma^2_{s,i}`` [W] (> 0).
    power_budget : float
        ``P_th`` [W] (> 0).
    rate_min_bits : array_like, [num_cells] or scalar
        ``R^c_{l,th}`` [bits/s/Hz] (>= 0).
    pod_min : array_like, [num_cells] or scalar
        ``xi^l_{S,th}`` in (0, 1).
    pfa : float
        ``P_FA`` in (0, 1) that sets the GLRT threshold (10b).
    num_samples : int
        ``N`` (>= L).
    """

    gains_comm: np.ndarray
    gains_sense: np.ndarray
    noise_comm: np.ndarray
    noise_sense: np.ndarray
    power_budget: float
    rate_min_bits: np.ndarray
    pod_min: np.ndarray
    pfa: float
    num_samples: int
    sinr_min: np.ndarray = field(init=False, repr=False)
    snr_min: np.ndarray = field(init=False, repr=False)

    def __post_init__(self):
        gc = np.asarray(self.gains_comm, dtype=float)
        gs = np.asarray(self.gains_sense, dtype=float)
        if gc.ndim != 2 or gc.shape[0] != gc.shape[1] or gs.shape != gc.shape:
            raise InputError("gains", f"gains_comm and gains_sense must both be [L, L], got {gc.shape} and {gs.shape}")
        if not (np.all(np.isfinite(gc)) and np.all(gc >= 0) and np.all(np.isfinite(gs)) and np.all(gs >= 0)):
            raise InputError("gains", "channel gains must be finite and >= 0")
        num = gc.shape[0]
        nc = _vector(self.noise_comm, num, "noise_comm")
        ns = _vector(self.noise_sense, num, "noise_sense")
        if np.any(nc <= 0):
            raise InputError("noise_comm", f"must be > 0 W, got {nc.min()!r}")
        if np.any(ns <= 0):
            raise InputError("noise_sense", f"must be > 0 W, got {ns.min()!r}")
        if not (np.isfinite(self.power_budget) and self.power_budget > 0):
            raise InputError("power_budget", f"must be > 0 W, got {self.power_budget!r}")
        rmin = _vector(self.rate_min_bits, num, "rate_min_bits")
        if np.any(rmin < 0):
            raise InputError("rate_min_bits", f"must be >= 0 bits/s/Hz, got {rmin.min()!r}")
        pod = check_probability(_vector(self.pod_min, num, "pod_min"), "pod_min")
        check_probability(self.pfa, "pfa")
        check_num_samples(self.num_samples, num)
        object.__setattr__(self, "gains_comm", gc)
        object.__setattr__(self, "gains_sense", gs)
        object.__setattr__(self, "noise_comm", nc)
        object.__setattr__(self, "noise_sense", ns)
        object.__setattr__(self, "rate_min_bits", rmin)
        object.__setattr__(self, "pod_min", pod)
        object.__setattr__(self, "power_budget", float(self.power_budget))
        object.__setattr__(self, "num_samples", int(self.num_samples))
        object.__setattr__(self, "sinr_min", sinr_threshold(rmin))  # Eq. (17)
        delta = float(detection_threshold(self.pfa, num))  # Eq. (10b)
        object.__setattr__(self, "snr_min", min_sensing_snr(pod, delta, num))  # Eq. (18), exact inverse of (12)

    @classmethod
    def from_model(cls, model: PowerModel, gains_comm, gains_sense) -> PowerAllocationProblem:
        """Problem (13) for one network realisation and the requirements of ``model``.

        Parameters
        ----------
        model : PowerModel
            Noises, budget, rate and PoD floors, ``P_FA`` and ``N`` (the same for every cell).
        gains_comm, gains_sense : array_like, [num_cells (tx l), num_cells (rx i)]
            ``|h^c_{l,i}|^2`` and ``|h^s_{l,i}|^2`` of one drop [1] (e.g. ``network.gains_comm[k]``).
        """
        # one value for every cell (__post_init__ broadcasts it to [num_cells])
        return cls(gains_comm, gains_sense, np.asarray(model.noise_comm), np.asarray(model.noise_sense),
                   model.power_budget, np.asarray(model.rate_min_bits), np.asarray(model.pod_min), model.pfa,
                   model.num_samples)

    @property
    def num_cells(self) -> int:
        """``L``."""
        return self.gains_comm.shape[0]

    def with_budget(self, power_budget: float) -> PowerAllocationProblem:
        """The same network with another ``P_th`` [W]."""
        return PowerAllocationProblem(self.gains_comm, self.gains_sense, self.noise_comm, self.noise_sense,
                                      power_budget, self.rate_min_bits, self.pod_min, self.pfa, self.num_samples)

    def linear_constraints(self) -> tuple[np.ndarray, np.ndarray]:
        """(17) and (18) as ``A P >= b``.

        Returns
        -------
        A : ndarray, [2 L, L]
            Rows ``0..L-1``: rate constraints (17); rows ``L..2L-1``: detection (18).
        b : ndarray, [2 L]
        """
        rho = self.gains_comm
        zeta = self.sinr_min
        interf = rho.T * (1.0 - np.eye(self.num_cells))  # [i, l]: rho_{l,i}, l != i
        a_rate = np.diag(np.diag(rho)) - zeta[:, None] * interf  # Eq. (17)
        b_rate = zeta * self.noise_comm
        a_sense = self.num_samples * self.gains_sense.T / self.noise_sense[:, None]  # Eq. (18) (times N)
        b_sense = self.snr_min
        return np.vstack([a_rate, a_sense]), np.concatenate([b_rate, b_sense])

    def constraint_margins(self, powers) -> dict[str, np.ndarray]:
        """Relative slack of every constraint of (13) at ``powers [..., L]`` (>= 0 when met).

        Returns
        -------
        dict
            ``"budget" [...]``, ``"rate" [..., L]`` (SINR / zeta^c - 1), ``"pod" [..., L]``
            (s / s_min - 1), ``"nonneg" [..., L]`` (P / P_th).
        """
        p = np.asarray(powers, dtype=float)
        out = {"budget": 1.0 - p.sum(axis=-1) / self.power_budget, "nonneg": p / self.power_budget}
        with np.errstate(divide="ignore", invalid="ignore"):
            g = sinr(np.maximum(p, 0), self.gains_comm, self.noise_comm)
            out["rate"] = np.where(self.sinr_min > 0, g / np.where(self.sinr_min > 0, self.sinr_min, 1) - 1, np.inf)
            s = sensing_snr_large_n(np.maximum(p, 0), self.gains_sense, self.noise_sense, self.num_samples)
            out["pod"] = np.where(self.snr_min > 0, s / np.where(self.snr_min > 0, self.snr_min, 1) - 1, np.inf)
        return out


def is_feasible(problem: PowerAllocationProblem, powers, rtol: float = FEASIBILITY_RTOL):
    """Whether ``powers [..., L]`` meet every constraint of (13) up to relative slack ``rtol``."""
    m = problem.constraint_margins(powers)
    return ((m["budget"] >= -rtol) & np.all(m["nonneg"] >= -rtol, axis=-1) & np.all(m["rate"] >= -rtol, axis=-1)
            & np.all(m["pod"] >= -rtol, axis=-1))


@dataclass(frozen=True)
class PowerAllocationResult:
    """Outcome of one allocation.

    Attributes
    ----------
    scheme : str
        ``"PPA"``, ``"EPA"``, ``"RPA"`` or ``"brute force"``.
    feasible : bool
        Whether the powers meet every constraint of (13); for PPA, whether (13) is feasible.
    powers : ndarray, [L]
        ``P_l`` [W] (NaN when no feasible allocation was found).
    sum_rate_bits : float
        ``R_sum`` [bits/s/Hz] at ``powers`` (NaN when infeasible).
    rates_bits : ndarray, [L]
        ``R_i`` [bits/s/Hz].
    pod : ndarray, [L]
        Large-``N`` ``P_D^i`` of eq. (12).
    min_total_power : float
        Smallest ``sum_l P_l`` meeting (17)–(18) [W] (``inf``: unreachable at any power).
    iterations : int
        Alternating iterations (PPA) or draws (RPA).
    converged : bool
    history : tuple of float
        ``R_sum`` after every PPA iteration [bits/s/Hz].
    message : str
        Plain-language status; says why when infeasible.
    seconds : float
        Wall time [s].
    """

    scheme: str
    feasible: bool
    powers: np.ndarray
    sum_rate_bits: float
    rates_bits: np.ndarray
    pod: np.ndarray
    min_total_power: float
    iterations: int = 0
    converged: bool = True
    history: tuple = ()
    message: str = ""
    seconds: float = 0.0


def _result(problem, scheme, powers, feasible, min_power, message, **kw) -> PowerAllocationResult:
    num = problem.num_cells
    if feasible:
        p = np.asarray(powers, dtype=float)
        rates = rate_bits(np.maximum(p, 0), problem.gains_comm, problem.noise_comm)
        pod = pod_large_n(np.maximum(p, 0), problem.gains_sense, problem.noise_sense, problem.num_samples, problem.pfa)
        total = float(rates.sum())
    else:
        p = np.full(num, np.nan) if powers is None else np.asarray(powers, dtype=float)
        rates, pod, total = np.full(num, np.nan), np.full(num, np.nan), float("nan")
    return PowerAllocationResult(scheme, bool(feasible), p, total, rates, pod, float(min_power), message=message, **kw)


def min_total_power(problem: PowerAllocationProblem) -> tuple[float, np.ndarray | None]:
    """Smallest total power meeting (17) and (18): the LP ``min 1^T P`` s.t. ``A P >= b``, ``P >= 0``.

    Returns
    -------
    total : float
        [W]; ``inf`` when the rate constraints cannot all hold at any power (interference-limited).
    powers : ndarray, [L] or None
        A minimiser [W].
    """
    a, b = problem.linear_constraints()
    scale = np.maximum(np.abs(a).max(axis=1), 1e-300)  # row scaling for the LP
    res = optimize.linprog(np.ones(problem.num_cells), A_ub=-(a / scale[:, None]), b_ub=-(b / scale),
                           bounds=[(0, None)] * problem.num_cells, method="highs")
    if res.status == 2:
        return float("inf"), None
    if res.status != 0:  # pragma: no cover - HiGHS failure
        raise NumericalError(f"feasibility LP of problem (13) failed: {res.message}")
    return float(res.fun), np.maximum(res.x, 0.0)


def _infeasible_message(problem, p_min) -> str:
    p_th_db = 10 * np.log10(problem.power_budget)
    if not np.isfinite(p_min):
        return (f"infeasible at any power: the rate constraints (17) with R_th = {problem.rate_min_bits.max():g} "
                "bits/s/Hz cannot hold together (interference-limited)")
    return (f"infeasible: P_th = {problem.power_budget:.4g} W ({p_th_db:.2f} dB) is below the minimum total power "
            f"{p_min:.4g} W ({10 * np.log10(p_min):.2f} dB) that meets the rate (17) and PoD (18) constraints")


def sum_rate_gradient_bits(problem: PowerAllocationProblem, powers) -> np.ndarray:
    """Gradient of ``R_sum`` (eq. (14)) with respect to ``P`` [bits/s/Hz/W], shape ``[L]``."""
    p = np.asarray(powers, dtype=float)
    rho = problem.gains_comm
    total = rho.T @ p + problem.noise_comm  # [i]
    interf = total - np.diag(rho) * p
    off = rho * (1.0 - np.eye(problem.num_cells))  # [l, i], l != i
    return (rho @ (1.0 / total) - off @ (1.0 / interf)) / np.log(2.0)


class _PStep:
    """The concave ``P``-step of (19) for fixed ``t``, compiled once (cvxpy parameter ``t``)."""

    def __init__(self, problem: PowerAllocationProblem, solver: str):
        import cvxpy as cp

        num = problem.num_cells
        rho = problem.gains_comm
        self.p = cp.Variable(num, nonneg=True)
        self.t = cp.Parameter(num, nonneg=True)
        a, b = problem.linear_constraints()
        scale = np.maximum(np.abs(a).max(axis=1), 1e-300)
        interf = rho.T * (1.0 - np.eye(num))  # [i, l]
        objective = cp.sum(cp.log(rho.T @ self.p + problem.noise_comm)) - self.t @ (interf @ self.p)  # Eq. (16)
        constraints = [cp.sum(self.p) <= problem.power_budget, (a / scale[:, None]) @ self.p >= b / scale]
        self.cp_problem = cp.Problem(cp.Maximize(objective), constraints)
        self.solver = solver

    def solve(self, t: np.ndarray) -> np.ndarray | None:
        import cvxpy as cp

        self.t.value = t
        try:
            self.cp_problem.solve(solver=self.solver)
        except cp.SolverError:
            return None
        if self.cp_problem.status not in ("optimal", "optimal_inaccurate") or self.p.value is None:
            return None
        return np.maximum(np.asarray(self.p.value, dtype=float), 0.0)


def _t_update(problem, p) -> np.ndarray:
    rho = problem.gains_comm
    interf = rho.T @ p - np.diag(rho) * p + problem.noise_comm
    return 1.0 / interf  # t_i* = 1/x, eq. (15)


def _repair(problem, p) -> np.ndarray:
    """Pull a solver output that misses a constraint by solver accuracy back into the budget."""
    total = p.sum()
    if total > problem.power_budget:
        p = p * (problem.power_budget / total)
    return p


def _polish(problem: PowerAllocationProblem, p: np.ndarray) -> np.ndarray | None:
    """A local SLSQP refinement of a (near-)stationary point of (13) (spec 003 §3, optional polish).

    The alternating scheme converges sublinearly where the sum rate is flat; a few SQP steps
    from its output reach the KKT point to solver precision. Returns None on failure.
    """
    a, b = problem.linear_constraints()
    budget = problem.power_budget
    # variables u = P / P_th in [0, 1] and rows scaled to unit max-norm: a well-conditioned SQP
    a_u = a * budget
    scale = np.maximum(np.abs(a_u).max(axis=1), 1e-300)
    a_s, b_s = a_u / scale[:, None], b / scale
    cons = [
        {"type": "ineq", "fun": lambda u: a_s @ u - b_s, "jac": lambda u: a_s},
        {"type": "ineq", "fun": lambda u: np.array([1.0 - u.sum()]), "jac": lambda u: -np.ones((1, u.size))},
    ]

    def neg_rate(u):
        return -float(sum_rate_bits(np.maximum(u, 0) * budget, problem.gains_comm, problem.noise_comm))

    def neg_grad(u):
        return -budget * sum_rate_gradient_bits(problem, np.maximum(u, 0) * budget)

    res = optimize.minimize(neg_rate, p / budget, jac=neg_grad, method="SLSQP", constraints=cons,
                            bounds=[(0.0, 1.0)] * problem.num_cells, options={"ftol": 1e-14, "maxiter": 200})
    res.x = res.x * budget
    if not res.success:
        return None
    return _repair(problem, np.maximum(res.x, 0.0))


def allocate_ppa(problem: PowerAllocationProblem, *, tol: float = 1e-6, max_iter: int = 500,
                 solver: str = "CLARABEL", starts: str | tuple = ("min_power", "epa"),
                 polish: bool = True) -> PowerAllocationResult:
    """The proposed power allocation (PPA): alternate eq. (15)'s closed-form ``t`` with a convex ``P``-step.

    Iteration ``k``: ``t_i = 1 / (sum_{l != i} P_l rho_{l,i} + sigma^2_{c,i})`` (eq. (15)), then
    ``P = argmax (16)`` s.t. (13b), (17), (18), ``P >= 0`` (concave, solved by ``solver``). By the
    minorise–maximise property the sum rate never decreases; it stops when it changes by less
    than ``tol`` [bits/s/Hz] (or after ``max_iter`` iterations, then ``converged = False``).

    Parameters
    ----------
    problem : PowerAllocationProblem
    tol : float
        Convergence tolerance on ``|Delta R_sum|`` [bits/s/Hz] (spec 003 §3: 1e-6).
    max_iter : int
    solver : str
        cvxpy conic solver (``"CLARABEL"``, ``"SCS"``, ...).
    starts : tuple of {"min_power", "epa"}
        Feasible starting points, each run to convergence; the best is kept. ``"min_power"``:
        the LP minimiser of total power scaled up to the full budget (scaling all powers by
        ``c > 1`` raises every SINR and sensing SNR, so it stays feasible); ``"epa"``: equal
        powers, when feasible.
    polish : bool
        Refine the converged point with a local SQP step (kept only if it is feasible and does
        not lower the sum rate); the alternating iterations alone converge sublinearly.

    Returns
    -------
    PowerAllocationResult
        ``feasible = False`` with a message naming the minimum total power when (13) has no
        solution.
    """
    t0 = time.perf_counter()
    if isinstance(starts, str):
        starts = (starts,)
    for s in starts:
        if s not in ("min_power", "epa"):
            raise InputError("starts", f"must be 'min_power' or 'epa', got {s!r}")
    p_min, p_lp = min_total_power(problem)
    if p_lp is None or not p_min <= problem.power_budget * (1.0 + FEASIBILITY_RTOL):
        return _result(problem, "PPA", None, False, p_min, _infeasible_message(problem, p_min),
                       seconds=time.perf_counter() - t0, converged=False)
    initial = []
    if "min_power" in starts:
        initial.append(p_lp * problem.power_budget / p_lp.sum() if p_lp.sum() > 0 else
                       np.full(problem.num_cells, problem.power_budget / problem.num_cells))
    epa = np.full(problem.num_cells, problem.power_budget / problem.num_cells)
    if "epa" in starts and is_feasible(problem, epa):
        initial.append(epa)
    if not initial:
        initial.append(p_lp)
    step = _PStep(problem, solver)
    best: tuple[np.ndarray, float, tuple[float, ...], bool] | None = None
    total_iter = 0
    for p in initial:
        rate = float(sum_rate_bits(p, problem.gains_comm, problem.noise_comm))
        history = [rate]
        converged = False
        for _ in range(max_iter):
            new_p = step.solve(_t_update(problem, p))
            total_iter += 1
            if new_p is None:
                break
            new_p = _repair(problem, new_p)
            new_rate = float(sum_rate_bits(new_p, problem.gains_comm, problem.noise_comm))
            if new_rate < rate - 1e-7 * max(1.0, abs(rate)):  # solver noise only; MM is monotone
                break
            p, history, done = new_p, [*history, new_rate], abs(new_rate - rate) < tol
            rate = new_rate
            if done:
                converged = True
                break
        if best is None or rate > best[1]:
            best = (p, rate, tuple(history), converged)
    assert best is not None  # ``initial`` is never empty
    p, rate, best_history, converged = best
    if polish:
        q = _polish(problem, p)
        if q is not None and is_feasible(problem, q):
            q_rate = float(sum_rate_bits(q, problem.gains_comm, problem.noise_comm))
            if q_rate >= rate:
                p, rate = q, q_rate
    if 0 < p.sum() < problem.power_budget:
        # scaling every power by c > 1 raises every SINR and sensing SNR (sigma^2 > 0): the optimum uses the whole
        # budget, which the iterations reach only to solver accuracy where R_sum is flat
        q = p * (problem.power_budget / p.sum())
        q_rate = float(sum_rate_bits(q, problem.gains_comm, problem.noise_comm))
        if q_rate >= rate:
            p, rate = q, q_rate
    feasible = bool(is_feasible(problem, p))
    msg = f"converged in {len(best_history) - 1} iterations (|dR| < {tol:g} bits/s/Hz)" if converged else (
        f"stopped after {len(best_history) - 1} iterations without reaching |dR| < {tol:g}")
    if not feasible:  # pragma: no cover - would be a solver failure
        msg = "solver returned powers that miss a constraint: " + msg
    return _result(problem, "PPA", p, feasible, p_min, msg, iterations=total_iter, converged=converged,
                   history=best_history, seconds=time.perf_counter() - t0)


def min_budget_equal_power(problem: PowerAllocationProblem) -> float:
    """Smallest budget ``P_th`` [W] at which equal powers ``P_th / L`` meet (17) and (18) (closed form).

    With ``P_l = P / L``: (17) reads ``(P / L)(rho_{i,i} - zeta^c_i I_i) >= zeta^c_i sigma^2_{c,i}`` with
    ``I_i = sum_{l != i} rho_{l,i}``, and (18) ``N (P / L) sum_l |h^s_{l,i}|^2 / sigma^2_{s,i} >= s_min``; the
    answer is the largest of the resulting lower bounds (``inf`` if some ``rho_{i,i} <= zeta^c_i I_i``).
    """
    rho = problem.gains_comm
    num = problem.num_cells
    zeta = problem.sinr_min
    margin = np.diag(rho) - zeta * (rho.sum(axis=0) - np.diag(rho))
    need = zeta * problem.noise_comm
    with np.errstate(divide="ignore"):
        rate_bound = np.where(need > 0, np.where(margin > 0, num * need / np.where(margin > 0, margin, 1), np.inf), 0.0)
        sense_gain = problem.num_samples * problem.gains_sense.sum(axis=0) / problem.noise_sense
        sense_bound = np.where(problem.snr_min > 0, num * problem.snr_min / sense_gain, 0.0)
    return float(max(rate_bound.max(), sense_bound.max()))


def allocate_epa(problem: PowerAllocationProblem) -> PowerAllocationResult:
    """Equal power allocation (EPA): ``P_l = P_th / L``; feasible only if it meets every constraint."""
    t0 = time.perf_counter()
    p = np.full(problem.num_cells, problem.power_budget / problem.num_cells)
    ok = bool(is_feasible(problem, p))
    p_min, _ = min_total_power(problem)
    msg = "meets every constraint" if ok else "equal powers miss a rate (17) or PoD (18) constraint"
    res = _result(problem, "EPA", p, ok, p_min, msg, seconds=time.perf_counter() - t0)
    return res


def allocate_rpa(problem: PowerAllocationProblem, rng: np.random.Generator, *,
                 max_draws: int = 100_000, batch: int = 10_000) -> PowerAllocationResult:
    """Random power allocation (RPA) within the feasible region.

    Draws splits of the whole budget uniformly on the simplex ``{P >= 0, sum P = P_th}``
    (flat Dirichlet) and keeps the first that meets (17) and (18). Using the whole budget
    loses nothing: if ``P`` is feasible, so is ``c P`` for ``1 < c <= P_th / sum P``. When (13) is
    infeasible (LP) it reports so at once; when the feasible region is non-empty but none of
    ``max_draws`` draws hits it, it reports that as infeasible *for RPA* (the region is then a
    tiny fraction of the simplex).

    Parameters
    ----------
    problem : PowerAllocationProblem
    rng : numpy.random.Generator
        Source of the random splits (the letter names "seed 2" of its own generator).
    max_draws : int
        Draws before RPA gives up (then ``feasible = False`` for RPA).
    batch : int
        Draws tested at once (vectorised).

    Returns
    -------
    PowerAllocationResult
    """
    t0 = time.perf_counter()
    p_min, _ = min_total_power(problem)
    if not p_min <= problem.power_budget * (1.0 + FEASIBILITY_RTOL):
        return _result(problem, "RPA", None, False, p_min, _infeasible_message(problem, p_min),
                       seconds=time.perf_counter() - t0)
    drawn = 0
    while drawn < max_draws:
        k = min(batch, max_draws - drawn)
        p = problem.power_budget * rng.dirichlet(np.ones(problem.num_cells), size=k)  # uniform on the face
        ok = is_feasible(problem, p)
        if ok.any():
            j = int(np.argmax(ok))
            return _result(problem, "RPA", p[j], True, p_min, f"feasible draw {drawn + j + 1}",
                           iterations=drawn + j + 1, seconds=time.perf_counter() - t0)
        drawn += k
    return _result(problem, "RPA", None, False, p_min,
                   f"no feasible draw among {max_draws} uniform splits of the budget", iterations=drawn,
                   seconds=time.perf_counter() - t0)


def brute_force_allocation(problem: PowerAllocationProblem, num_grid: int = 400) -> PowerAllocationResult:
    """Exhaustive search of (13) on a grid of the face ``sum P = P_th`` (for checks, L = 2 or 3).

    The optimum of (13) uses the whole budget (scaling every power by ``c > 1`` raises every
    SINR because ``sigma^2_c > 0``), so the grid ``P = P_th k / num_grid`` with integer
    ``k >= 0``, ``sum k = num_grid`` covers it with spacing ``P_th / num_grid``.

    Returns
    -------
    PowerAllocationResult
        The best feasible grid point (``feasible = False`` if no grid point is feasible).
    """
    t0 = time.perf_counter()
    num = problem.num_cells
    if num not in (2, 3):
        raise InputError("num_cells", f"brute force supports L = 2 or 3, got {num}")
    k = np.arange(num_grid + 1)
    if num == 2:
        grid = np.stack([k, num_grid - k], axis=1)
    else:
        k1, k2 = np.meshgrid(k, k, indexing="ij")
        keep = k1 + k2 <= num_grid
        grid = np.stack([k1[keep], k2[keep], num_grid - k1[keep] - k2[keep]], axis=1)
    p = problem.power_budget * grid / num_grid
    ok = is_feasible(problem, p, rtol=0.0)
    p_min, _ = min_total_power(problem)
    if not ok.any():
        return _result(problem, "brute force", None, False, p_min, "no feasible grid point",
                       seconds=time.perf_counter() - t0)
    rates = sum_rate_bits(p[ok], problem.gains_comm, problem.noise_comm)
    j = int(np.argmax(rates))
    return _result(problem, "brute force", p[ok][j], True, p_min, f"best of {int(ok.sum())} feasible grid points",
                   iterations=int(ok.sum()), seconds=time.perf_counter() - t0)


def kkt_residual(problem: PowerAllocationProblem, powers, active_rtol: float = 1e-5) -> tuple[float, dict]:
    """First-order (KKT) optimality residual of ``powers`` for (13) with (17)–(18).

    Writes every constraint as ``c_j(P) >= 0`` (rate rows and PoD rows of ``A P - b``,
    ``P_th - sum P``, ``P_l``), takes those with relative slack ``<= active_rtol`` as active and
    finds multipliers ``mu >= 0`` minimising ``||grad R_sum + sum_j mu_j grad c_j||`` (NNLS).
    Complementary slackness holds by construction (inactive constraints get ``mu = 0``).

    Returns
    -------
    residual : float
        ``||grad R + J_active^T mu|| / ||grad R||`` (0 at a KKT point).
    info : dict
        ``"multipliers"`` by constraint name, ``"active"`` names.
    """
    p = np.asarray(powers, dtype=float)
    a, b = problem.linear_constraints()
    num = problem.num_cells
    names = [f"rate[{i}]" for i in range(num)] + [f"pod[{i}]" for i in range(num)] + ["budget"] + [
        f"P[{i}]>=0" for i in range(num)]
    grads = np.vstack([a, -np.ones((1, num)), np.eye(num)])
    values = np.concatenate([a @ p - b, [problem.power_budget - p.sum()], p])
    scales = np.concatenate([np.maximum(np.abs(b), np.abs(a) @ np.abs(p)), [problem.power_budget],
                             np.full(num, problem.power_budget)])
    active = values <= active_rtol * np.maximum(scales, 1e-300)
    g = sum_rate_gradient_bits(problem, p)
    g_norm = float(np.linalg.norm(g))
    if not active.any():
        return g_norm / max(g_norm, 1e-300), {"multipliers": {}, "active": []}
    jac = grads[active]
    norms = np.linalg.norm(jac, axis=1)
    mu_scaled, _ = optimize.nnls((jac / norms[:, None]).T, -g)
    mu = mu_scaled / norms
    resid = g + jac.T @ mu
    act_names = [n for n, a_ in zip(names, active) if a_]
    return float(np.linalg.norm(resid)) / max(g_norm, 1e-300), {
        "multipliers": dict(zip(act_names, mu)), "active": act_names}
