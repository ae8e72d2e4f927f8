"""power bad inputs through the CLI: one line naming field and range, exit 2, nothing written."""

import pytest

from isacnet.cli import main


@pytest.mark.parametrize(
    "fig, override, words",
    [
        ("power-fig2a", "pfa=0", "params.pfa: must be > 0"),
        ("power-fig2a", "pfa=1.5", "params.pfa: must be < 1"),
        ("power-fig2b", "pfa=1.0", "params.pfa: must be < 1"),
        ("power-fig2a", "powers=[1.0, -2.0, 1.0]", "params.powers.1: must be >= 0"),
        ("power-fig2a", "powers=[1.0, 2.0]", "params.powers: must list num_cells = 3"),
        ("power-fig2b", "num_samples=2", "params.num_samples: must be >= num_cells L = 3"),
        ("power-fig2a", "num_samples=0", "params.num_samples: must be >= 1"),
        ("power-fig2c", "pod_min=1.0", "params.pod_min: must be < 1"),
        ("power-fig2b", "rate_min_bits=-1", "params.rate_min_bits: must be >= 0"),
        ("power-fig2b", "cell_radius=0", "params.cell_radius: must be > 0"),
        ("power-fig2b", "bs_positions=[[0, 0], [1, 1]]", "params.bs_positions: must list num_cells = 3"),
        ("power-fig2a", "target_index=3", "params.target_index: must be < num_cells = 3"),
        ("power-fig2b", "symbols='bpsk'", "params.symbols: must be"),
    ],
)
def test_bad_power_params(tmp_path, capsys, fig, override, words):
    out = tmp_path / "out"
    assert main(["reproduce", fig, "--quick", "--out", str(out), "--set", override]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and words in err, err
    assert not out.exists()


def test_explicit_positions_and_more_cells_run(tmp_path, capsys):
    # any BS positions are allowed: four cells on a line, one budget point
    code = main(["run", "power-fig2b", "--quick", "--out", str(tmp_path), "--scheduler", "serial",
                 "--set", "num_cells=4", "--set", "bs_positions=[[0, 0], [200, 0], [400, 0], [600, 0]]",
                 "--set", "power_budget_db=[15.0, 25.0]"])
    assert code == 0, capsys.readouterr().err
