import rule from '../../src/rules/require-idempotency-key.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** The end of each message: how to give the library's call a key. */
const FIX = {
  bullmq:
    "Pass `{ jobId }` built from the request's natural key (the id of the row this request created, or `userId:pluginId:date`): BullMQ ignores an add whose jobId already exists, or use `deduplication: { id }`",
  bull: "Pass `{ jobId }` built from the request's natural key (the id of the row this request created, or `userId:pluginId:date`): Bull ignores an add whose jobId already exists",
  agenda:
    "Create the job with `agenda.create(name, data).unique({ 'data.<key>': value }).save()` keyed on the request's natural key, so Agenda keeps one job per key",
  'pg-boss':
    "Pass `{ singletonKey }` built from the request's natural key (the id of the row this request created, or `userId:pluginId:date`), or an `id`: pg-boss keeps one queued job per key",
  nats: "Set `msgID` to an id the client sent with the event (generated once on the device, not per request): JetStream drops a repeated msgID within the stream's duplicate window",
  sqs: "Set `MessageDeduplicationId` to an id derived from the request's natural key or sent by the client: SQS drops a repeated id for five minutes, while content-based deduplication misses any retry whose body differs by a timestamp or a generated id",
};

type Library = keyof typeof FIX;
const OPTION: Record<Library, string> = { bullmq: 'jobId', bull: 'jobId', agenda: 'unique', 'pg-boss': 'singletonKey', nats: 'msgID', sqs: 'MessageDeduplicationId' };

const job = (library: Library, call: string, handler: string, line: number, column: number, end?: { endLine: number; endColumn: number }) => ({
  messageId: 'jobWithoutKey' as const,
  line,
  column,
  ...end,
  data: { call, handler, option: OPTION[library], fix: FIX[library] },
});

const message = (library: Library, call: string, handler: string, line: number, column: number) => ({
  messageId: 'messageWithoutKey' as const,
  line,
  column,
  data: { call, handler, option: OPTION[library], fix: FIX[library] },
});

