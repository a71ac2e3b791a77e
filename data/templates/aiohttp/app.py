"""Versus bundled template: aiohttp's own server, under gunicorn's aiohttp worker.

Serves the scenarios of ../README.md with the bytes of ../parity.json; the work
behind them is shared with the other templates (versus_scenarios.py).

Run:  python3 -m gunicorn --bind 0.0.0.0:8000 --workers 1 \
        --worker-class aiohttp.GunicornWebWorker app:app
 or:  PORT=8000 python3 app.py        (one process, aiohttp's run_app)
Works with aiohttp 3.8 / gunicorn 20.1 (Debian 12) and with current releases.
"""

import asyncio
import os
import sys

import aiohttp
from aiohttp import web

try:
    import versus_scenarios as s
except ImportError:  # run by hand from the source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "python"))
    import versus_scenarios as s


def send(value, status: int = 200) -> web.Response:
    return web.Response(body=s.dumps(value), status=status, content_type="application/json")


def param(request: web.Request, name: str):
    values = request.query.getall(name, [])
    return values[-1] if values else None


@web.middleware
async def errors_as_json(request: web.Request, handler):
    try:
        return await handler(request)
    except web.HTTPException as error:
        messages = {404: "not found", 405: "method not allowed", 413: "body too large"}
        if error.status in messages:
            return send({"error": messages[error.status]}, error.status)
        raise


async def hello(request):
    return web.Response(text="Hello World!", content_type="text/plain")


async def hello_json(request):
    return send({"message": "Hello, World!"})


async def io_wait(request):
    wait = s.int_param(param(request, "ms"), 10, 0, 60000)
    if wait is None:
        return send({"error": "ms must be an integer"}, 400)
    await asyncio.sleep(wait / 1000.0)
    return send({"waited_ms": wait})


# on the event loop on purpose, as in Node and the other async templates
async def cpu(request):
    count = s.int_param(param(request, "n"), 10000, 1, 10000000)
    if count is None:
        return send({"error": "n must be an integer"}, 400)
    return send({"n": count, "result": s.cpu_work(count)})


async def numeric(request):
    size = s.int_param(param(request, "n"), 100, 1, 500)
    if size is None:
        return send({"error": "n must be an integer"}, 400)
    return send(s.numeric_work(size))


async def payload(request):
    size = s.int_param(param(request, "kb"), 100, 1, 10240)
    if size is None:
        return send({"error": "kb must be an integer"}, 400)
    return send(s.document_of(size))


async def echo(request):
    status, value = s.echo_result(await request.read())
    return send(value, status)


async def upload(request):
    status, value = s.upload_result(await request.read())
    return send(value, status)


async def health(request):
    return send({"status": "ok"})


async def about(request):
    server = "gunicorn (aiohttp worker)" if "gunicorn" in sys.modules else "aiohttp"
    version = sys.modules["gunicorn"].__version__ if "gunicorn" in sys.modules else aiohttp.__version__
    return send(s.about("aiohttp", aiohttp.__version__, server, version))


def make_app() -> web.Application:
    application = web.Application(middlewares=[errors_as_json], client_max_size=s.MAX_UPLOAD)
    for path, handler in (("/", hello), ("/json", hello_json), ("/io", io_wait), ("/cpu", cpu),
                          ("/numeric", numeric), ("/payload", payload), ("/health", health),
                          ("/about", about)):
        application.router.add_get(path, handler)
    application.router.add_post("/echo", echo)
    application.router.add_post("/upload", upload)
    return application


app = make_app()

if __name__ == "__main__":
    web.run_app(app, host=os.environ.get("HOST", "0.0.0.0"), port=int(os.environ.get("PORT", "8000")),
                access_log=None, print=None)
