"""``manage.py benchmark [--json FILE] [--scale 1.0] [--keep]``: the reference benchmark (see
config/tooling/benchmark.py).

The measuring runs in a child process of this command whose DATABASE_URL is the benchmark database —
BENCHMARK_DATABASE_URL, or the SQLite file var/benchmark.sqlite3 — with a local-memory cache and email
backend. Every query of the child goes there by construction, so the main database is never touched.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.tooling import benchmark

CHILD_MARKER = "KLANTREIS_BENCHMARK_CHILD"


def default_database_url():
    return os.environ.get("BENCHMARK_DATABASE_URL") or f"sqlite:///{settings.VAR_DIR / 'benchmark.sqlite3'}"


class Command(BaseCommand):
    help = "Build the reference data set in a separate database and time the pages, the PDF and the reminder sweep."

    def add_arguments(self, parser):
        parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
        parser.add_argument("--scale", type=float, default=1.0,
                            help="fraction of the site size (1000 teams, 100,000 improvements); default 1.0")
        parser.add_argument("--keep", action="store_true", help="reuse the data set already built, if any")
        parser.add_argument("--repeat", type=int, default=15, help="timed requests per page (after 2 warm-ups)")
        parser.add_argument("--pdf-repeat", type=int, default=3, help="timed PDF renderings")
        parser.add_argument("--database-url", default=None,
                            help="the benchmark database (default BENCHMARK_DATABASE_URL or var/benchmark.sqlite3)")
        parser.add_argument("--profile", metavar="DIR",
                            help="also profile one request of each page with pyinstrument into DIR (.txt, .html)")
        parser.add_argument("--child", metavar="FILE", help="internal: measure in this process, write to FILE")

    def handle(self, *args, **options):
        if options["child"]:
            return self._child(options)
        database_url = options["database_url"] or default_database_url()
        if database_url == os.environ.get("DATABASE_URL"):
            raise CommandError("The benchmark database must not be the main database (DATABASE_URL).")
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "result.json"
            command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "benchmark", "--child", str(output),
                       "--scale", str(options["scale"]), "--repeat", str(options["repeat"]),
                       "--pdf-repeat", str(options["pdf_repeat"])] + (["--keep"] if options["keep"] else [])
            if options["profile"]:
                Path(options["profile"]).mkdir(parents=True, exist_ok=True)
                command += ["--profile", str(Path(options["profile"]).resolve())]
            environment = {**os.environ, CHILD_MARKER: database_url, "DATABASE_URL": database_url,
                           "CACHE_URL": "locmemcache://", "EMAIL_URL": "memorymail://",
                           # measured as in production: DEBUG off (no query log, no debug pages)
                           "DEBUG": "false", "SECRET_KEY": settings.SECRET_KEY}
            self.stdout.write(f"Benchmark database: {_without_password(database_url)} (scale {options['scale']})")
            finished = subprocess.run(command, env=environment, cwd=settings.BASE_DIR, check=False)
            if finished.returncode:
                raise CommandError(f"The benchmark run failed (exit status {finished.returncode}).")
            result = json.loads(output.read_text())
        self.stdout.write(table(result))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(result, indent=2) + "\n")
            self.stdout.write(f"JSON written to {options['json']}")

    def _child(self, options):
        # Only when started by the command above: its DATABASE_URL is then the benchmark database.
        if os.environ.get(CHILD_MARKER) != os.environ.get("DATABASE_URL") or not os.environ.get(CHILD_MARKER):
            raise CommandError("--child is internal to the benchmark command.")
        result = benchmark.run(scale=options["scale"], keep=options["keep"], repeat=options["repeat"],
                               pdf_repeat=options["pdf_repeat"],
                               profile=Path(options["profile"]) if options["profile"] else None)
        Path(options["child"]).write_text(json.dumps(result))


def _without_password(url):
    scheme, _sep, rest = url.partition("://")
    if "@" in rest:
        credentials, _at, host = rest.rpartition("@")
        return f"{scheme}://{credentials.split(':')[0]}@{host}"
    return url


def _yes(flag):
    return "yes" if flag else "NO"


def table(result):
    baseline = result["trivial view"]
    lines = [
        f"Database {result['database']}, {result['teams']} teams, {result['sweep']['improvements']} improvements, "
        f"build {result['build_seconds']} s" if result["build_seconds"] is not None else
        f"Database {result['database']}, {result['teams']} teams (kept data set)",
        f"Trivial logged-in view: median {baseline['median_ms']} ms, {baseline['queries']} queries",
        f"Trivial page (the site's layout around one sentence): median {result['trivial page']['median_ms']} ms, "
        f"{result['trivial page']['queries']} queries",
        "",
        f"{'page':<26} {'median ms':>10} {'ratio':>6} {'× page':>7} {'queries':>8} {'small':>6}  goal met",
    ]
    for page in result["pages"]:
        lines.append(f"{page['page']:<26} {page['median_ms']:>10} {page['ratio']:>6} {page['ratio_to_page']:>7} "
                     f"{page['queries']:>8} {page['queries_small']:>6}  {_yes(page['goal_met'])}")
    pdf, download, sweep = result["pdf"], result["pdf_download"], result["sweep"]
    lines += [
        "",
        f"PDF report, large workshop, made (by the worker): {pdf['seconds']} s "
        f"(goal < {benchmark.PDF_GOAL_SECONDS} s): {_yes(pdf['goal_met'])}",
        f"PDF report, large workshop, downloaded once made and unchanged: {download['seconds']} s, "
        f"{download['queries']} queries (goal < {benchmark.PDF_GOAL_SECONDS} s): {_yes(download['goal_met'])}",
        f"Reminder sweep over {sweep['improvements']} improvements: {sweep['seconds']} s, {sweep['queries']} queries, "
        f"{sweep['emails']} emails (goal < {benchmark.SWEEP_GOAL_SECONDS} s): {_yes(sweep['goal_met'])}",
        f"Goals: each page ≤ {benchmark.RATIO_GOAL}× the trivial view ('ratio'), and the same query count on the "
        "large and the small workshop ('small'). '× page': the time over the trivial page's, for comparison.",
        "",
        "Max-length workshop (every text at its maximum, one unbroken word):",
    ]
    max_length = result["max_length"]
    for page in max_length["pages"]:
        lines.append(f"  {page['page']:<24} {page['median_ms']:>10} ms {page['queries']:>4} queries")
    lines.append(f"  PDF report, made: {max_length['pdf']['seconds']} s")
    return "\n".join(lines)
