"""Registries of experiments and figures.

An :class:`Experiment` says how to compute the series of one sweep point: closed
forms (``analytic``), a Monte Carlo trial function streamed by the engine
(``trial``), and/or a seeded one-shot computation such as an optimiser
(``evaluate``). A :class:`FigureSpec` ties an experiment to a built-in scenario and
a plot. Modules under :mod:`isacnet.experiments` register experiments and modules under
:mod:`isacnet.figures` register figures, at import time; each registry imports its package on
first use, so that computing an experiment never imports a figure (or matplotlib).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel

from isacnet._plugins import Registry
from isacnet.errors import InputError

__all__ = [
    "PaperNumber",
    "Series",
    "AnalyticCdf",
    "Experiment",
    "FigureSpec",
    "QuotedNumber",
    "register_experiment",
    "register_figure",
    "get_experiment",
    "get_figure",
    "experiments",
    "figures",
    "load_plugins",
]


@dataclass(frozen=True)
class Series:
    """One curve of an experiment.

    Parameters
    ----------
    name : str
        Series id in the results (``"gdop_mc_mean"``).
    label : str
        Legend text; says which equation or estimator the curve is.
    kind : {"analysis", "mc"}
        Plotted as a line or as markers with CI bars.
    source : str, optional
        For Monte Carlo series: the trial/evaluate output it summarises (default ``name``).
    stat : {"mean", "median"}
        Which statistic of the Monte Carlo estimate the series shows.
    transform : {"sqrt"}, optional
        Monotone map applied to the value and its CI ends (``"sqrt"``: a root CRLB from
        a CRLB estimate, so that the CI of the root is the root of the CI), and to the
        quantiles and CDF abscissae.
    unit : str or callable, optional
        Unit of the stored value, written as the model fields write theirs
        (``"m"``, ``"m²"``, ``"bits/s/Hz"``, ``"nats/s/Hz/km²"``, ``"1"`` for a pure number or
        a probability, ``"dB re 1 W"``), or ``unit(params) -> str`` where a parameter chooses it;
        the stored Dataset carries it (CF ``units``). Every series of the package's experiments
        has one (a test walks them).
    long_name : str, optional
        CF ``long_name`` of the stored variable (default: the label).
    standard_name : str, optional
        CF standard name where one exists (``"height"`` for a BS height); most quantities here have none.
    """

    name: str
    label: str
    kind: Literal["analysis", "mc"] = "analysis"
    source: str | None = None
    stat: Literal["mean", "median"] = "mean"
    transform: Literal["sqrt"] | None = None
    unit: str | Callable[[Any], str] | None = None
    long_name: str | None = None
    standard_name: str | None = None

    @property
    def source_name(self) -> str:
        return self.source or self.name

    def unit_at(self, params) -> str | None:
        """The unit of the series at one sweep point's parameters."""
        return self.unit(params) if callable(self.unit) else self.unit

    @property
    def description(self) -> str:
        """The CF ``long_name``: ``long_name`` if given, else the label."""
        return self.long_name or self.label

    def forward(self, values):
        """``transform`` applied to values in the source's unit (a NumPy array or float)."""
        if self.transform == "sqrt":
            return np.sqrt(np.maximum(values, 0.0))
        return values

    def inverse(self, values):
        """Values in the series' unit taken back to the source's unit (inverse of :meth:`forward`)."""
        if self.transform == "sqrt":
            return np.square(values)
        return values


