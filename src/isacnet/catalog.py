"""Every figure of every paper, with its title; ``reproduce --list`` marks the implemented ones."""

from __future__ import annotations

__all__ = ["CATALOG", "PAPERS", "REFERENCES", "EXTRAS"]

PAPERS = {
    "coop": "000: cooperative ISAC networks (CoMP + distributed MIMO radar)",
    "nulling": "001: interference nulling by coordinated beamforming",
    "overview": "002: cooperative ISAC networks, opportunities and challenges",
    "power": "003: CoMP-ISAC power allocation with detection constraints",
    "deploy": "004: 3-D BS deployment for area-wide sensing coverage",
}

CATALOG = {
    "coop-fig3": "GDoP vs number N of cooperative BSs",
    "coop-fig4": "Root CRLB vs N, acceptance probability 1",
    "coop-fig5": "Root CRLB vs N with cooperation acceptance (psi = 15)",
    "coop-fig6": "Average rate R_c vs cluster size L",
    "coop-fig7": "Optimal cooperative cluster size vs psi",
    "coop-fig8": "Rate vs root CRLB for several backhaul capacities",
    "coop-fig9": "Rate vs root CRLB for several BS densities",
    "coop-fig10": "Weighted-sum performance vs rho",
    "nulling-fig4": "User rate R_c vs K for several L",
    "nulling-fig5": "Communication and total ASE vs K (L = 1)",
    "nulling-fig6": "Optimal cooperative cluster size L of the communication ASE",
    "nulling-fig7": "Radar information rate vs Delta T, with and without the interference hole",
    "nulling-fig8": "Sensing and total ASE vs sensing cluster size Q",
    "nulling-fig9": "Average S&C spectral-efficiency trade-off",
    "nulling-fig10": "S-C ASE region vs M_t",
    "nulling-fig11": "S-C ASE region vs link-level constraints",
    "nulling-fig12": "Weighted-sum ASE vs rho",
    "overview-fig3": "ASE trade-off vs service-quality constraints (case study 1)",
    "overview-fig4": "Rate vs root CRLB for several backhaul capacities (case study 2)",
    "power-fig2a": "PoD vs power budget: analysis vs simulation",
    "power-fig2b": "Sum rate vs power budget (PPA, EPA, RPA)",
    "power-fig2c": "Sum rate vs sensing weight xi_S",
    "deploy-fig3": "Convergence of the MM + trust-region optimiser",
    "deploy-fig4": "Area CRLB vs N: optimised, tiled construction, bound",
    "deploy-fig5": "1-D layouts: communication-optimal vs sensing-balanced",
    "deploy-fig6": "Minimum CRLB and optimal height vs region length",
    "deploy-fig7": "2-D layouts and CRLB maps",
    "deploy-fig8": "Sensing coverage vs threshold",
    "deploy-fig9": "Grid layout with heights-only optimisation",
    "deploy-fig10": "Non-uniform densities and the pivot BS",
    "deploy-fig11": "Coverage vs rate requirement and target altitude",
}

REFERENCES = {
    "coop": ("K. Meng, C. Masouros, A. P. Petropulu and L. Hanzo, \"Cooperative ISAC networks: performance "
             "analysis, scaling laws and optimization\", IEEE Trans. Wireless Commun., 2025, arXiv:2404.14514"),
    "nulling": ("K. Meng, C. Masouros, G. Chen and F. Liu, \"Network-level integrated sensing and communication: "
                "interference management and BS coordination using stochastic geometry\", IEEE Trans. Wireless "
                "Commun., 2024, arXiv:2311.09052"),
    "overview": ("K. Meng, C. Masouros, A. P. Petropulu and L. Hanzo, \"Cooperative ISAC networks: opportunities "
                 "and challenges\", 2024, arXiv:2405.06305"),
    "power": ("J. Zou, Z. Zhong, J. Wang, Z. Shi, G. Yang and S. Ma, \"Power allocation for coordinated "
              "multi-point aided ISAC systems\" (letter)"),
    "deploy": ("K. Meng, K. Han, C. Masouros and L. Hanzo, \"ISAC network planning: sensing coverage analysis "
               "and 3-D BS deployment optimization\", 2025, arXiv:2506.18009"),
}
"""The paper behind each key (the CF ``references`` attribute of its results; CITATION.cff has them in full)."""

EXTRAS = {
    "coop-cdf-crlb": "CDF of the per-target CRLB for N = 4, 10, 20, heavy tail marked (not in the paper)",
    "coop-cdf-sir": "SIR coverage P(SIR > theta) of the CoMP user: closed form vs Monte Carlo (not in the paper)",
    "nulling-cdf-sir": "SIR coverage P(SIR > theta) of the typical user: closed form vs Monte Carlo (not in the paper)",
    "power-cdf-pod": "CDF of the PoD across network drops: closed form vs Monte Carlo (not in the paper)",
    "deploy-cdf-crlb": "CDF of the CRLB over target positions: grid quadrature vs Monte Carlo (not in the paper)",
}
"""Figures beyond the papers: distributions the papers do not show (``reproduce --list`` marks them)."""
