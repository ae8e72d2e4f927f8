"""nulling bad inputs through the CLI: one line naming the field and the range, exit 2, nothing written."""

import pytest

from isacnet.cli import main


@pytest.mark.parametrize(
    "fig, override, words",
    [
        # the figure skips K L > M_t (a blank, as in the paper); without skipping, the point is refused
        ("nulling-fig4", "skip_infeasible=false", "params.num_tx_antennas: spatial budget K*L + J*(Q-1)"),
        ("nulling-fig4", "num_users=9", "params.num_users: figure nulling-fig4 draws its x axis over this field"),
        ("nulling-fig7", "num_targets=11", "params.num_targets: must be <= max_targets J_max = 10"),
        ("nulling-fig7", "cluster_size_sense=20", "params.num_tx_antennas: spatial budget"),
        ("nulling-fig4", "pathloss_exp=2.0", "params.pathloss_exp: must be > 2"),
        ("nulling-fig7", "mismatch=1.5", "params.mismatch: must be <= 1"),
        ("nulling-fig10", "metric='sum'", "params.metric"),
        ("nulling-fig12", "weight=1.5", "params.weight: must be <= 1"),
    ],
)
def test_bad_nulling_params(tmp_path, capsys, fig, override, words):
    out = tmp_path / "out"
    assert main(["reproduce", fig, "--quick", "--out", str(out), "--set", override]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and words in err, err
    assert not out.exists()