@dataclass(frozen=True, init=False)
class AnalyticCdf:
    """A closed-form distribution returned by an experiment's ``analytic`` for one series.

    Parameters
    ----------
    x : iterable of float, shape [num_points]
        Ascending abscissae, in the series' unit (stored as a tuple of float).
    cdf : iterable of float, shape [num_points]
        ``P(X <= x)`` at each abscissa [probability] (stored as a tuple of float).

    The runner stores it in the ``cdf``/``cdf_x`` variables of the series (its ``value`` is
    NaN), next to the empirical CDF of the Monte Carlo series it is checked against.
    """

    x: tuple[float, ...]
    cdf: tuple[float, ...]

    def __init__(self, x: Iterable[float], cdf: Iterable[float]) -> None:
        object.__setattr__(self, "x", tuple(float(v) for v in x))
        object.__setattr__(self, "cdf", tuple(float(v) for v in cdf))
        if len(self.x) != len(self.cdf):
            raise ValueError(f"AnalyticCdf needs as many CDF values as abscissae, got {len(self.cdf)} and "
                             f"{len(self.x)}")

    def to_dict(self) -> dict:
        return {"analytic_cdf": {"x": list(self.x), "cdf": list(self.cdf)}}

    @staticmethod
    def is_stored(raw) -> bool:
        """Whether ``raw`` (a point-cache entry of one series) is a stored :class:`AnalyticCdf`."""
        return isinstance(raw, dict) and "analytic_cdf" in raw

    @classmethod
    def from_dict(cls, raw: dict) -> AnalyticCdf:
        return cls(raw["analytic_cdf"]["x"], raw["analytic_cdf"]["cdf"])


# An experiment's ``analytic``, ``trial`` and ``evaluate``: with a ``realisation`` each takes it as
# one more, last, argument (``analytic(p, real)``, ``trial(p, rng, size, real)``, ``evaluate(p, rng, real)``).
AnalyticFn = (Callable[[Any], Mapping[str, float | AnalyticCdf]]
              | Callable[[Any, Any], Mapping[str, float | AnalyticCdf]])
TrialFn = (Callable[[Any, np.random.Generator, int], Mapping[str, np.ndarray]]
           | Callable[[Any, np.random.Generator, int, Any], Mapping[str, np.ndarray]])
EvaluateFn = (Callable[[Any, np.random.Generator], Mapping[str, Any]]
              | Callable[[Any, np.random.Generator, Any], Mapping[str, Any]])


@dataclass(frozen=True)
class Experiment:
    """How to compute one sweep point.

    Parameters
    ----------
    id : str
        ``"<paper key>.<name>"``.
    params : pydantic model class
        Validates one point's parameters (SI units; dB only in ``_db`` fields).
    series : tuple of Series
    analytic : callable, optional
        ``analytic(p) -> {series name: float or AnalyticCdf}`` (an :class:`AnalyticCdf` for a
        series that is a closed-form distribution).
    trial : callable, optional
        ``trial(p, rng, size) -> {source: samples [n]}``, run in seeded batches.
    evaluate : callable, optional
        ``evaluate(p, rng) -> {series name: float or Estimate}`` (optimisers, one-shot
        simulations).
    evaluate_uses_rng : bool
        Whether ``evaluate`` draws from the generator it is given (a seeded optimiser start, a
        simulated network). The seed test asserts that two seeds give different results for
        every experiment with a ``trial`` or an ``evaluate`` that uses the generator. A fixed
        realisation that every sweep point must share (one network for all power budgets) is a
        named field of the parameter model listed in ``shared_stream_fields``.
    shared_stream_fields : tuple of str
        Fields that alone key the ``evaluate`` stream: points that differ only in other fields
        draw the same random numbers (common random numbers, e.g. one network realisation
        ``network_seed`` for every power budget). Empty: every point has its own stream. The
        scenario's seed is always mixed in.
    realisation : callable, optional
        ``realisation(p, rng) -> object``: a random realisation (a network drop) that the closed
        form, the trial and ``evaluate`` must all see, drawn once per point from the generator
        keyed by the seed and ``shared_stream_fields`` (:func:`isacnet.runner.realisation`). When
        given, the runner calls ``analytic(p, real)``, ``trial(p, rng, size, real)`` and
        ``evaluate(p, rng, real)``.
    tail_index : callable, optional
        ``tail_index(p, source) -> float | None``: the upper tail index ``a`` of a Monte
        Carlo quantity when theory knows it (``P(X > x) ~ x**-a``). ``a <= 1``: the mean is
        infinite and a mean series reports ``inf``; ``a <= 2``: its CI is not valid.
        Overrides the Hill estimate.
    cdf_grid : callable, optional
        ``cdf_grid(p) -> {Monte Carlo series name: abscissae}``: where the empirical CDF of those
        series is evaluated (in the series' unit), so that it lies on the grid of the closed-form
        distribution it is checked against. The scenario's ``[results] cdf_grid`` overrides it.
    description : str
    """

    id: str
    params: type[BaseModel]
    series: tuple[Series, ...]
    analytic: AnalyticFn | None = None
    trial: TrialFn | None = None
    evaluate: EvaluateFn | None = None
    evaluate_uses_rng: bool = True
    shared_stream_fields: tuple[str, ...] = ()
    realisation: Callable[[Any, np.random.Generator], Any] | None = None
    tail_index: Callable[[Any, str], float | None] | None = None
    cdf_grid: Callable[[Any], Mapping[str, Any]] | None = None
    description: str = ""

    @property
    def paper(self) -> str:
        return self.id.split(".")[0]


