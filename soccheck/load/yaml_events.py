"""libyaml's parser events for a text: what the full reader composes documents from, and
what the syntax-error locator re-parses candidate fixes with. A module of its own so that
neither of those imports the other."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def parse_events(text: str) -> Iterator[Any]:
    """libyaml's events for ``text`` (ruamel.yaml.clib), straight from its parser."""
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover - without the C extension
        from ruamel.yaml import YAML

        yield from YAML(typ="safe", pure=True).parse(text)
        return
    from ruamel.yaml.events import StreamEndEvent

    parser = CParser(text)
    try:
        while True:
            event = parser.get_event()
            yield event
            if type(event) is StreamEndEvent:
                return
    finally:
        parser.dispose()
