import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { formRecordOf, formValueOf, objectSchemaOf, typedNonCoercingFields } from '../../src/knowledge/form-data.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rules: each `probe(x)` call reports what the knowledge says of `x`.
// Record fields are listed for the keys `qty`, `name` and `enabled`.

const KEYS = ['qty', 'name', 'enabled'];

function probeArgument(call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  if (call.callee.type !== AST_NODE_TYPES.Identifier || call.callee.name !== 'probe') return undefined;
  const [argument] = call.arguments;
  return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : undefined;
}

const reportFormData = createRule({
  name: 'report-form-data',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['web'], seed: 'test' },
    messages: { value: 'value from {{source}}', record: 'record from {{source}}: {{raw}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(call) {
        const argument = probeArgument(call);
        if (!argument) return;
        const value = formValueOf(argument, context);
        if (value) {
          context.report({ node: argument, messageId: 'value', data: { source: value.source } });
          return;
        }
        const record = formRecordOf(argument, context);
        if (record) {
          const raw = KEYS.filter((key) => record.isRaw(key)).join(',');
          context.report({ node: argument, messageId: 'record', data: { source: record.source, raw } });
        }
      },
    };
  },
});

const reportSchemas = createRule({
  name: 'report-schemas',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['web'], seed: 'test' },
    messages: { schema: '{{library}}: {{fields}}', typed: 'typed: {{fields}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(call) {
        const argument = probeArgument(call);
        if (!argument) return;
        const schema = objectSchemaOf(argument, context);
        if (schema) {
          const fields = schema.nonCoercing.map((field) => `${field.key}:${field.kind}@${context.sourceCode.getText(field.base)}`).join(' ');
          context.report({ node: argument, messageId: 'schema', data: { library: schema.library, fields } });
          return;
        }
        const typed = typedNonCoercingFields(argument, context);
        if (typed) context.report({ node: argument, messageId: 'typed', data: { fields: typed.map((field) => `${field.key}:${field.kind}`).join(' ') } });
      },
    };
  },
});

const value = (source: string) => ({ messageId: 'value' as const, data: { source } });
const record = (source: string, raw: string) => ({ messageId: 'record' as const, data: { source, raw } });
const schema = (library: string, fields: string) => ({ messageId: 'schema' as const, data: { library, fields } });
const typed = (fields: string) => ({ messageId: 'typed' as const, data: { fields } });

