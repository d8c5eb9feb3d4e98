"""`python -m pipelines` is the same as `copdash`."""

import sys

from pipelines.cli import main

sys.exit(main())
