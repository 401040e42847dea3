import path from 'node:path';
import rule from '../../src/rules/no-dependency-in-liveness.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** The seed's in-house `DatabaseService` declared as a database client (module path relative to `/`, the typed tester's cwd). */
const databaseServiceQueries = {
  pitfalls: {
    dbQueries: [{ module: `./${path.relative('/', path.join(fixtureDir, 'sync-io-db-service'))}`, name: 'DatabaseService.execute' }],
  },
};

const livenessRoute = (path: string) => `the liveness route \`${path}\``;

untypedRuleTester().run('no-dependency-in-liveness (untyped)', rule, {
  valid: [
    {
      name: 'readiness route: checking Postgres is its job',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/readyz', async (req, res) => {
  try {
    await pool.query('SELECT 1');
    res.json({ status: 'ready' });
  } catch {
    res.status(503).json({ status: 'not_ready' });
  }
});
`,
    },
    {
      name: 'the causality-pipeline-fixed shape: /livez answers from the process, /readyz checks NATS and Postgres',
      code: `
import type { FastifyPluginAsync } from 'fastify';

export const healthRoutes: FastifyPluginAsync<{ pool: any; nc: any; lifecycle: any }> = async (app, { pool, nc, lifecycle }) => {
  app.get('/livez', async () => ({ status: 'ok' }));

  app.get('/readyz', async (_request, reply) => {
    if (lifecycle.shuttingDown) return reply.code(503).send({ status: 'shutting_down' });
    const [natsCheck, postgresCheck] = await Promise.allSettled([nc.rtt(), pool.query('SELECT 1')]);
    const ready = natsCheck.status === 'fulfilled' && postgresCheck.status === 'fulfilled';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
};
`,
    },
    {
      name: 'generic /health with no sign it is the liveness probe (outline-style status endpoint)',
      code: `
import Router from '@koa/router';
import Redis from 'ioredis';
import { Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const redis = new Redis();
const router = new Router();

router.get('/_health', async (ctx) => {
  await sequelize.query('SELECT 1');
  await redis.ping();
  ctx.body = 'OK';
});
`,
    },
    {
      name: 'generic /healthz whose comment says it is not the liveness probe',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

// Dependency status for the dashboard; not used as the liveness probe.
app.get('/healthz', async (req, res) => {
  await pool.query('SELECT 1');
  res.json({ ok: true });
});
`,
    },
    {
      name: '/metrics is no probe',
      code: `
import express from 'express';
import { Pool } from 'pg';
import client from 'prom-client';

const pool = new Pool();
const app = express();

app.get('/metrics', async (req, res) => {
  const { rows } = await pool.query('SELECT count(*) AS n FROM jobs WHERE state = $1', ['queued']);
  res.type('text/plain').send(await client.register.metrics() + rows[0].n);
});
`,
    },
    {
      name: 'liveness reads in-memory state: last heartbeat, uptime, event-loop lag',
      code: `
import express from 'express';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const app = express();
const eventLoopLag = monitorEventLoopDelay({ resolution: 20 });
eventLoopLag.enable();
let lastHeartbeat = Date.now();
setInterval(() => { lastHeartbeat = Date.now(); }, 1000).unref();

app.get('/livez', (req, res) => {
  const stalled = Date.now() - lastHeartbeat > 30_000 || eventLoopLag.mean / 1e6 > 1000;
  res.status(stalled ? 500 : 200).json({ uptime: process.uptime(), lagMs: eventLoopLag.mean / 1e6 });
});
`,
    },
    {
      name: 'liveness returns a dependency status refreshed in the background',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
let database = { ok: true, checkedAt: 0 };

async function refreshDatabaseStatus() {
  try {
    await pool.query('SELECT 1');
    database = { ok: true, checkedAt: Date.now() };
  } catch {
    database = { ok: false, checkedAt: Date.now() };
  }
}
setInterval(refreshDatabaseStatus, 10_000).unref();

app.get('/health/live', (req, res) => {
  res.json({ status: 'ok', database });
});
`,
    },
    {
      name: 'Terminus memory and disk indicators on a liveness endpoint are local',
      code: `
import { Controller, Get } from '@nestjs/common';
import { DiskHealthIndicator, HealthCheck, HealthCheckService, MemoryHealthIndicator } from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly memory: MemoryHealthIndicator,
    private readonly disk: DiskHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([
      () => this.memory.checkHeap('memory_heap', 512 * 1024 * 1024),
      () => this.disk.checkStorage('storage', { path: '/', thresholdPercent: 0.95 }),
    ]);
  }
}
`,
    },
    {
      name: 'Terminus readiness endpoint may ping the database',
      code: `
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly db: TypeOrmHealthIndicator) {}

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([() => this.db.pingCheck('database')]);
  }
}
`,
    },
    {
      name: 'a live-scores feed is not a probe',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/scores/live', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM scores WHERE finished = false LIMIT 50');
  res.json(rows);
});
`,
    },
    {
      name: 'startup probe may wait for the database',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/startupz', async (req, res) => {
  await pool.query('SELECT 1');
  res.send('started');
});
`,
    },
    {
      name: 'fire-and-forget refresh and a deferred check do not decide the liveness answer',
      code: `
