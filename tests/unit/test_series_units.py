"""Every series of every experiment of the package declares its unit, and its stored names are free (#15)."""

import re

import pytest

from isacnet.cf import series_variable_names
from isacnet.registry import experiments
from isacnet.units import cf_units

PACKAGE = {eid: exp for eid, exp in experiments().items() if exp.params.__module__.startswith("isacnet.")}

# CF units the package writes: SI (and km for densities), the information units bit and nat, dBW, and dB for a
# power ratio (power.calibration's 4 dB gain of Fig. 2(b))
_UNIT = re.compile(r"^(1|m|m2|m-1|s|W|Hz|dBW|dB|km-2|(bit|nat)/s/Hz(/km2)?)$")


@pytest.mark.parametrize("exp_id", sorted(PACKAGE))
def test_every_series_has_a_unit_and_a_long_name(exp_id):
    exp = PACKAGE[exp_id]
    params = exp.params()  # defaults: a unit chosen by a parameter is evaluated there
    for s in exp.series:
        assert s.unit is not None, f"{exp_id}: series {s.name!r} declares no unit"
        assert _UNIT.match(cf_units(s.unit_at(params))), f"{exp_id}: {s.name}: {s.unit_at(params)!r}"
        assert s.description.strip()


@pytest.mark.parametrize("exp_id", sorted(PACKAGE))
def test_stored_names_do_not_collide(exp_id):
    exp = PACKAGE[exp_id]
    taken = set(exp.params.model_fields) | {"compute_time_s", "quantile", "cdf_point", "point"}
    for s in exp.series:
        names = set(series_variable_names(s.name).values())
        assert not names & taken, f"{exp_id}: {s.name} collides with {sorted(names & taken)}"
        taken |= names


def test_cf_units_spelling():
    assert cf_units("m²") == "m2" and cf_units("km⁻²") == "km-2" and cf_units("nats/s/Hz/km²") == "nat/s/Hz/km2"
    assert cf_units("bits/s/Hz") == "bit/s/Hz" and cf_units("–") == "1" and cf_units(None) == "1"
    assert cf_units("dB re 1 W") == "dBW" and cf_units("1/m") == "m-1"
