import path from 'node:path';
import rule from '../../src/rules/require-query-limit.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/**
 * The seed's in-house `DatabaseService` (tests/fixture/sync-io-db-service.ts) registered as SQL sinks.
 * Module paths are relative to ESLint's working directory, `/` for the typed tester.
 */
const databaseServiceSinks = {
  pitfalls: {
    sqlSinks: ['execute', 'executeOne'].map((method) => ({
      module: `./${path.relative('/', path.join(fixtureDir, 'sync-io-db-service'))}`,
      name: `DatabaseService.${method}`,
    })),
  },
};

untypedRuleTester().run('require-query-limit (untyped)', rule, {
  valid: [
    {
      name: 'Prisma findMany with take and a cursor: one page per request',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/posts', async (req, res) => {
  const take = Math.min(Number(req.query.limit) || 20, 100);
  const cursor = typeof req.query.after === 'string' ? { id: req.query.after } : undefined;
  const posts = await prisma.post.findMany({ take, cursor, skip: cursor ? 1 : 0, orderBy: { id: 'asc' } });
  res.json(posts);
});
`,
    },
    {
      name: 'Prisma findUnique and findFirst read one row',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/users/:handle', async (req, res) => {
  const user = await prisma.user.findUnique({ where: { handle: req.params.handle } });
  const latest = await prisma.post.findFirst({ where: { published: true }, orderBy: { createdAt: 'desc' } });
  res.json({ user, latest });
});
`,
    },
    {
      name: 'Prisma findMany without take in a nightly job: not on the request path',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function purgeExpiredSessions() {
  const expired = await prisma.session.findMany({ where: { expiresAt: { lt: new Date() } } });
  await prisma.session.deleteMany({ where: { id: { in: expired.map((session) => session.id) } } });
}
`,
    },
    {
      name: 'Prisma findMany by a foreign key: read by key',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const router = express.Router();

router.get('/orders/:id/items', async (req, res) => {
  res.json(await prisma.orderItem.findMany({ where: { orderId: req.params.id } }));
});
`,
    },
    {
      name: 'Prisma findMany with options built elsewhere: not judged',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';
import { pageArgs } from './pagination';

const prisma = new PrismaClient();
const app = express();

app.get('/products', async (req, res) => {
  res.json(await prisma.product.findMany(pageArgs(req.query)));
  res.json(await prisma.product.findMany({ ...pageArgs(req.query), where: { archived: false } }));
});
`,
    },
    {
      name: 'TypeORM find with take, and findOneBy',
      code: `
import { Controller, Get, Param, Query } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Invoice } from './invoice.entity';

@Controller('invoices')
export class InvoicesController {
  constructor(@InjectRepository(Invoice) private readonly invoices: Repository<Invoice>) {}

  @Get()
  list(@Query('page') page = 0) {
    return this.invoices.find({ order: { issuedAt: 'DESC' }, take: 50, skip: page * 50 });
  }

  @Get(':number')
  one(@Param('number') number: string) {
    return this.invoices.findOneBy({ number });
  }
}
`,
    },
    {
      name: 'pg SELECT with LIMIT in an Express handler',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/events', async (req, res) => {
  const { rows } = await pool.query('SELECT id, type, payload FROM events ORDER BY id DESC LIMIT $1', [100]);
  res.json(rows);
});
`,
    },
    {
      name: 'pg aggregates: count, GROUP BY with sums, EXISTS and SELECT 1',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/stats', async (req, res) => {
  const total = await pool.query('SELECT count(*) AS n FROM events');
  const byType = await pool.query('SELECT type, sum(amount) AS amount FROM payments GROUP BY type');
  const any = await pool.query('SELECT EXISTS (SELECT 1 FROM incidents WHERE resolved = false) AS open');
  const alive = await pool.query('SELECT 1 FROM pg_stat_activity');
  res.json({ total: total.rows[0], byType: byType.rows, any: any.rows[0], alive: alive.rowCount });
});
`,
    },
    {
      name: 'pg single-row lookups by id, email and token, and reads by a foreign key',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/login', async (req, res) => {
  const { rows } = await pool.query('SELECT id, password_hash FROM users WHERE lower(email) = $1', [req.body.email]);
  const session = await pool.query('SELECT * FROM sessions WHERE refresh_token = $1', [req.body.token]);
  res.json({ user: rows[0], session: session.rows[0] });
});

app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);
  const roles = await pool.query('SELECT r.name FROM user_roles ur JOIN roles r ON r.id = ur.role_id WHERE ur.user_id = $1', [req.params.id]);
  res.json({ ...rows[0], roles: roles.rows });
});
`,
    },
    {
      name: 'pg WHERE id = ANY($1): at most one row per id the request sent',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/users/batch', async (req, res) => {
  const { rows } = await pool.query('SELECT id, name FROM users WHERE id = ANY($1)', [req.body.ids]);
  res.json(rows);
});
`,
    },
    {
      name: 'pg INSERT … RETURNING and UPDATE: writes',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/notes', async (req, res) => {
  const { rows } = await pool.query('INSERT INTO notes (body) SELECT body FROM drafts WHERE author = $1 RETURNING *', [req.body.author]);
  res.json(rows);
});
`,
    },
    {
      name: 'pg SELECT without LIMIT in a CLI export script',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

async function main() {
  const { rows } = await pool.query('SELECT * FROM customers ORDER BY id');
  process.stdout.write(JSON.stringify(rows));
}

main();
`,
    },
    {
      name: 'pg query streamed through pg-query-stream, and a spliced clause that may hold the LIMIT',
      code: `
import express from 'express';
import { Pool } from 'pg';
import QueryStream from 'pg-query-stream';

const pool = new Pool();
const app = express();

app.get('/export.csv', async (req, res) => {
  const client = await pool.connect();
  const stream = client.query(new QueryStream('SELECT * FROM orders ORDER BY id'));
  stream.pipe(res);
});

app.get('/search', async (req, res) => {
  const page = buildPage(req.query);
  const { rows } = await pool.query('SELECT * FROM products WHERE name ILIKE $1 ' + page, ['%' + req.query.q + '%']);
  res.json(rows);
});
`,
    },
    {
      name: 'mysql2 query(...).stream() in a Fastify handler',
      code: `
import Fastify from 'fastify';
import mysql from 'mysql2';

const connection = mysql.createConnection({ host: 'localhost' });
const app = Fastify();

app.get('/audit/export', (request, reply) => {
  reply.send(connection.query('SELECT * FROM audit_log ORDER BY created_at').stream());
});
`,
    },
    {
      name: 'Odd code: computed members, optional chaining, no arguments, any-typed SQL',
      code: `
import express from 'express';

const app = express();

app.get('/odd', async (req: any, res: any) => {
  const db: any = req.app.locals.db;
  await db?.['query']?.();
  await db.query(req.body.sql);
  await db.query(\`SELECT * FROM \${req.query.table}\`);
  res.end();
});
`,
    },
  ],
  invalid: [
    {
      name: 'Prisma findMany with no take in an Express handler',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/posts', async (req, res) => {
  const posts = await prisma.post.findMany({ where: { published: true }, orderBy: { createdAt: 'desc' } });
  res.json(posts);
});
`,
      errors: [
        {
          messageId: 'unboundedFind',
          data: { query: 'prisma.post.findMany', handler: 'Express route handler' },
          line: 9,
          column: 23,
          endLine: 9,
          endColumn: 107,
        },
      ],
    },
    {
      name: 'Prisma findMany() with no arguments in a Next.js route handler',
      filename: 'app/api/users/route.ts',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function GET() {
  return Response.json(await prisma.user.findMany());
}
`,
      errors: [{ messageId: 'unboundedFind', data: { query: 'prisma.user.findMany', handler: 'Next.js route handler' }, line: 7, column: 30 }],
    },
    {
      name: 'TypeORM find and findBy in a NestJS controller',
      code: `
import { Controller, Get } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Invoice } from './invoice.entity';

@Controller('invoices')
export class InvoicesController {
  constructor(@InjectRepository(Invoice) private readonly invoices: Repository<Invoice>) {}

  @Get()
  list() {
    return this.invoices.find({ order: { issuedAt: 'DESC' } });
  }

  @Get('overdue')
  overdue() {
    return this.invoices.findBy({ status: 'overdue' });
  }
}
`,
      errors: [
        { messageId: 'unboundedFind', data: { query: 'this.invoices.find', handler: 'NestJS controller method' }, line: 13, column: 12 },
        { messageId: 'unboundedFind', data: { query: 'this.invoices.findBy', handler: 'NestJS controller method' }, line: 18, column: 12 },
      ],
    },
    {
      name: 'pg SELECT * with no LIMIT in an Express handler: the seed\'s SELECT * FROM events',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/events', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM events ORDER BY occurred_at DESC');
  res.json(rows);
});
`,
      errors: [
        {
          messageId: 'unboundedSelect',
          data: { query: 'pool.query', handler: 'Express route handler', table: 'events' },
          line: 9,
          column: 26,
          endLine: 9,
          endColumn: 86,
        },
      ],
    },
    {
      name: 'pg SELECT filtered by a non-key column, SQL in a local variable, in a Fastify route',
      code: `
