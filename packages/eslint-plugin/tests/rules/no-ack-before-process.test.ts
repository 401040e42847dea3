import rule from '../../src/rules/no-ack-before-process.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const NATS_RETRY = '`m.nak(delayMs)` to have it redelivered later, or dead-letter it and `m.term()` it';
const AMQP_RETRY = '`channel.nack(msg)` to requeue it, or with `requeue: false` to route it to a dead-letter exchange';
const KAFKA_RETRY =
  'let the error propagate so kafkajs retries from the last committed offset, or publish the message to a dead-letter topic before committing';
const SQS_RETRY =
  "leave it undeleted, so it comes back after the visibility timeout and the queue's redrive policy dead-letters it after `maxReceiveCount` tries";

untypedRuleTester().run('no-ack-before-process (untyped)', rule, {
  valid: [
    {
      name: 'NATS: ack at the end of try, nak with a delay in catch, term and dead-letter poison messages',
      code: `
import { connect } from 'nats';
import { deadLetter } from './dead-letter';

export async function runReactions(js, engine) {
  const consumer = await js.consumers.get('EVENTS', 'reactions');
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const m of messages) {
    const decoded = decodeEvent(m.data);
    if (!decoded.ok) {
      await deadLetter(js, 'reactions', m, decoded.error);
      m.term('malformed event');
      continue;
    }
    try {
      await engine.handle(decoded.event);
      m.ack();
    } catch (err) {
      logger.warn({ err, seq: m.seq }, 'reaction failed, will retry');
      m.nak(5_000);
    }
  }
}
`,
    },
    {
      name: 'NATS: an undecodable message acked in an early-return branch is a deliberate drop',
      code: `
import { connect, JSONCodec } from 'nats';
const jc = JSONCodec();
const nc = await connect();
const sub = nc.subscribe('audit.events');
for await (const m of sub) {
  const event = safeDecode(m.data);
  if (!event) {
    logger.warn({ subject: m.subject }, 'dropping undecodable event');
    m.ack();
    continue;
  }
  await auditLog.insert(event);
  m.ack();
}
`,
    },
    {
      name: 'NATS: an ack in catch when the try block only decodes',
      code: `
import { connect, StringCodec } from 'nats';
const sc = StringCodec();
export async function consume(consumer, store) {
  for await (const m of await consumer.consume()) {
    let payload;
    try {
      payload = JSON.parse(sc.decode(m.data));
    } catch (err) {
      logger.warn({ err, seq: m.seq }, 'invalid JSON, dropping');
      m.ack();
      continue;
    }
    await store.save(payload);
    m.ack();
  }
}
`,
    },
    {
      name: 'NATS: working() heartbeats before long processing, ack after it',
      code: `
import { connect } from 'nats';
export async function transcode(consumer) {
  const messages = await consumer.consume();
  for await (const m of messages) {
    const timer = setInterval(() => m.working(), 10_000);
    try {
      await ffmpeg(m.json());
      m.ack();
    } catch {
      m.nak(30_000);
    } finally {
      clearInterval(timer);
    }
  }
}
`,
    },
    {
      name: 'NATS request-reply: ack then respond on the message itself',
      code: `
import { connect } from 'nats';
export async function serve(consumer) {
  for await (const m of await consumer.consume()) {
    const result = await lookup(m.json());
    m.ack();
    m.respond(JSON.stringify(result));
    metrics.increment('lookups');
    logger.debug({ subject: m.subject }, 'answered');
  }
}
`,
    },
    {
      name: 'NATS: ack in finally when the catch naks, or dead-letters the message',
      code: `
import { connect } from 'nats';
export async function run(consumer, js) {
  for await (const m of await consumer.consume()) {
    try {
      await apply(m.json());
    } catch (err) {
      await js.publish('events.dlq', m.data, { headers: m.headers });
    } finally {
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'NATS: ack in catch after republishing to a retry subject, and a conditional give-up ack',
      code: `
import { connect } from 'nats';
export async function run(consumer, js) {
  for await (const m of await consumer.consume()) {
    try {
      await apply(m.json());
      m.ack();
    } catch (err) {
      if (m.info.redeliveryCount >= 5) {
        logger.error({ err }, 'giving up');
        m.ack();
      }
    }
  }
  for await (const m of await consumer.consume()) {
    try {
      await apply(m.json());
      m.ack();
    } catch (err) {
      await js.publish('events.retry', m.data);
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'NATS: ack in finally when the try block does no processing, and a guarded ack in finally',
      code: `
import { connect } from 'nats';
export async function run(consumer) {
  for await (const m of await consumer.consume()) {
    try {
      logger.info({ subject: m.subject }, 'heartbeat');
    } finally {
      m.ack();
    }
  }
  for await (const m of await consumer.consume()) {
    let handled = false;
    try {
      await apply(m.json());
      handled = true;
    } catch (err) {
      logger.error({ err }, 'apply failed');
    } finally {
      if (handled) m.ack();
    }
  }
}
`,
    },
    {
      name: 'amqplib: ack after the work, nack in catch, reject poison messages',
      code: `
import amqp from 'amqplib';
const connection = await amqp.connect(process.env.AMQP_URL);
const channel = await connection.createChannel();
await channel.prefetch(10);
await channel.consume('emails', async (msg) => {
  if (!msg) return;
  let job;
  try {
    job = JSON.parse(msg.content.toString());
  } catch {
    channel.reject(msg, false);
    return;
  }
  try {
    await mailer.send(job);
    channel.ack(msg);
  } catch (err) {
    logger.error({ err, jobId: job.id }, 'send failed');
    channel.nack(msg, false, true);
  }
});
`,
    },
    {
      name: 'kafkajs: autoCommit with no explicit commit, and resolveOffset after processing in eachBatch',
      code: `
import { Kafka } from 'kafkajs';
const kafka = new Kafka({ clientId: 'billing', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'billing' });
await consumer.run({
  eachMessage: async ({ message }) => {
    await charge(JSON.parse(message.value.toString()));
  },
});
await consumer.run({
  eachBatchAutoResolve: false,
  eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning }) => {
    for (const message of batch.messages) {
      if (!isRunning()) break;
      await charge(JSON.parse(message.value.toString()));
      resolveOffset(message.offset);
      await heartbeat();
    }
  },
});
`,
    },
    {
      name: 'kafkajs: commitOffsets after the work succeeded',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'ledger', allowAutoTopicCreation: false });
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    await ledger.append(message);
    await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
  },
});
`,
    },
    {
      name: 'SQS: delete after processing; a duplicate deleted in an early-return branch',
      code: `
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({});
const QUEUE_URL = process.env.QUEUE_URL;
export async function poll() {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
  for (const message of Messages ?? []) {
    const order = JSON.parse(message.Body);
    if (await seen(order.id)) {
      await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle }));
      continue;
    }
    await fulfil(order);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle }));
    logger.info({ id: order.id }, 'fulfilled');
  }
}
`,
    },
    {
      name: 'acks on values that are not consumed messages',
      code: `
