"""gunicorn's settings for production. gunicorn reads this file from the working directory:

    gunicorn wsgi:app

What differs between hosts comes from the environment:

    GUNICORN_BIND         address to listen on [127.0.0.1:8000]; a comma-separated list for several;
                          behind a proxy, keep it on loopback or unix:PATH (when_ready warns)
    GUNICORN_WORKERS      worker processes [WEB_CONCURRENCY, else 2 x cores + 1]
    GUNICORN_TIMEOUT      seconds a request may take before its worker is replaced [30]
    GUNICORN_PRELOAD      1 to load the app once in the master before forking [0]; see below
    GUNICORN_ACCESS_LOG   where the access log goes ['-', standard output]; empty for none
    GUNICORN_MAX_REQUESTS replace a worker after this many requests [0: never]
    GUNICORN_CONTROL_SOCKET  path of gunicorn's control socket (gunicornc) [none: no socket]

The site's own settings (FLASK_SECRET_KEY, DATABASE_URL, FLASK_SITE_URL, ...) are read by the
app, not here: see README.md and docs/deploy.md.
"""

from __future__ import annotations

import ipaddress
import os
import socket

from gunicorn.glogging import Logger


def _number(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]

# Sync workers: one request at a time per process. The site does short, CPU-bound work (a few
# queries, a template) and keeps no connection open, so threads or async buy nothing; slow
# clients are the proxy's job, which must buffer requests and responses (nginx does by default).
# 2 x cores + 1 leaves work for a core while another worker waits on PostgreSQL across the
# network; bench/RESULTS.md gives requests/s and memory per worker to size it on your hosts.
worker_class = "sync"
workers = _number("GUNICORN_WORKERS", _number("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1))

# Longer than the mail server's own timeout (FLASK_MAIL_TIMEOUT, 10 s), so a stalled mail server
# fails a send, not the worker. graceful_timeout lets requests in flight finish on a restart.
timeout = _number("GUNICORN_TIMEOUT", 30)
graceful_timeout = 30
# Only used by non-sync workers; sync workers close each connection after its response.
keepalive = 2
max_requests = _number("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = max_requests // 10

# Trust in proxies is decided in one place: the app's ProxyFix, set by FLASK_TRUSTED_PROXIES (the
# number of proxies in front; see faq_site/__init__.py and config.py). gunicorn itself trusts no
# X-Forwarded-* header from anyone, so it can never disagree with the app about which client
# address or scheme is real.
forwarded_allow_ips = ""


def when_ready(server) -> None:
    """Warn, in one line, when the app trusts X-Forwarded-For from a proxy but gunicorn listens
    where clients can reach it without that proxy: any of them could then name its own address
    and escape the rate limits. Behind a proxy, bind to loopback or a unix socket."""
    hops = os.environ.get("FLASK_TRUSTED_PROXIES", "").strip()
    if hops in {"", "0", "null", "false"}:
        return
    exposed = [address for address in map(_listening, server.LISTENERS) if address]
    if exposed:
        server.log.warning(
            "FLASK_TRUSTED_PROXIES is %s but gunicorn listens on %s, not only on loopback: a "
            "client reaching it directly can forge X-Forwarded-For and escape the rate limits; "
            "bind to 127.0.0.1 or a unix socket behind the proxy (GUNICORN_BIND)",
            hops,
            ", ".join(exposed),
        )


def _listening(listener) -> str | None:
    """A listening socket's address when clients on other machines can reach it, else None."""
    if listener.family not in (socket.AF_INET, socket.AF_INET6):
        return None
    host, port = listener.getsockname()[:2]
    address = ipaddress.ip_address(host.split("%", 1)[0])
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return None
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


# Preloading imports the app once in the master and forks the workers from it: workers start
# faster, share the imported code's memory until they touch it, and an app that cannot start
# stops gunicorn at once instead of looping on dying workers. The price: a HUP no longer reloads
# the code (deploy with a full restart), and anything the app opened before the fork would be
# shared by every worker. The factory opens nothing, and post_fork below drops any database
# connection all the same. Off by default, so that a HUP reloads the code.
preload_app = os.environ.get("GUNICORN_PRELOAD", "0").strip().lower() in {"1", "true", "yes"}


def post_fork(server, worker) -> None:
    app = getattr(server.app, "callable", None)
    if app is None:
        return
    from faq_site.extensions import db

    with app.app_context():
        for engine in db.engines.values():
            engine.dispose(close=False)


# It is a privacy site, so the access log holds what running it needs and nothing about who
# asked what: no client address (rate limits count addresses in their own store and forget
# them; abuse is seen at the load balancer), no query string (searches and /ask?q= carry a
# visitor's own words), no referrer or user agent, and the private tokens in status and
# confirmation links are replaced by a placeholder: anyone who reads the log could otherwise
# open a visitor's question or access request.
SAFE_ATOMS = ("t", "m", "U", "s", "B", "b", "M", "D", "L", "T", "H", "p")


class PrivacyLogger(Logger):
    """gunicorn's logger, with the access log's fields limited to those above, and every line of
    both logs (a worker's crash report names the path it was serving) redacted."""

    def setup(self, cfg) -> None:
        super().setup(cfg)
        from faq_site.logs import redact_logs

        redact_logs(self.error_log, self.access_log)

    def atoms(self, resp, req, environ, request_time):
        from faq_site.logs import redact

        every = super().atoms(resp, req, environ, request_time)
        kept = {name: every[name] for name in SAFE_ATOMS}
        kept["U"] = redact(kept["U"] or "")
        return kept


logger_class = PrivacyLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
errorlog = "-"

# gunicorn 25 and later open a control socket in the user's home unless told otherwise: several
# servers on one host would share one path, and an open door is not needed to run the site.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
loglevel = "info"
proc_name = "faq-site"
