"""gunicorn settings for production: `gunicorn -c deploy/gunicorn.conf.py wsgi:app`.

Sized for the 2-core machines the service runs on; override any of them with the
GUNICORN_CMD_ARGS environment variable.
"""

import multiprocessing
import os

bind = os.environ.get("HOUSING_BIND", "127.0.0.1:8000")
#: Two workers a core: requests mostly wait on PostgreSQL.
workers = int(os.environ.get("HOUSING_WORKERS", multiprocessing.cpu_count() * 2))
#: Threads let a worker serve a page while another request waits on the database.
threads = int(os.environ.get("HOUSING_THREADS", 4))
#: A round preview runs in the scheduler, not in a request; nothing here should take long.
timeout = 60
graceful_timeout = 30
#: Restart workers now and then, so a slow leak can never grow without bound.
max_requests = 2000
max_requests_jitter = 200
#: nginx in front sets X-Forwarded-For and X-Forwarded-Proto; trust only it.
forwarded_allow_ips = "127.0.0.1"
#: The app logs JSON lines to stderr (housing/logs.py); gunicorn's own access log is off
#: because the app's request line already carries the status, the time and the request id.
accesslog = None
errorlog = "-"
loglevel = "info"
#: Load the app once in the master: workers start faster and share read-only memory.
preload_app = True