import Fastify from 'fastify';
import pg from 'pg';

const pool = new pg.Pool();
const app = Fastify();

app.get('/tickets/open', async () => {
  const sql = 'SELECT t.id, t.title, t.priority FROM tickets t WHERE t.status = $1 ORDER BY t.priority';
  const { rows } = await pool.query(sql, ['open']);
  return rows;
});
`,
      errors: [{ messageId: 'unboundedSelect', data: { query: 'pool.query', handler: 'Fastify route handler', table: 'tickets' }, line: 10, column: 26 }],
    },
  ],
});

typedRuleTester().run('require-query-limit (typed)', rule, {
  valid: [
    {
      name: 'settings.pitfalls.sqlSinks: an executeOne wrapper returns one row',
      settings: databaseServiceSinks,
      code: `
import Fastify from 'fastify';
import { DatabaseService } from './sync-io-db-service.js';

const db = new DatabaseService('app.db');
export const app = Fastify();

app.post<{ Body: { email: string } }>('/login', async (request) => {
  return db.executeOne('SELECT * FROM users WHERE email = ?', request.body.email);
});
`,
    },
    {
      name: 'pg: paginated with LIMIT and keyset, in an Express router',
      code: `
import { Router } from 'express';
import { Pool } from 'pg';

const pool = new Pool();
export const router = Router();

