"""The README's Layout names every module of the package, so that a reader finds where each
thing lives and a new module is not left out of the map."""

from __future__ import annotations

import re
from pathlib import Path

from faq_site.config import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "faq_site"


def layout() -> str:
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Layout", 1)[1].split("\n## ", 1)[0]


def unnamed(text: str, package: Path = PACKAGE) -> list[str]:
    """The package's modules that the text does not name as `name.py`."""
    return [
        str(path.relative_to(package))
        for path in sorted(package.rglob("*.py"))
        if path.name != "__init__.py" and not re.search(rf"\b{re.escape(path.name)}\b", text)
    ]


def test_the_layout_names_every_module_of_the_package():
    assert unnamed(layout()) == []


def test_a_module_left_out_is_named():
    assert unnamed(layout().replace("sent_to.py", "")) == ["sent_to.py"]
