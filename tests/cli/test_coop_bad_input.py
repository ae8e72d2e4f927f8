"""coop sensing bad inputs through the CLI: one line naming field and range, exit 2, nothing written."""

import pytest

from isacnet.cli import main


@pytest.mark.parametrize(
    "fig, override, words",
    [
        ("coop-fig4", "cluster_size_sense=0", "params.cluster_size_sense: must be >= 1"),
        ("coop-fig4", "pathloss_exp_sense=1.5", "params.pathloss_exp_sense: must be >= 2"),
        ("coop-fig5", "max_load=0", "params.max_load: must be >= 1"),
        ("coop-fig5", "bs_density_per_km2=0", "params.bs_density_per_km2: must be >= 1e-06"),
        ("coop-fig5", "target_density_per_km2=-1", "params.target_density_per_km2: must be >= 1e-06"),
        ("coop-fig4", "rcs_model='swerling3'", "params.rcs_model: must be 'mean' or 'swerling1'"),
        ("coop-fig5", "acceptance_form='exact'", "params.acceptance_form: must be"),
        ("coop-fig4", "power_sense=2.0", "params.power_sense: must be <= P^t = 1.0 W"),
        ("coop-fig4", "num_tx_antennas=1", "params.num_tx_antennas: must be >= 2"),
        ("coop-fig4", "bs_density_per_km2=1e9", "params.bs_density_per_km2: must be <= 10000"),
    ],
)
def test_bad_coop_params(tmp_path, capsys, fig, override, words):
    out = tmp_path / "out"
    assert main(["reproduce", fig, "--quick", "--out", str(out), "--set", override]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and words in err, err
    assert not out.exists()
