"""The WSGI entry point for gunicorn: gunicorn wsgi:app."""

from faq_site import create_app

app = create_app()
