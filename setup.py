"""Only the build step pyproject.toml cannot say: ship the run-time files kept outside the
packages. Everything else (metadata, dependencies, package data) is in pyproject.toml.

The data contracts, the survey instrument, the sample programme, the metric definitions the
report prints (docs/metrics.md) and the default settings (copdash.toml) live at the top of
the repository, where people edit them. A wheel (`pip install .`, not editable) copies them
into `pipelines/_shipped/`, laid out as in the repository, and `pipelines/settings.py`
PROJECT_ROOT points there when it exists. An editable install reads them in place.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SHIPPED = ["data_contracts", "sample_data", "docs/metrics.md", "copdash.toml"]


class BuildPyWithShippedFiles(build_py):
    def run(self):
        super().run()
        if getattr(self, "editable_mode", False):
            return  # an editable install reads the files from the checkout
        target = Path(self.build_lib) / "pipelines" / "_shipped"
        for name in SHIPPED:
            source, copy = Path(name), target / name
            copy.parent.mkdir(parents=True, exist_ok=True)
            if source.is_dir():
                shutil.copytree(source, copy, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy2(source, copy)


setup(cmdclass={"build_py": BuildPyWithShippedFiles})
