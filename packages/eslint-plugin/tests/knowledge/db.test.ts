import path from 'node:path';
import { ESLintUtils, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { dbQueryOf, dbQueryOfTarget, dbQueryOfTsCall, sqlOperation, type DbQuery } from '../../src/knowledge/db.js';
import { resolveCallTarget } from '../../src/knowledge/origin.js';
import { getPitfallsSettings } from '../../src/knowledge/settings.js';
import { describe, expect, it } from 'vitest';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const messages = { query: '{{library}} {{operation}} {{label}}' };
const report = (
  context: Parameters<Parameters<typeof ESLintUtils.RuleCreator.withoutDocs>[0]['create']>[0],
  node: TSESTree.Node,
  query: DbQuery | undefined,
) => {
  if (query) context.report({ node, messageId: 'query', data: { ...query } });
};

/** Test-only rule: reports every call (or tagged template) `dbQueryOf` calls a query. */
const queryRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages, schema: [] },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) =>
      report(context, node, dbQueryOf(node, context));
    return { CallExpression: check, TaggedTemplateExpression: check };
  },
});

/** Test-only rule: the same question asked on the TypeScript AST, as interprocedural walks do. */
const tsQueryRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages, schema: [] },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    const matchers = getPitfallsSettings(context).dbQueries;
    const check = (node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression) => {
      const tsNode = services.esTreeNodeToTSNodeMap.get(node);
      if (ts.isCallExpression(tsNode) || ts.isTaggedTemplateExpression(tsNode)) {
        report(context, node, dbQueryOfTsCall(tsNode, checker, matchers));
      }
    };
    return { CallExpression: check, TaggedTemplateExpression: check };
  },
});

/** Test-only rule: what a resolved call target alone tells. */
const targetRule = ESLintUtils.RuleCreator.withoutDocs({
  meta: { type: 'problem', messages, schema: [] },
  defaultOptions: [],
  create(context) {
    const matchers = getPitfallsSettings(context).dbQueries;
    return {
      CallExpression(node) {
        const target = resolveCallTarget(node, context);
        report(context, node, target && dbQueryOfTarget(target, matchers));
      },
    };
  },
});

const query = (line: number, column: number, library: string, operation: 'read' | 'write', label: string) => ({
  messageId: 'query' as const,
  line,
  column,
  data: { library, operation, label },
});

const clientModule = path.join(fixtureDir, 'db-knowledge-client');
const clientSettings = {
  pitfalls: {
    dbQueries: [
      { module: clientModule, name: 'DbClient.run' },
      { module: clientModule, name: 'DbClient.insertRow' },
    ],
  },
};

describe('sqlOperation', () => {
  it('reads the statement keyword', () => {
    expect(sqlOperation('SELECT * FROM users')).toBe('read');
    expect(sqlOperation('  -- latest\n  select 1')).toBe('read');
    expect(sqlOperation('WITH x AS (SELECT 1) SELECT * FROM x')).toBe('read');
    expect(sqlOperation('WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved')).toBe('write');
    expect(sqlOperation('insert into t values (1)')).toBe('write');
    expect(sqlOperation('UPDATE t SET a = 1')).toBe('write');
    expect(sqlOperation('id')).toBeUndefined();
    expect(sqlOperation('')).toBeUndefined();
  });
});

const PG = `
import { Pool } from 'pg';
const pool = new Pool();
export async function load(id: string) {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [id]);
  await pool.query(\`UPDATE users SET seen_at = now() WHERE id = $1\`, [id]);
  const client = await pool.connect();
  await client.query({ text: 'SELECT 1' });
  client.release();
  return rows;
}
`;
const PG_ERRORS = [
  query(5, 26, 'pg', 'read', 'pool.query'),
  query(6, 9, 'pg', 'write', 'pool.query'),
  query(8, 9, 'pg', 'read', 'client.query'),
];

const KNEX = `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function load(id: number) {
  const user = await db('users').where({ id }).first();
  const rows = await db('orders').select('id').where('user_id', id);
  await db('audit').insert({ id });
  await db.transaction(async (trx) => {
    await trx('users').update({ seen: true }).where({ id });
  });
  return db.raw('select 1').then(() => [user, rows]);
}
`;
const KNEX_ERRORS = [
  query(5, 22, 'knex', 'read', "db('users').where(…).first"),
  query(6, 22, 'knex', 'read', "db('orders').select('id').where"),
  query(7, 9, 'knex', 'write', "db('audit').insert"),
  query(9, 11, 'knex', 'write', "trx('users').update(…).where"),
  query(11, 10, 'knex', 'read', 'db.raw'),
];

