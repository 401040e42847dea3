import rule from '../../src/rules/no-linear-scan-per-event.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const BY_KEYS = (...keys: string[]) => `by ${keys.map((key) => `\`${key}\``).join(' and ')} (a \`Map\` from that key to its entries)`;
const INTO_SET = 'into a `Set` (or a `Map` by the compared value)';

untypedRuleTester().run('no-linear-scan-per-event (untyped)', rule, {
  valid: [
    {
      name: "a scan over the event's own array",
      code: `
import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'orders' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const order = JSON.parse(message.value.toString());
    const gifts = order.items.filter((item) => item.sku === order.giftSku);
    await fulfil(order, gifts);
  },
});
`,
    },
    {
      name: 'a collection the handler builds for this message',
      code: `
import { connect } from 'nats';
export async function run(consumer, repo) {
  for await (const m of await consumer.consume()) {
    const evt = m.json();
    const candidates = await repo.findRulesForApp(evt.appId);
    const matching = candidates.filter((rule) => rule.eventName === evt.name);
    await fire(matching, evt);
    m.ack();
  }
}
`,
    },
    {
      name: 'a predicate that does not look at the event, and one that compares to a constant',
      code: `
import { connect } from 'nats';
const REGION = process.env.REGION;
export class Dispatcher {
  rules = [];
  async run(consumer) {
    for await (const m of await consumer.consume()) {
      const active = this.rules.filter((rule) => rule.enabled);
      const local = this.rules.filter((rule) => rule.region === REGION);
      await dispatch(m.json(), active, local);
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'rules indexed by key: a Map lookup, then a filter on conditions (Causality fixed engine)',
      code: `
import { connect } from 'nats';
export class ReactionEngine {
  byEvent = new Map();
  async run(consumer) {
    for await (const m of await consumer.consume()) {
      const event = m.json();
      const candidates = this.byEvent.get(event.appId + ':' + event.name) ?? [];
      const matching = candidates.filter((rule) => conditionsHold(rule.conditions, event.params));
      await Promise.all(matching.map((rule) => deliver(rule, event)));
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'a fixed dispatch table written in the code',
      code: `
import amqp from 'amqplib';
const HANDLERS = [
  { type: 'user.created', run: onUserCreated },
  { type: 'user.deleted', run: onUserDeleted },
];
const channel = await (await amqp.connect(url)).createChannel();
await channel.consume('users', async (msg) => {
  const event = JSON.parse(msg.content.toString());
  const handler = HANDLERS.find((h) => h.type === event.type);
  await handler?.run(event);
  channel.ack(msg);
});
`,
    },
    {
      name: 'the same scan in an Express route handler is not a message handler',
      code: `
import express from 'express';
let rules = [];
export async function loadRules(db) { rules = await db.rules.findMany(); }
const app = express();
app.get('/apps/:appId/rules', (req, res) => {
  res.json(rules.filter((rule) => rule.appId === req.params.appId));
});
`,
    },
    {
      name: "an inequality in a predicate keeps everything but the event's entry",
      code: `
import { connect } from 'nats';
export class Presence {
  sessions = [];
  async run(consumer) {
    for await (const m of await consumer.consume()) {
      const left = m.json();
      this.sessions = this.sessions.filter((session) => session.id !== left.sessionId);
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'a list the message loop fills as it goes (per-batch de-duplication)',
      code: `
import { connect } from 'nats';
export async function drain(consumer) {
  const seen = [];
  for await (const m of await consumer.fetch({ max_messages: 500 })) {
    const id = m.headers?.get('Nats-Msg-Id');
    if (seen.some((other) => other === id)) { m.term(); continue; }
    seen.push(id);
    await store(m.json());
    m.ack();
  }
}
`,
    },
    {
      name: 'a scan with a named predicate, and a scan of a call result',
      code: `
import { Kafka } from 'kafkajs';
const rules = [];
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const evt = JSON.parse(message.value.toString());
    const matching = rules.filter(matchesEvent(evt));
    const fresh = getRules().filter((rule) => rule.type === evt.type);
    await fire(matching, fresh);
  },
});
`,
    },
    {
      name: 'odd code: computed receivers, destructured loop variables, any and module-level this do not crash',
      code: `
import { connect } from 'nats';
for await (const m of (await consumer.consume()) as any) {
  const evt: any = m.json();
  (registry as any)[evt.kind]?.find((r) => r === evt);
  this?.rules?.filter?.((r) => r.type === evt.type);
  for (const { type } of getTypes()) if (type === evt.type) continue;
  m.ack();
}
`,
    },
    {
      name: 'a scan in a plain function no handler is known to call (without types)',
      code: `
export class ReactionEngine {
  rules = [];
  matching(event) {
    return this.rules.filter((rule) => rule.appId === event.appId);
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'kafkajs: a module-level rule list loaded at startup, scanned per message',
      code: `
import { Kafka } from 'kafkajs';

let alertRules = [];
export async function loadAlertRules(db) {
  alertRules = await db.query('SELECT * FROM alert_rules');
}

const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'alerts' });
await consumer.run({
  eachMessage: async ({ message }) => {
    const event = JSON.parse(message.value.toString());
    const matching = alertRules.filter((rule) => rule.eventType === event.type);
    await notify(matching, event);
  },
});
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 13,
          column: 22,
          endLine: 13,
          endColumn: 80,
          data: {
            scan: '`alertRules.filter()`',
            collection: 'alertRules',
            where: 'in the kafkajs `eachMessage` handler',
            comparisons: '`rule.eventType` to `event.type`',
            index: BY_KEYS('eventType'),
          },
        },
      ],
    },
    {
      name: 'NATS: a class field scanned for the app and the event name in the consumer loop',
      code: `
import type { JetStreamClient } from 'nats';

export class ReactionConsumer {
  private rules = [];

  async reload(pool) {
    const { rows } = await pool.query('SELECT * FROM reaction_rules WHERE enabled');
    this.rules = rows;
  }

  async run(js: JetStreamClient) {
    const consumer = await js.consumers.get('EVENTS', 'reactions');
    for await (const m of await consumer.consume()) {
      const evt = m.json();
      const rule = this.rules.find((r) => r.appId === evt.appId && r.eventName === evt.name);
      if (rule) await deliverWebhook(rule, evt);
      m.ack();
    }
  }
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 16,
          column: 20,
          data: {
            scan: '`this.rules.find()`',
            collection: 'this.rules',
            where: 'in the NATS `for await…of` loop over received messages',
            comparisons: '`r.appId` to `evt.appId` and `r.eventName` to `evt.name`',
            index: BY_KEYS('appId', 'eventName'),
          },
        },
      ],
    },
    {
      name: 'amqplib: a for…of loop that skips every subscription of another topic',
      code: `
import amqp from 'amqplib';

export async function start(subscriptions) {
  const channel = await (await amqp.connect(process.env.AMQP_URL)).createChannel();
  await channel.consume('events', async (msg) => {
    const event = JSON.parse(msg.content.toString());
    for (const subscription of subscriptions) {
      if (subscription.topic !== event.topic) continue;
      await push(subscription.endpoint, event);
    }
    channel.ack(msg);
  });
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 8,
          column: 5,
          endLine: 11,
          endColumn: 6,
          data: {
            scan: 'the `for…of` loop over `subscriptions`',
            collection: 'subscriptions',
            where: 'in the amqplib `consume` callback',
            comparisons: '`subscription.topic` to `event.topic`',
            index: BY_KEYS('topic'),
          },
        },
      ],
    },
    {
      name: 'kafkajs: routes loaded once when the consumer starts, matched on the topic',
      code: `
import { Kafka } from 'kafkajs';

export async function startRouter(kafka, loadRoutes) {
  const routes = await loadRoutes();
  const consumer = kafka.consumer({ groupId: 'router' });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      if (!routes.some((route) => route.topic === topic)) return;
      await forward(topic, message);
    },
  });
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 9,
          column: 12,
          data: {
            scan: '`routes.some()`',
            collection: 'routes',
            where: 'in the kafkajs `eachMessage` handler',
            comparisons: '`route.topic` to `topic`',
            index: BY_KEYS('topic'),
          },
        },
      ],
    },
    {
      name: 'NestJS @EventPattern: webhooks whose event list includes the payload type',
      code: `
import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';

@Controller()
export class WebhookFanout {
  private webhooks = [];

  @EventPattern('domain.event')
  async onEvent(@Payload() payload) {
    const targets = this.webhooks.filter((hook) => hook.events.includes(payload.type));
    await Promise.all(targets.map((hook) => this.sender.post(hook.url, payload)));
  }
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 11,
          column: 21,
          data: {
            scan: '`this.webhooks.filter()`',
            collection: 'this.webhooks',
            where: 'in the NestJS `@EventPattern` handler',
            comparisons: '`hook.events` to `payload.type`',
            index: BY_KEYS('events'),
          },
        },
      ],
    },
    {
      name: 'BullMQ: a blocklist of ids scanned for the job’s user',
      code: `
import { Worker } from 'bullmq';

let blockedUserIds = [];
export function setBlocked(ids) { blockedUserIds = ids; }

new Worker('notifications', async (job) => {
  const { userId } = job.data;
  if (blockedUserIds.some((id) => id === userId)) return;
  await sendPush(userId, job.data.text);
}, { connection });
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 9,
          column: 7,
          data: {
            scan: '`blockedUserIds.some()`',
            collection: 'blockedUserIds',
            where: 'in the BullMQ `Worker` processor',
            comparisons: '`id` to `userId`',
            index: INTO_SET,
          },
        },
      ],
    },
    {
      name: 'SQS: tenants loaded at startup, found for each received message',
      code: `
import { SQSClient, ReceiveMessageCommand, DeleteMessageCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
const tenants = await loadTenants();

export async function poll(queueUrl) {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));
  for (const message of Messages ?? []) {
    const body = JSON.parse(message.Body);
    const tenant = tenants.find((t) => t.id === body.tenantId);
    await importInvoice(tenant, body);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: message.ReceiptHandle }));
  }
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 11,
          column: 20,
          data: {
            scan: '`tenants.find()`',
            collection: 'tenants',
            where: 'in the SQS `for…of` loop over received messages',
            comparisons: '`t.id` to `body.tenantId`',
            index: BY_KEYS('id'),
          },
        },
      ],
    },
  ],
});

typedRuleTester().run('no-linear-scan-per-event (typed)', rule, {
  valid: [
    {
      name: 'a rule index by key: only a Map lookup per event',
      code: `
import type { JetStreamClient } from 'nats';
interface Rule { appId: string; eventName: string; minAmount: number }
interface Evt { appId: string; name: string; amount: number }
export class Engine {
  private byEvent = new Map<string, Rule[]>();
  async run(js: JetStreamClient) {
    const consumer = await js.consumers.get('EVENTS', 'reactions');
    for await (const m of await consumer.consume()) {
      const evt = m.json<Evt>();
      const candidates = this.byEvent.get(evt.appId + ':' + evt.name) ?? [];
      console.log(candidates.filter((rule) => rule.minAmount <= evt.amount));
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'a field that is not an array: a project collection with its own find',
      code: `
import type { JetStreamClient } from 'nats';
class RuleSet { find(predicate: (rule: { type: string }) => boolean) { return [{ type: 'a' }].find(predicate); } }
export class Engine {
  private rules = new RuleSet();
  async run(js: JetStreamClient) {
    for await (const m of await (await js.consumers.get('EVENTS', 'x')).consume()) {
      const evt = m.json<{ type: string }>();
      console.log(this.rules.find((rule) => rule.type === evt.type));
      m.ack();
    }
  }
}
`,
    },
    {
      name: 'a method no consumer calls',
      code: `
interface Rule { appId: string }
export class Reports {
  private rules: Rule[] = [];
  forApp(appId: string): Rule[] {
    return this.rules.filter((rule) => rule.appId === appId);
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'a method reached from the consumer loop in the same file',
      code: `
import type { JetStreamClient } from 'nats';
interface Rule { appId: string; eventName: string }
interface Evt { appId: string; name: string }
export class Engine {
  private rules: Rule[] = [];
  matching(event: Evt): Rule[] {
    return this.rules.filter((rule) => rule.appId === event.appId);
  }
  async handle(event: Evt): Promise<void> {
    for (const rule of this.matching(event)) console.log(rule);
  }
}
export async function run(js: JetStreamClient, engine: Engine) {
  for await (const m of await (await js.consumers.get('EVENTS', 'reactions')).consume()) {
    await engine.handle(m.json<Evt>());
    m.ack();
  }
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 8,
          column: 12,
          data: {
            scan: '`this.rules.filter()`',
            collection: 'this.rules',
            where:
              '`Engine.handle()` → `Engine.matching()` runs for each message from the NATS `for await…of` loop over received messages at file.ts:15',
            comparisons: '`rule.appId` to `event.appId`',
            index: BY_KEYS('appId'),
          },
        },
      ],
    },
    {
      name: 'a method reached from a consumer loop in another file (Causality reaction engine)',
      filename: 'consumers-scan-engine.ts',
      code: `
export interface ScanEvent {
  readonly appId: string;
  readonly name: string;
}

export interface ScanRule {
  readonly id: string;
  readonly appId: string;
  readonly eventName: string;
}

export class ConsumersScanEngine {
  private rules: ScanRule[] = [];

  async reload(load: () => Promise<ScanRule[]>): Promise<void> {
    this.rules = await load();
  }

  matching(event: ScanEvent): ScanRule[] {
    return this.rules.filter((rule) => rule.appId === event.appId && rule.eventName === event.name);
  }

  async handle(event: ScanEvent): Promise<void> {
    for (const rule of this.matching(event)) await Promise.resolve(rule);
  }
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 21,
          column: 12,
          data: {
            scan: '`this.rules.filter()`',
            collection: 'this.rules',
            where:
              '`ConsumersScanEngine.handle()` → `ConsumersScanEngine.matching()` runs for each message from the NATS `for await…of` loop over received messages at consumers-scan-consumer.ts:7',
            comparisons: '`rule.appId` to `event.appId` and `rule.eventName` to `event.name`',
            index: BY_KEYS('appId', 'eventName'),
          },
        },
      ],
    },
    {
      name: 'a typed helper taking the message scans a module-level list',
      code: `
import type { JsMsg } from 'nats';
interface Quota { tenantId: string; limit: number }
let quotas: Quota[] = [];
export function setQuotas(next: Quota[]) { quotas = next; }
export function limitFor(m: JsMsg): number {
  const tenantId = m.headers?.get('tenant') ?? '';
  return quotas.find((quota) => quota.tenantId === tenantId)?.limit ?? 0;
}
`,
      errors: [
        {
          messageId: 'linearScan',
          line: 8,
          column: 10,
          data: {
            scan: '`quotas.find()`',
            collection: 'quotas',
            where: 'in this function taking a NATS message',
            comparisons: '`quota.tenantId` to `tenantId`',
            index: BY_KEYS('tenantId'),
          },
        },
      ],
    },
  ],
});
