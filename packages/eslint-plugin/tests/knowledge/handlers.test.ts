import path from 'node:path';
import { AST_NODE_TYPES, ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { enclosingRequestHandler, requestHandlerKind, type FunctionLike } from '../../src/knowledge/handlers.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** Test-only rule: reports every function `requestHandlerKind` labels, with the label. */
const handlerRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { handler: '{{kind}}' }, schema: [] },
  defaultOptions: [],
  create(context) {
    const check = (fn: FunctionLike) => {
      const kind = requestHandlerKind(fn, context);
      if (kind) context.report({ node: fn, messageId: 'handler', data: { kind } });
    };
    return { FunctionDeclaration: check, FunctionExpression: check, ArrowFunctionExpression: check };
  },
});

/** Test-only rule: at each `probe()` call, reports the enclosing handler's kind and line. */
const enclosingRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { inside: '{{kind}} at {{line}}' }, schema: [] },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'probe') return;
        const handler = enclosingRequestHandler(node, context);
        if (handler) {
          context.report({ node, messageId: 'inside', data: { kind: handler.kind, line: handler.fn.loc.start.line } });
        }
      },
    };
  },
});

const handler = (line: number, kind: string, column = 1) => ({ messageId: 'handler' as const, line, column, data: { kind } });

const registrarSettings = {
  pitfalls: {
    requestHandlerRegistrars: [
      { module: path.join(fixtureDir, 'handlers-http-router'), name: 'registerRoute' },
      { module: path.join(fixtureDir, 'handlers-http-router'), name: 'HttpRouter.route' },
    ],
  },
};

const nextRoute = 'handlers-next/app/api/users/route.ts';
const nextPagesApi = 'handlers-next/pages/api/users.ts';
const nextMiddleware = 'handlers-next/middleware.ts';

