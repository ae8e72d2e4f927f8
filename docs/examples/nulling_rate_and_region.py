"""Interference nulling (paper 001): user rate vs nulling cluster, its Monte Carlo check, and the S–C region.

Run: python docs/examples/nulling_rate_and_region.py   (a few seconds)
"""

import numpy as np

from isacnet import nulling

rng = np.random.default_rng(2024)

# User rate R_c [nats/s/Hz] with M_t = 20 antennas and K = 5 users per BS, vs the nulling cluster L.
# For L >= 2, (11) averages the serving distance as if independent of eta_L: the Monte Carlo sits a
# little below it (form="theorem1_joint" is exact).
for cluster in (1, 2, 3):
    exact = nulling.comm_rate(20, num_users=5, cluster_size_comm=cluster)  # Theorem 1, eq. (11)
    misr = nulling.comm_rate(20, num_users=5, cluster_size_comm=cluster, form="theorem2")  # eq. (12)
    mc = nulling.simulate_comm_rate(20, num_users=5, cluster_size_comm=cluster, rng=rng, num_samples=40_000)
    print(f"L = {cluster}: Theorem 1 {exact.rate_nats:.3f}, Theorem 2 {misr.rate_nats:.3f}, "
          f"Monte Carlo {mc.mean_nats:.3f} ± {1.96 * mc.std_error_nats:.3f} nats/s/Hz")

# Radar information rate of a target from the physical inputs (c = ΔT κ M_r |ξ|² = 1)
hole = nulling.radar_rate(num_users=2, num_rx_antennas=10, target_rcs=0.1)
no_hole = nulling.radar_rate(num_users=2, num_rx_antennas=10, target_rcs=0.1, hole=False)
print(f"R_s = {hole.rate_nats:.3f} nats/s/Hz; ignoring the interference hole gives {no_hole.rate_nats:.3f}")

# Sensing–communication ASE region at 1 BS/km² and its gain over time sharing (Fig. 10)
region = nulling.sc_region(num_tx_antennas=20, max_targets=5, bs_density=1e-6)
best = nulling.weighted_sum_optimum(0.5, num_tx_antennas=20, max_targets=5, bs_density=1e-6)
p = best.point
print(f"{len(region.boundary)} boundary points; up to {region.comm_gain:.0%} more T_c than time sharing")
print(f"rho = 0.5 optimum: (K, L, J, Q) = ({p.num_users}, {p.cluster_size_comm}, {p.num_targets}, "
      f"{p.cluster_size_sense}), {best.value * 1e6:.2f} nats/s/Hz/km²")
