import rule from '../../src/rules/no-query-in-loop.js';
import path from 'node:path';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** An in-house client registered through `settings.pitfalls.dbQueries`. */
const clientSettings = {
  pitfalls: { dbQueries: [{ module: path.join(fixtureDir, 'db-knowledge-client'), name: 'DbClient.run' }] },
};

// The batched form each message suggests, per library.
const PRISMA_READ =
  'Fetch every row in one query before the loop, `findMany({ where: { id: { in: ids } } })`, and look rows up in a Map (for the latest row per group, `distinct` with `orderBy`, or one `DISTINCT ON` query).';
const PRISMA_WRITE =
  'Write every row in one call: `createMany({ data: rows })`, or `updateMany`/`deleteMany` with `where: { id: { in: ids } }`.';
const PG_READ =
  'Fetch every row in one query before the loop, `WHERE id = ANY($1)` with the array as the parameter, and group the rows in code (for the latest row per group, `SELECT DISTINCT ON (group_id) … ORDER BY group_id, created_at DESC`).';
const PG_WRITE =
  'Write every row in one statement: a multi-row `INSERT … SELECT * FROM unnest($1::uuid[], $2::text[])`, or `WHERE id = ANY($1)` for updates and deletes.';
const KNEX_READ = "Fetch every row in one query before the loop, `.whereIn('id', ids)`, and group the rows in code.";
const KNEX_WRITE = "Write every row in one statement: `insert(rows)` with the whole array, or `.whereIn('id', ids).update(…)`.";
const TYPEORM_WRITE =
  'Write every row in one call: `save(entities)` or `insert(rows)` with the whole array, or `update({ id: In(ids) }, …)`.';
const TYPEORM_READ = 'Fetch every row in one query before the loop, `findBy({ id: In(ids) })`, and look rows up in a Map.';
const SEQUELIZE_READ =
  'Fetch every row in one query before the loop, `findAll({ where: { id: ids } })` (or `include` the association), and look rows up in a Map.';
const MONGOOSE_READ = 'Fetch every document in one query before the loop, `find({ _id: { $in: ids } })`, and look them up in a Map.';
const MYSQL_READ = 'Fetch every row in one query before the loop, `WHERE id IN (?)` with the array as the value, and group the rows in code.';
const KYSELY_READ = "Fetch every row in one query before the loop, `.where('id', 'in', ids)`, and group the rows in code.";
const DRIZZLE_READ = 'Fetch every row in one query before the loop, `.where(inArray(table.id, ids))`, and group the rows in code.';
const POSTGRES_READ = 'Fetch every row in one query before the loop, `where id in ${sql(ids)}`, and group the rows in code.';
const SQL_WRITE =
  'Write every row in one statement (a multi-row INSERT, or `WHERE id IN (…)` for updates and deletes), inside one transaction.';
const SQL_READ =
  'Fetch every row in one query before the loop (`WHERE id IN (…)`, a JOIN, or a grouped query for the latest row per group) and group the rows in code.';

