import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
# Loaded here, not on a worker's first request (gunicorn --preload imports this module once, before forking):
# that request would wait for every URLconf and view module to import.
URL_PATTERNS = get_resolver().url_patterns
# The objects made at start-up live as long as the process: kept out of the collector's generations, they no
# longer make a worker's first full collections long pauses (0.5-0.6 s measured) while requests queue.
gc.freeze()
