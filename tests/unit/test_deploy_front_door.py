"""deploy (004): the front door ``isacnet.deploy`` against the functions it wraps, and its units.

Expected values are independent computations: ζ² written out from spec 004 §3.2, the mean-gain
rate written out from spec 004 §4, the physical scaling laws of the CRLB (∝ 1/p_s, 1/C_0, 1/B²,
κ^{2β}) and Monte Carlo twins within 4 standard errors (fixed seeds).
"""

import math

import numpy as np
import pytest

from isacnet import deploy
from isacnet.errors import InputError
from isacnet.metrics import deploy as m

C = 299_792_458.0


@pytest.fixture
def geom():
    rng = np.random.default_rng(21)
    targets = np.column_stack([rng.uniform(-200, 200, (12, 2)), np.full(12, 400.0)])
    users = np.column_stack([rng.uniform(-200, 200, (5, 2)), np.zeros(5)])
    layout = np.column_stack([rng.uniform(-200, 200, (5, 2)), rng.uniform(10, 390, 5)])
    return targets, users, layout


def test_zeta_squared_from_physical_inputs():
    # spec 004 §3.2 written out: 8 pi^2 B^2 p_s (M_t - 1) M_r rcs C_0 / (c^2 sigma^2)
    want = 8 * math.pi**2 * (20e6) ** 2 * (2.0 * 0.25) * 7 * 3 * 5.0 * 0.5 / (C**2 * 1e-9)
    got = deploy.zeta_squared(power_total=2.0, power_comm_fraction=0.75, bandwidth=20e6, noise_power=1e-9,
                              num_tx_antennas=8, num_rx_antennas=3, rcs=5.0, reference_gain=0.5)
    assert got == pytest.approx(want, rel=1e-12)
    assert deploy.zeta_squared(noise_power_db=-90.0) == pytest.approx(deploy.zeta_squared(noise_power=1e-9), rel=1e-12)
    assert deploy.DeployModel().zeta_squared == m.zeta_squared(0.5, 50e6, 1e-8, 4, 5)


def test_crlb_map_matches_metrics_and_physics(geom):
    t, _, u = geom
    model = deploy.DeployModel()
    c = deploy.crlb_map(t, u, model)
    assert np.array_equal(c, m.crlb(t, u, model.zeta_squared, 2.0))
    # CRLB = tr F^-1 with F linear in zeta^2: inversely proportional to p_s, C_0 and B^2
    assert np.allclose(deploy.crlb_map(t, u, model, power_total=4.0), c / 4, rtol=1e-12)
    assert np.allclose(deploy.crlb_map(t, u, reference_gain=100.0), c / 100, rtol=1e-12)
    assert np.allclose(deploy.crlb_map(t, u, bandwidth=100e6), c / 4, rtol=1e-12)
    assert np.allclose(deploy.crlb_map(t, u, effective_bandwidth="flat"), 12 * c, rtol=1e-12)


@pytest.mark.parametrize("beta", [2.0, 2.5])
def test_crlb_scales_with_geometry_prop4(geom, beta):
    # Prop. 4, eq. (22): every length times kappa -> CRLB times kappa^(2 beta), in metres throughout
    t, _, u = geom
    kappa = 1000.0  # the same layout drawn in km and in m
    small = deploy.crlb_map(t / kappa, u / kappa, pathloss_exp_sense=beta)
    big = deploy.crlb_map(t, u, pathloss_exp_sense=beta)
    assert np.allclose(big, deploy.scaled_area_crlb(small, kappa, beta), rtol=1e-9)


def test_simulated_crlb_is_above_mean_gain_crlb(geom):
    # Jensen (spec 004 §3.4): E tr F(G)^-1 >= tr (E F)^-1, within 4 SE of the Monte Carlo estimate
    t, _, u = geom
    est = deploy.simulate_crlb_map(t, u, rng=np.random.default_rng(3), num_draws=400)
    assert est.mean.shape == (len(t),) and est.num_draws == 400
    assert np.all(est.mean >= deploy.crlb_map(t, u) - 4 * est.std_error)
    assert np.all(est.ci_low < est.mean) and np.all(est.mean < est.ci_high)
    again = deploy.simulate_crlb_map(t, u, rng=np.random.default_rng(3), num_draws=400)
    assert np.array_equal(est.mean, again.mean)


def test_rate_forms_and_monte_carlo_twin(geom):
    _, q, u = geom
    model = deploy.DeployModel(pathloss_exp=3.5)
    d = np.linalg.norm(q[:, None] - u[None], axis=-1)
    mean_gain = np.log2(1 + 3 * 0.5 * np.sum(d**-3.5, axis=1) / 1e-8)  # spec 004 §4 written out
    assert np.allclose(deploy.rate_map_bits(q, u, model, form="mean_gain"), mean_gain, rtol=1e-12)
    exact = deploy.rate_map_bits(q, u, model)
    assert np.all(exact <= mean_gain)  # Jensen upper bound
    mc = deploy.simulate_rate_map_bits(q, u, model, rng=np.random.default_rng(5), num_draws=200_000)
    assert np.all(np.abs(mc.mean - exact) <= 4 * mc.std_error)
    with pytest.raises(InputError, match="form"):
        deploy.rate_map_bits(q, u, form="paper")