untypedRuleTester().run('no-query-in-loop (untyped)', rule, {
  valid: [
    {
      name: 'DROP DATABASE per leftover test database: schema statements are not N+1',
      code: `
import pg from 'pg';

export async function dropStaleDatabases(prefix: string) {
  const client = new pg.Client();
  await client.connect();
  const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [prefix + '%']);
  await Promise.all(rows.map((row) => client.query(\`DROP DATABASE "\${row.datname}"\`)));
  await client.end();
}
`,
    },
    {
      name: 'Knex schema builder per tenant schema',
      code: `
import knex from 'knex';

const db = knex({ client: 'pg' });

export async function addAuditTables(tenants: string[]) {
  for (const tenant of tenants) {
    await db.schema.withSchema(tenant).createTable('audit_log', (table) => {
      table.increments('id');
      table.text('event').notNullable();
    });
  }
}
`,
    },
    {
      name: 'Knex multi-row inserts in chunks: the loop steps by the batch size',
      code: `
import type { Knex } from 'knex';

const BATCH_SIZE = 500;

export class LastSeenStore {
  constructor(private readonly db: Knex) {}

  async upsert(rows: { feature: string; environment: string; seen_at: Date }[]) {
    for (let i = 0; i < rows.length; i += BATCH_SIZE) {
      const batch = rows.slice(i, i + BATCH_SIZE);
      await this.db('last_seen').insert(batch).onConflict(['feature', 'environment']).merge();
    }
  }
}
`,
    },
    {
      name: 'for…of over chunk(rows, n): one bulk insert per chunk',
      code: `
import { chunk } from 'lodash';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function importEvents(events: { type: string; payload: string }[]) {
  for (const part of chunk(events, 1000)) {
    await prisma.event.createMany({ data: part });
  }
}
`,
    },
    {
      name: 'a poller: the loop runs per interval while the worker is running, not per element',
      code: `
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'pg';

const pool = new Pool();

export class ReminderWorker {
  private stopped = false;

  async run() {
    while (!this.stopped) {
      const { rows } = await pool.query("SELECT * FROM reminders WHERE due_at <= now() AND sent_at IS NULL LIMIT 100");
      await this.send(rows);
      await sleep(5_000);
    }
  }

  stop() {
    this.stopped = true;
  }

  private async send(rows: unknown[]) {
    console.log('sending', rows.length);
  }
}
`,
    },
    {
      name: 'one batched Prisma query before the loop, rows looked up in a Map',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/dashboard', async (req, res) => {
  const plugins = await prisma.plugin.findMany({ where: { userId: req.user.id } });
  const briefings = await prisma.briefing.findMany({
    where: { pluginId: { in: plugins.map((plugin) => plugin.id) } },
    distinct: ['pluginId'],
    orderBy: { createdAt: 'desc' },
  });
  const latest = new Map(briefings.map((briefing) => [briefing.pluginId, briefing]));
  res.json(plugins.map((plugin) => ({ ...plugin, briefing: latest.get(plugin.id) ?? null })));
});
`,
    },
    {
      name: 'a loop over a literal array of two regions: a fixed handful of queries',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function regionTotals() {
  const totals: Record<string, number> = {};
  for (const region of ['eu-west-1', 'us-east-1']) {
    const { rows } = await pool.query('SELECT sum(amount) AS total FROM orders WHERE region = $1', [region]);
    totals[region] = Number(rows[0].total);
  }
  return totals;
}
`,
    },
    {
      name: 'Promise.all over a const literal array of three periods',
      code: `
import { Pool } from 'pg';

const pool = new Pool();
const PERIODS = ['day', 'week', 'month'] as const;

export async function signupStats() {
  return Promise.all(
    PERIODS.map((period) => pool.query("SELECT count(*) FROM users WHERE created_at > now() - ('1 ' || $1)::interval", [period])),
  );
}
`,
    },
    {
      name: 'DataLoader.load() in a GraphQL resolver map: batched into one query per tick',
      code: `
import DataLoader from 'dataloader';
import { Pool } from 'pg';

const pool = new Pool();
const authorLoader = new DataLoader(async (ids: readonly string[]) => {
  const { rows } = await pool.query('SELECT * FROM authors WHERE id = ANY($1)', [ids]);
  return ids.map((id) => rows.find((row) => row.id === id));
});

export const resolvers = {
  Query: {
    posts: async () => {
      const { rows: posts } = await pool.query('SELECT * FROM posts ORDER BY created_at DESC LIMIT 20');
      return Promise.all(posts.map(async (post) => ({ ...post, author: await authorLoader.load(post.author_id) })));
    },
  },
};
`,
    },
    {
      name: 'loaders on the request context: ctx.loaders.user.loadMany()',
      code: `
export async function teamMembers(teams: { memberIds: string[] }[], ctx: { loaders: { user: { loadMany(ids: string[]): Promise<unknown[]> } } }) {
  const result = [];
  for (const team of teams) result.push(await ctx.loaders.user.loadMany(team.memberIds));
  return result;
}
`,
    },
    {
      name: 'Prisma calls built in a map and run once as a $transaction batch',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function reorder(items: { id: string; position: number }[]) {
  await prisma.$transaction(items.map((item) => prisma.task.update({ where: { id: item.id }, data: { position: item.position } })));
}
`,
    },
    {
      name: 'Prisma calls pushed in a loop and run once as a $transaction batch',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function archive(ids: string[], actorId: string) {
  const operations = [];
  for (const id of ids) {
    operations.push(prisma.project.update({ where: { id }, data: { archivedAt: new Date(), archivedBy: actorId } }));
  }
  await prisma.$transaction(operations);
}
`,
    },
    {
      name: 'a Knex builder chained in the loop and awaited once after it',
      code: `
import knex from 'knex';

const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });

export async function search(filters: Record<string, string>) {
  let query = db('products').select('id', 'name', 'price');
  for (const [column, value] of Object.entries(filters)) {
    query = query.where(column, value);
  }
  return await query.limit(50);
}
`,
    },
    {
      name: 'one query streamed by a cursor in the for await header',
      code: `
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

const db = new Kysely<any>({ dialect: new PostgresDialect({ pool: new Pool() }) });

export async function exportOrders(write: (line: string) => void) {
  for await (const order of db.selectFrom('orders').selectAll().stream()) {
    write(JSON.stringify(order));
  }
}
`,
    },
    {
      name: 'cursor pagination: each query fetches the page after the previous one',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function forEachUser(visit: (user: { id: string }) => Promise<void>) {
  let cursor: string | undefined;
  while (true) {
    const page = await prisma.user.findMany({ take: 500, orderBy: { id: 'asc' }, ...(cursor ? { skip: 1, cursor: { id: cursor } } : {}) });
    for (const user of page) await visit(user);
    if (page.length < 500) break;
    cursor = page[page.length - 1].id;
  }
}
`,
    },
    {
      name: 'offset pagination in a for head: the offset advances each pass',
      code: `
import { Pool } from 'pg';

const pool = new Pool();
const PAGE_SIZE = 1000;

export async function reindexAll(index: (rows: unknown[]) => Promise<void>) {
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const { rows } = await pool.query('SELECT * FROM documents ORDER BY id LIMIT $1 OFFSET $2', [PAGE_SIZE, offset]);
    if (rows.length === 0) break;
    await index(rows);
  }
}
`,
    },
    {
      name: 'a job queue drained until the query returns no row',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function drainOutbox(publish: (event: unknown) => Promise<void>) {
  while (true) {
    const { rows: [event] } = await pool.query(
      'DELETE FROM outbox WHERE id = (SELECT id FROM outbox ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING *',
    );
    if (!event) return;
    await publish(event);
  }
}
`,
    },
    {
      name: 'a retry: the query runs again only until it succeeds',
      code: `
import { Pool } from 'pg';

const pool = new Pool();
const MAX_ATTEMPTS = 5;

export async function transfer(from: string, to: string, amount: number) {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      return await pool.query('SELECT transfer_funds($1, $2, $3)', [from, to, amount]);
    } catch (err) {
      if (attempt === MAX_ATTEMPTS || (err as { code?: string }).code !== '40001') throw err;
    }
  }
}
`,
    },
    {
      name: 'a retry with a small literal bound and a break on success',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function claimSlug(base: string) {
  let slug = base;
  for (let attempt = 0; attempt < 3; attempt++) {
    const taken = await prisma.workspace.findUnique({ where: { slug } });
    if (!taken) break;
    slug = base + '-' + Math.random().toString(36).slice(2, 6);
  }
  return slug;
}
`,
    },
    {
      name: 'a loop body that always returns on its first pass',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function firstConfigured(tenants: { id: string }[]) {
  for (const tenant of tenants) {
    const { rows } = await pool.query('SELECT * FROM settings WHERE tenant_id = $1', [tenant.id]);
    return rows[0];
  }
  return undefined;
}
`,
    },
    {
      name: 'a handler defined in the loop, not called there',
      code: `
import { Pool } from 'pg';
import type { EventEmitter } from 'node:events';

const pool = new Pool();

export function subscribe(queues: EventEmitter[]) {
  for (const queue of queues) {
    queue.on('message', async (message: { id: string }) => {
      await pool.query('UPDATE messages SET seen_at = now() WHERE id = $1', [message.id]);
    });
  }
}
`,
    },
    {
      name: 'migration files are ignored by default',
      filename: 'db/migrations/20240301120000_backfill_slugs.ts',
      code: `
import type { Knex } from 'knex';

export async function up(knex: Knex) {
  const rows = await knex('projects').select('id', 'name');
  for (const row of rows) {
    await knex('projects').where({ id: row.id }).update({ slug: row.name.toLowerCase() });
  }
}
`,
    },
    {
      name: 'seed scripts are ignored by default',
      filename: 'prisma/seeds/users.ts',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const users = [{ email: 'ada@example.com' }, { email: 'alan@example.com' }, { email: 'grace@example.com' }, { email: 'linus@example.com' }];

for (const user of users) {
  await prisma.user.upsert({ where: { email: user.email }, update: {}, create: user });
}
`,
    },
    {
      name: 'a custom ignore glob',
      filename: 'tools/backfill.ts',
      options: [{ ignore: ['tools/**'] }],
      code: `
import { Pool } from 'pg';

const pool = new Pool();
const { rows } = await pool.query('SELECT id FROM accounts');
for (const row of rows) await pool.query('UPDATE accounts SET plan = $1 WHERE id = $2', ['free', row.id]);
`,
    },
    {
      name: 'better-sqlite3: a prepared insert run per row inside one transaction',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');
const insert = db.prepare('INSERT INTO events (type, payload) VALUES (?, ?)');

export const insertEvents = db.transaction((events: { type: string; payload: string }[]) => {
  for (const event of events) insert.run(event.type, event.payload);
});
`,
    },
    {
      name: 'calls in a loop that are no query: logging and writing the response',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/export.csv', async (req, res) => {
  const { rows } = await pool.query('SELECT id, email FROM users WHERE org_id = $1', [req.query.org]);
  for (const row of rows) {
    res.write(row.id + ',' + row.email + '\\n');
  }
  res.end();
});
`,
    },
  ],
  invalid: [
    {
      name: 'a while (true) loop that takes ids off a queue, one query each',
      code: `
