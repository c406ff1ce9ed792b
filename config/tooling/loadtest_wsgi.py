"""What gunicorn serves in the load test, and the static files settings it shares with the setup step.

gunicorn imports this module before Django is set up, so it imports no models (``config.tooling.loadtest``, which
does, is never imported by gunicorn).
"""

import os
from pathlib import Path

from django.conf import settings

STATIC_ROOT_VARIABLE = "LOADTEST_STATIC_ROOT"


def static_settings(root):
    """Production's static files storage is the compressed manifest one: collecting into it compresses every
    file (about a minute here). The load test collects into a temporary folder with the plain manifest storage
    instead — the same hashed URLs in the pages, without the .gz copies no participant asks for."""
    return {
        "STATIC_ROOT": Path(root),
        "STORAGES": {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}},
    }


def wsgi_application():
    """What gunicorn serves in the load test (``config.tooling.loadtest_wsgi:wsgi_application()``): config.wsgi's
    application, with the static files of the run's temporary folder."""
    for name, value in static_settings(os.environ[STATIC_ROOT_VARIABLE]).items():
        setattr(settings, name, value)
    # Imported here, not at the top: config.wsgi builds the application as it is imported, which must happen
    # after the settings above are changed.
    from config.wsgi import application

    return application

