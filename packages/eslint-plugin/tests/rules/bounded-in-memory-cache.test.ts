import rule from '../../src/rules/bounded-in-memory-cache.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const SESSIONS = {
  what: 'sessions',
  lost: 'every deploy logs users out, and a request routed to another instance finds no session',
};
const REVOCATIONS = {
  what: 'revoked or blocked ids',
  lost: 'a revocation recorded only here is forgotten after a deploy and unknown to every other instance',
};
const WORK = {
  what: 'the state of running work',
  lost: 'after a crash nothing knows what was in flight, and recovery runs it again',
};

untypedRuleTester().run('bounded-in-memory-cache (untyped)', rule, {
  valid: [
    {
      name: 'registry filled at module load and read per request',
      code: `
import express from 'express';
import { sendEmail, sendSms, sendPush } from './channels';

const senders = new Map();
senders.set('email', sendEmail);
senders.set('sms', sendSms);
for (const [name, send] of Object.entries({ push: sendPush })) senders.set(name, send);

const app = express();
app.post('/notify/:channel', async (req, res) => {
  const send = senders.get(req.params.channel);
  if (!send) return res.status(404).end();
  await send(req.body);
  res.status(202).end();
});
`,
    },
    {
      name: 'registry filled in a startup function that then listens',
      code: `
import express from 'express';
import { readdir } from 'node:fs/promises';

const plugins = [];
const app = express();

async function main() {
  for (const file of await readdir('./plugins')) {
    plugins.push(await import('./plugins/' + file));
  }
  app.get('/plugins', (req, res) => res.json(plugins.map((plugin) => plugin.name)));
  app.listen(3000);
}

main();
`,
    },
    {
      name: 'registry filled by an exported register function (called at startup by other modules)',
      code: `
const handlers = {};

export function registerHandler(type, handler) {
  handlers[type] = handler;
}

export async function dispatch(event) {
  const handler = handlers[event.type];
  if (handler) await handler(event);
}
`,
    },
    {
      name: 'WeakMap keyed by the request: entries go when the request object does',
      code: `
import express from 'express';

const startedAt = new WeakMap();
const app = express();

app.use((req, res, next) => {
  startedAt.set(req, process.hrtime.bigint());
  res.on('finish', () => {
    const elapsed = process.hrtime.bigint() - startedAt.get(req);
    console.log(req.method, req.url, Number(elapsed) / 1e6);
  });
  next();
});
`,
    },
    {
      name: 'lru-cache, quick-lru and node-cache bound themselves',
      code: `
import express from 'express';
import { LRUCache } from 'lru-cache';
import QuickLRU from 'quick-lru';
import NodeCache from 'node-cache';

const users = new LRUCache({ max: 5000, ttl: 60_000 });
const avatars = new QuickLRU({ maxSize: 1000 });
const quotes = new NodeCache({ stdTTL: 600 });
const app = express();

app.get('/users/:id', async (req, res) => {
  let user = users.get(req.params.id);
  if (!user) {
    user = await loadUser(req.params.id);
    users.set(req.params.id, user);
  }
  avatars.set(user.id, user.avatarUrl);
  quotes.set(user.id, await fetchQuote(user.id));
  res.json(user);
});
`,
    },
    {
      name: 'rate limiter whose setInterval prunes expired windows',
      code: `
import express from 'express';

const WINDOW_MS = 60_000;
const hits = new Map();
const app = express();

app.use((req, res, next) => {
  const now = Date.now();
  const entry = hits.get(req.ip) ?? { count: 0, windowStart: now };
  entry.count += 1;
  hits.set(req.ip, entry);
  if (entry.count > 100) return res.status(429).end();
  next();
});

setInterval(() => {
  const now = Date.now();
  for (const [ip, entry] of hits) {
    if (now - entry.windowStart > WINDOW_MS) hits.delete(ip);
  }
}, WINDOW_MS).unref();
`,
    },
    {
      name: 'memoization cache evicting the oldest entry when size > MAX',
      code: `
import Fastify from 'fastify';

const MAX_ENTRIES = 10_000;
const renderCache = new Map();
const app = Fastify();

app.get('/posts/:slug', async (request) => {
  const cached = renderCache.get(request.params.slug);
  if (cached) return cached;
  const html = await renderPost(request.params.slug);
  if (renderCache.size >= MAX_ENTRIES) renderCache.delete(renderCache.keys().next().value);
  renderCache.set(request.params.slug, html);
  return html;
});
`,
    },
    {
      name: 'server-sent events clients removed when the connection closes',
      code: `
import express from 'express';

const clients = new Set();
const app = express();

app.get('/events', (req, res) => {
  res.set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  clients.add(res);
  req.on('close', () => clients.delete(res));
});

export function broadcast(event) {
  for (const client of clients) client.write('data: ' + JSON.stringify(event) + '\\n\\n');
}
`,
    },
    {
      name: 'fields of a per-request object die with the request',
      code: `
import express from 'express';

class RequestTrace {
  spans = [];
  attributes = {};
  addSpan(name, ms) {
    this.spans.push({ name, ms });
  }
  tag(key, value) {
    this.attributes[key] = value;
  }
}

const app = express();
app.use((req, res, next) => {
  req.trace = new RequestTrace();
  req.trace.tag('route', req.path);
  next();
});
`,
    },
    {
      name: 'fields of a per-job object in a BullMQ worker',
      code: `
import { Worker } from 'bullmq';

class JobRun {
  constructor(job) {
    this.job = job;
    this.logs = [];
  }
  log(line) {
    this.logs.push(line);
  }
}

new Worker('reports', async (job) => {
  const run = new JobRun(job);
  run.log('started');
  await buildReport(job.data);
  run.log('done');
}, { connection: { host: 'redis' } });
`,
    },
    {
      name: 'batch buffer swapped for a new array when flushed',
      code: `
import express from 'express';

let buffer = [];
const app = express();

app.post('/analytics', (req, res) => {
  buffer.push({ ...req.body, receivedAt: new Date().toISOString() });
  res.status(202).end();
});

setInterval(async () => {
  if (buffer.length === 0) return;
  const batch = buffer;
  buffer = [];
  await insertEvents(batch);
}, 5000);
`,
    },
    {
      name: 'fixed key: the handler refreshes one entry, the map cannot grow',
      code: `
import express from 'express';

const snapshot = new Map();
const app = express();

app.post('/admin/reload', async (req, res) => {
  snapshot.set('pricing', await loadPricing());
  snapshot.set(\`flags\`, await loadFlags());
  res.status(204).end();
});
`,
    },
    {
      name: 'exported collection: the modules that import it may prune it',
      code: `
import { Server } from 'socket.io';

export const onlineUsers = new Map();
const io = new Server(3001);

io.on('connection', (socket) => {
  onlineUsers.set(socket.data.userId, socket.id);
});
`,
    },
    {
      name: 'collection handed to a pruning helper',
      code: `
import express from 'express';
import { pruneOlderThan } from './prune';

const recentOrders = [];
const app = express();

app.post('/orders', (req, res) => {
  recentOrders.push({ id: req.body.id, at: Date.now() });
  res.status(201).end();
});

pruneOlderThan(recentOrders, 15 * 60_000);
`,
    },
    {
      name: 'entries that carry their expiry (TTL cache checked on read)',
      code: `
import express from 'express';

const TTL_MS = 30_000;
const quoteCache = new Map();
const app = express();

app.get('/quotes/:symbol', async (req, res) => {
  const hit = quoteCache.get(req.params.symbol);
  if (hit && hit.expiresAt > Date.now()) return res.json(hit.value);
  const value = await fetchQuote(req.params.symbol);
  quoteCache.set(req.params.symbol, { value, expiresAt: Date.now() + TTL_MS });
  res.json(value);
});
`,
    },
    {
      name: 'function-local map inside a handler',
      code: `
import express from 'express';

const app = express();
app.get('/orders/summary', async (req, res) => {
  const byStatus = new Map();
  for (const order of await listOrders(req.query.since)) {
    byStatus.set(order.status, (byStatus.get(order.status) ?? 0) + 1);
  }
  res.json(Object.fromEntries(byStatus));
});
`,
    },
    {
      name: 'listener for a once-per-process event fills a registry',
      code: `
import { createServer } from 'node:http';

const addresses = [];
const server = createServer(handle);

server.on('listening', () => {
  addresses.push(server.address());
});
process.on('SIGTERM', () => {
  addresses.push('closing');
});
server.listen(8080);
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/auth/session.test.ts',
      code: `
import express from 'express';

const sessions = new Map();
const app = express();
app.post('/login', (req, res) => {
  sessions.set(req.body.user, { at: 1 });
  res.end();
});
`,
    },
    {
      name: 'odd code does not crash: computed members, optional chaining, any',
      code: `
const table = {};
const list = [];
const key = 'x';
let alias;

export function handle(input: any) {
  table?.[input.id]?.push?.(input);
  (list as any)[input.i] = 1;
  alias = table;
  const dyn = list[key];
  return dyn;
}
`,
    },
    {
      name: 'odd classes do not crash: anonymous default class, class expression, computed and destructured fields',
      code: `
const [first] = [new Map()];
const { registry } = { registry: new Set() };
const Store = class {
  static items = [];
  static add(item) { Store.items.push(item); }
};
export default class {
  static ['cache'] = new Map();
  #seen = new Set();
  track(id) { this.#seen.add(id); }
}
`,
    },
  ],
  invalid: [
    {
      name: 'in-memory session store filled at login (Express)',
      code: `
import express from 'express';
import { randomUUID } from 'node:crypto';

const sessions = new Map();
const app = express();

app.post('/login', async (req, res) => {
  const user = await authenticate(req.body.email, req.body.password);
  const sid = randomUUID();
  sessions.set(sid, { userId: user.id, createdAt: Date.now() });
  res.cookie('sid', sid, { httpOnly: true }).json({ ok: true });
});

app.get('/me', (req, res) => {
  const session = sessions.get(req.cookies.sid);
  if (!session) return res.status(401).end();
  res.json(session);
});
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 5,
          column: 7,
          endLine: 5,
          endColumn: 15,
          data: {
            name: 'sessions',
            holder: 'a module-level `Map`',
            growth: '`sessions.set(…)` in an Express route handler (line 11)',
            ...SESSIONS,
          },
        },
      ],
    },
    {
      name: 'seed 001: token blacklist in a module-level Set (Fastify logout and hook)',
      code: `
import Fastify from 'fastify';

const revokedTokens = new Set();
const app = Fastify();

app.addHook('onRequest', async (request, reply) => {
  if (revokedTokens.has(request.headers['x-token-id'])) return reply.code(401).send();
});

app.post('/logout', async (request, reply) => {
  revokedTokens.add(request.headers['x-token-id']);
  return reply.code(204).send();
});
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 4,
          column: 7,
          data: {
            name: 'revokedTokens',
            holder: 'a module-level `Set`',
            growth: '`revokedTokens.add(…)` in a Fastify route handler (line 12)',
            ...REVOCATIONS,
          },
        },
      ],
    },
    {
      name: 'memoization cache in a handler with no eviction',
      code: `
import express from 'express';

const userCache = new Map();
const app = express();

app.get('/users/:id', async (req, res) => {
  if (!userCache.has(req.params.id)) {
    userCache.set(req.params.id, await db.query('SELECT * FROM users WHERE id = $1', [req.params.id]));
  }
  res.json(userCache.get(req.params.id));
});
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'userCache',
            holder: 'a module-level `Map`',
            growth: '`userCache.set(…)` in an Express route handler (line 9)',
          },
        },
      ],
    },
    {
      name: 'helper called from a webhook handler writes a plain object',
      code: `
import express from 'express';

const seenDeliveries = {};

function alreadyProcessed(deliveryId) {
  if (seenDeliveries[deliveryId]) return true;
  seenDeliveries[deliveryId] = true;
  return false;
}

const app = express();
app.post('/webhooks/github', express.json(), (req, res) => {
  if (alreadyProcessed(req.get('x-github-delivery'))) return res.status(200).end();
  enqueue(req.body);
  res.status(202).end();
});
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'seenDeliveries',
            holder: 'a module-level object',
            growth: '`seenDeliveries[…] = …` in `alreadyProcessed()`, called from an Express route handler (line 8)',
          },
        },
      ],
    },
    {
      name: 'seed 001 P6: running actions tracked in memory by the scheduler',
      code: `
const runningActions = new Set();

export async function executeAction(action) {
  if (runningActions.has(action.id)) return;
  runningActions.add(action.id);
  await action.run();
  await markCompleted(action.id);
}
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 2,
          column: 7,
          data: {
            name: 'runningActions',
            holder: 'a module-level `Set`',
            growth: '`runningActions.add(…)` in `executeAction()` (line 6)',
            ...WORK,
          },
        },
      ],
    },
    {
      name: 'BullMQ worker records every processed job id',
      code: `
import { Worker } from 'bullmq';

const processedJobIds = [];

new Worker('emails', async (job) => {
  await sendEmail(job.data);
  processedJobIds.push(job.id);
}, { connection: { host: 'redis' } });
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'processedJobIds',
            holder: 'a module-level array',
            growth: '`processedJobIds.push(…)` in a BullMQ worker (line 8)',
          },
        },
      ],
    },
    {
      name: 'WebSocket server adds clients on connection and never removes them',
      code: `
import { WebSocketServer } from 'ws';

const clients = new Set();
const wss = new WebSocketServer({ port: 8080 });

wss.on('connection', (socket) => {
  clients.add(socket);
  socket.on('message', (data) => {
    for (const client of clients) client.send(data);
  });
});
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'clients',
            holder: 'a module-level `Set`',
            growth: "`clients.add(…)` in a `'connection'` listener (line 8)",
          },
        },
      ],
    },
    {
      name: 'singleton metrics store samples memory every tick, forever',
      code: `
class MetricsStore {
  constructor() {
    this.samples = [];
    setInterval(() => {
      this.samples.push({ at: Date.now(), rss: process.memoryUsage().rss });
    }, 10_000);
  }

  latest() {
    return this.samples.at(-1);
  }
}

export const metrics = new MetricsStore();
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 5,
          endColumn: 17,
          data: {
            name: 'samples',
            holder: 'an array field of the singleton `MetricsStore`',
            growth: '`this.samples.push(…)` in a `setInterval` callback (line 6)',
          },
        },
      ],
    },
    {
      name: 'Koa access log kept in an array',
      code: `
import Koa from 'koa';

const requestLog = [];
const app = new Koa();

app.use(async (ctx, next) => {
  const started = Date.now();
  await next();
  requestLog.push({ path: ctx.path, status: ctx.status, ms: Date.now() - started });
});
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'requestLog',
            holder: 'a module-level array',
            growth: '`requestLog.push(…)` in a Koa middleware (line 10)',
          },
        },
      ],
    },
    {
      name: 'custom stateNames: an audit trail counts as process state',
      options: [{ stateNames: '(^|_)audit(_|$)' }],
      code: `
const auditTrail = [];

export function recordAudit(entry) {
  auditTrail.push(entry);
}
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 2,
          column: 7,
          data: {
            name: 'auditTrail',
            holder: 'a module-level array',
            growth: '`auditTrail.push(…)` in `recordAudit()` (line 5)',
            what: 'process state',
            lost: 'each instance sees different state and a restart loses it',
          },
        },
      ],
    },
  ],
});

typedRuleTester().run('bounded-in-memory-cache (typed)', rule, {
  valid: [
    {
      name: 'NestJS request-scoped provider: one instance per request',
      code: `
import { Injectable, Scope } from '@nestjs/common';

@Injectable({ scope: Scope.REQUEST })
export class RequestAuditService {
  private readonly events: string[] = [];
  private readonly seen = new Set<string>();

  record(event: string) {
    this.seen.add(event);
    this.events.push(event);
  }
}
`,
    },
    {
      name: 'NestJS provider filling a registry in onModuleInit',
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';

interface ReportDefinition { id: string; title: string }

@Injectable()
export class ReportRegistry implements OnModuleInit {
  private readonly reports = new Map<string, ReportDefinition>();

  onModuleInit() {
    for (const report of [{ id: 'sales', title: 'Sales' }, { id: 'churn', title: 'Churn' }]) {
      this.reports.set(report.id, report);
    }
  }

  find(id: string): ReportDefinition | undefined {
    return this.reports.get(id);
  }
}
`,
    },
    {
      name: 'NestJS in-flight deduplication that deletes in finally',
      code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class ExchangeRateService {
  private readonly inflight = new Map<string, Promise<number>>();

  async rate(currency: string): Promise<number> {
    const pending = this.inflight.get(currency);
    if (pending) return pending;
    const request = fetch('https://rates.example.com/' + currency)
      .then((response) => response.json() as Promise<number>)
      .finally(() => this.inflight.delete(currency));
    this.inflight.set(currency, request);
    return request;
  }
}
`,
    },
    {
      name: 'Fastify plugin body registers schemas at startup',
      code: `
import type { FastifyPluginAsync } from 'fastify';

const schemaIds: string[] = [];

export const schemasPlugin: FastifyPluginAsync = async (app) => {
  for (const id of ['user', 'order', 'invoice']) {
    schemaIds.push(id);
    app.addSchema({ $id: id, type: 'object' });
  }
  app.get('/schemas', async () => schemaIds);
};
`,
    },
    {
      name: 'typed Express rate limiter with a size cap',
      code: `
import express, { type Request, type Response, type NextFunction } from 'express';

const MAX_TRACKED_IPS = 50_000;
const attempts = new Map<string, number>();
const app = express();

function limitLogins(req: Request, res: Response, next: NextFunction) {
  const ip = req.ip ?? 'unknown';
  if (attempts.size > MAX_TRACKED_IPS) attempts.clear();
  const count = (attempts.get(ip) ?? 0) + 1;
  attempts.set(ip, count);
  if (count > 5) return res.status(429).json({ error: 'too_many_attempts' });
  next();
}

app.post('/login', limitLogins, (req, res) => res.json({ ok: true }));
`,
    },
  ],
  invalid: [
    {
      name: 'NestJS singleton token blacklist service',
      code: `
import { Injectable } from '@nestjs/common';

@Injectable()
export class TokenBlacklistService {
  private readonly blacklist = new Set<string>();

  revoke(jti: string): void {
    this.blacklist.add(jti);
  }

  isRevoked(jti: string): boolean {
    return this.blacklist.has(jti);
  }
}
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 6,
          column: 20,
          endColumn: 29,
          data: {
            name: 'blacklist',
            holder: 'a `Set` field of the singleton `TokenBlacklistService`',
            growth: '`this.blacklist.add(…)` in `revoke()` (line 9)',
            ...REVOCATIONS,
          },
        },
      ],
    },
    {
      name: 'typed Express handler declared with Request/Response stores idempotency keys',
      code: `
import type { Request, Response } from 'express';

const idempotencyKeys = new Set<string>();

export async function createPayment(req: Request, res: Response) {
  const key = req.get('idempotency-key');
  if (key && idempotencyKeys.has(key)) return res.status(409).end();
  if (key) idempotencyKeys.add(key);
  res.status(201).json({ ok: true });
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 4,
          column: 7,
          data: {
            name: 'idempotencyKeys',
            holder: 'a module-level `Set`',
            growth: '`idempotencyKeys.add(…)` in an Express route handler (line 9)',
          },
        },
      ],
    },
    {
      name: 'Fastify route keeps in-flight exports in a record and never deletes them',
      code: `
import Fastify from 'fastify';

const inflightExports: Record<string, Promise<string>> = {};
const app = Fastify();

app.post<{ Params: { reportId: string } }>('/reports/:reportId/export', async (request) => {
  const { reportId } = request.params;
  inflightExports[reportId] ??= renderReport(reportId);
  return { url: await inflightExports[reportId] };
});

declare function renderReport(id: string): Promise<string>;
`,
      errors: [
        {
          messageId: 'processLocalState',
          line: 4,
          column: 7,
          data: {
            name: 'inflightExports',
            holder: 'a module-level object',
            growth: '`inflightExports[…] = …` in a Fastify route handler (line 9)',
            ...WORK,
          },
        },
      ],
    },
    {
      name: 'NestJS controller keeps job statuses in a field',
      code: `
import { Controller, Get, Param, Post } from '@nestjs/common';
import { randomUUID } from 'node:crypto';

@Controller('exports')
export class ExportsController {
  private readonly statuses = new Map<string, 'queued' | 'done'>();

  @Post()
  start() {
    const id = randomUUID();
    this.statuses.set(id, 'queued');
    return { id };
  }

  @Get(':id')
  status(@Param('id') id: string) {
    return { status: this.statuses.get(id) };
  }
}
`,
      errors: [
        {
          messageId: 'unboundedCache',
          line: 7,
          column: 20,
          data: {
            name: 'statuses',
            holder: 'a `Map` field of the singleton `ExportsController`',
            growth: '`this.statuses.set(…)` in a NestJS controller method (line 12)',
          },
        },
      ],
    },
  ],
});
