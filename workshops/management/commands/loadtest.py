"""``manage.py loadtest [--participants 50] [--projectors 5] [--seconds 60] [--json FILE]``: the bounded load test.

gunicorn + PostgreSQL + Redis under locust, on the loopback only, for a fixed time; then every score the server
confirmed is looked up in the database. See workshops/loadtest.py for the steps. The load-test database
(LOADTEST_DATABASE_URL) is dropped and created on every run; setting it up and checking it happen in child
processes of this command whose DATABASE_URL is that database, so the main database is never touched.
Exits non-zero when a request failed or a score was lost.
"""

import json
import os
import signal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from workshops import loadtest


def _positive(value):
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _interrupted(signum, frame):
    # SIGTERM as Ctrl-C: unwinds through the finally blocks that stop gunicorn and locust.
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Load-test gunicorn + PostgreSQL + Redis with locust: participants scoring, projectors refreshing."

    def add_arguments(self, parser):
        parser.add_argument("--participants", type=_positive, default=50, help="guests scoring (default 50)")
        parser.add_argument("--projectors", type=_positive, default=5, help="projector views polling (default 5)")
        parser.add_argument("--seconds", type=_positive, default=60, help="how long locust runs (default 60)")
        parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE as JSON")
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
        database_url = options["database_url"] or os.environ.get("LOADTEST_DATABASE_URL") \
            or loadtest.DEFAULT_DATABASE_URL
        redis_url = options["redis_url"] or os.environ.get("LOADTEST_REDIS_URL") or loadtest.DEFAULT_REDIS_URL
        previous = signal.signal(signal.SIGTERM, _interrupted)
        try:
            result = loadtest.run(participants=options["participants"], projectors=options["projectors"],
                                  seconds=options["seconds"], database_url=database_url, redis_url=redis_url,
                                  write=self.stdout.write)
        except loadtest.LoadTestError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError("Interrupted; gunicorn and locust are stopped.") from None
        finally:
            signal.signal(signal.SIGTERM, previous)
        self.stdout.write(loadtest.table(result))
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
