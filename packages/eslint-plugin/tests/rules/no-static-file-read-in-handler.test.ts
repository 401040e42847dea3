import rule from '../../src/rules/no-static-file-read-in-handler.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const PARSED = { parsed: ' and parsed', reparses: ' and re-parses' };
const READ_ONLY = { parsed: '', reparses: '' };

untypedRuleTester().run('no-static-file-read-in-handler (untyped)', rule, {
  valid: [
    {
      name: 'import() of a JSON file without a cache-busting query is loaded once by the module cache',
      code: `
import express from 'express';
const app = express();
app.get('/features', async (_req, res) => {
  const { default: features } = await import('./features.json', { with: { type: 'json' } });
  res.json(features);
});
`,
    },
    {
      name: 'a cache-busting import() at startup, not per request',
      code: `
export async function loadSettings() {
  return (await import(\`./settings.json?t=\${Date.now()}\`, { with: { type: 'json' } })).default;
}
`,
    },
    {
      name: 'a cache-busting import() of a code module in a dev-reload handler is not a config read',
      code: `
import express from 'express';
const app = express();
app.post('/dev/reload', async (_req, res) => {
  await import(\`./routes.js?v=\${Date.now()}\`);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'module level: plugin YAML loaded once before the routes are registered',
      code: `
import { readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import express from 'express';

const plugins = yaml.load(readFileSync(path.join(__dirname, 'plugins.yaml'), 'utf8'));
const app = express();

app.get('/plugins', (req, res) => {
  res.json(plugins);
});
`,
    },
    {
      name: 'startup: async main() reads the config, then starts Fastify',
      code: `
import { readFile } from 'node:fs/promises';
import Fastify from 'fastify';

async function main() {
  const config = JSON.parse(await readFile('config/production.json', 'utf8'));
  const app = Fastify({ logger: true });
  app.get('/health', async () => ({ ok: true, region: config.region }));
  await app.listen({ port: config.port, host: '0.0.0.0' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
`,
    },
    {
      name: 'lazy init: config ??= JSON.parse(await readFile(...)) fills a module variable once',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';

let config: { features: string[] } | undefined;
const router = express.Router();

router.get('/features', async (req, res) => {
  config ??= JSON.parse(await readFile('config/features.json', 'utf8'));
  res.json(config.features);
});
`,
    },
    {
      name: 'lazy init: if (!cache) cache = ... in a Koa route',
      code: `
import Router from '@koa/router';
import fs from 'node:fs';
import YAML from 'yaml';

let tiers: Record<string, number> | null = null;
const router = new Router();

router.get('/tiers', async (ctx) => {
  if (!tiers) {
    const text = await fs.promises.readFile('config/tiers.yaml', 'utf8');
    tiers = YAML.parse(text);
  }
  ctx.body = tiers;
});
`,
    },
    {
      name: 'lazy init: a module-level Map filled on first use of each template',
      code: `
import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';
import express from 'express';

const templates = new Map<string, HandlebarsTemplateDelegate>();
const app = express();

app.post('/emails/welcome', async (req, res) => {
  if (!templates.has('welcome')) {
    templates.set('welcome', Handlebars.compile(await readFile('templates/welcome.hbs', 'utf8')));
  }
  res.send(templates.get('welcome')!(req.body));
});
`,
    },
    {
      name: 'outside handlers: an exported loader function is not a handler',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function loadPluginManifest() {
  return JSON.parse(await readFile(path.join(__dirname, 'manifest.json'), 'utf8'));
}
`,
    },
    {
      name: 'path from the request: reading an upload by id is no-path-traversal business',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

const UPLOAD_DIR = '/var/app/uploads';
const app = express();

app.get('/uploads/:id/meta', async (req, res) => {
  const meta = JSON.parse(await readFile(path.join(UPLOAD_DIR, req.params.id + '.json'), 'utf8'));
  res.json(meta);
});
`,
    },
    {
      name: 'path from a database record: the file differs per request',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';
import { db } from './db';

const app = express();

app.get('/reports/:id', async (req, res) => {
  const report = await db.report.findUnique({ where: { id: req.params.id } });
  const body = JSON.parse(await readFile(report.storagePath, 'utf8'));
  res.json(body);
});
`,
    },
    {
      name: 'serving a file: res.sendFile and a download stream are not config reads',
      code: `
import fs from 'node:fs';
import path from 'node:path';
import express from 'express';

const app = express();

app.get('/', (req, res) => {
  res.sendFile(path.join(__dirname, 'public', 'index.html'));
});

app.get('/export/sample.json', (req, res) => {
  res.setHeader('Content-Type', 'application/json');
  fs.createReadStream(path.join(__dirname, 'samples', 'sample.json')).pipe(res);
});
`,
    },
    {
      name: 'serving a file: raw JSON contents sent to the client as they are',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';

const app = express();

app.get('/openapi.json', async (req, res) => {
  res.type('json').send(await readFile('docs/openapi.json'));
});
`,
    },
    {
      name: 'serving a file: SPA fallback reads index.html (no parse, not a config file)',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import express from 'express';

const app = express();

app.get('*', async (req, res) => {
  const html = await readFile(path.resolve(__dirname, '../client/dist/index.html'), 'utf8');
  res.status(200).set({ 'Content-Type': 'text/html' }).end(html);
});
`,
    },
    {
      name: 'dev only: reloading the plugin YAML on each request in development (the seed advice)',
      code: `
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import express from 'express';

let plugins = yaml.load(readFileSync('plugins.yaml', 'utf8'));
const app = express();

app.get('/plugins', (req, res) => {
  if (process.env.NODE_ENV === 'development') {
    plugins = yaml.load(readFileSync('plugins.yaml', 'utf8'));
  }
  res.json(plugins);
});
`,
    },
    {
      name: 'a plain text file that is not parsed is no evidence of config',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';

const app = express();

app.get('/version', async (req, res) => {
  const version = (await readFile('VERSION', 'utf8')).trim();
  res.json({ version });
});
`,
    },
    {
      name: 'import() of a JSON file is cached by the module loader: read once',
      code: `
import express from 'express';

const app = express();

app.get('/countries', async (req, res) => {
  const { default: countries } = await import('./data/countries.json', { with: { type: 'json' } });
  res.json(countries);
});
`,
    },
    {
      name: 'a project function called readFile is not fs',
      code: `
import express from 'express';
import { readFile } from './storage/s3';

const app = express();

app.get('/settings', async (req, res) => {
  res.json(JSON.parse(await readFile('settings/defaults.json')));
});
`,
    },
    {
      name: 'Fastify plugin body: config read when the plugin registers, not per request',
      code: `
import { readFile } from 'node:fs/promises';
import fp from 'fastify-plugin';
import type { FastifyInstance } from 'fastify';

export default fp(async (app: FastifyInstance) => {
  const limits = JSON.parse(await readFile('config/limits.json', 'utf8'));
  app.get('/limits', async () => limits);
});
`,
    },
    {
      name: 'NestJS: onModuleInit loads the config, the controller method returns it',
      code: `
import { Controller, Get, OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { load } from 'js-yaml';

@Controller('plugins')
export class PluginsController implements OnModuleInit {
  private plugins: unknown[] = [];

  async onModuleInit() {
    this.plugins = load(await readFile('config/plugins.yaml', 'utf8')) as unknown[];
  }

  @Get()
  list() {
    return this.plugins;
  }
}
`,
    },
    {
      name: 'NestJS: this.templates ??= ... caches on the singleton controller',
      code: `
import { Controller, Get } from '@nestjs/common';
import { readFile } from 'node:fs/promises';

@Controller('i18n')
export class I18nController {
  private messages?: Record<string, string>;

  @Get()
  async list() {
    this.messages ??= JSON.parse(await readFile('locales/en.json', 'utf8'));
    return this.messages;
  }
}
`,
    },
    {
      name: 'a JSON file used as a small datastore: read, changed and written back',
      code: `
import { readFile, writeFile } from 'node:fs/promises';
import express from 'express';

const DB_FILE = './data/todos.json';
const app = express();
app.use(express.json());

app.post('/todos', async (req, res) => {
  const todos = JSON.parse(await readFile(DB_FILE, 'utf8'));
  todos.push({ id: Date.now(), title: req.body.title, done: false });
  await writeFile(DB_FILE, JSON.stringify(todos, null, 2));
  res.status(201).json(todos.at(-1));
});
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/routes/plugins.test.ts',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';

const app = express();
app.get('/plugins', async (req, res) => {
  res.json(JSON.parse(await readFile('fixtures/plugins.json', 'utf8')));
});
`,
    },
    {
      name: 'odd code: computed members, spread arguments and optional chaining do not crash',
      code: `
import fs from 'node:fs';
import express from 'express';

const app = express();
const method = 'readFile';
app.get('/odd', async (req: any, res: any) => {
  const args = ['config.json', 'utf8'] as const;
  (fs as any)[method](...args);
  fs.promises?.readFile(...args);
  res.json(JSON.parse(String(await fs.promises.readFile(req.query?.file))));
});
`,
    },
  ],
  invalid: [
    {
      name: 'import() of a JSON file made unique per request with Date.now()',
      code: `
import express from 'express';
const app = express();
app.get('/plugins', async (_req, res) => {
  const { default: schemas } = await import(\`./plugins/settings-schemas.json?t=\${Date.now()}\`, { with: { type: 'json' } });
  res.json(schemas);
});
`,
      errors: [
        {
          messageId: 'cacheBustedImport',
          line: 5,
          column: 38,
          data: { path: './plugins/settings-schemas.json', handler: 'Express route handler' },
        },
      ],
    },
    {
      name: 'import() of a YAML file with a random query in a Next.js route handler',
      code: `
export async function GET() {
  const config = await import('./tiles.yaml?v=' + Math.random());
  return Response.json(config.default);
}
`,
      filename: 'app/api/tiles/route.ts',
      errors: [{ messageId: 'cacheBustedImport', line: 3, column: 24, data: { path: './tiles.yaml', handler: 'Next.js route handler' } }],
    },
    {
      name: 'Express: plugin YAML read and parsed on every request (the seed perf trap)',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import yaml from 'js-yaml';
import express from 'express';

const app = express();

app.get('/plugins', async (req, res) => {
  const raw = await readFile(path.join(__dirname, 'plugins.yaml'), 'utf8');
  res.json(yaml.load(raw));
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 10,
          column: 21,
          endLine: 10,
          endColumn: 75,
          data: { path: "path.join(__dirname, 'plugins.yaml')", handler: 'Express route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'Fastify: settings schema read synchronously through a module constant',
      code: `
import fs from 'fs';
import Fastify from 'fastify';

const SCHEMA_PATH = './config/settings-schema.json';
const app = Fastify();

app.get('/settings/schema', async (request, reply) => JSON.parse(fs.readFileSync(SCHEMA_PATH, 'utf8')));
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 8,
          column: 66,
          data: { path: 'SCHEMA_PATH', handler: 'Fastify route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'Koa router: fs.promises.readFile(...).then(JSON.parse)',
      code: `
import Router from '@koa/router';
import fs from 'node:fs';

const router = new Router();

router.get('/feature-flags', async (ctx) => {
  ctx.body = await fs.promises.readFile('config/flags.json', 'utf8').then(JSON.parse);
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 8,
          column: 20,
          data: { path: "'config/flags.json'", handler: 'Koa route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'Hono: YAML.parse of a file named by an environment variable',
      code: `
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import YAML from 'yaml';

const app = new Hono();

app.get('/rate-limits', async (c) => {
  const limits = YAML.parse(await readFile(process.env.RATE_LIMITS_FILE ?? 'rate-limits.yml', 'utf8'));
  return c.json(limits);
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 9,
          column: 35,
          data: {
            path: "process.env.RATE_LIMITS_FILE ?? 'rate-limits.yml'",
            handler: 'Hono route handler',
            ...PARSED,
          },
        },
      ],
    },
    {
      name: 'a .json config file read per request and handed to a helper (file name is the evidence)',
      code: `
import { readFile } from 'node:fs/promises';
import express from 'express';
import { verifySignature } from './webhooks';

const router = express.Router();

router.post('/webhooks/github', async (req, res) => {
  const secrets = await readFile('config/webhook-secrets.json', 'utf8');
  if (!verifySignature(req, secrets)) return res.sendStatus(401);
  res.sendStatus(204);
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 9,
          column: 25,
          data: { path: "'config/webhook-secrets.json'", handler: 'Express route handler', ...READ_ONLY },
        },
      ],
    },
    {
      name: 'callback fs.readFile whose callback parses the contents',
      code: `
const fs = require('fs');
const path = require('path');
const express = require('express');

const app = express();

app.get('/limits', (req, res) => {
  fs.readFile(path.resolve('config', 'limits.json'), 'utf8', (err, text) => {
    if (err) return res.status(500).end();
    res.json(JSON.parse(text));
  });
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 9,
          column: 3,
          data: { path: "path.resolve('config', 'limits.json')", handler: 'Express route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'Next.js route handler: pricing JSON under process.cwd() re-read on each GET',
      filename: 'app/api/pricing/route.ts',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function GET() {
  const pricing = JSON.parse(await readFile(path.join(process.cwd(), 'data', 'pricing.json'), 'utf8'));
  return Response.json(pricing);
}
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 6,
          column: 36,
          data: {
            path: "path.join(process.cwd(), 'data', 'pricing.json')",
            handler: 'Next.js route handler',
            ...PARSED,
          },
        },
      ],
    },
    {
      name: 'local constant path built from a module constant, parsed with toml',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import toml from 'toml';
import express from 'express';

const CONFIG_DIR = path.join(__dirname, '..', 'config');
const app = express();

app.get('/billing/plans', async (req, res) => {
  const file = path.join(CONFIG_DIR, 'plans.toml');
  const text = await readFile(file, 'utf8');
  const plans = toml.parse(text);
  res.json(plans);
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 12,
          column: 22,
          data: { path: 'file', handler: 'Express route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'Next.js server action compiling an email template on every call',
      code: `
'use server';
import { readFile } from 'node:fs/promises';
import Handlebars from 'handlebars';

export async function sendInvite(email: string) {
  const template = Handlebars.compile(await readFile(new URL('./invite.hbs', import.meta.url), 'utf8'));
  await mailer.send({ to: email, html: template({ email }) });
}
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 7,
          column: 45,
          data: { path: "new URL('./invite.hbs', import.meta.url)", handler: 'Next.js server action', ...PARSED },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-static-file-read-in-handler (typed)', rule, {
  valid: [
    {
      name: 'typed: a Nest service loads the manifest in onModuleInit, the controller only reads memory',
      code: `
import { Controller, Get, Injectable, OnModuleInit } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

@Injectable()
export class ManifestService implements OnModuleInit {
  manifest: Record<string, unknown> = {};

  async onModuleInit() {
    this.manifest = JSON.parse(await readFile(join(__dirname, 'manifest.json'), 'utf8'));
  }
}

@Controller('manifest')
export class ManifestController {
  constructor(private readonly manifests: ManifestService) {}

  @Get()
  get() {
    return this.manifests.manifest;
  }
}
`,
    },
    {
      name: 'typed: Express download of a user file looked up by id',
      code: `
import express from 'express';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

const STORAGE = '/srv/files';
const app = express();

app.get('/files/:fileId', async (req, res) => {
  const fileId = req.params.fileId;
  const contents = await fsp.readFile(path.join(STORAGE, fileId));
  res.attachment(fileId).send(contents);
});
`,
    },
    {
      name: 'typed: Fastify reply.send of a static JSON file is serving it, not loading config',
      code: `
import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';

const app = Fastify();

app.get('/.well-known/assetlinks.json', async (request, reply) => {
  reply.type('application/json').send(await readFile('public/.well-known/assetlinks.json'));
});
`,
    },
    {
      name: 'typed: lazy module cache with return cache ?? (cache = ...)',
      code: `
import express from 'express';
import { readFileSync } from 'node:fs';

let catalog: unknown;
const getCatalog = () => catalog ?? (catalog = JSON.parse(readFileSync('data/catalog.json', 'utf8')));
const app = express();

app.get('/catalog', (req, res) => {
  res.json(getCatalog());
});
`,
    },
    {
      name: 'typed: the path comes from req.body',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';

const app = express();
app.use(express.json());

app.post('/imports', async (req, res) => {
  const body = req.body as { path: string };
  const rows = JSON.parse(await readFile(body.path, 'utf8'));
  res.json({ count: rows.length });
});
`,
    },
  ],
  invalid: [
    {
      name: 'typed: Express route parses plugin JSON through fs.promises every request',
      code: `
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';

const PLUGIN_DIR = path.resolve(__dirname, 'plugins');
const app = express();

app.get('/plugins/:id/settings-schema', async (req, res) => {
  const registry = JSON.parse(await fs.promises.readFile(path.join(PLUGIN_DIR, 'registry.json'), 'utf8'));
  res.json(registry[req.params.id] ?? null);
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 10,
          column: 37,
          data: { path: "path.join(PLUGIN_DIR, 'registry.json')", handler: 'Express route handler', ...PARSED },
        },
      ],
    },
    {
      name: 'typed: NestJS controller method reads config with readFileSync',
      code: `
import { Controller, Get } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

@Controller('features')
export class FeaturesController {
  @Get()
  list() {
    const features = JSON.parse(readFileSync(join(process.cwd(), 'config', 'features.json'), 'utf8'));
    return features.enabled;
  }
}
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 10,
          column: 33,
          data: {
            path: "join(process.cwd(), 'config', 'features.json')",
            handler: 'NestJS controller method',
            ...PARSED,
          },
        },
      ],
    },
    {
      name: 'typed: Fastify preHandler hook reads the allow-list file on every request',
      code: `
import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';

const app = Fastify();

app.addHook('preHandler', async (request) => {
  const allowList: string[] = JSON.parse(await readFile('config/ip-allow-list.json', 'utf8'));
  if (!allowList.includes(request.ip)) throw new Error('forbidden');
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 8,
          column: 48,
          data: { path: "'config/ip-allow-list.json'", handler: 'Fastify hook', ...PARSED },
        },
      ],
    },
    {
      name: 'typed: Koa middleware reads .env-style settings file by name only',
      code: `
import Koa from 'koa';
import { readFile } from 'node:fs/promises';

const app = new Koa();

app.use(async (ctx, next) => {
  const maintenance = await readFile('config/maintenance.ini', 'utf8');
  ctx.state.maintenance = maintenance.includes('enabled=true');
  await next();
});
`,
      errors: [
        {
          messageId: 'staticFileReadPerRequest',
          line: 8,
          column: 29,
          data: { path: "'config/maintenance.ini'", handler: 'Koa middleware', ...READ_ONLY },
        },
      ],
    },
  ],
});
