"""The quality gate's verdicts, on made-up figures (the gate itself runs on ../shared, never in make test)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from bench import gate

FLOORS = {"summaries: X ROUGE-1": 40.0, "quotes: X F1": 0.9}


def test_figures_at_or_above_their_floor_pass() -> None:
    """A figure equal to or above its floor is ok."""
    verdicts = gate.judge({"summaries: X ROUGE-1": 40.0, "quotes: X F1": 0.95}, FLOORS)
    assert [v.ok for v in verdicts] == [True, True]


def test_a_figure_below_its_floor_fails_and_is_shown() -> None:
    """A figure under its floor fails, and the table marks it."""
    verdicts = gate.judge({"summaries: X ROUGE-1": 39.99, "quotes: X F1": 0.95}, FLOORS)
    assert [v.ok for v in verdicts] == [False, True]
    assert "| summaries: X ROUGE-1 | 39.99 | 40.00 | **BELOW** |" in gate.render(verdicts)


def test_a_floor_nothing_measured_fails() -> None:
    """A floor whose figure was not measured (say, a renamed figure) fails instead of passing unseen."""
    verdicts = gate.judge({"quotes: X F1": 0.95, "quotes: X renamed": 0.99}, FLOORS)
    assert [(v.name, v.ok) for v in verdicts] == [("summaries: X ROUGE-1", False), ("quotes: X F1", True)]
    assert "not measured" in gate.render(verdicts)


def test_every_floor_is_a_plausible_minimum() -> None:
    """The pinned floors are positive, ROUGE on its 0-100 scale and shares between 0 and 1."""
    for name, floor in gate.FLOORS.items():
        assert floor > 0, name
        assert floor <= (100 if "ROUGE" in name else 1), name


def test_missing_data_fails_under_ci_and_is_skipped_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without the evaluation data the gate exits 2 under CI, and 0 with a notice on a developer machine."""
    missing = tmp_path / "no-evaldata"
    monkeypatch.setenv("CI", "1")
    assert gate.main(["--data", str(missing)]) == 2
    assert "no evaluation data" in capsys.readouterr().err
    monkeypatch.delenv("CI")
    assert gate.main(["--data", str(missing)]) == 0
    assert "skipped" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("module", "names"),
    [
        ("bench.quotes", ["load", "run", "score_pages", "score_languages", "total"]),
        ("bench.extraction", ["_ours", "load_rows", "run"]),
        ("bench.metadata", ["FIELDS", "_briefbot", "run"]),
    ],
)
def test_the_gate_finds_what_it_measures_with(module: str, names: list[str]) -> None:
    """The benchmark functions the gate calls exist, so a rename breaks make test, not only the gate."""
    loaded = importlib.import_module(module)
    assert [name for name in names if not hasattr(loaded, name)] == []
