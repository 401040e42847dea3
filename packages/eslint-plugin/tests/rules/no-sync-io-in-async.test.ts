import rule from '../../src/rules/no-sync-io-in-async.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const FS_READ_FILE = 'Use `fs.promises.readFile` (`readFile` from `fs/promises`) instead.';
const SQLITE = 'Use an async driver, or run the queries in a worker thread so requests keep being served.';

untypedRuleTester().run('no-sync-io-in-async (untyped)', rule, {
  valid: [
    {
      name: 'module top level: reading the TLS certificate before listen',
      code: `
import fs from 'node:fs';
import https from 'node:https';
import express from 'express';

const app = express();
const options = { key: fs.readFileSync('tls/key.pem'), cert: fs.readFileSync('tls/cert.pem') };
https.createServer(options, app).listen(443);
`,
    },
    {
      name: 'startup: async main() called from module top level, reading config before listen',
      code: `
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

async function main() {
  const config = JSON.parse(readFileSync('config/production.json', 'utf8'));
  const app = Fastify({ logger: true });
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
    },
    {
      name: 'startup: NestJS bootstrap() with httpsOptions read from disk',
      code: `
import * as fs from 'fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const httpsOptions = {
    key: fs.readFileSync('./secrets/private-key.pem'),
    cert: fs.readFileSync('./secrets/public-certificate.pem'),
  };
  const app = await NestFactory.create(AppModule, { httpsOptions });
  await app.listen(3000);
}
void bootstrap();
`,
    },
    {
      name: 'startup: an async helper only called from main() is startup code too',
      code: `
import { readFileSync } from 'node:fs';
import express from 'express';

const loadCertificates = async (dir: string) => ({
  key: readFileSync(dir + '/key.pem'),
  cert: readFileSync(dir + '/cert.pem'),
});

async function main() {
  const tls = await loadCertificates('/etc/tls');
  const app = express();
  app.listen(8443, () => console.log('listening', tls.cert.length));
}

await main();
`,
    },
    {
      name: 'startup: an exported start() that itself calls listen',
      code: `
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

export async function start(handler: Parameters<typeof createServer>[1]) {
  const banner = readFileSync('banner.txt', 'utf8');
  const server = createServer(handler);
  server.listen(3000, () => console.log(banner));
  return server;
}
`,
    },
    {
      name: 'startup: NestJS onModuleInit loads a key once',
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { readFileSync } from 'node:fs';

@Injectable()
export class JwtKeys implements OnModuleInit {
  private publicKey = '';

  async onModuleInit() {
    this.publicKey = readFileSync(process.env.JWT_PUBLIC_KEY_PATH ?? 'keys/jwt.pub', 'utf8');
  }
}
`,
    },
    {
      name: 'startup: a Fastify plugin body runs at registration',
      code: `
import fp from 'fastify-plugin';
import { readFileSync } from 'node:fs';

export default fp(async (fastify) => {
  const schema = JSON.parse(readFileSync(new URL('./user.schema.json', import.meta.url), 'utf8'));
  fastify.addSchema(schema);
});
`,
    },
    {
      name: 'CLI script matched by the default ignore globs',
      filename: 'scripts/seed-users.ts',
      code: `
import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

async function seed() {
  const pool = new Pool();
  const users = JSON.parse(readFileSync('seed/users.json', 'utf8'));
  for (const user of users) await pool.query('INSERT INTO users (email) VALUES ($1)', [user.email]);
}
seed().then(() => process.exit(0));
export { seed };
`,
    },
    {
      name: 'a migration that shells out to a data script runs alone at deploy time',
      filename: 'server/migrations/20240930113921-hash-api-keys.ts',
      code: `
import { execFileSync } from 'node:child_process';
import path from 'node:path';

export async function up() {
  execFileSync('node', [path.join('build', 'scripts', 'hash-api-keys.js')], { stdio: 'inherit' });
}
`,
    },
    {
      name: 'CLI script matched by a configured ignore glob',
      filename: 'tools/rebuild-index.ts',
      options: [{ ignore: ['tools/**'] }],
      code: `
import { execSync } from 'node:child_process';

export async function rebuild() {
  execSync('npm run build:search-index', { stdio: 'inherit' });
}
`,
    },
    {
      name: 'a synchronous helper is not itself reported',
      code: `
import { readFileSync } from 'node:fs';

export function readVersion(): string {
  return JSON.parse(readFileSync('package.json', 'utf8')).version;
}
`,
    },
    {
      name: 'the async fs API',
      code: `
import fs from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

export async function rotateReport(path: string) {
  const previous = await fs.promises.readFile(path, 'utf8');
  await writeFile(path + '.1', previous);
  return readFile(path, 'utf8');
}
`,
    },
    {
      name: 'JSON.parse and other CPU-light calls in a handler',
      code: `
import express from 'express';
import { randomUUID } from 'node:crypto';

const app = express();
app.post('/events', async (req, res) => {
  const event = JSON.parse(req.body.payload);
  res.json({ id: randomUUID(), type: event.type });
});
`,
    },
    {
      name: 'a project function named like a sync API is not I/O',
      code: `
import { mergeSync } from './utils/objects';

function deepMergeSync<T>(a: T, b: T): T {
  return { ...a, ...b };
}

export async function updatePreferences(current: object, patch: object) {
  return deepMergeSync(mergeSync(current, patch), { updatedAt: Date.now() });
}
`,
    },
    {
      name: 'the async sqlite npm package shares the module name but is not blocking',
      code: `
import { open } from 'sqlite';
import sqlite3 from 'sqlite3';

export async function listUsers() {
  const db = await open({ filename: 'app.db', driver: sqlite3.Database });
  return db.all('SELECT * FROM users');
}
`,
    },
    {
      name: 'preparing a better-sqlite3 statement is not executing it',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');

export async function statementFor(table: 'users' | 'orders') {
  return db.prepare('SELECT * FROM ' + table);
}
`,
    },
    {
      name: 'an async pg query in a Koa route',
      code: `
import Router from '@koa/router';
import { Pool } from 'pg';

const pool = new Pool();
const router = new Router();

router.get('/users/:id', async (ctx) => {
  const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [ctx.params.id]);
  ctx.body = rows[0];
});
`,
    },
    {
      name: 'generateKeySync only draws random bytes',
      code: `
import { generateKeySync } from 'node:crypto';

export async function newSigningKey() {
  return generateKeySync('hmac', { length: 256 }).export().toString('hex');
}
`,
    },
    {
      name: 'the listen callback and Fastify onClose hook are not request handlers',
      code: `
import Fastify from 'fastify';
import fs from 'node:fs';

const fastify = Fastify();
fastify.addHook('onClose', (instance, done) => {
  fs.rmSync('/tmp/uploads', { recursive: true, force: true });
  done();
});
fastify.listen({ port: 3000 }, () => {
  fs.writeFileSync('server.pid', String(process.pid));
});
`,
    },
    {
      name: 'a sync Express handler without blocking calls',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';

const app = express();
app.get('/terms', (req, res, next) => {
  readFile('static/terms.html', 'utf8').then((html) => res.send(html), next);
});
`,
    },
    {
      name: 'a timer callback is its own function, not part of the async function that schedules it',
      code: `
import { appendFileSync } from 'node:fs';

export async function startHeartbeat() {
  setInterval(() => appendFileSync('heartbeat.log', new Date().toISOString() + '\\n'), 60_000);
}
`,
    },
    {
      name: 'a module-level template loaded on first use blocks once, not per request',
      code: `
import { readFileSync } from 'node:fs';
import express from 'express';

let layout: string | undefined;
let partials: Record<string, string> | undefined;

const app = express();
app.get('/', async (req, res) => {
  layout ??= readFileSync('views/layout.html', 'utf8');
  if (!partials) partials = { nav: readFileSync('views/nav.html', 'utf8') };
  res.send(layout.replace('{{nav}}', partials.nav));
});
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/routes/users.test.ts',
      code: `
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUsers } from './users';

