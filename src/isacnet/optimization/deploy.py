"""3-D BS deployment optimisers (paper ``deploy``, 004, Sec. IV; spec 004 §5–§7).

* :func:`optimize_deployment` — block-coordinate MM + trust region of §7 (Woodbury/Schur
  split (31)–(32), matrix-fractional majoriser (33)–(34), unit-vector change of variables
  (35), λ_max bound (36), distance terms (37), first-order model (38), linearised rate
  constraint (39)–(40), convex per-BS subproblem (41), ratio test (42), radius update (43));
  ``method="gradient"`` is the exact-gradient fallback of §7.6 (any N, in-region FIM).
* :func:`grid_search_deployment` — per-BS global grid search (reference of Fig. 4).
* :func:`optimize_comm_only` — maximise the mean-gain area rate (baselines).
* heights-only mode: ``free_axes=(False, False, True)`` in :func:`make_problem`.
* :class:`DeploymentDatabase` — Sec. III-C / eq. (28): reuse stored optima via similarity maps.

Problem (P3), eq. (30): ``min_U (1/I) Σ_i w_i tr F̄⁻¹(t_i; U)`` s.t.
``(1/J) Σ_j v_j R̄(q_j; U) >= R_th``, ``u_n`` in the box (mean beam gains, spec §3.4, §4).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field, replace

import numpy as np
from scipy.optimize import minimize

from isacnet.errors import InputError, NumericalError
from isacnet.geometry.regions import Region
from isacnet.metrics.deploy import bistatic_geometry, fisher_information, project_fim, trace_inverse

__all__ = [
    "DeploymentProblem",
    "DeploymentResult",
    "TrustRegionOptions",
    "make_problem",
    "area_objective",
    "area_rate_mean_gain_bits",
    "objective_gradient",
    "woodbury_split",
    "majoriser_terms",
    "MajoriserTerms",
    "matrix_fractional_bound",
    "surrogate_value",
    "rate_linearisation",
    "initial_layout",
    "optimize_deployment",
    "grid_search_deployment",
    "optimize_comm_only",
    "DeploymentDatabase",
    "DatabaseLookupResult",
    "fit_similarity",
]


@dataclass(frozen=True)
class DeploymentProblem:
    """Sampled deployment problem (P3), eq. (30).

    Attributes
    ----------
    targets : ndarray, [I, 3]
        Target samples ``t_i`` [m].
    target_weights : ndarray, [I]
        ``f_T`` importance weights (mean 1).
    users : ndarray, [J, 3]
        User samples ``q_j`` [m].
    user_weights : ndarray, [J]
    lower, upper : ndarray, [3]
        Deployment box ``U`` [m] (an axis may have zero width = fixed coordinate).
    zeta2 : float
        ``ζ²`` [m^(2β−2)].
    pathloss_exp_sense, pathloss_exp : float
        ``β``, ``α``.
    comm_snr_scale : float
        ``γ_c = (M_t−1) p_c / σ_c²`` [m^α].
    rate_threshold_bits : float or None
        ``R_th`` [bits/s/Hz]; None = sensing only (P2).
    basis : ndarray, [d, 3] or None
        In-region FIM basis; None = 3-D position (default, spec §1).
    free_axes : ndarray of bool, [3]
        Coordinates that may move (heights-only: ``[False, False, True]``).
    diameter : float
        Diameter of targets ∪ users [m] (trust-region scale).
    """

    targets: np.ndarray
    target_weights: np.ndarray
    users: np.ndarray
    user_weights: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    zeta2: float
    pathloss_exp_sense: float
    pathloss_exp: float
    comm_snr_scale: float
    rate_threshold_bits: float | None = None
    basis: np.ndarray | None = None
    free_axes: np.ndarray = field(default_factory=lambda: np.ones(3, bool))
    diameter: float = 1.0

    @property
    def num_targets(self) -> int:
        return len(self.targets)

    def with_rate_threshold(self, rate_threshold_bits: float | None) -> DeploymentProblem:
        """The same samples and box with another rate requirement ``R_th`` [bits/s/Hz] (None: (P2))."""
        if rate_threshold_bits is not None and not rate_threshold_bits >= 0:
            raise InputError("rate_threshold_bits", f"must be >= 0, got {rate_threshold_bits}")
        return replace(self, rate_threshold_bits=rate_threshold_bits)


def make_problem(
    targets,
    users,
    lower,
    upper,
    *,
    zeta2: float,
    pathloss_exp_sense: float = 2.0,
    pathloss_exp: float = 3.0,
    comm_snr_scale: float,
    rate_threshold_bits: float | None = None,
    target_weights=None,
    user_weights=None,
    target_region: Region | None = None,
    estimate_dims: str = "3d",
    free_axes=(True, True, True),
) -> DeploymentProblem:
    """Validate and build a :class:`DeploymentProblem` (P3), eq. (30).

    With ``estimate_dims="3d"`` and a ``target_region`` of dimension 1 or 2, the box must
    reach out of the region's affine span (otherwise every feasible layout has a singular
    3-D FIM; spec 004 §1 and Sec. IV-B2 of deploy): an :class:`InputError` names ``bs_box``.

    Parameters
    ----------
    targets : ndarray, [I, 3]
        Target samples ``t_i`` [m].
    users : ndarray, [J, 3]
        User samples ``q_j`` [m].
    lower, upper : array_like, [3]
        Deployment box [m].
    zeta2 : float
        ``ζ²`` [m^(2β−2)] (:func:`isacnet.metrics.deploy.zeta_squared`).
    pathloss_exp_sense, pathloss_exp : float
        ``β`` (BS–target, per hop) and ``α`` (BS–user).
    comm_snr_scale : float
        ``γ_c = (M_t−1) p_c / σ_c²`` [m^α].
    rate_threshold_bits : float, optional
        ``R_th`` [bits/s/Hz]; None = sensing only (P2).
    target_weights, user_weights : ndarray, [I] and [J], optional
        Density weights ``f_T``, ``f_U`` (uniform by default; normalised to mean 1).
    target_region : Region, optional
        The region the targets sample (needed for ``estimate_dims="in_region"`` and the box check).
    estimate_dims : {"3d", "in_region"}
    free_axes : (bool, bool, bool)
        Coordinates that may move (heights-only: ``(False, False, True)``).
    """
    t = np.atleast_2d(np.asarray(targets, dtype=float))
    q = np.atleast_2d(np.asarray(users, dtype=float))
    lo = np.asarray(lower, dtype=float).reshape(3)
    hi = np.asarray(upper, dtype=float).reshape(3)
    if not np.all(np.isfinite(lo)) or not np.all(np.isfinite(hi)) or np.any(hi < lo):
        raise InputError("bs_box", f"needs finite lower <= upper, got {lo.tolist()} and {hi.tolist()}")
    if t.shape[-1] != 3 or len(t) < 1:
        raise InputError("targets", "must be [I, 3] with I >= 1")
    if q.shape[-1] != 3 or len(q) < 1:
        raise InputError("users", "must be [J, 3] with J >= 1")
    if rate_threshold_bits is not None and not rate_threshold_bits >= 0:
        raise InputError("rate_threshold_bits", f"must be >= 0, got {rate_threshold_bits}")
    for name, v in (("zeta2", zeta2), ("pathloss_exp_sense", pathloss_exp_sense), ("pathloss_exp", pathloss_exp),
                    ("comm_snr_scale", comm_snr_scale)):
        if not v > 0:
            raise InputError(name, f"must be > 0, got {v}")
    if estimate_dims not in ("3d", "in_region"):
        raise InputError("estimate_dims", f"must be '3d' or 'in_region', got {estimate_dims!r}")
    basis = None
    if target_region is not None:
        span = target_region.basis  # [d, 3]
        if estimate_dims == "in_region":
            basis = span
        elif target_region.dim < 3:
            corners = np.array(list(itertools.product(*zip(lo, hi))))
            rel = corners - target_region.origin
            off = rel - (rel @ span.T) @ span
            if np.max(np.linalg.norm(off, axis=1)) <= 1e-9 * max(1.0, np.max(np.abs(rel))):
                raise InputError("bs_box", "lies in the target region's span: a 3-D CRLB needs BSs off the "
                                 "target line/plane (use estimate_dims='in_region' or widen the box)")
    elif estimate_dims == "in_region":
        raise InputError("estimate_dims", "'in_region' needs the target region")
    tw = np.ones(len(t)) if target_weights is None else np.asarray(target_weights, dtype=float)
    uw = np.ones(len(q)) if user_weights is None else np.asarray(user_weights, dtype=float)
    pts = np.vstack([t, q])
    diam = float(np.linalg.norm(pts.max(0) - pts.min(0))) or 1.0
    return DeploymentProblem(t, tw / tw.mean(), q, uw / uw.mean(), lo, hi, float(zeta2), float(pathloss_exp_sense),
                             float(pathloss_exp), float(comm_snr_scale), rate_threshold_bits, basis,
                             np.asarray(free_axes, bool), diam)


# -- objective, rate and their pieces ----------------------------------------------------
def _crlb_points(prob: DeploymentProblem, fim: np.ndarray) -> np.ndarray:
    if prob.basis is not None:
        fim = project_fim(fim, prob.basis)
    return trace_inverse(fim)


def area_objective(prob: DeploymentProblem, layout) -> float:
    """True sampled objective of (P3): weighted mean of ``tr F̄⁻¹(t_i)`` [m²] (eq. (30))."""
    f = fisher_information(prob.targets, np.asarray(layout, float), prob.zeta2, prob.pathloss_exp_sense)
    return float(np.mean(prob.target_weights * _crlb_points(prob, f)))


def area_rate_mean_gain_bits(prob: DeploymentProblem, layout) -> float:
    """Mean-gain area rate ``(1/J) Σ_j v_j R̄(q_j)`` [bits/s/Hz] (eq. (30a), spec §4)."""
    d, _ = bistatic_geometry(prob.users, np.asarray(layout, float))
    return float(np.mean(prob.user_weights * np.log2(1 + prob.comm_snr_scale * np.sum(d ** -prob.pathloss_exp, -1))))


def _rate_ok(prob, layout, slack=1e-9) -> bool:
    return (prob.rate_threshold_bits is None
            or area_rate_mean_gain_bits(prob, layout) >= prob.rate_threshold_bits - slack)


def objective_gradient(prob: DeploymentProblem, layout, k: int) -> np.ndarray:
    """Exact gradient of the sampled A-CRLB with respect to ``u_k`` [m] (spec 004 §7.6).

    ``∂ tr F⁻¹ = −tr(X ∂F)`` with ``X = F⁻²`` (in-region: ``X = Bᵀ F_d⁻² B``),
    ``∂e_k/∂u_k = −(I − e_k e_kᵀ)/r_k``, ``∂ r_k^-β/∂u_k = β r_k^{-β-1} e_k``.

    Returns
    -------
    ndarray, [3]
        [m²/m].
    """
    u = np.asarray(layout, float)
    f = fisher_information(prob.targets, u, prob.zeta2, prob.pathloss_exp_sense)  # [I,3,3]
    if prob.basis is not None:
        fd_inv = np.linalg.inv(project_fim(f, prob.basis))
        x = prob.basis.T @ (fd_inv @ fd_inv) @ prob.basis
    else:
        fi = np.linalg.inv(f)
        x = fi @ fi
    dist, e = bistatic_geometry(prob.targets, u)  # [I,N], [I,N,3]
    beta = prob.pathloss_exp_sense
    a = dist**-beta
    ek, rk = e[:, k], dist[:, k]
    h = ek[:, None, :] + e  # [I,N,3] h_km
    lam = 2 * prob.zeta2 * a[:, [k]] * a  # (ζ_k+ζ_m) r_k^-β r_m^-β
    lam[:, k] = prob.zeta2 * a[:, k] ** 2
    dlam_coef = beta * np.ones_like(lam)
    dlam_coef[:, k] = 2 * beta
    hxh = np.einsum("inj,ijl,inl->in", h, x, h)
    xh = np.einsum("ijl,inl->inj", x, h)  # [I,N,3]
    proj = np.eye(3) - ek[:, :, None] * ek[:, None, :]  # [I,3,3]
    jac_scale = np.ones_like(lam)
    jac_scale[:, k] = 2.0
    # d tr F^-1 / du = -sum_m [ hXh dλ/du + 2 λ (dh/du)^T X h ]
    term1 = (hxh * lam * dlam_coef).sum(1)[:, None] * ek / rk[:, None]
    term2 = -2 * np.einsum("in,ijl,inl->ij", lam * jac_scale, proj, xh) / rk[:, None]
    grad = -(term1 + term2)
    return np.mean(prob.target_weights[:, None] * grad, axis=0)


def woodbury_split(prob: DeploymentProblem, layout, k: int):
    """Eq. (31): ``F = F_{-k} + A_k Λ_k A_kᵀ`` for every target (3-D FIM).

    Returns
    -------
    fim_minus : ndarray, [I, 3, 3]
        ``F_{-k}`` (links not touching BS k) [m⁻²].
    a_mat : ndarray, [I, 3, N]
        ``A_k = [h_k1, …, h_kN]``, ``h_kk = 2 e_k``.
    lam : ndarray, [I, N]
        ``λ_km = 2ζ² r_k^-β r_m^-β`` (m ≠ k), ``λ_kk = ζ² r_k^-2β`` [m⁻²] (mean gain).
    dist, unit : ndarray, [I, N], [I, N, 3]
    """
    u = np.asarray(layout, float)
    others = np.delete(u, k, axis=0)
    fm = fisher_information(prob.targets, others, prob.zeta2, prob.pathloss_exp_sense)
    dist, e = bistatic_geometry(prob.targets, u)
    a = dist**-prob.pathloss_exp_sense
    lam = 2 * prob.zeta2 * a[:, [k]] * a
    lam[:, k] = prob.zeta2 * a[:, k] ** 2
    amat = np.swapaxes(e[:, [k]] + e, 1, 2)  # [I,3,N]; column k = 2 e_k
    return fm, amat, lam, dist, e


@dataclass(frozen=True)
class MajoriserTerms:
    """Per-target coefficients of the BS-k surrogate at ``u_k^(r)`` (eq. (33)–(37)).

    ``S(u) = (1/I) Σ_i w_i [c_i + p̃_iᵀ e_i(u) + a_i r_i(u)^β + b_i r_i(u)^{2β}]`` with
    ``e_i(u) = (t_i − u)/||t_i − u||``, ``r_i(u) = ||t_i − u||``.
    """

    k: int
    u_ref: np.ndarray
    const: np.ndarray  # [I]
    p_tilde: np.ndarray  # [I, 3]
    a: np.ndarray  # [I]
    b: np.ndarray  # [I]
    # pieces of the matrix-fractional bound (34), for tests and the history
    g_inv: np.ndarray  # G = F_{-k}^{-1} [I,3,3]
    psi: np.ndarray  # [I,3,N]
    phi: np.ndarray  # [I,N,N]
    others_unit: np.ndarray  # C_k [I,3,N]
    others_a: np.ndarray  # r_m^-β [I,N]


def majoriser_terms(prob: DeploymentProblem, layout, k: int) -> MajoriserTerms:
    """Build the MM surrogate of BS ``k`` at the current layout (eq. (31)–(37), spec 004 §7.2).

    Requires ``F_{-k} ≻ 0`` at every target (3-D: in general N >= 4, BSs not coplanar with
    the target); raises :class:`~isacnet.errors.NumericalError` otherwise (use ``method="gradient"``,
    as :func:`optimize_deployment` does).
    """
    if prob.basis is not None:
        raise InputError("method", "the MM surrogate is built for the 3-D FIM; use method='gradient' in-region")
    u = np.asarray(layout, float)
    n = len(u)
    beta = prob.pathloss_exp_sense
    fm, amat, lam, dist, e = woodbury_split(prob, u, k)
    det = np.linalg.det(fm)
    if np.any(~(det > 1e-12 * np.abs(fm).max(axis=(1, 2)) ** 3)):
        raise NumericalError("majoriser: F_{-k} is singular at some target (need N >= 4 BSs off the target "
                             "span); use method='gradient'")
    g = np.linalg.inv(fm)  # Eq. (32): G
    bmat = g @ amat  # [I,3,N]
    mmat = np.eye(n)[None] / lam[:, :, None] * np.eye(n)[None] + np.swapaxes(amat, 1, 2) @ bmat
    minv = np.linalg.inv(mmat)
    psi = bmat @ minv  # Ψ_r
    phi = np.swapaxes(psi, 1, 2) @ psi  # Φ_r = M⁻¹ Bᵀ B M⁻¹
    v = np.ones(n)
    v[k] = 2.0
    cmat = np.swapaxes(e, 1, 2).copy()
    cmat[:, :, k] = 0.0  # C_k
    phiv = phi @ v  # [I,N]
    vphiv = phiv @ v  # [I]
    pmat = vphiv[:, None, None] * g  # Eq. (35): P
    p = 2 * np.einsum("iab,ib->ia", g, np.einsum("ian,in->ia", cmat, phiv) - np.einsum("ian,n->ia", psi, v))
    lmax = np.linalg.eigvalsh(pmat)[:, -1]
    er = e[:, k]
    qmat = lmax[:, None, None] * np.eye(3) - pmat
    qer = np.einsum("iab,ib->ia", qmat, er)
    p_tilde = p - 2 * qer  # Eq. (36)
    # constant of (34)/(36): tr G − 2 tr(Ψᵀ G C) + tr(Φ Cᵀ G C) + λ_max + e_rᵀ Q e_r
    gc = g @ cmat
    const = (np.trace(g, axis1=1, axis2=2) - 2 * np.einsum("ian,ian->i", psi, gc)
             + np.einsum("inm,imn->i", phi, np.swapaxes(cmat, 1, 2) @ gc) + lmax + np.einsum("ia,ia->i", er, qer))
    diag = np.diagonal(phi, axis1=1, axis2=2)  # [I,N]
    a_m = dist**-beta
    others = np.ones(n, bool)
    others[k] = False
    a_coef = np.sum(diag[:, others] / (2 * prob.zeta2 * a_m[:, others]), axis=1)  # Eq. (37): a_i
    b_coef = diag[:, k] / prob.zeta2  # Eq. (37): b_i
    return MajoriserTerms(k, u[k].copy(), const, p_tilde, a_coef, b_coef, g, psi, phi, cmat, a_m)


def matrix_fractional_bound(prob: DeploymentProblem, terms: MajoriserTerms, u_k) -> float:
    """Matrix-fractional majoriser (34) of the A-CRLB as a function of ``u_k`` [m²] (tests/history)."""
    d = prob.targets - np.asarray(u_k, float)
    r = np.linalg.norm(d, axis=1)
    e = d / r[:, None]
    k = terms.k
    amat = terms.others_unit + e[:, :, None]  # h_km = e_k + e_m (column k of C_k is 0)
    amat[:, :, k] = 2 * e  # h_kk = 2 e_k
    lam = 2 * prob.zeta2 * (r ** -prob.pathloss_exp_sense)[:, None] * terms.others_a
    lam[:, k] = prob.zeta2 * r ** (-2 * prob.pathloss_exp_sense)
    g = terms.g_inv
    gA = g @ amat
    val = (np.trace(g, axis1=1, axis2=2) - 2 * np.einsum("ian,ian->i", terms.psi, gA)
           + np.einsum("inm,imn->i", terms.phi, np.swapaxes(amat, 1, 2) @ gA)
           + np.sum(np.diagonal(terms.phi, axis1=1, axis2=2) / lam, axis=1))
    return float(np.mean(prob.target_weights * val))


def surrogate_value(prob: DeploymentProblem, terms: MajoriserTerms, u_k) -> float:
    """λ_max surrogate (36)–(37) of the A-CRLB at ``u_k`` [m²]: >= (34) >= true, equal at ``u_k^(r)``."""
    d = prob.targets - np.asarray(u_k, float)
    r = np.linalg.norm(d, axis=1)
    e = d / r[:, None]
    beta = prob.pathloss_exp_sense
    val = terms.const + np.einsum("ia,ia->i", terms.p_tilde, e) + terms.a * r**beta + terms.b * r ** (2 * beta)
    return float(np.mean(prob.target_weights * val))


def rate_linearisation(prob: DeploymentProblem, layout, k: int):
    """Linearised rate constraint (39)–(40) for BS k at the current layout.

    With ``s_kj >= ||u − q_j||²`` and ``∂_kj < 0`` the auxiliaries are tight at the optimum, so
    (40) reads ``Σ_j c_j ||u − q_j||² <= rhs`` with ``c_j = −v_j ∂_kj / J >= 0`` and
    ``rhs = R̄^(r) − R_th + Σ_j c_j s_kj^(r)``.

    Returns
    -------
    c : ndarray, [J]
        [bits/s/Hz/m²].
    rhs : float
        [bits/s/Hz].
    """
    u = np.asarray(layout, float)
    d, _ = bistatic_geometry(prob.users, u)
    s = d**2  # Eq. (39) at the expansion point
    half = prob.pathloss_exp / 2
    tot = 1 + prob.comm_snr_scale * np.sum(s**-half, axis=1)
    deriv = -half * prob.comm_snr_scale * s[:, k] ** (-half - 1) / (math.log(2) * tot)  # Eq. (40): ∂_kj
    rbar = float(np.mean(prob.user_weights * np.log2(tot)))
    c = -prob.user_weights * deriv / len(prob.users)
    rhs = rbar - (prob.rate_threshold_bits or 0.0) + float(c @ s[:, k])
    return c, rhs


@dataclass(frozen=True)
class TrustRegionOptions:
    """Constants of (42)–(43) and the stopping rule (spec 004 §7.5 defaults, all [?])."""

    eta1: float = 0.25
    eta2: float = 0.75
    gamma_inc: float = 2.0
    gamma_dec: float = 0.5
    radius0_frac: float = 0.1  # Δ^(0) = frac · diam
    radius_max_frac: float = 1.0
    radius_min: float = 1e-3  # [m]
    rel_tol: float = 1e-4
    max_sweeps: int = 200
    prox_weight: float = 0.0  # L of the §7.6 fallback model [m²/m²]

    def __post_init__(self):
        if not 0 < self.eta1 < self.eta2 < 1:
            raise InputError("eta1", f"need 0 < eta1 < eta2 < 1, got {self.eta1}, {self.eta2}")
        if not self.gamma_inc > 1 or not 0 < self.gamma_dec < 1:
            raise InputError("gamma_inc", "need gamma_inc > 1 and 0 < gamma_dec < 1")
        if self.max_sweeps < 1:
            raise InputError("max_sweeps", f"must be >= 1, got {self.max_sweeps}")


@dataclass(frozen=True)
class DeploymentResult:
    """Outcome of a deployment optimiser.

    Attributes
    ----------
    layout : ndarray, [N, 3]
        Final BS positions [m] (always satisfies the rate constraint it was given).
    objective : float
        Sampled A-CRLB (mean gain) [m²].
    area_rate_bits : float
        Mean-gain area rate [bits/s/Hz].
    objective_history : ndarray, [num_updates + 1]
        True objective after each per-BS update (entry 0 = initial layout) [m²].
    surrogate_history : ndarray, [num_updates + 1]
        MM surrogate (36)–(37) at the accepted point of each update (= objective at entry 0) [m²].
    sweep_objective : ndarray, [num_sweeps + 1]
        Objective after each full sweep over the BSs [m²].
    accepted : ndarray of bool, [num_updates]
    num_sweeps : int
    converged : bool
    method : str
    """

    layout: np.ndarray
    objective: float
    area_rate_bits: float
    objective_history: np.ndarray
    surrogate_history: np.ndarray
    sweep_objective: np.ndarray
    accepted: np.ndarray
    num_sweeps: int
    converged: bool
    method: str


def _ball_box_solve(fun, u_ref, radius, lo, hi, free, rate_c=None, rate_rhs=None, users=None):
    """min fun(u) over ||u − u_ref|| <= radius, lo <= u <= hi, [Σ c_j ||u−q_j||² <= rhs], fixed
    coordinates where ``free`` is False. Convex (41) in 1–3 variables: SLSQP with exact gradients."""
    idx = np.flatnonzero(free)
    if len(idx) == 0:
        return u_ref.copy()
    scale = radius

    def full(x):
        u = u_ref.copy()
        u[idx] = u_ref[idx] + scale * x
        return u

    def f(x):
        val, grad = fun(full(x))
        return val, scale * grad[idx]

    cons = [{"type": "ineq", "fun": lambda x: 1.0 - x @ x, "jac": lambda x: -2 * x}]  # (41a)
    if rate_c is not None:
        csum = rate_c.sum()
        norm = max(abs(rate_rhs), csum * scale**2, 1e-300)

        def rc(x):
            u = full(x)
            return (rate_rhs - rate_c @ np.sum((u - users) ** 2, axis=1)) / norm

        def rcj(x):
            u = full(x)
            return -(2 * scale * (rate_c @ (u - users)))[idx] / norm

        cons.append({"type": "ineq", "fun": rc, "jac": rcj})  # (39)-(40)
    bounds = [((lo[i] - u_ref[i]) / scale, (hi[i] - u_ref[i]) / scale) for i in idx]
    x0 = np.zeros(len(idx))
    res = minimize(f, x0, jac=True, method="SLSQP", bounds=bounds, constraints=cons,
                   options={"maxiter": 100, "ftol": 1e-12})
    x = np.clip(res.x, [b[0] for b in bounds], [b[1] for b in bounds])
    nx = np.linalg.norm(x)
    if nx > 1:
        x = x / nx
    return full(x)


def initial_layout(prob: DeploymentProblem, num_bs: int, rng: np.random.Generator) -> np.ndarray:
    """Random layout in the box with every BS off the target span (Sec. IV-B2 of deploy).

    BS heights are drawn in the upper-or-lower part of the box farthest from the targets'
    mean height when the box allows it, so that no BS starts in the target plane.
    """
    if num_bs < 1:
        raise InputError("num_bs", f"must be >= 1, got {num_bs}")
    u = prob.lower + (prob.upper - prob.lower) * rng.uniform(size=(num_bs, 3))
    tz = prob.targets[:, 2]
    width = prob.upper[2] - prob.lower[2]
    close = np.abs(u[:, 2][:, None] - tz[None]).min(1) < 0.05 * max(width, 1e-9)
    if np.any(close) and width > 0:
        far_lo = prob.lower[2] if abs(prob.lower[2] - tz.mean()) > abs(prob.upper[2] - tz.mean()) else prob.upper[2]
        u[close, 2] = far_lo + 0.25 * (tz.mean() - far_lo) * rng.uniform(size=close.sum())
    return u


def _model_fun_mm(prob: DeploymentProblem, terms: MajoriserTerms):
    """First-order model (38) of the surrogate: value and gradient at u (shift-free)."""
    d = prob.targets - terms.u_ref
    r = np.linalg.norm(d, axis=1)
    e = d / r[:, None]
    pt = terms.p_tilde
    lin = (pt - np.einsum("ia,ia->i", e, pt)[:, None] * e) / r[:, None]  # (I − e eᵀ) p̃ / r
    w = prob.target_weights / prob.num_targets
    beta = prob.pathloss_exp_sense

    def fun(u):
        dd = prob.targets - u
        rr = np.linalg.norm(dd, axis=1)
        val = np.sum(w * (-(lin @ (u - terms.u_ref)) + terms.a * rr**beta + terms.b * rr ** (2 * beta)))
        dr = -dd / rr[:, None]  # ∂r/∂u
        coef = w * (terms.a * beta * rr ** (beta - 1) + terms.b * 2 * beta * rr ** (2 * beta - 1))
        grad = -(w @ lin) + coef @ dr
        return val, grad

    return fun


def optimize_deployment(
    prob: DeploymentProblem,
    init,
    *,
    method: str = "mm",
    options: TrustRegionOptions | None = None,
    movable=None,
    lower=None,
    upper=None,
    free_axes=None,
    rate_constraint=None,
    accept=None,
    on_accept=None,
) -> DeploymentResult:
    """Block-coordinate MM + trust-region optimiser of (P3) (deploy Sec. IV-B, spec 004 §7).

    Parameters
    ----------
    prob : DeploymentProblem
    init : ndarray, [N, 3]
        Initial layout [m]; with a rate constraint it must be feasible (use
        :func:`optimize_comm_only` first otherwise: an :class:`InputError` names
        ``rate_threshold_bits`` when the initial layout violates it).
    method : {"mm", "gradient"}
        Surrogate (36)–(38) or the exact-gradient fallback of §7.6.
    options : TrustRegionOptions
    movable : sequence of int, optional
        The BSs that may move (default: all); the others are fixed context of the objective.
    lower, upper : ndarray, [N, 3], optional
        Per-BS boxes [m] (default: the problem's box for every BS).
    free_axes : ndarray of bool, [N, 3], optional
        Per-BS free coordinates (default: the problem's ``free_axes``).
    rate_constraint : callable, optional
        ``rate_constraint(k, layout) -> (c, rhs, users)``: the linearised rate constraint (40) of BS
        ``k`` as the ball ``Σ_j c_j ||u − q_j||² <= rhs``, replacing the problem's own (for a
        requirement on users outside ``prob.users``); ``(None, None, None)`` for none.
    accept : callable, optional
        ``accept(k, position) -> bool``: an extra feasibility test of a trial position of BS ``k``
        (siting rules, an exact rate check); a refused step counts as a failed ratio test (43).
    on_accept : callable, optional
        ``on_accept(k, position)``: called after every accepted step (to update what ``accept`` and
        ``rate_constraint`` depend on).

    Returns
    -------
    DeploymentResult
    """
    opt = options or TrustRegionOptions()
    if method not in ("mm", "gradient"):
        raise InputError("method", f"must be 'mm' or 'gradient', got {method!r}")
    u = np.asarray(init, float).copy()
    n = len(u)
    if n < 1:
        raise InputError("num_bs", f"must be >= 1, got {n}")
    lo = np.broadcast_to(prob.lower if lower is None else np.asarray(lower, float), (n, 3))
    hi = np.broadcast_to(prob.upper if upper is None else np.asarray(upper, float), (n, 3))
    free = np.broadcast_to(prob.free_axes if free_axes is None else np.asarray(free_axes, bool), (n, 3))
    u = np.clip(u, lo, hi)
    movable = range(n) if movable is None else [int(k) for k in movable]
    if not _rate_ok(prob, u):
        raise InputError("rate_threshold_bits", f"the initial layout gives {area_rate_mean_gain_bits(prob, u):.3f} "
                         f"bits/s/Hz < {prob.rate_threshold_bits}; start from a feasible layout")
    if method == "mm" and prob.basis is not None:
        method = "gradient"
    radius = np.full(n, opt.radius0_frac * prob.diameter)
    rmax = opt.radius_max_frac * prob.diameter
    f_cur = area_objective(prob, u)
    obj_hist, sur_hist, sweeps, acc = [f_cur], [f_cur], [f_cur], []
    converged = False
    constrained = prob.rate_threshold_bits is not None
    num_sweeps = 0
    for _ in range(opt.max_sweeps):
        num_sweeps += 1
        rejected = 0
        f_start = f_cur
        for k in movable:
            if radius[k] < opt.radius_min or not free[k].any():
                obj_hist.append(f_cur)
                sur_hist.append(f_cur)
                acc.append(False)
                continue
            terms, fun = None, None
            if method == "mm":
                try:
                    terms = majoriser_terms(prob, u, k)
                    fun = _model_fun_mm(prob, terms)
                except NumericalError:  # F_{-k} singular: exact-gradient model (spec §7.6)
                    terms, fun = None, None
            if fun is None:
                g0 = objective_gradient(prob, u, k)
                if not np.all(np.isfinite(g0)):  # no model at a singular point: leave this BS for now
                    acc.append(False)
                    obj_hist.append(f_cur)
                    sur_hist.append(f_cur)
                    continue
                uref = u[k].copy()
                lw = opt.prox_weight

                def fun(x, g0=g0, uref=uref, lw=lw):
                    dx = x - uref
                    return g0 @ dx + 0.5 * lw * dx @ dx, g0 + lw * dx

            if rate_constraint is not None:
                rc, rhs, rate_users = rate_constraint(k, u)
            else:
                rc, rhs = rate_linearisation(prob, u, k) if constrained else (None, None)
                rate_users = prob.users
            new_k = _ball_box_solve(fun, u[k].copy(), radius[k], lo[k], hi[k], free[k], rc, rhs, rate_users)
            pred = fun(u[k])[0] - fun(new_k)[0]
            trial = u.copy()
            trial[k] = new_k
            f_new = area_objective(prob, trial)
            if not pred > 1e-12 * max(f_cur, 1e-300):
                # the model is stationary at u_k^(r): nothing to do for this BS (radius kept)
                acc.append(False)
                obj_hist.append(f_cur)
                sur_hist.append(f_cur)
                continue
            rho = (f_cur - f_new) / pred  # Eq. (42)
            # the rate cannot fail with (40) (conservative), but guard anyway; a refused step shrinks the radius
            if not _rate_ok(prob, trial) or (accept is not None and not accept(k, new_k)):
                rho = -np.inf
            ok = rho >= opt.eta1 and np.isfinite(f_new) and f_new <= f_cur
            if ok:
                u = trial
                f_cur = f_new
                if on_accept is not None:
                    on_accept(k, new_k)
                sur = surrogate_value(prob, terms, new_k) if terms is not None else f_new
            else:
                rejected += 1
                sur = f_cur
            acc.append(bool(ok))
            obj_hist.append(f_cur)
            sur_hist.append(sur)
            if rho > opt.eta2:  # Eq. (43)
                radius[k] = min(opt.gamma_inc * radius[k], rmax)
            elif rho < opt.eta1:
                radius[k] = opt.gamma_dec * radius[k]
        sweeps.append(f_cur)
        rel = (f_start - f_cur) / max(abs(f_start), 1e-300)
        if (rel < opt.rel_tol and rejected == 0) or np.all(radius < opt.radius_min):
            converged = True
            break
    return DeploymentResult(u, f_cur, area_rate_mean_gain_bits(prob, u), np.array(obj_hist), np.array(sur_hist),
                            np.array(sweeps), np.array(acc, bool), num_sweeps, converged, method)


# -- global reference: per-BS grid search --------------------------------------------------
def _box_grid(prob: DeploymentProblem, per_axis) -> list[np.ndarray | None]:
    """Grid values per box axis (None: the axis is fixed)."""
    n = np.broadcast_to(np.asarray(per_axis, int), (3,))
    axes: list[np.ndarray | None] = []
    for i in range(3):
        if prob.free_axes[i] and prob.upper[i] > prob.lower[i]:
            axes.append(np.linspace(prob.lower[i], prob.upper[i], n[i]))
        else:
            axes.append(None)
    return axes


def grid_search_deployment(
    prob: DeploymentProblem, init, *, per_axis=(15, 15, 10), max_sweeps: int = 20, rel_tol: float = 1e-6
) -> DeploymentResult:
    """Block-coordinate global search (reference of Fig. 4 of deploy): each BS in turn moves to
    the best rate-feasible point of a grid over the box, the others fixed, until no BS moves.

    Candidates are scored exactly and vectorised: ``F = F_{-k} + a_k [S0 e eᵀ + S2 + e S1ᵀ + S1 eᵀ]
    + 4 ζ² a_k² e eᵀ`` with ``S0 = Σ_m 2ζ² a_m``, ``S1 = Σ_m 2ζ² a_m e_m``, ``S2 = Σ_m 2ζ² a_m e_m e_mᵀ``.

    Parameters
    ----------
    prob : DeploymentProblem
    init : ndarray, [N, 3]
        Initial layout (must satisfy the rate constraint).
    per_axis : int or (int, int, int)
        Grid points per box axis.
    """
    u = np.clip(np.asarray(init, float).copy(), prob.lower, prob.upper)
    if not _rate_ok(prob, u):
        raise InputError("rate_threshold_bits", "the initial layout violates the rate constraint")
    axes = _box_grid(prob, per_axis)
    f_cur = area_objective(prob, u)
    hist, sweeps = [f_cur], [f_cur]
    beta, z2 = prob.pathloss_exp_sense, prob.zeta2
    converged = False
    nsw = 0
    for _ in range(max_sweeps):
        nsw += 1
        f_start = f_cur
        for k in range(len(u)):
            grids = [axes[i] if axes[i] is not None else np.array([u[k, i]]) for i in range(3)]
            cand: np.ndarray = np.stack(np.meshgrid(*grids, indexing="ij"), -1).reshape(-1, 3)
            cand = np.vstack([u[k][None], cand])
            others = np.delete(u, k, 0)
            fm = fisher_information(prob.targets, others, z2, beta)  # [I,3,3]
            dist, e = bistatic_geometry(prob.targets, others)
            am = 2 * z2 * dist**-beta
            s0 = am.sum(1)
            s1 = np.einsum("in,ina->ia", am, e)
            s2 = np.einsum("in,ina,inb->iab", am, e, e)
            dc, ec = bistatic_geometry(prob.targets, cand)  # [I,C], [I,C,3]
            with np.errstate(divide="ignore"):  # a candidate on a target scores inf and is never chosen
                ak = dc**-beta
            eet = ec[..., :, None] * ec[..., None, :]
            cross = ec[..., :, None] * s1[:, None, None, :]
            with np.errstate(invalid="ignore", over="ignore"):
                contrib = ak[..., None, None] * (s0[:, None, None, None] * eet + s2[:, None] + cross
                                                 + np.swapaxes(cross, -1, -2)) + 4 * z2 * (ak**2)[..., None, None] * eet
                ftot = fm[:, None] + contrib  # [I,C,3,3]
                if prob.basis is not None:
                    ftot = project_fim(ftot, prob.basis)
                vals = np.mean(prob.target_weights[:, None] * trace_inverse(ftot), axis=0)
            vals = np.where(np.isfinite(vals), vals, np.inf)
            if prob.rate_threshold_bits is not None:
                du, _ = bistatic_geometry(prob.users, others)
                base = np.sum(du**-prob.pathloss_exp, 1)
                dcu, _ = bistatic_geometry(prob.users, cand)
                rate = np.mean(prob.user_weights[:, None] * np.log2(1 + prob.comm_snr_scale
                                                                    * (base[:, None] + dcu**-prob.pathloss_exp)), 0)
                vals = np.where(rate >= prob.rate_threshold_bits, vals, np.inf)
            best = int(np.argmin(vals))
            if vals[best] < f_cur:
                u[k] = cand[best]
                f_cur = area_objective(prob, u)
            hist.append(f_cur)
        sweeps.append(f_cur)
        if (f_start - f_cur) <= rel_tol * f_start:
            converged = True
            break
    h = np.array(hist)
    return DeploymentResult(u, f_cur, area_rate_mean_gain_bits(prob, u), h, h.copy(), np.array(sweeps),
                            np.ones(len(h) - 1, bool), nsw, converged, "grid")


# -- communication-only baseline -------------------------------------------------------------
def optimize_comm_only(prob: DeploymentProblem, init, *, num_starts: int = 4,
                       rng: np.random.Generator | None = None) -> DeploymentResult:
    """Maximise the mean-gain area rate ``(1/J) Σ_j v_j R̄(q_j)`` over the box (comm-only design,
    spec 004 §5) with L-BFGS-B and analytic gradients, multi-start (``init`` + random layouts).

    Parameters
    ----------
    prob : DeploymentProblem
    init : ndarray, [N, 3]
        First start [m].
    num_starts : int
        Starts in all: ``init`` and ``num_starts − 1`` random layouts (:func:`initial_layout`).
    rng : numpy.random.Generator, optional
        Draws the random starts; required when ``num_starts > 1``.

    Returns
    -------
    DeploymentResult
        ``objective`` is the A-CRLB of the rate-optimal layout.
    """
    u0 = np.clip(np.asarray(init, float), prob.lower, prob.upper)
    n = len(u0)
    free = np.broadcast_to(prob.free_axes, (n, 3)).reshape(-1)
    idx = np.flatnonzero(free & np.broadcast_to(prob.upper > prob.lower, (n, 3)).reshape(-1))
    lo = np.broadcast_to(prob.lower, (n, 3)).reshape(-1)[idx]
    hi = np.broadcast_to(prob.upper, (n, 3)).reshape(-1)[idx]
    span = np.maximum(hi - lo, 1e-9)
    half = prob.pathloss_exp / 2

    def negrate(x, base):
        u = base.reshape(-1).copy()
        u[idx] = lo + span * x
        u = u.reshape(n, 3)
        diff = prob.users[:, None, :] - u[None]
        s = np.sum(diff**2, -1)
        tot = 1 + prob.comm_snr_scale * np.sum(s**-half, 1)
        val = -np.mean(prob.user_weights * np.log2(tot))
        coef = (prob.user_weights[:, None] * prob.comm_snr_scale * (-half) * s ** (-half - 1)
                / (tot[:, None] * math.log(2)))
        grad_u = -np.einsum("jn,jna->na", coef, -2 * diff) / len(prob.users)
        return val, (grad_u.reshape(-1)[idx] * span)

    starts = [u0]
    if num_starts > 1:
        if rng is None:
            raise InputError("rng", f"a generator is needed to draw {num_starts - 1} random starts")
        starts += [initial_layout(prob, n, rng) if idx.size else u0 for _ in range(num_starts - 1)]
    candidates = []
    for s in starts:
        x0 = (s.reshape(-1)[idx] - lo) / span
        if idx.size:
            res = minimize(negrate, x0, args=(s,), jac=True, method="L-BFGS-B", bounds=[(0, 1)] * len(idx))
            x = res.x
        else:
            x = x0
        u = s.reshape(-1).copy()
        u[idx] = lo + span * x
        u = u.reshape(n, 3)
        candidates.append((area_rate_mean_gain_bits(prob, u), u))
    r, u = max(candidates, key=lambda c: c[0])  # the first of equals
    f = area_objective(prob, u)
    return DeploymentResult(u, f, r, np.array([f]), np.array([f]), np.array([f]), np.zeros(0, bool), 1, True,
                            "comm_only")


# -- deployment database (Sec. III-C, eq. (28)) -----------------------------------------------
def fit_similarity(region: Region, reference: Region, rel_tol: float = 1e-6):
    """A similarity ``T(x) = κ Q x + v`` with ``T(region) = reference`` (edge sets equal up to
    order and sign), or None when the shapes differ. ``Q`` may include reflections (Prop. 3).

    Returns
    -------
    (kappa, Q [3,3], v [3], mismatch) or None
    """
    if region.dim != reference.dim:
        return None
    d = region.dim
    ref_e = reference.edges
    g_ref = ref_e @ ref_e.T
    best = None
    for perm in itertools.permutations(range(d)):
        for signs in itertools.product((1.0, -1.0), repeat=d):
            e = region.edges[list(perm)] * np.array(signs)[:, None]
            origin = region.origin + np.sum(region.edges[list(perm)][np.array(signs) < 0], axis=0)
            g = e @ e.T
            kappa = math.sqrt(np.trace(g_ref) / np.trace(g))
            mism = np.linalg.norm(kappa**2 * g - g_ref) / np.linalg.norm(g_ref)
            if best is not None and mism >= best[3]:
                continue
            m = ref_e.T @ (kappa * e)
            uu, _, vt = np.linalg.svd(m)
            q = uu @ vt
            v = reference.origin - kappa * q @ origin
            best = (kappa, q, v, mism)
    if best is None or best[3] > rel_tol:
        return None
    return best


@dataclass(frozen=True)
class DatabaseLookupResult:
    """A stored optimum mapped onto a similar region (:meth:`DeploymentDatabase.lookup`).

    Attributes
    ----------
    layout : ndarray, [N, 3]
        ``T⁻¹(U*_j)`` [m].
    area_crlb : float
        ``κ^{-2β} CRLB*_j`` [m²] (Prop. 4).
    index : int
        Database entry used.
    """

    layout: np.ndarray
    area_crlb: float
    index: int


@dataclass
class DeploymentDatabase:
    """Stored optima ``{(A_j, U*_j, CRLB*_j)}`` reused through similarities (Sec. III-C, eq. (28)).

    Exact for the sensing-only problem (P2) with a box that transforms with the region
    (Props. 1–4); the rate constraint breaks it (spec 004 §6.1–6.2).
    """

    pathloss_exp_sense: float = 2.0
    entries: list = field(default_factory=list)

    def add(self, region: Region, layout, area_crlb: float) -> None:
        self.entries.append((region, np.asarray(layout, float), float(area_crlb)))

    def lookup(self, region: Region) -> DatabaseLookupResult:
        """Map a stored optimum onto ``region`` (eq. (28), Props. 1–4).

        Returns
        -------
        DatabaseLookupResult
            ``layout`` ``T⁻¹(U*_j)`` [N, 3] [m], ``area_crlb`` ``κ^{-2β} CRLB*_j`` [m²] and the
            ``index`` of the entry used.

        Raises
        ------
        InputError
            ``region``: no stored region is similar to it.
        """
        for j, (ref, lay, c) in enumerate(self.entries):
            fit = fit_similarity(region, ref)
            if fit is None:
                continue
            kappa, q, v, _ = fit
            layout = ((lay - v) @ q) / kappa  # T^{-1}(U*) = Qᵀ(U − v)/κ
            return DatabaseLookupResult(layout, kappa ** (-2 * self.pathloss_exp_sense) * c, j)
        raise InputError("region", "no stored region is similar to it (same shape up to scale, rotation, reflection)")