typedRuleTester().run('request-handler-kind (typed)', handlerRule, {
  valid: [
    // Express application settings and listen callbacks are not requests.
    `
import express from 'express';
const app = express();
app.set('trust proxy', 1);
app.listen(3000, () => console.log('listening'));
const env = app.get('env');
`,
    // A Map keyed by paths: Map#set takes a function but is no router.
    `
const routes = new Map<string, () => void>();
routes.set('/users', () => undefined);
routes.forEach((value, key) => console.log(key, value));
`,
    // Node's EventEmitter `on` with a path-like event name.
    `
import { EventEmitter } from 'node:events';
const bus = new EventEmitter();
bus.on('/jobs/done', (job) => console.log(job));
`,
    // A project class with a get(path, callback) method is not a framework router.
    `
class ResponseCache {
  get(key: string, load: () => Promise<string>) { return load(); }
}
const cache = new ResponseCache();
void cache.get('/users', async () => 'cached');
`,
    // Fastify plugins, lifecycle hooks and decorators run at startup, not per request.
    `
import Fastify from 'fastify';
const fastify = Fastify();
fastify.register(async (instance) => { instance.decorate('startedAt', Date.now()); });
fastify.addHook('onReady', async () => console.log('ready'));
fastify.addHook('onClose', async () => console.log('closing'));
`,
    // Koa's error event listener is not middleware.
    `
import Koa from 'koa';
const app = new Koa();
app.on('error', (err) => console.error(err));
`,
    // NestJS: a service method, an undecorated controller helper and a cron job.
    `
import { Controller, Get, Injectable } from '@nestjs/common';
@Injectable()
export class UsersService {
  async findAll() { return []; }
}
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}
  private toDto(user: { id: string }) { return { id: user.id }; }
}
`,
    // A route decorator outside a @Controller class.
    `
import { Get } from '@nestjs/common';
export class NotAController {
  @Get('x')
  list() { return []; }
}
`,
    // Exported GET outside an app/**/route.ts file.
    `
export async function GET() { return new Response('ok'); }
`,
    // A helper exported from a route file is not an HTTP method.
    {
      code: `
export function parseFilters(url: URL) { return url.searchParams.get('q'); }
`,
      filename: nextRoute,
    },
    // A non-async export in a 'use server' file is not an action.
    `
'use server';
export function formatDate(date: Date) { return date.toISOString(); }
`,
    // 'use server' that is not the first statement is no directive.
    `
console.log('loaded');
'use server';
export async function save() { return 1; }
`,
    // pages/api: only the default export is the route.
    {
      code: `
export function helper() { return 1; }
const config = { api: { bodyParser: false } };
export { config };
`,
      filename: nextPagesApi,
    },
    // middleware.ts without a Next.js import.
    {
      code: `
export function middleware(input: string) { return input.trim(); }
`,
      filename: nextMiddleware,
    },
    // A settings-registered module's other export is not a registrar.
    {
      code: `
import { registerTask } from './handlers-http-router.js';
registerTask('nightly', async () => undefined);
`,
      settings: registrarSettings,
    },
    // A helper that takes only the response, and one that takes a DOM Request.
    `
import type { Response } from 'express';
export function sendNotFound(res: Response) { res.status(404).end(); }
export async function readJson(request: Request) { return request.json(); }
`,
    // Types say this `router` is a project class, so the path-literal fallback does not apply.
    `
class Router {
  private readonly table = new Map<string, () => void>();
  get(path: string, fn: () => void) { this.table.set(path, fn); }
}
const router = new Router();
router.get('/users', () => undefined);
`,
    // A computed registration method is not resolved.
    `
import express from 'express';
const app = express();
const method = process.env.METHOD as 'get';
app[method]('/users', (req, res) => res.end());
`,
    // Callbacks inside a handler are not handlers themselves (only the outer one is reported in other cases).
    `
const ids = [1, 2, 3].map((id) => id * 2);
setTimeout(() => console.log(ids), 10);
`,
  ],
  invalid: [
    {
      code: `
import express from 'express';
const app = express();
app.get('/users/:id', async (req, res) => {
  const ids = [req.params.id].map((id) => id.trim());
  res.json(ids);
});
app.post('/users', express.json(), function createUser(req, res) {
  res.status(201).end();
});
`,
      errors: [handler(4, 'Express route handler', 23), handler(8, 'Express route handler', 36)],
    },
    {
      code: `
import { Router, type NextFunction } from 'express';
const router = Router();
function requireUser(req: any, res: any, next: NextFunction) { next(); }
const asyncHandler = (fn: (req: any, res: any) => Promise<void>) => fn;
async function listUsers(req: any, res: any) { res.json([]); }
router.get('/users', [requireUser], listUsers);
router.delete('/users/:id', requireUser, asyncHandler(async (req, res) => { res.status(204).end(); }));
`,
      errors: [
        handler(4, 'Express route handler'),
        handler(6, 'Express route handler'),
        handler(8, 'Express route handler', 55),
      ],
    },
    {
      code: `
import express from 'express';
const app = express();
app
  .route('/books')
  .get((req, res) => { res.json([]); })
  .post((req, res) => { res.status(201).end(); });
app.use((err: Error, req: express.Request, res: express.Response, next: express.NextFunction) => {
  res.status(500).json({ error: err.message });
});
`,
      errors: [
        handler(6, 'Express route handler', 8),
        handler(7, 'Express route handler', 9),
        handler(8, 'Express route handler', 9),
      ],
    },
    {
      code: `
import Fastify from 'fastify';
const fastify = Fastify({ logger: true });
fastify.get('/health', async (request, reply) => ({ ok: true }));
fastify.route({
  method: 'GET',
  url: '/users',
  preHandler: [async (request) => { request.log.info('auth'); }],
  handler: async (request, reply) => reply.send([]),
});
fastify.post('/users', { schema: {} }, async function createUser(request, reply) {
  return reply.code(201).send();
});
fastify.addHook('onRequest', async (request) => { request.log.info('in'); });
fastify.register(async (instance) => {
  instance.get('/plugin', async () => 'ok');
});
`,
      errors: [
        handler(4, 'Fastify route handler', 24),
        handler(8, 'Fastify route handler', 16),
        handler(9, 'Fastify route handler', 12),
        handler(11, 'Fastify route handler', 40),
        handler(14, 'Fastify hook', 30),
        handler(16, 'Fastify route handler', 27),
      ],
    },
    {
      code: `
import Koa from 'koa';
import Router from '@koa/router';
const app = new Koa();
const router = new Router({ prefix: '/api' });
app.use(async (ctx, next) => {
  const started = Date.now();
  await next();
  ctx.set('X-Response-Time', String(Date.now() - started));
});
router.get('/users/:id', async (ctx) => { ctx.body = { id: ctx.params.id }; });
router.use(async (ctx, next) => next());
app.use(router.routes());
`,
      errors: [
        handler(6, 'Koa middleware', 9),
        handler(11, 'Koa route handler', 26),
        handler(12, 'Koa middleware', 12),
      ],
    },
    {
      code: `
import { Hono } from 'hono';
const app = new Hono();
app.use('*', async (c, next) => { await next(); });
app.get('/users/:id', (c) => c.json({ id: c.req.param('id') }));
app.on(['PUT', 'PATCH'], '/users/:id', async (c) => c.body(null, 204));
app.onError((err, c) => c.text(err.message, 500));
`,
      errors: [
        handler(4, 'Hono route handler', 14),
        handler(5, 'Hono route handler', 23),
        handler(6, 'Hono route handler', 40),
        handler(7, 'Hono route handler', 13),
      ],
    },
    {
      code: `
import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
@Controller('users')
export class UsersController {
  @Get()
  async findAll() { return []; }

  @Post()
  create(@Body() body: unknown) { return body; }

  @Delete(':id')
  async remove(@Param('id') id: string) { return id; }

  private audit() { return 0; }
}
`,
      errors: [
        handler(6, 'NestJS controller method', 16),
        handler(9, 'NestJS controller method', 9),
        handler(12, 'NestJS controller method', 15),
      ],
    },
    {
      code: `
import { registerRoute, HttpRouter } from './handlers-http-router.js';
registerRoute('/reports', async (request) => ({ path: request.path }));
const router = new HttpRouter();
router.route('GET', '/users', async () => []);
`,
      settings: registrarSettings,
      errors: [handler(3, 'request handler', 27), handler(5, 'request handler', 31)],
    },
    {
      // An `any` receiver falls back to the path-literal check; optional calls are followed.
      code: `
export function mount(app: any) {
  app.get('/health', (req: unknown, res: any) => res.send('ok'));
  app?.post('/jobs', async (req: unknown, res: any) => res.end());
}
`,
      errors: [handler(3, 'Express route handler', 22), handler(4, 'Express route handler', 22)],
    },
    {
      code: `
export async function GET(request: Request) {
  return Response.json({ url: request.url });
}
export const POST = async (request: Request) => new Response(null, { status: 201 });
const remove = async () => new Response(null, { status: 204 });
export { remove as DELETE };
`,
      filename: nextRoute,
      errors: [
        handler(2, 'Next.js route handler', 8),
        handler(5, 'Next.js route handler', 21),
        handler(6, 'Next.js route handler', 16),
      ],
    },
    {
      code: `
export default async function handler(req: { method?: string }, res: { status(code: number): { end(): void } }) {
  res.status(200).end();
}
`,
      filename: nextPagesApi,
      errors: [handler(2, 'Next.js API route', 16)],
    },
    {
      code: `
'use server';
export async function createPost(form: FormData) { return form.get('title'); }
export const deletePost = async (id: string) => id;
`,
      errors: [handler(3, 'Next.js server action', 8), handler(4, 'Next.js server action', 27)],
    },
    {
      code: `
export function Page() {
  async function save(form: FormData) {
    'use server';
    return form.get('title');
  }
  return save;
}
`,
      errors: [handler(3, 'Next.js server action', 3)],
    },
    {
      code: `
import type { Request, Response, NextFunction, RequestHandler } from 'express';
export async function getUser(req: Request, res: Response) { res.json({ id: req.params.id }); }
export function errorHandler(err: Error, req: Request, res: Response, next: NextFunction) { res.status(500).end(); }
export const listUsers: RequestHandler = async (req, res) => { res.json([]); };
`,
      errors: [
        handler(3, 'Express route handler', 8),
        handler(4, 'Express route handler', 8),
        handler(5, 'Express route handler', 42),
      ],
    },
    {
      code: `
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from 'hono';
export async function getUser(request: FastifyRequest, reply: FastifyReply) { return reply.send({}); }
export const health = (c: Context) => c.text('ok');
`,
      errors: [handler(4, 'Fastify route handler', 8), handler(5, 'Hono route handler', 23)],
    },
  ],
});

