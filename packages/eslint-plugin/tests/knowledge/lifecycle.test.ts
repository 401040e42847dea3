import type { TSESTree } from '@typescript-eslint/utils';
import {
  HandleGraph,
  importedStartOf,
  isNestShutdownHooksCall,
  isShutdownDelegation,
  longLivedStartOf,
  reachesSignalHandling,
  runsAtModuleLoad,
  shutdownFlowOf,
  shutdownReachOf,
  signalLibraryOfImport,
  signalLibraryOfRequire,
  signalRegistrationOf,
  sqsPollingLoopOf,
  type HandleInfo,
  type LongLivedStart,
  type SignalRegistration,
} from '../../src/knowledge/lifecycle.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rule: reports what lifecycle.ts sees. Starts with their handles,
// the variables whose close stops them and whether they run at load; signal
// registrations with what their handlers reach; and, inside the handlers,
// each lifecycle close and each early exit.
const reportLifecycle = createRule({
  name: 'report-lifecycle',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['ops'], seed: 'test' },
    messages: {
      start: '{{label}} handles={{handles}} family={{family}} flags={{flags}} load={{load}}',
      signal: 'signal {{signals}} handlers={{handlers}} opaque={{opaque}} closes={{closed}} reachOpaque={{reachOpaque}} deadline={{deadline}}',
      close: 'close {{text}} kind={{kind}} awaited={{awaited}} nothing={{nothing}} bounded={{bounded}} deadlineBefore={{deadlineBefore}}',
      earlyExit: 'exit before {{close}}',
      handled: 'handled by {{how}}',
      imported: 'imported {{label}} via {{chain}}',
      reachesSignals: 'reaches signal handling',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const starts: LongLivedStart[] = [];
    const registrations: SignalRegistration[] = [];
    const graph = new HandleGraph();
    const calls: TSESTree.CallExpression[] = [];
    return {
      ImportDeclaration(node) {
        const library = signalLibraryOfImport(node);
        if (library) context.report({ node, messageId: 'handled', data: { how: library } });
      },
      VariableDeclarator(node) {
        if (node.init) graph.add(node.id, node.init);
      },
      AssignmentExpression(node) {
        graph.add(node.left, node.right);
      },
      NewExpression(node) {
        const start = longLivedStartOf(node, context) ?? sqsPollingLoopOf(node, context);
        if (start) starts.push(start);
      },
      CallExpression(node) {
        calls.push(node);
        const start = longLivedStartOf(node, context);
        if (start) starts.push(start);
        const registration = signalRegistrationOf(node, context);
        if (registration) registrations.push(registration);
        const library = signalLibraryOfRequire(node);
        if (library) context.report({ node, messageId: 'handled', data: { how: library } });
        if (isNestShutdownHooksCall(node)) context.report({ node, messageId: 'handled', data: { how: 'enableShutdownHooks' } });
        else if (isShutdownDelegation(node, context)) context.report({ node, messageId: 'handled', data: { how: 'delegation' } });
      },
      'Program:exit'() {
        const handles = new Map<string, HandleInfo>();
        for (const start of starts) {
          const family = new Set(start.handles.flatMap((handle) => [...graph.familyOf(handle)]));
          for (const name of family) handles.set(name, { kind: start.kind, callbackClose: start.callbackClose });
          context.report({
            node: start.node,
            messageId: 'start',
            data: {
              label: start.label,
              handles: start.handles.join(',') || '-',
              family: [...family].sort().join(',') || '-',
              flags: start.flags.join(',') || '-',
              load: String(runsAtModuleLoad(start.node, context)),
            },
          });
        }
        for (const registration of registrations) {
          const reach = shutdownReachOf(registration.handlers, context);
          const flows = registration.handlers.map((handler) => shutdownFlowOf(handler, handles, context));
          context.report({
            node: registration.node,
            messageId: 'signal',
            data: {
              signals: registration.signals.join(',') || '?',
              handlers: String(registration.handlers.length),
              opaque: String(registration.opaque),
              closed: [...reach.closed].sort().join(',') || '-',
              reachOpaque: String(reach.opaque),
              deadline: String(flows.some((flow) => flow.armsDeadline)),
            },
          });
          for (const flow of flows) {
            for (const close of flow.closes) {
              context.report({
                node: close.call,
                messageId: 'close',
                data: {
                  text: close.text,
                  kind: close.kind ?? '-',
                  awaited: String(close.awaited),
                  nothing: String(close.awaitsNothing),
                  bounded: String(close.bounded),
                  deadlineBefore: String(close.deadlineBefore),
                },
              });
            }
            for (const early of flow.earlyExits) context.report({ node: early.exit, messageId: 'earlyExit', data: { close: early.close.text } });
          }
        }
        for (const call of calls) {
          if (!runsAtModuleLoad(call, context)) continue;
          const imported = importedStartOf(call, context);
          if (imported) context.report({ node: call, messageId: 'imported', data: { label: imported.label, chain: imported.chain } });
          if (reachesSignalHandling(call, context)) context.report({ node: call, messageId: 'reachesSignals' });
        }
      },
    };
  },
});

