import type { TSESTree } from '@typescript-eslint/utils';
import { ackCallOf, messageHandlerOf, perMessageReachOf } from '../../src/knowledge/consumers.js';
import { isFunctionLike } from '../../src/knowledge/handlers.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rule: reports every message handler messageHandlerOf accepts (with
// its library and message binding), every call ackCallOf accepts (with its
// library and kind), and, with types, every function perMessageReachOf says
// runs per message (with the chain that gets there).
const reportConsumers = createRule({
  name: 'report-consumers',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['jobs'], seed: 'test' },
    messages: {
      handler: 'handler {{library}} {{message}}',
      ack: 'ack {{library}} {{kind}} {{label}}',
      reach: 'reach {{chain}} from {{file}}:{{line}}',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const checkHandler = (node: TSESTree.Node) => {
      if (!isFunctionLike(node) && node.type !== 'ForOfStatement') return;
      const found = messageHandlerOf(node, context);
      if (found) {
        context.report({ node, messageId: 'handler', data: { library: found.library, message: found.messageName ?? '-' } });
      }
      if (isFunctionLike(node)) {
        const reach = perMessageReachOf(node, context);
        if (reach) {
          context.report({ node, messageId: 'reach', data: { chain: reach.chain.join(' > '), file: reach.file, line: reach.line } });
        }
      }
    };
    return {
      ArrowFunctionExpression: checkHandler,
      FunctionExpression: checkHandler,
      FunctionDeclaration: checkHandler,
      ForOfStatement: checkHandler,
      CallExpression(node) {
        const ack = ackCallOf(node, context);
        if (ack) context.report({ node, messageId: 'ack', data: { library: ack.library, kind: ack.kind, label: ack.label } });
      },
    };
  },
});

const handler = (library: string, message = '-', line?: number) => ({
  messageId: 'handler' as const,
  data: { library, message },
  ...(line ? { line } : {}),
});
const ack = (library: string, kind: string, label: string, line?: number) => ({
  messageId: 'ack' as const,
  data: { library, kind, label },
  ...(line ? { line } : {}),
});

untypedRuleTester().run('consumers knowledge without types', reportConsumers, {
  valid: [
    {
      name: 'an array loop and array callbacks are not message handlers',
      code: `
const users = await loadUsers();
for (const user of users) await notify(user);
users.forEach((user) => console.log(user.id));
`,
    },
    {
      name: 'an Express handler and a Node event emitter are not consumers',
      code: `
import express from 'express';
import { EventEmitter } from 'node:events';
const app = express();
app.post('/events', async (req, res) => { res.sendStatus(202); });
const bus = new EventEmitter();
bus.on('message', (payload) => console.log(payload));
`,
    },
    {
      name: 'ack and nak on a value that is not a consumed message',
      code: `
import { connect } from 'nats';
const ackQueue = [];
ackQueue.ack?.();
socket.ack(frame);
protocol.nak(packet);
`,
    },
    {
      name: 'consume and process on unknown receivers, without the library imported',
      code: `
channel.consume('jobs', (msg) => handle(msg));
queue.process(async (job) => run(job));
postcss(plugins).process(css, { from: file });
`,
    },
    {
      name: 'a worker_threads Worker is not a BullMQ worker',
      code: `
import { Worker } from 'node:worker_threads';
new Worker('./thumbnail.js', { workerData: { id } });
`,
    },
    {
      name: 'a NestJS-looking decorator from another package',
      code: `
import { EventPattern } from '@acme/events';
class Listener {
  @EventPattern('user.created')
  handle(data) {}
}
`,
    },
    {
      name: 'res.send and a send of a non-SQS command',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { PublishCommand } from '@aws-sdk/client-sns';
const sqs = new SQSClient({});
await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: '{}' }));
await sns.send(new PublishCommand({ TopicArn: arn, Message: '{}' }));
res.send('ok');
`,
    },
    {
      name: 'a DeleteMessageCommand that is not imported from the SQS client',
      code: `
await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: handle }));
`,
    },
    {
      name: 'commitOffsets without kafkajs, and a destructured resolveOffset outside a kafkajs handler',
      code: `
await consumer.commitOffsets([{ topic, partition, offset }]);
function apply({ resolveOffset }) { resolveOffset('1'); }
`,
    },
    {
      name: 'a run() without kafkajs handlers, and a message listener on a WebSocket',
      code: `