const tracker = createTracker();
tracker.ack();
await save(tracker);
protocol.ack(packet);
await flush(packet);
`,
    },
    {
      name: 'odd code: computed members, optional calls and any receivers do not crash',
      code: `
import { connect } from 'nats';
const m: any = next();
m?.['ack']?.();
(m as any).ack?.();
for await (const { data } of await consumer.consume()) { void data; }
try { await work(); } finally { (void 0)?.ack(); }
`,
    },
    {
      name: 'an ack after a try/catch whose catch leaves the handler or naks',
      code: `
import { connect } from 'nats';
export async function run(consumer) {
  for await (const m of await consumer.consume()) {
    try {
      await apply(m.json());
    } catch (err) {
      logger.error({ err }, 'apply failed, redelivering');
      m.nak(10_000);
      continue;
    }
    m.ack();
  }
  for await (const m of await consumer.consume()) {
    try {
      await apply(m.json());
    } catch (err) {
      throw new Error('apply failed', { cause: err });
    }
    m.ack();
  }
}
`,
    },
    {
      name: 'a best-effort step in its own try/catch before the work and the ack',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();
await channel.consume('profile-updates', async (msg) => {
  if (!msg) return;
  const update = JSON.parse(msg.content.toString());
  try {
    await cache.evictAll();
  } catch (err) {
    console.warn('cache eviction failed', err);
  }
  await profiles.apply(update);
  channel.ack(msg);
});
`,
    },
    {
      name: 'a batch acked after its insert, nak on failure',
      code: `
import type { JsMsg } from 'nats';
export async function flush(pool, batch: { msg: JsMsg; event: unknown }[]) {
  try {
    await pool.query('INSERT INTO events SELECT * FROM unnest($1::jsonb[])', [batch.map((p) => p.event)]);
  } catch (err) {
    for (const { msg } of batch) msg.nak(5_000);
    return;
  }
  for (const { msg } of batch) msg.ack();
  logger.debug({ events: batch.length }, 'batch written');
}
`,
    },
  ],
  invalid: [
    {
      name: 'NATS: ack in finally after a catch that only logs (Causality reaction consumer)',
      code: `
import type { JetStreamClient } from 'nats';

export async function runReactionConsumer(js: JetStreamClient, stream: string, engine) {
  const consumer = await js.consumers.get(stream, 'reaction-engine');
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const m of messages) {
    try {
      const decoded = decodeEvent(m.data);
      if (!decoded.ok) throw decoded.error;
      await engine.handle(decoded.event);
    } catch (err) {
      logger.error({ err, subject: m.subject }, 'reaction processing failed');
    } finally {
      m.ack();
    }
  }
}
`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 15,
          column: 7,
          endLine: 15,
          endColumn: 14,
          data: { ack: 'm.ack()', call: 'engine.handle()', line: 11, retry: NATS_RETRY },
        },
      ],
    },
    {
      name: 'NATS: ack on receipt, before the sink gets the event (Causality warehouse consumer)',
      code: `
import type { JetStreamClient } from 'nats';

export async function runWarehouseConsumer(js: JetStreamClient, stream: string, sink) {
  const consumer = await js.consumers.get(stream, 'warehouse-sink');
  const messages = await consumer.consume({ max_messages: 1_000 });
  for await (const m of messages) {
    // Acknowledge on receipt so the stream does not redeliver while the batch fills up.
    m.ack();
    const decoded = decodeEvent(m.data);
    if (!decoded.ok) {
      logger.warn({ err: decoded.error }, 'dropping malformed event');
      continue;
    }
    sink.add(decoded.event);
  }
}
`,
      errors: [
        {
          messageId: 'ackBeforeProcessing',
          line: 9,
          column: 5,
          data: { ack: 'm.ack()', call: 'sink.add()', line: 15, retry: NATS_RETRY },
        },
      ],
    },
    {
      name: 'NATS core subscription callback: ack then an awaited store',
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: process.env.NATS_URL });
const js = nc.jetstream();
await js.subscribe('orders.*', {
  config: { durable_name: 'orders' },
  callbackFn: undefined,
});
const opts = consumerOpts();
opts.callback(async (err, m) => {
  if (err) return;
  m.ack();
  await orders.record(m.json());
});
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 12, column: 3, data: { ack: 'm.ack()', call: 'orders.record()', line: 13, retry: NATS_RETRY } }],
    },
    {
      name: 'NATS: ack in catch that rethrows, and ack in finally when the catch rethrows',
      code: `
import { connect } from 'nats';
export async function run(consumer) {
  for await (const m of await consumer.consume()) {
    try {
      await project(m.json());
      m.ack();
    } catch (err) {
      m.ack();
      throw err;
    }
  }
  for await (const m of await consumer.consume()) {
    try {
      await project(m.json());
    } catch (err) {
      logger.error({ err });
      throw err;
    } finally {
      m.ack();
    }
  }
}
`,
      errors: [
        { messageId: 'ackInCatch', line: 9, column: 7, data: { ack: 'm.ack()', call: 'project()', line: 6, retry: NATS_RETRY } },
        { messageId: 'ackInFinally', line: 20, column: 7, data: { ack: 'm.ack()', call: 'project()', line: 15, retry: NATS_RETRY } },
      ],
    },
    {
      name: 'amqplib: ack first, then the awaited send',
      code: `
import amqp from 'amqplib';
const connection = await amqp.connect('amqp://localhost');
const channel = await connection.createChannel();
await channel.consume('emails', async (msg) => {
  if (msg === null) return;
  channel.ack(msg);
  const job = JSON.parse(msg.content.toString());
  await mailer.send(job.to, job.template, job.data);
});
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 7, column: 3, data: { ack: 'channel.ack()', call: 'mailer.send()', line: 9, retry: AMQP_RETRY } }],
    },
    {
      name: 'amqplib: ack after a try/catch that swallowed the failure',
      code: `
import amqp from 'amqplib';
const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();
await channel.consume('emails', async (msg) => {
  if (!msg) return;
  try {
    await mailer.send(JSON.parse(msg.content.toString()));
  } catch (err) {
    console.error('send failed', err);
  }
  channel.ack(msg);
});
`,
      errors: [
        { messageId: 'ackAfterSwallowedError', line: 11, column: 3, endLine: 11, endColumn: 19, data: { ack: 'channel.ack()', call: 'mailer.send()', line: 7, retry: AMQP_RETRY } },
      ],
    },
    {
      name: 'amqplib: ack in catch after logging the failure',
      code: `
const amqp = require('amqplib');
async function start() {
  const connection = await amqp.connect(process.env.AMQP_URL);
  const channel = await connection.createChannel();
  channel.consume('thumbnails', async (msg) => {
    try {
      await resize(JSON.parse(msg.content.toString()));
      channel.ack(msg);
    } catch (err) {
      console.error('resize failed', err);
      channel.ack(msg);
    }
  });
}
`,
      errors: [{ messageId: 'ackInCatch', line: 12, column: 7, data: { ack: 'channel.ack()', call: 'resize()', line: 8, retry: AMQP_RETRY } }],
    },
    {
      name: 'kafkajs: commitOffsets in finally, and resolveOffset before the work in eachBatch',
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'search-indexer' });
await consumer.run({
  autoCommit: false,
  eachMessage: async ({ topic, partition, message }) => {
    try {
      await index(JSON.parse(message.value.toString()));
    } catch (err) {
      logger.error({ err, offset: message.offset }, 'index failed');
    } finally {
      await consumer.commitOffsets([{ topic, partition, offset: (Number(message.offset) + 1).toString() }]);
    }
  },
});
await consumer.run({
  eachBatch: async ({ batch, resolveOffset }) => {
    for (const message of batch.messages) {
      resolveOffset(message.offset);
      await index(JSON.parse(message.value.toString()));
    }
  },
});
`,
      errors: [
        { messageId: 'ackInFinally', line: 12, column: 13, data: { ack: 'consumer.commitOffsets()', call: 'index()', line: 8, retry: KAFKA_RETRY } },
        { messageId: 'ackBeforeProcessing', line: 19, column: 7, data: { ack: 'resolveOffset()', call: 'index()', line: 20, retry: KAFKA_RETRY } },
      ],
    },
    {
      name: 'SQS: delete before processing, and delete in finally',
      code: `
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({ region: 'eu-west-1' });
const QueueUrl = process.env.QUEUE_URL;
export async function poll() {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 20 }));
  for (const message of Messages ?? []) {
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    await handleOrder(JSON.parse(message.Body));
  }
  const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl }));
  for (const message of second.Messages || []) {
    try {
      await handleOrder(JSON.parse(message.Body));
    } finally {
      await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}
`,
      errors: [
        {
          messageId: 'ackBeforeProcessing',
          line: 8,
          column: 11,
          data: { ack: 'sqs.send(new DeleteMessageCommand(…))', call: 'handleOrder()', line: 9, retry: SQS_RETRY },
        },
        {
          messageId: 'ackInFinally',
          line: 16,
          column: 13,
          data: { ack: 'sqs.send(new DeleteMessageCommand(…))', call: 'handleOrder()', line: 14, retry: SQS_RETRY },
        },
      ],
    },
    {
      name: 'NestJS RMQ: manual ack before the service call',
      code: `
import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';

@Controller()
export class InvoicesListener {
  constructor(private readonly invoices) {}

  @EventPattern('invoice.paid')
  async paid(@Payload() data, @Ctx() context) {
    const channel = context.getChannelRef();
    channel.ack(context.getMessage());
    await this.invoices.markPaid(data.invoiceId);
  }
}
`,
      errors: [
        {
          messageId: 'ackBeforeProcessing',
          line: 12,
          column: 5,
          data: {
            ack: 'channel.ack()',
            call: 'this.invoices.markPaid()',
            line: 13,
            retry: '`channel.nack(msg)` to requeue it, or with `requeue: false` to route it to a dead-letter exchange',
          },
        },
      ],
    },
    {
      name: 'Pub/Sub: ack in catch',
      code: `
import { PubSub } from '@google-cloud/pubsub';
const subscription = new PubSub().subscription('signups');
subscription.on('message', async (message) => {
  try {
    await crm.createLead(JSON.parse(message.data.toString()));
    message.ack();
  } catch (err) {
    logger.error(err);
    message.ack();
  }
});
`,
      errors: [
        {
          messageId: 'ackInCatch',
          line: 10,
          column: 5,
          data: {
            ack: 'message.ack()',
            call: 'crm.createLead()',
            line: 6,
            retry: '`message.nack()` to have it redelivered (a dead-letter topic catches repeated failures)',
          },
        },
      ],
    },
    {
      name: 'NATS Streaming listener: ack in finally after a catch that logs',
      code: `
import type { Message } from 'node-nats-streaming';
import { Listener } from '@acme/events';
import { Ticket } from '../models/ticket';

export class TicketCreatedListener extends Listener {
  subject = 'ticket:created';
  queueGroupName = 'orders-service';

  async onMessage(data, msg: Message) {
    const ticket = Ticket.build({ id: data.id, title: data.title, price: data.price });
    try {
      await ticket.save();
    } catch (err) {
      console.log(err);
    } finally {
      msg.ack();
    }
  }
}
`,
      errors: [{ messageId: 'ackInFinally', line: 17, column: 7, data: { ack: 'msg.ack()', call: 'ticket.save()', line: 13, retry: NATS_RETRY } }],
    },
    {
      name: "NATS Streaming on('message'): ack before the order is processed",
      code: `
import nats from 'node-nats-streaming';

const stan = nats.connect('ticketing', 'orders-' + process.pid, { url: 'http://nats-srv:4222' });
stan.on('connect', () => {
  const options = stan.subscriptionOptions().setManualAckMode(true).setDurableName('orders');
  const subscription = stan.subscribe('order:created', 'orders-service', options);
  subscription.on('message', (msg) => {
    msg.ack();
    processOrder(JSON.parse(msg.getData()));
  });
});
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 9, column: 5, data: { ack: 'msg.ack()', call: 'processOrder()', line: 10, retry: NATS_RETRY } }],
    },
    {
      name: 'an in-house ack from settings.pitfalls.messageAcks before the work',
      code: `
import { settle } from '@acme/bus';
import { subscribe } from '@acme/bus';
subscribe('orders', async (envelope) => {
  settle(envelope);
  await fulfil(envelope.payload);
});
`,
      settings: { pitfalls: { messageAcks: [{ module: '@acme/bus', name: 'settle' }] } },
      errors: [
        {
          messageId: 'ackBeforeProcessing',
          line: 5,
          column: 3,
          data: { ack: 'settle()', call: 'fulfil()', line: 6, retry: 'retry it or move it to a dead-letter queue' },
        },
      ],
    },
    {
      name: 'an optional-chained ack (acks in a forEach over a plain array are not known without types)',
      code: `
import { connect } from 'nats';
export async function drain(consumer, sink) {
  const batch = [];
  for await (const m of await consumer.fetch({ max_messages: 100 })) batch.push(m);
  batch.forEach((m) => m.ack());
  await sink.write(batch.map((m) => m.json()));
}
export async function one(consumer) {
  for await (const m of await consumer.consume()) {
    m?.ack();
    await apply(m.json());
  }
}
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 11, column: 5, data: { ack: 'm?.ack()', call: 'apply()', line: 12, retry: NATS_RETRY } }],
    },
  ],
});

