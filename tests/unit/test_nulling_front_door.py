"""The ``isacnet.nulling`` front door against the layers beneath it, in SI units."""

import math
import subprocess
import sys

import numpy as np
import pytest

from isacnet import nulling
from isacnet.analysis import nulling as an
from isacnet.errors import InputError
from isacnet.models.nulling import NullingModel
from isacnet.optimization import nulling as opt


@pytest.mark.parametrize("form, ref", [
    ("theorem1", lambda: an.rate_comm_theorem1(20, 5, 2, 1, 3, 3.5)),
    ("theorem1_joint", lambda: an.rate_comm_theorem1(20, 5, 2, 1, 3, 3.5, eta_law="joint")),
    ("theorem2", lambda: an.rate_comm_theorem2(20, 5, 2, 1, 3, 3.5)),
])
def test_comm_rate_forms_are_the_closed_forms(form, ref):
    res = nulling.comm_rate(20, 5, 2, 1, 3, pathloss_exp=3.5, form=form)
    assert res.rate_nats == ref() and res.form == form and "nulling Theorem" in res.equation
    assert res.rate_bits == pytest.approx(res.rate_nats / math.log(2), rel=1e-15)


def test_comm_rate_spec_value():
    # spec 001 §2: M_t = 20, K = 5, L = 2, alpha = 4 -> Theorem 1 2.798, Theorem 2 2.463 nats/s/Hz
    assert nulling.comm_rate(20, 5, 2).rate_nats == pytest.approx(2.798, abs=1e-3)
    assert nulling.comm_rate(20, 5, 2, form="theorem2").rate_nats == pytest.approx(2.463, abs=1e-3)


def test_radar_rate_from_physical_inputs():
    # c = Delta T kappa M_r |xi|^2: (M_r, |xi|^2) = (10, 0.1) and (5, 0.2) give the same c = 1 and rate
    a = nulling.radar_rate(2, num_rx_antennas=10, target_rcs=0.1)
    b = nulling.radar_rate(2, num_rx_antennas=5, target_rcs=0.2)
    assert a.rate_nats == pytest.approx(b.rate_nats, rel=1e-12)
    assert a.rate_nats == pytest.approx(1.384, abs=1e-3)  # spec 001 §4.1
    c = nulling.radar_rate(2, num_rx_antennas=10, target_rcs=0.1, filter_gain=4.0, mismatch=0.5)
    assert c.rate_nats == an.radar_rate_prop3(2.0, 2, 4.0, 2.0, 1e-6)
    assert nulling.radar_rate(2, hole=False).rate_nats == an.radar_rate_prop3(1.0, 2, 4.0, 2.0, 1e-6, hole=False)
    q3 = nulling.radar_rate(2, 3, form="slivnyak")
    assert q3.rate_nats == an.radar_rate_theorem3(1.0, 2, 3, boundary="slivnyak") and q3.form == "slivnyak"


def test_density_is_per_square_metre():
    # alpha != 2 beta: R_s depends on lambda_b; 1 BS/km² = 1e-6 m^-2 is the model's default (1 per km²)
    model = NullingModel(bs_density_per_km2=3.0)
    got = nulling.radar_rate(1, pathloss_exp=3.5, bs_density=3e-6).rate_nats
    assert got == pytest.approx(an.radar_rate_prop3(model.gain_factor, 1, 3.5, 2.0, model.bs_density), rel=1e-12)
    assert got != pytest.approx(nulling.radar_rate(1, pathloss_exp=3.5, bs_density=3e-4).rate_nats, rel=1e-3)


def test_ase_is_density_times_load_times_rate():
    res = nulling.ase(20, 5, 1, 2, 3, bs_density=2e-6)
    rc = an.rate_comm_theorem1(20, 5, 1, 2, 3)
    rs = an.radar_rate_theorem3(1.0, 5, 3, bs_density=2e-6)
    assert res.comm_rate_nats == rc and res.sense_rate_nats == pytest.approx(rs, rel=1e-12)
    assert res.comm_nats_per_m2 == pytest.approx(2e-6 * 5 * rc, rel=1e-12)
    assert res.sense_nats_per_m2 == pytest.approx(2e-6 * 2 * rs, rel=1e-12)
    assert res.total_nats_per_m2 == res.comm_nats_per_m2 + res.sense_nats_per_m2
    none = nulling.ase(20, 5)
    assert none.sense_nats_per_m2 == 0.0 and math.isnan(none.sense_rate_nats)


def test_optimal_num_users_is_lemma2():
    assert nulling.optimal_num_users(20).num_users == 12  # spec 001 §3: K* = 12 for M_t = 20