await pipeline.run({ tasks, concurrency: 4 });
socket.on('message', (data) => console.log(data));
`,
    },
    {
      name: 'acks in a nats/amqplib file on values that are not a handler message',
      code: `
import { connect } from 'nats';
import amqp from 'amqplib';
const pending = createTracker();
pending.ack();
function settle(ch, delivery) { ch.ack(delivery); }
`,
    },
    {
      name: 'a Messages array that is not a received SQS result, and messages of a non-kafkajs batch',
      code: `
import { SQSClient } from '@aws-sdk/client-sqs';
const data = await fetchInbox();
for (const message of data.Messages) console.log(message);
const batch = await mailbox.nextBatch();
for (const message of batch.messages) console.log(message);
`,
    },
  ],
  invalid: [
    {
      name: 'NATS core subscription: callback and for-await loop, with acks on the message',
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: 'nats://localhost:4222' });
nc.subscribe('orders.created', {
  callback: (err, msg) => {
    if (err) return;
    handle(msg);
  },
});
const sub = nc.subscribe('audit.>');
for await (const m of sub) {
  await store(m);
}
`,
      errors: [handler('nats', 'msg', 5), handler('nats', 'm', 11)],
    },
    {
      name: 'JetStream consume() iterated, and consume({ callback })',
      code: `
import { connect, AckPolicy } from 'nats';
async function run(js) {
  const consumer = await js.consumers.get('EVENTS', 'warehouse');
  const messages = await consumer.consume({ max_messages: 100 });
  for await (const m of messages) {
    m.working();
    await sink.add(m.json());
    m.ack();
  }
  await consumer.consume({ callback: (m) => { m.nak(5000); } });
  for await (const m of await consumer.fetch({ max_messages: 10 })) {
    m.term('poison');
  }
}
`,
      errors: [
        handler('nats', 'm', 6),
        ack('nats', 'working', 'm.working()', 7),
        ack('nats', 'ack', 'm.ack()', 9),
        handler('nats', 'm', 11),
        ack('nats', 'nak', 'm.nak()', 11),
        handler('nats', 'm', 12),
        ack('nats', 'term', 'm.term()', 13),
      ],
    },
    {
      name: 'a function parameter annotated with a NATS subscription type',
      code: `
import type { Subscription, JsMsg } from 'nats';
export async function drain(sub: Subscription) {
  for await (const msg of sub) console.log(msg.subject);
}
export function settle(m: JsMsg) { m.ackAck(); }
`,
      errors: [handler('nats', 'msg', 4), handler('nats', 'm', 6), ack('nats', 'ack', 'm.ackAck()', 6)],
    },
    {
      name: 'amqplib consume callback with channel.ack / nack / reject',
      code: `
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
await channel.consume('emails', async (msg) => {
  if (!msg) return;
  try {
    await send(JSON.parse(msg.content.toString()));
    channel.ack(msg);
  } catch {
    channel.nack(msg, false, false);
  }
});
channel.reject(other, false);
`,
      errors: [
        handler('amqplib', 'msg', 5),
        ack('amqplib', 'ack', 'channel.ack()', 9),
        ack('amqplib', 'nack', 'channel.nack()', 11),
        // \`channel\` is bound through \`amqp.connect()\`: the import says it is amqplib's.
        ack('amqplib', 'reject', 'channel.reject()', 14),
      ],
    },
    {
      name: 'kafkajs eachMessage and eachBatch with payload helpers',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'billing' });
await consumer.run({
  eachMessage: async ({ topic, partition, message }) => {
    await bill(message);
    await consumer.commitOffsets([{ topic, partition, offset: message.offset }]);
  },
});
await consumer.run({
  eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
    for (const message of batch.messages) {
      await bill(message);
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});
`,
      errors: [
        handler('kafkajs', 'message', 5),
        ack('kafkajs', 'commit', 'consumer.commitOffsets()', 7),
        handler('kafkajs', '-', 11),
        handler('kafkajs', 'message', 12),
        ack('kafkajs', 'commit', 'resolveOffset()', 14),
        ack('kafkajs', 'working', 'heartbeat()', 15),
      ],
    },
    {
      name: 'kafkajs eachBatch payload used without destructuring',
      code: `
consumer.run({
  eachBatch: async (payload) => {
    for (const message of payload.batch.messages) {
      payload.resolveOffset(message.offset);
    }
  },
});
`,
      errors: [handler('kafkajs', '-', 3), handler('kafkajs', 'message', 4), ack('kafkajs', 'commit', 'payload.resolveOffset()', 5)],
    },
    {
      name: 'SQS receive loop with DeleteMessageCommand, inline and through a const',
      code: `
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand, ChangeMessageVisibilityCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({ region: 'eu-west-1' });
export async function poll(queueUrl) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
  for (const message of Messages ?? []) {
    await handle(JSON.parse(message.Body));
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
  const response = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
  await Promise.all((response.Messages || []).map(async (message) => {
    const command = new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle, VisibilityTimeout: 0 });
    await sqs.send(command);
  }));
}
`,
      errors: [
        handler('sqs', 'message', 6),
        ack('sqs', 'delete', 'sqs.send(new DeleteMessageCommand(…))', 8),
        handler('sqs', 'message', 11),
        ack('sqs', 'nak', 'sqs.send()', 13),
      ],
    },
    {
      name: 'SQS v2 receiveMessage().promise() and deleteMessage',
      code: `