const KYSELY = `
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
interface DB { person: { id: number; first_name: string } }
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export async function people() {
  const person = await db.selectFrom('person').selectAll().where('id', '=', 1).executeTakeFirst();
  await db.insertInto('person').values({ id: 2, first_name: 'Ada' }).execute();
  const total = await sql<number>\`select count(*) from person\`.execute(db);
  return [person, total];
}
`;
const KYSELY_ERRORS = [
  query(7, 24, 'kysely', 'read', "db.selectFrom('person').selectAll().where(…).executeTakeFirst"),
  query(8, 9, 'kysely', 'write', "db.insertInto('person').values(…).execute"),
  query(9, 23, 'kysely', 'read', 'sql`…`.execute'),
];

/** Typed code that builds queries without running them. */
const UNRUN_BUILDERS = `
import knex from 'knex';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Pool } from 'pg';
interface DB { person: { id: number; created_at: Date } }
const kdb = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
const db = knex({ client: 'pg' });
export function parts(email: string) {
  const condition = db.raw('lower(email) = ?', [email]);
  const pending = [db('users').where({ id: 1 })];
  const now = sql<Date>\`now()\`;
  const recent = kdb.selectFrom('person').where('created_at', '<', now);
  return { condition, pending, recent, column: db.ref('users.id') };
}
`;

/** Typed code around a database that makes no query. */
const NO_QUERY_SETUP = `
import mysql from 'mysql2/promise';
import { Pool } from 'pg';
const pool = new Pool({ max: 10 });
pool.on('error', (err) => console.error(err));
export async function setup(value: string) {
  const conn = await mysql.createConnection({ uri: process.env.DATABASE_URL });
  const escaped = conn.escape(value);
  await conn.end();
  return escaped;
}
`;

