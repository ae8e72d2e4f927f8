"""``coop.gdop``: GDoP versus the sensing cluster size N (coop Prop. 1, Cor. 1, eq. (14)–(17))."""

from __future__ import annotations

from isacnet.analysis.coop import expected_gdop
from isacnet.models import param
from isacnet.models.coop import CoopModel
from isacnet.registry import Experiment, Series, register_experiment
from isacnet.simulate.coop import gdop_trial

__all__ = ["GdopParams", "GDOP"]


class GdopParams(CoopModel):
    """The geometry-only experiment: ``N`` BSs with i.i.d. uniform bearings (no distances, no power)."""

    cluster_size_sense: int = param(
        6, unit="–", symbol=r"$N$", ge=1, le=1000,
        doc="sensing cluster size (<= 1000: the trial allocates [batch, N] arrays)")


def analytic(p: GdopParams) -> dict[str, float]:
    """Prop. 1 (16) and Cor. 1 (17); Prop. 1 is infinite for ``N = 1`` (and the true mean for ``N <= 3``)."""
    n = p.cluster_size_sense
    return {"prop1": float(expected_gdop(n, form="prop1")), "cor1": float(expected_gdop(n, form="cor1"))}


def trial(p: GdopParams, rng, size):
    """``size`` GDoP samples, eq. (15)."""
    return gdop_trial(rng, size, p.cluster_size_sense)


def tail_index(p: GdopParams, source: str) -> float:
    """``P(GDoP > t) ~ t^-(N-1)/2``: the singular (collinear) set has codimension ``N - 1`` and
    ``det F`` vanishes quadratically there. Mean finite for ``N >= 4``, variance for ``N >= 6``."""
    return (p.cluster_size_sense - 1) / 2.0


GDOP = register_experiment(
    Experiment(
        id="coop.gdop",
        params=GdopParams,
        series=(
            Series("mc_mean", "Monte Carlo mean, eq. (15)", kind="mc", source="gdop", stat="mean", unit="1"),
            Series("mc_median", "Monte Carlo median, eq. (15)", kind="mc", source="gdop", stat="median", unit="1"),
            Series("prop1", "Prop. 1, eq. (16)", unit="1"),
            Series("cor1", "Cor. 1, eq. (17): 2/N²", unit="1"),
        ),
        analytic=analytic,
        trial=trial,
        tail_index=tail_index,
        description="Expected GDoP of N cooperating BSs with uniform bearings.",
    )
)
