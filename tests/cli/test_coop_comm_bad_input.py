"""Bad inputs of the coop communication experiments through the CLI: exit code 2, one line naming the field."""

import pytest

from isacnet.cli import main


@pytest.mark.parametrize("args,field", [
    (["run", "coop-fig6", "--set", "params.power_comm=1.5"], "power_comm"),
    (["run", "coop-fig6", "--set", "params.user_ratio=2.0"], "user_ratio"),  # the ratio is derived: densities per km²
    (["run", "coop-fig6", "--set", "params.cluster_size_comm=0"], "cluster_size_comm"),
    (["run", "coop-fig8", "--set", "params.backhaul_per_bs_bits=-0.5"], "backhaul_per_bs_bits"),
    (["run", "coop-fig10", "--set", "params.rho=1.5"], "rho"),
    (["run", "coop-fig10", "--set", "params.rho=-0.1"], "rho"),
    (["run", "coop-fig7", "--set", "params.max_load=1"], "max_load"),
    (["run", "coop-fig6", "--set", "params.pathloss_exp=2.0"], "pathloss_exp"),
])
def test_bad_input_exit_code_and_message(args, field, tmp_path, capsys):
    rc = main([*args, "--out", str(tmp_path), "--quick"])
    err = capsys.readouterr().err.strip().splitlines()
    assert rc == 2
    assert len(err) == 1 and field in err[0] and err[0].startswith("isacnet: error:")
