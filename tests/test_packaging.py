"""A non-editable install must carry seeds/, themes/ and the entity model, and run the demo from them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    [built] = list(out.glob("briefing-*.whl"))
    return built


def test_wheel_contains_seeds_and_themes(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    seeds = [n for n in names if n.startswith("briefing/_data/seeds/")]
    themes = [n for n in names if n.startswith("briefing/_data/themes/")]
    assert len(seeds) == len([p for p in (REPO / "seeds").iterdir() if p.is_file()])
    assert themes and len(themes) == len([p for p in (REPO / "themes").iterdir() if p.is_file()])
    assert "briefing/_data/seeds/000_1b38fb3d7358cfad.txt" in names


def test_wheel_carries_the_entity_model_and_no_build_only_inputs(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    data = "briefing/analysis/data/"
    assert {data + "entities.crfsuite", data + "towns.txt", data + "cities.tsv", data + "first_names.txt"} <= names
    assert {data + "salience.json", data + "bigrams.json"} <= names  # the summary's weights
    model = zipfile.ZipFile(wheel).getinfo(data + "entities.crfsuite")
    assert model.file_size == (REPO / data / "entities.crfsuite").stat().st_size
    for build_only in ("build_gazetteers.py", "country_aliases.tsv", "city_stoplist.txt", "first_name_stoplist.txt"):
        assert data + build_only not in names


def test_installed_wheel_runs_the_demo_from_packaged_seeds(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target), "BRIEFING_DB": str(tmp_path / "untouched.json")}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "demo", "--print"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Biden ready to meet Kim" in result.stdout
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import briefing.resources as r; print(r.seeds_dir())"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )
    assert not (tmp_path / "untouched.json").exists()
    code = (
        "from briefing.analysis import analyze; from briefing.analysis.entities import model; "
        "a = analyze('Biden meets Kim', None, 'President Joe Biden met Kim Jong Un in Seoul.'); "
        "print(model.MODEL_PATH); print(sorted((e.label, e.text) for e in a.entities))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    path, found = out.stdout.strip().splitlines()
    assert path.startswith(str(target)) and "('PERSON', 'Joe Biden')" in found
