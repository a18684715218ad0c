"""faq-site: a company's public answers about GDPR."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from typing import Any

import click
from flask import Flask
from flask.logging import default_handler
from flask_babel import get_locale
from markupsafe import Markup, escape
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config
from .hosts import HostGuard
from .logs import redact_logs
from .urls import absolute


class Site(Flask):
    """The Flask app. While `flask export-static` writes the reading side as plain files, every
    link to a page that is not in the copy (the forms, search, anything with a query) points at
    the live site instead."""

    def url_for(self, endpoint: str, /, **values: Any) -> str:
        url = super().url_for(endpoint, **values)
        if self.config.get("STATIC_EXPORT"):
            from .export import in_static_copy

            if not in_static_copy(endpoint, url):
                return absolute(url)
        return url


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints, commands, error pages, headers."""
    app = Site(
        __name__,
        instance_path=os.environ.get("FLASK_INSTANCE_PATH") or None,
        instance_relative_config=True,
        static_folder=str(config.PROJECT_ROOT / "static"),
    )
    app.config.from_object(config.Defaults)
    app.config.from_prefixed_env()
    if test_config is not None:
        app.config.from_mapping(test_config)
    try:
        config.finish(app.config, app.instance_path)
    except config.SettingMissing as missing:
        # From the command line (flask ...), the reason in one line, not a traceback.
        if click.get_current_context(silent=True) is not None:
            raise click.ClickException(str(missing)) from None
        raise
    redact_logs(app.logger)

    if app.config["PAGE_CACHE_BYTES"]:
        from .page_cache import PageCache

        cache = PageCache(app, app.wsgi_app, int(app.config["PAGE_CACHE_BYTES"]))
        app.extensions["page_cache"] = cache
        app.wsgi_app = cache  # type: ignore[method-assign]
    # Outside the page cache, which must never hold a page per made-up host name.
    app.wsgi_app = HostGuard(app, app.wsgi_app)  # type: ignore[method-assign]
    # Outside the page cache, so that it sees the scheme and host the client used.
    if app.config["TRUSTED_PROXIES"]:
        hops = int(app.config["TRUSTED_PROXIES"])
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)  # type: ignore[method-assign]

    register_extensions(app)
    register_blueprints(app)
    from .cli import register_commands

    register_commands(app)
    register_errorhandlers(app)
    register_security_headers(app)
    return app


def register_extensions(app: Flask) -> None:
    from .access_requests.labels import (
        authority_label,
        authority_url,
        capacity_label,
        channel_label,
        condition_label,
        condition_name,
        event_label,
        jurisdiction_label,
        refusal_ground_label,
        request_status_label,
        right_asked,
        right_label,
    )
    from .access_requests.workflow import access_code, refused_tries
    from .admin.access import load_moderator
    from .database import configure_engine
    from .extensions import babel, csrf, db, limiter, login_manager, mail
    from .moderation import status_label
    from .names import moderator_words
    from .search import build_with_tables

    db.init_app(app)
    build_with_tables()
    configure_engine(app)
    csrf.init_app(app)
    babel.init_app(app)
    mail.init_app(app)
    limiter.init_app(app)
    log_beside_the_app(logging.getLogger("flask-limiter"))
    login_manager.init_app(app)
    login_manager.user_loader(load_moderator)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = None
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals["absolute"] = absolute
    app.jinja_env.globals.update(
        status_label=status_label,
        right_label=right_label,
        request_status_label=request_status_label,
        event_label=event_label,
        channel_label=channel_label,
        authority_label=authority_label,
        authority_url=authority_url,
        capacity_label=capacity_label,
        condition_label=condition_label,
        condition_name=condition_name,
        refusal_ground_label=refusal_ground_label,
        jurisdiction_label=jurisdiction_label,
        access_code=access_code,
        refused_tries=refused_tries,
        right_asked=right_asked,
        moderator_words=moderator_words,
    )
    app.jinja_env.filters["with_breaks"] = with_breaks
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def with_breaks(text: str | None) -> Markup:
    """Plain text for an HTML email: escaped, its line breaks kept as <br>, since mail programs
    do not all honour white-space: pre-wrap and would run a moderator's lines together."""
    if not text:
        return Markup("")
    lines = str(text).replace("\r\n", "\n").split("\n")
    return Markup("<br>\n").join(escape(line) for line in lines)


def log_beside_the_app(logger: logging.Logger) -> None:
    """Let a library's logger write where the app's does. Flask-Limiter gives its own only a
    NullHandler, so its warning that Redis is down and limits are counted in memory would
    reach no log under gunicorn, where nothing is configured at the root."""
    real = [handler for handler in logger.handlers if not isinstance(handler, logging.NullHandler)]
    if not real and not logging.getLogger().handlers:
        logger.addHandler(default_handler)
    redact_logs(logger)


def register_blueprints(app: Flask) -> None:
    from .access_requests.views import bp as access_requests
    from .admin.auth import bp as auth
    from .admin.exports import bp as exports
    from .admin.moderators import bp as moderators
    from .admin.objections import bp as objections_admin
    from .admin.requests import bp as requests_admin
    from .admin.subjects import bp as subjects
    from .admin.views import bp as admin
    from .complaints.views import bp as complaints
    from .inputs import IdConverter, refuse_nul_bytes
    from .notices.views import bp as notices
    from .objections.views import bp as objections
    from .public.converters import IsoDateConverter, SlugConverter
    from .public.machine import bp as machine
    from .public.search import bp as search
    from .public.views import bp as public
    from .questions.views import bp as questions

    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["isodate"] = IsoDateConverter
    app.url_map.converters["slug"] = SlugConverter
    app.before_request(refuse_nul_bytes)
    app.register_blueprint(public)
    app.register_blueprint(machine)
    app.register_blueprint(search)
    app.register_blueprint(questions)
    app.register_blueprint(access_requests)
    app.register_blueprint(complaints)
    app.register_blueprint(objections)
    app.register_blueprint(objections_admin)
    app.register_blueprint(notices)
    app.register_blueprint(auth)
    app.register_blueprint(admin)
    app.register_blueprint(moderators)
    app.register_blueprint(requests_admin)
    app.register_blueprint(subjects)
    app.register_blueprint(exports)


def register_errorhandlers(app: Flask) -> None:
    from .errors import register

    register(app)


def register_security_headers(app: Flask) -> None:
    from .security import add_security_headers

    app.after_request(add_security_headers)
