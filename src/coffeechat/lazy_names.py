"""A package's names, each imported from its module when first asked for.

``coffeechat.storage`` and ``coffeechat.core.models`` name what the rest of the
code imports from them; importing one of their modules (the data directory's
path, the problems) must not load all the others, or the command line would
load the whole store before it has parsed a word.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_names(package: str, homes: Mapping[str, str]) -> Callable[[str], Any]:
    """The ``__getattr__`` of ``package`` (PEP 562) for ``homes``: each name and
    the module of the package it is defined in. A name is looked up once."""
    namespace = sys.modules[package].__dict__

    def attribute(name: str) -> Any:
        home = homes.get(name)
        if home is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{package}.{home}"), name)
        namespace[name] = value
        return value

    return attribute