typedRuleTester().run('db-query (typed)', queryRule, {
  valid: [
    // A pool checked out and released: no query.
    `
import { Pool } from 'pg';
const pool = new Pool();
export async function withClient() {
  const client = await pool.connect();
  client.release();
  await pool.end();
}
`,
    // Knex builders composed but not run: fragments, toSQL, a helper returning a builder.
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export function byTenant(query: ReturnType<typeof db>, tenantId: string) {
  return query.where('tenant_id', tenantId);
}
export function recent() {
  const events = db('events').orderBy('created_at', 'desc');
  const sub = db('users').select('id').where('active', true);
  const text = db('x').where({ a: 1 }).toSQL();
  return { events, sub, text, now: db.fn.now() };
}
export async function shutdown() {
  await db.destroy();
}
`,
    // Kysely builders without execute(), and the transaction wrapper itself.
    `
import { Kysely, PostgresDialect } from 'kysely';
import { Pool } from 'pg';
interface DB { person: { id: number } }
const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: new Pool() }) });
export function query() {
  return db.selectFrom('person').selectAll();
}
export async function inTransaction() {
  await db.transaction().execute(async (trx) => trx);
}
`,
    // Drizzle: conditions, sql fragments and an unrun builder.
    `
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { eq, sql } from 'drizzle-orm';
const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });
const db = drizzle(process.env.DATABASE_URL!);
export function build(id: number) {
  const condition = eq(users.id, id);
  const fragment = sql\`lower(\${users.name})\`;
  const query = db.select().from(users).where(condition);
  return { query, fragment, text: query.toSQL() };
}
`,
    // Sequelize: model setup and instance helpers that do not touch the database.
    `
import { DataTypes, Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
class User extends Model { declare id: number; }
User.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize });
export function draft() {
  const user = User.build({ id: 1 });
  user.set('id', 2);
  return user.toJSON();
}
`,
    // better-sqlite3: preparing a statement and closing are not queries.
    `
import Database from 'better-sqlite3';
const db = new Database('app.db');
export const byId = db.prepare('SELECT * FROM users WHERE id = ?');
export function close() { db.close(); }
`,
    // Types say these are not database calls: a project class with query(), Map#get, Array#find.
    `
class Repo {
  async query(sql: string) { return [sql]; }
}
export async function run(ids: number[]) {
  const cache = new Map<number, string>();
  await new Repo().query('SELECT 1');
  return [cache.get(1), ids.find((id) => id > 1)];
}
`,
    UNRUN_BUILDERS,
    NO_QUERY_SETUP,
    // Drizzle CTE definitions and Sequelize associations.
    `
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, serial, integer } from 'drizzle-orm/pg-core';
import { DataTypes, Model, Sequelize } from 'sequelize';
const users = pgTable('users', { id: serial('id').primaryKey(), teamId: integer('team_id') });
const db = drizzle(process.env.DATABASE_URL!);
export const recent = db.$with('recent').as(db.select().from(users));
const sequelize = new Sequelize('sqlite::memory:');
class Team extends Model {}
class Member extends Model {}
Team.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize });
Member.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize });
Team.hasMany(Member);
`,
    // A stream consumed by for await is one query, not one per row.
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function exportAll(write: (row: unknown) => void) {
  for await (const row of db('events').select('*').stream()) write(row);
}
`,
    // A settings-registered module's non-query member.
    {
      code: `
import { db } from './db-knowledge-client.js';
export const name = db.describe();
`,
      settings: clientSettings,
    },
  ],
  invalid: [
    { code: PG, errors: PG_ERRORS },
    {
      code: `
import mysql from 'mysql2/promise';
const pool = mysql.createPool({ uri: process.env.DATABASE_URL });
export async function save(name: string) {
  await pool.execute('INSERT INTO tags (name) VALUES (?)', [name]);
  const [rows] = await pool.query('SELECT id FROM tags');
  return rows;
}
`,
      errors: [query(5, 9, 'mysql2', 'write', 'pool.execute'), query(6, 24, 'mysql2', 'read', 'pool.query')],
    },
    { code: KNEX, errors: KNEX_ERRORS },
    { code: KYSELY, errors: KYSELY_ERRORS },
    {
      code: `
import { drizzle } from 'drizzle-orm/node-postgres';
import { pgTable, serial, text } from 'drizzle-orm/pg-core';
import { eq, sql } from 'drizzle-orm';
const users = pgTable('users', { id: serial('id').primaryKey(), name: text('name') });
const db = drizzle(process.env.DATABASE_URL!, { schema: { users } });
export async function load(id: number) {
  const rows = await db.select().from(users).where(eq(users.id, id));
  const first = await db.query.users.findFirst({ where: eq(users.id, id) });
  await db.insert(users).values({ name: 'Ada' });
  await db.execute(sql\`select 1\`);
  return [rows, first];
}
`,
      errors: [
        query(8, 22, 'drizzle', 'read', 'db.select().from(…).where'),
        query(9, 23, 'drizzle', 'read', 'db.query.users.findFirst'),
        query(10, 9, 'drizzle', 'write', 'db.insert(…).values'),
        query(11, 9, 'drizzle', 'read', 'db.execute'),
      ],
    },
    {
      code: `
import { DataTypes, Model, Sequelize } from 'sequelize';
const sequelize = new Sequelize('sqlite::memory:');
class User extends Model { declare id: number; }
User.init({ id: { type: DataTypes.INTEGER, primaryKey: true } }, { sequelize });
export async function load() {
  const users = await User.findAll({ where: { id: 1 } });
  const one = await User.findByPk(1);
  await User.bulkCreate([{ id: 2 }]);
  await one?.save();
  await sequelize.query('SELECT 1');
  return users;
}
`,
      errors: [
        query(7, 23, 'sequelize', 'read', 'User.findAll'),
        query(8, 21, 'sequelize', 'read', 'User.findByPk'),
        query(9, 9, 'sequelize', 'write', 'User.bulkCreate'),
        query(10, 9, 'sequelize', 'write', 'one.save'),
        query(11, 9, 'sequelize', 'read', 'sequelize.query'),
      ],
    },
    {
      code: `
import Database from 'better-sqlite3';
const db = new Database('app.db');
const byId = db.prepare('SELECT * FROM users WHERE id = ?');
export function load(id: number) {
  const user = byId.get(id);
  db.prepare('UPDATE users SET seen = 1 WHERE id = ?').run(id);
  db.exec('DELETE FROM sessions');
  return user;
}
`,
      errors: [
        query(6, 16, 'better-sqlite3', 'read', 'byId.get'),
        query(7, 3, 'better-sqlite3', 'write', 'db.prepare(…).run'),
        query(8, 3, 'better-sqlite3', 'write', 'db.exec'),
      ],
    },
    {
      code: `
import { DatabaseSync } from 'node:sqlite';
const db = new DatabaseSync(':memory:');
export function all() {
  return db.prepare('SELECT 1').all();
}
`,
      errors: [query(5, 10, 'sqlite', 'read', "db.prepare('SELECT 1').all")],
    },
    {
      code: `
import { db } from './db-knowledge-client.js';
export async function save(id: number) {
  await db.run('SELECT * FROM users WHERE id = ?', [id]);
  await db.insertRow('users', { id });
}
`,
      settings: clientSettings,
      errors: [
        query(4, 9, `${clientModule}#DbClient.run`, 'read', 'db.run'),
        query(5, 9, `${clientModule}#DbClient.insertRow`, 'write', 'db.insertRow'),
      ],
    },
    {
      // An `any` database falls back to the syntactic reading; odd code must not crash.
      code: `
import { Pool } from 'pg';
const pool: any = new Pool();
const method = 'query';
export async function odd() {
  await pool[method]('SELECT 1');
  await pool?.query('SELECT 1');
  await (pool as Pool).query('SELECT 2');
}
`,
      errors: [query(7, 9, 'pg', 'read', 'pool.query'), query(8, 9, 'pg', 'read', 'pool.query')],
    },
  ],
});