import knex from 'knex';

const db = knex({ client: 'pg' });

export async function resolveTree(rootId: number) {
  const queue = [rootId];
  const nodes = [];
  while (true) {
    const id = queue.shift();
    if (id === undefined) break;
    const children = await db('nodes').where({ parent_id: id });
    nodes.push(...children);
    queue.push(...children.map((child: { id: number }) => child.id));
  }
  return nodes;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 12,
          column: 28,
          data: { query: "db('nodes').where", library: 'Knex', loop: 'the `while` loop', batched: KNEX_READ },
        },
      ],
    },
    {
      name: 'Prisma create per cart line in a NestJS service',
      code: `
import { Injectable } from '@nestjs/common';
import { PrismaService } from '../prisma/prisma.service';

@Injectable()
export class OrdersService {
  constructor(private readonly prisma: PrismaService) {}

  async place(orderId: string, lines: { sku: string; quantity: number }[]) {
    for (const line of lines) {
      await this.prisma.orderLine.create({ data: { orderId, sku: line.sku, quantity: line.quantity } });
    }
  }
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 11,
          column: 13,
          data: { query: 'this.prisma.orderLine.create', library: 'Prisma', loop: 'the `for…of` loop', batched: PRISMA_WRITE },
        },
      ],
    },
    {
      name: 'seed 000: the latest briefing queried per plugin tile',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/dashboard', async (req, res) => {
  const plugins = await prisma.plugin.findMany({ where: { userId: req.user.id } });
  const tiles = [];
  for (const plugin of plugins) {
    const briefing = await prisma.briefing.findFirst({ where: { pluginId: plugin.id }, orderBy: { createdAt: 'desc' } });
    tiles.push({ plugin, briefing });
  }
  res.json(tiles);
});
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 12,
          column: 28,
          endLine: 12,
          endColumn: 121,
          data: { query: 'prisma.briefing.findFirst', library: 'Prisma', loop: 'the `for…of` loop', batched: PRISMA_READ },
        },
      ],
    },
    {
      name: 'Promise.all over mapped async callbacks: still N round trips',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function withOwners(projects: { id: string; owner_id: string }[]) {
  return Promise.all(
    projects.map(async (project) => {
      const { rows } = await pool.query('SELECT id, name FROM users WHERE id = $1', [project.owner_id]);
      return { ...project, owner: rows[0] };
    }),
  );
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 9,
          column: 30,
          data: { query: 'pool.query', library: 'pg', loop: 'the `.map()` callback', batched: PG_READ },
        },
      ],
    },
    {
      name: 'Prisma promises returned from a map callback into Promise.all',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export const loadAuthors = (posts: { authorId: string }[]) =>
  Promise.all(posts.map((post) => prisma.user.findUnique({ where: { id: post.authorId } })));
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 7,
          column: 35,
          data: { query: 'prisma.user.findUnique', library: 'Prisma', loop: 'the `.map()` callback', batched: PRISMA_READ },
        },
      ],
    },
    {
      name: 'Knex .first() in a forEach callback',
      code: `
import knex from 'knex';

const db = knex({ client: 'pg' });

export function warmCache(ids: string[], cache: Map<string, unknown>) {
  ids.forEach(async (id) => {
    cache.set(id, await db('products').where({ id }).first());
  });
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 8,
          column: 25,
          data: { query: "db('products').where(…).first", library: 'Knex', loop: 'the `.forEach()` callback', batched: KNEX_READ },
        },
      ],
    },
    {
      name: 'Knex insert per row inside a transaction',
      code: `
import knex from 'knex';

const db = knex({ client: 'pg' });

export async function importContacts(contacts: { email: string; name: string }[]) {
  await db.transaction(async (trx) => {
    for (const contact of contacts) {
      await trx('contacts').insert(contact);
    }
  });
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 9,
          column: 13,
          data: { query: "trx('contacts').insert", library: 'Knex', loop: 'the `for…of` loop', batched: KNEX_WRITE },
        },
      ],
    },
    {
      name: 'NestJS service saving one TypeORM entity per DTO',
      code: `
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Tag } from './tag.entity';

