"""Moved to :mod:`soccheck.format.models`; this name keeps ``import soccheck.models`` working for
library users (see CHANGELOG)."""

from soccheck.format.models import *  # noqa: F403
