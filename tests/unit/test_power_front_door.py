"""The front door ``isacnet.power`` against the functions it wraps, in SI units (paper ``power`` (003))."""

import subprocess
import sys

import numpy as np
import pytest
from scipy import special, stats

from isacnet import power
from isacnet.analysis.power import pod_large_n
from isacnet.channel.power import draw_network
from isacnet.errors import InputError
from isacnet.metrics.detection import pod_exact
from isacnet.optimization import power as optimization
from isacnet.simulate.power import draw_symbols

NOISE_SENSE = 10**1.5  # sigma_s^2 = 15 dB re 1 W (Section V) [W]


def _network(seed=3, num_cells=3):
    return draw_network(np.random.default_rng(seed), 1, num_cells=num_cells)


def test_front_door_imports_no_heavy_library():
    code = ("import sys, isacnet.power; heavy = {'cvxpy', 'matplotlib', 'xarray', 'pandas', 'dask'} & set(sys.modules);"
            " assert not heavy, heavy")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_threshold_and_false_alarm_are_eq_10b():
    # independent: P_FA = Gamma(L, delta) / Gamma(L) = chi^2_{2L} tail at 2 delta
    for num_cells in (1, 3, 5):
        delta = power.detection_threshold(1e-6, num_cells)
        assert float(stats.chi2.sf(2 * delta, 2 * num_cells)) == pytest.approx(1e-6, rel=1e-9)
        assert float(power.false_alarm_probability(delta, num_cells)) == pytest.approx(1e-6, rel=1e-12)


def test_large_n_form_is_the_network_closed_form_per_target():
    net = _network()
    powers = np.array([2.0, 3.0, 5.0])  # W
    want = pod_large_n(powers, net.gains_sense[0], NOISE_SENSE, 100, 1e-6)  # [target i]
    # one call for every target: the channels of target i along the last (BS) axis
    got = power.detection_probability(powers, net.channel_sense[0].T, NOISE_SENSE, pfa=1e-6, num_samples=100)
    np.testing.assert_allclose(got, want, rtol=1e-12)
    s = power.sensing_snr(powers, net.channel_sense[0][:, 1], NOISE_SENSE, num_samples=100)
    assert float(s) == pytest.approx(100 * np.sum(powers * net.gains_sense[0][:, 1]) / NOISE_SENSE, rel=1e-12)


def test_exact_form_given_the_waveforms():
    net = _network()
    powers = np.array([2.0, 3.0, 5.0])
    x = draw_symbols(np.random.default_rng(5), (100, 3))
    want = pod_exact(powers, net.channel_sense[0], x, NOISE_SENSE, 1e-6)
    got = power.detection_probability(powers, net.channel_sense[0].T, NOISE_SENSE, pfa=1e-6, symbols=x, form="exact")
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # independent: s = ||X h||^2 / sigma^2 with X = x sqrt(P); P_D = ncx2.sf(2 delta, 2L, 2 s)
    h = net.channel_sense[0][:, 0]
    s = np.sum(np.abs((x * np.sqrt(powers)) @ h) ** 2) / NOISE_SENSE
    delta = special.gammainccinv(3, 1e-6)
    assert float(got[0]) == pytest.approx(float(stats.ncx2.sf(2 * delta, 6, 2 * s)), rel=1e-9)


def test_si_units_a_common_power_scale_leaves_the_pod_unchanged():
    # P_l and sigma^2 in mW instead of W: the same SNR, the same P_D
    h = _network().channel_sense[0][:, 2]
    p = np.array([1.0, 2.0, 0.5])
    in_w = power.detection_probability(p, h, NOISE_SENSE, pfa=1e-4, num_samples=50)
    in_mw = power.detection_probability(1e3 * p, h, 1e3 * NOISE_SENSE, pfa=1e-4, num_samples=50)
    assert float(in_w) == pytest.approx(float(in_mw), rel=1e-12)
    model = power.PowerModel(power_budget_db=10.0, noise_sense_db=15.0)
    assert model.power_budget == pytest.approx(10.0) and model.noise_sense == pytest.approx(NOISE_SENSE)


