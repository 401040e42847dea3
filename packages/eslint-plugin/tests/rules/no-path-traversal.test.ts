import rule from '../../src/rules/no-path-traversal.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const nextIconRoute = 'src/app/api/plugins/[pluginId]/icon/route.ts';
/** A real file of the typed fixture program whose path makes it a Next.js route handler. */
const typedNextRoute = 'handlers-next/app/api/users/route.ts';

const traversal = (source: string, sink: string, role = 'path') => ({
  messageId: 'requestPath' as const,
  data: { source, sink: `\`${sink}\``, role },
});
const moduleLoad = (source: string, sink: string) => ({
  messageId: 'requestModule' as const,
  data: { source, sink: `\`${sink}\``, role: 'module specifier' },
});

untypedRuleTester().run('no-path-traversal (untyped)', rule, {
  valid: [
    {
      name: 'the seed fix: the plugin id must be a registered plugin, and only its base name is joined',
      filename: nextIconRoute,
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../../../../lib/config.js';
import { notFound } from '../../../../../lib/http.js';
import { pluginRegistry } from '../../../../../plugins/registry.js';

export async function GET(_request: Request, { params }: { params: Promise<{ pluginId: string }> }) {
  const { pluginId } = await params;
  if (!pluginRegistry.has(pluginId)) return notFound('Unknown plugin');
  const svg = await readFile(path.join(config.pluginsDir, path.basename(pluginId), 'icon.svg'), 'utf8');
  return new Response(svg, { headers: { 'content-type': 'image/svg+xml' } });
}
`,
    },
    {
      name: 'path.basename alone keeps the file in the directory',
      code: `
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
const app = express();
app.get('/avatars/:file', (req, res) => {
  fs.createReadStream(path.join(AVATAR_DIR, path.basename(req.params.file))).pipe(res);
});
`,
    },
    {
      name: 'a variable re-assigned from basename (named import of basename)',
      code: `
import { Router } from 'express';
import { readFile } from 'fs/promises';
import { basename, join } from 'path';
const router = Router();
router.get('/reports/:name', async (req, res) => {
  let name = req.params.name;
  name = basename(name);
  res.type('text/csv').send(await readFile(join(REPORTS_DIR, name)));
});
`,
    },
    {
      name: 'an anchored allowlist pattern checked before the read (the seed: alphanumeric and dash only)',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const PLUGIN_ID = /^[a-z0-9-]+$/;
const app = express();
app.get('/plugins/:pluginId/manifest', async (req, res) => {
  const { pluginId } = req.params;
  if (!PLUGIN_ID.test(pluginId)) return res.status(400).json({ error: 'invalid plugin id' });
  const manifest = await readFile(path.join(PLUGINS_DIR, pluginId, 'plugin.yaml'), 'utf8');
  res.type('text/yaml').send(manifest);
});
`,
    },
    {
      name: 'an allowlist includes with a cast, then koa-send from a root (outline locales)',
      code: `
import Router from '@koa/router';
import send from 'koa-send';
import path from 'node:path';
const languages = ['en_US', 'de_DE', 'fr_FR'] as const;
const router = new Router();
router.get('/locales/:lng.json', async (ctx) => {
  const { lng } = ctx.params;
  if (!languages.includes(lng as (typeof languages)[number])) {
    ctx.status = 404;
    return;
  }
  await send(ctx, path.join(lng, 'translation.json'), { root: LOCALES_DIR });
});
`,
    },
    {
      name: 'resolve, then startsWith the root (with the separator)',
      code: `
import express from 'express';
import path from 'node:path';
const app = express();
app.get('/static/*', (req, res) => {
  const full = path.resolve(PUBLIC_DIR, req.params[0]);
  if (!full.startsWith(PUBLIC_DIR + path.sep)) return res.sendStatus(403);
  res.sendFile(full);
});
`,
    },
    {
      name: 'path.relative checked for a parent segment',
      code: `
import express from 'express';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.delete('/uploads/:name', async (req, res) => {
  const target = path.resolve(UPLOAD_DIR, req.params.name);
  const rel = path.relative(UPLOAD_DIR, target);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return res.sendStatus(400);
  await unlink(target);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'a rejection of .. and separators',
      code: `
import express from 'express';
import fs from 'node:fs/promises';
const app = express();
app.get('/exports/:file', async (req, res) => {
  const file = req.params.file;
  if (file.includes('..') || file.includes('/')) return res.status(400).end();
  res.send(await fs.readFile(EXPORT_DIR + '/' + file));
});
`,
    },
    {
      name: 'a rejection of a .. segment after splitting (outline storage keys)',
      code: `
import Router from '@koa/router';
import fs from 'fs-extra';
import path from 'node:path';
const router = new Router();
router.get('/files/:key', async (ctx) => {
  const key = ctx.params.key;
  if (key.split(/[\\\\/]/).includes('..')) ctx.throw(400, 'Invalid file key');
  ctx.body = fs.createReadStream(path.join(ROOT_DIR, key));
});
`,
    },
    {
      name: 'a rejection pattern for ..',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/docs/:page', async (req, res) => {
  if (/\\.\\./.test(req.params.page)) return res.sendStatus(400);
  res.send(await readFile(\`\${DOCS_DIR}/\${req.params.page}.md\`, 'utf8'));
});
`,
    },
    {
      name: 'a lookup in a table of known themes, and an equality with a name',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const THEMES = { light: 'light.css', dark: 'dark.css' };
const app = express();
app.get('/themes/:name', async (req, res) => {
  const { name } = req.params;
  if (!Object.hasOwn(THEMES, name) && name !== 'system') return res.sendStatus(404);
  res.type('css').send(await readFile(path.join(THEME_DIR, name + '.css')));
});
`,
    },
    {
      name: 'a key checked with in before it is used',
      code: `
import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/sounds/:id', (req, res) => {
  const id = req.params.id;
  if (!(id in SOUND_FILES)) return res.sendStatus(404);
  fs.createReadStream(\`\${SOUND_DIR}/\${id}.mp3\`).pipe(res);
});
`,
    },
    {
      name: 'a replacement that keeps only safe characters',
      code: `
import express from 'express';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.post('/drafts', async (req, res) => {
  const slug = String(req.body.title).toLowerCase().replace(/[^a-z0-9-]+/g, '-');
  await writeFile(path.join(DRAFTS_DIR, slug + '.md'), req.body.text);
  res.sendStatus(201);
});
`,
    },
    {
      name: 'Express sendFile with a root option: send refuses any .. segment',
      code: `
import express from 'express';
const app = express();
app.get('/public/:file', (req, res) => {
  res.sendFile(req.params.file, { root: PUBLIC_DIR, dotfiles: 'deny' });
});
`,
    },
    {
      name: 'Express download: the request names only the attachment',
      code: `
import express from 'express';
import path from 'node:path';
const app = express();
app.get('/export', (req, res) => {
  res.download(path.join(EXPORT_DIR, 'report.csv'), \`\${req.query.name}.csv\`);
});
`,
    },
    {
      name: 'an options object the rule cannot see may carry a root',
      code: `
import express from 'express';
const app = express();
app.get('/assets/:file', (req, res) => {
  res.sendFile(req.params.file, assetOptions);
});
`,
    },
    {
      name: 'Fastify static sendFile always serves from the plugin root',
      code: `
import Fastify from 'fastify';
const fastify = Fastify();
fastify.get('/downloads/:file', async (request, reply) => {
  return reply.sendFile(request.params.file);
});
`,
    },
    {
      name: 'koa-send with a root (outline public assets)',
      code: `
import Router from '@koa/router';
import send from 'koa-send';
import path from 'node:path';
const router = new Router();
router.get('/images/:file', async (ctx) => {
  await send(ctx, ctx.params.file, { root: path.resolve(__dirname, '../public'), maxAge: 7 * 86400000 });
});
`,
    },
    {
      name: 'a non-constant path that is not request input (eslint-plugin-security reports this)',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
export async function renderTemplate(templateName: string, data: Record<string, string>) {
  const source = await readFile(path.join(__dirname, 'templates', \`\${templateName}.hbs\`), 'utf8');
  return source.replace(/{{(\\w+)}}/g, (_, key) => data[key] ?? '');
}
`,
    },
    {
      name: 'a constant path inside a handler',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.get('/', async (req, res) => {
  res.type('html').send(await readFile(path.join(__dirname, '../static/index.html'), 'utf8'));
});
`,
    },
    {
      name: 'a dynamic import of a locale chosen by the server',
      code: `
export async function loadMessages(locale: string) {
  return (await import(\`./locales/\${locale}.json\`, { with: { type: 'json' } })).default;
}
`,
    },
    {
      name: 'a guard named by the sanitizers option',
      options: [{ sanitizers: ['checkPluginName'] }],
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.get('/plugins/:name/readme', async (req, res) => {
  const name = req.params.name;
  if (!checkPluginName(name)) return res.sendStatus(404);
  res.send(await readFile(path.join(PLUGINS_DIR, name, 'README.md'), 'utf8'));
});
`,
    },
    {
      name: 'a guard named like a validator (default sanitizerPattern)',
      code: `
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
const app = express();
app.get('/logs/:file', (req, res) => {
  if (!isValidLogName(req.params.file)) return res.sendStatus(400);
  fs.createReadStream(path.join(LOG_DIR, req.params.file)).pipe(res);
});
`,
    },
    {
      name: 'a template name passed through sanitize-filename (Unleash email previews)',
      code: `
import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import sanitize from 'sanitize-filename';
const app = express();
app.get('/preview/html/:template', (req, res) => {
  const template = sanitize(req.params.template);
  res.type('html').send(readFileSync(path.join(TEMPLATE_DIR, template, \`\${template}.html.mustache\`), 'utf8'));
});
`,
    },
    {
      name: 'a validator.js format check before the read',
      code: `
import express from 'express';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import validator from 'validator';
const app = express();
app.get('/invoices/:id.pdf', (req, res) => {
  const { id } = req.params;
  if (!validator.isUUID(id)) return res.sendStatus(404);
  createReadStream(path.join(INVOICE_DIR, \`\${id}.pdf\`)).pipe(res);
});
`,
    },
    {
      name: 'a Next.js page imports its messages by locale: the bundler only knows the files it found',
      filename: 'src/app/[locale]/page.tsx',
      code: `
export default async function Home({ params }: { params: Promise<{ locale: string }> }) {
  const { locale } = await params;
  const messages = (await import(\`../../messages/\${locale}.json\`)).default;
  return messages.home.title;
}
`,
    },
    {
      name: 'Hono input validated against a schema',
      code: `
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
const app = new Hono();
app.get('/docs/:slug', async (c) => {
  const { slug } = c.req.valid('param');
  return c.text(await readFile(\`\${DOCS_DIR}/\${slug}.md\`, 'utf8'));
});
`,
    },
    {
      name: 'a Next.js route that only serves the params generateStaticParams listed',
      filename: 'app/docs/[slug]/route.ts',
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
export const dynamicParams = false;
export async function generateStaticParams() { return [{ slug: 'intro' }, { slug: 'setup' }]; }
export async function GET(_request: Request, { params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  return new Response(await readFile(path.join(process.cwd(), 'docs', slug + '.md'), 'utf8'));
}
`,
    },
    {
      name: 'the value chosen between constants by a request flag',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/terms', async (req, res) => {
  res.send(await readFile(req.query.lang === 'de' ? './terms.de.md' : './terms.en.md', 'utf8'));
});
`,
    },
    {
      name: 'odd code: computed fs members, optional calls, spread arguments',
      code: `
import fs from 'node:fs';
import express from 'express';
const app = express();
app.post('/x', (req, res) => {
  fs[req.body.op](TARGET);
  res?.sendFile?.(...req.body.args);
  fs.readFile(...req.body.paths);
  require();
  import(\`./constant.js\`);
});
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: a Next.js route param joined into the plugin directory',
      filename: nextIconRoute,
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { config } from '../../../../../lib/config.js';

export async function GET(_request: Request, { params }: { params: Promise<{ pluginId: string }> }) {
  const { pluginId } = await params;
  const svg = await readFile(path.join(config.pluginsDir, pluginId, 'icon.svg'), 'utf8');
  return new Response(svg, { headers: { 'content-type': 'image/svg+xml' } });
}
`,
      errors: [{ ...traversal('params.pluginId', 'readFile'), line: 8, column: 21, endLine: 8, endColumn: 89 }],
    },
    {
      name: 'an Express route parameter into fs.readFile',
      code: `
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
const app = express();
app.get('/files/:name', (req, res) => {
  fs.readFile(path.join(UPLOAD_DIR, req.params.name), (err, data) => (err ? res.sendStatus(404) : res.send(data)));
});
`,
      errors: [{ ...traversal('req.params.name', 'fs.readFile'), line: 7, column: 3 }],
    },
    {
      name: 'a Koa route parameter into createReadStream',
      code: `
import Router from '@koa/router';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
const router = new Router();
router.get('/logs/:file', async (ctx) => {
  ctx.body = createReadStream(join(LOG_DIR, ctx.params.file));
});
`,
      errors: [{ ...traversal('ctx.params.file', 'createReadStream'), line: 7, column: 14 }],
    },
    {
      name: 'a body field names the file written',
      code: `
import express from 'express';
import { writeFile } from 'node:fs/promises';
const app = express();
app.post('/notes', async (req, res) => {
  const { name, text } = req.body;
  await writeFile(\`\${NOTES_DIR}/\${name}.md\`, text);
  res.sendStatus(201);
});
`,
      errors: [{ ...traversal('req.body.name', 'writeFile'), line: 7, column: 9 }],
    },
    {
      name: 'the destination of a rename',
      code: `
import express from 'express';
import { rename } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.post('/uploads/:id/rename', async (req, res) => {
  await rename(path.join(UPLOAD_DIR, 'pending.bin'), path.join(UPLOAD_DIR, req.body.filename));
  res.sendStatus(204);
});
`,
      errors: [{ ...traversal('req.body.filename', 'rename', 'destination path'), line: 7, column: 9 }],
    },
    {
      name: 'fs-extra remove of a directory named in the body',
      code: `
import express from 'express';
import fse from 'fs-extra';
import path from 'node:path';
const app = express();
app.delete('/workspaces', async (req, res) => {
  await fse.remove(path.join(WORKSPACES_DIR, req.body.workspace));
  res.sendStatus(204);
});
`,
      errors: [{ ...traversal('req.body.workspace', 'fse.remove'), line: 7, column: 9 }],
    },
    {
      name: 'fs.promises through a default import, and require(fs) inline',
      code: `
import express from 'express';
import fs from 'node:fs';
const app = express();
app.get('/a/:f', async (req, res) => {
  res.send(await fs.promises.readFile(DATA_DIR + '/' + req.params.f));
});
app.get('/b/:f', (req, res) => {
  res.send(require('fs').readFileSync(DATA_DIR + '/' + req.params.f));
});
`,
      errors: [
        { ...traversal('req.params.f', 'fs.promises.readFile'), line: 6, column: 18 },
        { ...traversal('req.params.f', "require('fs').readFileSync"), line: 9, column: 12 },
      ],
    },
    {
      name: 'Express sendFile without a root',
      code: `
import express from 'express';
import path from 'node:path';
const app = express();
app.get('/download', (req, res) => {
  res.sendFile(path.join(__dirname, 'public', String(req.query.file)));
});
`,
      errors: [{ ...traversal('req.query.file', 'res.sendFile'), line: 6, column: 3 }],
    },
    {
      name: 'Express download of a path built from a parameter',
      code: `
import express from 'express';
import path from 'node:path';
const app = express();
app.get('/exports/:id', (req, res) => {
  res.download(path.resolve(EXPORT_DIR, req.params.id + '.csv'), 'export.csv');
});
`,
      errors: [{ ...traversal('req.params.id', 'res.download'), line: 6, column: 3 }],
    },
    {
      name: 'a dynamic import of a plugin named in the URL',
      code: `
import express from 'express';
const app = express();
app.post('/plugins/:name/run', async (req, res) => {
  const plugin = await import(\`./plugins/\${req.params.name}.js\`);
  res.json(await plugin.run(req.body));
});
`,
      errors: [{ ...moduleLoad('req.params.name', 'import()'), line: 5, column: 24 }],
    },
    {
      name: 'require of a handler named in the query',
      code: `
import express from 'express';
const app = express();
app.get('/render', (req, res) => {
  const render = require('./renderers/' + req.query.type);
  res.send(render(req.query));
});
`,
      errors: [{ ...moduleLoad('req.query.type', 'require()'), line: 5, column: 18 }],
    },
    {
      name: 'koa-send without a root serves the working directory',
      code: `
import Router from '@koa/router';
import send from 'koa-send';
const router = new Router();
router.get('/download', async (ctx) => {
  await send(ctx, String(ctx.query.file));
});
`,
      errors: [{ messageId: 'unrootedSend', data: { source: 'ctx.query.file', sink: '`send`', role: 'path' }, line: 6, column: 9 }],
    },
    {
      name: 'a Hono route parameter into readFile',
      code: `
import { Hono } from 'hono';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
const app = new Hono();
app.get('/docs/:slug', async (c) => {
  return c.text(await readFile(join(DOCS_DIR, c.req.param('slug') + '.md'), 'utf8'));
});
`,
      errors: [{ ...traversal('c.req.param()', 'readFile'), line: 7, column: 23 }],
    },
    {
      name: 'a header picks the locale file',
      code: `
import express from 'express';
import { readFileSync } from 'node:fs';
import path from 'node:path';
const app = express();
app.get('/messages', (req, res) => {
  const lang = req.get('accept-language') ?? 'en';
  res.json(JSON.parse(readFileSync(path.join(LOCALES_DIR, lang + '.json'), 'utf8')));
});
`,
      errors: [{ ...traversal('req.get()', 'readFileSync'), line: 8, column: 23 }],
    },
    {
      name: 'a pattern that admits separators is no allowlist',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.get('/media/*', async (req, res) => {
  const file = req.params[0];
  if (!/^[\\w./-]+$/.test(file)) return res.sendStatus(400);
  res.send(await readFile(path.join(MEDIA_DIR, file)));
});
`,
      errors: [{ ...traversal('req.params', 'readFile'), line: 9, column: 18 }],
    },
    {
      name: 'removing ../ once leaves ....// to walk up',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/pages', async (req, res) => {
  const page = String(req.query.page).replace(/\\.\\.\\//g, '');
  res.send(await readFile(PAGES_DIR + '/' + page, 'utf8'));
});
`,
      errors: [{ ...traversal('req.query.page', 'readFile'), line: 7, column: 18 }],
    },
    {
      name: 'startsWith on a path that was never resolved',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
const app = express();
app.get('/files/:name', async (req, res) => {
  const file = UPLOAD_DIR + '/' + req.params.name;
  if (!file.startsWith(UPLOAD_DIR)) return res.sendStatus(403);
  res.send(await readFile(file));
});
`,
      errors: [{ ...traversal('req.params.name', 'readFile'), line: 8, column: 18 }],
    },
    {
      name: 'an extension check is no traversal check',
      code: `
import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
const app = express();
app.get('/images/:file', (req, res) => {
  const { file } = req.params;
  if (!file.endsWith('.png')) return res.sendStatus(415);
  fs.createReadStream(path.join(IMAGE_DIR, file)).pipe(res);
});
`,
      errors: [{ ...traversal('req.params.file', 'fs.createReadStream'), line: 9, column: 3 }],
    },
    {
      name: 'a cache hit returns early: the read runs for names the cache does not know',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const cache = new Map<string, Buffer>();
const app = express();
app.get('/thumbs/:name', async (req, res) => {
  const name = req.params.name;
  if (cache.has(name)) return res.send(cache.get(name));
  const thumb = await readFile(path.join(THUMB_DIR, name));
  cache.set(name, thumb);
  res.send(thumb);
});
`,
      errors: [{ ...traversal('req.params.name', 'readFile'), line: 10, column: 23 }],
    },
    {
      name: 'a guard name the default pattern does not know',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.get('/plugins/:name/readme', async (req, res) => {
  const name = req.params.name;
  if (!checkPluginName(name)) return res.sendStatus(404);
  res.send(await readFile(path.join(PLUGINS_DIR, name, 'README.md'), 'utf8'));
});
`,
      errors: [{ ...traversal('req.params.name', 'readFile'), line: 9, column: 18 }],
    },
    {
      name: 'a Fastify root path argument from the request',
      code: `
import Fastify from 'fastify';
const fastify = Fastify();
fastify.get('/sites/:site/*', async (request, reply) => {
  return reply.sendFile(request.params['*'], \`/srv/sites/\${request.params.site}\`);
});
`,
      errors: [{ ...traversal('request.params.site', 'reply.sendFile', 'root path'), line: 5, column: 10 }],
    },
    {
      name: 'Fastify route params typed as a literal union still count without types',
      code: `
import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';
const fastify = Fastify();
fastify.get<{ Params: { kind: 'avatar' | 'cover' } }>('/defaults/:kind', async (request) => {
  return readFile(\`\${DEFAULTS_DIR}/\${request.params.kind}.png\`);
});
`,
      errors: [{ ...traversal('request.params.kind', 'readFile'), line: 6, column: 10 }],
    },
  ],
});

typedRuleTester().run('no-path-traversal (typed)', rule, {
  valid: [
    {
      name: 'NestJS: a parameter parsed by a pipe',
      code: `
import { Controller, Get, Param, ParseIntPipe, StreamableFile } from '@nestjs/common';
import { createReadStream } from 'node:fs';
import { join } from 'node:path';
@Controller('invoices')
export class InvoicesController {
  @Get(':id/pdf')
  pdf(@Param('id', ParseIntPipe) id: number) {
    return new StreamableFile(createReadStream(join('/srv/invoices', \`\${id}.pdf\`)));
  }
}
`,
    },
    {
      name: 'Fastify route params typed as a literal union',
      code: `
import Fastify from 'fastify';
import { readFile } from 'node:fs/promises';
const fastify = Fastify();
fastify.get<{ Params: { kind: 'avatar' | 'cover' } }>('/defaults/:kind', async (request) => {
  return readFile(\`/srv/defaults/\${request.params.kind}.png\`);
});
`,
    },
    {
      name: 'a query value narrowed to known names by comparisons',
      code: `
import express from 'express';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
const app = express();
app.get('/legal', async (req, res) => {
  const doc = req.query.doc;
  if (doc !== 'terms' && doc !== 'privacy') {
    res.sendStatus(404);
    return;
  }
  res.type('html').send(await readFile(path.join('/srv/legal', \`\${doc}.html\`), 'utf8'));
});
`,
    },
    {
      name: 'Express sendFile with a typed options value that has a root',
      code: `
import express from 'express';
const app = express();
const assetOptions: { root: string; maxAge: number } = { root: '/srv/assets', maxAge: 86_400_000 };
app.get('/assets/:file', (req, res) => {
  res.sendFile(req.params.file, assetOptions);
});
`,
    },
    {
      name: 'Express download: the request names only the attachment (typed)',
      code: `
import express from 'express';
const app = express();
app.get('/export', (req, res) => {
  res.download('/srv/exports/report.csv', \`\${String(req.query.name)}.csv\`);
});
`,
    },
    {
      name: 'a project storage client with fs-like names takes keys, not paths',
      code: `
import express from 'express';
import { readFile, writeFile } from './path-storage.js';
const app = express();
app.put('/objects/:key', express.raw(), async (req, res) => {
  await writeFile(req.params.key, req.body);
  res.send(await readFile(req.params.key));
});
`,
    },
    {
      name: 'a FileHandle method takes no path',
      code: `
import express from 'express';
import { open } from 'node:fs/promises';
const app = express();
app.get('/motd', async (req, res) => {
  const handle = await open('/srv/motd.txt');
  res.send(await handle.readFile({ encoding: req.query.utf16 ? 'utf16le' : 'utf8' }));
  await handle.close();
});
`,
    },
  ],
  invalid: [
    {
      name: 'the seed, typed: a Next.js route param joined into the plugin directory',
      filename: typedNextRoute,
      code: `
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export async function GET(_request: Request, { params }: { params: Promise<{ pluginId: string }> }) {
  const { pluginId } = await params;
  const svg = await readFile(path.join('/srv/plugins', pluginId, 'icon.svg'), 'utf8');
  return new Response(svg, { headers: { 'content-type': 'image/svg+xml' } });
}
`,
      errors: [{ ...traversal('params.pluginId', 'readFile'), line: 7, column: 21 }],
    },
    {
      name: 'NestJS: a route parameter into res.sendFile (Express response)',
      code: `
import { Controller, Get, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { join } from 'node:path';
@Controller('uploads')
export class UploadsController {
  @Get(':file')
  serve(@Param('file') file: string, @Res() res: Response) {
    return res.sendFile(join('/srv/uploads', file));
  }
}
`,
      errors: [{ ...traversal('@Param() file', 'res.sendFile'), line: 9, column: 12 }],
    },
    {
      name: 'NestJS: a query value into createReadStream',
      code: `
import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import * as fs from 'node:fs';
import * as path from 'node:path';
@Controller('backups')
export class BackupsController {
  @Get()
  download(@Query('name') name: string) {
    return new StreamableFile(fs.createReadStream(path.resolve('/srv/backups', name)));
  }
}
`,
      errors: [{ ...traversal('@Query() name', 'fs.createReadStream'), line: 9, column: 31 }],
    },
    {
      name: 'an fs call under an alias, resolved by its declaration',
      code: `
import express from 'express';
import { readFile as read } from 'node:fs/promises';
const app = express();
app.get('/blobs/:key', async (req, res) => {
  res.send(await read('/srv/blobs/' + req.params.key));
});
`,
      errors: [{ ...traversal('req.params.key', 'read'), line: 6, column: 18 }],
    },
  ],
});
