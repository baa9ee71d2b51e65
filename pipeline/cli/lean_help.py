"""typer's rich help without the two modules it imports for what dutymap never uses.

typer.rich_utils imports, at its top, rich.markdown (markdown_it: for rich_markup_mode
"markdown") and rich.traceback (pygments: for pretty exceptions, which dutymap turns off):
about a third of `dutymap --help`'s start-up. While it is imported, those two names are
bound to stand-ins that import the real class on first use, so help renders exactly as
before. A typer that wants anything else from them is imported the ordinary way.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _Markdown:
    """rich.markdown.Markdown, imported when typer first makes one."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        from rich.markdown import Markdown

        return Markdown(*args, **kwargs)


class _Traceback:
    """rich.traceback.Traceback, imported when typer first makes one."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        from rich.traceback import Traceback

        return Traceback(*args, **kwargs)

    @classmethod
    def from_exception(cls, *args: Any, **kwargs: Any) -> Any:
        from rich.traceback import Traceback

        return Traceback.from_exception(*args, **kwargs)


_STAND_INS = {"rich.markdown": ("Markdown", _Markdown), "rich.traceback": ("Traceback", _Traceback)}


def import_rich_help() -> None:
    """Import typer.rich_utils (typer's help renderer) with the stand-ins, once."""
    if "typer.rich_utils" in sys.modules or any(name in sys.modules for name in _STAND_INS):
        return  # imported already, or the real modules are: nothing to save
    stand_ins = {}
    for name, (attribute, stand_in) in _STAND_INS.items():
        module = types.ModuleType(name, "a stand-in while typer.rich_utils is imported")
        setattr(module, attribute, stand_in)
        stand_ins[name] = module
    sys.modules.update(stand_ins)
    try:
        importlib.import_module("typer.rich_utils")
    except Exception:  # another typer asks the stand-ins for more: it imports the real ones itself
        sys.modules.pop("typer.rich_utils", None)
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]  # a later import gets the real module
