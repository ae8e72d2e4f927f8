"""Unit conversions used at the edges of the package.

Inside isacnet every quantity is SI (W, m, m⁻², Hz, s). Decibel and per-km² values
exist only in scenario fields and plot labels whose names say so (``_db``, ``_dbm``,
``_per_km2``). Rates are in nats/s/Hz unless a name ends in ``_bits``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "db_to_linear",
    "linear_to_db",
    "dbm_to_watt",
    "watt_to_dbm",
    "per_km2_to_per_m2",
    "per_m2_to_per_km2",
    "nats_to_bits",
    "bits_to_nats",
    "cf_units",
    "SPEED_OF_LIGHT",
]

SPEED_OF_LIGHT = 299_792_458.0
"""Speed of light in vacuum [m/s]."""


def db_to_linear(x_db):
    """Power ratio from decibels: ``10**(x_db/10)``."""
    return np.power(10.0, np.asarray(x_db, dtype=float) / 10.0)


def linear_to_db(x):
    """Decibels from a power ratio: ``10*log10(x)``."""
    return 10.0 * np.log10(np.asarray(x, dtype=float))


def dbm_to_watt(x_dbm):
    """Power [W] from dBm."""
    return db_to_linear(x_dbm) * 1e-3


def watt_to_dbm(p_watt):
    """dBm from power [W]."""
    return linear_to_db(np.asarray(p_watt, dtype=float) * 1e3)


def per_km2_to_per_m2(x):
    """Density [m⁻²] from density [km⁻²]."""
    return np.asarray(x, dtype=float) * 1e-6


def per_m2_to_per_km2(x):
    """Density [km⁻²] from density [m⁻²]."""
    return np.asarray(x, dtype=float) * 1e6


def nats_to_bits(x):
    """Rate [bits/s/Hz] from rate [nats/s/Hz]."""
    return np.asarray(x, dtype=float) / np.log(2.0)


def bits_to_nats(x):
    """Rate [nats/s/Hz] from rate [bits/s/Hz]."""
    return np.asarray(x, dtype=float) * np.log(2.0)


_CF_WORDS = {
    "–": "1", "-": "1", "": "1", "drops": "1", "processes": "1", "dB re 1 W": "dBW",
    "bits/s/Hz": "bit/s/Hz", "nats/s/Hz": "nat/s/Hz", "1/m": "m-1",
}
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3", "⁻": "-", "¹": "1", "−": "-", "·": " "})


def cf_units(unit: str | None) -> str:
    """The CF ``units`` string (UDUNITS spelling, ASCII) of a unit written as the models write theirs.

    ``"m²"`` → ``"m2"``, ``"km⁻²"`` → ``"km-2"``, ``"nats/s/Hz/km²"`` → ``"nat/s/Hz/km2"``, a pure
    number, a count or a choice (``"1"``, ``"–"``) → ``"1"``, ``"dB re 1 W"`` → ``"dBW"``. The
    information units ``bit`` and ``nat`` are kept (UDUNITS knows ``bit``; ``nat`` is ``bit``
    times ``1/ln 2``, written out so that no rate is ever mistaken for the other).

    Parameters
    ----------
    unit : str or None
        ``None`` and the empty string mean a pure number.

    Returns
    -------
    str
    """
    text = (unit or "").strip()
    if text in _CF_WORDS:
        return _CF_WORDS[text]
    for word in ("bits", "nats"):
        text = text.replace(word, word[:-1])
    return text.translate(_SUPERSCRIPTS)