untypedRuleTester().run('db-query (untyped)', queryRule, {
  valid: [
    // Prisma promises built for a batch run once, in $transaction.
    `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function markAll(ids) {
  const updates = ids.map((id) => prisma.user.update({ where: { id }, data: { seen: true } }));
  ids.forEach((id) => prisma.audit.create({ data: { id } }));
  return updates;
}
`,
    // The $transaction callback form: the callback's queries count, not the wrapper.
    `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export function run(work) {
  return prisma.$transaction(async (tx) => work(tx));
}
`,
    // Look-alikes: an array find, a cache object, a Map, an API client.
    `
export async function pick(users, cache, api, id) {
  const user = users.find((u) => u.id === id);
  const cached = await cache.user.findMany();
  await api.user.update({ id });
  const m = new Map();
  m.delete(id);
  return [user, cached];
}
`,
    // TypeORM: create/merge build entities in memory; an unbound receiver is not assumed.
    `
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
@Injectable()
export class UsersService {
  constructor(@InjectRepository(User) private readonly users: Repository<User>) {}
  draft(input) {
    const user = this.users.create(input);
    return this.users.merge(user, { seen: true });
  }
}
export async function list(repo) { return repo.find(); }
`,
    // A TypeORM query builder without an executor.
    `
import { getRepository } from 'typeorm';
export function query() {
  return getRepository(User).createQueryBuilder('u').where('u.active = :active', { active: true });
}
`,
    // Look-alike clients: Redis, Elasticsearch and HTTP calls with get/query/find names.
    `
import Redis from 'ioredis';
import { Client } from '@elastic/elasticsearch';
import axios from 'axios';
const redis = new Redis();
const es = new Client({ node: 'http://localhost:9200' });
export async function lookup(id) {
  const cached = await redis.get(\`user:\${id}\`);
  const doc = await es.get({ index: 'users', id });
  const { data } = await axios.get('/users', { params: { query: id } });
  return [cached, doc, data];
}
`,
    // Mongoose schema setup and Sequelize model definitions.
    `
import mongoose from 'mongoose';
import { DataTypes, Model } from 'sequelize';
const schema = new mongoose.Schema({ name: String });
schema.index({ name: 1 });
schema.pre('save', function () { this.name = this.name.trim(); });
class User extends Model {}
User.init({ name: DataTypes.STRING }, { sequelize: undefined });
`,
    // A Kysely builder that is never executed, and a Knex stream in a for-await header.
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function rows(kysely, write) {
  const query = kysely.selectFrom('person').selectAll();
  for await (const row of db('events').stream()) write(row);
  return query.compile();
}
`,
    // Drizzle's db is no Prisma client: db.user.findMany is not assumed.
    `
import { drizzle } from 'drizzle-orm/node-postgres';
const db = drizzle(process.env.DATABASE_URL);
export const users = () => db.user.findMany();
`,
    // A pool imported from a project module: unknown without types (use settings.pitfalls.dbQueries).
    `
import { pool } from './db';
export async function load() { return pool.query('SELECT 1'); }
`,
    // Domain factories and models outside a models/ directory.
    `
import User from '../domain/user';
import Order from '../models/order';
export function make() {
  return [User.create({ name: 'a' }), Order.create({ total: 1 }), Order.build({ total: 2 })];
}
`,
    // Mongoose: a cursor streams one query; an unexecuted query; a document constructor.
    `
import mongoose from 'mongoose';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function each() {
  for await (const doc of User.find().cursor()) console.log(doc);
  const pending = User.find({ active: true });
  return [pending, new User({ name: 'a' })];
}
`,
    // Knex: a require'd instance used to build fragments only.
    `
const knex = require('knex')({ client: 'pg' });
function byTenant(q, id) { return q.where('tenant_id', id); }
const active = knex('users').where('active', true);
module.exports = { byTenant, sql: active.toString(), now: knex.fn.now() };
`,
    // postgres.js fragments are not run on their own.
    `
import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export const where = (id) => sql\`where id = \${id}\`;
const fragment = sql\`order by created_at\`;
`,
    // A computed member cannot be named.
    `
import { Pool } from 'pg';
const pool = new Pool();
export const run = (method) => pool[method]('SELECT 1');
`,
  ],
  invalid: [
    { code: PG, errors: PG_ERRORS },
    { code: KNEX, errors: KNEX_ERRORS },
    {
      code: `
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function getLatestBriefing(userId) {
  const briefing = await prisma.briefing.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' } });
  await prisma.briefing.update({ where: { id: briefing.id }, data: { seen: true } });
  const [tiles, users] = await Promise.all([prisma.tile.count(), prisma.user.findMany()]);
  const rows = await prisma.$queryRaw\`SELECT * FROM tiles\`;
  await prisma.$transaction([prisma.a.deleteMany(), prisma.b.deleteMany()]);
  return prisma.user.findUnique({ where: { id: userId } });
}
`,
      errors: [
        query(5, 26, 'prisma', 'read', 'prisma.briefing.findFirst'),
        query(6, 9, 'prisma', 'write', 'prisma.briefing.update'),
        query(7, 45, 'prisma', 'read', 'prisma.tile.count'),
        query(7, 66, 'prisma', 'read', 'prisma.user.findMany'),
        query(8, 22, 'prisma', 'read', 'prisma.$queryRaw'),
        query(9, 9, 'prisma', 'write', 'prisma.$transaction'),
        query(10, 10, 'prisma', 'read', 'prisma.user.findUnique'),
      ],
    },
    {
      code: `
export class BriefingService {
  constructor(prisma) { this.prisma = prisma; }
  latest(userId) {
    return this.prisma.briefing.findFirst({ where: { userId } });
  }
}
export const resolvers = {
  posts: (parent, args, ctx) => ctx.prisma.post.findMany({ where: { authorId: parent.id } }),
};
export async function ids(ids) {
  return Promise.all(ids.map((id) => db.user.findUnique({ where: { id } })));
}
export async function save(prismaClient, items) {
  await prismaClient.$transaction(async (tx) => {
    await tx.item.createMany({ data: items });
  });
}
`,
      errors: [
        query(5, 12, 'prisma', 'read', 'this.prisma.briefing.findFirst'),
        query(9, 33, 'prisma', 'read', 'ctx.prisma.post.findMany'),
        query(12, 38, 'prisma', 'read', 'db.user.findUnique'),
        query(16, 11, 'prisma', 'write', 'tx.item.createMany'),
      ],
    },
    {
      code: `
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository, getRepository } from 'typeorm';
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly dataSource: DataSource,
  ) {}
  async find(id) {
    const user = await this.users.findOneBy({ id });
    await this.users.save({ ...user, seen: true });
    const rows = await this.dataSource.query('SELECT 1');
    const posts = await this.dataSource.getRepository(Post).createQueryBuilder('p').where('p.userId = :id', { id }).getMany();
    await this.dataSource.manager.increment(User, { id }, 'visits', 1);
    return getRepository(Post).count();
  }
}
`,
      errors: [
        query(12, 24, 'typeorm', 'read', 'this.users.findOneBy'),
        query(13, 11, 'typeorm', 'write', 'this.users.save'),
        query(14, 24, 'typeorm', 'read', 'this.dataSource.query'),
        query(15, 25, 'typeorm', 'read', "this.dataSource.getRepository(…).createQueryBuilder('p').where(…).getMany"),
        query(16, 11, 'typeorm', 'write', 'this.dataSource.manager.increment'),
        query(17, 12, 'typeorm', 'read', 'getRepository(…).count'),
      ],
    },
    {
      code: `
import { Model, Sequelize } from 'sequelize';
import Order from '../models/order';
import Invoice from './invoice.model';
const sequelize = new Sequelize(process.env.DATABASE_URL);
class User extends Model {}
export async function load(id) {
  const users = await User.findAll();
  const order = await Order.findByPk(id);
  await Invoice.destroy({ where: { orderId: id } });
  const lines = await sequelize.models.Line.count({ where: { orderId: id } });
  return [users, order, lines];
}
`,
      errors: [
        query(8, 23, 'sequelize', 'read', 'User.findAll'),
        query(9, 23, 'sequelize', 'read', 'Order.findByPk'),
        query(10, 9, 'sequelize', 'write', 'Invoice.destroy'),
        query(11, 23, 'sequelize', 'read', 'sequelize.models.Line.count'),
      ],
    },
    {
      code: `
import mongoose from 'mongoose';
import Cat from '../models/cat';
const User = mongoose.model('User', new mongoose.Schema({ name: String }));
export async function list() {
  const users = await User.find({ active: true }).sort({ name: 1 }).limit(20);
  const one = await User.findById('x').lean().exec();
  await User.create({ name: 'a' });
  await User.updateOne({ _id: 'x' }, { $set: { name: 'b' } });
  const cats = await Cat.countDocuments();
  return [users, one, cats];
}
`,
      errors: [
        query(6, 23, 'mongoose', 'read', 'User.find(…).sort(…).limit'),
        query(7, 21, 'mongoose', 'read', "User.findById('x').lean().exec"),
        query(8, 9, 'mongoose', 'write', 'User.create'),
        query(9, 9, 'mongoose', 'write', 'User.updateOne'),
        query(10, 22, 'mongoose', 'read', 'Cat.countDocuments'),
      ],
    },
    {
      code: `
import { InjectModel } from '@nestjs/mongoose';
export class CatsService {
  constructor(@InjectModel('Cat') catModel) { this.catModel = catModel; }
}
export class DogsService {
  constructor(@InjectModel('Dog') private readonly dogModel) {}
  findAll() { return this.dogModel.find().exec(); }
}
`,
      errors: [query(8, 22, 'mongoose', 'read', 'this.dogModel.find().exec')],
    },
    {
      code: `
const knex = require('knex')({ client: 'pg' });
async function load(id) {
  const user = await knex('users').where({ id }).first();
  return knex.select('*').from('orders').where('user_id', id);
}
module.exports = { load };
`,
      errors: [
        query(4, 22, 'knex', 'read', "knex('users').where(…).first"),
        query(5, 10, 'knex', 'read', "knex.select('*').from('orders').where"),
      ],
    },
    {
      code: `
const { Pool } = require('pg');
const mysql = require('mysql2');
const pool = new Pool();
const connection = mysql.createConnection({ host: 'localhost' });
connection.query('SELECT 1', (err, rows) => console.log(err, rows));
pool.query('DELETE FROM sessions WHERE expires_at < now()').catch(console.error);
`,
      errors: [query(6, 1, 'mysql2', 'read', 'connection.query'), query(7, 1, 'pg', 'write', 'pool.query')],
    },
    {
      // The result of a query is no query object: only the query itself counts.
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function load() {
  const result = await pool.query('SELECT 1');
  return result.rows.find((row) => row.id === 1);
}
`,
      errors: [query(5, 24, 'pg', 'read', 'pool.query')],
    },
    {
      code: `
import { Kysely } from 'kysely';
import { drizzle } from 'drizzle-orm/node-postgres';
import { users } from './schema';
const orm = drizzle(process.env.DATABASE_URL);
export async function load(db, id) {
  const person = await db.selectFrom('person').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await db.deleteFrom('person').where('id', '=', id).execute();
  const rows = await orm.select().from(users);
  await orm.update(users).set({ seen: true });
  return db.query.users.findMany();
}
`,
      errors: [
        query(7, 24, 'kysely', 'read', "db.selectFrom('person').selectAll().where(…).executeTakeFirstOrThrow"),
        query(8, 9, 'kysely', 'write', "db.deleteFrom('person').where(…).execute"),
        query(9, 22, 'drizzle', 'read', 'orm.select().from'),
        query(10, 9, 'drizzle', 'write', 'orm.update(…).set'),
        query(11, 10, 'drizzle', 'read', 'db.query.users.findMany'),
      ],
    },
    {
      code: `
import Database from 'better-sqlite3';
import { DatabaseSync } from 'node:sqlite';
const db = new Database('app.db');
const memory = new DatabaseSync(':memory:');
const insert = db.prepare('INSERT INTO events (name) VALUES (?)');
export function record(name) {
  insert.run(name);
  return [db.prepare('SELECT * FROM events').all(), memory.prepare('SELECT 1').get()];
}
`,
      errors: [
        query(8, 3, 'better-sqlite3', 'write', 'insert.run'),
        query(9, 11, 'better-sqlite3', 'read', "db.prepare('SELECT * FROM events').all"),
        query(9, 53, 'sqlite', 'read', "memory.prepare('SELECT 1').get"),
      ],
    },
    {
      code: `
import postgres from 'postgres';
const sql = postgres(process.env.DATABASE_URL);
export async function users() {
  const rows = await sql\`select * from users\`;
  await sql.begin(async (tx) => {
    await tx\`update users set seen = true\`;
  });
  return rows;
}
`,
      errors: [query(5, 22, 'postgres', 'read', 'sql'), query(7, 11, 'postgres', 'write', 'tx')],
    },
    {
      code: `
import { run } from './db/client';
export async function load(id) {
  return run('SELECT * FROM users WHERE id = ?', [id]);
}
`,
      filename: 'src/users.ts',
      settings: { pitfalls: { dbQueries: [{ module: './src/db/client', name: 'run' }] } },
      errors: [query(4, 10, './src/db/client#run', 'read', 'run(…)')],
    },
  ],
});

typedRuleTester().run('db-query on the TypeScript AST', tsQueryRule, {
  valid: [
    UNRUN_BUILDERS,
    NO_QUERY_SETUP,
    // A builder made in a forEach callback and dropped never runs.
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export function queue(ids: number[]) {
  ids.forEach((id) => db('jobs').insert({ id }));
}
`,
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export function byTenant(query: ReturnType<typeof db>, tenantId: string) {
  return query.where('tenant_id', tenantId);
}
export const draft = () => db('users').where('active', true).toSQL();
`,
  ],
  invalid: [
    { code: PG, errors: PG_ERRORS },
    { code: KNEX, errors: KNEX_ERRORS },
    { code: KYSELY, errors: KYSELY_ERRORS },
    {
      code: `
import { db } from './db-knowledge-client.js';
export async function save(id: number) {
  await db.run('SELECT 1', [id]);
}
`,
      settings: clientSettings,
      errors: [query(4, 9, `${clientModule}#DbClient.run`, 'read', 'db.run')],
    },
  ],
});

typedRuleTester().run('db-query from a call target', targetRule, {
  valid: [
    // Lazy builders need the call site: the target alone does not say whether they run.
    `
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function load() { return db('users').where({ id: 1 }); }
`,
  ],
  invalid: [
    {
      code: `
import { Pool } from 'pg';
import Database from 'better-sqlite3';
const pool = new Pool();
const db = new Database('app.db');
export async function load() {
  await pool.query('SELECT 1');
  return db.prepare('SELECT 1').all();
}
`,
      errors: [query(7, 9, 'pg', 'read', 'Pool.query'), query(8, 10, 'better-sqlite3', 'read', 'Statement.all')],
    },
  ],
});
