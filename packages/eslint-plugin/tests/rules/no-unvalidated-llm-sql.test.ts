import path from 'node:path';
import rule from '../../src/rules/no-unvalidated-llm-sql.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** Untyped cases are linted as this relative file name, so relative imports resolve into the fixture directory. */
const untypedFile = path.relative(process.cwd(), path.join(fixtureDir, 'file.ts'));

typedRuleTester().run('no-unvalidated-llm-sql (typed)', rule, {
  valid: [
    {
      name: 'model output bound as a parameter of a constant statement',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function tagDocument(id: string, body: string) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: body }] });
  const topic = completion.choices[0]?.message.content ?? 'other';
  await pool.query('UPDATE documents SET topic = $1 WHERE id = $2', [topic, id]);
}
`,
    },
    {
      name: 'the model picks between constant statements (imported helper returning a literal union)',
      code: `
import { Pool } from 'pg';
import { pickReport } from './llm-sql-helpers.js';
const pool = new Pool();
const DAILY = 'SELECT day, count(*) FROM events GROUP BY day ORDER BY day DESC LIMIT 30';
const WEEKLY = 'SELECT week, count(*) FROM events GROUP BY week ORDER BY week DESC LIMIT 12';
export async function report(question: string) {
  const choice = await pickReport(question);
  return pool.query(choice === 'weekly' ? WEEKLY : DAILY);
}
`,
    },
    {
      name: 'a lookup in a table of constant statements keyed by the model answer',
      code: `
import Anthropic from '@anthropic-ai/sdk';
import { Pool } from 'pg';
const anthropic = new Anthropic();
const pool = new Pool();
const REPORTS: Record<string, string> = {
  signups: 'SELECT date_trunc(\\'day\\', created_at) AS day, count(*) FROM users GROUP BY 1',
  churn: 'SELECT month, churned FROM churn_monthly ORDER BY month DESC LIMIT 12',
};
export async function answer(question: string) {
  const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 16, messages: [{ role: 'user', content: question }] });
  const block = message.content[0];
  const key = block?.type === 'text' ? block.text.trim() : 'signups';
  const sql = REPORTS[key] ?? REPORTS.signups!;
  return pool.query(sql);
}
`,
    },
    {
      name: 'the imported generator validates before it returns',
      code: `
import { Pool } from 'pg';
import { generateCheckedSql } from './llm-sql-helpers.js';
const pool = new Pool();
export async function ask(question: string) {
  const sql = await generateCheckedSql(question);
  return pool.query(sql);
}
`,
    },
    {
      name: 'validated by an imported assertReadOnlySelect before the query',
      code: `
import { Pool } from 'pg';
import { assertReadOnlySelect, generateSql } from './llm-sql-helpers.js';
const pool = new Pool();
export async function ask(question: string) {
  const sql = await generateSql(question);
  assertReadOnlySelect(sql);
  return pool.query(sql);
}
`,
    },
    {
      name: 'model text stored through an ORM write is data, not SQL',
      code: `