untypedRuleTester().run('require-idempotency-key (untyped)', rule, {
  valid: [
    {
      name: 'BullMQ add with a jobId derived from the row the request created',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const exports = new Queue('exports');
const app = express();

app.post('/exports', async (req, res) => {
  const exportRow = await createExport(req.user.id, req.body.format);
  await exports.add('build', { exportId: exportRow.id }, { jobId: \`export:\${exportRow.id}\` });
  res.status(202).json({ id: exportRow.id });
});
`,
    },
    {
      name: 'BullMQ add with deduplication',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const reindex = new Queue('reindex');
const router = express.Router();

router.post('/projects/:id/reindex', async (req, res) => {
  await reindex.add('project', { projectId: req.params.id }, { deduplication: { id: req.params.id, ttl: 60_000 } });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'options from a variable or a spread may carry a jobId: not judged',
      code: `
import express from 'express';
import { Queue } from 'bullmq';
import { jobOptionsFor } from './job-options';

const mail = new Queue('mail');
const app = express();

app.post('/invites', async (req, res) => {
  await mail.add('invite', { email: req.body.email }, jobOptionsFor(req.body.email));
  await mail.add('invite-copy', { email: req.body.email }, { ...req.jobDefaults, priority: 2 });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'enqueue in a BullMQ worker: not a request handler',
      code: `
import { Queue, Worker } from 'bullmq';

const thumbnails = new Queue('thumbnails');

export const uploads = new Worker('uploads', async (job) => {
  await thumbnails.add('render', { uploadId: job.data.uploadId });
});
`,
    },
    {
      name: 'enqueue in a startup script',
      code: `
import { Queue } from 'bullmq';

const backfill = new Queue('backfill');

async function main() {
  for (const month of ['2024-01', '2024-02']) await backfill.add('month', { month });
}

void main();
`,
    },
    {
      name: 'amqplib sendToQueue in a handler: RabbitMQ has no dedup option',
      code: `
import express from 'express';
import amqp from 'amqplib';

const connection = await amqp.connect(process.env.AMQP_URL!);
const channel = await connection.createChannel();
const app = express();

app.post('/orders', (req, res) => {
  channel.sendToQueue('orders', Buffer.from(JSON.stringify(req.body)), { persistent: true });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'kafkajs send in a handler: Kafka has no per-message dedup id (the idempotent producer covers its own retries)',
      code: `
import express from 'express';
import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer({ idempotent: true });
const app = express();

app.post('/events', async (req, res) => {
  await producer.send({ topic: 'events', messages: [{ key: req.body.userId, value: JSON.stringify(req.body) }] });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'SQS standard queue in a handler: no MessageGroupId, nothing to deduplicate',
      code: `
import express from 'express';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const app = express();

app.post('/webhooks/stripe', async (req, res) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.STRIPE_QUEUE_URL, MessageBody: JSON.stringify(req.body) }));
  res.sendStatus(200);
});
`,
    },
    {
      name: 'SQS with a group id on a queue whose url is not visible: FIFO with content-based dedup or a fair queue',
      code: `
import express from 'express';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const app = express();

app.post('/orders/:id/ship', async (req, res) => {
  await sqs.send(new SendMessageCommand({ QueueUrl: config.shippingQueueUrl, MessageGroupId: req.params.id, MessageBody: req.params.id }));
  res.sendStatus(202);
});
`,
    },
    {
      name: 'NATS core publish in a handler: fire-and-forget, no dedup option',
      code: `
import Fastify from 'fastify';
import { connect, StringCodec } from 'nats';

const nc = await connect({ servers: process.env.NATS_URL });
const sc = StringCodec();
const app = Fastify();

app.post('/presence', async (request) => {
  nc.publish('presence.online', sc.encode(request.body.userId));
  return { ok: true };
});
`,
    },
    {
      name: 'JetStream publish with a msgID from the client, and one with headers that may carry Nats-Msg-Id',
      code: `
import Fastify from 'fastify';
import { connect, JSONCodec, headers } from 'nats';

const nc = await connect();
const js = nc.jetstream();
const jc = JSONCodec();
const app = Fastify();

app.post('/track', async (request) => {
  await js.publish('events.track', jc.encode(request.body), { msgID: request.body.eventId });
  const h = headers();
  h.set('Nats-Msg-Id', request.body.eventId);
  await js.publish('events.audit', jc.encode(request.body), { headers: h });
  return { ok: true };
});
`,
    },
    {
      name: 'repeatable jobs registered in a handler are schedules, not enqueues (no-per-user-scheduler judges them)',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const digests = new Queue('digests');
const app = express();

app.put('/me/digest', async (req, res) => {
  await digests.add('digest', { userId: req.user.id }, { repeat: { pattern: req.body.cron, tz: req.body.tz } });
  await digests.upsertJobScheduler(\`digest:\${req.user.id}\`, { pattern: req.body.cron }, { name: 'digest' });
  res.sendStatus(204);
});
`,
    },
    {
      name: 'pg-boss send with a singletonKey, and sendThrottled',
      code: `
import Koa from 'koa';
import Router from '@koa/router';
import PgBoss from 'pg-boss';

const boss = new PgBoss(process.env.DATABASE_URL!);
const router = new Router();

router.post('/reports/:id/render', async (ctx) => {
  await boss.send('render-report', { reportId: ctx.params.id }, { singletonKey: ctx.params.id });
  await boss.sendThrottled('notify-owner', { reportId: ctx.params.id }, {}, 60);
  ctx.status = 202;
});
`,
    },
    {
      name: 'Agenda job made unique on the request key',
      code: `
import express from 'express';
import { Agenda } from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });
const app = express();

app.post('/users/:id/sync', async (req, res) => {
  await agenda.create('sync user', { userId: req.params.id }).unique({ 'data.userId': req.params.id }).save();
  res.sendStatus(202);
});
`,
    },
    {
      name: 'Inngest send without an event id: the function may declare its own idempotency',
      code: `
import express from 'express';
import { Inngest } from 'inngest';

const inngest = new Inngest({ id: 'shop' });
const app = express();

app.post('/signup', async (req, res) => {
  await inngest.send({ name: 'shop/user.signup', data: { userId: req.body.userId } });
  res.sendStatus(201);
});
`,
    },
    {
      name: 'a queue wrapper imported from the project: it may set the key itself',
      code: `
import express from 'express';
import { mailQueue } from './jobs/queues';

const app = express();

app.post('/password-reset', async (req, res) => {
  await mailQueue.add('reset', { email: req.body.email });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'NestJS controller passing a jobId',
      code: `
import { Controller, Post, Param } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

@Controller('videos')
export class VideosController {
  constructor(@InjectQueue('transcode') private readonly transcode: Queue) {}

  @Post(':id/transcode')
  async start(@Param('id') id: string) {
    await this.transcode.add('transcode', { videoId: id }, { jobId: \`transcode:\${id}\` });
  }
}
`,
    },
    {
      name: 'a NestJS event consumer is a worker, not a request handler',
      code: `
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

@Controller()
export class OrdersConsumer {
  constructor(@InjectQueue('invoices') private readonly invoices: Queue) {}

  @EventPattern('order.paid')
  async onPaid(@Payload() order: { id: string }) {
    await this.invoices.add('issue', { orderId: order.id });
  }
}
`,
    },
    {
      name: 'odd calls do not crash: computed members, optional chaining, spread arguments',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const queue = new Queue('odd');
const app = express();

app.post('/odd', async (req, res) => {
  await queue[req.body.method]('x', {});
  await queue?.add?.(...req.body.args);
  await (queue as any).add();
  res.end();
});
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: "Generate now" enqueues a BullMQ job with no jobId from an Express route',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');
const app = express();

app.post('/plugins/:pluginId/generate', async (req, res) => {
  await briefings.add('generate', { userId: req.user.id, pluginId: req.params.pluginId });
  res.status(202).send('Generating…');
});
`,
      errors: [job('bullmq', 'briefings.add', 'Express route handler', 9, 9, { endLine: 9, endColumn: 90 })],
    },
    {
      name: 'the seed (002 P6): an ingest route publishes each event to JetStream with no msgID',
      code: `
import Fastify from 'fastify';
import { connect, JSONCodec } from 'nats';

const nc = await connect({ servers: process.env.NATS_URL });
const js = nc.jetstream();
const jc = JSONCodec();
const app = Fastify();

app.post('/v1/events', async (request, reply) => {
  await Promise.all(request.body.events.map((event) => js.publish(\`events.\${event.type}\`, jc.encode({ ...event, id: crypto.randomUUID() }))));
  return reply.code(202).send({ accepted: request.body.events.length });
});
`,
      errors: [message('nats', 'js.publish', 'Fastify route handler', 11, 56)],
    },
    {
      name: 'NestJS controller method enqueues through an injected queue',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';
import { Queue } from 'bullmq';

@Controller('reports')
export class ReportsController {
  constructor(@InjectQueue('reports') private readonly reports: Queue) {}

  @Post()
  async request(@Body() body: { accountId: string; month: string }) {
    await this.reports.add('build', { accountId: body.accountId, month: body.month });
    return { status: 'queued' };
  }
}
`,
      errors: [job('bullmq', 'this.reports.add', 'NestJS controller method', 12, 11)],
    },
    {
      name: 'pg-boss send without a singletonKey in a Koa route',
      code: `
import Router from '@koa/router';
import PgBoss from 'pg-boss';

const boss = new PgBoss(process.env.DATABASE_URL!);
const router = new Router();

router.post('/invoices/:id/send', async (ctx) => {
  await boss.send('send-invoice', { invoiceId: ctx.params.id });
  ctx.status = 202;
});
`,
      errors: [job('pg-boss', 'boss.send', 'Koa route handler', 9, 9)],
    },
    {
      name: 'SQS FIFO queue (literal .fifo url) with no MessageDeduplicationId in a Hono route',
      code: `
import { Hono } from 'hono';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const ORDERS_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo';
const sqs = new SQSClient({});
const app = new Hono();

app.post('/orders', async (c) => {
  const order = await c.req.json();
  await sqs.send(new SendMessageCommand({ QueueUrl: ORDERS_QUEUE, MessageGroupId: order.customerId, MessageBody: JSON.stringify(order) }));
  return c.json({ ok: true }, 202);
});
`,
      errors: [message('sqs', 'sqs.send(new SendMessageCommand(…))', 'Hono route handler', 11, 9)],
    },
    {
      name: 'an SQS batch command built first and sent later: reported on the command',
      code: `
import express from 'express';
import { SQSClient, SendMessageBatchCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const app = express();

app.post('/orders/bulk', async (req, res) => {
  const command = new SendMessageBatchCommand({
    QueueUrl: 'https://sqs.us-east-1.amazonaws.com/1/orders.fifo',
    Entries: req.body.orders.map((order) => ({ Id: order.id, MessageGroupId: order.customerId, MessageBody: JSON.stringify(order) })),
  });
  await sqs.send(command);
  res.sendStatus(202);
});
`,
      errors: [message('sqs', 'new SendMessageBatchCommand(…)', 'Express route handler', 9, 19)],
    },
    {
      name: 'Agenda now in an Express route',
      code: `
import express from 'express';
import { Agenda } from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });
const app = express();

app.post('/users/:id/welcome', async (req, res) => {
  await agenda.now('send welcome email', { userId: req.params.id });
  res.sendStatus(202);
});
`,
      errors: [job('agenda', 'agenda.now', 'Express route handler', 9, 9)],
    },
    {
      name: 'a Next.js server action',
      code: `
import { Queue } from 'bullmq';

const exports = new Queue('exports');

export async function requestExport(formData: FormData) {
  'use server';
  await exports.add('csv', { accountId: formData.get('accountId') });
}
`,
      errors: [job('bullmq', 'exports.add', 'Next.js server action', 8, 9)],
    },
    {
      name: 'a Next.js route handler (app/api/**/route.ts)',
      filename: 'app/api/plugins/[pluginId]/generate/route.ts',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');

export async function POST(request: Request, { params }: { params: Promise<{ pluginId: string }> }) {
  const { pluginId } = await params;
  await briefings.add('generate', { pluginId, requestedAt: Date.now() });
  return new Response(null, { status: 202 });
}
`,
      errors: [job('bullmq', 'briefings.add', 'Next.js route handler', 8, 9)],
    },
    {
      name: 'Bull add(data) and addBulk items without a jobId',
      code: `
import express from 'express';
import Queue from 'bull';

const mail = new Queue('mail');
const app = express();

app.post('/invites', async (req, res) => {
  await mail.add({ to: req.body.email, template: 'invite' });
  await mail.addBulk(req.body.emails.map((to) => ({ data: { to, template: 'invite' } })));
  res.sendStatus(202);
});
`,
      errors: [job('bull', 'mail.add', 'Express route handler', 9, 9), job('bull', 'mail.addBulk', 'Express route handler', 10, 9)],
    },
  ],
});

// ---------------------------------------------------------------------------
// With types: the fixture services' shapes (tests/fixture/queues-jobs.ts)

const nextRoute = 'queues-next/app/api/plugins/generate/route.ts';

typedRuleTester().run('require-idempotency-key (typed)', rule, {
  valid: [
    {
      name: 'the fixed "Generate now": the job id is derived from the briefing row',
      filename: nextRoute,
      code: `
import { briefingQueue } from '../../../../../queues-jobs.js';

export async function POST(request: Request) {
  const { userId, pluginId, briefingId } = (await request.json()) as { userId: string; pluginId: string; briefingId: string };
  await briefingQueue.add('generate', { userId, pluginId, briefingId }, { jobId: \`briefing-\${briefingId}\` });
  return new Response(null, { status: 202 });
}
`,
    },
    {
      name: 'a project wrapper named like a queue resolves to the project: not judged',
      filename: nextRoute,
      code: `
import { jobs } from '../../../../../queues-jobs.js';

export async function POST() {
  await jobs.add('generate', { userId: 'u1' });
  return new Response(null, { status: 202 });
}
`,
    },
    {
      name: 'the fixed ingest route: each event is published with a msgID from the client',
      code: `
import Fastify from 'fastify';
import type { JetStreamClient } from 'nats';

declare const js: JetStreamClient;
const app = Fastify();

app.post<{ Body: { events: { id: string; type: string }[] } }>('/batch', async (request, reply) => {
  await Promise.all(request.body.events.map((event) => js.publish(\`events.\${event.type}\`, JSON.stringify(event), { msgID: event.id })));
  return reply.code(202).send({ accepted: request.body.events.length });
});
`,
    },
    {
      name: 'Set#add in a handler is not an enqueue',
      code: `
import express from 'express';

const seen = new Set<string>();
const app = express();

app.post('/seen', (req, res) => {
  seen.add(String(req.body.id));
  res.end();
});
`,
    },
  ],
  invalid: [
    {
      name: 'briefing-dashboard: the "Generate now" route handler',
      filename: nextRoute,
      code: `
import { briefingQueue } from '../../../../../queues-jobs.js';

export async function POST(request: Request) {
  const { userId, pluginId } = (await request.json()) as { userId: string; pluginId: string };
  await briefingQueue.add('generate', { userId, pluginId });
  return new Response(null, { status: 202 });
}
`,
      errors: [job('bullmq', 'briefingQueue.add', 'Next.js route handler', 6, 9)],
    },
    {
      name: 'causality-pipeline: the ingest route publishes with no msgID',
      code: `
import type { FastifyPluginAsync } from 'fastify';
import type { JetStreamClient } from 'nats';

export const ingestRoutes: FastifyPluginAsync<{ js: JetStreamClient }> = async (app, { js }) => {
  app.post<{ Body: { events: { type: string }[] } }>('/batch', async (request, reply) => {
    const tracked = request.body.events.map((event) => ({ ...event, id: crypto.randomUUID() }));
    await Promise.all(tracked.map((event) => js.publish(\`events.\${event.type}\`, JSON.stringify(event))));
    return reply.code(202).send({ accepted: tracked.length });
  });
};
`,
      errors: [message('nats', 'js.publish', 'Fastify route handler', 8, 46)],
    },
    {
      name: 'pg-boss instance exported by another module, in an Express route',
      code: `
import express from 'express';
import { boss } from './queues-jobs.js';

const app = express();

app.post('/exports', async (req, res) => {
  await boss.send('export', { accountId: String(req.body.accountId) });
  res.sendStatus(202);
});
`,
      errors: [job('pg-boss', 'boss.send', 'Express route handler', 8, 9)],
    },
  ],
});
