"""Sensing-communication trade-off of coop Section V: the rate-CRLB region (39) for two backhaul
capacities, the time-sharing baseline, and the weighted-sum optimum (P2) for a few weights rho."""

import numpy as np

from isacnet import coop

levels = np.array([2.0, 3.0, 5.0, 10.0])  # root-CRLB constraints [m]
for backhaul in (4.3, 8.6):  # C_backhaul [bits/s/Hz]
    region = coop.tradeoff_region(coop.CoopModel(backhaul_bits=backhaul), num_power=21, max_cluster_comm=16)
    print(f"C_backhaul = {backhaul} bits/s/Hz ({region.rate.size} designs)")
    for x, r, t in zip(levels, coop.boundary_rate(region, levels), coop.time_sharing_rate(region, levels)):
        print(f"  root CRLB <= {x:4.1f} m: cooperative {r:5.2f}, time sharing {t:5.2f} bits/s/Hz")
    for rho in (0.0, 0.1, 1.0):
        best = coop.weighted_sum_optimum(region, rho)
        print(f"  rho = {rho:3.1f}: T = {best.value:.3f} at L = {best.cluster_size_comm}, "
              f"N = {best.cluster_size_sense}, p^c = {best.power_comm:.2f} W: R_c = {best.rate_bits:.2f} bits/s/Hz, "
              f"root CRLB = {best.root_crlb:.2f} m")