type Data = Record<string, string>;
const start = (label: string, handles: string, family: string, load: boolean, line: number, column: number, flags = '-') => ({
  messageId: 'start' as const,
  data: { label, handles, family, flags, load: String(load) } satisfies Data,
  line,
  column,
});
const signal = (
  line: number,
  column: number,
  options: { signals?: string; handlers?: number; opaque?: boolean; closed?: string; reachOpaque?: boolean; deadline?: boolean } = {},
) => ({
  messageId: 'signal' as const,
  data: {
    signals: options.signals ?? 'SIGTERM',
    handlers: String(options.handlers ?? 1),
    opaque: String(options.opaque ?? false),
    closed: options.closed ?? '-',
    reachOpaque: String(options.reachOpaque ?? false),
    deadline: String(options.deadline ?? false),
  } satisfies Data,
  line,
  column,
});
const close = (
  text: string,
  line: number,
  column: number,
  options: { kind?: string; awaited?: boolean; nothing?: boolean; bounded?: boolean; deadlineBefore?: boolean } = {},
) => ({
  messageId: 'close' as const,
  data: {
    text,
    kind: options.kind ?? 'server',
    awaited: String(options.awaited ?? false),
    nothing: String(options.nothing ?? false),
    bounded: String(options.bounded ?? false),
    deadlineBefore: String(options.deadlineBefore ?? false),
  } satisfies Data,
  line,
  column,
});
const earlyExit = (closeText: string, line: number, column: number) => ({ messageId: 'earlyExit' as const, data: { close: closeText }, line, column });
const handled = (how: string, line: number, column: number) => ({ messageId: 'handled' as const, data: { how }, line, column });

