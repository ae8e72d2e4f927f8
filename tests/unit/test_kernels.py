"""Every compiled (numba) kernel against its NumPy twin, on the same draws.

The twins perform the same IEEE operations in the same order, so where no library function
(``pow``, ``exp``, ``log``) is involved they must agree bit for bit; where one is, the two
libraries' results differ by an ulp and the stated tolerance is a few ulps times the
condition of what follows.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from isacnet._accel import Kernel, numba_enabled, numba_installed

pytestmark = pytest.mark.skipif(not numba_installed(), reason="numba is not installed (the test extra installs it)")


def test_switch_off_with_the_environment(monkeypatch):
    calls = []
    k = Kernel(lambda x: calls.append("numpy") or x, "isacnet.geometry._ppp_loops:unit_circle_point")
    monkeypatch.setenv("ISACNET_NO_NUMBA", "1")
    assert not numba_enabled()
    assert k(3) == 3 and calls == ["numpy"]
    monkeypatch.delenv("ISACNET_NO_NUMBA")
    assert numba_enabled()


def test_unit_circle_twins_are_identical_and_accurate():
    import numba

    from isacnet.geometry import unit_circle
    from isacnet.geometry._ppp_loops import unit_circle_point

    @numba.njit
    def loop(u):
        c, s = np.empty(u.size), np.empty(u.size)
        for i in range(u.size):
            c[i], s[i] = unit_circle_point(u[i])
        return c, s

    u = np.random.default_rng(0).random(500_000, dtype=np.float32)
    u[:4] = [0.0, 0.25, 0.5, 0.75]
    c, s = unit_circle(u)
    c2, s2 = loop(u)
    np.testing.assert_array_equal(c, c2)
    np.testing.assert_array_equal(s, s2)
    theta = 2 * np.pi * u.astype(float)
    assert np.abs(c - np.cos(theta)).max() < 2e-7 and np.abs(s - np.sin(theta)).max() < 2e-7  # single precision
    np.testing.assert_array_equal(c[:4], [1.0, 0.0, -1.0, 0.0])


@pytest.mark.parametrize("num_bs", [1, 2, 3, 10, 40])
def test_crlb_block_twins(num_bs):
    from isacnet.simulate.coop import crlb_block

    rng = np.random.default_rng(num_bs)
    gaps = rng.standard_exponential((num_bs, 1024), dtype=np.float32)
    turns = rng.random((num_bs, 1024), dtype=np.float32)
    gaps[0, :2] = 0.0  # the floored zero gap
    np.testing.assert_array_equal(crlb_block.numpy(gaps, turns, math.pi, 2.0, 3.0),
                                  crlb_block.loops(gaps, turns, math.pi, 2.0, 3.0))
    # beta != 2 goes through pow (an ulp apart in 5 % of calls), amplified by the FIM's condition
    a = crlb_block.numpy(gaps, turns, math.pi, 3.0, 1.0)
    b = crlb_block.loops(gaps, turns, math.pi, 3.0, 1.0)
    np.testing.assert_array_equal(np.isinf(a), np.isinf(b))
    np.testing.assert_allclose(a[np.isfinite(a)], b[np.isfinite(b)], rtol=1e-9)


def test_crlb_trial_is_the_same_with_and_without_numba(monkeypatch):
    from isacnet.simulate.coop import crlb_trial

    fast = crlb_trial(np.random.default_rng(5), 5000, 7, 2.0)["crlb"]
    monkeypatch.setenv("ISACNET_NO_NUMBA", "1")
    plain = crlb_trial(np.random.default_rng(5), 5000, 7, 2.0)["crlb"]
    np.testing.assert_array_equal(fast, plain)
