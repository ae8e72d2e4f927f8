"""Figures, one sub-package per paper key; each module registers its experiments and figures.

``catalog.CATALOG`` lists every figure of every paper, implemented or not.
"""
