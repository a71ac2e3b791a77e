"""Versus bundled template: FastAPI under uvicorn.

Serves the same scenarios, with the same status codes and JSON bodies, as
../express/server.js. Keep the two in step (see ../README.md).

Run:  python3 -m uvicorn app:app --host 0.0.0.0 --port 8000 --no-access-log
 or:  PORT=8000 WORKERS=1 python3 app.py
Works with FastAPI 0.92 / uvicorn 0.17 (Debian 12) and with current releases.
"""

import asyncio
import json
import os
import re
from typing import Optional

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, PlainTextResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

MAX_BODY = 1024 * 1024  # same limit as express.json({limit: '1mb'})
_INT_RE = re.compile(r"[+-]?[0-9]{1,12}")

app = FastAPI(title="Versus FastAPI template", docs_url=None, redoc_url=None, openapi_url=None)


def get(path: str, **kwargs):
    """GET route that also answers HEAD, as Express does for app.get()."""
    return app.api_route(path, methods=["GET", "HEAD"], **kwargs)


def int_param(value: Optional[str], default: int, lo: int, hi: int) -> Optional[int]:
    """None -> default, not an integer -> None (400), otherwise clamped to [lo, hi].
    Same rules as intParam() in server.js."""
    if value is None:
        return default
    if not _INT_RE.fullmatch(value):
        return None
    return min(hi, max(lo, int(value)))


def cpu_work(n: int) -> int:
    """n rounds of FNV-1a on a 32-bit state, feeding the loop counter.
    Identical to cpuWork() in server.js, result for result."""
    h = 2166136261
    for i in range(n):
        h = ((h ^ i) * 16777619) & 0xFFFFFFFF
    return h


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


@app.exception_handler(StarletteHTTPException)
async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    messages = {404: "not found", 405: "method not allowed"}
    return error(exc.status_code, messages.get(exc.status_code, str(exc.detail)))


@get("/", response_class=PlainTextResponse)
async def hello() -> str:
    return "Hello World!"


@get("/json")
async def hello_json():
    return {"message": "Hello, World!"}


@get("/io")
async def io_wait(ms: Optional[str] = None):
    wait = int_param(ms, 10, 0, 60000)
    if wait is None:
        return error(400, "ms must be an integer")
    await asyncio.sleep(wait / 1000.0)
    return {"waited_ms": wait}


# async def on purpose: like Node's event loop, the computation blocks the loop
# (a plain def would run in a thread pool, which the GIL serialises anyway).
@get("/cpu")
async def cpu(n: Optional[str] = None):
    count = int_param(n, 10000, 1, 10000000)
    if count is None:
        return error(400, "n must be an integer")
    return {"n": count, "result": cpu_work(count)}


def _reject_constant(name: str):
    raise ValueError(f"invalid JSON constant {name}")  # NaN/Infinity, as JSON.parse


@app.post("/echo")
async def echo(request: Request):
    body = await request.body()
    if len(body) > MAX_BODY:
        return error(413, "body too large")
    if not body:
        return error(400, "invalid JSON: empty body")
    try:
        value = json.loads(body, parse_constant=_reject_constant)
    except ValueError:  # includes JSONDecodeError and UnicodeDecodeError
        return error(400, "invalid JSON")
    return JSONResponse(value)


@get("/health")
async def health():
    return {"status": "ok"}


if __name__ == "__main__":
    import uvicorn

    uvicorn.run(
        "app:app",
        host=os.environ.get("HOST", "0.0.0.0"),
        port=int(os.environ.get("PORT", "8000")),
        workers=int(os.environ.get("WORKERS", "1")),
        access_log=False,
    )
