'use strict';
// Versus bundled template: NestJS 11 on its default platform (Express), in
// plain JavaScript: the decorators are applied as the functions they are, so
// nothing is compiled. Serves the scenarios of ../README.md with the bytes of
// ../parity.json; the work behind them is shared with the other templates
// (versus-scenarios.js).

require('reflect-metadata');
const fs = require('node:fs');
const {
  All, BadRequestException, Catch, Controller, Get, Header, HttpCode, HttpException, HttpStatus,
  Module, Post, Query, Req,
} = require('@nestjs/common');
const { NestFactory } = require('@nestjs/core');
const s = require(fs.existsSync(`${__dirname}/versus-scenarios.js`)
  ? './versus-scenarios.js' : '../shared/node/versus-scenarios.js');

const HOST = process.env.HOST || '0.0.0.0';
const PORT = s.parsePort(process.env.PORT, 3000);
const NEST_VERSION = require('@nestjs/core/package.json').version;

// A decorator, applied by hand: @decorator on a method of cls
function decorate(cls, method, ...decorators) {
  const descriptor = Object.getOwnPropertyDescriptor(cls.prototype, method);
  for (const decorator of decorators) decorator(cls.prototype, method, descriptor);
}

// @Query(name) on argument index of a method
function query(cls, method, index, name) {
  Query(name)(cls.prototype, method, index);
}

function intParam(value, fallback, lo, hi, name) {
  const n = s.intParam(value, fallback, lo, hi);
  if (n === null) throw new BadRequestException(`${name} must be an integer`);
  return n;
}

class ScenariosController {
  hello() { return 'Hello World!'; }

  json() { return { message: 'Hello, World!' }; }

  io(ms) {
    const wait = intParam(ms, 10, 0, 60000, 'ms');
    return new Promise((resolve) => setTimeout(() => resolve({ waited_ms: wait }), wait));
  }

  cpu(n) {
    const count = intParam(n, 10000, 1, 10000000, 'n');
    return { n: count, result: s.cpuWork(count) };
  }

  numeric(n) { return s.numericWork(intParam(n, 100, 1, 500, 'n')); }

  payload(kb) { return s.documentOf(intParam(kb, 100, 1, 10240, 'kb')); }

  // the body is read here, not by a parser: any content type, these limits
  async echo(req) { return answer(s.echoResult(await s.readBody(req, s.MAX_ECHO))); }

  async upload(req) { return answer(s.uploadResult(await s.readBody(req, s.MAX_UPLOAD))); }

  health() { return { status: 'ok' }; }

  about() { return s.about('NestJS', NEST_VERSION, 'node:http'); }

  notAllowed() { throw new HttpException('method not allowed', HttpStatus.METHOD_NOT_ALLOWED); }
}

// [status, value] from the shared code: a value, or the error as an exception
function answer([status, value]) {
  if (status === 200) return value;
  throw new HttpException(value.error, status);
}

Controller()(ScenariosController);
decorate(ScenariosController, 'hello', Get('/'), Header('Content-Type', 'text/plain; charset=utf-8'));
decorate(ScenariosController, 'json', Get('json'));
decorate(ScenariosController, 'io', Get('io'));
query(ScenariosController, 'io', 0, 'ms');
decorate(ScenariosController, 'cpu', Get('cpu'));
query(ScenariosController, 'cpu', 0, 'n');
decorate(ScenariosController, 'numeric', Get('numeric'));
query(ScenariosController, 'numeric', 0, 'n');
decorate(ScenariosController, 'payload', Get('payload'));
query(ScenariosController, 'payload', 0, 'kb');
decorate(ScenariosController, 'echo', Post('echo'), HttpCode(200));
Req()(ScenariosController.prototype, 'echo', 0);
decorate(ScenariosController, 'upload', Post('upload'), HttpCode(200));
Req()(ScenariosController.prototype, 'upload', 0);
decorate(ScenariosController, 'health', Get('health'));
decorate(ScenariosController, 'about', Get('about'));
// registered last: a known path with another method
decorate(ScenariosController, 'notAllowed',
  All(['/', 'json', 'io', 'cpu', 'numeric', 'payload', 'echo', 'upload', 'health', 'about']));

// Every error as {"error": …}, as in every template
class ErrorsAsJson {
  catch(exception, host) {
    const res = host.switchToHttp().getResponse();
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    const messages = { 404: 'not found', 405: 'method not allowed', 413: 'body too large' };
    let message = messages[status];
    if (message === undefined) message = status < 500 ? exception.message : 'internal error';
    res.status(status).json({ error: message });
  }
}
Catch()(ErrorsAsJson);

class AppModule {}
Module({ controllers: [ScenariosController] })(AppModule);

async function start() {
  // no logger, no body parser (the routes read bodies themselves)
  const app = await NestFactory.create(AppModule, { logger: false, bodyParser: false });
  const express = app.getHttpAdapter().getInstance();

  // comparable with the other templates: no X-Powered-By, no ETag
  express.disable('x-powered-by');
  express.set('etag', false);
  app.useGlobalFilters(new ErrorsAsJson());
  await app.listen(PORT, HOST);
  console.log(`nestjs listening on http://${HOST}:${PORT} (pid ${process.pid})`);
  s.closeOnSignals(() => app.close().then(() => process.exit(0)));
}

s.runWorkers(() => start().catch((err) => {
  console.error(err.message);
  process.exit(1);
}));
