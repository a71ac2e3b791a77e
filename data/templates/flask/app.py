"""Versus bundled template: Flask under gunicorn (sync workers).

Serves the scenarios of ../README.md with the bytes of ../parity.json; the work
behind them is shared with the other templates (versus_scenarios.py).

Run:  python3 -m gunicorn --bind 0.0.0.0:8000 --workers 1 app:app
Works with Flask 2.2 / gunicorn 20.1 (Debian 12) and with current releases.
A sync worker serves one request at a time: /io blocks its worker for the wait,
which is what this worker model does; more workers serve more at once.
"""

import os
import sys
import time

import flask
import gunicorn
from flask import Flask, Response, request

try:
    import versus_scenarios as s
except ImportError:  # run by hand from the source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "python"))
    import versus_scenarios as s

app = Flask(__name__)
app.config["MAX_CONTENT_LENGTH"] = s.MAX_UPLOAD


def send(value, status: int = 200) -> Response:
    return Response(s.dumps(value), status=status, mimetype="application/json")


def param(name: str):
    values = request.args.getlist(name)
    return values[-1] if values else None


def route(path: str, method: str = "GET"):
    # no automatic OPTIONS answer: another method on a known path is a 405 everywhere
    return app.route(path, methods=[method], provide_automatic_options=False)


@app.errorhandler(404)
def not_found(error):
    return send({"error": "not found"}, 404)


@app.errorhandler(405)
def not_allowed(error):
    return send({"error": "method not allowed"}, 405)


@app.errorhandler(413)
def too_large(error):
    return send({"error": "body too large"}, 413)


@route("/")
def hello():
    return Response("Hello World!", mimetype="text/plain")


@route("/json")
def hello_json():
    return send({"message": "Hello, World!"})


@route("/io")
def io_wait():
    wait = s.int_param(param("ms"), 10, 0, 60000)
    if wait is None:
        return send({"error": "ms must be an integer"}, 400)
    time.sleep(wait / 1000.0)
    return send({"waited_ms": wait})


@route("/cpu")
def cpu():
    count = s.int_param(param("n"), 10000, 1, 10000000)
    if count is None:
        return send({"error": "n must be an integer"}, 400)
    return send({"n": count, "result": s.cpu_work(count)})


@route("/numeric")
def numeric():
    size = s.int_param(param("n"), 100, 1, 500)
    if size is None:
        return send({"error": "n must be an integer"}, 400)
    return send(s.numeric_work(size))


@route("/payload")
def payload():
    size = s.int_param(param("kb"), 100, 1, 10240)
    if size is None:
        return send({"error": "kb must be an integer"}, 400)
    return send(s.document_of(size))


@route("/echo", "POST")
def echo():
    status, value = s.echo_result(request.get_data(cache=False))
    return send(value, status)


@route("/upload", "POST")
def upload():
    status, value = s.upload_result(request.get_data(cache=False))
    return send(value, status)


@route("/health")
def health():
    return send({"status": "ok"})


@route("/about")
def about():
    return send(s.about("Flask", flask.__version__, "gunicorn (sync)", gunicorn.__version__))
