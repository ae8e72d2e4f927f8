"""Every figure of every paper, with its title; ``reproduce --list`` marks the implemented ones."""

from __future__ import annotations

__all__ = ["CATALOG", "PAPERS"]

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
