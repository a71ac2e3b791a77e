"""Versus bundled templates: the work behind every scenario, shared by the
Python templates (fastapi, fastapi-uvloop, flask, django, aiohttp).

Versus copies this file next to the template's app when it stages it; run by
hand, an app finds it here. The Node.js twin is ../node/versus-scenarios.js:
both must give the same bytes for the same request (see ../../README.md and
../../parity.json, which the tests check every template against).
Works with Python 3.9 and later; NumPy is used when it is installed.
"""

import hashlib
import json
import os
import re
import sys
from typing import Optional, Tuple

MAX_ECHO = 1024 * 1024          # POST /echo
MAX_UPLOAD = 16 * 1024 * 1024   # POST /upload
_INT_RE = re.compile(r"[+-]?[0-9]{1,12}")

try:
    import numpy
except ImportError:  # the pure-Python kernel below, and /about says so
    numpy = None

NUMERIC_ENGINE = f"numpy {numpy.__version__}" if numpy is not None else "pure python"


def worker_count() -> int:
    try:
        return max(1, int(os.environ.get("WORKERS", "1")))
    except ValueError:
        return 1


def dumps(value) -> bytes:
    """Compact JSON, byte for byte what JSON.stringify gives for the same value."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def int_param(value: Optional[str], default: int, lo: int, hi: int) -> Optional[int]:
    """None -> default, not an integer -> None (400), otherwise clamped to [lo, hi]."""
    if value is None:
        return default
    if not _INT_RE.fullmatch(value):
        return None
    return min(hi, max(lo, int(value)))


def cpu_work(n: int) -> int:
    """GET /cpu: n rounds of FNV-1a on a 32-bit state, feeding the loop counter."""
    h = 2166136261
    for i in range(n):
        h = ((h ^ i) * 16777619) & 0xFFFFFFFF
    return h


def _number(x: float):
    """A float as JSON.stringify writes it: 12.0 as 12, -0.0 as 0."""
    return int(x) if x.is_integer() else x


def numeric_work(n: int) -> dict:
    """GET /numeric: the product of two n x n matrices of doubles. Every entry
    is a multiple of 1/4 and small, so every sum is exact and any order of
    summation (NumPy's BLAS, the loops below, Node's) gives the same bits."""
    if numpy is not None:
        i = numpy.arange(n, dtype=numpy.int64).reshape(n, 1)
        j = numpy.arange(n, dtype=numpy.int64).reshape(1, n)
        a = ((i * 7 + j * 3) % 11 - 5) / 4.0
        b = ((i * 5 + j * 2) % 13 - 6) / 4.0
        c = a @ b
        total, trace = float(c.sum()), float(numpy.trace(c))
    else:
        a = [[((i * 7 + j * 3) % 11 - 5) / 4.0 for j in range(n)] for i in range(n)]
        b = [[((i * 5 + j * 2) % 13 - 6) / 4.0 for j in range(n)] for i in range(n)]
        total = trace = 0.0
        for i in range(n):
            row = [0.0] * n
            for k in range(n):
                aik, bk = a[i][k], b[k]
                for j in range(n):
                    row[j] += aik * bk[j]
            total += sum(row)
            trace += row[i]
    return {"n": n, "sum": _number(total), "trace": _number(trace)}


_CITIES = ("Springfield", "Riverside", "Fairview", "Madison", "Georgetown")


def document_of(kb: int) -> dict:
    """GET /payload: a realistic API document of about kb KiB (customer records)."""
    count = max(1, kb * 1024 // 200)
    items = [
        {
            "id": i + 1,
            "name": f"Customer {i + 1:06d}",
            "email": f"customer{i + 1}@example.com",
            "active": i % 3 != 0,
            "balance_cents": (i * 7919) % 100000,
            "tags": [f"tag{i % 5}", f"group{i % 7}"],
            "address": {
                "street": f"{i % 200 + 1} Main Street",
                "city": _CITIES[i % 5],
                "zip": f"{(i * 31) % 100000:05d}",
            },
        }
        for i in range(count)
    ]
    return {"kb": kb, "count": count, "items": items}


def _reject_constant(name: str):
    raise ValueError(f"invalid JSON constant {name}")  # NaN/Infinity, as JSON.parse


def parse_json(body: bytes):
    """The body as JSON, as JSON.parse reads it; ValueError when it is not."""
    return json.loads(body, parse_constant=_reject_constant)


def echo_result(body: bytes) -> Tuple[int, object]:
    """POST /echo: (status, value to send as JSON)."""
    if len(body) > MAX_ECHO:
        return 413, {"error": "body too large"}
    if not body:
        return 400, {"error": "invalid JSON: empty body"}
    try:
        return 200, parse_json(body)
    except ValueError:  # includes JSONDecodeError and UnicodeDecodeError
        return 400, {"error": "invalid JSON"}


def upload_result(body: bytes) -> Tuple[int, dict]:
    """POST /upload: the body parsed as JSON, and its digest."""
    if len(body) > MAX_UPLOAD:
        return 413, {"error": "body too large"}
    if not body:
        return 400, {"error": "invalid JSON: empty body"}
    try:
        parse_json(body)
    except ValueError:
        return 400, {"error": "invalid JSON"}
    return 200, {"bytes": len(body), "sha256": hashlib.sha256(body).hexdigest()}


def about(framework: str, framework_version: str, server: str, server_version: str) -> dict:
    """GET /about: what is running, read from the running process."""
    return {
        "language": "python",
        "runtime": "Python",
        "runtime_version": ".".join(str(part) for part in sys.version_info[:3]),
        "framework": framework,
        "framework_version": framework_version,
        "server": server,
        "server_version": server_version,
        "workers": worker_count(),
        "numeric": NUMERIC_ENGINE,
    }


# The routes every template serves, for 405 answers on a known path.
PATHS = ("/", "/json", "/io", "/cpu", "/numeric", "/payload", "/echo", "/upload", "/health", "/about")
