import rule from '../../src/rules/no-uncoerced-form-value.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const NUMBER_FIX = 'Convert it with `Number(…)` and reject NaN (`Number.isFinite`), or parse the form with `z.coerce.number()`.';
const BOOLEAN_FIX = 'Compare it instead: a checkbox sends "on" when checked and nothing when not (`form.get(name) === "on"`).';
const ZOD_NUMBER_FIX =
  'Use `z.coerce.number()` (an empty field becomes 0: bound it with `.min()` or map "" to undefined in a `z.preprocess`).';
const ZOD_BOOLEAN_FIX =
  'Use `z.stringbool()` (zod 4) or `z.preprocess((value) => value === "on" || value === "true", z.boolean())`; not `z.coerce.boolean()`, which turns "false" into true.';

untypedRuleTester().run('no-uncoerced-form-value (untyped)', rule, {
  valid: [
    {
      name: 'a JSON body is typed already: z.number() is right for it',
      code: `
import { z } from 'zod';

const CreateSchedule = z.object({ pluginId: z.string(), hour: z.number().int().min(0).max(23), enabled: z.boolean() });

export async function POST(request: Request) {
  const parsed = CreateSchedule.safeParse(await request.json());
  if (!parsed.success) return Response.json(parsed.error.flatten(), { status: 400 });
  return Response.json(parsed.data, { status: 201 });
}
`,
    },
    {
      name: 'form data parsed with z.coerce, z.preprocess, z.stringbool and a string transform',
      code: `
import { z } from 'zod';

const SettingsForm = z.object({
  topic: z.string().trim().min(2),
  maxItems: z.coerce.number().int().min(1).max(50),
  summarize: z.stringbool().optional(),
  notify: z.preprocess((value) => value === 'on', z.boolean()),
  pageSize: z.string().transform(Number),
  startsOn: z.coerce.date(),
});

export async function POST(request: Request) {
  const parsed = SettingsForm.safeParse(Object.fromEntries(await request.formData()));
  return Response.json(parsed.success ? parsed.data : parsed.error.issues, { status: parsed.success ? 200 : 422 });
}
`,
    },
    {
      name: 'zod 3 `z.number({ coerce: true })` coerces',
      code: `
import { z } from 'zod';

const Search = z.object({ page: z.number({ coerce: true }).int().min(1) });

export function GET(request: Request) {
  const { page } = Search.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ page });
}
`,
    },
    {
      name: 'valibot converts the string before checking the number',
      code: `
import * as v from 'valibot';

const CartLine = v.object({ sku: v.string(), quantity: v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1)) });

export async function addToCart(formData: FormData) {
  return v.parse(CartLine, Object.fromEntries(formData));
}
`,
    },
    {
      name: 'fields converted in the object literal before the schema sees them',
      code: `
'use server';
import { z } from 'zod';
import { prisma } from '../lib/prisma';

const TaskInput = z.object({ title: z.string().min(1), priority: z.number().int().min(1).max(5) });

export async function createTask(formData: FormData) {
  const priority = Number(formData.get('priority'));
  const input = TaskInput.parse({ title: formData.get('title'), priority: Number.isNaN(priority) ? undefined : priority });
  await prisma.task.create({ data: input });
}
`,
    },
    {
      name: 'a record whose number field is converted before parsing',
      code: `
import { z } from 'zod';

const Filters = z.object({ q: z.string().optional(), limit: z.number().int().max(100) });

export function GET(request: Request) {
  const query = Object.fromEntries(new URL(request.url).searchParams);
  query.limit = Number(query.limit ?? 20);
  return Response.json(Filters.parse(query));
}
`,
    },
    {
      name: 'the converted value is checked with Number.isNaN before the write',
      code: `
'use server';
import { prisma } from '../lib/prisma';

export async function updateQuantity(formData: FormData) {
  const quantity = Number(formData.get('quantity'));
  if (Number.isNaN(quantity) || quantity < 1) throw new Error('Enter a quantity of 1 or more');
  await prisma.cartItem.update({ where: { id: String(formData.get('id')) }, data: { quantity } });
}
`,
    },
    {
      name: 'Number.isInteger and Number.isFinite count as NaN checks',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function POST(request: Request) {
  const form = await request.formData();
  const hour = parseInt(String(form.get('hour')), 10);
  const weight = Number.parseFloat(String(form.get('weight')));
  if (!Number.isInteger(hour) || !Number.isFinite(weight)) return new Response('Invalid', { status: 400 });
  await pool.query('UPDATE schedules SET hour = $1, weight = $2 WHERE id = $3', [hour, weight, form.get('id')]);
  return new Response(null, { status: 204 });
}
`,
    },
    {
      name: 'a NaN fallback with || and a value that only feeds a read',
      code: `
import { prisma } from '../lib/prisma';

export async function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  const take = Math.min(Number(params.get('limit')) || 20, 100);
  const page = Number(params.get('page'));
  const posts = await prisma.post.findMany({ take, skip: page * take, orderBy: { id: 'asc' } });
  return Response.json(posts);
}
`,
    },
    {
      name: 'the raw string is validated with a regex before it is converted',
      code: `
'use server';
import { prisma } from '../lib/prisma';

export async function setAge(formData: FormData) {
  const raw = String(formData.get('age') ?? '');
  if (!/^\\d{1,3}$/.test(raw)) return { error: 'Enter your age in years' };
  await prisma.profile.update({ where: { userId: 'me' }, data: { age: Number(raw) } });
  return { ok: true };
}
`,
    },
    {
      name: 'string and File casts, and a checkbox compared to "on"',
      code: `
export async function POST(request: Request) {
  const form = await request.formData();
  const name = form.get('name') as string;
  const avatar = form.get('avatar') as File | null;
  const enabled = form.get('enabled') === 'on';
  return Response.json({ name, size: avatar?.size ?? 0, enabled });
}
`,
    },
    {
      name: 'a cast on Map#get and on an unknown settings store is not form data',
      code: `
import config from './config';

const counters = new Map<string, unknown>();

export function readLimits() {
  const hits = counters.get('hits') as number;
  const maxItems = config.get('plugins.maxItems') as number;
  return { hits, maxItems };
}
`,
    },
    {
      name: 'Express req.body in an app that parses JSON as well as forms',
      code: `
import express from 'express';
import { z } from 'zod';

const app = express();
app.use(express.json());
app.use(express.urlencoded({ extended: true }));

const Schedule = z.object({ hour: z.number().int(), enabled: z.boolean() });

app.post('/schedules', (req, res) => {
  const hour = req.body.hour as number;
  res.json({ hour, schedule: Schedule.parse(req.body) });
});
`,
    },
    {
      name: 'Express req.body in a JSON-only app',
      code: `
import express from 'express';

const app = express();
app.use(express.json());

app.patch('/plugins/:id', (req, res) => {
  const maxItems = req.body.maxItems as number;
  res.json({ maxItems });
});
`,
    },
    {
      name: 'an imported schema cannot be read without types',
      code: `
import { pluginRegistry } from './plugins/registry';

export async function POST(request: Request, pluginId: string) {
  const form = await request.formData();
  const plugin = pluginRegistry.get(pluginId)!;
  const fields = ['topic', 'maxItems', 'summarize'];
  const parsed = plugin.settings.safeParse(Object.fromEntries(fields.map((name) => [name, form.get(name) ?? undefined])));
  return Response.json({ ok: parsed.success });
}
`,
    },
    {
      name: 'JSON.parse of a form field is not a schema parse',
      code: `
export async function POST(request: Request) {
  const form = await request.formData();
  const layout = JSON.parse(form.get('layout') as string) as { columns: number };
  return Response.json(layout);
}
`,
    },
    {
      name: 'unions, .or() and helper-built fields are not judged',
      code: `
import { z } from 'zod';
import { moneyField } from './fields';

const Expense = z.object({
  amount: moneyField('Enter an amount'),
  splitWith: z.union([z.number(), z.string()]).optional(),
  tip: z.number().or(z.literal('')).optional(),
});

export async function createExpense(formData: FormData) {
  return Expense.safeParse(Object.fromEntries(formData));
}
`,
    },
    {
      name: 'a truthiness test guards the converted value (NaN is falsy)',
      code: `
'use server';
import { prisma } from '../lib/prisma';

export async function rate(formData: FormData) {
  const stars = parseInt(String(formData.get('stars')), 10);
  if (!stars) return { error: 'Pick 1 to 5 stars' };
  await prisma.review.create({ data: { stars, body: String(formData.get('body') ?? '') } });
  return { ok: true };
}
`,
    },
    {
      name: 'valibot parsing a JSON body',
      code: `
import * as v from 'valibot';

const Webhook = v.object({ attempt: v.number(), delivered: v.boolean() });

export async function POST(request: Request) {
  return Response.json(v.parse(Webhook, await request.json()));
}
`,
    },
    {
      name: 'checkboxes and numbers converted in a loop over the record before parsing',
      code: `
'use server';
import { z } from 'zod';

const Signup = z.object({ email: z.string().email(), age: z.number().int().min(13), newsletter: z.boolean() });

export async function signup(_state: unknown, data: FormData) {
  const entries = data.entries();
  const raw = Object.fromEntries(entries) as Record<string, string | number | boolean>;
  for (const key in raw) {
    if (raw[key] === 'on') raw[key] = true;
    else if (typeof raw[key] === 'string' && raw[key] !== '' && !Number.isNaN(Number(raw[key]))) raw[key] = Number(raw[key]);
  }
  return Signup.safeParse(raw);
}
`,
    },
    {
      name: 'odd code: spread arguments, a shadowed Number, computed members, no arguments',
      code: `
function Number(value: unknown) { return value; }
export async function POST(request: Request, keys: string[]) {
  const form = await request.formData();
  const values = keys.map((key) => form[key as never]);
  parseInt();
  Number(form.get('qty'));
  Math.max(...values.map((value) => +String(value)));
  return (0, JSON.parse)(String(form.get('x')));
}
`,
    },
  ],
  invalid: [
    {
      name: 'the seed shape: a Next.js route handler casts a FormData field to number',
      code: `
export async function POST(request: Request) {
  const form = await request.formData();
  const input: Record<string, unknown> = {};
  for (const name of ['topic', 'maxItems']) {
    input[name] = name === 'maxItems' ? (form.get(name) as unknown as number) : form.get(name);
  }
  return Response.json(input);
}
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 6,
          column: 42,
          endColumn: 77,
          data: { value: 'form.get(name)', source: 'a FormData field', type: 'number', fix: NUMBER_FIX },
        },
      ],
    },
    {
      name: 'URL query parameters cast to number and boolean, through variables',
      code: `
export function GET(request: Request) {
  const url = new URL(request.url);
  const params = url.searchParams;
  const page = params.get('page') as unknown as number;
  const archived = url.searchParams.get('archived') as unknown as boolean | null;
  return Response.json({ page, archived });
}
`,
      errors: [
        { messageId: 'castFormValue', line: 5, column: 16, data: { value: "params.get('page')", source: 'a URL query parameter', type: 'number', fix: NUMBER_FIX } },
        {
          messageId: 'castFormValue',
          line: 6,
          column: 20,
          data: { value: "url.searchParams.get('archived')", source: 'a URL query parameter', type: 'boolean | null', fix: BOOLEAN_FIX },
        },
      ],
    },
    {
      name: 'React Router useSearchParams and an optional call',
      filename: 'react.tsx',
      code: `
import { useSearchParams } from 'react-router-dom';

export function Pager({ form }: { form?: FormData }) {
  const [searchParams] = useSearchParams();
  const page = searchParams.get('page') as unknown as number;
  const size = new URLSearchParams(window.location.search).getAll('size') as unknown as number[];
  return <span>{page}{size.length}{searchParams?.get('tab') as unknown as number}{form?.get('x')}</span>;
}
`,
      errors: [
        { messageId: 'castFormValue', line: 6, column: 16, data: { value: "searchParams.get('page')", source: 'a URL query parameter', type: 'number', fix: NUMBER_FIX } },
        {
          messageId: 'castFormValue',
          line: 7,
          column: 16,
          data: { value: "new URLSearchParams(window.location.search).getAll('size')", source: 'a URL query parameter', type: 'number[]', fix: NUMBER_FIX },
        },
        { messageId: 'castFormValue', line: 8, column: 36, data: { value: "searchParams?.get('tab')", source: 'a URL query parameter', type: 'number', fix: NUMBER_FIX } },
      ],
    },
    {
      name: 'a parameter typed FormData (server action) cast to boolean',
      code: `
'use server';
export async function toggle(data: FormData) {
  const enabled = data.get('enabled') as unknown as boolean;
  return { enabled };
}
`,
      errors: [{ messageId: 'castFormValue', line: 4, column: 19, data: { value: "data.get('enabled')", source: 'a FormData field', type: 'boolean', fix: BOOLEAN_FIX } }],
    },
    {
      name: 'an urlencoded Express route casts req.body fields',
      code: `
import express from 'express';

const router = express.Router();
const form = express.urlencoded({ extended: false });

router.post('/settings', form, (req, res) => {
  const { summarize } = req.body;
  const maxItems = req.body.maxItems as number;
  res.render('settings', { maxItems, summarize: summarize as boolean });
});
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 9,
          column: 20,
          data: { value: 'req.body.maxItems', source: 'a field of an urlencoded request body', type: 'number', fix: NUMBER_FIX },
        },
        {
          messageId: 'castFormValue',
          line: 10,
          column: 49,
          data: { value: 'summarize', source: 'a field of an urlencoded request body', type: 'boolean', fix: BOOLEAN_FIX },
        },
      ],
    },
    {
      name: 'a form record cast to a type with number and boolean fields',
      code: `
export async function POST(request: Request) {
  const settings = Object.fromEntries(await request.formData()) as { topic: string; maxItems: number; summarize?: boolean };
  return Response.json(settings);
}
`,
      errors: [
        {
          messageId: 'castFormRecord',
          line: 3,
          column: 20,
          data: {
            value: 'Object.fromEntries(await request.formData())',
            type: '{ topic: string; maxItems: number; summarize?: boolean }',
            fields: '`maxItems` as number, `summarize` as boolean',
          },
        },
      ],
    },
    {
      name: 'a zod schema with z.number() and z.boolean() parses form data',
      code: `
import { z } from 'zod';

const maxItems = z.number().int().min(1).max(50);

const NewsDigestSettings = z.object({
  topic: z.string().trim().min(2).max(80),
  maxItems: maxItems.default(10),
  summarize: z.boolean().default(true),
});

export async function POST(request: Request) {
  const form = await request.formData();
  const parsed = NewsDigestSettings.safeParse(Object.fromEntries(form));
  return Response.json(parsed);
}
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 4,
          column: 18,
          endColumn: 28,
          data: {
            field: 'maxItems',
            definition: 'z.number()',
            call: 'NewsDigestSettings.safeParse',
            line: 14,
            source: 'form data',
            kind: 'number',
            fix: ZOD_NUMBER_FIX,
          },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.number()' },
              output: `
import { z } from 'zod';

const maxItems = z.coerce.number().int().min(1).max(50);

const NewsDigestSettings = z.object({
  topic: z.string().trim().min(2).max(80),
  maxItems: maxItems.default(10),
  summarize: z.boolean().default(true),
});

export async function POST(request: Request) {
  const form = await request.formData();
  const parsed = NewsDigestSettings.safeParse(Object.fromEntries(form));
  return Response.json(parsed);
}
`,
            },
          ],
        },
        {
          messageId: 'nonCoercingField',
          line: 9,
          column: 14,
          data: {
            field: 'summarize',
            definition: 'z.boolean()',
            call: 'NewsDigestSettings.safeParse',
            line: 14,
            source: 'form data',
            kind: 'boolean',
            fix: ZOD_BOOLEAN_FIX,
          },
          suggestions: [
            {
              messageId: 'suggestStringbool',
              data: { replacement: 'z.stringbool()' },
              output: `
import { z } from 'zod';

const maxItems = z.number().int().min(1).max(50);

const NewsDigestSettings = z.object({
  topic: z.string().trim().min(2).max(80),
  maxItems: maxItems.default(10),
  summarize: z.stringbool().default(true),
});

export async function POST(request: Request) {
  const form = await request.formData();
  const parsed = NewsDigestSettings.safeParse(Object.fromEntries(form));
  return Response.json(parsed);
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a server action parses an object literal of form fields; z.int() and z.date()',
      code: `
'use server';
import * as z from 'zod';

const Booking = z.strictObject({
  guests: z.int().positive(),
  arrival: z.date(),
  note: z.string().optional(),
});

export async function book(formData: FormData) {
  return Booking.parse({ guests: formData.get('guests'), arrival: formData.get('arrival'), note: formData.get('note') ?? undefined });
}
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 6,
          column: 11,
          data: { field: 'guests', definition: 'z.int()', call: 'Booking.parse', line: 12, source: 'form data', kind: 'number', fix: ZOD_NUMBER_FIX },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.number().int()' },
              output: `
'use server';
import * as z from 'zod';

const Booking = z.strictObject({
  guests: z.coerce.number().int().positive(),
  arrival: z.date(),
  note: z.string().optional(),
});

export async function book(formData: FormData) {
  return Booking.parse({ guests: formData.get('guests'), arrival: formData.get('arrival'), note: formData.get('note') ?? undefined });
}
`,
            },
          ],
        },
        {
          messageId: 'nonCoercingField',
          line: 7,
          column: 12,
          data: { field: 'arrival', definition: 'z.date()', call: 'Booking.parse', line: 12, source: 'form data', kind: 'date', fix: 'Use `z.coerce.date()`.' },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.date()' },
              output: `
'use server';
import * as z from 'zod';

const Booking = z.strictObject({
  guests: z.int().positive(),
  arrival: z.coerce.date(),
  note: z.string().optional(),
});

export async function book(formData: FormData) {
  return Booking.parse({ guests: formData.get('guests'), arrival: formData.get('arrival'), note: formData.get('note') ?? undefined });
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'a record filled field by field from the form, and an extended schema',
      code: `
import { z } from 'zod';

const Base = z.object({ topic: z.string() });
const Digest = Base.extend({ maxItems: z.optional(z.number()) }).strict();

export async function POST(request: Request) {
  const form = await request.formData();
  const input: Record<string, unknown> = {};
  for (const name of ['topic', 'maxItems']) input[name] = form.get(name);
  return Response.json(await Digest.safeParseAsync(input));
}
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 5,
          column: 51,
          data: { field: 'maxItems', definition: 'z.number()', call: 'Digest.safeParseAsync', line: 11, source: 'form data', kind: 'number', fix: ZOD_NUMBER_FIX },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.number()' },
              output: `
import { z } from 'zod';

const Base = z.object({ topic: z.string() });
const Digest = Base.extend({ maxItems: z.optional(z.coerce.number()) }).strict();

export async function POST(request: Request) {
  const form = await request.formData();
  const input: Record<string, unknown> = {};
  for (const name of ['topic', 'maxItems']) input[name] = form.get(name);
  return Response.json(await Digest.safeParseAsync(input));
}
`,
            },
          ],
        },
      ],
    },
    {
      name: 'valibot parses URL query parameters with v.number()',
      code: `
import * as v from 'valibot';

const Search = v.object({ q: v.optional(v.string()), page: v.optional(v.pipe(v.number(), v.integer())) });

export function GET(request: Request) {
  const search = v.parse(Search, Object.fromEntries(new URL(request.url).searchParams.entries()));
  return Response.json(search);
}
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 4,
          column: 78,
          data: {
            field: 'page',
            definition: 'v.number()',
            call: 'v.parse',
            line: 7,
            source: 'URL query parameters',
            kind: 'number',
            fix: 'Use `v.pipe(v.string(), v.toNumber())`.',
          },
        },
      ],
    },
    {
      name: 'Hono parseBody and Fastify formbody bodies are form data',
      code: `
import { Hono } from 'hono';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { z } from 'zod';

const Vote = z.object({ pollId: z.string(), choice: z.number().int() });
const Subscribe = z.object({ email: z.string().email(), weekly: z.boolean() });

const app = new Hono();
app.post('/votes', async (c) => c.json(Vote.parse(await c.req.parseBody())));

const server = Fastify();
server.register(formbody);
server.post('/subscribe', async (request) => Subscribe.parse(request.body));
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 7,
          column: 53,
          data: { field: 'choice', definition: 'z.number()', call: 'Vote.parse', line: 11, source: 'a parsed form body', kind: 'number', fix: ZOD_NUMBER_FIX },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.number()' },
              output: `
import { Hono } from 'hono';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { z } from 'zod';

const Vote = z.object({ pollId: z.string(), choice: z.coerce.number().int() });
const Subscribe = z.object({ email: z.string().email(), weekly: z.boolean() });

const app = new Hono();
app.post('/votes', async (c) => c.json(Vote.parse(await c.req.parseBody())));

const server = Fastify();
server.register(formbody);
server.post('/subscribe', async (request) => Subscribe.parse(request.body));
`,
            },
          ],
        },
        {
          messageId: 'nonCoercingField',
          line: 8,
          column: 65,
          data: {
            field: 'weekly',
            definition: 'z.boolean()',
            call: 'Subscribe.parse',
            line: 15,
            source: 'an urlencoded request body',
            kind: 'boolean',
            fix: ZOD_BOOLEAN_FIX,
          },
          suggestions: [
            {
              messageId: 'suggestStringbool',
              data: { replacement: 'z.stringbool()' },
              output: `
import { Hono } from 'hono';
import Fastify from 'fastify';
import formbody from '@fastify/formbody';
import { z } from 'zod';

const Vote = z.object({ pollId: z.string(), choice: z.number().int() });
const Subscribe = z.object({ email: z.string().email(), weekly: z.stringbool() });

const app = new Hono();
app.post('/votes', async (c) => c.json(Vote.parse(await c.req.parseBody())));

const server = Fastify();
server.register(formbody);
server.post('/subscribe', async (request) => Subscribe.parse(request.body));
`,
            },
          ],
        },
      ],
    },
    {
      name: 'Next.js request.nextUrl.searchParams cast to number',
      code: `
import type { NextRequest } from 'next/server';

export function GET(request: NextRequest) {
  const limit = request.nextUrl.searchParams.get('limit') as unknown as number;
  return Response.json({ limit });
}
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 5,
          column: 17,
          data: { value: "request.nextUrl.searchParams.get('limit')", source: 'a URL query parameter', type: 'number', fix: NUMBER_FIX },
        },
      ],
    },
    {
      name: 'an Express file that mounts only the urlencoded parser parses req.body with z.number()',
      code: `
import bodyParser from 'body-parser';
import { Router } from 'express';
import { z } from 'zod';

export const settingsRouter = Router();
settingsRouter.use(bodyParser.urlencoded({ extended: false }));

const DigestForm = z.object({ hour: z.number().int().min(0).max(23) });

settingsRouter.post('/digest', (req, res) => {
  const result = DigestForm.safeParse(req.body);
  if (!result.success) return res.status(422).render('digest', { errors: result.error.issues });
  res.redirect('/settings');
});
`,
      errors: [
        {
          messageId: 'nonCoercingField',
          line: 9,
          column: 37,
          data: { field: 'hour', definition: 'z.number()', call: 'DigestForm.safeParse', line: 12, source: 'an urlencoded request body', kind: 'number', fix: ZOD_NUMBER_FIX },
          suggestions: [
            {
              messageId: 'suggestCoerce',
              data: { replacement: 'z.coerce.number()' },
              output: `
import bodyParser from 'body-parser';
import { Router } from 'express';
import { z } from 'zod';

export const settingsRouter = Router();
settingsRouter.use(bodyParser.urlencoded({ extended: false }));

const DigestForm = z.object({ hour: z.coerce.number().int().min(0).max(23) });

settingsRouter.post('/digest', (req, res) => {
  const result = DigestForm.safeParse(req.body);
  if (!result.success) return res.status(422).render('digest', { errors: result.error.issues });
  res.redirect('/settings');
});
`,
            },
          ],
        },
      ],
    },
    {
      name: 'Number() of a form field written by Prisma with no NaN check',
      code: `
'use server';
import { prisma } from '../lib/prisma';

export async function updateQuantity(formData: FormData) {
  const quantity = Number(formData.get('quantity'));
  await prisma.cartItem.update({ where: { id: String(formData.get('id')) }, data: { quantity } });
}
`,
      errors: [
        {
          messageId: 'unguardedConversion',
          line: 6,
          column: 20,
          endColumn: 52,
          data: { conversion: "Number(formData.get('quantity'))", source: 'a FormData field', write: 'prisma.cartItem.update' },
        },
      ],
    },
    {
      name: 'parseInt and unary plus inline in pg writes',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function POST(request: Request) {
  const form = await request.formData();
  await pool.query('UPDATE schedules SET hour = $1 WHERE id = $2', [parseInt(form.get('hour') as string, 10), form.get('id')]);
  const row = { weight: +String(form.get('weight')) };
  await pool.query('INSERT INTO weights (value) VALUES ($1)', [row.weight]);
  const values = { minutes: +String(form.get('minutes')) };
  await pool.query('INSERT INTO timers (minutes) VALUES ($1)', Object.values(values));
  return new Response(null, { status: 204 });
}
`,
      errors: [
        {
          messageId: 'unguardedConversion',
          line: 8,
          column: 69,
          data: { conversion: "parseInt(form.get('hour') as string, 10)", source: 'a FormData field', write: 'pool.query' },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-uncoerced-form-value (typed)', rule, {
  valid: [
    {
      name: 'an imported schema that coerces every field',
      code: `
import { PluginSettingsFormCoerced } from './form-schemas.js';

export async function POST(request: Request) {
  const parsed = PluginSettingsFormCoerced.safeParse(Object.fromEntries(await request.formData()));
  return Response.json(parsed.success ? parsed.data : parsed.error.issues);
}
`,
    },
    {
      name: 'a schema known only as ZodType<Settings>: its input type says nothing',
      code: `
import { registeredSettings } from './form-schemas.js';

export async function POST(request: Request) {
  const form = await request.formData();
  const fields = ['topic', 'maxItems', 'summarize'];
  const parsed = registeredSettings.safeParse(Object.fromEntries(fields.map((name) => [name, form.get(name) ?? undefined])));
  return Response.json({ ok: parsed.success });
}
`,
    },
    {
      name: 'a valibot schema that converts, and a zod 3 schema (not judged by type)',
      code: `
import * as v from 'valibot';
import { CartLineFormCoerced, LegacySearch } from './form-schemas.js';

export async function POST(request: Request) {
  const line = v.parse(CartLineFormCoerced, Object.fromEntries(await request.formData()));
  const search = LegacySearch.parse(Object.fromEntries(new URL(request.url).searchParams));
  return Response.json({ line, search });
}
`,
    },
    {
      name: 'the imported schema parses JSON, not form data',
      code: `
import { PluginSettingsForm } from './form-schemas.js';

export async function PUT(request: Request) {
  return Response.json(PluginSettingsForm.parse(await request.json()));
}
`,
    },
    {
      name: 'a get() on a class that is not FormData',
      code: `
class SettingsStore {
  private values = new Map<string, unknown>();
  get(name: string): unknown { return this.values.get(name); }
}

export function maxItems(store: SettingsStore, formData: { get(name: string): unknown }) {
  return [store.get('maxItems') as number, formData.get('maxItems') as number];
}
`,
    },
    {
      name: 'typed: the conversion is checked with Number.isSafeInteger before the pg write',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function POST(request: Request) {
  const form = await request.formData();
  const points = Number(form.get('points'));
  if (!Number.isSafeInteger(points)) return new Response('Invalid', { status: 400 });
  await pool.query('UPDATE scores SET points = $1 WHERE id = $2', [points, form.get('id')]);
  return new Response(null, { status: 204 });
}
`,
    },
    {
      name: 'a cast to a string-literal union',
      code: `
type Units = 'metric' | 'imperial';

export function GET(request: Request) {
  const units = new URL(request.url).searchParams.get('units') as Units;
  return Response.json({ units });
}
`,
    },
  ],
  invalid: [
    {
      name: 'typed: the FormData field cast through unknown to an alias of number',
      code: `
type Count = number;

export async function POST(request: Request) {
  const form = await request.formData();
  const maxItems = form.get('maxItems') as unknown as Count;
  return Response.json({ maxItems });
}
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 6,
          column: 20,
          data: { value: "form.get('maxItems')", source: 'a FormData field', type: 'Count', fix: NUMBER_FIX },
        },
      ],
    },
    {
      name: 'typed: a query parameter cast to a numeric enum',
      code: `
enum Priority { Low = 1, High = 2 }

export function GET(request: Request) {
  const priority = new URL(request.url).searchParams.get('priority') as unknown as Priority;
  return Response.json({ priority });
}
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 5,
          column: 20,
          data: { value: "new URL(request.url).searchParams.get('priority')", source: 'a URL query parameter', type: 'Priority', fix: NUMBER_FIX },
        },
      ],
    },
    {
      name: 'typed: a form record cast to an interface with number fields',
      code: `
interface PluginSettingsInput {
  topic: string;
  maxItems: number;
  summarize: boolean;
}

export async function saveSettings(formData: FormData) {
  const input = Object.fromEntries(formData) as unknown as PluginSettingsInput;
  return input;
}
`,
      errors: [
        {
          messageId: 'castFormRecord',
          line: 9,
          column: 17,
          data: {
            value: 'Object.fromEntries(formData)',
            type: 'PluginSettingsInput',
            fields: '`maxItems` as number, `summarize` as boolean',
          },
        },
      ],
    },
    {
      name: 'typed: an imported zod 4 schema with z.number() and z.boolean() parses form data',
      code: `
import { PluginSettingsForm } from './form-schemas.js';

export async function POST(request: Request) {
  const form = await request.formData();
  const parsed = PluginSettingsForm.safeParse(Object.fromEntries(form));
  return Response.json(parsed);
}
`,
      errors: [
        {
          messageId: 'nonCoercingSchema',
          line: 6,
          column: 18,
          data: {
            call: 'PluginSettingsForm.safeParse',
            source: 'form data',
            schema: 'PluginSettingsForm',
            fields: '`maxItems` (number), `summarize` (boolean)',
          },
        },
      ],
    },
    {
      name: 'typed: the awaited formData() inline, cast and parsed',
      code: `
import { PluginSettingsForm } from './form-schemas.js';

export async function POST(request: Request) {
  const maxItems = (await request.formData()).get('maxItems') as unknown as number;
  const parsed = await PluginSettingsForm.safeParseAsync(Object.fromEntries(await request.clone().formData()));
  return Response.json({ maxItems, parsed });
}
`,
      errors: [
        {
          messageId: 'castFormValue',
          line: 5,
          column: 20,
          data: { value: "(await request.formData()).get('maxItems')", source: 'a FormData field', type: 'number', fix: NUMBER_FIX },
        },
        {
          messageId: 'nonCoercingSchema',
          line: 6,
          column: 24,
          data: {
            call: 'PluginSettingsForm.safeParseAsync',
            source: 'form data',
            schema: 'PluginSettingsForm',
            fields: '`maxItems` (number), `summarize` (boolean)',
          },
        },
      ],
    },
    {
      name: 'typed: an imported valibot schema parses URL query parameters',
      code: `
import * as v from 'valibot';
import { CartLineForm } from './form-schemas.js';

export function GET(request: Request) {
  const params = new URL(request.url).searchParams;
  return Response.json(v.safeParse(CartLineForm, { sku: params.get('sku'), quantity: params.get('quantity') }));
}
`,
      errors: [
        {
          messageId: 'nonCoercingSchema',
          line: 7,
          column: 24,
          data: { call: 'v.safeParse', source: 'URL query parameters', schema: 'CartLineForm', fields: '`quantity` (number)' },
        },
      ],
    },
    {
      name: 'typed: Number() of a query parameter written with pg, no NaN check',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function PATCH(request: Request) {
  const params = new URL(request.url).searchParams;
  const hour = Number(params.get('hour'));
  await pool.query('UPDATE schedules SET hour = $1 WHERE id = $2', [hour, params.get('id')]);
  return new Response(null, { status: 204 });
}
`,
      errors: [
        {
          messageId: 'unguardedConversion',
          line: 8,
          column: 16,
          data: { conversion: "Number(params.get('hour'))", source: 'a URL query parameter', write: 'pool.query' },
        },
      ],
    },
  ],
});
