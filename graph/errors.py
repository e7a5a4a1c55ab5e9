"""The one exception tree of the package.

Every error the library raises on purpose is an :class:`AkgError`; the message
names the file (and line) at fault and says what to do about it. Only the CLI
turns these into ``Error: ...`` lines and exit codes.

::

    AkgError
    ├── InputError       an article file or line that cannot be read
    ├── FormatError      an unknown --format or export format
    ├── QueryError       SPARQL that does not parse, or an unknown saved query
    ├── StoreError       a store that is locked, from another version, or unreachable
    └── ValidationError  SHACL violations in the built graph
"""

from __future__ import annotations


class AkgError(Exception):
    """Base of every error the package raises on purpose."""


class InputError(AkgError):
    """An article file or line that cannot be read; the message says where and why."""


class FormatError(AkgError):
    """An output or input format name that is not supported."""


class QueryError(AkgError):
    """A SPARQL query that does not parse or run, or an unknown saved query."""


class StoreError(AkgError):
    """A store that cannot be opened or written."""


class ValidationError(AkgError):
    """The graph does not conform to the SHACL shapes."""