@Injectable()
export class TagsService {
  constructor(@InjectRepository(Tag) private readonly tags: Repository<Tag>) {}

  async createAll(names: string[]) {
    for (const name of names) {
      await this.tags.save({ name });
    }
  }

  async findAll(ids: string[]) {
    return Promise.all(ids.map((id) => this.tags.findOneBy({ id })));
  }
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 13,
          column: 13,
          data: { query: 'this.tags.save', library: 'TypeORM', loop: 'the `for…of` loop', batched: TYPEORM_WRITE },
        },
        {
          messageId: 'queryInLoop',
          line: 18,
          column: 40,
          data: { query: 'this.tags.findOneBy', library: 'TypeORM', loop: 'the `.map()` callback', batched: TYPEORM_READ },
        },
      ],
    },
    {
      name: 'Sequelize findByPk per node while walking a category tree',
      code: `
import { Category } from '../models/category';

export async function ancestors(startId: number) {
  const queue = [startId];
  const found = [];
  while (queue.length > 0) {
    const id = queue.shift()!;
    const category = await Category.findByPk(id);
    if (category?.parentId) queue.push(category.parentId);
    found.push(category);
  }
  return found;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 9,
          column: 28,
          data: { query: 'Category.findByPk', library: 'Sequelize', loop: 'the `while` loop', batched: SEQUELIZE_READ },
        },
      ],
    },
    {
      name: 'mongoose findById per id in Promise.all',
      code: `
import { User } from '../models/user.model';

export async function participants(conversation: { memberIds: string[] }) {
  return Promise.all(conversation.memberIds.map((id) => User.findById(id).lean().exec()));
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 5,
          column: 57,
          data: { query: 'User.findById(…).lean().exec', library: 'mongoose', loop: 'the `.map()` callback', batched: MONGOOSE_READ },
        },
      ],
    },
    {
      name: 'mysql2 execute per index of a classic for loop',
      code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function prices(skus: string[]) {
  const result: unknown[] = [];
  for (let i = 0; i < skus.length; i++) {
    const [rows] = await pool.execute('SELECT price FROM products WHERE sku = ?', [skus[i]]);
    result.push(rows);
  }
  return result;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 9,
          column: 26,
          data: { query: 'pool.execute', library: 'mysql2', loop: 'the `for` loop', batched: MYSQL_READ },
        },
      ],
    },
    {
      name: 'one pg insert per event of a for await stream',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function ingest(events: AsyncIterable<{ type: string; at: Date }>) {
  for await (const event of events) {
    await pool.query('INSERT INTO events (type, at) VALUES ($1, $2)', [event.type, event.at]);
  }
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 8,
          column: 11,
          data: { query: 'pool.query', library: 'pg', loop: 'the `for await…of` loop', batched: PG_WRITE },
        },
      ],
    },
    {
      name: 'pg update per index of a do…while loop',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function markRead(ids: string[]) {
  let i = 0;
  do {
    await pool.query('UPDATE notifications SET read_at = now() WHERE id = $1', [ids[i]]);
    i++;
  } while (i < ids.length);
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 9,
          column: 11,
          data: { query: 'pool.query', library: 'pg', loop: 'the `do…while` loop', batched: PG_WRITE },
        },
      ],
    },
    {
      name: 'Kysely executeTakeFirst per key of a for…in loop',
      code: `
import { db } from './database';

export async function flagStates(flags: Record<string, boolean>) {
  const states: Record<string, unknown> = {};
  for (const key in flags) {
    states[key] = await db.selectFrom('feature_flags').selectAll().where('key', '=', key).executeTakeFirst();
  }
  return states;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 7,
          column: 25,
          data: {
            query: "db.selectFrom('feature_flags').selectAll().where(…).executeTakeFirst",
            library: 'Kysely',
            loop: 'the `for…in` loop',
            batched: KYSELY_READ,
          },
        },
      ],
    },
    {
      name: 'postgres.js tagged template per user',
      code: `
import postgres from 'postgres';

const sql = postgres(process.env.DATABASE_URL!);

export async function quotas(userIds: string[]) {
  const out = [];
  for (const id of userIds) out.push(await sql\`select * from quotas where user_id = \${id}\`);
  return out;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 8,
          column: 44,
          data: { query: 'sql', library: 'postgres.js', loop: 'the `for…of` loop', batched: POSTGRES_READ },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-query-in-loop (typed)', rule, {
  valid: [
    {
      name: 'a generated Prisma client queried once with `in` before the loop',
      code: `
import { PrismaClient } from './generated/prisma/client.js';
const client = new PrismaClient();
export async function latestPerPlugin(userId: string, pluginIds: string[]) {
  const rows = await client.briefing.findMany({ where: { userId, pluginId: { in: pluginIds } }, distinct: ['pluginId'], orderBy: { createdAt: 'desc' } });
  const byPlugin = new Map(rows.map((row) => [row.pluginId, row]));
  return pluginIds.map((pluginId) => byPlugin.get(pluginId) ?? null);
}
`,
    },
    {
      name: 'TSX: one grouped query in the page, plain tiles rendered per plugin',
      filename: 'react.tsx',
      code: `
import { pool } from './query-loop-circles.js';
import { StaticTile, type Plugin } from './query-loop-tiles.js';

export default async function Dashboard({ plugins }: { plugins: Plugin[] }) {
  const { rows } = await pool.query<{ plugin_id: string; summary: string }>(
    'SELECT DISTINCT ON (plugin_id) plugin_id, summary FROM briefings WHERE plugin_id = ANY($1) ORDER BY plugin_id, created_at DESC',
    [plugins.map((plugin) => plugin.id)],
  );
  const latest = new Map(rows.map((row) => [row.plugin_id, row.summary]));
  return <main>{plugins.map((plugin) => <StaticTile key={plugin.id} plugin={plugin} summary={latest.get(plugin.id)} />)}</main>;
}
`,
    },
    {
      name: 'the batched loader called once, then a loop over the grouped rows',
      code: `
import Fastify from 'fastify';
import { loadMembersByCircle, pool } from './query-loop-circles.js';

const app = Fastify();

app.get('/circles', async () => {
  const { rows: circles } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM circles ORDER BY name LIMIT 50');
  const members = await loadMembersByCircle(circles.map((circle) => circle.id));
  return circles.map((circle) => ({ ...circle, members: members.get(circle.id) ?? [] }));
});
`,
    },
    {
      name: 'a project method in the loop that runs no query',
      code: `
import { circles, formatRole, type CircleMember } from './query-loop-circles.js';

export function roster(members: CircleMember[]) {
  return members.map((member) => circles.displayName(member) + ' ' + formatRole(member.role));
}
`,
    },
    {
      name: 'a helper that only builds a Knex query in the loop, run once as a union after it',
      code: `
import { knex, membersQuery } from './query-loop-circles.js';

export async function allMembers(circleIds: string[]) {
  const queries = circleIds.map((id) => membersQuery(id));
  return await knex.unionAll(queries, true);
}
`,
    },
    {
      name: 'maxDepth 1 does not look past the service method into the repository',
      options: [{ maxDepth: 1 }],
      code: `
import { circles } from './query-loop-circles.js';

export async function memberCounts(circleIds: string[]) {
  const counts: number[] = [];
  for (const id of circleIds) counts.push((await circles.membersOf(id)).length);
  return counts;
}
`,
    },
    {
      name: 'maxDepth 0 turns the interprocedural check off',
      options: [{ maxDepth: 0 }],
      code: `
import { loadMembers } from './query-loop-circles.js';

export async function everyone(circleIds: string[]) {
  for (const id of circleIds) await loadMembers(id);
}
`,
    },
    {
      name: 'a project function that queries, defined in the loop but handed to a queue',
      code: `
import { loadMembers } from './query-loop-circles.js';

export function schedule(circleIds: string[], enqueue: (job: () => Promise<unknown>) => void) {
  for (const id of circleIds) {
    enqueue(() => loadMembers(id));
  }
}
`,
    },
    {
      name: 'typed Kysely: one streamed query in the for await header',
      code: `
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';

interface Database { audit_log: { id: number; event: string } }
const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new Pool() }) });

