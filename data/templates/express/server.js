'use strict';
// Versus bundled template: Express 4 on Node.js 20.
// Serves the same scenarios, with the same status codes and JSON bodies, as
// ../fastapi/app.py. Keep the two in step (see ../README.md).

const express = require('express');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = parsePort(process.env.PORT, 3000);

const app = express();
// Keep responses comparable with FastAPI/uvicorn: no X-Powered-By header and no
// ETag (uvicorn computes neither). No request logger is installed.
app.disable('x-powered-by');
app.set('etag', false);

function parsePort(value, fallback) {
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
}

// Integer query parameter: undefined → default, not an integer → null (400),
// otherwise clamped to [lo, hi]. Same rules as int_param() in app.py.
function intParam(value, fallback, lo, hi) {
  if (Array.isArray(value)) value = value[value.length - 1];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[+-]?[0-9]{1,12}$/.test(value)) return null;
  return Math.min(hi, Math.max(lo, Number.parseInt(value, 10)));
}

// The CPU scenario: n rounds of FNV-1a on a 32-bit state, feeding the loop
// counter. Identical to cpu_work() in app.py, result for result.
function cpuWork(n) {
  let h = 2166136261;
  for (let i = 0; i < n; i++) {
    h = Math.imul((h ^ i) >>> 0, 16777619) >>> 0;
  }
  return h;
}

function badRequest(res, message) {
  res.status(400).json({ error: message });
}

function methodNotAllowed(req, res) {
  res.status(405).json({ error: 'method not allowed' });
}

app.get('/', (req, res) => {
  res.type('text/plain').send('Hello World!');
});

app.get('/json', (req, res) => {
  res.json({ message: 'Hello, World!' });
});

app.get('/io', (req, res) => {
  const ms = intParam(req.query.ms, 10, 0, 60000);
  if (ms === null) return badRequest(res, 'ms must be an integer');
  setTimeout(() => res.json({ waited_ms: ms }), ms);
});

app.get('/cpu', (req, res) => {
  const n = intParam(req.query.n, 10000, 1, 10000000);
  if (n === null) return badRequest(res, 'n must be an integer');
  res.json({ n, result: cpuWork(n) });
});

// Any content type is parsed as JSON; any JSON value (not only objects) is echoed.
// An empty body (even one sent with Content-Length: 0, which body-parser turns
// into {}) is a 400, as in app.py.
const jsonBody = express.json({
  type: () => true,
  strict: false,
  limit: '1mb',
  verify: (req, res, buf) => { req.bodyLength = buf.length; },
});

app.post('/echo', jsonBody, (req, res) => {
  if (!req.bodyLength) return badRequest(res, 'invalid JSON: empty body');
  res.json(req.body);
});

app.get('/health', (req, res) => {
  res.json({ status: 'ok' });
});

for (const path of ['/', '/json', '/io', '/cpu', '/echo', '/health']) {
  app.all(path, methodNotAllowed);
}

app.use((req, res) => {
  res.status(404).json({ error: 'not found' });
});

// Body-parser errors (invalid JSON → 400, too large → 413) as JSON.
// eslint-disable-next-line no-unused-vars
app.use((err, req, res, next) => {
  const status = Number.isInteger(err.status) && err.status >= 400 && err.status < 600 ? err.status : 500;
  let message = 'internal error';
  if (err.type === 'entity.parse.failed') message = 'invalid JSON';
  else if (err.type === 'entity.too.large') message = 'body too large';
  else if (status < 500) message = err.message;
  res.status(status).json({ error: message });
});

const server = app.listen(PORT, HOST, () => {
  console.log(`express listening on http://${HOST}:${PORT}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
