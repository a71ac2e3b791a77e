'use strict';
// Versus bundled template: Node.js's own node:http, no framework.
// Serves the scenarios of ../README.md with the bytes of ../parity.json; the
// work behind them is shared with the other templates (versus-scenarios.js).

const fs = require('node:fs');
const http = require('node:http');
const s = require(fs.existsSync(`${__dirname}/versus-scenarios.js`)
  ? './versus-scenarios.js' : '../shared/node/versus-scenarios.js');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = s.parsePort(process.env.PORT, 3000);
const PATHS = new Set(['/', '/json', '/io', '/cpu', '/numeric', '/payload', '/echo', '/upload', '/health', '/about']);

function send(res, status, type, body) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

function json(res, status, value) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function handle(req, res) {
  const q = req.url.indexOf('?');
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? '' : req.url.slice(q + 1);
  const get = req.method === 'GET' || req.method === 'HEAD';
  const param = (name, fallback, lo, hi) => {
    let value;
    try {
      value = s.queryValue(query, name);
    } catch (e) {   // a malformed %-escape
      value = '';
    }
    return s.intParam(value, fallback, lo, hi);
  };

  if (!PATHS.has(path)) return json(res, 404, { error: 'not found' });
  const post = path === '/echo' || path === '/upload';
  if (post ? req.method !== 'POST' : !get) return json(res, 405, { error: 'method not allowed' });

  switch (path) {
    case '/':
      return send(res, 200, 'text/plain; charset=utf-8', 'Hello World!');
    case '/json':
      return json(res, 200, { message: 'Hello, World!' });
    case '/health':
      return json(res, 200, { status: 'ok' });
    case '/about':
      return json(res, 200, s.about('node:http', process.versions.node, 'node:http'));
    case '/io': {
      const ms = param('ms', 10, 0, 60000);
      if (ms === null) return json(res, 400, { error: 'ms must be an integer' });
      return setTimeout(() => json(res, 200, { waited_ms: ms }), ms);
    }
    case '/cpu': {
      const n = param('n', 10000, 1, 10000000);
      if (n === null) return json(res, 400, { error: 'n must be an integer' });
      return json(res, 200, { n, result: s.cpuWork(n) });
    }
    case '/numeric': {
      const n = param('n', 100, 1, 500);
      if (n === null) return json(res, 400, { error: 'n must be an integer' });
      return json(res, 200, s.numericWork(n));
    }
    case '/payload': {
      const kb = param('kb', 100, 1, 10240);
      if (kb === null) return json(res, 400, { error: 'kb must be an integer' });
      return json(res, 200, s.documentOf(kb));
    }
    case '/echo':
      return s.readBody(req, s.MAX_ECHO).then((body) => json(res, ...s.echoResult(body)));
    case '/upload':
      return s.readBody(req, s.MAX_UPLOAD).then((body) => json(res, ...s.uploadResult(body)));
    default:
      return json(res, 404, { error: 'not found' });
  }
}

function start() {
  const server = http.createServer(handle);
  server.listen(PORT, HOST, () => {
    console.log(`node:http listening on http://${HOST}:${PORT} (pid ${process.pid})`);
  });
  s.closeOnSignals(() => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}

s.runWorkers(start);
