import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { enqueueCallOf, enqueueLabel } from '../../src/knowledge/queues.js';
import { createRule } from '../../src/util/create-rule.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rule: reports every enqueue enqueueCallOf accepts, with its library,
// API, kind, dedup state, whether it is recurring, the payloads as written and
// the label rules print.
const reportEnqueues = createRule({
  name: 'report-enqueues',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['jobs'], seed: 'test' },
    messages: { enqueue: '{{library}} {{method}} {{kind}} dedup={{dedup}}:{{option}} recurring={{recurring}} payloads=[{{payloads}}] label={{label}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const found = enqueueCallOf(node, context);
      if (!found) return;
      context.report({
        node: found.node,
        messageId: 'enqueue',
        data: {
          library: found.library,
          method: found.method,
          kind: found.kind,
          dedup: found.dedup,
          option: found.dedupOption,
          recurring: String(found.recurring),
          payloads: found.payloads.map((payload) => context.sourceCode.getText(payload)).join(' | '),
          label: enqueueLabel(found, context.sourceCode),
        },
      });
    };
    return { CallExpression: check, NewExpression: check };
  },
});

interface Expected {
  library: string;
  method: string;
  kind?: 'job' | 'message';
  dedup: string;
  option: string;
  recurring?: boolean;
  payloads?: string[];
  label: string;
}

const enqueue = (line: number, column: number, expected: Expected) => ({
  messageId: 'enqueue' as const,
  line,
  column,
  data: {
    library: expected.library,
    method: expected.method,
    kind: expected.kind ?? 'job',
    dedup: expected.dedup,
    option: expected.option,
    recurring: String(expected.recurring ?? false),
    payloads: (expected.payloads ?? []).join(' | '),
    label: expected.label,
  },
});

