"""Experiments of paper ``nulling`` (001): rates, ASEs, S–C regions (nulling-fig4 … fig12, overview-fig3).

``comm`` (Theorems 1–2, ASE), ``sense`` (Prop. 3 / Theorem 3, sensing ASE) and ``region``
(S–C region, time sharing, weighted sum). The parameter models extend
:class:`isacnet.models.nulling.NullingModel` with what each experiment sweeps.
"""
