"""The set-up files agree with each other."""

import pathlib
import tomllib

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert [p for p in pip if p != "-e ."] == project
    assert "-e ." in pip
    assert "python=3.11" in env["dependencies"]


def test_ci_runs_exactly_the_readme_test_command():
    run = (ROOT / ".ci" / "run").read_text()
    assert "make test" in run
    assert "make test" in (ROOT / "README.md").read_text().split("\n## ")[0]


def test_top_level_layout():
    for name in ["README.md", "environment.yml", "pyproject.toml", "Makefile", "notebooks", "helpers",
                 "assignments", "autograder", "datasets", "tests", "bench", ".ci/run"]:
        assert (ROOT / name).exists(), name
