"""``python -m graph`` runs the ``akg`` command."""

import sys

from .cli import main

sys.exit(main())
