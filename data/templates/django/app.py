"""Versus bundled template: Django under gunicorn (sync workers), in one file.

Serves the scenarios of ../README.md with the bytes of ../parity.json; the work
behind them is shared with the other templates (versus_scenarios.py).

Run:  python3 -m gunicorn --bind 0.0.0.0:8000 --workers 1 app:application
Works with Django 3.2 / gunicorn 20.1 (Debian 12) and with current releases.
No database, no sessions, no middleware: the request/response cycle, the URL
resolver and the views are what is measured. A sync worker serves one request
at a time: /io blocks its worker for the wait.
"""

import os
import sys
import time

import django
import gunicorn
from django.conf import settings
from django.http import HttpResponse
from django.urls import path as url

try:
    import versus_scenarios as s
except ImportError:  # run by hand from the source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "python"))
    import versus_scenarios as s

settings.configure(
    DEBUG=False,
    SECRET_KEY="versus-template-not-secret",  # no sessions, cookies or signing
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_TZ=True,
    DATA_UPLOAD_MAX_MEMORY_SIZE=None,  # the views check sizes, as every template
)


def send(value, status: int = 200) -> HttpResponse:
    return HttpResponse(s.dumps(value), status=status, content_type="application/json")


def allow(method: str):
    """The view answers @method (and HEAD with GET); another one is a 405."""
    def wrap(view):
        def checked(request):
            if request.method != method and not (method == "GET" and request.method == "HEAD"):
                return send({"error": "method not allowed"}, 405)
            return view(request)
        return checked
    return wrap


def param(request, name: str):
    values = request.GET.getlist(name)
    return values[-1] if values else None


@allow("GET")
def hello(request):
    return HttpResponse("Hello World!", content_type="text/plain; charset=utf-8")


@allow("GET")
def hello_json(request):
    return send({"message": "Hello, World!"})


@allow("GET")
def io_wait(request):
    wait = s.int_param(param(request, "ms"), 10, 0, 60000)
    if wait is None:
        return send({"error": "ms must be an integer"}, 400)
    time.sleep(wait / 1000.0)
    return send({"waited_ms": wait})


@allow("GET")
def cpu(request):
    count = s.int_param(param(request, "n"), 10000, 1, 10000000)
    if count is None:
        return send({"error": "n must be an integer"}, 400)
    return send({"n": count, "result": s.cpu_work(count)})


@allow("GET")
def numeric(request):
    size = s.int_param(param(request, "n"), 100, 1, 500)
    if size is None:
        return send({"error": "n must be an integer"}, 400)
    return send(s.numeric_work(size))


@allow("GET")
def payload(request):
    size = s.int_param(param(request, "kb"), 100, 1, 10240)
    if size is None:
        return send({"error": "kb must be an integer"}, 400)
    return send(s.document_of(size))


def _body(request, limit: int):
    """The body, or None when it is longer than @limit (read no further)."""
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > limit:
        return None
    return request.body


@allow("POST")
def echo(request):
    body = _body(request, s.MAX_ECHO)
    status, value = (413, {"error": "body too large"}) if body is None else s.echo_result(body)
    return send(value, status)


@allow("POST")
def upload(request):
    body = _body(request, s.MAX_UPLOAD)
    status, value = (413, {"error": "body too large"}) if body is None else s.upload_result(body)
    return send(value, status)


@allow("GET")
def health(request):
    return send({"status": "ok"})


@allow("GET")
def about(request):
    version = django.get_version()
    return send(s.about("Django", version, "gunicorn (sync)", gunicorn.__version__))


def not_found(request, exception=None):
    return send({"error": "not found"}, 404)


urlpatterns = [
    url("", hello),
    url("json", hello_json),
    url("io", io_wait),
    url("cpu", cpu),
    url("numeric", numeric),
    url("payload", payload),
    url("echo", echo),
    url("upload", upload),
    url("health", health),
    url("about", about),
]
handler404 = not_found

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402  (after settings)

application = get_wsgi_application()