describe('parseUsers', () => {
  it('reads the fixture', async () => {
    expect(parseUsers(readFileSync('fixtures/users.csv', 'utf8'))).toHaveLength(3);
  });
});
`,
    },
    {
      name: 'the fix: queries run in a worker thread, the handler awaits its answer',
      code: `
import Database from 'better-sqlite3';
import { parentPort } from 'node:worker_threads';

const db = new Database('app.db', { readonly: true });

parentPort?.on('message', ({ id, sql, params }: { id: number; sql: string; params: unknown[] }) => {
  parentPort?.postMessage({ id, rows: db.prepare(sql).all(...params) });
});
`,
    },
    {
      name: 'a Hono route using the async file API',
      code: `
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';

const app = new Hono();
app.get('/changelog', async (c) => c.text(await readFile('CHANGELOG.md', 'utf8')));
export default app;
`,
    },
    {
      name: 'odd code does not crash: computed callees, optional chaining, IIFEs',
      code: `
const handlers: Record<string, () => void> = {};

export async function dispatch(name: string, fs: any) {
  handlers[name]?.();
  fs?.['readFileSync']?.('x');
  (() => name)();
  return new (class {})();
}
`,
    },
  ],
  invalid: [
    {
      name: 'fs.readFileSync in an async function',
      code: `