export async function* auditEvents() {
  for await (const row of db.selectFrom('audit_log').select(['id', 'event']).stream(500)) {
    yield row.event;
  }
}
`,
    },
    {
      name: 'typed Knex keyset pagination: the last id of one page starts the next',
      code: `
import { knex } from './query-loop-circles.js';

export async function forEachCircle(visit: (circle: { id: number }) => Promise<void>) {
  let lastId = 0;
  for (;;) {
    const batch: { id: number }[] = await knex('circles').where('id', '>', lastId).orderBy('id').limit(200);
    if (batch.length === 0) return;
    for (const circle of batch) await visit(circle);
    lastId = batch[batch.length - 1]!.id;
  }
}
`,
    },
    {
      name: 'typed better-sqlite3 reads outside the loop, pure work inside',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');

export function tagCloud() {
  const rows = db.prepare('SELECT tag, count(*) AS n FROM post_tags GROUP BY tag').all() as { tag: string; n: number }[];
  const cloud: Record<string, number> = {};
  for (const row of rows) cloud[row.tag] = Math.log(row.n + 1);
  return cloud;
}
`,
    },
    {
      name: 'typed pg: VACUUM per partition, a schema statement with no batched form',
      code: `
import { pool } from './query-loop-circles.js';

export async function vacuumPartitions(partitions: string[]) {
  for (const partition of partitions) {
    await pool.query(\`VACUUM ANALYZE \${partition}\`);
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a Prisma 7 client generated into the project (src/generated/prisma) is Prisma',
      code: `
import { PrismaClient } from './generated/prisma/client.js';
const client = new PrismaClient();
export async function latestPerPlugin(userId: string, pluginIds: string[]) {
  const latest = [];
  for (const pluginId of pluginIds) latest.push(await client.briefing.findFirst({ where: { userId, pluginId } }));
  return latest;
}
`,
      errors: [{ messageId: 'queryInLoop', line: 6, column: 55 }],
    },
    {
      name: 'an in-house client from settings.pitfalls.dbQueries, read or write by its SQL',
      settings: clientSettings,
      code: `
import { db } from './db-knowledge-client.js';

export async function touchSessions(sessionIds: string[]) {
  for (const id of sessionIds) {
    await db.run('UPDATE sessions SET last_seen_at = now() WHERE id = $1', [id]);
  }
  return Promise.all(sessionIds.map((id) => db.run('SELECT * FROM sessions WHERE id = $1', [id])));
}
`,
      errors: [
        {
          messageId: 'writeInLoop',
          line: 6,
          column: 11,
          data: { query: 'db.run', library: '`DbClient.run`', loop: 'the `for…of` loop', batched: SQL_WRITE },
        },
        {
          messageId: 'queryInLoop',
          line: 8,
          column: 45,
          data: { query: 'db.run', library: '`DbClient.run`', loop: 'the `.map()` callback', batched: SQL_READ },
        },
      ],
    },
    {
      name: 'TSX: an async server component that queries, rendered once per plugin',
      filename: 'react.tsx',
      code: `
import { BriefingTile, type Plugin } from './query-loop-tiles.js';

export default function Dashboard({ plugins }: { plugins: Plugin[] }) {
  return <main className="tile-grid">{plugins.map((plugin) => <BriefingTile key={plugin.id} plugin={plugin} />)}</main>;
}
`,
      errors: [
        {
          messageId: 'queryInComponent',
          line: 5,
          column: 63,
          data: {
            component: 'BriefingTile',
            loop: 'the `.map()` callback',
            library: 'pg',
            query: 'pool.query',
            chain: 'BriefingTile() → latestBriefing() → pool.query (query-loop-tiles.tsx:9)',
            batched: PG_READ,
          },
        },
      ],
    },
    {
      name: "seed 001: each circle's members loaded through loadMembers() in the listing",
      code: `
import Fastify from 'fastify';
import { loadMembers, pool } from './query-loop-circles.js';

const app = Fastify();

app.get('/circles', async () => {
  const { rows: circles } = await pool.query<{ id: string; name: string }>('SELECT id, name FROM circles ORDER BY name LIMIT 50');
  const result = [];
  for (const circle of circles) {
    result.push({ ...circle, members: await loadMembers(circle.id) });
  }
  return result;
});
`,
      errors: [
        {
          messageId: 'queryThroughCall',
          line: 11,
          column: 45,
          endLine: 11,
          endColumn: 67,
          data: {
            call: 'loadMembers()',
            library: 'pg',
            loop: 'the `for…of` loop',
            query: 'pool.query',
            chain: 'loadMembers() → pool.query (query-loop-circles.ts:15)',
            batched: PG_READ,
          },
        },
      ],
    },
    {
      name: 'three levels: service → repository arrow → Knex, in Promise.all(map)',
      code: `
import express from 'express';
import { circles } from './query-loop-circles.js';

const router = express.Router();

router.get('/circles/members', async (req, res) => {
  const ids = String(req.query.ids).split(',');
  res.json(await Promise.all(ids.map((id) => circles.membersOf(id))));
});
`,
      errors: [
        {
          messageId: 'queryThroughCall',
          line: 9,
          column: 46,
          data: {
            call: 'circles.membersOf()',
            library: 'Knex',
            loop: 'the `.map()` callback',
            query: "knex('circle_members').where",
            chain: "CircleService.membersOf() → findMembers() → knex('circle_members').where (query-loop-circles.ts:44)",
            batched: KNEX_READ,
          },
        },
      ],
    },
    {
      name: 'a write through a service method in a loop',
      code: `
import { circles } from './query-loop-circles.js';

export async function normaliseNames(list: { id: string; name: string }[]) {
  for (const circle of list) {
    await circles.rename(circle.id, circle.name.trim());
  }
}
`,
      errors: [
        {
          messageId: 'writeThroughCall',
          line: 6,
          column: 11,
          data: {
            call: 'circles.rename()',
            library: 'Knex',
            loop: 'the `for…of` loop',
            query: "knex('circles').where(…).update",
            chain: "CircleService.rename() → knex('circles').where(…).update (query-loop-circles.ts:40)",
            batched: KNEX_WRITE,
          },
        },
      ],
    },
    {
      name: 'a same-file helper that queries, called per order',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

async function customerOf(order: { customer_id: string }) {
  const { rows } = await pool.query('SELECT * FROM customers WHERE id = $1', [order.customer_id]);
  return rows[0];
}

export async function invoices(orders: { id: string; customer_id: string }[]) {
  const out = [];
  for (const order of orders) out.push({ order, customer: await customerOf(order) });
  return out;
}
`,
      errors: [
        {
          messageId: 'queryThroughCall',
          line: 13,
          column: 65,
          data: {
            call: 'customerOf()',
            library: 'pg',
            loop: 'the `for…of` loop',
            query: 'pool.query',
            chain: 'customerOf() → pool.query (file.ts:7)',
            batched: PG_READ,
          },
        },
      ],
    },
    {
      name: 'typed Drizzle select per id',
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { eq } from 'drizzle-orm';
import { pgTable, text, uuid } from 'drizzle-orm/pg-core';

const users = pgTable('users', { id: uuid('id').primaryKey(), email: text('email').notNull() });
const db = drizzle(process.env.DATABASE_URL!);

export async function emails(ids: string[]) {
  const found = [];
  for (const id of ids) {
    found.push(await db.select().from(users).where(eq(users.id, id)));
  }
  return found;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 12,
          column: 22,
          data: { query: 'db.select().from(…).where', library: 'Drizzle', loop: 'the `for…of` loop', batched: DRIZZLE_READ },
        },
      ],
    },
    {
      name: 'typed Sequelize findOne per email in a Koa route',
      code: `
import Router from '@koa/router';
import { Model, Sequelize, DataTypes } from 'sequelize';

const sequelize = new Sequelize(process.env.DATABASE_URL!);
class Invite extends Model {}
Invite.init({ email: DataTypes.STRING }, { sequelize });

const router = new Router();
router.post('/invites/check', async (ctx) => {
  const emails = (ctx.request as unknown as { body: { emails: string[] } }).body.emails;
  const pending = [];
  for (const email of emails) {
    if (await Invite.findOne({ where: { email } })) pending.push(email);
  }
  ctx.body = pending;
});
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 14,
          column: 15,
          data: { query: 'Invite.findOne', library: 'Sequelize', loop: 'the `for…of` loop', batched: SEQUELIZE_READ },
        },
      ],
    },
    {
      name: 'typed better-sqlite3 statement per id in a filter callback',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');
const isBanned = db.prepare('SELECT 1 FROM bans WHERE user_id = ?');

export function visibleAuthors(ids: string[]) {
  return ids.filter((id) => isBanned.get(id) === undefined);
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 8,
          column: 29,
          data: { query: 'isBanned.get', library: 'better-sqlite3', loop: 'the `.filter()` callback', batched: SQL_READ },
        },
      ],
    },
    {
      name: 'typed mysql2 query per id inside a some() callback',
      code: `
import mysql from 'mysql2/promise';

const pool = mysql.createPool({ uri: process.env.DATABASE_URL });

export async function anyLocked(ids: number[]) {
  let locked = false;
  for (const id of ids) {
    const [rows] = await pool.query('SELECT locked FROM accounts WHERE id = ?', [id]);
    locked ||= (rows as { locked: number }[]).some((row) => row.locked === 1);
  }
  return locked;
}
`,
      errors: [
        {
          messageId: 'queryInLoop',
          line: 9,
          column: 26,
          data: { query: 'pool.query', library: 'mysql2', loop: 'the `for…of` loop', batched: MYSQL_READ },
        },
      ],
    },
  ],
});
