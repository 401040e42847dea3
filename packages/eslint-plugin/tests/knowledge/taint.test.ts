import { AST_NODE_TYPES } from '@typescript-eslint/utils';
import { guardingReferences, traceTaint, type TaintSource } from '../../src/knowledge/taint.js';
import { calleeName } from '../../src/knowledge/origin.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// A test-only rule: for every `sink(x)` it reports where `x` comes from, in the
// form `req.params.id`, with ` (spliced)` when the value was built into other
// text, ` validated` when a framework validated it, and the number of guarding
// references before the sink. `basename(...)` and `sanitize(...)` are sanitisers.
const describeSource = (source: TaintSource) =>
  `${source.label}${source.properties.map((property) => `.${property}`).join('')}${source.whole ? '' : ' (spliced)'}${source.validated ? ' validated' : ''} [${source.part ?? source.kind}]`;

const reportSinks = createRule({
  name: 'report-taint',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['security'], seed: 'test' },
    messages: { tainted: '{{sources}}; guards {{guards}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const isSanitizer = (call: import('@typescript-eslint/utils').TSESTree.CallExpression) => {
      const name = calleeName(call.callee);
      return name === 'basename' || name === 'sanitize';
    };
    return {
      CallExpression(call) {
        if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'sink') return;
        const [argument] = call.arguments;
        if (!argument) return;
        const trace = traceTaint(argument, context, { sources: ['request'], isSanitizer });
        if (trace.sources.length === 0) return;
        const guards = guardingReferences(trace, call, context).length;
        context.report({ node: argument, messageId: 'tainted', data: { sources: trace.sources.map(describeSource).join(' | '), guards } });
      },
    };
  },
});

const tainted = (sources: string, guards = 0) => ({ messageId: 'tainted' as const, data: { sources, guards } });