import { generateText } from 'ai';
import { Pool } from 'pg';
const pool = new Pool();
export async function summarise(ticketId: string, body: string, model: Parameters<typeof generateText>[0]['model']) {
  const { text } = await generateText({ model, prompt: \`Summarise: \${body}\` });
  await pool.query('INSERT INTO summaries (ticket_id, body) VALUES ($1, $2)', [ticketId, text]);
}
`,
    },
    {
      name: 'a number derived from model text cannot carry a statement',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function topN(question: string) {
  const response = await openai.responses.create({ model: 'gpt-4o-mini', input: question });
  const limit = Math.min(100, Number.parseInt(response.output_text, 10) || 10);
  return pool.query(\`SELECT name, count(*) FROM events GROUP BY name ORDER BY 2 DESC LIMIT \${limit}\`);
}
`,
    },
  ],
  invalid: [
    {
      name: 'an imported generator that calls OpenAI: the chain is in the message',
      code: `
import { Pool } from 'pg';
import { generateSql } from './llm-sql-helpers.js';
const pool = new Pool();
export async function ask(question: string) {
  const sql = await generateSql(question);
  const { rows } = await pool.query(sql);
  return rows;
}
`,
      errors: [
        {
          messageId: 'modelSql',
          line: 7,
          column: 26,
          data: { origin: 'generateSql() → OpenAI chat.completions.create (llm-sql-helpers.ts:14)', sink: 'pg `query`' },
        },
      ],
    },
    {
      name: 'validation after the query does not protect it',
      code: `
import { Pool } from 'pg';
import { assertReadOnlySelect, generateSql } from './llm-sql-helpers.js';
const pool = new Pool();
export async function ask(question: string) {
  const sql = await generateSql(question);
  const result = await pool.query(sql);
  assertReadOnlySelect(sql);
  return result.rows;
}
`,
      errors: [{ messageId: 'modelSql', line: 7 }],
    },
    {
      name: 'LangChain chat model output run through knex.raw',
      code: `
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import knex from 'knex';
const db = knex({ client: 'pg' });
export async function ask(model: BaseChatModel, question: string) {
  const reply = await model.invoke([['system', 'Answer with one SQL query.'], ['user', question]]);
  return db.raw(String(reply.content));
}
`,
      errors: [{ messageId: 'modelSql', line: 7, column: 10, data: { origin: 'LangChain invoke, line 6', sink: 'knex `raw`' } }],
    },
    {
      name: 'a whole statement from the body of an Express request',
      code: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.post('/admin/sql', async (req, res) => {
  const { sql } = req.body as { sql: string };
  const result = await pool.query(sql);
  res.json(result.rows);
});
`,
      errors: [{ messageId: 'requestSql', line: 8, column: 24, data: { origin: '`req.body`', sink: 'pg `query`' } }],
    },
  ],
});

untypedRuleTester().run('no-unvalidated-llm-sql (untyped)', rule, {
  valid: [
    {
      name: 'model output as a $1 parameter',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function classify(id, body) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: body }] });
  await pool.query('UPDATE tickets SET category = $1 WHERE id = $2', [completion.choices[0].message.content, id]);
}
`,
    },
    {
      name: 'a validator wraps the model text',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
import { validateSql } from './sql-guard';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question) {
  const response = await openai.responses.create({ model: 'gpt-4o-mini', input: question });
  return pool.query(validateSql(response.output_text));
}
`,
    },
    {
      name: 'assertReadOnly on the statement first',
      code: `
import { generateText } from 'ai';
import postgres from 'postgres';
import { assertReadOnly } from './sql-guard';
const sql = postgres();
export async function ask(model, question) {
  const { text } = await generateText({ model, prompt: question });
  assertReadOnly(text);
  return sql.unsafe(text);
}
`,
    },
    {
      name: 'node-sql-parser astify with a statement-type check',
      code: `
import OpenAI from 'openai';
import { Parser } from 'node-sql-parser';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
const parser = new Parser();
export async function ask(question) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = completion.choices[0].message.content;
  const ast = parser.astify(sql, { database: 'postgresql' });
  if (Array.isArray(ast) || ast.type !== 'select') throw new Error('only one SELECT');
  return pool.query(sql);
}
`,
    },
    {
      name: 'a project validator named through the validators option',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
import { ensureSafeQuery } from './guard';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = completion.choices[0].message.content;
  ensureSafeQuery(sql);
  return pool.query(sql);
}
`,
      options: [{ validators: ['ensureSafeQuery'] }],
    },
    {
      name: "Twilio's messages.create is no model call",
      code: `
import twilio from 'twilio';
import { Pool } from 'pg';
const client = twilio(process.env.TWILIO_SID, process.env.TWILIO_TOKEN);
const pool = new Pool();
export async function notify(to, body) {
  const message = await client.messages.create({ to, from: '+15550100', body });
  await pool.query(message.body);
}
`,
    },
    {
      name: "an agent tool's execute is not a SQL sink",
      code: `
import OpenAI from 'openai';
const openai = new OpenAI();
export async function step(tool, messages) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages });
  const args = completion.choices[0].message.tool_calls[0].function.arguments;
  return tool.execute(JSON.parse(args));
}
`,
    },
    {
      name: 'request values spliced into SQL text are no-template-sql findings, not whole statements',
      code: `
import express from 'express';
import { Pool } from 'pg';
const pool = new Pool();
const app = express();
app.get('/events', async (req, res) => {
  const { rows } = await pool.query(\`SELECT * FROM events WHERE app_id = '\${req.query.app}' LIMIT 100\`);
  res.json(rows);
});
`,
    },
    {
      name: 'request input as a parameter',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function POST(request) {
  const { name } = await request.json();
  await pool.query('INSERT INTO saved_queries (name) VALUES ($1)', [name]);
  return Response.json({ ok: true });
}
`,
    },
    {
      name: 'Koa: a posted saved-query name bound as a parameter',
      code: `
import Router from '@koa/router';
import { Pool } from 'pg';
const pool = new Pool();
const router = new Router();
router.post('/saved', async (ctx) => {
  const { name, sql } = ctx.request.body;
  await pool.query('INSERT INTO drafts (name, body) VALUES ($1, $2)', [name, sql]);
  ctx.status = 201;
});
`,
    },
    {
      name: 'a NestJS DTO field validated by a parse-SQL helper before it runs',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import { parseSelectSql } from './sql-guard';
@Controller('reports')
export class ReportsController {
  constructor(dataSource) { this.dataSource = dataSource; }
  @Post('run')
  run(@Body() dto) {
    return this.dataSource.query(parseSelectSql(dto.sql));
  }
}
`,
    },
    {
      name: 'model text logged and returned, never executed',
      code: `
import OpenAI from 'openai';
import pino from 'pino';
const openai = new OpenAI();
const logger = pino();
export async function draft(question) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = completion.choices[0].message.content;
  logger.info({ sql }, 'draft query for review');
  return { sql };
}
`,
    },
    {
      name: 'a generateText defined in the project is not the AI SDK',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
function generateText(words) { return 'lorem '.repeat(words); }
export async function seed() {
  await pool.query(generateText(3));
}
`,
    },
    {
      name: 'a stored report statement chosen by id from a constant map',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
const STATEMENTS = { top: 'SELECT name FROM events GROUP BY name ORDER BY count(*) DESC LIMIT 10' };
export async function run(question) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  return pool.query(STATEMENTS[completion.choices[0].message.content]);
}
`,
    },
  ],
  invalid: [
    {
      name: 'OpenAI chat completion executed with pg',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = completion.choices[0]?.message.content ?? '';
  return pool.query(sql);
}
`,
      errors: [
        {
          messageId: 'modelSql',
          line: 9,
          column: 10,
          endLine: 9,
          endColumn: 25,
          data: { origin: 'OpenAI chat.completions.create, line 7', sink: 'pg `query`' },
        },
      ],
    },
    {
      name: 'Anthropic text with code fences stripped by a same-file helper, run by knex.raw',
      code: `
import Anthropic from '@anthropic-ai/sdk';
import knex from 'knex';
const anthropic = new Anthropic();
const db = knex({ client: 'pg' });
function stripFences(text) {
  return text.replace(/\`\`\`sql|\`\`\`/g, '').trim();
}
export async function ask(question) {
  const message = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 512, messages: [{ role: 'user', content: question }] });
  const block = message.content[0];
  const sql = stripFences(block.type === 'text' ? block.text : '');
  return db.raw(sql);
}
`,
      errors: [{ messageId: 'modelSql', line: 13, column: 10, data: { origin: 'Anthropic messages.create, line 10', sink: 'knex `raw`' } }],
    },
    {
      name: 'AI SDK generateText destructured and run by postgres.js unsafe',
      code: `
import { generateText } from 'ai';
import postgres from 'postgres';
const sql = postgres();
export async function ask(model, question) {
  const { text } = await generateText({ model, prompt: question });
  return sql.unsafe(text);
}
`,
      errors: [{ messageId: 'modelSql', line: 7, data: { origin: 'AI SDK generateText, line 6', sink: 'postgres `unsafe`' } }],
    },
    {
      name: 'AI SDK generateObject with a sql field, run by Prisma $queryRawUnsafe',
      code: `
import { generateObject } from 'ai';
import { z } from 'zod';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
export async function ask(model, question) {
  const { object } = await generateObject({ model, schema: z.object({ sql: z.string() }), prompt: question });
  return prisma.$queryRawUnsafe(object.sql);
}
`,
      errors: [{ messageId: 'modelSql', line: 8, data: { origin: 'AI SDK generateObject, line 7', sink: 'Prisma `$queryRawUnsafe`' } }],
    },
    {
      name: 'a streamed completion accumulated with += and executed',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question) {
  const stream = await openai.chat.completions.create({ model: 'gpt-4o-mini', stream: true, messages: [{ role: 'user', content: question }] });
  let sql = '';
  for await (const chunk of stream) sql += chunk.choices[0]?.delta?.content ?? '';
  return pool.query(sql);
}
`,
      errors: [{ messageId: 'modelSql', line: 10 }],
    },
    {
      name: 'a generated WHERE fragment spliced into a statement',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function filter(question) {
  const response = await openai.responses.create({ model: 'gpt-4o-mini', input: \`WHERE clause for: \${question}\` });
  return pool.query(\`SELECT * FROM events WHERE \${response.output_text} LIMIT 100\`);
}
`,
      errors: [{ messageId: 'modelSql', line: 8, data: { origin: 'OpenAI responses.create, line 7', sink: 'pg `query`' } }],
    },
    {
      name: 'a class that generates with one method and runs with another, on an untyped pool',
      code: `
export class TextToSql {
  constructor(openai, pool) {
    this.openai = openai;
    this.pool = pool;
  }
  async generate(question) {
    const response = await this.openai.responses.create({ model: 'gpt-4o-mini', input: question });
    return response.output_text;
  }
  async answer(question) {
    const sql = await this.generate(question);
    return this.pool.query(sql);
  }
}
`,
      errors: [{ messageId: 'modelSql', line: 13, data: { origin: 'OpenAI responses.create, line 8', sink: '`this.pool.query`' } }],
    },
    {
      name: 'the plan object carries the statement',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question) {
  const completion = await openai.chat.completions.parse({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const plan = { sql: completion.choices[0].message.content, explain: true };
  return pool.query(plan.sql);
}
`,
      errors: [{ messageId: 'modelSql', line: 9 }],
    },
    {
      name: 'the body of a Next.js route handler executed as a statement',
      code: `
import { Pool } from 'pg';
const pool = new Pool();
export async function POST(request) {
  const body = await request.json();
  const result = await pool.query(body.statement);
  return Response.json(result.rows);
}
`,
      errors: [{ messageId: 'requestSql', line: 6, data: { origin: '`request.json()`', sink: 'pg `query`' } }],
    },
    {
      name: 'a Fastify ad-hoc SQL endpoint on an untyped warehouse client',
      code: `
export function register(app, warehouse) {
  app.post('/query', async (request) => {
    const statement = request.body.sql.trim();
    return warehouse.query(statement);
  });
}
`,
      errors: [{ messageId: 'requestSql', line: 5, data: { origin: '`request.body`', sink: '`warehouse.query`' } }],
    },
    {
      name: 'an in-house model client named in settings.pitfalls.llmCalls',
      code: `
import { Pool } from 'pg';
import { complete } from './llm-client';
const pool = new Pool();
export async function ask(question) {
  const sql = await complete(\`Write SQL for: \${question}\`);
  return pool.query(sql);
}
`,
      filename: untypedFile,
      settings: { pitfalls: { llmCalls: [{ module: `./${path.relative(process.cwd(), path.join(fixtureDir, 'llm-client'))}`, name: 'complete' }] } },
      errors: [{ messageId: 'modelSql', line: 7 }],
    },
    {
      name: 'a NestJS controller runs the statement from its @Body() DTO',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
@Controller('reports')
export class ReportsController {
  constructor(dataSource) { this.dataSource = dataSource; }
  @Post('run')
  run(@Body() dto) {
    return this.dataSource.query(dto.sql);
  }
}
`,
      errors: [{ messageId: 'requestSql', line: 8, data: { origin: '`@Body() dto`', sink: '`this.dataSource.query`' } }],
    },
    {
      name: 'a Hono handler executes the posted statement',
      code: `
import { Hono } from 'hono';
import { Pool } from 'pg';
const pool = new Pool();
const app = new Hono();
app.post('/sql', async (c) => {
  const { sql } = await c.req.json();
  const { rows } = await pool.query(sql);
  return c.json(rows);
});
`,
      errors: [{ messageId: 'requestSql', line: 8, data: { origin: '`c.req.json()`', sink: 'pg `query`' } }],
    },
    {
      name: 'validating a different value does not count',
      code: `
import OpenAI from 'openai';
import { Pool } from 'pg';
import { validateSql } from './sql-guard';
const openai = new OpenAI();
const pool = new Pool();
export async function ask(question, fallback) {
  const completion = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: question }] });
  const sql = completion.choices[0].message.content;
  validateSql(fallback);
  return pool.query(sql);
}
`,
      errors: [{ messageId: 'modelSql', line: 11 }],
    },
  ],
});
