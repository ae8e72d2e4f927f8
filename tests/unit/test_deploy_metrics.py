"""deploy (004): FIM/CRLB, coverage and CoMP rate (spec 004 §3–§4)."""

import numpy as np
import pytest

from isacnet.errors import InputError
from isacnet.metrics import deploy as m


@pytest.fixture
def geom():
    rng = np.random.default_rng(7)
    return rng.uniform(-100, 100, (40, 3)), rng.uniform(-300, 300, (6, 3)), rng


def test_fim_matches_double_loop(geom):
    # Expected: eq. (6) summed link by link (independent re-derivation).
    t, b, _ = geom
    f = m.fisher_information(t, b, 2.0, 2.0)
    ref = m.fisher_information_loop(t, b, 2.0, 2.0)
    assert np.allclose(f, ref, rtol=1e-12, atol=0)


def test_fim_with_gains_matches_loop(geom):
    t, b, rng = geom
    g = rng.uniform(0.2, 2.0, len(b))
    f = m.fisher_information(t, b, 1.0, 2.0, g)
    ref = np.zeros_like(f)
    for n in range(len(b)):
        for k in range(len(b)):
            rn = np.linalg.norm(t - b[n], axis=1)
            rk = np.linalg.norm(t - b[k], axis=1)
            h = (t - b[n]) / rn[:, None] + (t - b[k]) / rk[:, None]
            ref += (g[n] * rn**-2 * rk**-2)[:, None, None] * h[:, :, None] * h[:, None, :]
    assert np.allclose(f, ref, rtol=1e-12)


def test_trace_inverse_matches_numpy(geom):
    t, b, _ = geom
    f = m.fisher_information(t, b, 3.0, 2.0)
    assert np.allclose(m.trace_inverse(f), np.trace(np.linalg.inv(f), axis1=1, axis2=2), rtol=1e-10)
    two = f[:, :2, :2]
    assert np.allclose(m.trace_inverse(two), np.trace(np.linalg.inv(two), axis1=1, axis2=2), rtol=1e-10)


def test_singular_fim_is_infinite():
    # All BSs and targets on the x axis: y and z unobservable -> CRLB = inf.
    t = np.array([[0.0, 0, 0], [5.0, 0, 0]])
    b = np.array([[-10.0, 0, 0], [20.0, 0, 0], [40.0, 0, 0]])
    assert np.all(np.isinf(m.crlb(t, b, 1.0, 2.0)))
    # in-region (1-D) it is finite
    lifted = b + np.array([0, 0, 1.0])  # BSs 1 m above the line
    assert np.all(np.isfinite(m.crlb(t, lifted, 1.0, 2.0, basis=np.array([[1.0, 0, 0]]))))


def test_zeta_squared_value():
    # 8 pi^2 B^2 p_s (Mt-1) Mr / (c^2 sigma^2), spec 004 §3.2, C0 = 1.
    z = m.zeta_squared(0.5, 50e6, 1e-8, 4, 5)
    assert z == pytest.approx(8 * np.pi**2 * 2.5e15 * 0.5 * 3 * 5 / (299792458.0**2 * 1e-8), rel=1e-14)
    assert m.zeta_squared(0.5, 50e6, 1e-8, 4, 5, effective_bandwidth="flat") == pytest.approx(z / 12)


def test_beam_gain_mean_is_one():
    rng = np.random.default_rng(1)
    g = m.sample_beam_gains(rng, 4, 400_000)
    se = g.std() / np.sqrt(g.size)
    assert abs(g.mean() - 1.0) < 4 * se  # E G_t = M_t - 1 (spec §2)
    assert g.max() <= 4 / 3 + 1e-12


def test_expected_crlb_above_mean_gain(geom):
    t, b, rng = geom
    mean, se = m.expected_crlb_monte_carlo(rng, t[:5], b, 1e9, 2.0, 4, num_draws=400)
    mg = m.crlb(t[:5], b, 1e9, 2.0)
    assert np.all(mean > mg - 4 * se)  # Jensen (spec §3.4)


def test_coverage_and_area():
    c = np.array([0.1, 0.2, 0.5, np.inf])
    assert m.coverage_probability(c, 0.2) == 0.5
    assert np.allclose(m.coverage_probability(c, [0.05, 1.0]), [0.0, 0.75])
    assert m.coverage_probability(c, 0.2, weights=[3, 0, 0, 1]) == 0.75
    assert m.area_crlb(c[:3], [1, 1, 2]) == pytest.approx((0.1 + 0.2 + 1.0) / 4)
    with pytest.raises(InputError, match="threshold"):
        m.coverage_probability(c, 0.0)


def test_hamdi_rate_against_quadrature_and_mc():
    # Exact rate vs an independent scipy.quad of Hamdi's integral and vs Monte Carlo (z*SE).
    from scipy.integrate import quad

    rng = np.random.default_rng(3)
    users = rng.uniform(0, 300, (3, 3))
    bs = rng.uniform(0, 300, (4, 3))
    r = m.rate_exact_bits(users, bs, 0.5, 1e-8, 3.0, 4)
    d = np.linalg.norm(users[:, None] - bs[None], axis=-1)
    for j in range(3):
        gam = 0.5 * d[j] ** -3 / 1e-8

        def integrand(x, gam=gam):
            z = np.exp(x)
            return np.exp(-z) * -np.expm1(-3 * np.log1p(z * gam).sum())

        ref = quad(integrand, -60, 6, limit=400, epsabs=1e-13)[0] / np.log(2)
        assert r[j] == pytest.approx(ref, rel=1e-8)
    s = m.rate_monte_carlo_bits(rng, users, bs, 0.5, 1e-8, 3.0, 4, 200_000)
    se = s.std(0) / np.sqrt(len(s))
    assert np.all(np.abs(s.mean(0) - r) < 4 * se)
    assert np.all(m.rate_mean_gain_bits(users, bs, 0.5, 1e-8, 3.0, 4) >= r)  # Jensen upper bound


def test_bad_inputs():
    with pytest.raises(InputError, match="num_tx_antennas"):
        m.zeta_squared(0.5, 50e6, 1e-8, 1, 5)
    with pytest.raises(InputError, match="bandwidth"):
        m.zeta_squared(0.5, 0.0, 1e-8, 4, 5)
