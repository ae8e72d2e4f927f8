"""deploy (004): bad inputs give one-line errors naming the field, exit code 2."""

import pytest

from isacnet.cli import main


@pytest.mark.parametrize(
    "fig,override,field",
    [
        ("deploy-fig3", "params.num_bs=0", "params.num_bs"),
        ("deploy-fig7", "params.region_size=0.0", "params.region_size"),
        ("deploy-fig8", "params.coverage_threshold=0.0", "params.coverage_threshold"),
        ("deploy-fig9", "params.coverage_threshold=-0.1", "params.coverage_threshold"),
        ("deploy-fig7", "params.rate_threshold_bits=-1.0", "params.rate_threshold_bits"),
        ("deploy-fig6", "params.region_length=0.0", "params.region_length"),
        ("deploy-fig11", "params.target_height=10.0", "bs_box"),
        ("deploy-fig5", "params.design='nope'", "params.design"),
    ],
)
def test_bad_input_one_line(fig, override, field, tmp_path, capsys):
    rc = main(["reproduce", fig, "--quick", "--scheduler", "serial", "--out", str(tmp_path), "--set", override])
    err = capsys.readouterr().err.strip()
    assert rc == 2
    assert len(err.splitlines()) == 1
    assert field in err


def test_degenerate_region_is_input_error():
    from isacnet.errors import InputError
    from isacnet.geometry.regions import Segment

    with pytest.raises(InputError, match="degenerate"):
        Segment([0, 0, 0], [0, 0, 0])