def test_min_sensing_snr_inverts_the_pod():
    s = power.min_sensing_snr(np.array([0.3, 0.7, 0.99]), pfa=1e-6, num_cells=3)
    np.testing.assert_allclose(power.detection_probability_at_snr(s, pfa=1e-6, num_cells=3), [0.3, 0.7, 0.99],
                               rtol=1e-9)


def test_simulation_twin_matches_the_closed_forms():
    # a loose P_FA so that the false-alarm rate is measurable; 4 SE (false alarm about 6e-5 per check)
    h = _network().channel_sense[0][:, 0]
    p = np.full(3, 2.0)
    run = power.simulate_detection(p, h, NOISE_SENSE, num_samples=40, pfa=0.05, rng=np.random.default_rng(11),
                                   num_trials=20_000, batch_size=7_000)
    again = power.simulate_detection(p, h, NOISE_SENSE, num_samples=40, pfa=0.05, rng=np.random.default_rng(11),
                                     num_trials=20_000, batch_size=7_000)
    assert run.pod.mean == again.pod.mean and run.pod.num_samples == 20_000
    assert abs(run.pfa.mean - 0.05) <= 4 * np.sqrt(0.05 * 0.95 / 20_000)
    # the GLRT's detection rate and the mean exact conditional PoD estimate the same probability
    assert abs(run.pod.mean - run.pod_given_waveforms.mean) <= 4 * run.pod.std_error
    assert run.pod.ci_low <= run.pod.mean <= run.pod.ci_high


def test_allocation_front_door_is_the_optimiser():
    model = power.PowerModel(power_budget_db=22.0)
    net = power.draw_network(np.random.default_rng(0), model, size=2)
    ref = draw_network(np.random.default_rng(0), 2, num_cells=3)
    np.testing.assert_array_equal(net.channel_comm, ref.channel_comm)
    problem = power.allocation_problem(model, net, index=1)
    np.testing.assert_array_equal(problem.gains_sense, ref.gains_sense[1])
    assert problem.power_budget == pytest.approx(10**2.2)
    ppa = power.allocate_power(problem, "ppa")
    np.testing.assert_allclose(ppa.powers, optimization.allocate_ppa(problem).powers, rtol=1e-9)
    epa = power.allocate_power(problem, "epa")
    np.testing.assert_allclose(epa.powers, np.full(3, problem.power_budget / 3))
    rpa = power.allocate_power(problem, "rpa", rng=np.random.default_rng(4))
    np.testing.assert_array_equal(rpa.powers, optimization.allocate_rpa(problem, np.random.default_rng(4)).powers)
    need = power.min_total_power(problem)
    total, powers = optimization.min_total_power(problem)
    assert need.total_power == total and need.within_budget == (total <= problem.power_budget)
    np.testing.assert_array_equal(need.powers, powers)
    assert need.total_power_db == pytest.approx(10 * np.log10(total))


@pytest.mark.parametrize(
    "call, field",
    [
        (lambda: power.allocate_power(None, "rpa"), "rng"),
        (lambda: power.allocate_power(None, "best"), "method"),
        (lambda: power.sensing_snr(np.ones(3), np.ones(3), 1.0, num_samples=10, form="printed"), "form"),
        (lambda: power.sensing_snr(np.ones(3), np.ones(3), 1.0), "num_samples"),
        (lambda: power.sensing_snr(np.ones(3), np.ones(3), 1.0, form="exact"), "symbols"),
        (lambda: power.detection_probability(np.ones(3), np.ones(3), 1.0, pfa=1.0, num_samples=10), "pfa"),
        (lambda: power.detection_probability(-np.ones(3), np.ones(3), 1.0, pfa=0.1, num_samples=10), "powers"),
        (lambda: power.simulate_detection(np.ones(3), np.ones(3), 1.0, num_samples=10, pfa=0.1,
                                          rng=np.random.default_rng(0), num_trials=1), "num_trials"),
    ],
)
def test_bad_input_names_its_field(call, field):
    with pytest.raises(InputError) as err:
        call()
    assert err.value.field == field