untypedRuleTester().run('traceTaint without types', reportSinks, {
  valid: [
    { name: 'a constant path', code: `app.get('/x', (req, res) => { sink('/etc/app.conf'); });` },
    { name: 'a value from an unknown call: it may validate', code: `app.get('/x', (req, res) => { const id = lookup(req.params.id); sink(id); });` },
    { name: 'basename ends the branch', code: `import path from 'node:path'; app.get('/f/:name', (req, res) => { sink(path.join('/srv', path.basename(req.params.name))); });` },
    { name: 'a variable re-assigned from its own sanitiser', code: `app.get('/f', (req, res) => { let name = req.query.name; name = sanitize(name); sink(name); });` },
    { name: 'a request property nobody reads from the request', code: `function handler(ctx) { sink(ctx.state.user.id); }` },
    { name: 'the length of a body field is chosen by the client but taken from a number method', code: `app.post('/x', (req, res) => { sink(Number.parseInt('3', 10)); });` },
    { name: 'req in a function that is not a handler and not named req', code: `function render(input) { sink(input.body); }` },
    { name: 'an object property other than the one followed', code: `app.post('/x', (req, res) => { const row = { name: 'fixed', other: req.body.other }; sink(row.name); });` },
    { name: 'the test of a conditional picks a constant', code: `app.get('/x', (req, res) => { sink(req.query.full ? 'a.txt' : 'b.txt'); });` },
    { name: 'a Next.js page params outside a page file', code: `export default async function Page({ params }) { sink((await params).slug); }`, filename: 'src/components/page-header.tsx' },
  ],
  invalid: [
    {
      name: 'destructured route parameter into path.join',
      code: `import path from 'node:path';\napp.get('/plugins/:id', (req, res) => {\n  const { id } = req.params;\n  sink(path.join('/srv/plugins', id, 'icon.svg'));\n});`,
      errors: [{ ...tainted('req.params.id (spliced) [params]'), line: 4, column: 8 }],
    },
    {
      name: 'renamed destructuring keeps the property read',
      code: `fastify.post('/ingest', async (request, reply) => { const { app_id: appId } = request.body; sink(appId); });`,
      errors: [tainted('request.body.app_id [body]')],
    },
    {
      name: 'a nested property read and a template',
      code: `router.get('/x', (req, res) => { const file = \`\${req.query.dir}/\${req.query.name}.json\`; sink(file); });`,
      errors: [tainted('req.query.dir (spliced) [query] | req.query.name (spliced) [query]')],
    },
    {
      name: 'a named import of join and decodeURIComponent',
      code: `import { join } from 'path'; app.get('/x', (req, res) => { sink(join(ROOT, decodeURIComponent(req.params[0]))); });`,
      errors: [tainted('req.params (spliced) [params]')],
    },
    {
      name: 'FormData get from a web Request',
      code: `export async function POST(request) { const form = await request.formData(); sink(form.get('appId')); }`,
      errors: [tainted('request.formData().appId [body]')],
    },
    {
      name: 'Next.js route handler params',
      code: `export async function GET(request, { params }) { const { pluginId } = await params; sink(pluginId); }`,
      filename: 'src/app/api/plugins/[pluginId]/route.ts',
      errors: [tainted('params.pluginId [params]')],
    },
    {
      name: 'Next.js route handler context.params',
      code: `export async function GET(request, ctx) { const { slug } = await ctx.params; sink(slug); }`,
      filename: 'app/docs/[slug]/route.ts',
      errors: [tainted('ctx.params.slug [params]')],
    },
    {
      name: 'search parameters of the request URL',
      code: `export async function GET(request) { const url = new URL(request.url); sink(url.searchParams.get('file')); }`,
      filename: 'app/api/export/route.ts',
      errors: [tainted('searchParams.file [query]')],
    },
    {
      name: 'a Next.js page searchParams',
      code: `export default async function Page({ searchParams }) { const { q } = await searchParams; sink(q); }`,
      filename: 'app/search/page.tsx',
      errors: [tainted('searchParams.q [query]')],
    },
    {
      name: 'through a same-file helper return',
      code: `const pluginDir = (id) => '/srv/plugins/' + id;\napp.get('/p/:id', (req, res) => { sink(pluginDir(req.params.id)); });`,
      errors: [tainted('req.params.id (spliced) [params]')],
    },
    {
      name: 'a guard before the sink is reported to the caller',
      code: `const ALLOWED = new Set(['a']);\napp.get('/p/:id', (req, res) => {\n  const id = req.params.id;\n  if (!ALLOWED.has(id)) return res.sendStatus(404);\n  sink(id);\n});`,
      errors: [tainted('req.params.id [params]', 1)],
    },
    {
      name: 'Koa context and Express header getter',
      code: `router.get('/x', async (ctx) => { sink(ctx.query.file); });\napp.get('/y', (req, res) => { sink(req.get('x-tenant')); });`,
      errors: [tainted('ctx.query.file [query]'), tainted('req.get() [headers]')],
    },
    {
      name: 'Hono validated input',
      code: `import { Hono } from 'hono'; const app = new Hono(); app.post('/x', async (c) => { const body = c.req.valid('json'); sink(body.path); });`,
      errors: [tainted('c.req.valid().path validated [body]')],
    },
    {
      name: 'two fields destructured from one body both reach it',
      code: `app.post('/orgs', (req, res) => { const { name, orgId } = req.body; sink({ name, orgId }); });`,
      errors: [tainted('req.body.name [body] | req.body.orgId [body]')],
    },
    {
      name: 'Object.fromEntries of form data, then a property',
      code: `export async function POST(request) { const values = Object.fromEntries(await request.formData()); sink(values.dir); }`,
      errors: [tainted('request.formData().dir [body]')],
    },
  ],
});

typedRuleTester().run('traceTaint with types', reportSinks, {
  valid: [
    {
      name: 'a NestJS parameter the sink does not read',
      code: `import { Controller, Get, Param } from '@nestjs/common';\ndeclare function sink(value: unknown): void;\n@Controller('files') export class FilesController { @Get(':name') read(@Param('name') name: string) { sink('/srv/readme.md'); return name; } }`,
    },
  ],
  invalid: [
    {
      name: 'a NestJS @Param with a pipe is validated, without one is not',
      code: `import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';\ndeclare function sink(value: unknown): void;\n@Controller('files') export class FilesController {\n  @Get(':id') read(@Param('id', ParseUUIDPipe) id: string, @Query('dir') dir: string) { sink(id); sink(dir); }\n}`,
      errors: [tainted('@Param() id validated [params]'), tainted('@Query() dir [query]')],
    },
  ],
});
