'use strict';
// Versus bundled template: Express 4 on Node.js 20.
// Serves the scenarios of ../README.md with the bytes of ../parity.json; the
// work behind them is shared with the other templates (versus-scenarios.js).

const fs = require('node:fs');
const express = require('express');
const s = require(fs.existsSync(`${__dirname}/versus-scenarios.js`)
  ? './versus-scenarios.js' : '../shared/node/versus-scenarios.js');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = s.parsePort(process.env.PORT, 3000);
const EXPRESS_VERSION = require('express/package.json').version;

function start() {
  const app = express();
  // Keep responses comparable with the Python templates: no X-Powered-By
  // header and no ETag (uvicorn computes neither). No request logger.
  app.disable('x-powered-by');
  app.set('etag', false);

  const badRequest = (res, message) => res.status(400).json({ error: message });

  app.get('/', (req, res) => {
    res.type('text/plain').send('Hello World!');
  });

  app.get('/json', (req, res) => {
    res.json({ message: 'Hello, World!' });
  });

  app.get('/io', (req, res) => {
    const ms = s.intParam(req.query.ms, 10, 0, 60000);
    if (ms === null) return badRequest(res, 'ms must be an integer');
    setTimeout(() => res.json({ waited_ms: ms }), ms);
  });

  app.get('/cpu', (req, res) => {
    const n = s.intParam(req.query.n, 10000, 1, 10000000);
    if (n === null) return badRequest(res, 'n must be an integer');
    res.json({ n, result: s.cpuWork(n) });
  });

  app.get('/numeric', (req, res) => {
    const n = s.intParam(req.query.n, 100, 1, 500);
    if (n === null) return badRequest(res, 'n must be an integer');
    res.json(s.numericWork(n));
  });

  app.get('/payload', (req, res) => {
    const kb = s.intParam(req.query.kb, 100, 1, 10240);
    if (kb === null) return badRequest(res, 'kb must be an integer');
    res.json(s.documentOf(kb));
  });

  // Any content type is parsed as JSON; any JSON value (not only objects) is
  // echoed. An empty body (body-parser turns it into {}) is a 400.
  const jsonBody = (limit) => express.json({
    type: () => true,
    strict: false,
    limit,
    verify: (req, res, buf) => { req.rawBody = buf; },
  });

  app.post('/echo', jsonBody(s.MAX_ECHO), (req, res) => {
    if (!req.rawBody || !req.rawBody.length) return badRequest(res, 'invalid JSON: empty body');
    res.json(req.body);
  });

  // express.json parses, as a real API would; the digest is of the raw bytes
  app.post('/upload', jsonBody(s.MAX_UPLOAD), (req, res) => {
    const [status, value] = s.uploadResult(req.rawBody || Buffer.alloc(0));
    res.status(status).json(value);
  });

  app.get('/health', (req, res) => {
    res.json({ status: 'ok' });
  });

  app.get('/about', (req, res) => {
    res.json(s.about('Express', EXPRESS_VERSION, 'node:http'));
  });

  for (const path of ['/', '/json', '/io', '/cpu', '/numeric', '/payload', '/echo', '/upload', '/health', '/about']) {
    app.all(path, (req, res) => res.status(405).json({ error: 'method not allowed' }));
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
    console.log(`express listening on http://${HOST}:${PORT} (pid ${process.pid})`);
  });
  s.closeOnSignals(() => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

s.runWorkers(start);