def test_area_quantities_on_regions(geom):
    _, _, u = geom
    targets = deploy.horizontal_plane([0, 0], 400, 400, 400.0)
    pts, w = targets.grid(7)
    c = deploy.crlb_map(pts, u)
    assert deploy.area_crlb(targets, u, samples_per_axis=7) == pytest.approx(np.sum(w * c) / np.sum(w), rel=1e-12)
    assert deploy.area_crlb(pts, u) == pytest.approx(c.mean(), rel=1e-12)
    gam = np.quantile(c, [0.2, 0.5, 0.9])
    cov = deploy.coverage(targets, u, gam, samples_per_axis=7)
    assert np.allclose(cov, [np.mean(c <= g) for g in gam])
    users = deploy.horizontal_plane([0, 0], 400, 400, 0.0)
    q, v = users.grid(6)
    assert deploy.area_rate_bits(users, u, samples_per_axis=6) == pytest.approx(
        np.sum(v * deploy.rate_map_bits(q, u)) / np.sum(v), rel=1e-12)


def test_in_region_crlb_needs_the_region():
    line = deploy.Segment([0, 0, 0], [400, 0, 0])
    t, _ = line.grid(10)
    u = np.array([[50.0, 0, 30], [200, 0, 60], [350, 0, 20]])  # every BS in the line's vertical plane
    assert np.all(np.isinf(deploy.crlb_map(t, u)))  # 3-D FIM singular (lateral coordinate unobservable)
    with pytest.raises(InputError, match="target_region"):
        deploy.crlb_map(t, u, estimate_dims="in_region")
    c = deploy.crlb_map(t, u, estimate_dims="in_region", target_region=line)
    assert np.array_equal(c, m.crlb(t, u, deploy.zeta_squared(), 2.0, basis=np.array([[1.0, 0, 0]])))


def test_optimize_layout_meets_its_requirement():
    targets = deploy.horizontal_plane([0, 0], 200, 200, 150.0)
    users = deploy.horizontal_plane([0, 0], 200, 200, 0.0)
    box = ([-100, -100, 10], [100, 100, 140])
    kw = dict(bs_box=box, rate_threshold_bits=6.0, samples_per_axis=4, num_starts=1)
    res = deploy.optimize_layout(targets, users, 4, rng=np.random.default_rng(1), **kw)
    assert res.area_rate_mean_gain_bits >= 6.0 - 1e-9
    assert res.peak_rate_mean_gain_bits >= res.area_rate_mean_gain_bits
    assert np.all(res.layout >= np.array(box[0]) - 1e-9) and np.all(res.layout <= np.array(box[1]) + 1e-9)
    assert res.area_crlb == pytest.approx(deploy.area_crlb(targets, res.layout, samples_per_axis=4), rel=1e-12)
    assert res.area_crlb <= deploy.area_crlb(targets, res.rate_optimal_layout, samples_per_axis=4)
    again = deploy.optimize_layout(targets, users, 4, rng=np.random.default_rng(1), **kw)
    assert np.array_equal(res.layout, again.layout)
    with pytest.raises(InputError, match="rate_threshold_bits"):
        deploy.optimize_layout(targets, users, 4, rng=np.random.default_rng(1), **{**kw, "rate_threshold_bits": 50.0})


def test_optimize_heights_moves_heights_only():
    ground = deploy.horizontal_plane([0, 0], 300, 300, 0.0)
    c = np.array([-100.0, 0.0, 100.0])
    start = np.array([[x, y, 10.0] for x in c for y in c])
    res = deploy.optimize_heights(ground, ground, start, height_range=(10.0, 150.0), samples_per_axis=5)
    assert np.array_equal(res.layout[:, :2], start[:, :2])
    assert np.all((res.layout[:, 2] >= 10.0) & (res.layout[:, 2] <= 150.0))
    assert res.area_crlb < deploy.area_crlb(ground, start, samples_per_axis=5)
    assert res.rate_optimal_layout is None


def test_database_lookup_is_a_named_result():
    ref = deploy.Rectangle([0, 0, 0], [400, 0, 0], [0, 200, 0])
    lay = np.array([[50.0, 20, 80], [300, 40, 120], [200, 180, 60], [100, 150, 150]])
    db = deploy.DeploymentDatabase(pathloss_exp_sense=2.0)
    db.add(ref, lay, deploy.area_crlb(ref, lay, samples_per_axis=6))
    found = db.lookup(deploy.Rectangle([0, 0, 0], [800, 0, 0], [0, 400, 0]))
    assert isinstance(found, deploy.DatabaseLookupResult) and found.index == 0
    assert np.allclose(found.layout, 2 * lay)
    assert found.area_crlb == pytest.approx(2.0**4 * db.entries[0][2], rel=1e-12)


@pytest.mark.parametrize("kwargs,field", [
    ({"power_total": -1.0}, "power_total"),
    ({"bandwidth": 0.0}, "bandwidth"),
    ({"noise_power": 0.0}, "noise_power"),
    ({"noise_power": 1e-9, "noise_power_db": -90.0}, "noise_power"),
    ({"sense_exp": 2.0}, "sense_exp"),
])
def test_bad_physical_inputs_name_the_field(kwargs, field):
    with pytest.raises(InputError, match=field):
        deploy.zeta_squared(**kwargs)
