"""Figures, one sub-package per paper key: each module registers figure specs that draw a stored Dataset.

The computations behind them live in :mod:`isacnet.experiments`; :mod:`isacnet.catalog` lists
every figure of every paper, implemented or not.
"""
