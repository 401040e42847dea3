import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import type { FunctionLike } from '../../src/knowledge/handlers.js';
import {
  dependencyCallOf,
  joinRoutePath,
  livenessRoutesOf,
  nextRoutePathOf,
  probeKindOfPath,
  routePathMatches,
} from '../../src/knowledge/health.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

describe('probeKindOfPath', () => {
  it.each([
    ['/livez', 'liveness'],
    ['/live', 'liveness'],
    ['/liveness', 'liveness'],
    ['/alive', 'liveness'],
    ['/health/live', 'liveness'],
    ['/healthz/live', 'liveness'],
    ['/api/v1/health/liveness', 'liveness'],
    ['/internal/livez', 'liveness'],
    ['/_live', 'liveness'],
    ['/readyz', 'readiness'],
    ['/ready', 'readiness'],
    ['/health/ready', 'readiness'],
    ['/-/ready', 'readiness'],
    ['/readiness', 'readiness'],
    ['/startupz', 'startup'],
    ['/health', 'health'],
    ['/healthz', 'health'],
    ['/_health', 'health'],
    ['/api/healthcheck', 'health'],
    ['/health-check', 'health'],
    ['/ping', 'health'],
    ['/healthz/', 'health'],
    ['/LIVEZ', 'liveness'],
  ] as const)('%s is %s', (path, kind) => {
    expect(probeKindOfPath(path)).toBe(kind);
  });

  it.each(['/scores/live', '/streams/:id/live', '/orders/:id/ready', '/users/:id/ping', '/projects/:id/health', '/metrics', '/', '/health/:check', '/delivery'])(
    '%s is no probe',
    (path) => {
      expect(probeKindOfPath(path)).toBeUndefined();
    },
  );
});

describe('joinRoutePath', () => {
  it('joins NestJS controller and method paths', () => {
    expect(joinRoutePath('health', 'live')).toBe('/health/live');
    expect(joinRoutePath('/health/', '/live/')).toBe('/health/live');
    expect(joinRoutePath('', 'livez')).toBe('/livez');
    expect(joinRoutePath('health', '')).toBe('/health');
    expect(joinRoutePath()).toBe('/');
  });
});

describe('nextRoutePathOf', () => {
  it('reads the app router path from the folders, without route groups and slots', () => {
    expect(nextRoutePathOf('/repo/src/app/api/health/live/route.ts')).toBe('/api/health/live');
    expect(nextRoutePathOf('/repo/app/(ops)/livez/route.js')).toBe('/livez');
    expect(nextRoutePathOf('C:\\repo\\app\\api\\readyz\\route.ts')).toBe('/api/readyz');
  });

  it('reads the pages/api path from the file name', () => {
    expect(nextRoutePathOf('/repo/pages/api/healthz.ts')).toBe('/api/healthz');
    expect(nextRoutePathOf('/repo/src/pages/api/health/index.ts')).toBe('/api/health');
  });

  it('is undefined for other files', () => {
    expect(nextRoutePathOf('/repo/src/routes/health.ts')).toBeUndefined();
    expect(nextRoutePathOf('/repo/app/api/health/page.tsx')).toBeUndefined();
    expect(nextRoutePathOf('/repo/pages/health.tsx')).toBeUndefined();
  });
});

describe('routePathMatches', () => {
  it('matches a manifest probe path to the route serving it', () => {
    expect(routePathMatches('/healthz', '/healthz')).toBe(true);
    expect(routePathMatches('/healthz/', '/healthz')).toBe(true);
    expect(routePathMatches('/livez?verbose=1', '/livez')).toBe(true);
    expect(routePathMatches('/health/live', '/health/:probe')).toBe(true);
    expect(routePathMatches('/api/health/live', '/api/[...slug]')).toBe(true);
    expect(routePathMatches('/Healthz', '/healthz')).toBe(true);
  });

  it('does not match another path', () => {
    expect(routePathMatches('/healthz', '/readyz')).toBe(false);
    expect(routePathMatches('/health/live', '/health')).toBe(false);
    expect(routePathMatches('/health', '/health/live')).toBe(false);
  });
});