import fs from 'node:fs';

export async function loadInvoice(id: string) {
  const pdf = fs.readFileSync(\`invoices/\${id}.pdf\`);
  return pdf.toString('base64');
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 15,
          endLine: 5,
          endColumn: 52,
          data: { call: 'fs.readFileSync', where: 'async function `loadInvoice`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a named import from node:fs, inside an async arrow',
      code: `
import { existsSync, writeFileSync } from 'node:fs';

export const saveDraft = async (path: string, body: string) => {
  if (!existsSync(path)) writeFileSync(path, body);
};
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 8,
          data: {
            call: 'fs.existsSync',
            where: 'async function `saveDraft`',
            alternative: 'Use `fs.promises.access` (or `stat`) instead.',
          },
        },
        {
          messageId: 'syncIo',
          line: 5,
          column: 26,
          data: {
            call: 'fs.writeFileSync',
            where: 'async function `saveDraft`',
            alternative: 'Use `fs.promises.writeFile` (`writeFile` from `fs/promises`) instead.',
          },
        },
      ],
    },
    {
      name: 'child_process.execSync through require, in an async method',
      code: `
const { execSync } = require('child_process');

export class GitService {
  async currentCommit() {
    return execSync('git rev-parse HEAD').toString().trim();
  }
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 6,
          column: 12,
          data: {
            call: 'child_process.execSync',
            where: 'async method `GitService.currentCommit`',
            alternative: 'Use `util.promisify(child_process.exec)` instead.',
          },
        },
      ],
    },
    {
      name: 'crypto.pbkdf2Sync while hashing a password at login',
      code: `
import crypto from 'node:crypto';

export async function verifyPassword(password: string, salt: string, hash: string) {
  const derived = crypto.pbkdf2Sync(password, salt, 310000, 32, 'sha256');
  return crypto.timingSafeEqual(derived, Buffer.from(hash, 'hex'));
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 19,
          data: {
            call: 'crypto.pbkdf2Sync',
            where: 'async function `verifyPassword`',
            alternative: 'Use `util.promisify(crypto.pbkdf2)` instead (it runs on the libuv thread pool).',
          },
        },
      ],
    },
    {
      name: 'zlib.gzipSync in an async class property arrow',
      code: `
import * as zlib from 'zlib';

export class ExportService {
  compress = async (csv: string) => zlib.gzipSync(csv);
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 37,
          data: {
            call: 'zlib.gzipSync',
            where: 'async method `ExportService.compress`',
            alternative: 'Use `util.promisify(zlib.gzip)` or a stream instead.',
          },
        },
      ],
    },
    {
      name: 'better-sqlite3: db.prepare(sql).get() chain from new Database()',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db');

export async function getUser(id: number) {
  return db.prepare('SELECT * FROM users WHERE id = ?').get(id);
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 10,
          data: { call: 'better-sqlite3 Statement.get', where: 'async function `getUser`', alternative: SQLITE },
        },
      ],
    },
    {
      name: 'better-sqlite3: a statement prepared at module level, run in an async callback',
      code: `
import Database from 'better-sqlite3';

const db = new Database('app.db', { fileMustExist: true });
const insertAudit = db.prepare('INSERT INTO audit (actor, action) VALUES (?, ?)');

export const auditQueue = {
  push: async (actor: string, action: string) => {
    insertAudit.run(actor, action);
    db.exec('DELETE FROM audit WHERE created_at < date(\\'now\\', \\'-90 days\\')');
  },
};
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 9,
          column: 5,
          data: { call: 'better-sqlite3 Statement.run', where: 'async function `push`', alternative: SQLITE },
        },
        {
          messageId: 'syncIo',
          line: 10,
          column: 5,
          data: { call: 'better-sqlite3 Database.exec', where: 'async function `push`', alternative: SQLITE },
        },
      ],
    },
    {
      name: 'node:sqlite DatabaseSync exec and StatementSync.all',
      code: `
import { DatabaseSync } from 'node:sqlite';

const db = new DatabaseSync('cache.db');

export async function recentSearches(userId: string) {
  db.exec('CREATE TABLE IF NOT EXISTS searches (user_id TEXT, q TEXT)');
  return db.prepare('SELECT q FROM searches WHERE user_id = ?').all(userId);
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 3,
          data: { call: 'node:sqlite DatabaseSync.exec', where: 'async function `recentSearches`', alternative: SQLITE },
        },
        {
          messageId: 'syncIo',
          line: 8,
          column: 10,
          data: { call: 'node:sqlite StatementSync.all', where: 'async function `recentSearches`', alternative: SQLITE },
        },
      ],
    },
    {
      name: 'Atomics.wait in an async function',
      code: `
export async function throttle(lock: Int32Array) {
  Atomics.wait(lock, 0, 1, 50);
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 3,
          column: 3,
          data: { call: 'Atomics.wait', where: 'async function `throttle`', alternative: 'Use `Atomics.waitAsync` instead.' },
        },
      ],
    },
    {
      name: 'fs-extra *Sync helpers',
      code: `
import fse from 'fs-extra';

export async function publishAssets(from: string, to: string) {
  fse.copySync(from, to, { overwrite: true });
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 3,
          data: {
            call: 'fs-extra.copySync',
            where: 'async function `publishAssets`',
            alternative: 'Use the promise-returning `fs-extra.copy` instead.',
          },
        },
      ],
    },
    {
      name: 'an array callback runs inside the async function around it',
      code: `
import { readFileSync } from 'fs';

export async function loadTemplates(names: string[]) {
  return names.map((name) => readFileSync(\`templates/\${name}.hbs\`, 'utf8'));
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 30,
          data: { call: 'fs.readFileSync', where: 'async function `loadTemplates`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a Promise executor runs inside the async function around it',
      code: `
import { spawnSync } from 'node:child_process';

export async function convert(input: string) {
  return new Promise<string>((resolve) => {
    resolve(spawnSync('pandoc', [input, '-t', 'html']).stdout.toString());
  });
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 6,
          column: 13,
          data: {
            call: 'child_process.spawnSync',
            where: 'async function `convert`',
            alternative: 'Use `child_process.spawn` and wait for its `close` event instead.',
          },
        },
      ],
    },
    {
      name: 'an async Express route handler',
      code: `
import express from 'express';
import fs from 'fs';

const app = express();
app.get('/logo.svg', async (req, res) => {
  res.type('image/svg+xml').send(fs.readFileSync('public/logo.svg'));
});
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 34,
          data: { call: 'fs.readFileSync', where: 'the Express route handler', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a non-async Express handler blocks just the same',
      code: `
import express from 'express';
import fs from 'node:fs';

const app = express();
app.get('/x', (req, res) => {
  res.send(fs.readFileSync('public/x.html'));
});
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 12,
          data: { call: 'fs.readFileSync', where: 'the Express route handler', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a handler registered by name',
      code: `
import express from 'express';
import { execFileSync } from 'node:child_process';

function diskUsage(req: express.Request, res: express.Response) {
  res.json({ df: execFileSync('df', ['-h']).toString() });
}

const router = express.Router();
router.get('/ops/disk', diskUsage);
export default router;
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 6,
          column: 18,
          data: {
            call: 'child_process.execFileSync',
            where: 'the Express route handler `diskUsage`',
            alternative: 'Use `util.promisify(child_process.execFile)` instead.',
          },
        },
      ],
    },
    {
      name: 'a sync Fastify route handler',
      code: `
import Fastify from 'fastify';
import { gunzipSync } from 'node:zlib';

const app = Fastify();
app.post('/ingest', (request, reply) => {
  const body = gunzipSync(request.body as Buffer);
  reply.send({ bytes: body.length });
});
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 16,
          data: {
            call: 'zlib.gunzipSync',
            where: 'the Fastify route handler',
            alternative: 'Use `util.promisify(zlib.gunzip)` or a stream instead.',
          },
        },
      ],
    },
    {
      name: 'Koa middleware reading better-sqlite3',
      code: `
import Koa from 'koa';
import Database from 'better-sqlite3';

const db = new Database('sessions.db');
const app = new Koa();

app.use(async (ctx, next) => {
  ctx.state.session = db.prepare('SELECT * FROM sessions WHERE id = ?').get(ctx.cookies.get('sid'));
  await next();
});
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 9,
          column: 23,
          data: { call: 'better-sqlite3 Statement.get', where: 'the Koa middleware', alternative: SQLITE },
        },
      ],
    },
    {
      name: 'a Next.js route handler',
      filename: 'app/api/export/route.ts',
      code: `
import { readFileSync } from 'node:fs';

export async function GET() {
  return new Response(readFileSync('exports/latest.csv'), { headers: { 'content-type': 'text/csv' } });
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 23,
          data: { call: 'fs.readFileSync', where: 'the Next.js route handler `GET`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a local variable is loaded again on every call',
      code: `
import { readFileSync } from 'node:fs';

export async function renderPage(name: string) {
  let html: string | undefined;
  html ??= readFileSync(\`pages/\${name}.html\`, 'utf8');
  return html;
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 6,
          column: 12,
          data: { call: 'fs.readFileSync', where: 'async function `renderPage`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'an exported async main is not startup code unless it starts the server itself',
      code: `
import { readFileSync } from 'node:fs';

export async function main(argv: string[]) {
  return readFileSync(argv[2] ?? 'input.txt', 'utf8').length;
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 5,
          column: 10,
          data: { call: 'fs.readFileSync', where: 'async function `main`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a function called from a request path as well as at startup is not startup code',
      code: `
import { readFileSync } from 'node:fs';
import express from 'express';

async function loadFlags() {
  return JSON.parse(readFileSync('flags.json', 'utf8'));
}

const app = express();
app.post('/admin/reload', async (req, res) => res.json(await loadFlags()));
await loadFlags();
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 6,
          column: 21,
          data: { call: 'fs.readFileSync', where: 'async function `loadFlags`', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'a call named in settings.pitfalls.syncIo',
      settings: { pitfalls: { syncIo: [{ module: 'legacy-geo', name: 'Resolver.lookupSync' }] } },
      code: `
import { Resolver } from 'legacy-geo';

const resolver = new Resolver('/var/lib/geo.mmdb');

export async function countryOf(ip: string) {
  return resolver.lookupSync(ip)?.country;
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 10,
          data: {
            call: 'Resolver.lookupSync',
            where: 'async function `countryOf`',
            alternative: 'Move the blocking work to a worker thread or use an async API.',
          },
        },
      ],
    },
  ],
});

const typed = typedRuleTester();

typed.run('no-sync-io-in-async (typed)', rule, {
  valid: [
    {
      name: 'a wrapper chain deeper than maxDepth (default 3) is not followed',
      code: `
import { loadProfileCard } from './sync-io-repository.js';

export async function profileCard(id: string) {
  return loadProfileCard(id);
}
`,
    },
    {
      name: 'maxDepth 1 only looks into the called function itself',
      options: [{ maxDepth: 1 }],
      code: `
import { UserRepository } from './sync-io-repository.js';

export async function show(users: UserRepository, id: string) {
  return users.findById(id);
}
`,
    },
    {
      name: 'maxDepth 0 turns the interprocedural check off',
      options: [{ maxDepth: 0 }],
      code: `
import { database } from './sync-io-db-service.js';

export async function listOrders() {
  return database.execute('SELECT * FROM orders');
}
`,
    },
    {
      name: 'mutual recursion that never blocks ends and reports nothing',
      code: `
import { walkTree } from './sync-io-repository.js';

export async function countNodes(tree: { children: unknown[] }) {
  return walkTree(tree);
}
`,
    },
    {
      name: 'an async wrapper is reported inside itself, not at its callers',
      code: `
import { database } from './sync-io-db-service.js';

export async function listUsers() {
  return database.executeLater('SELECT * FROM users');
}
`,
    },
    {
      name: 'work deferred to timers is not part of the call',
      code: `
import { database } from './sync-io-db-service.js';
import { refreshLater } from './sync-io-repository.js';

export async function scheduleRefresh() {
  refreshLater();
  database.executeSoon('SELECT * FROM stats', (rows) => console.log(rows.length));
}
`,
    },
    {
      name: 'preparing a statement through the wrapper does not execute it',
      code: `
import { database } from './sync-io-db-service.js';

export async function statement() {
  return database.prepareOnly('SELECT 1');
}
`,
    },
    {
      name: 'async helpers and pure *Sync-named helpers from project files',
      code: `
import { mergeSync, renderTemplateAsync } from './sync-io-helpers.js';

export async function welcomeEmail(user: { name: string }) {
  const html = await renderTemplateAsync('welcome');
  return mergeSync({ html, to: user.name }, {});
}
`,
    },
    {
      name: 'abstract and interface methods have no body to follow',
      code: `
import type { Cache, Exporter } from './sync-io-helpers.js';

export async function exportRows(exporter: Exporter, cache: Cache, rows: unknown[]) {
  return cache.read('export') ?? exporter.export(rows);
}
`,
    },
    {
      name: 'a sync helper that calls a blocking helper is not itself reported',
      code: `
import { renderTemplate } from './sync-io-helpers.js';

export function renderInvoice(total: string) {
  return renderTemplate('invoice', { total });
}
`,
    },
    {
      name: 'startup function calling the DatabaseService before listen',
      code: `
import express from 'express';
import { database } from './sync-io-db-service.js';

async function main() {
  database.execute('PRAGMA journal_mode = WAL');
  const app = express();
  app.listen(3000);
}

void main();
`,
    },
    {
      name: 'a NestJS onModuleInit hook warming the DatabaseService',
      code: `
import { Injectable, OnModuleInit } from '@nestjs/common';
import { DatabaseService } from './sync-io-db-service.js';

@Injectable()
export class MigrationsRunner implements OnModuleInit {
  constructor(private readonly db: DatabaseService) {}

  async onModuleInit() {
    this.db.execute('CREATE TABLE IF NOT EXISTS models (id TEXT PRIMARY KEY)');
  }
}
`,
    },
    {
      name: 'a memoised config loader called from a handler blocks only on first use',
      code: `
import { readFileSync } from 'node:fs';

type Config = { features: Record<string, boolean> };
let config: Config | undefined;

function getConfig(): Config {
  return config ?? (config = JSON.parse(readFileSync('config.json', 'utf8')) as Config);
}

export async function isEnabled(feature: string) {
  return getConfig().features[feature] === true;
}
`,
    },
    {
      name: 'a lazily opened better-sqlite3 singleton configured on first use',
      code: `
import Database from 'better-sqlite3';
import { open } from 'node:fs/promises';

let db: Database.Database | undefined;

function getDb(): Database.Database {
  if (!db) {
    db = new Database('app.db');
    db.pragma('journal_mode = WAL');
  }
  return db;
}

export async function appendLog(line: string) {
  const handle = await open('app.log', 'a');
  await handle.write(line + String(getDb().open));
  await handle.close();
}
`,
    },
    {
      name: 'typed: the promise fs API and JSON.parse',
      code: `
import { promises as fsp } from 'node:fs';

export async function readSettings(path: string) {
  return JSON.parse(await fsp.readFile(path, 'utf8')) as Record<string, unknown>;
}
`,
    },
    {
      name: 'typed: a local function named readFileSync is not fs',
      code: `
const cache = new Map<string, string>();
function readFileSync(key: string) {
  return cache.get(key) ?? '';
}

export async function cached(key: string) {
  return readFileSync(key);
}
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: an async route calling a DatabaseService that wraps better-sqlite3',
      code: `
import express from 'express';
import { database } from './sync-io-db-service.js';

export const router = express.Router();

router.get('/models', async (req, res) => {
  const models = database.execute('SELECT * FROM models WHERE owner = ?', req.query.owner);
  res.json(models);
});
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 8,
          column: 18,
          endLine: 8,
          endColumn: 91,
          data: {
            call: 'database.execute()',
            where: 'the Express route handler',
            blocking: 'better-sqlite3 Statement.all',
            chain: 'DatabaseService.execute() → better-sqlite3 Statement.all (sync-io-db-service.ts:17)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a non-async NestJS controller method calling the DatabaseService',
      code: `
import { Controller, Get, Param } from '@nestjs/common';
import { DatabaseService } from './sync-io-db-service.js';

@Controller('models')
export class ModelsController {
  constructor(private readonly db: DatabaseService) {}

  @Get(':id')
  findOne(@Param('id') id: string) {
    return this.db.executeOne('SELECT * FROM models WHERE id = ?', id);
  }
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 11,
          column: 12,
          data: {
            call: 'this.db.executeOne()',
            where: 'the NestJS controller method `ModelsController.findOne`',
            blocking: 'better-sqlite3 Statement.get',
            chain: 'DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a Fastify route typed through the instance',
      code: `
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const app = Fastify();
app.get('/robots.txt', async (_request, reply) => {
  reply.type('text/plain').send(readFileSync('public/robots.txt'));
});
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 7,
          column: 33,
          data: { call: 'fs.readFileSync', where: 'the Fastify route handler', alternative: FS_READ_FILE },
        },
      ],
    },
    {
      name: 'through this.db in an injected service method',
      code: `
import { DatabaseService } from './sync-io-db-service.js';

export class ModelsService {
  constructor(private readonly db: DatabaseService) {}

  async findOne(id: string) {
    return this.db.executeOne('SELECT * FROM models WHERE id = ?', id);
  }
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 8,
          column: 12,
          data: {
            call: 'this.db.executeOne()',
            where: 'async method `ModelsService.findOne`',
            blocking: 'better-sqlite3 Statement.get',
            chain: 'DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a two-level chain through a repository',
      code: `
import { UserRepository } from './sync-io-repository.js';

const users = new UserRepository();

export async function getUser(id: string) {
  return users.findById(id);
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 7,
          column: 10,
          data: {
            call: 'users.findById()',
            where: 'async function `getUser`',
            blocking: 'better-sqlite3 Statement.get',
            chain:
              'UserRepository.findById() → DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a chain of three project functions is within the default depth',
      code: `
import { UserRepository, UserService } from './sync-io-repository.js';

const service = new UserService(new UserRepository());

export const profile = async (id: string) => service.profile(id);
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 6,
          column: 46,
          data: {
            call: 'service.profile()',
            where: 'async function `profile`',
            blocking: 'better-sqlite3 Statement.get',
            chain:
              'UserService.profile() → UserRepository.findById() → DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'maxDepth 4 follows the four-level chain',
      options: [{ maxDepth: 4 }],
      code: `
import { loadProfileCard } from './sync-io-repository.js';

export async function profileCard(id: string) {
  return loadProfileCard(id);
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 10,
          data: {
            call: 'loadProfileCard()',
            where: 'async function `profileCard`',
            blocking: 'better-sqlite3 Statement.get',
            chain:
              'loadProfileCard() → UserService.profile() → UserRepository.findById() → DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a class property arrow method',
      code: `
import { database } from './sync-io-db-service.js';

export async function touchSession(id: string) {
  database.run('UPDATE sessions SET seen_at = CURRENT_TIMESTAMP WHERE id = ?', id);
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 3,
          data: {
            call: 'database.run()',
            where: 'async function `touchSession`',
            blocking: 'better-sqlite3 Statement.run',
            chain: 'DatabaseService.run() → better-sqlite3 Statement.run (sync-io-db-service.ts:25)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a cycle between two functions, one of which blocks',
      code: `
import { syncPage } from './sync-io-repository.js';

export async function resync() {
  syncPage(10);
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 3,
          data: {
            call: 'syncPage()',
            where: 'async function `resync`',
            blocking: 'better-sqlite3 Statement.run',
            chain:
              'syncPage() → syncPrevious() → DatabaseService.run() → better-sqlite3 Statement.run (sync-io-db-service.ts:25)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a query inside an array callback of the called function',
      code: `
import { findMany } from './sync-io-repository.js';

export async function usersByIds(ids: string[]) {
  return findMany(ids);
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 10,
          data: {
            call: 'findMany()',
            where: 'async function `usersByIds`',
            blocking: 'better-sqlite3 Statement.get',
            chain: 'findMany() → DatabaseService.executeOne() → better-sqlite3 Statement.get (sync-io-db-service.ts:21)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a node:sqlite settings store',
      code: `
import { settingsStore } from './sync-io-sqlite-store.js';

export async function theme(userId: string) {
  return settingsStore.get(\`theme:\${userId}\`) ?? 'light';
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 10,
          data: {
            call: 'settingsStore.get()',
            where: 'async function `theme`',
            blocking: 'node:sqlite StatementSync.get',
            chain: 'SettingsStore.get() → node:sqlite StatementSync.get (sync-io-sqlite-store.ts:8)',
            alternative: SQLITE,
          },
        },
      ],
    },
    {
      name: 'a template helper that reads from disk, and an overloaded one',
      code: `
import { format, renderTemplate } from './sync-io-helpers.js';

export async function receipt(total: number) {
  return renderTemplate('receipt', { total: format(total) });
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 10,
          data: {
            call: 'renderTemplate()',
            where: 'async function `receipt`',
            blocking: 'fs.readFileSync',
            chain: 'renderTemplate() → fs.readFileSync (sync-io-helpers.ts:6)',
            alternative: FS_READ_FILE,
          },
        },
        {
          messageId: 'syncIoThroughCall',
          line: 5,
          column: 45,
          data: {
            call: 'format()',
            where: 'async function `receipt`',
            blocking: 'fs.readFileSync',
            chain: 'format() → fs.readFileSync (sync-io-helpers.ts:31)',
            alternative: FS_READ_FILE,
          },
        },
      ],
    },
    {
      name: 'a same-file sync helper and a constructor that reads a file',
      code: `
import { readFileSync } from 'node:fs';

class PriceList {
  private readonly prices: Record<string, number>;
  constructor(path: string) {
    this.prices = JSON.parse(readFileSync(path, 'utf8'));
  }
}

function loadCountries(): string[] {
  return readFileSync('countries.txt', 'utf8').split('\\n');
}

export async function quote(country: string) {
  const prices = new PriceList('prices.json');
  return loadCountries().includes(country) ? prices : undefined;
}
`,
      errors: [
        {
          messageId: 'syncIoThroughCall',
          line: 16,
          column: 18,
          data: {
            call: "new PriceList()",
            where: 'async function `quote`',
            blocking: 'fs.readFileSync',
            chain: 'PriceList.constructor() → fs.readFileSync (file.ts:7)',
            alternative: FS_READ_FILE,
          },
        },
        {
          messageId: 'syncIoThroughCall',
          line: 17,
          column: 10,
          data: {
            call: 'loadCountries()',
            where: 'async function `quote`',
            blocking: 'fs.readFileSync',
            chain: 'loadCountries() → fs.readFileSync (file.ts:12)',
            alternative: FS_READ_FILE,
          },
        },
      ],
    },
    {
      name: 'typed direct calls: scryptSync, a better-sqlite3 transaction and Atomics.wait',
      code: `
import { scryptSync } from 'node:crypto';
import Database from 'better-sqlite3';

const db = new Database('app.db');
const insertMany = db.transaction((rows: string[]) => {
  for (const row of rows) db.prepare('INSERT INTO tags (name) VALUES (?)').run(row);
});

export async function importTags(rows: string[], secret: string, flag: Int32Array) {
  const key = scryptSync(secret, 'salt', 64);
  insertMany(rows);
  Atomics.wait(flag, 0, 0, 10);
  return key;
}
`,
      errors: [
        {
          messageId: 'syncIo',
          line: 11,
          column: 15,
          data: {
            call: 'crypto.scryptSync',
            where: 'async function `importTags`',
            alternative: 'Use `util.promisify(crypto.scrypt)` instead (it runs on the libuv thread pool).',
          },
        },
        {
          messageId: 'syncIo',
          line: 12,
          column: 3,
          data: { call: 'better-sqlite3 transaction', where: 'async function `importTags`', alternative: SQLITE },
        },
        {
          messageId: 'syncIo',
          line: 13,
          column: 3,
          data: { call: 'Atomics.wait', where: 'async function `importTags`', alternative: 'Use `Atomics.waitAsync` instead.' },
        },
      ],
    },
  ],
});
