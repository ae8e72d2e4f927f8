"""Power allocation with rate and PoD floors (paper ``power``, problem (13)): PPA vs EPA vs RPA on one network.

One network realisation of the letter's Section V set-up; for each budget the proposed
allocation (PPA), equal powers (EPA) and a random feasible split (RPA) are compared.
"""

import numpy as np

from isacnet import power

rng = np.random.default_rng(7)
model = power.PowerModel()  # L = 3, xi_S = 0.7, R_th = 1 bit/s/Hz, sigma_c^2 = 1 dB, sigma_s^2 = 15 dB re 1 W
network = power.draw_network(rng, model)
need = power.min_total_power(power.allocation_problem(model, network))
print(f"the floors need at least {need.total_power:.2f} W ({need.total_power_db:.2f} dB re 1 W) in total")

for budget_db in (12.0, 16.0, 20.0):
    problem = power.allocation_problem(model.model_copy(update={"power_budget_db": budget_db}), network)
    rates = {m: power.allocate_power(problem, m, rng=rng) for m in ("ppa", "epa", "rpa")}
    cells = "  ".join(f"{m.upper()} {r.sum_rate_bits:6.3f}" if r.feasible else f"{m.upper()}  infeas."
                      for m, r in rates.items())
    print(f"P_th = {budget_db:4.1f} dB: sum rate [bits/s/Hz]  {cells}")
    print(f"    PPA: {rates['ppa'].message}; powers [W] {np.round(rates['ppa'].powers, 2)}")