untypedRuleTester().run('lifecycle knowledge without types', reportLifecycle, {
  valid: [
    { name: 'worker_threads Worker is not a queue worker', code: `import { Worker } from 'node:worker_threads';\nconst worker = new Worker('./resize.js');` },
    { name: 'an unbound Worker', code: `const worker = new Worker('./sw.js');` },
    { name: 'msw server.listen() takes no port', code: `import { setupServer } from 'msw/node';\nconst server = setupServer();\nserver.listen({ onUnhandledRequest: 'error' });` },
    { name: 'a listen on a receiver not named like a server', code: `emitter.listen(3000);\nchannel.listen('orders');` },
    { name: 'process.on for another event', code: `process.on('uncaughtException', (err) => console.error(err));\nprocess.on('SIGUSR2', () => heapdump());` },
    { name: 'an emitter that is not process', code: `bus.on('SIGTERM', () => undefined);` },
    { name: 'a kafkajs producer', code: `import { Kafka } from 'kafkajs';\nconst producer = new Kafka({ brokers }).producer();\nawait producer.send({ topic: 'a', messages: [] });` },
    { name: 'a ReceiveMessageCommand outside a loop', code: `import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';\nconst sqs = new SQSClient({});\nexport const handler = async () => sqs.send(new ReceiveMessageCommand({ QueueUrl: url }));` },
    { name: 'a logger call mentioning shutdown is no delegation', code: `import { logger } from './logger';\nlogger.info('graceful shutdown done');` },
    { name: 'AbortSignal.timeout is no delegation', code: `const signal = AbortSignal.timeout(5000);` },
  ],
  invalid: [
    {
      name: 'Express: app.listen kept in server',
      code: `import express from 'express';
const app = express();
const server = app.listen(3000);`,
      errors: [start('Express server', 'server,app', 'app,server', true, 3, 16)],
    },
    {
      name: 'http.createServer chained listen',
      code: `import http from 'node:http';
http.createServer(handler).listen(process.env.PORT);`,
      errors: [start('HTTP server', '-', '-', true, 2, 1)],
    },
    {
      name: 'Fastify listen in main() called at load',
      code: `import Fastify from 'fastify';
async function main() {
  const app = Fastify({ logger: true });
  await app.listen({ port: 8080, host: '0.0.0.0' });
}
main().catch((err) => { console.error(err); process.exit(1); });`,
      errors: [start('Fastify server', 'app', 'app', true, 4, 9)],
    },
    {
      name: 'Koa, NestJS, Hono and hapi',
      code: `import Koa from 'koa';
import { NestFactory } from '@nestjs/core';
import { serve } from '@hono/node-server';
import Hapi from '@hapi/hapi';
const koa = new Koa();
koa.listen(3000);
const nest = await NestFactory.create(AppModule);
await nest.listen(3001);
const server = serve({ fetch: hono.fetch, port: 3002 });
const hapi = Hapi.server({ port: 3003 });
await hapi.start();`,
      errors: [
        start('Koa server', 'koa', 'koa', true, 6, 1),
        start('NestJS application', 'nest', 'NestFactory,nest', true, 8, 7),
        start('Hono server', 'server', 'server', true, 9, 16),
        start('hapi server', 'hapi', 'Hapi,hapi', true, 11, 7),
      ],
    },
    {
      name: 'an imported app listening on a port: the syntactic fallback',
      code: `import app from './app';
const PORT = Number(process.env.PORT ?? 3000);
app.listen(PORT, () => console.log('listening'));`,
      errors: [start('HTTP server', 'app', 'app', true, 3, 1)],
    },
    {
      name: 'an exported factory that listens is not run at load',
      code: `import express from 'express';
export function startServer(port: number) {
  return express().listen(port);
}`,
      errors: [start('Express server', '-', '-', false, 3, 10)],
    },
    {
      name: 'listen only in development',
      code: `import express from 'express';
const app = express();
if (process.env.NODE_ENV !== 'production') {
  app.listen(3000);
}
export default app;`,
      errors: [start('Express server', 'app', 'app', false, 4, 3)],
    },
    {
      name: 'BullMQ Worker, Bull process, pg-boss work, Agenda start',
      code: `import { Worker } from 'bullmq';
import Queue from 'bull';
import PgBoss from 'pg-boss';
import { Agenda } from 'agenda';
const worker = new Worker('mail', sendMail, { connection });
const queue = new Queue('images');
queue.process(5, resize);
const boss = new PgBoss(process.env.DATABASE_URL);
await boss.work('invoices', bill);
const agenda = new Agenda({ db: { address: mongoUrl } });
await agenda.start();`,
      errors: [
        start('BullMQ Worker', 'worker', 'worker', true, 5, 16),
        start('Bull queue processor', 'queue', 'queue', true, 7, 1),
        start('pg-boss worker', 'boss', 'boss', true, 9, 7),
        start('Agenda processor', 'agenda', 'agenda', true, 11, 7),
      ],
    },
    {
      name: 'kafkajs, amqplib and NATS consumers with derived handles',
      code: `import { Kafka } from 'kafkajs';
import amqp from 'amqplib';
import { connect } from 'nats';
const kafka = new Kafka({ clientId: 'sink', brokers });
const consumer = kafka.consumer({ groupId: 'sink' });
await consumer.run({ eachMessage });
const connection = await amqp.connect(url);
const channel = await connection.createChannel();
await channel.consume('jobs', onMessage);
const nc = await connect({ servers });
const sub = nc.subscribe('events.>');`,
      errors: [
        start('kafkajs consumer', 'consumer', 'consumer,kafka', true, 6, 7),
        start('amqplib consumer', 'channel', 'amqp,channel,connection', true, 9, 7),
        start('NATS subscription', 'sub,nc', 'nc,sub', true, 11, 13),
      ],
    },
    {
      name: 'an SQS polling loop and its flags',
      code: `import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
const sqs = new SQSClient({ region: 'eu-west-1' });
let running = true;
while (running) {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 20 }));
  if (stopping) break;
  await handleAll(Messages);
}`,
      errors: [start('SQS polling loop', 'sqs', 'Messages,sqs', true, 4, 1, 'running,stopping')],
    },
    {
      name: 'callbacks and methods that run at load',
      code: `import express from 'express';
import mongoose from 'mongoose';
class App {
  start() {
    this.server = express().listen(3000);
  }
}
mongoose.connect(uri).then(() => express().listen(4000));
new App().start();
process.nextTick(async () => { express().listen(5000); });
app.get('/debug', () => { express().listen(6000); });`,
      errors: [
        start('Express server', 'server', 'server', true, 5, 19),
        start('Express server', '-', '-', true, 8, 34),
        start('Express server', '-', '-', true, 10, 32),
        start('Express server', '-', '-', false, 11, 27),
      ],
    },
    {
      name: 'signal registrations: inline, named, bound, factory, computed, imported',
      code: `import { shutdown as importedShutdown } from './shutdown';
let server;
function stop() {}
const closer = (signal) => async () => { await server.close(); };
process.on('SIGTERM', () => undefined);
process.once('SIGINT', stop);
process.on('SIGTERM', stop.bind(null, 'SIGTERM'));
process.on('SIGTERM', closer('SIGTERM'));
for (const s of ['SIGINT', 'SIGTERM']) process.once(s, stop);
process.on('SIGTERM', importedShutdown);
process.on('SIGTERM', manager.handle);`,
      errors: [
        signal(5, 1),
        signal(6, 1, { signals: 'SIGINT' }),
        signal(7, 1),
        signal(8, 1, { closed: 'server' }),
        signal(9, 40, { signals: '?' }),
        signal(10, 1, { handlers: 0, opaque: true }),
        signal(11, 1, { handlers: 0, opaque: true }),
      ],
    },
    {
      name: 'shutdown libraries, NestJS hooks and delegation',
      code: `import closeWithGrace from 'close-with-grace';
const { createTerminus } = require('@godaddy/terminus');
import { registerGracefulShutdown } from './lifecycle';
import ShutdownHelper from './ShutdownHelper';
app.enableShutdownHooks();
registerGracefulShutdown(server);
ShutdownHelper.add('http', () => server.close());`,
      errors: [
        handled('close-with-grace', 1, 1),
        handled('@godaddy/terminus', 2, 28),
        handled('enableShutdownHooks', 5, 1),
        handled('delegation', 6, 1),
        handled('delegation', 7, 1),
      ],
    },
    {
      name: 'a handler that closes the server in its callback, with a deadline: no early exit',
      code: `import express from 'express';
const server = express().listen(3000);
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close(() => process.exit(0));
});`,
      errors: [
        start('Express server', 'server', 'server', true, 2, 16),
        signal(3, 1, { closed: 'server', deadline: true }),
        close('server.close()', 5, 3, { deadlineBefore: true }),
      ],
    },
    {
      name: 'exit right after a close that was not awaited',
      code: `import express from 'express';
const server = express().listen(3000);
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});`,
      errors: [
        start('Express server', 'server', 'server', true, 2, 16),
        signal(3, 1, { closed: 'server' }),
        close('server.close()', 4, 3),
        earlyExit('server.close()', 5, 3),
      ],
    },
    {
      name: 'await on a callback-style close waits for nothing',
      code: `import express from 'express';
const server = express().listen(3000);
process.on('SIGTERM', async () => {
  await server.close();
  process.exit(0);
});`,
      errors: [
        start('Express server', 'server', 'server', true, 2, 16),
        signal(3, 1, { closed: 'server' }),
        close('server.close()', 4, 9, { nothing: true }),
        earlyExit('server.close()', 5, 3),
      ],
    },
    {
      name: 'a promisified close, Promise.all, a race and a kept promise',
      code: `import Fastify from 'fastify';
import { Worker } from 'bullmq';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const app = Fastify();
await app.listen({ port: 3000 });
const worker = new Worker('q', run);
process.on('SIGTERM', async () => {
  await new Promise((resolve) => app.server.close(resolve));
  await Promise.all([worker.close(), app.close()]);
  await Promise.race([worker.close(), sleep(5000)]);
  const closing = app.close();
  process.exit(0);
});`,
      errors: [
        start('Fastify server', 'app', 'app,closing', true, 5, 7),
        start('BullMQ Worker', 'worker', 'worker', true, 6, 16),
        signal(7, 1, { closed: 'app,worker' }),
        close('app.server.close()', 8, 34, { awaited: true }),
        close('worker.close()', 9, 22, { kind: 'queue-worker', awaited: true }),
        close('app.close()', 9, 38, { awaited: true }),
        close('worker.close()', 10, 23, { kind: 'queue-worker', awaited: true, bounded: true }),
        close('app.close()', 11, 19),
      ],
    },
    {
      name: 'same-file functions are followed, with the await at the call site',
      code: `import { Kafka } from 'kafkajs';
const consumer = new Kafka({ brokers }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage });
async function stopConsumer() {
  await consumer.disconnect();
}
function armDeadline() {
  setTimeout(() => process.exit(1), 15_000).unref();
}
process.on('SIGINT', () => {
  stopConsumer();
  process.exit(0);
});
process.on('SIGTERM', async () => {
  armDeadline();
  await stopConsumer();
  process.exit(0);
});`,
      errors: [
        start('kafkajs consumer', 'consumer', 'consumer', true, 3, 7),
        close('consumer.disconnect()', 5, 9, { kind: 'consumer', awaited: true }),
        close('consumer.disconnect()', 5, 9, { kind: 'consumer', awaited: true, deadlineBefore: true }),
        signal(10, 1, { signals: 'SIGINT', closed: 'consumer' }),
        earlyExit('consumer.disconnect()', 12, 3),
        signal(14, 1, { closed: 'consumer', deadline: true }),
      ],
    },
    {
      name: 'what makes the reach opaque: an imported call, a close on a parameter, this',
      code: `import { flushAll } from './metrics';
process.on('SIGTERM', () => { flushAll(); });
process.on('SIGTERM', () => { [a, b].forEach((c) => c.close()); });
process.on('SIGTERM', () => { this.stop(); });
process.on('SIGTERM', () => new Promise((resolve) => { resolve(); }));`,
      errors: [
        signal(2, 1, { reachOpaque: true }),
        signal(3, 1, { reachOpaque: true }),
        signal(4, 1, { reachOpaque: true }),
        signal(5, 1),
      ],
    },
  ],
});