untypedRuleTester().run('enqueueCallOf without types', reportEnqueues, {
  valid: [
    { name: 'Set#add and Array#push', code: `const seen = new Set<string>(); seen.add('a'); const list: string[] = []; list.push('b');` },
    {
      name: 'a queue-like add on an unbound receiver',
      code: `export function track(queue: { add(name: string, data: object): void }) { queue.add('visit', { path: '/' }); }`,
    },
    { name: 'Fastify reply.send and Express res.send', code: `import express from 'express'; const app = express(); app.get('/x', (req, res) => { res.send({ ok: true }); });` },
    {
      name: 'a queue wrapper imported from the project: it may set the key itself',
      code: `import { mailQueue } from './jobs/queues'; export async function invite(email: string) { await mailQueue.add('invite', { email }); }`,
    },
    {
      name: 'a NATS subscription and a JetStream consumer are not publishes',
      code: `import { connect } from 'nats'; const nc = await connect(); nc.subscribe('events.>'); const js = nc.jetstream(); await js.consumers.get('stream', 'sink');`,
    },
    {
      name: 'BullMQ Worker and QueueEvents methods',
      code: `import { Worker, QueueEvents } from 'bullmq'; const worker = new Worker('mail', async () => {}); worker.on('failed', () => {}); const events = new QueueEvents('mail'); events.on('completed', () => {});`,
    },
    {
      name: 'an SQS receive and delete are not sends',
      code: `import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs'; const sqs = new SQSClient({}); await sqs.send(new ReceiveMessageCommand({ QueueUrl: url })); await sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));`,
    },
    {
      name: 'a spread argument list cannot be read',
      code: `import { Queue } from 'bullmq'; const queue = new Queue('mail'); queue.add(...args);`,
    },
    {
      name: 'a computed member is not resolved',
      code: `import { Queue } from 'bullmq'; const queue = new Queue('mail'); queue[method]('welcome', { userId });`,
    },
    {
      name: 'a Map#set and a cache add with a TTL',
      code: `const cache = new Map(); cache.set('k', 1); import LRU from 'lru-cache'; const lru = new LRU({ max: 10 }); lru.set('k', 1);`,
    },
  ],
  invalid: [
    {
      name: 'BullMQ add without options',
      code: `import { Queue } from 'bullmq';
const queue = new Queue('briefings');
await queue.add('generate', { userId, pluginId });`,
      errors: [enqueue(3, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['{ userId, pluginId }'], label: 'queue.add' })],
    },
    {
      name: 'BullMQ add with jobId, with deduplication, with options from a variable or a spread',
      code: `import { Queue } from 'bullmq';
const queue = new Queue('briefings');
await queue.add('generate', data, { jobId: \`\${userId}:\${pluginId}\` });
await queue.add('generate', data, { deduplication: { id: briefingId } });
await queue.add('generate', data, jobOptions);
await queue.add('generate', data, { ...defaults, attempts: 3 });
const retry = { attempts: 5 };
await queue.add('generate', data, retry);`,
      errors: [
        enqueue(3, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'present', option: 'jobId', payloads: ['data'], label: 'queue.add' }),
        enqueue(4, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'present', option: 'jobId', payloads: ['data'], label: 'queue.add' }),
        enqueue(5, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'unknown', option: 'jobId', payloads: ['data'], label: 'queue.add' }),
        enqueue(6, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'unknown', option: 'jobId', payloads: ['data'], label: 'queue.add' }),
        enqueue(8, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['data'], label: 'queue.add' }),
      ],
    },
    {
      name: 'options in a local object that is given a jobId later are not judged',
      code: `import { Queue } from 'bullmq';
const queue = new Queue('briefings');
const opts: Record<string, unknown> = { attempts: 3 };
opts.jobId = briefingId;
await queue.add('generate', data, opts);`,
      errors: [enqueue(5, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'unknown', option: 'jobId', payloads: ['data'], label: 'queue.add' })],
    },
    {
      name: 'BullMQ repeatable add and upsertJobScheduler are recurring, with their template data',
      code: `import { Queue } from 'bullmq';
const queue = new Queue('digests');
await queue.add('digest', { userId }, { repeat: { pattern: '0 9 * * *' } });
await queue.upsertJobScheduler(\`digest:\${userId}\`, { pattern: '0 9 * * *' }, { name: 'digest', data: { userId, apiKey } });`,
      errors: [
        enqueue(3, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'not-applicable', option: 'jobId', recurring: true, payloads: ['{ userId }'], label: 'queue.add' }),
        enqueue(4, 7, {
          library: 'bullmq',
          method: 'Queue#upsertJobScheduler',
          dedup: 'not-applicable',
          option: 'jobId',
          recurring: true,
          payloads: ['{ userId, apiKey }'],
          label: 'queue.upsertJobScheduler',
        }),
      ],
    },
    {
      name: 'BullMQ addBulk: each item, from an array literal and from a map callback',
      code: `import { Queue } from 'bullmq';
const queue = new Queue('mail');
await queue.addBulk([{ name: 'a', data: { to: a }, opts: { jobId: a } }, { name: 'b', data: { to: b } }]);
await queue.addBulk(users.map((user) => ({ name: 'welcome', data: { userId: user.id }, opts: { jobId: \`welcome:\${user.id}\` } })));
await queue.addBulk(jobs);`,
      errors: [
        enqueue(3, 7, { library: 'bullmq', method: 'Queue#addBulk', dedup: 'missing', option: 'jobId', payloads: ['{ to: a }', '{ to: b }'], label: 'queue.addBulk' }),
        enqueue(4, 7, { library: 'bullmq', method: 'Queue#addBulk', dedup: 'present', option: 'jobId', payloads: ['{ userId: user.id }'], label: 'queue.addBulk' }),
        enqueue(5, 7, { library: 'bullmq', method: 'Queue#addBulk', dedup: 'unknown', option: 'jobId', label: 'queue.addBulk' }),
      ],
    },
    {
      name: 'BullMQ FlowProducer: the root options and every job data',
      code: `import { FlowProducer } from 'bullmq';
const flow = new FlowProducer();
await flow.add({ name: 'render', queueName: 'renders', data: { videoId }, children: [{ name: 'encode', queueName: 'encodes', data: { videoId, token } }] });`,
      errors: [
        enqueue(3, 7, {
          library: 'bullmq',
          method: 'FlowProducer#add',
          dedup: 'missing',
          option: 'jobId',
          payloads: ['{ videoId }', '{ videoId, token }'],
          label: 'flow.add',
        }),
      ],
    },
    {
      name: 'Bull: add(data, opts) and add(name, data, opts)',
      code: `import Queue from 'bull';
const mail = new Queue('mail');
mail.add({ to: user.email });
mail.add('welcome', { to: user.email }, { jobId: user.id });
mail.add(payload, options);`,
      errors: [
        enqueue(3, 1, { library: 'bull', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['{ to: user.email }'], label: 'mail.add' }),
        enqueue(4, 1, { library: 'bull', method: 'Queue#add', dedup: 'present', option: 'jobId', payloads: ['{ to: user.email }'], label: 'mail.add' }),
        enqueue(5, 1, { library: 'bull', method: 'Queue#add', dedup: 'unknown', option: 'jobId', label: 'mail.add' }),
      ],
    },
    {
      name: 'a NestJS service with an injected BullMQ queue',
      code: `import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
@Injectable()
export class ReportsService {
  constructor(@InjectQueue('reports') private readonly reports: Queue) {}
  async request(userId: string) {
    await this.reports.add('build', { userId });
  }
}`,
      errors: [enqueue(8, 11, { library: 'bullmq', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['{ userId }'], label: 'this.reports.add' })],
    },
    {
      name: 'a NestJS queue known only by its @nestjs/bull injection',
      code: `import { InjectQueue } from '@nestjs/bull';
export class MailService {
  constructor(@InjectQueue('mail') private mail) {}
  send(to: string) { return this.mail.add('welcome', { to }); }
}`,
      errors: [enqueue(4, 29, { library: 'bull', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['{ to }'], label: 'this.mail.add' })],
    },
    {
      name: 'Agenda now, schedule, every, create().unique().save(), create().save()',
      code: `import { Agenda } from 'agenda';
const agenda = new Agenda({ db: { address } });
await agenda.now('send welcome', { userId });
await agenda.schedule('in 20 minutes', 'send reminder', { userId });
await agenda.every('1 day', 'cleanup', { olderThan: 30 });
await agenda.create('sync user', { userId }).unique({ 'data.userId': userId }).save();
await agenda.create('sync user', { userId }).save();`,
      errors: [
        enqueue(3, 7, { library: 'agenda', method: 'Agenda#now', dedup: 'missing', option: 'unique', payloads: ['{ userId }'], label: 'agenda.now' }),
        enqueue(4, 7, { library: 'agenda', method: 'Agenda#schedule', dedup: 'missing', option: 'unique', payloads: ['{ userId }'], label: 'agenda.schedule' }),
        enqueue(5, 7, { library: 'agenda', method: 'Agenda#every', dedup: 'not-applicable', option: 'unique', recurring: true, payloads: ['{ olderThan: 30 }'], label: 'agenda.every' }),
        enqueue(6, 7, { library: 'agenda', method: 'Agenda#create', dedup: 'present', option: 'unique', payloads: ['{ userId }'], label: 'agenda.create' }),
        enqueue(7, 7, { library: 'agenda', method: 'Agenda#create', dedup: 'missing', option: 'unique', payloads: ['{ userId }'], label: 'agenda.create' }),
      ],
    },
    {
      name: 'pg-boss send, send(request), sendThrottled, insert, schedule',
      code: `import PgBoss from 'pg-boss';
const boss = new PgBoss(process.env.DATABASE_URL!);
await boss.send('export', { userId });
await boss.send('export', { userId }, { singletonKey: userId });
await boss.send({ name: 'export', data: { userId }, options: { id: exportId } });
await boss.sendThrottled('export', { userId }, {}, 60);
await boss.insert([{ name: 'export', data: { userId }, singletonKey: userId }]);
await boss.schedule('nightly', '0 3 * * *', { scope: 'all' });`,
      errors: [
        enqueue(3, 7, { library: 'pg-boss', method: 'PgBoss#send', dedup: 'missing', option: 'singletonKey', payloads: ['{ userId }'], label: 'boss.send' }),
        enqueue(4, 7, { library: 'pg-boss', method: 'PgBoss#send', dedup: 'present', option: 'singletonKey', payloads: ['{ userId }'], label: 'boss.send' }),
        enqueue(5, 7, { library: 'pg-boss', method: 'PgBoss#send', dedup: 'present', option: 'singletonKey', payloads: ['{ userId }'], label: 'boss.send' }),
        enqueue(6, 7, { library: 'pg-boss', method: 'PgBoss#sendThrottled', dedup: 'present', option: 'singletonKey', payloads: ['{ userId }'], label: 'boss.sendThrottled' }),
        enqueue(7, 7, { library: 'pg-boss', method: 'PgBoss#insert', dedup: 'present', option: 'singletonKey', payloads: ['{ userId }'], label: 'boss.insert' }),
        enqueue(8, 7, {
          library: 'pg-boss',
          method: 'PgBoss#schedule',
          dedup: 'not-applicable',
          option: 'singletonKey',
          recurring: true,
          payloads: ["{ scope: 'all' }"],
          label: 'boss.schedule',
        }),
      ],
    },
    {
      name: 'NATS core publish has no dedup; JetStream publish takes msgID (or a Nats-Msg-Id header)',
      code: `import { connect, JSONCodec, headers } from 'nats';
const nc = await connect({ servers: 'nats://localhost:4222' });
const js = nc.jetstream();
const jc = JSONCodec();
nc.publish('presence.online', jc.encode({ userId }));
await js.publish('events.signup', jc.encode({ userId, plan }));
await js.publish('events.signup', jc.encode(event), { msgID: event.id });
await js.publish('events.signup', jc.encode(event), { headers: h });`,
      errors: [
        enqueue(5, 1, {
          library: 'nats',
          method: 'NatsConnection#publish',
          kind: 'message',
          dedup: 'not-applicable',
          option: 'msgID',
          payloads: ['{ userId }'],
          label: 'nc.publish',
        }),
        enqueue(6, 7, {
          library: 'nats',
          method: 'JetStreamClient#publish',
          kind: 'message',
          dedup: 'missing',
          option: 'msgID',
          payloads: ['{ userId, plan }'],
          label: 'js.publish',
        }),
        enqueue(7, 7, { library: 'nats', method: 'JetStreamClient#publish', kind: 'message', dedup: 'present', option: 'msgID', payloads: ['event'], label: 'js.publish' }),
        enqueue(8, 7, { library: 'nats', method: 'JetStreamClient#publish', kind: 'message', dedup: 'unknown', option: 'msgID', payloads: ['event'], label: 'js.publish' }),
      ],
    },
    {
      name: 'NATS clients known by their annotations: JetStreamClient and NatsConnection',
      code: `import type { JetStreamClient, NatsConnection } from 'nats';
export async function forward(client: JetStreamClient, nc: NatsConnection, data: Uint8Array) {
  await client.publish('events.raw', data);
  nc.publish('events.raw', data);
}`,
      errors: [
        enqueue(3, 9, { library: 'nats', method: 'JetStreamClient#publish', kind: 'message', dedup: 'missing', option: 'msgID', payloads: ['data'], label: 'client.publish' }),
        enqueue(4, 3, { library: 'nats', method: 'NatsConnection#publish', kind: 'message', dedup: 'not-applicable', option: 'msgID', payloads: ['data'], label: 'nc.publish' }),
      ],
    },
    {
      name: 'amqplib publish and sendToQueue: RabbitMQ does not deduplicate',
      code: `import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
channel.publish('orders', 'order.created', Buffer.from(JSON.stringify({ orderId, total })));
channel.sendToQueue('emails', Buffer.from(JSON.stringify(email)), { persistent: true });`,
      errors: [
        enqueue(4, 1, {
          library: 'amqplib',
          method: 'Channel#publish',
          kind: 'message',
          dedup: 'not-applicable',
          option: 'messageId',
          payloads: ['{ orderId, total }'],
          label: 'channel.publish',
        }),
        enqueue(5, 1, { library: 'amqplib', method: 'Channel#sendToQueue', kind: 'message', dedup: 'not-applicable', option: 'messageId', payloads: ['email'], label: 'channel.sendToQueue' }),
      ],
    },
    {
      name: 'kafkajs send and sendBatch: each message value',
      code: `import { Kafka } from 'kafkajs';
const kafka = new Kafka({ brokers: ['localhost:9092'] });
const producer = kafka.producer();
await producer.send({ topic: 'events', messages: [{ key: userId, value: JSON.stringify({ userId, type }) }] });
await producer.sendBatch({ topicMessages: [{ topic: 'a', messages: rows.map((row) => ({ value: JSON.stringify(row) })) }] });`,
      errors: [
        enqueue(4, 7, { library: 'kafkajs', method: 'Producer#send', kind: 'message', dedup: 'not-applicable', option: 'key', payloads: ['{ userId, type }'], label: 'producer.send' }),
        enqueue(5, 7, { library: 'kafkajs', method: 'Producer#sendBatch', kind: 'message', dedup: 'not-applicable', option: 'key', payloads: ['row'], label: 'producer.sendBatch' }),
      ],
    },
    {
      name: 'kafkajs messages chosen by a conditional (both branches), on a producer known by its annotation',
      code: `import type { Producer } from 'kafkajs';
let producer: Producer;
await producer.send({ topic, messages: Array.isArray(m) ? m.map((a) => ({ value: JSON.stringify(a) })) : [{ value: JSON.stringify(m) }] });`,
      errors: [enqueue(3, 7, { library: 'kafkajs', method: 'Producer#send', kind: 'message', dedup: 'not-applicable', option: 'key', payloads: ['a', 'm'], label: 'producer.send' })],
    },
    {
      name: 'SQS: standard queue, FIFO literal url, group id with an unknown url, dedup id, a command sent later',
      code: `import { SQSClient, SendMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
await sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify({ orderId }) }));
await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/orders.fifo', MessageGroupId: orderId, MessageBody: body }));
await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageGroupId: orderId, MessageBody: body }));
await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageGroupId: orderId, MessageDeduplicationId: orderId, MessageBody: body }));
const command = new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: '1', MessageBody: JSON.stringify({ token }) }] });
await sqs.send(command);`,
      errors: [
        enqueue(3, 7, {
          library: 'sqs',
          method: 'SendMessageCommand',
          kind: 'message',
          dedup: 'not-applicable',
          option: 'MessageDeduplicationId',
          payloads: ['{ orderId }'],
          label: 'sqs.send(new SendMessageCommand(…))',
        }),
        enqueue(4, 7, {
          library: 'sqs',
          method: 'SendMessageCommand',
          kind: 'message',
          dedup: 'missing',
          option: 'MessageDeduplicationId',
          payloads: ['body'],
          label: 'sqs.send(new SendMessageCommand(…))',
        }),
        enqueue(5, 7, {
          library: 'sqs',
          method: 'SendMessageCommand',
          kind: 'message',
          dedup: 'unknown',
          option: 'MessageDeduplicationId',
          payloads: ['body'],
          label: 'sqs.send(new SendMessageCommand(…))',
        }),
        enqueue(6, 7, {
          library: 'sqs',
          method: 'SendMessageCommand',
          kind: 'message',
          dedup: 'present',
          option: 'MessageDeduplicationId',
          payloads: ['body'],
          label: 'sqs.send(new SendMessageCommand(…))',
        }),
        enqueue(7, 17, {
          library: 'sqs',
          method: 'SendMessageBatchCommand',
          kind: 'message',
          dedup: 'not-applicable',
          option: 'MessageDeduplicationId',
          payloads: ['{ token }'],
          label: 'new SendMessageBatchCommand(…)',
        }),
      ],
    },
    {
      name: 'AWS SDK v2 sendMessage',
      code: `import AWS from 'aws-sdk';
const sqs = new AWS.SQS();
await sqs.sendMessage({ QueueUrl: url, MessageBody: JSON.stringify(order) }).promise();`,
      errors: [
        enqueue(3, 7, { library: 'sqs', method: 'SQS#sendMessage', kind: 'message', dedup: 'not-applicable', option: 'MessageDeduplicationId', payloads: ['order'], label: 'sqs.sendMessage' }),
      ],
    },
    {
      name: 'Inngest send: an event id deduplicates; without one the function may still',
      code: `import { Inngest } from 'inngest';
const inngest = new Inngest({ id: 'app' });
await inngest.send({ name: 'app/user.signup', data: { userId } });
await inngest.send([{ name: 'app/invoice.paid', id: invoiceId, data: { invoiceId } }]);`,
      errors: [
        enqueue(3, 7, { library: 'inngest', method: 'Inngest#send', kind: 'message', dedup: 'unknown', option: 'id', payloads: ['{ userId }'], label: 'inngest.send' }),
        enqueue(4, 7, { library: 'inngest', method: 'Inngest#send', kind: 'message', dedup: 'present', option: 'id', payloads: ['{ invoiceId }'], label: 'inngest.send' }),
      ],
    },
    {
      name: 'require() bindings',
      code: `const { Queue } = require('bullmq');
const queue = new Queue('mail');
queue.add('welcome', { userId });`,
      errors: [enqueue(3, 1, { library: 'bullmq', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ['{ userId }'], label: 'queue.add' })],
    },
  ],
});