def test_region_in_si_matches_the_optimiser_in_km_fields():
    # 1e-6 m^-2 (front door) and 1 per km² (model field) are the same network
    res = nulling.sc_region(14, max_targets=5, bs_density=1e-6)
    front = opt.region_boundary(NullingModel(num_tx_antennas=14, max_targets=5, bs_density_per_km2=1.0))
    np.testing.assert_allclose([(r.comm, r.sense) for r in res.boundary], [(r.comm, r.sense) for r in front],
                               rtol=1e-12)
    assert res.unit == "nats/s/Hz/m²" and res.comm_corner.comm == max(r.comm for r in front)
    assert res.time_sharing_at(0.0) == res.sense_corner.sense
    assert float(res.sense_at(0.0)[0]) == max(r.sense for r in front)
    rates = nulling.sc_region(14, max_targets=5, metric="rate")
    best_rate = max(an.rate_comm_theorem2(14, k, cl) for cl in range(1, 15) for k in range(1, 14 // cl + 1))
    assert rates.unit == "nats/s/Hz" and rates.comm_corner.comm == pytest.approx(best_rate, rel=1e-12)


@pytest.mark.parametrize("rho", [0.0, 0.3, 1.0])
def test_weighted_sum_is_the_best_boundary_point(rho):
    res = nulling.weighted_sum_optimum(rho, 12)
    pts = opt.enumerate_points(NullingModel(num_tx_antennas=12, max_targets=5))
    assert res.value == pytest.approx(max(rho * r.comm + (1 - rho) * r.sense for r in pts), rel=1e-12)
    assert res.value == pytest.approx(rho * res.point.comm + (1 - rho) * res.point.sense, rel=1e-15)


def test_monte_carlo_twins_agree_and_follow_the_generator():
    # typical user, K = 1, L = 3: the joint-law Theorem 1 is exact (5.111); 4 SE with a fixed seed
    est = nulling.simulate_comm_rate(20, 1, 3, rng=np.random.default_rng(3), num_samples=60_000)
    exact = nulling.comm_rate(20, 1, 3, form="theorem1_joint").rate_nats
    assert abs(est.mean_nats - exact) < 4 * est.std_error_nats and est.num_samples == 60_000
    again = nulling.simulate_comm_rate(20, 1, 3, rng=np.random.default_rng(3), num_samples=60_000)
    other = nulling.simulate_comm_rate(20, 1, 3, rng=np.random.default_rng(4), num_samples=60_000)
    assert again.mean_nats == est.mean_nats and other.mean_nats != est.mean_nats
    # typical target, Prop. 3 exact up to the Campbell tail (0.01 nats, as validation/nulling.py)
    rs = nulling.simulate_radar_rate(2, rng=np.random.default_rng(5), num_samples=60_000)
    assert abs(rs.mean_nats - nulling.radar_rate(2).rate_nats) < 4 * rs.std_error_nats + 0.01


def test_system_level_twin_returns_a_clustered_estimate():
    est = nulling.simulate_comm_rate(20, 2, rng=np.random.default_rng(6), fidelity="system", num_networks=2,
                                     mean_num_bs=200)
    assert est.fidelity == "system" and est.num_samples > 300 and est.ci_low_nats < est.mean_nats < est.ci_high_nats
    rs = nulling.simulate_radar_rate(2, rng=np.random.default_rng(7), fidelity="system", num_networks=2,
                                     mean_num_bs=200)
    assert rs.num_samples > 300 and np.isfinite(rs.std_error_nats)


@pytest.mark.parametrize("call, field", [
    (lambda: nulling.comm_rate(20, 5, form="theorem3"), "form"),
    (lambda: nulling.comm_rate(10, 5, 3), "num_tx_antennas"),
    (lambda: nulling.radar_rate(2, bs_density=-1.0), "bs_density"),
    (lambda: nulling.radar_rate(2, mismatch=1.5), "mismatch"),
    (lambda: nulling.radar_rate(2, 3, hole=False), "hole"),
    (lambda: nulling.radar_rate(2, form="exact"), "form"),
    (lambda: nulling.simulate_comm_rate(20, 1, rng=np.random.default_rng(0), num_samples=0), "num_samples"),
    (lambda: nulling.simulate_comm_rate(20, 1, rng=np.random.default_rng(0), fidelity="link"), "fidelity"),
    (lambda: nulling.sc_region(20, metric="sum"), "metric"),
    (lambda: nulling.sc_region(20, comm_form="theorem1_joint"), "comm_form"),
    (lambda: nulling.weighted_sum_optimum(1.5, 10), "weight"),
])
def test_bad_input_names_the_argument(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field


def test_front_door_import_is_light():
    code = ("import sys; from isacnet import nulling; nulling.comm_rate(20, 1); "
            "print(sorted(m for m in ('matplotlib', 'xarray', 'pandas', 'cvxpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