untypedRuleTester().run('form data without types', reportFormData, {
  valid: [
    { name: 'Map#get', code: `const cache = new Map(); probe(cache.get('qty'));` },
    { name: 'an unknown receiver named like form data', code: `probe(formData.get('qty')); probe(searchParams.get('page'));` },
    { name: 'a converted value', code: `async function f(request: Request) { const form = await request.formData(); probe(Number(form.get('qty'))); }` },
    { name: 'a JSON body', code: `async function f(request: Request) { probe(await request.json()); }` },
    { name: 'fromEntries of a Map', code: `probe(Object.fromEntries(new Map([['qty', 1]])));` },
    { name: 'Express req.body without urlencoded parsing', code: `import express from 'express'; const app = express(); app.post('/x', (req, res) => { probe(req.body); });` },
    { name: 'useSearchParams from an unknown module', code: `import { useSearchParams } from './hooks'; const params = useSearchParams(); probe(params.get('page'));` },
    { name: 'a reassigned let', code: `async function f(request: Request) { let form = await request.formData(); form = other; probe(form.get('qty')); }` },
    { name: 'a record whose computed fields are converted', code: `function f(form: FormData) { const data = Object.fromEntries(form); for (const k of keys) data[k] = Number(data[k]); probe(data); }` },
  ],
  invalid: [
    { code: `async function f(request: Request) { const form = await request.formData(); probe(form.get('qty')); }`, errors: [value('FormData')] },
    { code: `function f(form: HTMLFormElement) { probe(new FormData(form).getAll('tags')); }`, errors: [value('FormData')] },
    { code: `function f(data: FormData) { const raw = data.get('qty'); probe(String(raw ?? '').trim()); }`, errors: [value('FormData')] },
    { code: `function f(req: Request) { probe(new URL(req.url).searchParams.get('page')); }`, errors: [value('URLSearchParams')] },
    { code: `function f(request: { nextUrl: URL }) { probe(request.nextUrl.searchParams.get('page')); }`, errors: [value('URLSearchParams')] },
    { code: `function f(url: URL) { const { searchParams } = url; probe(url.searchParams.get('page')); }`, errors: [value('URLSearchParams')] },
    { code: `import { useSearchParams } from 'next/navigation'; const params = useSearchParams(); probe(params?.get('page'));`, errors: [value('URLSearchParams')] },
    { code: `import { useSearchParams } from 'react-router'; const [params] = useSearchParams(); probe(params.get('page'));`, errors: [value('URLSearchParams')] },
    { code: `function f(form: FormData) { const { qty } = Object.fromEntries(form); probe(qty); }`, errors: [value('FormData')] },
    { code: `function f(form: FormData) { probe(Object.fromEntries(form.entries())); }`, errors: [record('FormData', 'qty,name,enabled')] },
    { code: `function f(form: FormData) { const entries = form.entries(); probe(Object.fromEntries(entries)); }`, errors: [record('FormData', 'qty,name,enabled')] },
    {
      code: `function f(form: FormData) { probe({ qty: form.get('qty'), name: String(form.get('name')), enabled: form.get('enabled') === 'on' }); }`,
      errors: [record('FormData', 'qty,name')],
    },
    {
      code: `function f(form: FormData) { probe({ ...Object.fromEntries(form), qty: Number(form.get('qty')) }); }`,
      errors: [record('FormData', 'name,enabled')],
    },
    {
      code: `function f(form: FormData) { const data = Object.fromEntries(form); data.enabled = form.get('enabled') === 'on'; probe(data); }`,
      errors: [record('FormData', 'qty,name')],
    },
    {
      code: `function f(form: FormData, names: string[]) { const input: Record<string, unknown> = {}; for (const n of names) input[n] = n === 'qty' ? (form.get(n) as unknown as number) : form.get(n); probe(input); }`,
      errors: [record('FormData', 'qty,name,enabled')],
    },
    {
      code: `function f(form: FormData, names: string[]) { probe(Object.fromEntries(names.map((n) => [n, form.get(n) ?? undefined]))); }`,
      errors: [record('FormData', 'qty,name,enabled')],
    },
    {
      code: `import express from 'express'; const app = express(); app.post('/x', express.urlencoded({ extended: false }), (req, res) => { probe(req.body); probe(req.body.qty); });`,
      errors: [record('urlencoded body', 'qty,name,enabled'), value('urlencoded body')],
    },
    {
      code: `import bodyParser from 'body-parser'; import express from 'express'; const app = express(); app.use(bodyParser.urlencoded({ extended: true })); app.post('/x', (req, res) => { probe(req.body); });`,
      errors: [record('urlencoded body', 'qty,name,enabled')],
    },
    {
      code: `import { Hono } from 'hono'; const app = new Hono(); app.post('/x', async (c) => { probe(await c.req.parseBody()); });`,
      errors: [record('form body', 'qty,name,enabled')],
    },
  ],
});

typedRuleTester().run('form data with types', reportFormData, {
  valid: [
    { name: 'a class with get()', code: `declare function probe(x: unknown): void; class Store { get(k: string) { return k; } } probe(new Store().get('qty'));` },
    { name: 'a record of strings is no FormData', code: `declare function probe(x: unknown): void; export function f(params: Record<string, string>) { probe(Object.fromEntries(Object.entries(params))); }` },
  ],
  invalid: [
    {
      code: `declare function probe(x: unknown): void; export function f(ctx: { form: FormData }) { probe(ctx.form.get('qty')); }`,
      errors: [value('FormData')],
    },
    {
      code: `declare function probe(x: unknown): void; export function f(holder: { params: URLSearchParams }) { probe(Object.fromEntries(holder.params)); }`,
      errors: [record('URLSearchParams', 'qty,name,enabled')],
    },
  ],
});