typedRuleTester().run('lifecycle knowledge with types', reportLifecycle, {
  valid: [
    {
      name: 'a project class with its own listen method',
      code: `class Bus { listen(port: number) { return port; } }
const app = new Bus();
app.listen(3000);`,
    },
    {
      name: 'an imported factory that starts nothing',
      code: `import { createApp } from './lifecycle-server.js';
const app = createApp();
export default app;`,
    },
    {
      name: 'an imported function that only connects',
      code: `import { loadTopics } from './lifecycle-consumers.js';
console.log(await loadTopics(['kafka:9092']));`,
    },
  ],
  invalid: [
    {
      name: 'Express listen through the type checker, with a typed close that returns no promise',
      code: `import express from 'express';
import type { Server } from 'node:http';
const server: Server = express().listen(3000);
export function onStop(http: Server) {
  process.on('SIGTERM', async () => {
    await http.close();
    process.exit(0);
  });
}`,
      errors: [
        start('Express server', 'server', 'server', true, 3, 24),
        signal(5, 3, { reachOpaque: true }),
        close('http.close()', 6, 11, { nothing: true }),
        earlyExit('http.close()', 7, 5),
      ],
    },
    {
      name: 'NestJS listen and Fastify listen resolved by types',
      code: `import { NestFactory } from '@nestjs/core';
import Fastify from 'fastify';
async function bootstrap(module: object) {
  const app = await NestFactory.create(module);
  await app.listen(3000);
  const health = Fastify();
  await health.listen({ port: 9000 });
}
void bootstrap({});`,
      errors: [start('NestJS application', 'app', 'NestFactory,app', true, 5, 9), start('Fastify server', 'health', 'health', true, 7, 9)],
    },
    {
      name: 'BullMQ Worker, kafkajs run and NATS consume resolved by types',
      code: `import { Worker } from 'bullmq';
import { Kafka } from 'kafkajs';
import type { JetStreamClient } from 'nats';
const worker = new Worker('mail', async () => undefined, { connection: { host: 'redis' } });
const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'g' });
await consumer.run({ eachMessage: async () => undefined });
export async function pull(js: JetStreamClient) {
  const messages = await (await js.consumers.get('S', 'c')).consume();
  return messages;
}`,
      errors: [
        start('BullMQ Worker', 'worker', 'worker', true, 4, 16),
        start('kafkajs consumer', 'consumer', 'consumer', true, 6, 7),
        start('NATS JetStream consumer', 'messages', 'messages', false, 8, 26),
      ],
    },
    {
      name: 'starts reached through imported project functions',
      code: `import { runOrderConsumer, startAuditConsumer } from './lifecycle-consumers.js';
import { startHttp } from './lifecycle-server.js';
import type { JetStreamClient } from 'nats';
declare const js: JetStreamClient;
async function main() {
  startHttp(8080);
  await startAuditConsumer(['kafka:9092']);
  await runOrderConsumer(js);
}
void main();`,
      errors: [
        { messageId: 'imported', data: { label: 'Express server', chain: 'startHttp() → createApp().listen() (lifecycle-server.ts:14)' }, line: 6, column: 3 },
        { messageId: 'imported', data: { label: 'kafkajs consumer', chain: 'startAuditConsumer() → consumer.run() (lifecycle-consumers.ts:19)' }, line: 7, column: 9 },
        { messageId: 'imported', data: { label: 'NATS JetStream consumer', chain: 'runOrderConsumer() → consumer.consume() (lifecycle-consumers.ts:8)' }, line: 8, column: 9 },
      ],
    },
    {
      name: 'signal handling installed by an imported project function',
      code: `import { installHooks } from './lifecycle-shutdown.js';
import { startHttp } from './lifecycle-server.js';
const server = startHttp(8080);
installHooks(server, 10_000);`,
      errors: [
        { messageId: 'imported', data: { label: 'Express server', chain: 'startHttp() → createApp().listen() (lifecycle-server.ts:14)' }, line: 3, column: 16 },
        { messageId: 'reachesSignals', line: 4, column: 1 },
      ],
    },
  ],
});
