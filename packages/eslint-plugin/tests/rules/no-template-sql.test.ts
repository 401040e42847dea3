import path from 'node:path';
import rule from '../../src/rules/no-template-sql.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** Untyped cases are linted as this relative file name, so relative imports resolve into the fixture directory. */
const untypedFile = path.relative(process.cwd(), path.join(fixtureDir, 'file.ts'));

/**
 * `settings.pitfalls.sqlSinks` names the in-house `run` helper of tests/fixture/sql-db.ts.
 * Module paths are relative to ESLint's working directory: the typed tester lints from `/`,
 * the untyped one from process.cwd().
 */
function runHelperSettings(cwd: string) {
  return { pitfalls: { sqlSinks: [{ module: `./${path.relative(cwd, path.join(fixtureDir, 'sql-db'))}`, name: 'run' }] } };
}

typedRuleTester().run('no-template-sql (typed)', rule, {
  valid: [
    {
      name: 'pg: a parameterised query in an Express handler',
      code: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email FROM users WHERE id = $1', [req.params.id]);
  res.json(rows[0]);
});
`,
    },
    {
      name: "the seed's dynamic UPDATE: columns from a hard-coded Set, values as $n placeholders",
      code: `
import type { Request, Response } from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const UPDATABLE = new Set(['name', 'description', 'schedule', 'timezone']);
export async function updatePipeline(req: Request, res: Response) {
  const sets: string[] = [];
  const values: unknown[] = [];
  let i = 1;
  for (const [column, value] of Object.entries(req.body as Record<string, unknown>)) {
    if (UPDATABLE.has(column)) {
      sets.push(\`\${column} = $\${i++}\`);
      values.push(value);
    }
  }
  if (sets.length === 0) return res.sendStatus(400);
  values.push(req.params.id);
  await pool.query(\`UPDATE pipelines SET \${sets.join(', ')}, updated_at = now() WHERE id = $\${i}\`, values);
  return res.sendStatus(204);
}
`,
    },
    {
      name: 'a SET clause mapped from a constant column array filtered by the body',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const ALLOWED_COLUMNS = ['name', 'description', 'status'];
export async function patchProject(id: string, body: Record<string, unknown>) {
  const columns = ALLOWED_COLUMNS.filter((c) => c in body);
  const sets = columns.map((c, i) => \`\${c} = $\${i + 2}\`);
  await pool.query(\`UPDATE projects SET \${sets.join(', ')} WHERE id = $1\`, [id, ...columns.map((c) => body[c])]);
}
`,
    },
    {
      name: 'interpolations typed as a key of an allowlist, a direction union, numbers, a boolean, a local const',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const SORTABLE = { created: 'created_at', name: 'name' } as const;
export async function listUsers(sort: keyof typeof SORTABLE, direction: 'asc' | 'desc', limit: number, offset: bigint) {
  return pool.query(\`SELECT * FROM users ORDER BY \${SORTABLE[sort]} \${direction} LIMIT \${limit} OFFSET \${offset}\`);
}
export async function byColumn(column: keyof typeof SORTABLE, value: string, archived: boolean) {
  const order = 'DESC';
  return pool.query(\`SELECT * FROM users WHERE \${column} = $1 AND archived = \${archived} ORDER BY id \${order}\`, [value]);
}
`,
    },
    {
      name: 'pg-format %I and %L, and format.ident inside a template',
      code: `
import format from 'pg-format';
import { Pool } from 'pg';
const pool = new Pool();
export async function rowsOf(table: string, owner: string) {
  await pool.query(format('SELECT * FROM %I WHERE owner = %L', table, owner));
  return pool.query(\`SELECT count(*) FROM \${format.ident(table)}\`);
}
`,
    },
    {
      name: 'pg escapeIdentifier on a pooled client for a tenant schema',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function withTenant(tenant: string) {
  const client = await pool.connect();
  try {
    await client.query(\`SET search_path TO \${client.escapeIdentifier(tenant)}, public\`);
    return await client.query('SELECT * FROM invoices');
  } finally {
    client.release();
  }
}
`,
    },
    {
      name: 'mysql2 escapeId for a table name and ? placeholders for values',
      code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function findIn(table: string, id: number) {
  const [rows] = await pool.query(\`SELECT * FROM \${pool.escapeId(table)} WHERE id = ?\`, [id]);
  return rows;
}
`,
    },
    {
      name: 'knex ref and ?? bindings',
      code: `
import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg' });
export function usersBy(column: string, value: string) {
  return knex('users').whereRaw(\`\${knex.ref(column)} = ?\`, [value]).orderByRaw('?? desc', [column]);
}
`,
    },
    {
      name: 'Kysely sql tag with sql.ref, sql.raw of a direction union',
      code: `
import { sql } from 'kysely';
export function orderBy(column: string, direction: 'asc' | 'desc', name: string) {
  return sql\`SELECT * FROM person WHERE first_name = \${name} ORDER BY \${sql.ref(column)} \${sql.raw(\`\${direction}\`)}\`;
}
`,
    },
    {
      name: 'Drizzle sql tag, sql.identifier and sql.raw of a constant',
      code: `
import { sql } from 'drizzle-orm';
const ORDER = 'created_at DESC';
export function recent(table: string, userId: string) {
  return sql\`SELECT * FROM \${sql.identifier(table)} WHERE user_id = \${userId} ORDER BY \${sql.raw(\`\${ORDER}\`)}\`;
}
`,
    },
    {
      name: 'module-level constants and enum members',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
enum JobStatus { Queued = 'queued', Running = 'running' }
const TABLE = 'jobs';
const MAX_BATCH = 50;
export async function nextBatch() {
  const status = JobStatus.Queued;
  return pool.query(\`SELECT * FROM \${TABLE} WHERE status = '\${status}' AND run_at <= now() LIMIT \${MAX_BATCH}\`);
}
`,
    },
    {
      name: 'an IN list of numbered placeholders',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function byIds(ids: string[]) {
  const placeholders = ids.map((_, i) => \`$\${i + 1}\`).join(', ');
  return pool.query(\`SELECT * FROM orders WHERE id IN (\${placeholders})\`, ids);
}
`,
    },
    {
      name: 'a WHERE clause accumulated with += and placeholders counted by the values array',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function events(from?: Date, to?: Date, type?: string) {
  const values: unknown[] = [];
  let sql = 'SELECT * FROM events WHERE true';
  if (from) { values.push(from); sql += \` AND ts >= $\${values.length}\`; }
  if (to) { values.push(to); sql += ' AND ts < $' + values.length; }
  if (type) sql += \` AND type = $\${values.push(type)}\`;
  sql += ' ORDER BY ts DESC';
  return pool.query(sql, values);
}
`,
    },
    {
      name: 'a sort column checked against an allowlist with an early return',
      code: `
import type { Request, Response } from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const SORT_COLUMNS = ['created_at', 'name', 'email'];
export async function list(req: Request, res: Response) {
  const sort = String(req.query.sort ?? 'created_at');
  if (!SORT_COLUMNS.includes(sort)) return res.status(400).json({ error: 'unknown sort column' });
  const dir = req.query.dir === 'asc' ? 'ASC' : 'DESC';
  const { rows } = await pool.query(\`SELECT * FROM users ORDER BY \${sort} \${dir}\`);
  return res.json(rows);
}
export async function list2(req: Request) {
  const requested = String(req.query.sort);
  const column = SORT_COLUMNS.includes(requested) ? requested : 'created_at';
  return pool.query(\`SELECT * FROM users ORDER BY \${column}\`);
}
`,
    },
    {
      name: 'allowlist checks with in, Object.hasOwn, assert, equality and a switch',
      code: `
import assert from 'node:assert';
import { Pool } from 'pg';
const pool = new Pool();
const COLUMNS = { name: 'u.name', created: 'u.created_at' };
export async function a(sort: string, dir: string) {
  let column = 'u.id';
  switch (sort) { case 'name': column = 'u.name'; break; case 'created': column = 'u.created_at'; break; }
  const direction = dir === 'asc' || dir === 'desc' ? dir : 'asc';
  return pool.query(\`SELECT * FROM users u ORDER BY \${column} \${direction}\`);
}
export async function b(sort: string) {
  if (!(sort in COLUMNS)) throw new Error('bad sort');
  return pool.query(\`SELECT * FROM users u ORDER BY \${sort}\`);
}
export async function c(sort: string) {
  if (Object.hasOwn(COLUMNS, sort)) return pool.query(\`SELECT * FROM users u ORDER BY \${sort}\`);
}
export async function d(sort: string) {
  assert(['name', 'email'].includes(sort));
  return pool.query(\`SELECT * FROM users u ORDER BY \${sort}\`);
}
export async function e(sort: string) {
  const column = COLUMNS[sort as keyof typeof COLUMNS] ?? 'u.id';
  return pool.query(\`SELECT * FROM users u ORDER BY \${column}\`);
}
`,
    },
    {
      name: 'helpers in this file that build fragments from constants and placeholders',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
function orderBy(column: string) { return \`ORDER BY \${column}\`; }
function whereClause(filters: { status?: string; owner?: string }) {
  const parts: string[] = [];
  const values: unknown[] = [];
  if (filters.status) parts.push(\`status = $\${values.push(filters.status)}\`);
  if (filters.owner) parts.push(\`owner_id = $\${values.push(filters.owner)}\`);
  return { clause: parts.length ? \`WHERE \${parts.join(' AND ')}\` : '', values };
}
export async function tickets(filters: { status?: string; owner?: string }) {
  const { clause, values } = whereClause(filters);
  return pool.query(\`SELECT * FROM tickets \${clause} \${orderBy('created_at')}\`, values);
}
`,
    },
    {
      name: 'a fragment from a helper in another project file is not judged here',
      code: `
import { Pool } from 'pg';
import { buildFilters } from './sql-filters.js';
const pool = new Pool();
export async function tickets(filters: { status?: string }) {
  return pool.query(\`SELECT * FROM tickets \${buildFilters(filters)}\`);
}
`,
    },
    {
      name: 'templates that look like SQL but reach a logger, a response or a shell',
      code: `
import { execFile } from 'node:child_process';
import pino from 'pino';
import express from 'express';
const logger = pino();
const app = express();
app.get('/debug/:table', (req, res) => {
  logger.info(\`SELECT * FROM \${req.params.table} took 12ms\`);
  execFile('psql', ['-c', \`SELECT count(*) FROM \${req.params.table}\`]);
  res.send(\`SELECT * FROM \${req.params.table}\`);
});
`,
    },
    {
      name: 'better-sqlite3 and node:sqlite with placeholders and constant DDL',
      code: `
import Database from 'better-sqlite3';
import { DatabaseSync } from 'node:sqlite';
const db = new Database('app.db');
const cache = new DatabaseSync(':memory:');
const TABLE = 'kv';
cache.exec(\`CREATE TABLE IF NOT EXISTS \${TABLE} (key TEXT PRIMARY KEY, value TEXT)\`);
export function userByEmail(email: string) {
  return db.prepare('SELECT * FROM users WHERE email = ?').get(email);
}
export function put(key: string, value: string) {
  cache.prepare(\`INSERT OR REPLACE INTO \${TABLE} (key, value) VALUES (?, ?)\`).run(key, value);
}
`,
    },
    {
      name: 'sequelize replacements',
      code: `
import { QueryTypes, Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');
export async function search(term: string) {
  return sequelize.query('SELECT * FROM products WHERE name ILIKE :term', {
    replacements: { term: \`%\${term}%\` },
    type: QueryTypes.SELECT,
  });
}
`,
    },
    {
      name: 'a NestJS service splicing its own table name and numbers',
      code: `
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
@Injectable()
export class AuditService {
  private readonly table: string = 'audit_events';
  constructor(private readonly db: Pool) {}
  async recent(limit: number, page: number) {
    return this.db.query(\`SELECT * FROM \${this.table} ORDER BY id DESC LIMIT \${limit} OFFSET \${page * limit}\`);
  }
}
`,
    },
    {
      name: 'Prisma tagged templates (without a generated client)',
      code: `
import { Prisma, PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function byEmail(email: string, ids: string[]) {
  await prisma.$queryRaw\`SELECT * FROM "User" WHERE email = \${email}\`;
  return prisma.$queryRaw(Prisma.sql\`SELECT * FROM "User" WHERE id IN (\${Prisma.join(ids)})\`);
}
`,
    },
    {
      name: 'a Hono route converting a path parameter to a number',
      code: `
import { Hono } from 'hono';
import { Pool } from 'pg';
const pool = new Pool();
const app = new Hono();
app.get('/orders/:id', async (c) => {
  const id = Number(c.req.param('id'));
  const { rows } = await pool.query(\`SELECT * FROM orders WHERE id = \${id}\`);
  return c.json(rows);
});
`,
    },
    {
      name: 'joining numbers and iterating a constant object',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const DEFAULTS = { theme: 'light', locale: 'en' };
export async function archive(ids: number[]) {
  return pool.query(\`UPDATE orders SET archived = true WHERE id IN (\${ids.join(',')})\`);
}
export async function reset(userId: string) {
  const sets: string[] = [];
  for (const [key, value] of Object.entries(DEFAULTS)) sets.push(\`\${key} = '\${value}'\`);
  return pool.query(\`UPDATE settings SET \${sets.join(', ')} WHERE user_id = $1\`, [userId]);
}
`,
    },
    {
      name: 'odd code: spread arguments, optional calls, computed members, member tags',
      code: `
import { Pool } from 'pg';
declare const pool: Pool | undefined;
declare const db: any;
const TABLE = 'users';
export async function odd(args: [string], method: string, id: string) {
  await pool?.query(...args);
  await pool?.query(\`SELECT * FROM \${TABLE}\`);
  await db[method](\`SELECT * FROM users WHERE id = \${id}\`);
  await db.sql.raw\`SELECT * FROM users WHERE id = \${id}\`;
  await db.query(\`Select an option from \${id}\`);
  await db.query();
}
`,
    },
    {
      name: 'values checked by a format guard, or stripped to identifier characters',
      code: `
import type { Request, Response } from 'express';
import isUUID from 'validator/lib/isUUID.js';
import { Pool } from 'pg';
const pool = new Pool();
export async function archive(req: Request, res: Response) {
  const { id } = req.params;
  if (!isUUID(id)) return res.sendStatus(400);
  const column = String(req.query.sort ?? 'created_at').replace(/[^a-z_]/g, '');
  await pool.query(\`UPDATE documents SET archived = true WHERE id = '\${id}' RETURNING \${column}\`);
  return res.sendStatus(204);
}
`,
    },
    {
      name: 'a knex migration and a bulk insert with computed placeholders',
      code: `
import type { Knex } from 'knex';
import { Pool } from 'pg';
const pool = new Pool();
const TABLE = 'audit_events';
export async function up(knex: Knex) {
  await knex.raw(\`CREATE INDEX IF NOT EXISTS \${TABLE}_actor_idx ON \${TABLE} (actor)\`);
}
export async function insertMany(rows: { actor: string; action: string }[]) {
  const tuples = rows.map((_, i) => \`($\${i * 2 + 1}, $\${i * 2 + 2})\`).join(', ');
  await pool.query(\`INSERT INTO \${TABLE} (actor, action) VALUES \${tuples}\`, rows.flatMap((r) => [r.actor, r.action]));
}
`,
    },
    {
      name: 'an in-house helper named in settings, called with a parameterised query',
      code: `
import { run } from './sql-db.js';
export const byId = (id: string) => run('SELECT * FROM users WHERE id = $1', [id]);
`,
      settings: runHelperSettings('/'),
    },
  ],
  invalid: [
    {
      name: 'pg: a route parameter spliced into a quoted literal (suggestion binds it)',
      code: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query(\`SELECT id, email FROM users WHERE id = '\${req.params.id}'\`);
  res.json(rows[0]);
});
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'req.params.id', sink: 'pg `query`', line: 7 },
          line: 7,
          column: 26,
          endLine: 7,
          endColumn: 97,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'req.params.id' },
              output: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/users/:id', async (req, res) => {
  const { rows } = await pool.query(\`SELECT id, email FROM users WHERE id = $1\`, [req.params.id]);
  res.json(rows[0]);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: "the seed's dynamic UPDATE with a value spliced into the same statement",
      code: `
import type { Request, Response } from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const UPDATABLE = new Set(['email', 'timezone']);
export async function updateUser(req: Request, res: Response) {
  const sets: string[] = [\`name = '\${req.body.name}'\`];
  const values: unknown[] = [];
  for (const [column, value] of Object.entries(req.body as Record<string, unknown>)) {
    if (!UPDATABLE.has(column)) continue;
    values.push(value);
    sets.push(\`\${column} = $\${values.length}\`);
  }
  values.push(req.params.id);
  await pool.query(\`UPDATE users SET \${sets.join(', ')} WHERE id = $\${values.length}\`, values);
  res.sendStatus(204);
}
`,
      errors: [{ messageId: 'interpolatedValue', data: { value: 'req.body.name', sink: 'pg `query`', line: 7 }, line: 15, column: 9 }],
    },
    {
      name: 'column names taken from the request body keys',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function patch(id: string, body: Record<string, unknown>) {
  const sets = Object.keys(body).map((key, i) => \`\${key} = $\${i + 2}\`);
  await pool.query(\`UPDATE projects SET \${sets.join(', ')} WHERE id = $1\`, [id, ...Object.values(body)]);
}
`,
      errors: [{ messageId: 'interpolatedValue', data: { value: 'key', sink: 'pg `query`', line: 5 }, line: 6, column: 9 }],
    },
    {
      name: 'a statement built in a local const, then executed (suggestion rewrites both)',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function findByEmail(email: string, tenantId: string) {
  const sql = \`
    SELECT id, email FROM users
    WHERE email = '\${email}' AND tenant_id = \${tenantId}\`;
  return pool.query(sql);
}
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'email', sink: 'pg `query`', line: 7 },
          line: 8,
          column: 10,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'email, tenantId' },
              output: `
import { Pool } from 'pg';
const pool = new Pool();
export async function findByEmail(email: string, tenantId: string) {
  const sql = \`
    SELECT id, email FROM users
    WHERE email = $1 AND tenant_id = $2\`;
  return pool.query(sql, [email, tenantId]);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'string concatenation with +',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function ordersOf(customerId: string) {
  return pool.query("SELECT * FROM orders WHERE customer_id = '" + customerId + "' ORDER BY created_at DESC");
}
`,
      errors: [
        { messageId: 'concatenatedValue', data: { value: 'customerId', sink: 'pg `query`', line: 5 }, line: 5, column: 10 },
      ],
    },
    {
      name: 'a search term appended with += inside LIKE quotes (no suggestion)',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function products(search?: string) {
  let sql = 'SELECT * FROM products WHERE active';
  if (search) sql += \` AND name ILIKE '%\${search}%'\`;
  return pool.query(sql);
}
`,
      errors: [{ messageId: 'interpolatedValue', data: { value: 'search', sink: 'pg `query`', line: 6 }, line: 7, column: 10 }],
    },
    {
      name: 'an array of strings joined into an IN list',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function byIds(ids: string[]) {
  return pool.query(\`SELECT * FROM orders WHERE id IN (\${ids.join(',')})\`);
}
`,
      errors: [{ messageId: 'joinedValues', data: { value: 'ids', sink: 'pg `query`', line: 5 }, line: 5, column: 10 }],
    },
    {
      name: 'mysql2/promise execute in a Fastify route (suggestion uses ?)',
      code: `
import Fastify from 'fastify';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
const app = Fastify();
app.get<{ Querystring: { email: string } }>('/users', async (request) => {
  const [rows] = await pool.execute(\`SELECT * FROM users WHERE email = '\${request.query.email}'\`);
  return rows;
});
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'request.query.email', sink: 'mysql2 `execute`', line: 7 },
          line: 7,
          column: 24,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'request.query.email' },
              output: `
import Fastify from 'fastify';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
const app = Fastify();
app.get<{ Querystring: { email: string } }>('/users', async (request) => {
  const [rows] = await pool.execute(\`SELECT * FROM users WHERE email = ?\`, [request.query.email]);
  return rows;
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a Hono path parameter in a mysql2 query (suggestion uses ?)',
      code: `
import { Hono } from 'hono';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
const app = new Hono();
app.get('/orders/:id', async (c) => {
  const id = c.req.param('id');
  const [rows] = await pool.query(\`SELECT * FROM orders WHERE id = \${id}\`);
  return c.json(rows);
});
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'id', sink: 'mysql2 `query`', line: 8 },
          line: 8,
          column: 24,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'id' },
              output: `
import { Hono } from 'hono';
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
const app = new Hono();
app.get('/orders/:id', async (c) => {
  const id = c.req.param('id');
  const [rows] = await pool.query(\`SELECT * FROM orders WHERE id = ?\`, [id]);
  return c.json(rows);
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'knex whereRaw with a lower-cased value',
      code: `
import knexFactory from 'knex';
const knex = knexFactory({ client: 'pg' });
export function byEmail(email: string) {
  return knex('users').whereRaw(\`LOWER(email) = '\${email.toLowerCase()}'\`).first();
}
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'email.toLowerCase()', sink: 'knex `whereRaw`', line: 5 },
          line: 5,
          column: 10,
        },
      ],
    },
    {
      name: 'Kysely sql.raw and Drizzle sql.raw with values',
      code: `
import { sql as kysql } from 'kysely';
import { sql } from 'drizzle-orm';
export function filters(status: string, column: string) {
  return [kysql.raw(\`status = '\${status}'\`), sql.raw(\`\${column} DESC\`)];
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'status', sink: 'Kysely `raw`', line: 5 }, line: 5, column: 11 },
        { messageId: 'interpolatedValue', data: { value: 'column', sink: 'Drizzle `raw`', line: 5 }, line: 5, column: 46 },
      ],
    },
    {
      name: 'better-sqlite3 prepare and node:sqlite exec',
      code: `
import Database from 'better-sqlite3';
import { DatabaseSync } from 'node:sqlite';
const db = new Database('app.db');
const cache = new DatabaseSync(':memory:');
export function userByEmail(email: string) {
  return db.prepare(\`SELECT * FROM users WHERE email = '\${email}'\`).get();
}
export function drop(table: string) {
  cache.exec(\`DELETE FROM \${table}\`);
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'email', sink: 'better-sqlite3 `prepare`', line: 7 }, line: 7, column: 10 },
        { messageId: 'interpolatedValue', data: { value: 'table', sink: 'node:sqlite `exec`', line: 10 }, line: 10, column: 3 },
      ],
    },
    {
      name: 'sequelize.query with a template',
      code: `
import { Sequelize } from 'sequelize';
const sequelize = new Sequelize(process.env.DATABASE_URL ?? 'sqlite::memory:');
export async function byName(name: string) {
  return sequelize.query(\`SELECT * FROM users WHERE name = '\${name}'\`);
}
`,
      errors: [{ messageId: 'interpolatedValue', data: { value: 'name', sink: 'sequelize `query`', line: 5 }, line: 5, column: 10 }],
    },
    {
      name: 'pg-format %s does not escape',
      code: `
import format from 'pg-format';
import { Pool } from 'pg';
const pool = new Pool();
export async function notesOf(table: string, owner: string) {
  return pool.query(format('SELECT * FROM %I WHERE owner = %s', table, owner));
}
`,
      errors: [{ messageId: 'formattedValue', data: { value: 'owner', sink: 'pg `query`', line: 6 }, line: 6, column: 10 }],
    },
    {
      name: 'a type assertion is not an allowlist',
      code: `
import type { Request } from 'express';
import { Pool } from 'pg';
const pool = new Pool();
export async function list(req: Request) {
  return pool.query(\`SELECT * FROM users ORDER BY \${req.query.sort as 'name' | 'email'}\`);
}
export async function list2(req: Request) {
  const sort = req.query.sort as 'name' | 'email';
  return pool.query(\`SELECT * FROM users ORDER BY \${sort}\`);
}
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: "req.query.sort as 'name' | 'email'", sink: 'pg `query`', line: 6 },
          line: 6,
          column: 10,
        },
        { messageId: 'interpolatedValue', data: { value: 'sort', sink: 'pg `query`', line: 10 }, line: 10, column: 10 },
      ],
    },
    {
      name: 'a pg config object and String#concat',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function a(id: string) {
  return pool.query({ text: \`SELECT * FROM users WHERE id = \${id}\`, rowMode: 'array' });
}
export async function b(id: string) {
  return pool.query('SELECT * FROM users WHERE id = '.concat(id));
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'id', sink: 'pg `query`', line: 5 }, line: 5, column: 10 },
        { messageId: 'concatenatedValue', data: { value: 'id', sink: 'pg `query`', line: 8 }, line: 8, column: 10 },
      ],
    },
    {
      name: 'a helper in this file that quotes a value, and a NestJS search builder method',
      code: `
import { Injectable } from '@nestjs/common';
import { Pool } from 'pg';
function quote(value: string) {
  return \`'\${value}'\`;
}
@Injectable()
export class ProductsService {
  constructor(private readonly db: Pool) {}
  async byName(name: string) {
    return this.db.query(\`SELECT * FROM products WHERE name = \${quote(name)}\`);
  }
  async search(term: string) {
    return this.db.query(\`SELECT * FROM products WHERE \${this.searchClause(term)}\`);
  }
  private searchClause(term: string) {
    return \`name ILIKE '%\${term}%'\`;
  }
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'value', sink: 'pg `query`', line: 5 }, line: 11, column: 12 },
        { messageId: 'interpolatedValue', data: { value: 'term', sink: 'pg `query`', line: 17 }, line: 14, column: 12 },
      ],
    },
    {
      name: 'Prisma $queryRawUnsafe and TypeORM query (packages without installed declarations)',
      code: `
import { PrismaClient } from '@prisma/client';
import { DataSource } from 'typeorm';
const prisma = new PrismaClient();
const dataSource = new DataSource({ type: 'postgres' });
export async function a(email: string) {
  return prisma.$queryRawUnsafe(\`SELECT * FROM "User" WHERE email = '\${email}'\`);
}
export async function b(slug: string) {
  return dataSource.query(\`SELECT * FROM posts WHERE slug = '\${slug}'\`);
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'email', sink: 'Prisma `$queryRawUnsafe`', line: 7 }, line: 7, column: 10 },
        { messageId: 'interpolatedValue', data: { value: 'slug', sink: 'TypeORM `query`', line: 10 }, line: 10, column: 10 },
      ],
    },
    {
      name: 'the suggestion binds values and keeps a constant table name in place',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const TABLE = 'orders';
export async function open(customerId: string, first: string, second: string) {
  return pool.query(\`SELECT * FROM \${TABLE} WHERE customer_id = \${customerId} AND status IN ('\${first}', '\${second}')\`);
}
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'customerId', sink: 'pg `query`', line: 6 },
          line: 6,
          column: 10,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'customerId, first, second' },
              output: `
import { Pool } from 'pg';
const pool = new Pool();
const TABLE = 'orders';
export async function open(customerId: string, first: string, second: string) {
  return pool.query(\`SELECT * FROM \${TABLE} WHERE customer_id = $1 AND status IN ($2, $3)\`, [customerId, first, second]);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'no suggestion for an identifier position or a computed value',
      code: `
import type { Request } from 'express';
import { Pool } from 'pg';
const pool = new Pool();
export async function list(req: Request) {
  return pool.query(\`SELECT * FROM users ORDER BY \${req.query.sort}\`);
}
export async function record(event: { type: string }) {
  return pool.query(\`INSERT INTO events (payload) VALUES ('\${JSON.stringify(event)}')\`);
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'req.query.sort', sink: 'pg `query`', line: 6 }, line: 6, column: 10, suggestions: [] },
        { messageId: 'interpolatedValue', data: { value: 'JSON.stringify(event)', sink: 'pg `query`', line: 9 }, line: 9, column: 10, suggestions: [] },
      ],
    },
    {
      name: 'an in-house helper named in settings',
      code: `
import { run } from './sql-db.js';
export const byId = (id: string) => run(\`SELECT * FROM users WHERE id = \${id}\`);
`,
      settings: runHelperSettings('/'),
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'id', sink: '`run` (settings.pitfalls.sqlSinks)', line: 3 },
          line: 3,
          column: 37,
        },
      ],
    },
  ],
});

untypedRuleTester().run('no-template-sql (untyped)', rule, {
  valid: [
    {
      name: 'DDL takes no parameters: a test database named at run time',
      code: `
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
export async function createTestDatabase(template) {
  const name = \`test_\${randomUUID().replace(/-/g, '')}\`;
  const client = new Client();
  await client.connect();
  await client.query(\`CREATE DATABASE \${name} TEMPLATE \${template}\`);
  await client.query(\`DROP SCHEMA IF EXISTS \${process.argv[2]} CASCADE\`);
  return name;
}
`,
    },
    {
      name: "sequelize: the query generator's WHERE conditions are escaped SQL",
      code: `
export async function childIds(sequelize, where) {
  const generator = sequelize.getQueryInterface().queryGenerator;
  const conditions = generator.getWhereConditions(where, 'documents');
  return sequelize.query(\`SELECT id FROM documents WHERE \${conditions}\`, { type: 'SELECT' });
}
`,
    },
    {
      name: 'pg: parameterised query',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const byId = (id) => pool.query('SELECT * FROM users WHERE id = $1', [id]);
`,
    },
    {
      name: 'the seed builder: allowlisted columns, placeholder values',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const ALLOWED_COLUMNS = ['name', 'description', 'status'];
export async function patchProject(id, body) {
  const sets = ALLOWED_COLUMNS.filter((c) => c in body).map((c, i) => \`\${c} = $\${i + 2}\`);
  await pool.query(\`UPDATE projects SET \${sets.join(', ')} WHERE id = $1\`, [id, ...ALLOWED_COLUMNS.filter((c) => c in body).map((c) => body[c])]);
}
`,
    },
    {
      name: 'a constant column list iterated with for…of',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const COLUMNS = ['name', 'email', 'timezone'];
export async function updateUser(id, patch) {
  const sets = [];
  const values = [id];
  for (const column of COLUMNS) {
    if (patch[column] === undefined) continue;
    values.push(patch[column]);
    sets.push(\`\${column} = $\${values.length}\`);
  }
  return pool.query(\`UPDATE users SET \${sets.join(', ')} WHERE id = $1\`, values);
}
`,
    },
    {
      name: 'columns kept by an allowlist filter over the body keys',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const UPDATABLE = new Set(['name', 'email']);
export async function updateUser(id, patch) {
  const columns = Object.keys(patch).filter((key) => UPDATABLE.has(key));
  const sets = columns.map((column, i) => \`\${column} = $\${i + 2}\`);
  return pool.query(\`UPDATE users SET \${sets.join(', ')} WHERE id = $1\`, [id, ...columns.map((c) => patch[c])]);
}
`,
    },
    {
      name: 'body entries filtered by an allowlist before the loop',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const UPDATABLE = ['name', 'email'];
export async function updateUser(id, body) {
  const sets = [];
  const values = [id];
  for (const [column, value] of Object.entries(body).filter(([key]) => UPDATABLE.includes(key))) {
    values.push(value);
    sets.push(\`\${column} = $\${values.length}\`);
  }
  return pool.query(\`UPDATE users SET \${sets.join(', ')} WHERE id = $1\`, values);
}
`,
    },
    {
      name: 'annotations say the values are numbers and literal unions',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
type Direction = 'asc' | 'desc';
export async function page(limit: number, offset: number, direction: Direction) {
  return pool.query(\`SELECT * FROM users ORDER BY created_at \${direction} LIMIT \${limit} OFFSET \${offset}\`);
}
`,
    },
    {
      name: 'an isSortColumn guard (trusted by name without types)',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const isSortColumn = (value) => ['name', 'created_at'].includes(value);
export async function list(sort) {
  if (!isSortColumn(sort)) throw new Error('bad sort');
  return pool.query(\`SELECT * FROM users ORDER BY \${sort}\`);
}
`,
    },
    {
      name: 'a NestJS service splicing its table name',
      code: `
import { Injectable } from '@nestjs/common';
@Injectable()
export class AuditService {
  table = 'audit_events';
  constructor(db) { this.db = db; }
  async recent() {
    return this.db.query(\`SELECT * FROM \${this.table} ORDER BY id DESC LIMIT 100\`);
  }
}
`,
    },
    {
      name: 'unknown receivers with text that is not SQL',
      code: `
export async function calls(graphql, dialog, cache, id) {
  await graphql.query(\`query { user(id: "\${id}") { name } }\`);
  await dialog.query(\`Select one from the list, \${id}\`);
  await cache.get(\`SELECT * FROM users WHERE id = \${id}\`);
}
`,
    },
    {
      name: 'parameterising tags and a known escaper',
      code: `
import SQL from 'sql-template-strings';
import { Pool } from 'pg';
const pool = new Pool();
export async function byEmail(email, table) {
  await pool.query(SQL\`SELECT * FROM users WHERE email = \${email}\`);
  return pool.query(\`SELECT * FROM \${pool.escapeIdentifier(table)}\`);
}
`,
    },
    {
      name: 'a module-level configuration value and process.env',
      code: `
import { Pool } from 'pg';
import { config } from './config.js';
const pool = new Pool();
const SCHEMA = process.env.DB_SCHEMA ?? 'public';
export const count = () => pool.query(\`SELECT count(*) FROM \${SCHEMA}.\${config.usersTable} WHERE tenant = \${process.env.TENANT_ID}\`);
`,
    },
    {
      name: 'an escaper from settings.pitfalls.sqlEscapers',
      code: `
import { Pool } from 'pg';
import { sqlName } from '@acme/sql';
const pool = new Pool();
export const rows = (table) => pool.query(\`SELECT * FROM \${sqlName(table)}\`);
`,
      settings: { pitfalls: { sqlEscapers: [{ module: '@acme/sql', name: 'sqlName' }] } },
    },
    {
      name: 'odd code does not crash',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function odd(args, name, id) {
  await pool.query(...args);
  await pool?.query?.(\`SELECT 1\`);
  await pool[name](\`SELECT * FROM users WHERE id = \${id}\`);
  await (0, pool.query)('SELECT 1');
  await pool.query(\`\${(() => 'SELECT 1')()}\`);
  await pool.query(\`SELECT * FROM t WHERE a = \${new.target}\`.length);
}
`,
    },
  ],
  invalid: [
    {
      name: 'pg: request data in an Express handler',
      code: `
const { Pool } = require('pg');
const pool = new Pool();
module.exports = async function getUser(req, res) {
  const result = await pool.query('SELECT * FROM users WHERE id = ' + req.params.id);
  res.json(result.rows);
};
`,
      errors: [
        { messageId: 'concatenatedValue', data: { value: 'req.params.id', sink: 'pg `query`', line: 5 }, line: 5, column: 24 },
      ],
    },
    {
      name: 'an unknown receiver running a visible DELETE statement',
      code: `
export async function logout(db, userId) {
  await db.query(\`DELETE FROM sessions WHERE user_id = '\${userId}'\`);
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'userId', sink: '`db.query`', line: 3 }, line: 3, column: 9 },
      ],
    },
    {
      name: 'a NestJS repository calling this.db.query',
      code: `
import { Injectable } from '@nestjs/common';
@Injectable()
export class UsersRepository {
  constructor(db) { this.db = db; }
  findByEmail(email) {
    const sql = \`SELECT * FROM users WHERE email = '\${email}'\`;
    return this.db.query(sql);
  }
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'email', sink: '`this.db.query`', line: 7 }, line: 8, column: 12 },
      ],
    },
    {
      name: 'a knex builder chain with a raw fragment',
      code: `
import { db } from './db.js';
export const cheap = (max) => db('products').where('active', true).whereRaw(\`price < \${max}\`);
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'max', sink: '`whereRaw`', line: 3 }, line: 3, column: 31 },
      ],
    },
    {
      name: 'a value-only allowlist lookup does not cover a spliced value',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
const UPDATABLE = new Set(['name', 'email']);
export async function rename(id, patch) {
  const sets = [];
  for (const [column, value] of Object.entries(patch)) {
    if (UPDATABLE.has(column)) sets.push(\`\${column} = '\${value}'\`);
  }
  return pool.query(\`UPDATE users SET \${sets.join(', ')} WHERE id = $1\`, [id]);
}
`,
      errors: [{ messageId: 'interpolatedValue', data: { value: 'value', sink: 'pg `query`', line: 8 }, line: 10, column: 10 }],
    },
    {
      name: 'sqlite3 all() with visible SQL and a legacy mysql connection',
      code: `
import sqlite3 from 'sqlite3';
import mysql from 'mysql';
const db = new sqlite3.Database('app.db');
const connection = mysql.createConnection({ host: 'localhost' });
export function byName(name, done) {
  db.all(\`SELECT * FROM users WHERE name = '\${name}'\`, done);
  connection.query('SELECT * FROM users WHERE name = "' + name + '"', done);
}
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'name', sink: 'sqlite3 `all`', line: 7 }, line: 7, column: 3 },
        { messageId: 'concatenatedValue', data: { value: 'name', sink: 'mysql2 `query`', line: 8 }, line: 8, column: 3 },
      ],
    },
    {
      name: 'an in-house helper named in settings, without types',
      code: `
import { run } from './sql-db.js';
export const byId = (id) => run(\`SELECT * FROM users WHERE id = \${id}\`);
`,
      filename: untypedFile,
      settings: runHelperSettings(process.cwd()),
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'id', sink: '`run` (settings.pitfalls.sqlSinks)', line: 3 }, line: 3, column: 29 },
      ],
    },
    {
      name: 'an escaper from a package not named in settings is not trusted',
      code: `
import { Pool } from 'pg';
import { sqlName } from '@acme/sql';
const pool = new Pool();
export const rows = (table) => pool.query(\`SELECT * FROM \${sqlName(table)}\`);
`,
      errors: [
        { messageId: 'interpolatedValue', data: { value: 'sqlName(table)', sink: 'pg `query`', line: 5 }, line: 5, column: 32 },
      ],
    },
    {
      name: 'a pg query with a quoted value (suggestion), untyped',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export const byEmail = (email) => pool.query(\`SELECT * FROM users WHERE email = '\${email}' LIMIT 1\`);
`,
      errors: [
        {
          messageId: 'interpolatedValue',
          data: { value: 'email', sink: 'pg `query`', line: 4 },
          line: 4,
          column: 35,
          suggestions: [
            {
              messageId: 'useParameters',
              data: { values: 'email' },
              output: `
import { Pool } from 'pg';
const pool = new Pool();
export const byEmail = (email) => pool.query(\`SELECT * FROM users WHERE email = $1 LIMIT 1\`, [email]);
`,
            },
          ],
        },
      ],
    },
  ],
});
