"""bin/run as a new user starts it: the demo logins are printed once, and the web server's logs (its own and the
access log) and the worker's log are all in the configured TIME_ZONE, whatever the machine's own time zone."""

import hashlib
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
import uuid
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from config.tooling import loadtest

BASE_DIR = Path(settings.BASE_DIR)
ZONE = "Asia/Kathmandu"  # +05:45 all year: no machine, and no default, is in it by accident


def _setup_would_install():
    """bin/setup installs requirements.txt when its stamp in .venv differs: not something a test may do."""
    stamp = BASE_DIR / ".venv" / ".requirements.sha256"
    want = hashlib.sha256((BASE_DIR / "requirements.txt").read_bytes()).hexdigest()
    return not stamp.exists() or stamp.read_text().strip() != want


@pytest.fixture
def bin_run(tmp_path):
    """bin/run on a free port with a database, cache and Celery queue of its own, the machine in UTC and
    TIME_ZONE=Asia/Kathmandu. Yields (url, process, a function giving its output so far); stopped as Ctrl-C would."""
    if _setup_would_install():
        pytest.skip("bin/setup would install requirements.txt into .venv first")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    dropped = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG", "SITE_URL", "DATABASE_URL",
               "CACHE_URL", "CELERY_BROKER_URL", "EMAIL_URL", "INSTANCE_NAME"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update({"HOST": "127.0.0.1", "PORT": str(port), "TZ": "UTC", "TIME_ZONE": ZONE,
                "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
                "CACHE_URL": f"filecache:///{tmp_path / 'cache'}",
                # the filesystem broker's folder under var/ is shared with any bin/run of this checkout: a queue
                # of its own keeps its worker away from theirs
                "INSTANCE_NAME": f"bin-run-test-{uuid.uuid4().hex[:8]}"})
    log_path = tmp_path / "bin-run.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(BASE_DIR / "bin" / "run")], cwd=BASE_DIR, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield f"http://127.0.0.1:{port}", process, (lambda: log_path.read_text(errors="replace"))
    finally:
        os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends to the terminal's foreground group
        try:
            process.wait(timeout=60)
        finally:
            loadtest.stop(process)


def _wait_for(condition, output, process, timeout=180):
    deadline = time.monotonic() + timeout
    while not condition(output()):
        assert process.poll() is None, f"bin/run stopped:\n{output()}"
        assert time.monotonic() < deadline, f"bin/run did not get there within {timeout} s:\n{output()}"
        time.sleep(0.5)


def test_bin_run_prints_the_demo_logins_once_and_logs_in_the_configured_time_zone(bin_run):
    url, process, output = bin_run
    _wait_for(lambda text: "Press Ctrl-C to stop." in text and " ready." in text and "Listening at" in text,
              output, process)
    with urllib.request.urlopen(f"{url}/join/", timeout=30) as response:
        assert response.status == 200
    _wait_for(lambda text: '"GET /join/ HTTP/1.1" 200' in text, output, process, timeout=30)
    text = output()

    assert text.count("eigenaar@demo.klantreis.nl") == 1, text
    assert "AXES: BEGIN" not in text

    zone = ZoneInfo(ZONE)
    now = datetime.now(zone)
    gunicorn = re.findall(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) ([+-]\d{4})\] \[\d+\] \[INFO\]", text, re.M)
    access = re.findall(r'\[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d) ([+-]\d{4})\] "GET /join/', text)
    celery = re.findall(r"^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+: \w+/", text, re.M)
    assert gunicorn and access and celery, text
    assert {offset for _time, offset in gunicorn + access} == {"+0545"}, text
    # the worker's lines carry no offset: their clock must be Kathmandu's, not the machine's UTC
    for stamp in celery:
        logged = datetime.strptime(stamp, "%Y-%m-%d %H:%M:%S").replace(tzinfo=zone)
        assert abs(logged - now) < timedelta(minutes=5), (stamp, now)