untypedRuleTester().run('object schemas without types', reportSchemas, {
  valid: [
    { name: 'an imported schema', code: `import { Settings } from './schemas'; probe(Settings);` },
    { name: 'a union is not an object schema', code: `import { z } from 'zod'; probe(z.union([z.object({ a: z.number() }), z.string()]));` },
    { name: 'z.preprocess around the object', code: `import { z } from 'zod'; probe(z.preprocess((v) => v, z.object({ qty: z.number() })));` },
    { name: 'a zod-lookalike that is not zod', code: `import { z } from './my-validators'; probe(z.object({ qty: z.number() }));` },
  ],
  invalid: [
    {
      code: `import { z } from 'zod'; probe(z.object({ qty: z.number().int().min(1), name: z.string(), enabled: z.boolean().default(false), at: z.date(), c: z.coerce.number() }));`,
      errors: [schema('zod', 'qty:number@z.number() enabled:boolean@z.boolean() at:date@z.date()')],
    },
    {
      code: `import { z } from 'zod'; probe(z.object({ a: z.number().or(z.string()), b: z.string().transform(Number), c: z.stringbool(), d: z.number({ coerce: true }), e: z.nullable(z.number()) }));`,
      errors: [schema('zod', 'e:number@z.number()')],
    },
    {
      code: `import { z } from 'zod'; const Base = z.object({ qty: z.number(), name: z.string(), at: z.date() }); probe(Base.pick({ qty: true, name: true }).strict()); probe(Base.omit({ qty: true }));`,
      errors: [schema('zod', 'qty:number@z.number()'), schema('zod', 'at:date@z.date()')],
    },
    {
      code: `import { z } from 'zod'; const A = z.object({ qty: z.number() }); const B = z.object({ enabled: z.boolean() }); probe(A.merge(B).extend({ qty: z.coerce.number() }));`,
      errors: [schema('zod', 'enabled:boolean@z.boolean()')],
    },
    {
      code: `import { number, object, string } from 'zod'; probe(object({ qty: number(), name: string() }));`,
      errors: [schema('zod', 'qty:number@number()')],
    },
    {
      code: `import * as v from 'valibot'; probe(v.pipe(v.object({ qty: v.pipe(v.number(), v.integer()), on: v.optional(v.boolean(), false), s: v.pipe(v.string(), v.toNumber()) }), v.check(() => true)));`,
      errors: [schema('valibot', 'qty:number@v.number() on:boolean@v.boolean()')],
    },
    {
      code: `import { object, number, string } from 'valibot'; probe(object({ qty: number(), name: string() }));`,
      errors: [schema('valibot', 'qty:number@number()')],
    },
  ],
});

typedRuleTester().run('object schemas with types', reportSchemas, {
  valid: [
    { name: 'a ZodType<T> says nothing of its input', code: `import { registeredSettings } from './form-schemas.js'; declare function probe(x: unknown): void; probe(registeredSettings);` },
    { name: 'a zod 3 schema is not judged by type', code: `import { LegacySearch } from './form-schemas.js'; declare function probe(x: unknown): void; probe(LegacySearch);` },
    { name: 'not a schema', code: `declare function probe(x: unknown): void; probe({ qty: 1 });` },
  ],
  invalid: [
    {
      code: `import { PluginSettingsForm, PluginSettingsFormCoerced } from './form-schemas.js'; declare function probe(x: unknown): void; probe(PluginSettingsForm); probe(PluginSettingsFormCoerced);`,
      errors: [typed('maxItems:number summarize:boolean'), typed('')],
    },
    {
      code: `import { CartLineForm, CartLineFormCoerced } from './form-schemas.js'; declare function probe(x: unknown): void; probe(CartLineForm); probe(CartLineFormCoerced);`,
      errors: [typed('quantity:number'), typed('')],
    },
  ],
});