const AWS = require('aws-sdk');
const sqs = new AWS.SQS();
async function poll() {
  const data = await sqs.receiveMessage({ QueueUrl }).promise();
  for (const message of data.Messages || []) {
    await sqs.deleteMessage({ QueueUrl, ReceiptHandle: message.ReceiptHandle }).promise();
  }
}
`,
      errors: [handler('sqs', 'message', 6), ack('sqs', 'delete', 'sqs.deleteMessage()', 7)],
    },
    {
      name: 'BullMQ Worker, Bull process (also through a wrapper) and pg-boss work',
      code: `
import { Worker } from 'bullmq';
import Queue from 'bull';
import PgBoss from 'pg-boss';
new Worker('emails', async (job) => { await send(job.data); }, { connection });
const queue = new Queue('thumbnails');
queue.process(5, async (job) => resize(job.data));
queue.process('pdf', trace({ name: 'pdf' })(async function (job) { await render(job.data); }));
const boss = new PgBoss(url);
await boss.work('reports', async ([job]) => build(job.data));
`,
      errors: [handler('bullmq', 'job', 5), handler('bull', 'job', 7), handler('bull', 'job', 8), handler('pg-boss', 'job', 10)],
    },
    {
      name: 'NestJS message handlers and queue processors, and a NestJS RMQ manual ack',
      code: `
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Processor, WorkerHost } from '@nestjs/bullmq';
@Controller()
export class OrdersListener {
  @EventPattern('order.created')
  async created(@Payload() order, @Ctx() context) {
    const channel = context.getChannelRef();
    await this.orders.record(order);
    channel.ack(context.getMessage());
  }
  @MessagePattern({ cmd: 'sum' })
  sum(data) { return data.reduce((a, b) => a + b, 0); }
}
@Processor('audio')
export class AudioConsumer extends WorkerHost {
  async process(job) { await transcode(job.data); }
}
`,
      errors: [
        handler('@nestjs/microservices', 'order', 8),
        ack('amqplib', 'ack', 'channel.ack()', 11),
        handler('@nestjs/microservices', 'data', 14),
        handler('bullmq', 'job', 18),
      ],
    },
    {
      name: 'Pub/Sub subscription listener with message.ack and nack',
      code: `
import { PubSub } from '@google-cloud/pubsub';
const subscription = new PubSub().subscription('events-sub');
subscription.on('message', async (message) => {
  try { await handle(message.data); message.ack(); } catch { message.nack(); }
});
`,
      errors: [handler('@google-cloud/pubsub', 'message', 4), ack('@google-cloud/pubsub', 'ack', 'message.ack()', 5), ack('@google-cloud/pubsub', 'nack', 'message.nack()', 5)],
    },
    {
      name: 'dead-letter helpers and settings.pitfalls.messageAcks',
      code: `
import { settle } from '@acme/queue';
await deadLetter(js, 'reactions', m, err);
await this.dlqQueue.add('failed', payload);
settle(message);
`,
      settings: { pitfalls: { messageAcks: [{ module: '@acme/queue', name: 'settle' }] } },
      errors: [
        ack('project', 'dead-letter', 'deadLetter()', 3),
        ack('project', 'dead-letter', 'this.dlqQueue.add()', 4),
        ack('project', 'ack', 'settle()', 5),
      ],
    },
  ],
});

typedRuleTester().run('consumers knowledge with types', reportConsumers, {
  valid: [
    {
      name: 'ack methods on a project class are not broker acks',
      code: `
