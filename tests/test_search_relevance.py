"""Search relevance on a set of realistic queries, written from the demo content by someone who
had not seen the search code (tests/data/search/queries.tsv): hit@3 and mean reciprocal rank,
on both databases. The set is measured, never tuned on: its misses are studied through fresh
queries of our own. `python -m faq_site.search.measure` prints the figures and the misses."""

from __future__ import annotations

import pytest

from faq_site.search.measure import DAY, QUERIES, main, measure, read_queries, result_urls

# What the search reaches on this set when measured, less a small margin; the target is
# 0.95 and 0.85, not reached yet. SQLite: hit@3 0.900, MRR 0.806; PostgreSQL: 0.871, 0.780 (its
# stemmer, stop words and ts_rank_cd order ties differently from FTS5's bm25).
FLOORS = {"sqlite": (0.88, 0.79), "postgresql": (0.84, 0.77)}


@pytest.fixture
def demo(app, repository_content, runner):
    app.config["CONTENT_DIR"] = str(repository_content)
    app.config["SITE_TODAY"] = DAY
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    return app


def test_the_right_page_is_among_the_first_three(demo, database):
    queries = read_queries(QUERIES)
    assert len(queries) >= 60
    with demo.test_request_context():
        found = measure(queries, result_urls)
    report = "\n".join(f"{q!r}: wanted {p}, got {u}" for q, p, u in found.misses)
    print(f"hit@3 {found.hit_at_3:.3f}, MRR {found.mrr:.3f}\n{report}")
    hit_at_3, mrr = FLOORS["sqlite" if database == "sqlite" else "postgresql"]
    assert found.hit_at_3 >= hit_at_3, report
    assert found.mrr >= mrr, report


def test_the_command_measures_a_file_of_queries(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    queries = tmp_path / "queries.tsv"
    queries.write_text("# two queries\nDSAR\t/faq/subject-access-requests\nzzqx\t/gdpr\n")
    assert main([str(queries)]) == 0
    printed = capsys.readouterr().out
    assert "2 queries: hit@3 0.500" in printed
    assert "miss: 'zzqx': wanted /gdpr; got nothing" in printed