typedRuleTester().run('no-ack-before-process (typed)', rule, {
  valid: [
    {
      name: 'typed JetStream consumer: ack after the work, nak in catch (Causality fixed reaction consumer)',
      code: `
import type { JetStreamClient } from 'nats';
declare function handle(event: unknown): Promise<void>;
export async function run(js: JetStreamClient) {
  const consumer = await js.consumers.get('EVENTS', 'reactions');
  const messages = await consumer.consume({ max_messages: 256 });
  for await (const m of messages) {
    try {
      await handle(m.json());
      m.ack();
    } catch {
      m.nak(2_000);
    }
  }
}
`,
    },
    {
      name: 'a project class with ack and commit methods',
      code: `
class Cursor { ack(): void {} commitOffsets(): void {} }
declare function apply(cursor: Cursor): Promise<void>;
export async function step(cursor: Cursor) {
  cursor.ack();
  cursor.commitOffsets();
  await apply(cursor);
}
`,
    },
    {
      name: 'typed kafkajs eachBatch and SQS poller that settle after the work',
      code: `
import type { Consumer } from 'kafkajs';
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
declare function index(value: Buffer | null): Promise<void>;
export async function consume(consumer: Consumer) {
  await consumer.run({
    eachBatchAutoResolve: false,
    eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
      for (const message of batch.messages) {
        await index(message.value);
        resolveOffset(message.offset);
        await heartbeat();
      }
    },
  });
}
export async function poll(client: SQSClient, QueueUrl: string) {
  const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl }));
  for (const message of Messages ?? []) {
    await index(Buffer.from(message.Body ?? ''));
    await client.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
`,
    },
    {
      name: 'typed amqplib: ack at the end, nack in catch',
      code: `
import type { Channel } from 'amqplib';
declare function resize(body: Buffer): Promise<void>;
export async function start(channel: Channel) {
  await channel.consume('thumbnails', async (msg) => {
    if (!msg) return;
    try {
      await resize(msg.content);
      channel.ack(msg);
    } catch {
      channel.nack(msg, false, false);
    }
  });
}
`,
    },
  ],
  invalid: [
    {
      name: 'typed JetStream: ack in finally whatever the receiver is called',
      code: `
import type { JetStreamClient } from 'nats';
declare function handle(event: unknown): Promise<void>;
export async function run(js: JetStreamClient) {
  const messages = await (await js.consumers.get('EVENTS', 'reactions')).consume();
  for await (const delivery of messages) {
    try {
      await handle(delivery.json());
    } catch (err) {
      console.error(err);
    } finally {
      delivery.ack();
    }
  }
}
`,
      errors: [
        {
          messageId: 'ackInFinally',
          line: 12,
          column: 7,
          data: {
            ack: 'delivery.ack()',
            call: 'handle()',
            line: 8,
            retry: NATS_RETRY,
          },
        },
      ],
    },
    {
      name: 'a batch of typed messages acked in a forEach before the insert',
      code: `
import type { JsMsg } from 'nats';
declare function insertAll(rows: unknown[]): Promise<void>;
export async function flush(batch: JsMsg[]) {
  batch.forEach((m) => m.ack());
  await insertAll(batch.map((m) => m.json()));
}
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 5, column: 24, data: { ack: 'm.ack()', call: 'insertAll()', line: 6, retry: NATS_RETRY } }],
    },
    {
      name: 'a helper taking a JsMsg acks before saving',
      code: `
import type { JsMsg } from 'nats';
import { Pool } from 'pg';
const pool = new Pool();
export function store(m: JsMsg) {
  m.ack();
  pool.query('INSERT INTO audit (subject, body) VALUES ($1, $2)', [m.subject, m.string()]);
}
`,
      errors: [{ messageId: 'ackBeforeProcessing', line: 6, column: 3, data: { ack: 'm.ack()', call: 'pool.query()', line: 7, retry: NATS_RETRY } }],
    },
    {
      name: 'typed SQS client and kafkajs consumer passed in as parameters',
      code: `
import { DeleteMessageCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Consumer } from 'kafkajs';
declare function handle(body: string | undefined): Promise<void>;
export async function poll(client: SQSClient, url: string) {
  const result = await client.send(new ReceiveMessageCommand({ QueueUrl: url }));
  for (const msg of result.Messages ?? []) {
    const command = new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: msg.ReceiptHandle });
    await client.send(command);
    await handle(msg.Body);
  }
}
export async function consume(consumer: Consumer) {
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      await consumer.commitOffsets([{ topic, partition, offset: message.offset }]);
      await handle(message.value?.toString());
    },
  });
}
`,
      errors: [
        { messageId: 'ackBeforeProcessing', line: 9, column: 11, data: { ack: 'client.send()', call: 'handle()', line: 10, retry: SQS_RETRY } },
        { messageId: 'ackBeforeProcessing', line: 17, column: 13, data: { ack: 'consumer.commitOffsets()', call: 'handle()', line: 18, retry: KAFKA_RETRY } },
      ],
    },
  ],
});