class Tracker { ack(): void {} nak(): void {} }
const tracker = new Tracker();
tracker.ack();
tracker.nak();
export {};
`,
    },
    {
      name: 'a project queue class with consume and process methods',
      code: `
import type { JetStreamClient } from 'nats';
class LocalQueue { consume(name: string, fn: (item: string) => void) { fn(name); } process(fn: (item: string) => void) { fn('x'); } }
const queue = new LocalQueue();
queue.consume('jobs', (item) => console.log(item));
queue.process((item) => console.log(item));
export type { JetStreamClient };
`,
    },
    {
      name: 'a worker_threads Worker and an EventEmitter message listener, typed',
      code: `
import { Worker } from 'node:worker_threads';
import { EventEmitter } from 'node:events';
const worker = new Worker('./resize.js', { workerData: { id: 1 } });
worker.on('message', (result: unknown) => console.log(result));
new EventEmitter().on('message', (payload: string) => console.log(payload));
`,
    },
    {
      name: 'a loop over strings in a file that imports nats',
      code: `
import type { JetStreamClient } from 'nats';
export async function publishAll(js: JetStreamClient, subjects: string[]) {
  for (const subject of subjects) await js.publish(subject);
}
`,
    },
  ],
  invalid: [
    {
      name: 'JetStream consume loop typed through the declarations, with a reached project function',
      code: `
import type { JetStreamClient } from 'nats';
import { ConsumersEngine } from './consumers-engine.js';
export async function run(js: JetStreamClient, engine: ConsumersEngine) {
  const consumer = await js.consumers.get('EVENTS', 'reactions');
  const messages = await consumer.consume();
  for await (const m of messages) {
    await engine.handle(m.json());
    m.ack();
  }
}
`,
      errors: [handler('nats', 'm', 7), ack('nats', 'ack', 'm.ack()', 9)],
    },
    {
      name: 'a function that the consumer loop calls runs per message',
      code: `
import type { JsMsg, JetStreamClient } from 'nats';
export async function run(js: JetStreamClient) {
  const messages = await (await js.consumers.get('EVENTS', 'audit')).consume();
  for await (const m of messages) await record(m.subject);
}
async function record(subject: string) { await write(subject); }
async function write(subject: string) { console.log(subject); }
export function ackLater(m: JsMsg) { setTimeout(() => m.ack(), 10); }
`,
      errors: [
        handler('nats', 'm', 5),
        { messageId: 'reach', data: { chain: 'record', file: 'file.ts', line: 5 }, line: 7 },
        { messageId: 'reach', data: { chain: 'record > write', file: 'file.ts', line: 5 }, line: 8 },
        handler('nats', 'm', 9),
        ack('nats', 'ack', 'm.ack()', 9),
      ],
    },
    {
      name: 'typed amqplib, kafkajs and SQS handlers whatever their variables are called',
      code: `
import type { Channel, ConsumeMessage } from 'amqplib';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { SQSClient, ReceiveMessageCommand, DeleteMessageBatchCommand } from '@aws-sdk/client-sqs';
export async function amqp(ch: Channel) {
  await ch.consume('q', (delivery) => { if (delivery) ch.ack(delivery); });
}
export async function kafka(c: Consumer) {
  await c.run({ eachMessage: async (payload: EachMessagePayload) => { await payload.heartbeat(); } });
}
export async function sqs(client: SQSClient, url: string) {
  const out = await client.send(new ReceiveMessageCommand({ QueueUrl: url }));
  for (const received of out.Messages ?? []) console.log(received.Body);
  await client.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: [] }));
}
`,
      errors: [
        handler('amqplib', 'delivery', 6),
        ack('amqplib', 'ack', 'ch.ack()', 6),
        handler('kafkajs', '-', 9),
        ack('kafkajs', 'working', 'payload.heartbeat()', 9),
        handler('sqs', 'received', 13),
        ack('sqs', 'delete', 'client.send(new DeleteMessageBatchCommand(…))', 14),
      ],
    },
    {
      name: 'BullMQ and Bull jobs typed through their declarations',
      code: `
import { Worker, type Job } from 'bullmq';
import type { Queue } from 'bull';
export function start(queue: Queue<{ id: string }>) {
  new Worker('emails', async (job: Job) => job.data, { connection: {} });
  void queue.process(async (job) => job.data.id);
}
`,
      errors: [handler('bullmq', 'job', 5), handler('bull', 'job', 6)],
    },
  ],
});
