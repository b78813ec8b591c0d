"""briefing: grounded, structured briefings of news articles.

    from briefing import brief
    b = brief("article.txt", base_url="http://127.0.0.1:8080/v1", model="m")
    print(b.headline, [c.speaker for c in b.claims])

`brief`, `digest` (briefing.app.api) return the models the JSON contract prints (`Briefing`,
and the `Digest` of briefing.brief.digest) and raise `BriefingError` subclasses
(briefing.errors). Importing the package stays light: everything else is imported on first
use, so `briefing --help` starts fast.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Briefing", "BriefingError", "__version__", "brief", "digest"]

if TYPE_CHECKING:
    from briefing.app.api import brief, digest
    from briefing.errors import BriefingError
    from briefing.models import Briefing
else:

    def __getattr__(name: str) -> Any:
        """The public names, imported when first asked for."""
        if name == "digest":
            from briefing.app.api import digest

            return digest
        if name == "Briefing":
            from briefing.models import Briefing

            return Briefing
        if name == "BriefingError":
            from briefing.errors import BriefingError

            return BriefingError
        raise AttributeError(f"module 'briefing' has no attribute {name!r}")

    class _Package(ModuleType):
        """The package's module object. `brief` is the API function although a subpackage has
        the same name: importing `briefing.brief` sets the parent's attribute to the
        subpackage, and this property keeps the function in front (reach the subpackage with
        `from briefing.brief import ...` or sys.modules, as the code does)."""

        @property
        def brief(self) -> Any:
            from briefing.app.api import brief

            return brief

        @brief.setter
        def brief(self, value: Any) -> None:
            self.__dict__["_brief_package"] = value  # what the import system sets

    sys.modules[__name__].__class__ = _Package
