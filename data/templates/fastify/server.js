'use strict';
// Versus bundled template: Fastify on Node.js 20.
// Serves the scenarios of ../README.md with the bytes of ../parity.json; the
// work behind them is shared with the other templates (versus-scenarios.js).

const fs = require('node:fs');
const Fastify = require('fastify');
const s = require(fs.existsSync(`${__dirname}/versus-scenarios.js`)
  ? './versus-scenarios.js' : '../shared/node/versus-scenarios.js');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = s.parsePort(process.env.PORT, 3000);
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'];

function start() {
  // No request logger, as in every template
  const app = Fastify({ logger: false, bodyLimit: s.MAX_ECHO });

  // Every content type is read as bytes; the routes parse them as JSON
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => done(null, body));

  const badRequest = (reply, message) => reply.code(400).send({ error: message });
  const routes = new Map();
  const route = (method, path, handler, options = {}) => {
    app.route({ method, url: path, handler, ...options });
    routes.set(path, [...(routes.get(path) || []), method, ...(method === 'GET' ? ['HEAD'] : [])]);
  };

  route('GET', '/', async (req, reply) => reply.type('text/plain; charset=utf-8').send('Hello World!'));
  route('GET', '/json', async () => ({ message: 'Hello, World!' }));
  route('GET', '/health', async () => ({ status: 'ok' }));
  route('GET', '/about', async () => s.about('Fastify', app.version, 'node:http'));

  route('GET', '/io', (req, reply) => {
    const ms = s.intParam(req.query.ms, 10, 0, 60000);
    if (ms === null) return badRequest(reply, 'ms must be an integer');
    setTimeout(() => reply.send({ waited_ms: ms }), ms);
    return reply;
  });

  route('GET', '/cpu', async (req, reply) => {
    const n = s.intParam(req.query.n, 10000, 1, 10000000);
    if (n === null) return badRequest(reply, 'n must be an integer');
    return { n, result: s.cpuWork(n) };
  });

  route('GET', '/numeric', async (req, reply) => {
    const n = s.intParam(req.query.n, 100, 1, 500);
    if (n === null) return badRequest(reply, 'n must be an integer');
    return s.numericWork(n);
  });

  route('GET', '/payload', async (req, reply) => {
    const kb = s.intParam(req.query.kb, 100, 1, 10240);
    if (kb === null) return badRequest(reply, 'kb must be an integer');
    return s.documentOf(kb);
  });

  route('POST', '/echo', async (req, reply) => {
    const body = req.body || Buffer.alloc(0);
    if (body.length === 0) return badRequest(reply, 'invalid JSON: empty body');
    try {
      const value = JSON.parse(body.toString('utf8'));
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(value));
    } catch (e) {
      return badRequest(reply, 'invalid JSON');
    }
  }, { bodyLimit: s.MAX_ECHO });

  route('POST', '/upload', async (req, reply) => {
    const [status, value] = s.uploadResult(req.body || Buffer.alloc(0));
    return reply.code(status).send(value);
  }, { bodyLimit: s.MAX_UPLOAD });

  // a known path with another method is a 405, as in every template
  for (const [path, used] of routes) {
    const others = METHODS.filter((m) => !used.includes(m));
    app.route({ method: others, url: path, handler: async (req, reply) => reply.code(405).send({ error: 'method not allowed' }) });
  }

  app.setNotFoundHandler((req, reply) => reply.code(404).send({ error: 'not found' }));
  app.setErrorHandler((err, req, reply) => {
    const status = err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
    let message = 'internal error';
    if (status === 413) message = 'body too large';
    else if (status < 500) message = err.message;
    reply.code(status).send({ error: message });
  });

  app.listen({ port: PORT, host: HOST }).then(() => {
    console.log(`fastify listening on http://${HOST}:${PORT} (pid ${process.pid})`);
  }, (err) => {
    console.error(err.message);
    process.exit(1);
  });
  s.closeOnSignals(() => app.close().then(() => process.exit(0)));
}

s.runWorkers(start);