// ---------------------------------------------------------------------------
// With types: the fixture's exported queues (tests/fixture/queues-jobs.ts)

const queuesModule = path.join(fixtureDir, 'queues-jobs');
const customSettings = { pitfalls: { enqueues: [{ module: queuesModule, name: 'enqueue', argument: 1 }] } };

typedRuleTester().run('enqueueCallOf with types', reportEnqueues, {
  valid: [
    {
      name: 'a project wrapper named like a queue: resolved to the project, not judged',
      code: `import { jobs } from './queues-jobs.js';
await jobs.add('generate', { userId: 'u1' });`,
    },
    {
      name: 'a project function without settings',
      code: `import { enqueue } from './queues-jobs.js';
await enqueue('generate', { userId: 'u1' });`,
    },
    {
      name: 'Set#add resolves to the standard library',
      code: `const ids = new Set<string>();
ids.add('a');`,
    },
    {
      name: 'a JetStream consumer and a stream manager',
      code: `import type { JetStreamManager } from 'nats';
declare const jsm: JetStreamManager;
await jsm.streams.add({ name: 'events', subjects: ['events.>'] });`,
    },
  ],
  invalid: [
    {
      name: 'an imported BullMQ queue',
      code: `import { briefingQueue } from './queues-jobs.js';
await briefingQueue.add('generate', { userId: 'u1', pluginId: 'p1' });`,
      errors: [
        enqueue(2, 7, { library: 'bullmq', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ["{ userId: 'u1', pluginId: 'p1' }"], label: 'briefingQueue.add' }),
      ],
    },
    {
      name: 'a Bull queue with a job name held in a variable typed string',
      code: `import { mailQueue } from './queues-jobs.js';
const template = 'welcome';
await mailQueue.add(template, { to: 'a@example.com', template });`,
      errors: [
        enqueue(3, 7, { library: 'bull', method: 'Queue#add', dedup: 'missing', option: 'jobId', payloads: ["{ to: 'a@example.com', template }"], label: 'mailQueue.add' }),
      ],
    },
    {
      name: 'JetStream publish through the JetStreamClient type, core publish through NatsConnection',
      code: `import type { JetStreamClient, NatsConnection } from 'nats';
export async function forward(bus: JetStreamClient, nc: NatsConnection, data: Uint8Array) {
  await bus.publish('events.raw', data);
  nc.publish('events.raw', data);
}`,
      errors: [
        enqueue(3, 9, { library: 'nats', method: 'JetStreamClient#publish', kind: 'message', dedup: 'missing', option: 'msgID', payloads: ['data'], label: 'bus.publish' }),
        enqueue(4, 3, { library: 'nats', method: 'NatsConnection#publish', kind: 'message', dedup: 'not-applicable', option: 'msgID', payloads: ['data'], label: 'nc.publish' }),
      ],
    },
    {
      name: 'an SQS client exported by another module',
      code: `import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { sqs } from './queues-jobs.js';
await sqs.send(new SendMessageCommand({ QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/orders.fifo', MessageGroupId: 'o1', MessageBody: '{}' }));`,
      errors: [
        enqueue(3, 7, {
          library: 'sqs',
          method: 'SendMessageCommand',
          kind: 'message',
          dedup: 'missing',
          option: 'MessageDeduplicationId',
          payloads: ["'{}'"],
          label: 'sqs.send(new SendMessageCommand(…))',
        }),
      ],
    },
    {
      name: 'pg-boss and kafkajs instances exported by another module',
      code: `import { boss, producer } from './queues-jobs.js';
await boss.send('export', { userId: 'u1' });
await producer.send({ topic: 'events', messages: [{ value: JSON.stringify({ userId: 'u1' }) }] });`,
      errors: [
        enqueue(2, 7, { library: 'pg-boss', method: 'PgBoss#send', dedup: 'missing', option: 'singletonKey', payloads: ["{ userId: 'u1' }"], label: 'boss.send' }),
        enqueue(3, 7, {
          library: 'kafkajs',
          method: 'Producer#send',
          kind: 'message',
          dedup: 'not-applicable',
          option: 'key',
          payloads: ["{ userId: 'u1' }"],
          label: 'producer.send',
        }),
      ],
    },
    {
      name: 'an in-house enqueue named in settings.pitfalls.enqueues',
      settings: customSettings,
      code: `import { enqueue } from './queues-jobs.js';
await enqueue('generate', { userId: 'u1' });`,
      errors: [enqueue(2, 7, { library: 'custom', method: `${queuesModule}#enqueue`, dedup: 'unknown', option: 'jobId', payloads: ["{ userId: 'u1' }"], label: 'enqueue' })],
    },
    {
      name: 'a FlowProducer exported by another module',
      code: `import { flows } from './queues-jobs.js';
await flows.add({ name: 'render', queueName: 'renders', data: { videoId: 'v1' }, opts: { jobId: 'render:v1' } });`,
      errors: [enqueue(2, 7, { library: 'bullmq', method: 'FlowProducer#add', dedup: 'present', option: 'jobId', payloads: ["{ videoId: 'v1' }"], label: 'flows.add' })],
    },
  ],
});
