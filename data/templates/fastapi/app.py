"""Versus bundled template: FastAPI under uvicorn.

Serves the scenarios of ../README.md with the bytes of ../parity.json; the work
behind them is shared with the other templates (versus_scenarios.py).

Run:  python3 -m uvicorn app:app --host 0.0.0.0 --port 8000 --loop asyncio --http h11 --no-access-log
 or:  PORT=8000 WORKERS=1 python3 app.py
(uvicorn's default "auto" picks uvloop and httptools when they are installed:
this template asks for asyncio and h11 so that it means the same everywhere.)
Works with FastAPI 0.92 / uvicorn 0.17 (Debian 12) and with current releases.
The fastapi-uvloop template runs this same file with uvloop and httptools.
"""

import asyncio
import os
import sys
from typing import Optional

import fastapi
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

try:
    import versus_scenarios as s
except ImportError:  # run by hand from the source tree
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "python"))
    import versus_scenarios as s

app = FastAPI(title="Versus FastAPI template", docs_url=None, redoc_url=None, openapi_url=None)


def get(path: str, **kwargs):
    """GET route that also answers HEAD, as Express does for app.get()."""
    return app.api_route(path, methods=["GET", "HEAD"], **kwargs)


def send(value, status: int = 200) -> Response:
    return Response(s.dumps(value), status_code=status, media_type="application/json")


def _server() -> str:
    """uvicorn's event loop and HTTP parser, as the running process has them."""
    loop = type(asyncio.get_event_loop()).__module__.split(".")[0]
    http = "httptools" if "uvicorn.protocols.http.httptools_impl" in sys.modules else "h11"
    return f"uvicorn ({'uvloop' if loop == 'uvloop' else 'asyncio'}, {http})"


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
    messages = {404: "not found", 405: "method not allowed"}
    return send({"error": messages.get(exc.status_code, str(exc.detail))}, exc.status_code)


@get("/", response_class=PlainTextResponse)
async def hello() -> str:
    return "Hello World!"


@get("/json")
async def hello_json():
    return send({"message": "Hello, World!"})


@get("/io")
async def io_wait(ms: Optional[str] = None):
    wait = s.int_param(ms, 10, 0, 60000)
    if wait is None:
        return send({"error": "ms must be an integer"}, 400)
    await asyncio.sleep(wait / 1000.0)
    return send({"waited_ms": wait})


# async def on purpose: like Node's event loop, the computation blocks the loop
# (a plain def would run in a thread pool, which the GIL serialises anyway).
@get("/cpu")
async def cpu(n: Optional[str] = None):
    count = s.int_param(n, 10000, 1, 10000000)
    if count is None:
        return send({"error": "n must be an integer"}, 400)
    return send({"n": count, "result": s.cpu_work(count)})


@get("/numeric")
async def numeric(n: Optional[str] = None):
    size = s.int_param(n, 100, 1, 500)
    if size is None:
        return send({"error": "n must be an integer"}, 400)
    return send(s.numeric_work(size))


@get("/payload")
async def payload(kb: Optional[str] = None):
    size = s.int_param(kb, 100, 1, 10240)
    if size is None:
        return send({"error": "kb must be an integer"}, 400)
    return send(s.document_of(size))


@app.post("/echo")
async def echo(request: Request):
    status, value = s.echo_result(await request.body())
    return send(value, status)


@app.post("/upload")
async def upload(request: Request):
    status, value = s.upload_result(await request.body())
    return send(value, status)


@get("/health")
async def health():
    return send({"status": "ok"})


@get("/about")
async def about():
    return send(s.about("FastAPI", fastapi.__version__, _server(), uvicorn.__version__))


if __name__ == "__main__":
    uvicorn.run(
        "app:app",
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
        workers=s.worker_count(),
        loop=os.environ.get("UVICORN_LOOP", "asyncio"),
        http=os.environ.get("UVICORN_HTTP", "h11"),
        access_log=False,
    )
