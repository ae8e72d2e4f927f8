"""deploy (004): invariances (Props. 1–3), scaling (Prop. 4), Theorem 1, tiling, database."""

import numpy as np
import pytest

from isacnet.analysis import deploy as a
from isacnet.errors import InputError
from isacnet.geometry.regions import Rectangle, Segment
from isacnet.metrics.deploy import crlb
from isacnet.optimization.deploy import DeploymentDatabase, fit_similarity

BETA = 2.0


@pytest.fixture
def geom():
    rng = np.random.default_rng(11)
    return rng.uniform(-50, 50, (30, 3)), rng.uniform(-120, 120, (5, 3)), rng


def _rel(x, y):
    return np.max(np.abs(x - y) / np.abs(y))


def test_displacement_invariance(geom):  # Prop. 1, eq. (16)
    t, b, _ = geom
    v = np.array([1234.5, -77.0, 310.0])
    assert _rel(crlb(t + v, b + v, 1.0, BETA), crlb(t, b, 1.0, BETA)) < 1e-11


def test_rotation_invariance(geom):  # Prop. 2
    t, b, rng = geom
    r = a.rotation_matrix(rng.normal(size=3), 0.7)
    assert np.allclose(r.T @ r, np.eye(3), atol=1e-15)
    got = crlb(a.apply_similarity(t, 1.0, r), a.apply_similarity(b, 1.0, r), 1.0, BETA)
    assert _rel(got, crlb(t, b, 1.0, BETA)) < 1e-11


def test_reflection_invariance(geom):  # Prop. 3, eq. (17)-(18)
    t, b, rng = geom
    p = a.reflection_matrix(rng.normal(size=3))
    assert np.linalg.det(p) == pytest.approx(-1.0)
    got = crlb(t @ p.T, b @ p.T, 1.0, BETA)
    assert _rel(got, crlb(t, b, 1.0, BETA)) < 1e-11


@pytest.mark.parametrize("kappa", [0.25, 3.0, 17.5])
@pytest.mark.parametrize("beta", [2.0, 2.7])
def test_uniform_scaling(geom, kappa, beta):  # Prop. 4, eq. (22): kappa^(2 beta)
    t, b, _ = geom
    got = crlb(kappa * t, kappa * b, 1.0, beta)
    assert _rel(got, a.scaled_area_crlb(crlb(t, b, 1.0, beta), kappa, beta)) < 1e-11


@pytest.mark.parametrize("dim,per_axis", [(1, 2), (1, 3), (2, 2)])
def test_tiling_meets_theorem1(dim, per_axis):
    # Tiled layout of ANY base layout: every target sees at least its own tile (Prop. 4 scaled),
    # so A-CRLB(tiled) <= K^{-2 beta/d} A-CRLB(base) (proof of Theorem 1, eq. (24)).
    rng = np.random.default_rng(dim * 10 + per_axis)
    region = Segment([0, 0, 0], [400, 0, 0]) if dim == 1 else Rectangle([0, 0, 0], [400, 0, 0], [0, 400, 0])
    base = np.column_stack([rng.uniform(0, 400, 4), rng.uniform(-100, 100, 4) if dim == 1 else rng.uniform(0, 400, 4),
                            rng.uniform(30, 150, 4)])
    n = 8 if dim == 1 else 6
    tb, _ = region.grid(n)
    tt, _ = region.grid(n * per_axis)
    c_base = crlb(tb, base, 1.0, BETA).mean()
    tiled = a.tile_layout(region, base, per_axis)
    k = per_axis**dim
    assert tiled.shape == (4 * k, 3)
    c_tiled = crlb(tt, tiled, 1.0, BETA).mean()
    bound = a.theorem1_bound(c_base, k, BETA, dim)
    assert c_tiled <= bound * (1 + 1e-12)
    # without cooperation between tiles the bound is attained exactly
    own = np.concatenate([crlb(tb / per_axis + off, base / per_axis + off, 1.0, BETA)
                          for off in a.tile_region_offsets(region, per_axis)])
    assert own.mean() == pytest.approx(bound, rel=1e-9)  # ill-conditioned FIMs: ~1e-11 rounding


def test_theorem1_bad_k():
    with pytest.raises(InputError, match="num_tiles"):
        a.theorem1_bound(1.0, 3, 2.0, 2)
    assert a.scaling_exponent(2.0, 2) == -2.0


def test_database_maps_by_similarity():
    rng = np.random.default_rng(5)
    ref = Rectangle([0, 0, 0], [400, 0, 0], [0, 200, 0])
    lay = np.column_stack([rng.uniform(0, 400, 5), rng.uniform(0, 200, 5), rng.uniform(40, 200, 5)])
    t_ref, _ = ref.grid(6)
    c_ref = crlb(t_ref, lay, 1.0, BETA).mean()
    db = DeploymentDatabase(pathloss_exp_sense=BETA)
    db.add(ref, lay, c_ref)
    q = a.rotation_matrix([0.3, -1, 2], 1.1) @ a.reflection_matrix([1, 1, 0])
    kappa, v = 2.5, np.array([1000.0, -20, 5])
    new = a.transform_region(ref, kappa, q, v)
    found = db.lookup(new)
    new_lay, c_new = found.layout, found.area_crlb
    assert found.index == 0
    t_new, _ = new.grid(6)
    assert c_new == pytest.approx(kappa ** (2 * BETA) * c_ref, rel=1e-12)
    assert crlb(t_new, new_lay, 1.0, BETA).mean() == pytest.approx(c_new, rel=1e-9)
    with pytest.raises(InputError, match="region"):
        db.lookup(Rectangle([0, 0, 0], [400, 0, 0], [0, 400, 0]))
    assert fit_similarity(Segment([0, 0, 0], [1, 0, 0]), ref) is None