/** Test-only rule: reports each liveness handler with its path and evidence (`settings.livenessPaths` passed through). */
const livenessRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { liveness: '{{path}} {{evidence}}' }, schema: [] },
  defaultOptions: [],
  create(context) {
    const livenessPaths = (context.settings['livenessPaths'] as string[] | undefined) ?? [];
    const check = (fn: FunctionLike) => {
      const route = livenessRoutesOf(context, { livenessPaths }).handlers.get(fn);
      if (route) context.report({ node: fn, messageId: 'liveness', data: { path: route.path, evidence: route.evidence.kind } });
    };
    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
      'Program:exit'() {
        for (const [argument, route] of livenessRoutesOf(context, { livenessPaths }).external) {
          context.report({ node: argument, messageId: 'liveness', data: { path: route.path, evidence: `external ${route.evidence.kind}` } });
        }
      },
    };
  },
});

const liveness = (line: number, column: number, path: string, evidence: string) => ({
  messageId: 'liveness' as const,
  line,
  column,
  data: { path, evidence },
});

untypedRuleTester().run('livenessRoutesOf (untyped)', livenessRule, {
  valid: [
    // A generic /healthz with nothing saying how Kubernetes uses it.
    `
import express from 'express';
const app = express();
app.get('/healthz', async (req, res) => { res.json({ ok: true }); });
`,
    // Readiness routes are never liveness.
    `
import express from 'express';
const app = express();
app.get('/readyz', async (req, res) => { res.json({ ok: true }); });
app.get('/health/ready', async (req, res) => { res.json({ ok: true }); });
`,
    // A live-scores feed is no probe.
    `
import express from 'express';
const app = express();
app.get('/scores/live', async (req, res) => { res.json([]); });
`,
    // POST /livez is no probe: Kubernetes probes with GET.
    `
import express from 'express';
const app = express();
app.post('/livez', async (req, res) => { res.json({ ok: true }); });
`,
    // Fastify route options with a method a probe does not use.
    `
import Fastify from 'fastify';
const app = Fastify();
app.route({ method: 'POST', url: '/livez', handler: async () => ({ ok: true }) });
`,
    // A comment that says the route is NOT the liveness probe.
    `
import express from 'express';
const app = express();
// Detailed status for dashboards: not the liveness probe.
app.get('/healthz', (req, res) => { res.send('ok'); });
`,
    // HTTP keep-alive in a comment is not about the probe.
    `
import express from 'express';
const app = express();
// Reuses keep-alive connections to the upstream.
app.get('/health', (req, res) => { res.send('ok'); });
`,
    // A plugin comment about another path's liveness role.
    `
import type { FastifyPluginAsync } from 'fastify';
/** /ping is what the liveness probe hits; /health reports the dependencies. */
export const routes: FastifyPluginAsync = async (app) => {
  app.get('/health', async () => ({ ok: true }));
  app.get('/metrics', async () => '');
};
`,
    // A cache with a path-like key is no router.
    `
const cache = new Map<string, () => void>();
declare const responseCache: { get(key: string, load: () => Promise<string>): Promise<string> };
void responseCache.get('/livez', async () => 'cached');
`,
    // Next.js app route outside a probe folder.
    {
      code: `export async function GET() { return Response.json({ ok: true }); }`,
      filename: '/repo/app/api/users/route.ts',
    },
    // Next.js: a POST export of a liveness folder is no probe.
    {
      code: `export async function POST() { return Response.json({ ok: true }); }`,
      filename: '/repo/app/api/health/live/route.ts',
    },
  ],
  invalid: [
    {
      code: `
import express from 'express';
const app = express();
app.get('/livez', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(4, 19, '/livez', 'path')],
    },
    {
      code: `
import { Router } from 'express';
const router = Router();
router.get('/health/live', async (req, res) => { res.json({ status: 'ok' }); });
router.route('/alive').get(function alive(req, res) { res.end(); });
`,
      errors: [liveness(4, 28, '/health/live', 'path'), liveness(5, 28, '/alive', 'path')],
    },
    {
      code: `
import Fastify from 'fastify';
const app = Fastify();
app.get('/livez', { logLevel: 'warn' }, async () => ({ ok: true }));
app.route({ method: ['GET', 'HEAD'], url: '/liveness', handler: async () => ({ ok: true }) });
`,
      errors: [liveness(4, 41, '/livez', 'path'), liveness(5, 65, '/liveness', 'path')],
    },
    {
      code: `
import Router from '@koa/router';
const router = new Router();
router.get('liveness', '/live', async (ctx) => { ctx.body = 'ok'; });
`,
      errors: [liveness(4, 33, '/live', 'path')],
    },
    {
      code: `
import { Hono } from 'hono';
const app = new Hono();
app.get('/livez', (c) => c.text('ok'));
`,
      errors: [liveness(4, 19, '/livez', 'path')],
    },
    {
      name: 'a handler referenced by name and wrapped',
      code: `
import express from 'express';
const app = express();
const asyncHandler = (fn: any) => fn;
async function live(req: any, res: any) { res.send('ok'); }
app.get('/livez', asyncHandler(live));
`,
      errors: [liveness(5, 1, '/livez', 'path')],
    },
    {
      name: 'NestJS controller and method paths are joined',
      code: `
import { Controller, Get } from '@nestjs/common';
@Controller('health')
export class HealthController {
  @Get('live')
  live() { return { status: 'ok' }; }
  @Get('ready')
  ready() { return { status: 'ok' }; }
}
`,
      errors: [liveness(6, 7, '/health/live', 'path')],
    },
    {
      name: 'NestJS: a generic path with a liveness method name',
      code: `
import { Controller, Get } from '@nestjs/common';
@Controller({ path: 'healthz' })
export class ProbeController {
  @Get()
  liveness() { return { status: 'ok' }; }
}
`,
      errors: [liveness(6, 11, '/healthz', 'name')],
    },
    {
      name: 'a generic /healthz beside explicit /livez and /readyz is neither probe',
      code: `
import express from 'express';
const app = express();
app.get('/livez', (req, res) => { res.send('ok'); });
app.get('/readyz', (req, res) => { res.send('ok'); });
app.get('/healthz', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(4, 19, '/livez', 'path')],
    },
    {
      name: 'a generic /healthz next to /readyz is the liveness probe',
      code: `
import express from 'express';
const app = express();
app.get('/healthz', (req, res) => { res.send('ok'); });
app.get('/readyz', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(4, 21, '/healthz', 'readiness-route')],
    },
    {
      name: 'a generic /health next to /ready (the seed services had /health and /ready)',
      code: `
import express from 'express';
const app = express();
app.get('/health', (req, res) => { res.send('ok'); });
app.get('/ready', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(4, 20, '/health', 'readiness-route')],
    },
    {
      name: 'a comment on the registration',
      code: `
import express from 'express';
const app = express();
// Kubernetes livenessProbe target.
app.get('/healthz', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(5, 21, '/healthz', 'comment')],
    },
    {
      name: 'a comment on the plugin naming the path (the causality-pipeline shape)',
      code: `
import type { FastifyPluginAsync } from 'fastify';
/** \`/healthz\`: the probe Kubernetes restarts the pod on. */
export const healthRoutes: FastifyPluginAsync = async (app) => {
  app.get('/healthz', async (_request, reply) => ({ status: 'ok' }));
  app.get('/metrics', async () => '');
};
`,
      errors: [liveness(5, 23, '/healthz', 'comment')],
    },
    {
      name: 'a comment saying the route answers while the process is alive',
      code: `
import express from 'express';
const app = express();
/* 200 as long as the process is alive. */
app.get('/healthz', (req, res) => { res.send('ok'); });
`,
      errors: [liveness(5, 21, '/healthz', 'comment')],
    },
    {
      name: 'a comment inside the handler',
      code: `
import express from 'express';
const app = express();
app.get('/ping', (req, res) => {
  // liveness: answer as long as the event loop does
  res.send('pong');
});
`,
      errors: [liveness(4, 18, '/ping', 'comment')],
    },
    {
      name: 'a path listed in livenessPaths',
      code: `
import express from 'express';
const app = express();
app.get('/_health', (req, res) => { res.send('ok'); });
`,
      settings: { livenessPaths: ['/_health'] },
      errors: [liveness(4, 21, '/_health', 'listed')],
    },
    {
      name: 'Next.js app router: the GET export of app/**/live/route.ts',
      code: `export async function GET() { return Response.json({ ok: true }); }`,
      filename: '/repo/src/app/api/health/live/route.ts',
      errors: [liveness(1, 8, '/api/health/live', 'path')],
    },
    {
      name: 'Next.js pages/api: the default export',
      code: `
// Kubernetes liveness probe.
export default function handler(req: any, res: any) { res.status(200).json({ ok: true }); }
`,
      filename: '/repo/pages/api/healthz.ts',
      errors: [liveness(3, 16, '/api/healthz', 'comment')],
    },
  ],
});

typedRuleTester().run('livenessRoutesOf (typed)', livenessRule, {
  valid: [
    // An Express router mounted on a path: the router is not a handler.
    `
import express, { Router } from 'express';
const app = express();
const health = Router();
app.use('/livez', health);
`,
  ],
  invalid: [
    {
      name: 'handlers declared in another module, on a registration the types tie to Express',
      code: `
import express from 'express';
import { liveWithDatabase } from './health-checks.js';
const app = express();
app.get('/livez', liveWithDatabase);
`,
      errors: [liveness(5, 19, '/livez', 'external path')],
    },
    {
      name: 'a Fastify plugin with typed options',
      code: `
import type { FastifyInstance } from 'fastify';
export async function probes(app: FastifyInstance) {
  app.get('/health/live', async () => ({ status: 'ok' }));
}
`,
      errors: [liveness(4, 27, '/health/live', 'path')],
    },
    {
      name: 'Next.js app router file in the fixture project',
      code: `export async function GET() { return Response.json({ ok: true }); }`,
      filename: 'health-next/app/api/health/live/route.ts',
      errors: [liveness(1, 8, '/api/health/live', 'path')],
    },
  ],
});

/** Test-only rule: reports each call `dependencyCallOf` recognises, with its kind and dependency. */
const dependencyRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages: { dependency: '{{kind}}: {{dependency}} {{label}}' }, schema: [] },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) => {
      const found = dependencyCallOf(node, context);
      if (found) context.report({ node, messageId: 'dependency', data: { kind: found.kind, dependency: found.dependency, label: found.label } });
    };
    return { CallExpression: check, TaggedTemplateExpression: check };
  },
});

const dependency = (line: number, column: number, kind: string, name: string, label: string) => ({
  messageId: 'dependency' as const,
  line,
  column,
  data: { kind, dependency: name, label },
});

typedRuleTester().run('dependencyCallOf (typed)', dependencyRule, {
  valid: [
    // Local reads: NATS connection state, pool counters, process state, a logger.
    `
import type { NatsConnection } from 'nats';
import type { Pool } from 'pg';
export function status(nc: NatsConnection, pool: Pool) {
  return { closed: nc.isClosed(), draining: nc.isDraining(), server: nc.getServer(), idle: pool.idleCount, up: process.uptime() };
}
`,
    // NATS publish is buffered locally; it does not wait for the server.
    `
import type { NatsConnection } from 'nats';
export function announce(nc: NatsConnection) { nc.publish('pods.alive'); }
`,
    // Terminus memory and disk indicators read this process and host.
    `
import { DiskHealthIndicator, MemoryHealthIndicator } from '@nestjs/terminus';
export function local(memory: MemoryHealthIndicator, disk: DiskHealthIndicator) {
  return [memory.checkHeap('heap', 512 * 1024 * 1024), disk.checkStorage('disk', { path: '/', thresholdPercent: 0.9 })];
}
`,
    // An embedded SQLite database is this process's own file.
    `
import Database from 'better-sqlite3';
const db = new Database('app.db');
export function ping() { return db.prepare('SELECT 1').get(); }
`,
    // ioredis event registration is local.
    `
import Redis from 'ioredis';
const redis = new Redis();
redis.on('error', () => undefined);
`,
    // A project class with a ping method resolved by types is not guessed at.
    `
class Heartbeat { ping() { return Date.now(); } }
const heartbeat = new Heartbeat();
export const beat = () => heartbeat.ping();
`,
  ],
  invalid: [
    {
      code: `
import type { Pool } from 'pg';
export async function check(pool: Pool) {
  await pool.query('SELECT 1');
  const client = await pool.connect();
  client.release();
}
`,
      errors: [dependency(4, 9, 'database', 'Postgres', 'pool.query()'), dependency(5, 24, 'database', 'Postgres', 'pool.connect()')],
    },
    {
      code: `
import type { NatsConnection } from 'nats';
export async function check(nc: NatsConnection) {
  await nc.flush();
  const rtt = await nc.rtt();
  const jsm = await nc.jetstreamManager();
  await jsm.getAccountInfo();
  return rtt;
}
`,
      errors: [
        dependency(4, 9, 'message broker', 'NATS', 'nc.flush()'),
        dependency(5, 21, 'message broker', 'NATS', 'nc.rtt()'),
        dependency(6, 21, 'message broker', 'NATS', 'nc.jetstreamManager()'),
        dependency(7, 9, 'message broker', 'NATS', 'jsm.getAccountInfo()'),
      ],
    },
    {
      code: `
import Redis from 'ioredis';
const redis = new Redis();
export async function check() {
  await redis.ping();
  return redis.get('health:last');
}
`,
      errors: [dependency(5, 9, 'cache', 'Redis', 'redis.ping()'), dependency(6, 10, 'cache', 'Redis', 'redis.get()')],
    },
    {
      code: `
import type { Channel } from 'amqplib';
import type { Admin } from 'kafkajs';
export async function check(channel: Channel, admin: Admin) {
  await channel.checkQueue('events');
  await admin.describeCluster();
}
`,
      errors: [
        dependency(5, 9, 'message broker', 'RabbitMQ', 'channel.checkQueue()'),
        dependency(6, 9, 'message broker', 'Kafka', 'admin.describeCluster()'),
      ],
    },
    {
      code: `
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize('postgres://localhost/app');
export async function check() { await sequelize.authenticate(); }
`,
      errors: [dependency(4, 39, 'database', 'the database', 'sequelize.authenticate()')],
    },
    {
      code: `
export async function check() { await fetch('http://billing/healthz'); }
`,
      errors: [dependency(2, 39, 'HTTP service', 'an HTTP service', 'fetch()')],
    },
    {
      code: `
import { SQSClient, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
export async function check() { await sqs.send(new GetQueueAttributesCommand({ QueueUrl: 'q' })); }
`,
      errors: [dependency(4, 39, 'cloud service', 'AWS', 'sqs.send()')],
    },
    {
      code: `
import { HttpHealthIndicator, TypeOrmHealthIndicator } from '@nestjs/terminus';
export function checks(db: TypeOrmHealthIndicator, http: HttpHealthIndicator) {
  return [() => db.pingCheck('database'), () => http.pingCheck('billing', 'http://billing')];
}
`,
      errors: [
        dependency(4, 17, 'health indicator', 'the database', 'db.pingCheck()'),
        dependency(4, 49, 'health indicator', 'an HTTP service', 'http.pingCheck()'),
      ],
    },
  ],
});

untypedRuleTester().run('dependencyCallOf (untyped)', dependencyRule, {
  valid: [
    // A cache `get` on an unknown receiver is not guessed at.
    `export const read = (cache: any) => cache.get('status');`,
    // query() without SQL text.
    `export const run = (bus: any) => bus.query({ type: 'status' });`,
    // flush() on a logger.
    `export const done = (logger: any) => logger.flush();`,
    // Terminus memory checks by name.
    `export const heap = (memory: any) => memory.checkHeap('heap', 1024);`,
    // authenticate() on something that is not Sequelize.
    `export const login = (passport: any) => passport.authenticate('jwt');`,
  ],
  invalid: [
    {
      code: `
export async function check(redisClient: any, natsConn: any, conn: any) {
  await redisClient.ping();
  await natsConn.rtt();
  await conn.query('SELECT 1');
}
`,
      errors: [
        dependency(3, 9, 'cache', 'Redis', 'redisClient.ping()'),
        dependency(4, 9, 'message broker', 'NATS', 'natsConn.rtt()'),
        dependency(5, 9, 'database', 'the database', 'conn.query()'),
      ],
    },
    {
      code: `
import mongoose from 'mongoose';
export async function check() { await mongoose.connection.db.admin().ping(); }
`,
      errors: [dependency(3, 39, 'database', 'MongoDB', 'mongoose.connection.db.admin().ping()')],
    },
    {
      code: `
import { Injectable } from '@nestjs/common';
import { TypeOrmHealthIndicator } from '@nestjs/terminus';
@Injectable()
export class Checks {
  constructor(private readonly db: TypeOrmHealthIndicator) {}
  run() { return this.db.pingCheck('database'); }
}
`,
      errors: [dependency(7, 18, 'health indicator', 'the database', 'this.db.pingCheck()')],
    },
    {
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const check = () => pool.query('SELECT 1');
`,
      errors: [dependency(4, 28, 'database', 'Postgres', 'pool.query()')],
    },
  ],
});