@dataclass(frozen=True)
class QuotedNumber:
    """A number a paper states, as a target of a paper profile's inference (:mod:`isacnet.calibration`).

    Attributes
    ----------
    id : str
        Short name (``"fig8_uplift"``).
    figure : str
        Where the paper states it (``"Fig. 8"``).
    statement : str
        The paper's words, and how we read them as a number.
    value : float
        The paper's value, in the unit of the model quantity it is compared with.
    role : {"fit", "held_out"}
        Whether the inference fits it (``fit``) or predicts it (``held_out``).
    tolerance : float
        Accepted relative error ``|model / paper - 1|`` for "reproduced".
    kind : {"value", "upper", "lower"}
        ``upper`` / ``lower``: the paper states a bound ("remains low", "at least"); only a
        violation counts as error.
    unit : str
        Unit of ``value`` (as :class:`Series` takes it: ``"1"`` for a ratio or an indicator).
    """

    id: str
    figure: str
    statement: str
    value: float
    role: Literal["fit", "held_out"]
    tolerance: float = 0.2
    kind: Literal["value", "upper", "lower"] = "value"
    unit: str = "1"


@dataclass(frozen=True)
class PaperNumber:
    """A number the paper quotes, next to ours, as text ready for a caption or a table.

    Parameters
    ----------
    quantity : str
        What is compared, in words (``"gain over time sharing, C = 8.6 bits/s/Hz"``).
    paper : str
        The paper's value as printed (``"300 %"``).
    ours : str
        Ours, computed from the plotted data (``"431 %"``); ``"–"`` where we have none.
    note : str
        Why they may differ, or what we assumed (``"e unstated, 0.25 assumed"``).
    """

    quantity: str
    paper: str
    ours: str
    note: str = ""

    def text(self) -> str:
        """``"gain at C = 8.6: paper 300 %, here 431 % (e unstated, 0.25 assumed)"``."""
        tail = f" ({self.note})" if self.note else ""
        return f"{self.quantity}: paper {self.paper}, here {self.ours}{tail}"


