"""Moved to :mod:`soccheck.format.records`; this name keeps ``import soccheck.records`` working for
library users (see CHANGELOG)."""

from soccheck.format.records import *  # noqa: F403
