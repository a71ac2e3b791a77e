'use strict';
// Plain Node.js http server for benchmarks/engine-vs-wrk: the smallest Node
// baseline, no framework. Reads HOST (default 127.0.0.1) and PORT (default 3000).

const http = require('http');

const HOST = process.env.HOST || '127.0.0.1';
const PORT = Number.parseInt(process.env.PORT || '3000', 10);
const BODY = 'Hello World!';

const server = http.createServer((req, res) => {
  res.writeHead(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(BODY),
  });
  res.end(BODY);
});

server.listen(PORT, HOST, () => {
  console.log(`node-http listening on http://${HOST}:${PORT}`);
});

function shutdown() {
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
