"""``manage.py loadtest [--url URL] [--participants 50] [--projectors 5] [--seconds 60] [--json FILE]``: the bounded
load test.

Without ``--url``: gunicorn + PostgreSQL + Redis under locust, on the loopback only, for a fixed time; then every
score the server confirmed is looked up in the database. See config/tooling/loadtest.py for the steps. The load-test
database (LOADTEST_DATABASE_URL) is dropped and created on every run; setting it up and checking it happen in
child processes of this command whose DATABASE_URL is that database, so the main database is never touched.

With ``--url``: the same users and checks against a server that is already running there (any database — the
embedded SQLite one of bin/run too), with the workshop built in this command's own database, which must be the
server's; what it built is removed afterwards.

Exits non-zero when a request failed or a score was lost.
"""

import json
import os
import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from config.tooling import loadtest, loadtest_report


def _positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _interrupted(signum, frame):
    # SIGTERM as Ctrl-C: unwinds through the finally blocks that stop gunicorn and locust.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = ("Load-test Klantreis with locust (participants scoring, projectors refreshing): gunicorn + PostgreSQL + "
            "Redis of its own, or with --url a server that is already running.")

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=_positive, default=50, help="guests scoring (default 50)")
        parser.add_argument("--projectors", type=_positive, default=5, help="projector views polling (default 5)")
        parser.add_argument("--seconds", type=_positive, default=60, help="how long locust runs (default 60)")
        parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
        parser.add_argument("--url", default=None,
                            help="load-test the server already running at URL (e.g. http://127.0.0.1:8000, as "
                                 "bin/run starts it), which uses this command's database (DATABASE_URL)")
        parser.add_argument("--database-url", default=None,
                            help=f"the load-test database, dropped and created (default LOADTEST_DATABASE_URL or "
                                 f"{loadtest.DEFAULT_DATABASE_URL})")
        parser.add_argument("--redis-url", default=None,
                            help=f"the Redis database for cache and broker (default LOADTEST_REDIS_URL or "
                                 f"{loadtest.DEFAULT_REDIS_URL})")
        parser.add_argument("--child", choices=["setup", "verify"], help="internal: one step in the child process")
        parser.add_argument("--child-folder", help="internal: the run's temporary folder")

    def handle(self, *args, **options):
        if options["child"]:
            return self._child(options["child"], Path(options["child_folder"]))
        sizes = {name: options[name] for name in ("participants", "projectors", "seconds")}
        if options["url"]:
            if options["database_url"] or options["redis_url"]:
                raise CommandError("--url runs against a server that is already running, on its own database: "
                                   "--database-url and --redis-url are for a run on a server of the command's own.")
            if not options["url"].startswith(("http://", "https://")):
                raise CommandError(f"--url: an http:// or https:// address, not {options['url']!r}.")
        else:
            database_url = options["database_url"] or os.environ.get("LOADTEST_DATABASE_URL") \
                or loadtest.DEFAULT_DATABASE_URL
            redis_url = options["redis_url"] or os.environ.get("LOADTEST_REDIS_URL") or loadtest.DEFAULT_REDIS_URL
        previous = signal.signal(signal.SIGTERM, _interrupted)
        try:
            if options["url"]:
                result = loadtest.run_against(url=options["url"], write=self.stdout.write, **sizes)
            else:
                result = loadtest.run(database_url=database_url, redis_url=redis_url, write=self.stdout.write,
                                      **sizes)
        except loadtest.LoadTestError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted; gunicorn and locust are stopped.") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(loadtest_report.table(result))
        if options["json"]:
            Path(options["json"]).write_text(json.dumps(result, indent=2) + "\n")
            self.stdout.write(f"JSON written to {options['json']}")
        if not result["ok"]:
            raise CommandError("The load test failed: " + "; ".join(result["problems"]))

    def _child(self, phase, folder):
        # Only when started by the command above: its DATABASE_URL is then the load-test database.
        if not os.environ.get(loadtest.CHILD_MARKER) or \
                os.environ.get(loadtest.CHILD_MARKER) != os.environ.get("DATABASE_URL"):
            raise CommandError("--child is internal to the loadtest command.")
        if phase == "setup":
            result = loadtest.setup(static_root=folder / "static", password=os.environ["LOADTEST_PASSWORD"])
        else:
            output = json.loads((folder / "locust.json").read_text())
            result = loadtest.verify(workshop_id=output["workshop"], locust_output=output)
        (folder / f"{phase}.json").write_text(json.dumps(result))