import express from 'express';
import Redis from 'ioredis';

const redis = new Redis();
const app = express();
let cacheOk = true;

async function refreshCacheStatus() {
  cacheOk = (await redis.ping()) === 'PONG';
}

app.get('/livez', (req, res) => {
  void refreshCacheStatus();
  setTimeout(() => { redis.ping().catch(() => undefined); }, 0);
  res.json({ status: 'ok', cacheOk });
});
`,
    },
    {
      name: 'an embedded SQLite file is part of the process',
      code: `
import express from 'express';
import Database from 'better-sqlite3';

const db = new Database('state.db');
const app = express();

app.get('/livez', (req, res) => {
  db.prepare('SELECT 1').get();
  res.send('ok');
});
`,
    },
    {
      name: 'liveness that logs and answers',
      code: `
import Fastify from 'fastify';
import pino from 'pino';

const logger = pino();
const app = Fastify();

app.get('/health/live', async (request, reply) => {
  logger.debug({ path: request.url }, 'liveness probe');
  return reply.send({ status: 'ok' });
});
`,
    },
    {
      name: 'Next.js readiness route may fetch its upstream',
      code: `
export async function GET() {
  const upstream = await fetch('http://billing.internal/healthz');
  return Response.json({ ready: upstream.ok }, { status: upstream.ok ? 200 : 503 });
}
`,
      filename: '/repo/src/app/api/readyz/route.ts',
    },
    {
      name: 'maxDepth 0: helpers are not followed',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

async function checkDatabase() {
  await pool.query('SELECT 1');
}

app.get('/livez', async (req, res) => {
  await checkDatabase();
  res.send('ok');
});
`,
      options: [{ maxDepth: 0 }],
    },
    {
      name: 'odd code: spread handlers, missing handlers, computed paths, unknown decorators and exports',
      code: `
import express from 'express';
import { Controller, Get } from '@nestjs/common';
declare const handlers: any[];
declare const PATH: string;
declare const verb: 'get';
const app = express();
app.get('/livez', ...handlers);
app.get('/livez');
app[verb]('/livez', (req: any, res: any) => res.end());
app.get(PATH, async (req, res) => { await (globalThis as any).pool?.query?.('SELECT 1'); });
(app as any).route({ url: 42, method: 'GET', handler: null });
@Controller(PATH)
class Probe {
  @Get(PATH) async check() { return 1; }
  @Get('livez') ['computed']() { return 2; }
}
export default 42;
export { Probe };
`,
    },
    {
      name: 'odd code in a Next.js liveness route file: re-exports and non-function exports',
      code: `
export { GET } from './handlers';
export const HEAD = undefined;
export default class {}
`,
      filename: '/repo/app/livez/route.ts',
    },
  ],
  invalid: [
    {
      name: 'optional chaining and a helper called twice: one report per call site text',
      code: `
import express from 'express';
import Redis from 'ioredis';

const redis: Redis | undefined = new Redis();
const app = express();

async function cacheAlive() {
  return (await redis?.ping()) === 'PONG';
}

app.get(\`/livez\`, async (req, res) => {
  const first = await cacheAlive();
  const second = await cacheAlive();
  res.status(first && second ? 200 : 500).end();
});
`,
      errors: [
        {
          messageId: 'dependencyThroughCall',
          line: 13,
          column: 23,
          data: {
            call: 'cacheAlive()',
            dependency: 'Redis',
            route: livenessRoute('/livez'),
            reached: 'redis?.ping()',
            chain: 'cacheAlive() → redis?.ping()',
          },
        },
      ],
    },
    {
      name: 'the seed shape: /healthz documented as the probe Kubernetes restarts the pod on, pinging NATS and Postgres',
      code: `
import type { FastifyPluginAsync } from 'fastify';

/** \`/healthz\`: the probe Kubernetes restarts the pod on. Answers 200 only when NATS and Postgres answer. */
export const healthRoutes: FastifyPluginAsync<{ pool: any; nc: any }> = async (app, { pool, nc }) => {
  app.get('/healthz', async (_request, reply) => {
    if (nc.isClosed()) return reply.code(503).send({ status: 'down' });
    const natsRttMs = await nc.rtt();
    await pool.query('SELECT 1');
    return { status: 'ok', natsRttMs };
  });
};
`,
      errors: [
        {
          messageId: 'dependency',
          line: 8,
          column: 29,
          endLine: 8,
          endColumn: 37,
          data: { call: 'nc.rtt()', dependency: 'NATS', route: '`/healthz`, the liveness probe according to its comment' },
        },
        {
          messageId: 'dependency',
          line: 9,
          column: 11,
          data: { call: 'pool.query()', dependency: 'the database', route: '`/healthz`, the liveness probe according to its comment' },
        },
      ],
    },
    {
      name: 'Express /livez running SELECT 1 on a pg pool',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/livez', async (req, res) => {
  await pool.query('SELECT 1');
  res.send('ok');
});
`,
      errors: [
        {
          messageId: 'dependency',
          line: 9,
          column: 9,
          endColumn: 31,
          data: { call: 'pool.query()', dependency: 'Postgres', route: livenessRoute('/livez') },
        },
      ],
    },
    {
      name: 'a timeout and a swallowed error do not make the check safe',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
const timeout = (ms: number) => new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), ms));

app.get('/health/live', async (req, res) => {
  try {
    await Promise.race([pool.query('SELECT 1'), timeout(500)]);
  } catch (error) {
    req.log?.warn(error);
  }
  res.send('ok');
});
`,
      errors: [{ messageId: 'dependency', line: 11, column: 25, data: { call: 'pool.query()', dependency: 'Postgres', route: livenessRoute('/health/live') } }],
    },
    {
      name: 'Koa router liveness pinging Redis, reported once per client',
      code: `
import Router from '@koa/router';
import Redis from 'ioredis';

const redis = new Redis(process.env.REDIS_URL!);
const router = new Router();

router.get('/live', async (ctx) => {
  await redis.ping();
  const lastJob = await redis.get('worker:last-job');
  ctx.body = { status: 'ok', lastJob };
});
`,
      errors: [{ messageId: 'dependency', line: 9, column: 9, data: { call: 'redis.ping()', dependency: 'Redis', route: livenessRoute('/live') } }],
    },
    {
      name: 'Hono liveness calling another service over HTTP',
      code: `
import { Hono } from 'hono';

const app = new Hono();

app.get('/livez', async (c) => {
  const auth = await fetch('http://auth.internal/healthz');
  return c.json({ status: auth.ok ? 'ok' : 'degraded' }, auth.ok ? 200 : 503);
});
`,
      errors: [
        { messageId: 'dependency', line: 7, column: 22, data: { call: 'fetch()', dependency: 'an HTTP service', route: livenessRoute('/livez') } },
      ],
    },
    {
      name: 'Fastify route options: broker checks (RabbitMQ, Kafka)',
      code: `
import Fastify from 'fastify';
import amqp from 'amqplib';
import { Kafka } from 'kafkajs';

const app = Fastify();
const kafka = new Kafka({ brokers: ['kafka:9092'] });
const admin = kafka.admin();

app.route({
  method: 'GET',
  url: '/liveness',
  handler: async (request, reply) => {
    const connection = await amqp.connect(process.env.AMQP_URL!);
    await connection.close();
    await admin.describeCluster();
    return reply.send({ status: 'ok' });
  },
});
`,
      errors: [
        { messageId: 'dependency', line: 14, column: 30, data: { call: 'amqp.connect()', dependency: 'RabbitMQ', route: livenessRoute('/liveness') } },
        { messageId: 'dependency', line: 16, column: 11, data: { call: 'admin.describeCluster()', dependency: 'Kafka', route: livenessRoute('/liveness') } },
      ],
    },
    {
      name: 'NestJS Terminus: DB and HTTP indicators on the liveness endpoint, memory left alone',
      code: `
import { Controller, Get } from '@nestjs/common';
import {
  HealthCheck,
  HealthCheckService,
  HttpHealthIndicator,
  MemoryHealthIndicator,
  TypeOrmHealthIndicator,
} from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly http: HttpHealthIndicator,
    private readonly memory: MemoryHealthIndicator,
  ) {}

  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([
      () => this.db.pingCheck('database'),
      () => this.http.pingCheck('billing', 'http://billing.internal/healthz'),
      () => this.memory.checkHeap('memory_heap', 512 * 1024 * 1024),
    ]);
  }
}
`,
      errors: [
        {
          messageId: 'dependency',
          line: 24,
          column: 13,
          data: { call: 'this.db.pingCheck()', dependency: 'the database', route: livenessRoute('/health/live') },
        },
        {
          messageId: 'dependency',
          line: 25,
          column: 13,
          data: { call: 'this.http.pingCheck()', dependency: 'an HTTP service', route: livenessRoute('/health/live') },
        },
      ],
    },
    {
      name: 'NestJS: a generic /healthz controller method named liveness, through a private helper',
      code: `
import { Controller, Get } from '@nestjs/common';
import { DataSource } from 'typeorm';

@Controller('healthz')
export class ProbeController {
  constructor(private readonly dataSource: DataSource) {}

  @Get()
  async liveness() {
    await this.checkDatabase();
    return { status: 'ok' };
  }

  private async checkDatabase() {
    await this.dataSource.query('SELECT 1');
  }
}
`,
      errors: [
        {
          messageId: 'dependencyThroughCall',
          line: 11,
          column: 11,
          data: {
            call: 'this.checkDatabase()',
            dependency: 'the database',
            route: "`/healthz`, the liveness probe by its handler's name `liveness`",
            reached: 'this.dataSource.query()',
            chain: 'checkDatabase() → this.dataSource.query()',
          },
        },
      ],
    },
    {
      name: '/healthz beside /readyz is the liveness probe: only it is reported',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

async function checkDependencies() {
  await pool.query('SELECT 1');
}

app.get('/healthz', async (req, res) => {
  await checkDependencies();
  res.send('ok');
});

app.get('/readyz', async (req, res) => {
  await checkDependencies();
  res.send('ready');
});
`,
      errors: [
        {
          messageId: 'dependencyThroughCall',
          line: 13,
          column: 9,
          data: {
            call: 'checkDependencies()',
            dependency: 'Postgres',
            route: '`/healthz`, the liveness probe here (the readiness probe is `/readyz`)',
            reached: 'pool.query()',
            chain: 'checkDependencies() → pool.query()',
          },
        },
      ],
    },
    {
      name: 'a path listed in livenessPaths',
      code: `
import Router from '@koa/router';
import { Sequelize } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
const router = new Router();

router.get('/_health', async (ctx) => {
  await sequelize.authenticate();
  ctx.body = 'OK';
});
`,
      options: [{ livenessPaths: ['/_health'] }],
      errors: [
        {
          messageId: 'dependency',
          line: 9,
          column: 9,
          data: { call: 'sequelize.authenticate()', dependency: 'the database', route: 'the liveness route `/_health` (listed in `livenessPaths`)' },
        },
      ],
    },
    {
      name: 'Next.js app router liveness route querying Prisma',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function GET() {
  await prisma.$queryRaw\`SELECT 1\`;
  return Response.json({ status: 'ok' });
}
`,
      filename: '/repo/src/app/api/health/live/route.ts',
      errors: [
        {
          messageId: 'dependency',
          line: 7,
          column: 9,
          data: { call: 'prisma.$queryRaw()', dependency: 'the database', route: livenessRoute('/api/health/live') },
        },
      ],
    },
    {
      name: 'Next.js pages API liveness pinging MongoDB',
      code: `
import type { NextApiRequest, NextApiResponse } from 'next';
import mongoose from 'mongoose';

/** Kubernetes liveness probe. */
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  await mongoose.connection.db.admin().ping();
  res.status(200).json({ status: 'ok' });
}
`,
      filename: '/repo/pages/api/healthz.ts',
      errors: [
        {
          messageId: 'dependency',
          line: 7,
          column: 9,
          data: {
            call: 'mongoose.connection.db.admin().ping()',
            dependency: 'MongoDB',
            route: '`/api/healthz`, the liveness probe according to its comment',
          },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-dependency-in-liveness (typed)', rule, {
  valid: [
    {
      name: 'the causality-pipeline-fixed plugin, typed',
      code: `
import type { FastifyPluginAsync } from 'fastify';
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';

export const healthRoutes: FastifyPluginAsync<{ pool: Pool; nc: NatsConnection }> = async (app, { pool, nc }) => {
  app.get('/livez', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    if (nc.isClosed()) return reply.code(503).send({ status: 'not_ready' });
    const [natsCheck, postgresCheck] = await Promise.allSettled([nc.rtt(), pool.query('SELECT 1')]);
    const ready = natsCheck.status === 'fulfilled' && postgresCheck.status === 'fulfilled';
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready' });
  });
};
`,
    },
    {
      name: 'liveness reads NATS connection state only (local)',
      code: `
import type { FastifyInstance } from 'fastify';
import type { NatsConnection } from 'nats';

export function probes(app: FastifyInstance, nc: NatsConnection) {
  app.get('/livez', async (_request, reply) => {
    if (nc.isClosed()) return reply.code(500).send({ status: 'nats connection closed for good' });
    return { status: 'ok' };
  });
}
`,
    },
    {
      name: 'liveness returns the status a background timer refreshed (imported)',
      code: `
import express from 'express';
import { cachedStatus } from './health-checks.js';

const app = express();
app.get('/livez', (req, res) => {
  res.json(cachedStatus());
});
`,
    },
    {
      name: 'an imported liveness handler that answers from memory',
      code: `
import express from 'express';
import { liveFromMemory } from './health-checks.js';

const app = express();
app.get('/livez', liveFromMemory);
`,
    },
    {
      name: 'an imported handler with a database check on a readiness route',
      code: `
import express from 'express';
import { liveWithDatabase } from './health-checks.js';

const app = express();
app.get('/readyz', liveWithDatabase);
`,
    },
    {
      name: 'a project class whose ping() is local',
      code: `
import express from 'express';

class Watchdog {
  private last = Date.now();
  ping() { return Date.now() - this.last < 30_000; }
}
const watchdog = new Watchdog();
const app = express();
app.get('/livez', (req, res) => {
  res.status(watchdog.ping() ? 200 : 500).end();
});
`,
    },
    {
      name: 'the same in-house client without the setting: better-sqlite3 underneath is embedded',
      code: `
import express from 'express';
import { DatabaseService } from './sync-io-db-service.js';

const db = new DatabaseService(process.env.DATABASE_FILE ?? 'app.db');
const app = express();
app.get('/livez', (req, res) => {
  db.execute('SELECT 1');
  res.send('ok');
});
`,
    },
    {
      name: 'Next.js readiness route file in the fixture project',
      code: `
export async function GET() {
  const upstream = await fetch('http://billing.internal/healthz');
  return Response.json({ ready: upstream.ok });
}
`,
      filename: 'health-next/app/api/readyz/route.ts',
    },
  ],
  invalid: [
    {
      name: 'the causality-pipeline plugin, typed: NATS rtt and pg SELECT 1 in /healthz',
      code: `
import type { FastifyPluginAsync } from 'fastify';
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';

/** \`/healthz\`: the probe Kubernetes restarts the pod on. Answers 200 only when NATS and Postgres answer. */
export const healthRoutes: FastifyPluginAsync<{ pool: Pool; nc: NatsConnection }> = async (app, { pool, nc }) => {
  app.get('/healthz', async (_request, reply) => {
    if (nc.isClosed()) return reply.code(503).send({ status: 'down', nats: 'closed' });
    const natsRttMs = await nc.rtt();
    await pool.query('SELECT 1');
    return { status: 'ok', natsRttMs };
  });
};
`,
      errors: [
        { messageId: 'dependency', line: 10, column: 29, data: { call: 'nc.rtt()', dependency: 'NATS', route: '`/healthz`, the liveness probe according to its comment' } },
        { messageId: 'dependency', line: 11, column: 11, data: { call: 'pool.query()', dependency: 'Postgres', route: '`/healthz`, the liveness probe according to its comment' } },
      ],
    },
    {
      name: 'an imported helper that reaches Postgres two functions down',
      code: `
import express from 'express';
import { checkDependencies } from './health-checks.js';

const app = express();
app.get('/health/live', async (req, res) => {
  await checkDependencies();
  res.send('ok');
});
`,
      errors: [
        {
          messageId: 'dependencyThroughCall',
          line: 7,
          column: 9,
          data: {
            call: 'checkDependencies()',
            dependency: 'Postgres',
            route: livenessRoute('/health/live'),
            reached: 'pool.query()',
            chain: 'checkDependencies() → checkDatabase() → pool.query() (health-checks.ts:15)',
          },
        },
      ],
    },
    {
      name: 'an imported handler registered on a liveness route',
      code: `
import express from 'express';
import { liveWithDatabase } from './health-checks.js';

const app = express();
app.get('/livez', liveWithDatabase);
`,
      errors: [
        {
          messageId: 'dependencyInHandler',
          line: 6,
          column: 19,
          data: {
            handler: 'liveWithDatabase',
            route: livenessRoute('/livez'),
            dependency: 'Postgres',
            reached: 'pool.query()',
            chain: 'liveWithDatabase() → pool.query() (health-checks.ts:37)',
          },
        },
      ],
    },
    {
      name: 'Terminus with types: the Prisma-free TypeORM indicator on a liveness endpoint',
      code: `
import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthCheckService, private readonly db: TypeOrmHealthIndicator) {}

  @Get('liveness')
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]);
  }
}
`,
      errors: [
        {
          messageId: 'dependency',
          line: 12,
          column: 37,
          data: { call: 'this.db.pingCheck()', dependency: 'the database', route: livenessRoute('/health/liveness') },
        },
      ],
    },
    {
      name: 'ioredis through a class property, typed',
      code: `
import express from 'express';
import Redis from 'ioredis';

class Probes {
  private readonly redis = new Redis();
  live = async (_req: express.Request, res: express.Response) => {
    await this.redis.ping();
    res.send('ok');
  };
}
const probes = new Probes();
const app = express();
app.get('/livez', probes.live);
`,
      errors: [{ messageId: 'dependency', line: 8, column: 11, data: { call: 'this.redis.ping()', dependency: 'Redis', route: livenessRoute('/livez') } }],
    },
    {
      name: 'an in-house database client declared in settings.pitfalls.dbQueries',
      code: `
import express from 'express';
import { DatabaseService } from './sync-io-db-service.js';

const db = new DatabaseService(process.env.DATABASE_FILE ?? 'app.db');
const app = express();
app.get('/livez', (req, res) => {
  db.execute('SELECT 1');
  res.send('ok');
});
`,
      settings: databaseServiceQueries,
      errors: [{ messageId: 'dependency', line: 8, column: 3, data: { call: 'db.execute()', dependency: 'the database', route: livenessRoute('/livez') } }],
    },
    {
      name: 'Next.js liveness route file in the fixture project, calling an upstream',
      code: `
export async function GET() {
  const upstream = await fetch('http://billing.internal/healthz');
  return Response.json({ ok: upstream.ok });
}
`,
      filename: 'health-next/app/api/health/live/route.ts',
      errors: [
        { messageId: 'dependency', line: 3, column: 26, data: { call: 'fetch()', dependency: 'an HTTP service', route: livenessRoute('/api/health/live') } },
      ],
    },
  ],
});
