"""Experiments, one sub-package per paper key: parameter models and evaluate/trial functions.

An experiment turns one sweep point's validated parameters into numbers: closed forms
(``analytic``), a Monte Carlo trial streamed by the engine (``trial``) and/or a seeded one-shot
computation such as an optimiser (``evaluate``); see :class:`isacnet.registry.Experiment`. Each
module registers its experiments at import time. Figures (:mod:`isacnet.figures`) only draw the
stored results; claims and validation call experiments, never figures.
"""
