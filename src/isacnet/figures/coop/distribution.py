"""coop-cdf-crlb (not in the paper): the per-target CRLB distribution and its heavy tail
(experiment ``coop.crlb_distribution``)."""

from __future__ import annotations

from isacnet.plotting import plot_cdf
from isacnet.registry import FigureSpec, register_figure


def _caption(ds) -> str:
    n = int(ds["n_samples"].sel(series="crlb_mc").min())
    hill = ", ".join(f"N = {int(k)}: {float(a):.2f} (theory {float(t):g})" for k, a, t in zip(
        ds["cluster_size_sense"].values, ds["tail_index"].sel(series="crlb_mc").values,
        ds["value"].sel(series="tail_index_theory").values))
    return ("Not in the paper. Complementary CDF of the per-target CRLB of Fig. 4's set-up (typical target, its N "
            f"nearest BSs of a PPP, eq. (9); {n} Monte Carlo targets per N). Dashed: the heavy tail "
            "P(CRLB > x) ~ x^-(N-1)/2 of near-collinear geometries (docs/theory/coop.md), drawn through the "
            "empirical CCDF at 1e-2: the mean is infinite for N <= 3 and the variance for N <= 5. Hill estimates "
            f"of the tail index from the top 1 % of the samples: {hill}; for large N the asymptote sets in "
            "beyond the simulated range, so the estimate falls short of (N-1)/2.")


register_figure(FigureSpec(
    id="coop-cdf-crlb", experiment="coop.crlb_distribution", scenario="coop-cdf-crlb",
    title="Per-target CRLB distribution and its heavy tail for N = 4, 10, 20 (not in the paper)",
    hue="cluster_size_sense", xlabel=r"CRLB $x$ [m$^2$]", ylabel=r"$P(\mathrm{CRLB} > x)$", xscale="log",
    yscale="log", plot=plot_cdf, caption=_caption,
    extra={"series": ["crlb_mc"], "complement": True, "markers": 36,
           "labels": {"crlb_mc": "Monte Carlo, eq. (9)"},
           "tail": {"series": "crlb_mc", "index": "tail_index_theory", "label": r"tail $x^{-(N-1)/2}$"}},
))


def _sir_caption(ds) -> str:
    n = int(ds["n_samples"].sel(series="sir_mc").min())
    kappa = ", ".join(f"{float(v):.2f}" for v in ds["value"].sel(series="kappa_c").values)
    return ("Not in the paper. Coverage P(SIR > theta) of the typical CoMP user of Theorem 2's model (p^c = 0.5 W "
            "of P^t = 1 W, M_t = 4, alpha = 4, psi = 15, lambda_u = lambda_b; acceptance kappa_c of Lemma 2 = "
            f"{kappa} for the L shown). Lines: closed form by Gil-Pelaez inversion of the exact model "
            f"(docs/theory/coop.md); markers: empirical CDF of {n} model-level Monte Carlo drops per L.")


register_figure(FigureSpec(
    id="coop-cdf-sir", experiment="coop.sir_coverage", scenario="coop-cdf-sir",
    title="SIR coverage of the CoMP user for several L (not in the paper)", hue="cluster_size_comm",
    xlabel=r"SIR threshold $\theta$ [dB]", ylabel=r"$P(\mathrm{SIR} > \theta)$", plot=plot_cdf,
    caption=_sir_caption,
    extra={"series": ["cdf_exact", "sir_mc"], "complement": True, "x_db": True,
           "labels": {"cdf_exact": "closed form (Gil-Pelaez)", "sir_mc": "Monte Carlo, model level"}},
))