untypedRuleTester().run('request-handler-kind (untyped)', handlerRule, {
  valid: [
    // HTTP clients and jQuery take callbacks after a path too.
    `
import axios from 'axios';
axios.get('/api/users', { params: { page: 1 } }).then((response) => console.log(response.data));
$.get('/api/users', function (data) { console.log(data); });
`,
    // msw mocks answer test requests; they are not the service's handlers.
    `
import { http, HttpResponse } from 'msw';
export const handlers = [http.get('/user', () => HttpResponse.json({ id: 1 }))];
`,
    // A cache fetcher keyed by a path.
    `
export const load = () => userCache.get('/users', async () => fetchUsers());
`,
    // A receiver bound to a package that is not a router.
    `
import wretch from 'wretch';
const api = wretch('https://example.com');
api.get('/users', (res) => res.json());
`,
    // The path is not literal: too weak a signal without types or a framework import.
    `
export function mount(router, routePath) {
  router.get(routePath, (req, res) => res.send('ok'));
}
`,
    // An event bus `on` and a Map `get` with one argument.
    `
events.on('/orders/created', (order) => console.log(order));
const handler = registry.get('/users');
`,
    // Receiver is an arbitrary call result (nock, supertest).
    `
import nock from 'nock';
nock('https://api.example.com').get('/users', (body) => true).reply(200, []);
`,
    // NestJS: decorators from a package that is not NestJS.
    `
import { Controller, Get } from 'tsoa';
@Controller('users')
export class UsersController {
  @Get('x')
  list() { return []; }
}
`,
    // A Next.js-looking export outside app/.
    {
      code: `
export async function POST(request) { return new Response('ok'); }
`,
      filename: 'src/lib/route.ts',
    },
    // Express settings, template engines, static files and listen callbacks.
    `
import express from 'express';
import { engine } from 'express-handlebars';
const app = express();
app.engine('hbs', engine({ extname: '.hbs' }));
app.set('views', './views');
app.get('/assets', express.static('public'));
app.listen(3000, () => console.log('listening'));
`,
    // WebSocket and process events are not HTTP requests.
    `
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket) => socket.on('message', (data) => console.log(data)));
process.on('SIGTERM', () => process.exit(0));
`,

    `
import type { Request, Response } from './types';
export async function getUser(req: Request, res: Response) { res.json({}); }
`,
  ],
  invalid: [
    {
      code: `
const express = require('express');
const app = express();
app.use(function logRequests(req, res, next) { next(); });
app.get('/health', (req, res) => res.send('ok'));
`,
      errors: [handler(4, 'Express route handler', 9), handler(5, 'Express route handler', 20)],
    },
    {
      code: `
const app = require('express')();
const api = require('express').Router();
app.use('/api', api);
api.post(['/jobs', '/tasks'], function enqueue(req, res) { res.status(202).end(); });
`,
      errors: [handler(5, 'Express route handler', 31)],
    },
    {
      code: `
import { router } from './router';
export function mount(app) {
  app.get('/health', (req, res) => res.send('ok'));
  app.post('/reports', async (request, reply) => reply.code(202).send());
}
router.get('/items', async (ctx) => { ctx.body = []; });
router.all('*', (c) => c.text('not found', 404));
`,
      errors: [
        handler(4, 'Express route handler', 22),
        handler(5, 'Fastify route handler', 24),
        handler(7, 'Koa middleware', 22),
        handler(8, 'Hono route handler', 17),
      ],
    },
    {
      code: `
import type { FastifyInstance } from 'fastify';
export default async function routes(fastify: FastifyInstance) {
  fastify.get('/users', { handler: async (request, reply) => reply.send([]) });
}
`,
      errors: [handler(4, 'Fastify route handler', 36)],
    },
    {
      code: `
import express from 'express';
const router = express.Router();
const controller = {
  async list(req, res) { res.json([]); },
  show: async (req, res) => res.json({}),
};
class HealthController {
  check(req, res) { res.send('ok'); }
}
const health = new HealthController();
router.get('/', controller.list);
router.get('/:id', controller.show);
router.get('/health', health.check.bind(health));
`,
      errors: [
        handler(5, 'Express route handler', 13),
        handler(6, 'Express route handler', 9),
        handler(9, 'Express route handler', 8),
      ],
    },
    {
      code: `
import { Controller, Get, Post } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { Resolver, Query, Mutation } from '@nestjs/graphql';
@Controller()
export class MathController {
  @MessagePattern({ cmd: 'sum' })
  accumulate(data: number[]) { return data.reduce((a, b) => a + b, 0); }
  @Get('status')
  status() { return 'ok'; }
}
@Resolver()
export class UsersResolver {
  @Query(() => [String])
  users() { return []; }
  @Mutation(() => String)
  async rename(name: string) { return name; }
}
`,
      errors: [
        handler(8, 'NestJS message handler', 13),
        handler(10, 'NestJS controller method', 9),
        handler(15, 'NestJS resolver', 8),
        handler(17, 'NestJS resolver', 15),
      ],
    },
    {
      code: `
import { registerRoute } from './http/router';
registerRoute('/reports', async (request) => request.path);
`,
      filename: 'src/routes.ts',
      settings: { pitfalls: { requestHandlerRegistrars: [{ module: './src/http/router', name: 'registerRoute' }] } },
      errors: [handler(3, 'request handler', 27)],
    },
    {
      code: `
const withAuth = (fn) => fn;
export const GET = withAuth(async (request) => Response.json([]));
export default function ignored() {}
`,
      filename: 'src/app/api/users/route.js',
      errors: [handler(3, 'Next.js route handler', 29)],
    },
    {
      code: `
async function handler(req, res) { res.status(200).json([]); }
export default withSession(handler);
`,
      filename: 'pages/api/users/[id].ts',
      errors: [handler(2, 'Next.js API route')],
    },
    {
      code: `
import { NextResponse } from 'next/server';
export function middleware(request) { return NextResponse.next(); }
`,
      filename: 'middleware.ts',
      errors: [handler(3, 'Next.js middleware', 8)],
    },
    {
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';
import Koa from 'koa';
export default async function users(req: NextApiRequest, res: NextApiResponse) { res.json([]); }
export async function timing(ctx: Koa.Context, next: Koa.Next) { await next(); }
`,
      errors: [handler(4, 'Next.js API route', 16), handler(5, 'Koa middleware', 8)],
    },
  ],
});

typedRuleTester().run('enclosing-request-handler (typed)', enclosingRule, {
  valid: [
    `
declare function probe(): void;
probe();
export function startup() { probe(); }
`,
  ],
  invalid: [
    {
      code: `
import express from 'express';
declare function probe(): void;
const app = express();
app.get('/users', async (req, res) => {
  const rows = [1, 2].map((id) => {
    probe();
    return id;
  });
  res.json(rows);
});
`,
      errors: [{ messageId: 'inside', line: 7, column: 5, data: { kind: 'Express route handler', line: 5 } }],
    },
  ],
});

untypedRuleTester().run('enclosing-request-handler (untyped)', enclosingRule, {
  valid: [
    `
import express from 'express';
const app = express();
app.listen(3000, () => probe());
`,
  ],
  invalid: [
    {
      code: `
import { Hono } from 'hono';
const app = new Hono();
app.get('/x', (c) => {
  probe();
  return c.text('ok');
});
`,
      errors: [{ messageId: 'inside', line: 5, column: 3, data: { kind: 'Hono route handler', line: 4 } }],
    },
  ],
});
