'use strict';
// Versus bundled templates: the work behind every scenario, shared by the
// Node.js templates (node-http, express, fastify, nestjs). Versus copies this
// file next to the template's server when it stages it; run by hand, a server
// finds it here. The Python twin is ../python/versus_scenarios.py: both must
// give the same bytes for the same request (see ../../README.md and
// ../../parity.json, which the tests check every template against).

const cluster = require('node:cluster');
const crypto = require('node:crypto');

const MAX_ECHO = 1024 * 1024;         // POST /echo
const MAX_UPLOAD = 16 * 1024 * 1024;  // POST /upload

function parsePort(value, fallback) {
  const n = Number.parseInt(value, 10);
  return Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
}

function workerCount() {
  const n = Number.parseInt(process.env.WORKERS || '1', 10);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

// Integer query parameter: undefined → default, not an integer → null (400),
// otherwise clamped to [lo, hi]. A repeated parameter: the last value counts.
function intParam(value, fallback, lo, hi) {
  if (Array.isArray(value)) value = value[value.length - 1];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^[+-]?[0-9]{1,12}$/.test(value)) return null;
  return Math.min(hi, Math.max(lo, Number.parseInt(value, 10)));
}

// The last value of a query parameter in a raw query string (no framework).
function queryValue(query, name) {
  let found;
  for (const part of (query || '').split('&')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (decodeURIComponent(key.replace(/\+/g, ' ')) === name)
      found = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
  }
  return found;
}

// GET /cpu: n rounds of FNV-1a on a 32-bit state, feeding the loop counter.
function cpuWork(n) {
  let h = 2166136261;
  for (let i = 0; i < n; i++) h = Math.imul((h ^ i) >>> 0, 16777619) >>> 0;
  return h;
}

// GET /numeric: the product of two n×n matrices of doubles (typed arrays).
// Every entry is a multiple of 1/4 and small, so every sum is exact and any
// order of summation (NumPy's BLAS included) gives the same bits.
function numericWork(n) {
  const a = new Float64Array(n * n);
  const b = new Float64Array(n * n);
  const c = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      a[i * n + j] = (((i * 7 + j * 3) % 11) - 5) / 4;
      b[i * n + j] = (((i * 5 + j * 2) % 13) - 6) / 4;
    }
  }
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      const row = k * n;
      const out = i * n;
      for (let j = 0; j < n; j++) c[out + j] += aik * b[row + j];
    }
  }
  let sum = 0;
  let trace = 0;
  for (let i = 0; i < n * n; i++) sum += c[i];
  for (let i = 0; i < n; i++) trace += c[i * n + i];
  return { n, sum: sum + 0, trace: trace + 0 };   // + 0: never -0
}
const NUMERIC_ENGINE = 'typed arrays';

// GET /payload: a realistic API document of about kb KiB (customer records).
const CITIES = ['Springfield', 'Riverside', 'Fairview', 'Madison', 'Georgetown'];

function pad(value, width) {
  return String(value).padStart(width, '0');
}

function documentOf(kb) {
  const count = Math.max(1, Math.floor((kb * 1024) / 200));
  const items = new Array(count);
  for (let i = 0; i < count; i++) {
    items[i] = {
      id: i + 1,
      name: `Customer ${pad(i + 1, 6)}`,
      email: `customer${i + 1}@example.com`,
      active: i % 3 !== 0,
      balance_cents: (i * 7919) % 100000,
      tags: [`tag${i % 5}`, `group${i % 7}`],
      address: { street: `${(i % 200) + 1} Main Street`, city: CITIES[i % 5], zip: pad((i * 31) % 100000, 5) },
    };
  }
  return { kb, count, items };
}

// A request's body, up to limit bytes, for servers that read it themselves:
// a Promise of the Buffer, or of null when the body was longer.
function readBody(req, limit) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let length = 0;
    let over = false;
    req.on('data', (chunk) => {
      length += chunk.length;
      if (length > limit) over = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : Buffer.concat(chunks, length)));
    req.on('error', reject);
  });
}

// POST /echo: [status, value] for a body read by readBody (null: too long).
function echoResult(buf) {
  if (buf === null) return [413, { error: 'body too large' }];
  if (buf.length === 0) return [400, { error: 'invalid JSON: empty body' }];
  try {
    return [200, JSON.parse(buf.toString('utf8'))];
  } catch (e) {
    return [400, { error: 'invalid JSON' }];
  }
}

// POST /upload: the body parsed (JSON) and its digest. Returns [status, value].
function uploadResult(buf) {
  if (buf === null || buf.length > MAX_UPLOAD) return [413, { error: 'body too large' }];
  if (buf.length === 0) return [400, { error: 'invalid JSON: empty body' }];
  try {
    JSON.parse(buf.toString('utf8'));
  } catch (e) {
    return [400, { error: 'invalid JSON' }];
  }
  return [200, { bytes: buf.length, sha256: crypto.createHash('sha256').update(buf).digest('hex') }];
}

// GET /about: what is running, read from the running process (not the template).
function about(framework, frameworkVersion, server) {
  return {
    language: 'javascript',
    runtime: 'Node.js',
    runtime_version: process.versions.node,
    framework,
    framework_version: frameworkVersion,
    server,
    server_version: process.versions.node,
    workers: workerCount(),
    numeric: NUMERIC_ENGINE,
  };
}

// Node's cluster mode: with WORKERS=N > 1 the primary forks N workers that
// share the listening port, and restarts none (a crash is a result).
// start() runs in each worker, or in the only process.
function runWorkers(start) {
  const n = workerCount();
  if (n <= 1 || !cluster.isPrimary) return start();
  for (let i = 0; i < n; i++) cluster.fork();
  let alive = n;
  cluster.on('exit', () => {
    if (--alive === 0) process.exit(0);
  });
  const stop = () => {
    for (const id in cluster.workers) cluster.workers[id].process.kill('SIGTERM');
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return undefined;
}

// Stops a server on SIGTERM (it runs as PID 1 in a container) and SIGINT.
function closeOnSignals(close) {
  const shutdown = () => {
    close();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

module.exports = {
  MAX_ECHO, MAX_UPLOAD, parsePort, workerCount, intParam, queryValue, cpuWork,
  numericWork, NUMERIC_ENGINE, documentOf, readBody, echoResult, uploadResult, about, runWorkers,
  closeOnSignals,
};
