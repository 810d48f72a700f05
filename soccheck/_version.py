"""Where soccheck is published, defined once.

Every generated file and every document that names the repository, the version or the schema
host takes it from here (or is checked against it by tests/test_project.py), so publishing
under another address is an edit here, the same in pyproject.toml's ``[project.urls]`` (which
cannot import Python; a test keeps them equal), and regenerating the schemas. pyproject.toml
reads ``__version__`` from this file.
"""

__version__ = "0.1.0"

PUBLISHED = False
"""Whether this version is released (its tag exists, it is on PyPI). Until it is, what
``init`` writes says how to point the hook and the workflow at a clone instead; cutting the
release sets it with the CHANGELOG date and README's install note (RELEASING.md)."""

REPOSITORY = "soccheck/soccheck"
"""The GitHub ``owner/name``: workflows use the action as ``soccheck/soccheck@v0``."""

REPOSITORY_URL = f"https://github.com/{REPOSITORY}"
"""Where the pre-commit hook and the action are fetched from; release tags are ``v<version>``."""

SCHEMA_HOST = "https://soccheck.dev"

SCHEMA_VERSION = "v1"
"""The file format's major version; it changes only with an incompatible format."""

SCHEMA_BASE_URL = f"{SCHEMA_HOST}/schemas/{SCHEMA_VERSION}/"
"""Prefix of the schemas' ``$id``s (public API)."""