router.get('/messages', async (req, res) => {
  const after = Number(req.query.after) || 0;
  const { rows } = await pool.query('SELECT id, body FROM messages WHERE id > $1 ORDER BY id LIMIT 50', [after]);
  res.json(rows);
});
`,
    },
    {
      name: 'pg: unbounded SELECT in a function that no route registers',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function rebuildSearchIndex() {
  const { rows } = await pool.query('SELECT id, title, body FROM articles');
  return rows.length;
}
`,
    },
    {
      name: 'mysql2: count(*) and a lookup by id in a Koa router',
      code: `
import Router from '@koa/router';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'localhost' });
export const router = new Router();

router.get('/users/:id', async (ctx) => {
  const [rows] = await pool.execute('SELECT * FROM users WHERE id = ?', [ctx.params.id]);
  const [count] = await pool.query('SELECT COUNT(*) AS n FROM users');
  ctx.body = { user: rows, count };
});
`,
    },
    {
      name: 'knex raw SELECT with FETCH FIRST in a Hono route',
      code: `
import { Hono } from 'hono';
import knex from 'knex';

const db = knex({ client: 'pg' });
export const app = new Hono();

app.get('/leaders', async (c) => {
  const result = await db.raw('SELECT name, score FROM players ORDER BY score DESC FETCH FIRST 10 ROWS ONLY');
  return c.json(result.rows);
});
`,
    },
    {
      name: 'pg: SELECT now() reads no table (a readiness probe)',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/health', async (req, res) => {
  await pool.query('SELECT now()');
  res.send('ok');
});
`,
    },
  ],
  invalid: [
    {
      name: 'settings.pitfalls.sqlSinks: the in-house execute wrapper lists every agent',
      settings: databaseServiceSinks,
      code: `
import Fastify from 'fastify';
import { DatabaseService } from './sync-io-db-service.js';

const db = new DatabaseService('app.db');
export const app = Fastify();

app.get('/agents', async () => {
  return db.execute('SELECT id, name, model FROM agents ORDER BY name');
});
`,
      errors: [
        {
          messageId: 'unboundedSelect',
          data: { query: 'db.execute', handler: 'Fastify route handler', table: 'agents' },
          line: 9,
          column: 10,
        },
      ],
    },
    {
      name: 'pg: SELECT with no LIMIT through a typed Pool in an Express handler',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/customers', async (req, res) => {
  const result = await pool.query<{ id: number; name: string }>('SELECT id, name FROM customers ORDER BY name');
  res.json(result.rows);
});
`,
      errors: [{ messageId: 'unboundedSelect', data: { query: 'pool.query', handler: 'Express route handler', table: 'customers' }, line: 9, column: 24 }],
    },
    {
      name: 'mysql2: execute with no LIMIT in a Koa router',
      code: `
import Router from '@koa/router';
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ host: 'localhost' });
export const router = new Router();

router.get('/orders', async (ctx) => {
  const [rows] = await pool.execute('SELECT * FROM orders WHERE state = ? ORDER BY created_at DESC', ['paid']);
  ctx.body = rows;
});
`,
      errors: [{ messageId: 'unboundedSelect', data: { query: 'pool.execute', handler: 'Koa route handler', table: 'orders' }, line: 9, column: 24 }],
    },
    {
      name: 'knex raw SELECT with no LIMIT in a Hono route',
      code: `
import { Hono } from 'hono';
import knex from 'knex';

const db = knex({ client: 'pg' });
export const app = new Hono();

app.get('/players', async (c) => {
  const result = await db.raw('SELECT name, score FROM players ORDER BY score DESC');
  return c.json(result.rows);
});
`,
      errors: [{ messageId: 'unboundedSelect', data: { query: 'db.raw', handler: 'Hono route handler', table: 'players' }, line: 9, column: 24 }],
    },
  ],
});
