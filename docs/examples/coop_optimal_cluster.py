"""Optimal CoMP cluster size L* (coop Fig. 7): exhaustive search of Theorem 2 vs the paper's
approximate search (38) and Remark 3, for two user/BS density ratios and several loads psi."""

from isacnet import coop

bs_density = 1e-6  # 1 BS per km² [m⁻²]
print("lambda_u/lambda_b  psi   L* (Theorem 2)  R_c at L* [bits/s/Hz]  L* (38)  L* (Remark 3)")
for ratio in (1.0, 5.0):
    for psi in (10, 15, 25):
        common = dict(user_density=ratio * bs_density, bs_density=bs_density, max_load=psi)
        best = coop.optimal_cluster_size(**common)
        approx = coop.optimal_cluster_size(**common, method="eta")
        remark3 = coop.optimal_cluster_size(**common, method="remark3")
        print(f"{ratio:17g}  {psi:3d}   {best.cluster_size_comm:14d}  {best.rate_bits:21.3f}  "
              f"{approx.cluster_size_comm:7d}  {remark3.cluster_size_comm:13d}")
