"""The WSGI entry point: `gunicorn wsgi:app`."""

from housing import create_app

app = create_app()
