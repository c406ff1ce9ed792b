"""gunicorn's settings for Klantreis: ``gunicorn -c config/gunicorn.py config.wsgi`` (bin/run, production as the
README runs it).

Its logs — its own and the access log — in the configured TIME_ZONE, as the worker's are. Django sets the
process's time zone (TZ) when it loads its settings: the Celery worker and gunicorn's workers do, gunicorn's
master never did, so its lines were in the machine's time zone and the access log in TIME_ZONE.
"""

import os
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.conf import settings  # noqa: E402

os.environ["TZ"] = settings.TIME_ZONE
time.tzset()
