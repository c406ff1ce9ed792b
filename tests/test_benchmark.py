"""The benchmark command end to end, in its own SQLite files (never the test or main database)."""

import json

import pytest
from django.core.management import call_command

PAGES = {"journey map", "projector view", "scoring page", "action plan", "my improvements",
         "API list of improvements", "API emotion curve"}
MAX_LENGTH_PAGES = {"room", "journey map", "projector view", "review", "action plan", "improvement page", "team page"}


def _run(tmp_path, scale, **options):
    output = tmp_path / f"result-{scale}.json"
    call_command("benchmark", scale=scale, repeat=1, pdf_repeat=1, json=str(output),
                 database_url=f"sqlite:///{tmp_path / f'bench-{scale}.sqlite3'}", **options)
    return json.loads(output.read_text())


def test_benchmark_reports_every_page_and_query_counts_do_not_grow_with_the_site(tmp_path):
    small, large = _run(tmp_path, 0.001, profile=str(tmp_path / "profiles")), _run(tmp_path, 0.004)

    for result in (small, large):
        assert {page["page"] for page in result["pages"]} == PAGES
        view_ms, page_ms = result["trivial view"]["median_ms"], result["trivial page"]["median_ms"]
        assert view_ms > 0 and page_ms > 0
        # Each page's two ratios are its median against the trivial view and against the trivial page. Which of
        # the two yardsticks is quicker is a measurement (the benchmark command's), not something a test asserts:
        # on a loaded machine either can come out ahead.
        for page in result["pages"]:
            assert page["median_ms"] > 0 and page["queries"] > 0
            assert page["ratio"] == pytest.approx(page["median_ms"] / view_ms, rel=0.05, abs=0.02)
            assert page["ratio_to_page"] == pytest.approx(page["median_ms"] / page_ms, rel=0.05, abs=0.02)
        assert result["pdf"]["seconds"] > 0 and result["pdf"]["bytes"] > 10_000
        assert result["pdf_download"]["seconds"] > 0
        assert result["sweep"]["emails"] > 0 and result["sweep"]["queries"] > 0
        # The max-length workshop: its pages and its PDF, timed (no goal).
        assert {page["page"] for page in result["max_length"]["pages"]} == MAX_LENGTH_PAGES
        assert all(page["median_ms"] > 0 and page["queries"] > 0 for page in result["max_length"]["pages"])
        assert result["max_length"]["pdf"]["seconds"] > 0 and result["max_length"]["pdf"]["bytes"] > 10_000
    # the site, plus the large, the small and the max-length workshop's teams
    assert (small["teams"], large["teams"]) == (1 + 3, 4 + 3)
    assert large["sweep"]["improvements"] - small["sweep"]["improvements"] == 300
    assert {page["page"]: page["queries"] for page in small["pages"]} == \
        {page["page"]: page["queries"] for page in large["pages"]}
    assert small["pdf_download"]["queries"] == large["pdf_download"]["queries"]

    # --profile: one pyinstrument profile per page (and the PDF), naming the view that answered
    profiles = tmp_path / "profiles"
    for page in PAGES:
        stem = profiles / page.replace(" ", "-")
        assert stem.with_suffix(".html").stat().st_size > 1000
        assert "_get" in stem.with_suffix(".txt").read_text()
    assert "journey_map_page" in (profiles / "journey-map.txt").read_text()
    assert "workshop_report_pdf" in (profiles / "pdf-report.txt").read_text()