@dataclass(frozen=True)
class FigureSpec:
    """A figure: an experiment, its built-in scenario and how to plot it.

    Parameters
    ----------
    id : str
        ``"<paper key>-fig<k>"``, e.g. ``"coop-fig3"``.
    experiment : str
        Experiment id.
    scenario : str
        Built-in scenario name (``isacnet/scenarios/<name>.toml``).
    title : str
    x : str
        Swept field on the horizontal axis.
    hue : str, optional
        Second swept field drawn as separate curves.
    xlabel, ylabel : str
    xscale, yscale : {"linear", "log"}
    notes : str
        Deprecated: the caption when ``caption`` is empty (nothing is printed on the figure).
    legend : str
        Unused since figures keep every legend outside the axes; kept for old specs.
    plot : callable, optional
        ``plot(dataset, spec) -> matplotlib.figure.Figure`` replacing the default
        (:func:`isacnet.plotting.plot_default`).
    extra : dict
        Anything a custom ``plot`` reads.
    width : {"single", "double"}
        Printed width: IEEE single column (3.5 in) or double column (7.16 in). The figure is saved at
        exactly this width.
    caption : str or callable
        The figure's caption (what a reader needs that is not on the axes: settings, estimators,
        why a curve is empty), or ``caption(dataset) -> str`` built from the data. Stored in the
        dataset's attributes (``caption``) when the figure is drawn, with the paper's numbers appended.
    paper_numbers : callable, optional
        ``paper_numbers(dataset) -> list[PaperNumber]``: every number the paper quotes for this
        figure next to ours, computed from the plotted data; stored as JSON (attribute
        ``paper_numbers``) and listed in the caption.
    series_labels : dict
        Legend text per series name (mathtext), replacing the experiment's series label.
    series_estimators : dict
        Estimator per series name (``"closed"``, ``"mc"``, ``"bound"``, ``"baseline"``, ``"alt"``),
        replacing the one implied by the series kind (analysis: closed, mc: mc).
    hide : tuple of str
        Series not drawn by :func:`isacnet.plotting.plot_default`.
    """

    id: str
    experiment: str
    scenario: str
    title: str
    x: str | None = None
    hue: str | None = None
    xlabel: str = ""
    ylabel: str = ""
    xscale: str = "linear"
    yscale: str = "linear"
    notes: str = ""
    legend: str = "best"
    plot: Callable | None = None
    extra: dict = field(default_factory=dict)
    width: Literal["single", "double"] = "single"
    caption: str | Callable[[Any], str] = ""
    paper_numbers: Callable[[Any], list[PaperNumber]] | None = None
    series_labels: Mapping[str, str] = field(default_factory=dict)
    series_estimators: Mapping[str, str] = field(default_factory=dict)
    hide: tuple[str, ...] = ()

    def __post_init__(self):
        if self.width not in ("single", "double"):
            raise ValueError(f"figure {self.id!r}: width must be 'single' or 'double', got {self.width!r}")

    @property
    def paper(self) -> str:
        """The paper key: the id's prefix (``overview-fig3``: ``overview``, though it draws ``nulling.region``);
        a calibration figure's is its experiment's (``calib-coop`` draws ``coop.calibration``: ``coop``)."""
        key = self.id.split("-")[0]
        return self.experiment.split(".")[0] if key == "calib" else key


_EXPERIMENTS: Registry[Experiment] = Registry("experiment", "isacnet.experiments")
_FIGURES: Registry[FigureSpec] = Registry("figure", "isacnet.figures")


def register_experiment(exp: Experiment) -> Experiment:
    """Add an experiment to the registry (ids are unique, series names too)."""
    names = [s.name for s in exp.series]
    if len(set(names)) != len(names):
        raise ValueError(f"experiment {exp.id!r} has duplicate series names")
    return _EXPERIMENTS.register(exp)


register_figure = _FIGURES.register


def load_plugins() -> None:
    """Import every experiment and figure module so that they register."""
    _EXPERIMENTS.load()
    _FIGURES.load()


def experiments() -> dict[str, Experiment]:
    return _EXPERIMENTS.all()


def figures() -> dict[str, FigureSpec]:
    return _FIGURES.all()


def get_experiment(exp_id: str) -> Experiment:
    exp = _EXPERIMENTS.find(exp_id)
    if exp is None:
        known = ", ".join(sorted(_EXPERIMENTS.all())) or "none"
        raise InputError("experiment", f"unknown experiment {exp_id!r}; known: {known}")
    return exp


def get_figure(fig_id: str) -> FigureSpec:
    fig = _FIGURES.find(fig_id)
    if fig is None:
        from isacnet.catalog import CATALOG

        if fig_id in CATALOG:
            raise InputError("figure", f"{fig_id!r} is not implemented yet (see 'isacnet reproduce --list')")
        raise InputError("figure", f"unknown figure id {fig_id!r}; see 'isacnet reproduce --list'")
    return fig
