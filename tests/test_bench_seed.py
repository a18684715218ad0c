"""The benchmark's generated FAQ: the same seed writes the same tree, and the site accepts it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.seed import RARE_ENTRIES, seed
from faq_site.extensions import db
from faq_site.models import Document, DocumentKind

ENTRIES = 40


def tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*.md")}


@pytest.fixture
def seeded(tmp_path: Path):
    return seed(tmp_path / "seeded", ENTRIES, 7)


@pytest.fixture
def app_settings(seeded) -> dict:
    return {"CONTENT_DIR": str(seeded.root)}


def test_the_same_seed_writes_the_same_tree(tmp_path: Path, seeded):
    again = seed(tmp_path / "again", ENTRIES, 7)
    other = seed(tmp_path / "other", ENTRIES, 8)
    assert tree(seeded.root) == tree(again.root)
    assert tree(seeded.root) != tree(other.root)
    assert seeded.slugs == again.slugs


def test_the_manifest_counts_what_was_written(seeded):
    folders = [p for p in (seeded.root / "faq").iterdir() if p.is_dir()]
    assert len(folders) == seeded.entries == ENTRIES
    assert sum(len(list(f.glob("*.md"))) for f in folders) == seeded.versions > ENTRIES
    assert seeded.rare_hits == RARE_ENTRIES
    assert 0 < seeded.common_hits < ENTRIES
    assert (seeded.root / "faq" / seeded.sample_slug).is_dir()
    assert sorted(p.name for p in (seeded.root / "statement").iterdir()) == sorted(
        p.name for p in (Path(__file__).parent.parent / "content" / "statement").iterdir()
    )


def test_the_site_loads_the_seeded_content(app, runner, client, seeded):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        count = db.session.scalar(
            db.select(db.func.count()).where(Document.kind == DocumentKind.FAQ)
        )
    assert count == ENTRIES
    assert client.get(f"/faq/{seeded.sample_slug}").status_code == 200
    assert client.get("/faq").status_code == 200
