"""`pip install .` (not editable) gives a working copdash: the wheel holds every file the
code reads at run time, and the installed copy loads, serves and draws every page from a
folder that is not the repository.

The wheel is built as a user's `pip install .` builds it (pip, build isolation) from a copy
of the source tree, so that nothing left in the checkout (an old `build/`) can slip in. It
is installed, without its dependencies, into a new virtual environment: the dependencies
come from the development environment through a path file (this test cannot download
them), the product only from the wheel, which the first test checks. About 25 s.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import pytest

from pipelines.settings import PROJECT_ROOT
from tests.serving.running_demo import clean_env, free_port, run_demo

# What setup.py ships in pipelines/_shipped (the files kept outside the packages).
SHIPPED = ["data_contracts", "sample_data", "docs/metrics.md", "copdash.toml"]
PAGES = sorted(p.stem for p in (PROJECT_ROOT / "dashboard" / "pages").glob("*.py"))
_NOT_SOURCE = shutil.ignore_patterns(".git", ".venv*", "build", "dist", "data", "*.egg-info",
                                     "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache",
                                     ".hypothesis", "benchmarks", "tests", "*.duckdb*")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source") / "copdash"
    shutil.copytree(PROJECT_ROOT, source, ignore=_NOT_SOURCE)
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", str(source),
                    "-w", str(dist)], check=True, capture_output=True, text=True)
    [built] = dist.glob("copdash-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed (its `bin`/`Scripts` folder)."""
    root = tmp_path_factory.mktemp("installed") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    scripts = root / ("Scripts" if os.name == "nt" else "bin")
    python = scripts / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                           "['purelib'])"], check=True, capture_output=True, text=True).stdout
    (Path(site.strip()) / "dependencies-from-dev.pth").write_text(
        sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return scripts


@pytest.fixture(scope="module")
def elsewhere(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A working folder outside the repository (no copdash.toml, no .streamlit there)."""
    return tmp_path_factory.mktemp("elsewhere")


def _python(venv: Path, code: str, cwd: Path, **env: str) -> str:
    done = subprocess.run([str(venv / "python"), "-c", code], cwd=cwd, env=clean_env(**env),
                          capture_output=True, text=True)
    assert 0 == done.returncode, done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def shipped_sample(venv: Path, elsewhere: Path) -> Path:
    return Path(_python(venv, "from pipelines.demo import SAMPLE_DATA; print(SAMPLE_DATA)",
                        elsewhere).strip())


@pytest.fixture(scope="module")
def loaded(venv: Path, shipped_sample: Path, elsewhere: Path) -> tuple[Path, subprocess.CompletedProcess]:
    db = elsewhere / "tmp.duckdb"
    done = subprocess.run([str(venv / "copdash"), "load", str(shipped_sample), "--db", str(db)],
                          cwd=elsewhere, env=clean_env(), capture_output=True, text=True)
    return db, done


def _files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_the_installed_copy_is_the_wheel(venv: Path, elsewhere: Path) -> None:
    """`pipelines` and `dashboard` are imported from the new environment, not the checkout."""
    where = _python(venv, "import pipelines, dashboard; print(pipelines.__file__); "
                          "print(dashboard.__file__)", elsewhere).split()
    assert [] == [path for path in where if not path.startswith(str(venv.parent))]


def test_the_wheel_holds_every_file_the_code_reads(wheel: Path) -> None:
    """Every file of the pipelines and dashboard packages (SQL, the logger's page files,
    templates) and every shipped file (contracts, sample data, metrics.md, copdash.toml,
    under pipelines/_shipped) is in the wheel: none missing."""
    names = set(zipfile.ZipFile(wheel).namelist())
    wanted = {f"{package}/{name}" for package in ("pipelines", "dashboard")
              for name in _files_under(PROJECT_ROOT / package)}
    for item in SHIPPED:
        path = PROJECT_ROOT / item
        inside = _files_under(path) if path.is_dir() else {""}
        wanted |= {f"pipelines/_shipped/{item}" + (f"/{name}" if name else "") for name in inside}
    assert [] == sorted(wanted - names)


def test_the_installed_copy_loads_its_sample_programme(loaded) -> None:
    """`copdash load <the installed sample_data> --db tmp.duckdb`, run outside the
    repository, loads all 11 files: 23,542 rows read, all loaded (the sample as generated)."""
    db, done = loaded
    assert 0 == done.returncode, done.stderr[-3000:]
    assert "11 file(s): 23542 rows read, 23542 loaded, 0 quarantined." in done.stdout
    assert db.exists()


_PAGE_CHECK = """
import json, sys
from pathlib import Path
from streamlit import config
from streamlit.testing.v1 import AppTest
import dashboard
config.set_option("server.address", "127.0.0.1")  # local mode, as `copdash serve` starts it
found = {}
for page in sys.argv[1:]:
    at = AppTest.from_file(str(Path(dashboard.__file__).parent / "app.py"), default_timeout=120)
    at.run()
    if page != "overview":
        at.switch_page(f"pages/{page}.py")
        at.run()
    found[page] = {"exceptions": [e.value for e in at.exception],
                   "titles": [t.value for t in at.title]}
print(json.dumps(found))
"""


def test_every_page_runs_from_the_installed_copy(venv: Path, loaded, elsewhere: Path) -> None:
    """AppTest runs each page of the installed app on the database the installed copy
    loaded: no exception, one title each (the Live logger reads its component's files)."""
    db, _ = loaded
    out = subprocess.run([str(venv / "python"), "-c", _PAGE_CHECK, *PAGES], cwd=elsewhere,
                         env=clean_env(COPDASH_DB=str(db), COPDASH_BOOTSTRAP_RESAMPLES="200"),
                         capture_output=True, text=True)
    assert 0 == out.returncode, out.stderr[-3000:]
    found = json.loads(out.stdout.strip().splitlines()[-1])
    assert {page: [] for page in PAGES} == {p: r["exceptions"] for p, r in found.items()}
    assert {page: 1 for page in PAGES} == {p: len(r["titles"]) for p, r in found.items()}


def test_the_report_finds_its_definitions_in_the_installed_copy(venv: Path, elsewhere: Path) -> None:
    """The printable report's definitions come from the shipped docs/metrics.md: every
    section it prints is found."""
    missing = _python(venv, "from pipelines.report.definitions import definitions; "
                            "print([d.title for d in definitions() if not d.found])", elsewhere)
    assert "[]" == missing.strip()


def test_copdash_demo_runs_from_the_installed_copy(venv: Path, elsewhere: Path) -> None:
    """`copdash demo --no-browser` (the installed command) loads the shipped sample into
    the folder given and serves the dashboard: its health endpoint answers."""
    run = run_demo([str(venv / "copdash")], elsewhere / "demo-data", cwd=elsewhere)
    assert run.healthy, run.output
    assert "Loaded 23,542 rows from 11 files (0 quarantined)." in run.output


def _dockerfile() -> dict[str, object]:
    """The Dockerfile's ENV values, its CMD and its HEALTHCHECK command (JSON forms), read
    from the file itself so that an edit to the image's command is what this test runs."""
    text = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    env: dict[str, str] = {}
    found: dict[str, object] = {"env": env}
    for line in text.splitlines():
        keyword, _, rest = line.strip().partition(" ")
        if keyword == "ENV":
            env.update(pair.split("=", 1) for pair in rest.split())
        elif keyword == "CMD":
            found["cmd"] = json.loads(rest)
        elif keyword == "HEALTHCHECK":
            found["health"] = json.loads(rest[rest.index("CMD ") + 4:])
    return found


def test_the_image_command_serves_and_passes_the_image_health_check(
        venv: Path, tmp_path: Path) -> None:
    """What the image runs, run from the wheel as the image installs it: the Dockerfile's CMD
    (`copdash serve --db /data/cop.duckdb --address 0.0.0.0`, here with a temporary /data
    and a free port) started in a working folder holding `.streamlit/secrets.toml` with an
    [auth] table, as docs/deploy.md mounts it, and an empty data volume, as a first start
    has. The Dockerfile's HEALTHCHECK command must then pass (exit 0). The image build
    itself (Debian packages, the non-root user) needs a Docker engine this machine lacks."""
    image = _dockerfile()
    data, app = tmp_path / "data", tmp_path / "app"
    data.mkdir()
    (app / ".streamlit").mkdir(parents=True)
    (app / ".streamlit" / "secrets.toml").write_text(
        '[auth]\nredirect_uri = "https://cop.example/oauth2callback"\n'
        'cookie_secret = "a-long-random-string"\nclient_id = "copdash"\n'
        'client_secret = "x"\n'
        'server_metadata_url = "https://login.example/.well-known/openid-configuration"\n',
        encoding="utf-8")
    port = str(free_port())

    def in_test(words: list[str]) -> list[str]:
        words = [w.replace("/data/", f"{data}/").replace("8501", port) for w in words]
        return [str(venv / words[0]), *words[1:]]

    env = clean_env(HOME=str(tmp_path))
    env.update({k: v.replace("/data/", f"{data}/") for k, v in image["env"].items()})
    server = subprocess.Popen(in_test(image["cmd"]), cwd=app, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              start_new_session=True)
    try:
        passed = False
        deadline = time.monotonic() + 180  # a guard against a hang, not a timing assertion
        while not passed and server.poll() is None and time.monotonic() < deadline:
            check = subprocess.run(in_test(image["health"]), env=env, capture_output=True)
            passed = 0 == check.returncode
            time.sleep(0.5)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
        output, _ = server.communicate(timeout=60)
    assert passed, output[-3000:]
    assert f"serving {data}/cop.duckdb at http://0.0.0.0:{port}" in output
