import rule from '../../src/rules/require-graceful-shutdown.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const DEADLINE = 'under a deadline (`setTimeout(() => process.exit(1), 10_000).unref()`)';
const NO_HANDLER = 'nothing in this file handles SIGTERM or SIGINT';

const START_DAMAGE = {
  server: 'in-flight requests are cut off mid-response and clients see connection resets',
  worker: 'jobs in progress are abandoned, stay active until they stall, and run again',
  consumer: 'messages being handled, and batches held in memory, are lost or delivered again',
};

const EXIT_DAMAGE = {
  server: 'requests still in flight are cut off',
  worker: 'the jobs it was letting finish are abandoned, to stall and run again',
  consumer: 'the messages it was finishing, and any batch still buffered, are lost or redelivered',
};

const HANG = {
  server: 'one keep-alive connection or slow request keeps it open',
  worker: 'one job that never finishes keeps it waiting',
  consumer: 'a message handler that hangs, or a broker that stops answering, keeps it waiting',
};

const serverFix = (close: string) => `Handle SIGTERM: stop accepting connections, await ${close} ${DEADLINE}, then exit`;
const callbackServerFix = (handle: string) => serverFix(`\`${handle}.close()\` (it takes a callback: wrap it in a promise)`);
const unkeptServerFix = (text: string) =>
  `Keep the server \`${text}\` returns and handle SIGTERM: stop accepting connections, await its \`close()\` (it takes a callback: wrap it in a promise) ${DEADLINE}, then exit`;

function missing(
  start: string,
  damage: keyof typeof START_DAMAGE,
  fix: string,
  line: number,
  column: number,
  why = NO_HANDLER,
) {
  return { messageId: 'missingShutdown' as const, data: { start, why, damage: START_DAMAGE[damage], fix }, line, column };
}

function earlyExit(close: string, damage: keyof typeof EXIT_DAMAGE, line: number, column: number, options: { signal?: string; awaitsNothing?: boolean } = {}) {
  const note = options.awaitsNothing ? ' (it takes a callback and returns no promise, so `await` does not wait for it)' : '';
  return {
    messageId: 'exitBeforeClose' as const,
    data: { signal: options.signal ?? 'SIGTERM', close, note, damage: EXIT_DAMAGE[damage] },
    line,
    column,
  };
}

function noDeadline(close: string, hang: keyof typeof HANG, line: number, column: number, signal = 'SIGTERM') {
  return { messageId: 'closeWithoutDeadline' as const, data: { signal, close, hang: HANG[hang] }, line, column };
}

untypedRuleTester().run('require-graceful-shutdown (untyped)', rule, {
  valid: [
    {
      name: 'an exported factory that creates a server: whoever starts it is the entry point',
      code: `
import express from 'express';
import { router } from './routes';

export function createServer(port: number) {
  const app = express();
  app.use('/api', router);
  return app.listen(port);
}
`,
    },
    {
      name: 'an exported function that builds a BullMQ worker for someone else to run',
      code: `
import { Worker } from 'bullmq';
import { sendMail } from './mail';

export function createMailWorker(connection: { host: string; port: number }) {
  return new Worker('mail', async (job) => sendMail(job.data), { connection, concurrency: 5 });
}
`,
    },
    {
      name: 'a test file that starts the server',
      filename: 'src/server.test.ts',
      code: `
import express from 'express';
const app = express();
const server = app.listen(0);
afterAll(() => server.close());
`,
    },
    {
      name: 'a one-off script that publishes and disconnects: nothing keeps running',
      code: `
import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'backfill', brokers: process.env.KAFKA_BROKERS!.split(',') });
const producer = kafka.producer();

async function main() {
  await producer.connect();
  await producer.send({ topic: 'orders', messages: [{ value: JSON.stringify({ id: 1 }) }] });
  await producer.disconnect();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`,
    },
    {
      name: 'a Next.js route handler: the platform owns the server',
      filename: 'app/api/orders/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { prisma } from '@/lib/prisma';

export async function GET() {
  return NextResponse.json(await prisma.order.findMany({ take: 20 }));
}
`,
    },
    {
      name: 'a serverless handler: no listen, no long-lived process',
      code: `
import serverless from 'serverless-http';
import express from 'express';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const app = express();
app.get('/health', (_req, res) => res.send('ok'));
export const http = serverless(app);

const sqs = new SQSClient({});
export const drain = async () => {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: process.env.QUEUE_URL }));
  return Messages.length;
};
`,
    },
    {
      name: 'NestJS with enableShutdownHooks',
      code: `
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`,
    },
    {
      name: 'a signal handler that delegates to an imported shutdown()',
      code: `
import express from 'express';
import { shutdown } from './lifecycle/shutdown';

const app = express();
const server = app.listen(Number(process.env.PORT));
process.on('SIGTERM', () => shutdown(server));
process.on('SIGINT', shutdown);
`,
    },
    {
      name: 'server.close() without await, exiting in its callback, under a setTimeout deadline',
      code: `
import express from 'express';

const app = express();
const server = app.listen(3000, () => console.log('listening on 3000'));

process.on('SIGTERM', () => {
  console.log('SIGTERM received, closing the HTTP server');
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close((err) => process.exit(err ? 1 : 0));
});
`,
    },
    {
      name: 'an awaited close after a setTimeout(...).unref() deadline',
      code: `
import Fastify from 'fastify';

const app = Fastify({ logger: true });
app.get('/health', async () => ({ ok: true }));

const shutdown = async (signal: NodeJS.Signals) => {
  app.log.info({ signal }, 'shutting down');
  setTimeout(() => process.exit(1), 10_000).unref();
  await app.close();
  process.exit(0);
};
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);

await app.listen({ port: 8080, host: '0.0.0.0' });
`,
    },
    {
      name: 'the deadline kept in a variable and unref-ed on its own line',
      code: `
import { Worker } from 'bullmq';
import { processInvoice } from './jobs/invoice';

const worker = new Worker('invoices', processInvoice, { connection: { host: 'redis' } });

async function stop() {
  const deadline = setTimeout(() => {
    console.error('jobs still running at the deadline');
    process.exit(1);
  }, 25_000);
  deadline.unref();
  await worker.close();
  clearTimeout(deadline);
  process.exit(0);
}
process.on('SIGTERM', () => void stop());
`,
    },
    {
      name: 'close-with-grace around a Fastify server',
      code: `
import Fastify from 'fastify';
import closeWithGrace from 'close-with-grace';

const app = Fastify();
closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error(err);
  await app.close();
});
await app.listen({ port: 3000 });
`,
    },
    {
      name: 'terminus owns the signals',
      code: `
const http = require('http');
const express = require('express');
const { createTerminus } = require('@godaddy/terminus');

const app = express();
const server = http.createServer(app);
createTerminus(server, { signals: ['SIGTERM', 'SIGINT'], timeout: 10_000, onSignal: () => db.end() });
server.listen(process.env.PORT || 3000);
`,
    },
    {
      name: 'http-terminator: terminate() closes the server and bounds its own wait',
      code: `
import http from 'node:http';
import { createHttpTerminator } from 'http-terminator';
import { app } from './app';

const server = http.createServer(app.callback());
const terminator = createHttpTerminator({ server, gracefulTerminationTimeout: 8_000 });
server.listen(8080);

process.on('SIGTERM', async () => {
  await terminator.terminate();
  process.exit(0);
});
`,
    },
    {
      name: 'a listen for local development only, next to a serverless export',
      code: `
import express from 'express';
const app = express();
app.get('/', (_req, res) => res.send('hello'));

if (process.env.NODE_ENV !== 'production') {
  app.listen(3000, () => console.log('http://localhost:3000'));
}
export default app;
`,
    },
    {
      name: 'kafkajs consumer disconnected on SIGTERM under a deadline',
      code: `
import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'ledger', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'ledger' });

const run = async () => {
  await consumer.connect();
  await consumer.subscribe({ topics: ['payments'] });
  await consumer.run({ eachMessage: async ({ message }) => applyPayment(message) });
};
run().catch((e) => { console.error(e); process.exit(1); });

for (const type of ['SIGTERM', 'SIGINT']) {
  process.once(type, async () => {
    setTimeout(() => process.exit(1), 20_000).unref();
    try {
      await consumer.disconnect();
    } finally {
      process.kill(process.pid, type);
    }
  });
}
`,
    },
    {
      name: 'an SQS polling loop stopped by a flag the SIGTERM handler clears',
      code: `
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({ region: 'eu-west-1' });
let running = true;
process.once('SIGTERM', () => {
  running = false;
});

async function poll() {
  while (running) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, WaitTimeSeconds: 20 }));
    for (const message of Messages) {
      await handle(message);
      await sqs.send(new DeleteMessageCommand({ QueueUrl: QUEUE_URL, ReceiptHandle: message.ReceiptHandle }));
    }
  }
}
void poll();
`,
    },
    {
      name: 'a BullMQ close raced against a timer',
      code: `
import { Worker } from 'bullmq';
import { setTimeout as sleep } from 'node:timers/promises';

const worker = new Worker('thumbnails', render, { connection });
process.on('SIGTERM', async () => {
  await Promise.race([worker.close(), sleep(20_000)]);
  process.exit(0);
});
`,
    },
    {
      name: 'a SIGINT-only handler that closes the server counts as handling',
      code: `
import express from 'express';
const app = express();
const server = app.listen(4000);
process.on('SIGINT', () => server.close(() => process.exit(0)));
`,
    },
    {
      name: 'signals registered through a list, handler of this file',
      code: `
import Koa from 'koa';
const app = new Koa();
const server = app.listen(3000);
function gracefulExit() {
  setTimeout(() => process.exit(1), 5_000).unref();
  server.close(() => process.exit(0));
}
['SIGINT', 'SIGTERM'].forEach((signal) => process.on(signal, gracefulExit));
`,
    },
    {
      name: 'an amqplib consumer whose connection the handler closes',
      code: `
import amqp from 'amqplib';

(async () => {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.consume('emails', (msg) => msg && channel.ack(msg));
  process.once('SIGTERM', () => {
    connection.close().finally(() => process.exit(0));
  });
})();
`,
    },
    {
      name: 'a close kept in a variable and awaited later, under a deadline',
      code: `
import Fastify from 'fastify';
const app = Fastify();
await app.listen({ port: 3000 });
process.on('SIGTERM', async () => {
  const timer = setTimeout(() => process.exit(1), 10_000);
  timer.unref();
  const closing = app.close();
  await closing;
  process.exit(0);
});
`,
    },
    {
      name: 'process.exit in main().catch is not a signal handler',
      code: `
import { startServer } from './server';
async function main() {
  await startServer();
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`,
    },
    {
      name: 'a class-based entry whose shutdown method is not visible here',
      code: `
import express from 'express';
import { Application } from './application';

const application = new Application(express());
process.on('SIGTERM', () => application.shutdown());
application.listen(8080);
`,
    },
    {
      name: 'a worker thread is not a queue worker',
      code: `
import { Worker } from 'node:worker_threads';
const worker = new Worker(new URL('./resize.js', import.meta.url));
worker.postMessage({ width: 200 });
`,
    },
    {
      name: 'shutdown wired by an imported helper named for it',
      code: `
import { createServer } from 'node:http';
import { registerGracefulShutdown } from '@acme/service-kit';
import { handler } from './handler';

const server = createServer(handler);
server.listen(8080);
registerGracefulShutdown(server, { timeoutMs: 10_000 });
`,
    },
    {
      name: 'a server wrapped by stoppable and stopped on SIGTERM',
      code: `
import express from 'express';
import stoppable from 'stoppable';

const app = express();
const server = stoppable(app.listen(3000), 10_000);
process.on('SIGTERM', () => server.stop(() => process.exit(0)));
`,
    },
    {
      name: 'a worker handed to a package that manages its lifecycle',
      code: `
import { Worker } from 'bullmq';
import { supervise } from '@acme/worker-kit';

const worker = new Worker('webhooks', deliver, { connection });
supervise(worker, { name: 'webhooks' });
`,
    },
    {
      name: 'odd code: computed members, optional chaining, spread arguments',
      code: `
const method = 'listen';
app[method](3000);
server?.close?.();
process.on(...args);
process['on']('SIGTERM');
process.on();
process.once('SIGINT', undefined);
new (getWorkerClass())('q');
new Worker();
app.listen();
class Api {
  server = app.listen(3000);
}
function again() {
  again();
  process.exit();
}
process.on('SIGTERM', again);
process.on('SIGTERM', (() => () => server.close())());
`,
    },
    {
      name: 'an exit in a setTimeout callback is the deadline, not an early exit',
      code: `
import express from 'express';
const server = express().listen(3000);
process.on('SIGTERM', () => {
  server.close();
  setTimeout(() => process.exit(0), 5_000);
});
`,
    },
  ],
  invalid: [
    {
      name: 'Express: app.listen at the top level, no signal handling',
      code: `
import express from 'express';
import { router } from './routes';

const app = express();
app.use(express.json());
app.use('/api', router);

const port = Number(process.env.PORT ?? 3000);
app.listen(port, () => console.log(\`listening on \${port}\`));
`,
      errors: [missing('An Express server (`app.listen()`)', 'server', unkeptServerFix('app.listen()'), 10, 1)],
    },
    {
      name: 'Fastify started in main() called at load (the 002 API pod)',
      code: `
import Fastify from 'fastify';
import { loadConfig } from './config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = Fastify({ logger: true });
  await app.listen({ host: config.host, port: config.port });
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
`,
      errors: [missing('A Fastify server (`app.listen()`)', 'server', serverFix('`app.close()`'), 8, 9)],
    },
    {
      name: 'a BullMQ Worker at the top level of the worker entry (the 000 briefing worker)',
      code: `
import { Worker } from 'bullmq';
import { processBriefingJob } from './jobs/generate-briefing';

const worker = new Worker('briefings', processBriefingJob, {
  connection: { host: 'redis', port: 6379 },
  concurrency: 4,
});
worker.on('failed', (job, err) => console.error(job?.id, err));
`,
      errors: [
        missing(
          'A BullMQ Worker (`new Worker()`)',
          'worker',
          `Handle SIGTERM: await \`worker.close()\` so the jobs in progress finish ${DEADLINE}, then exit`,
          5,
          16,
        ),
      ],
    },
    {
      name: 'a kafkajs consumer started in run()',
      code: `
import { Kafka } from 'kafkajs';

const kafka = new Kafka({ clientId: 'sink', brokers: ['kafka:9092'] });
const consumer = kafka.consumer({ groupId: 'warehouse-sink' });

async function run() {
  await consumer.connect();
  await consumer.subscribe({ topic: 'events' });
  await consumer.run({ eachBatch: async ({ batch }) => sink.write(batch.messages) });
}
run().catch(console.error);
`,
      errors: [
        missing('A kafkajs consumer (`consumer.run()`)', 'consumer', `Handle SIGTERM: stop consuming, await \`consumer.disconnect()\` ${DEADLINE}, then exit`, 10, 9),
      ],
    },
    {
      name: 'an amqplib consumer in an IIFE',
      code: `
import amqp from 'amqplib';

(async () => {
  const connection = await amqp.connect(process.env.AMQP_URL!);
  const channel = await connection.createChannel();
  await channel.prefetch(10);
  await channel.consume('emails', async (msg) => {
    if (!msg) return;
    await sendEmail(JSON.parse(msg.content.toString()));
    channel.ack(msg);
  });
})();
`,
      errors: [missing('An amqplib consumer (`channel.consume()`)', 'consumer', `Handle SIGTERM: stop consuming, await \`channel.close()\` ${DEADLINE}, then exit`, 8, 9)],
    },
    {
      name: 'an SQS polling loop with no way to stop it',
      code: `
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});
async function poll() {
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: QUEUE_URL, WaitTimeSeconds: 20 }));
    await Promise.all(Messages.map(handle));
  }
}
poll();
`,
      errors: [missing('An SQS polling loop (`for (…)`)', 'consumer', `Handle SIGTERM: stop consuming, await \`sqs.destroy()\` ${DEADLINE}, then exit`, 6, 3)],
    },
    {
      name: 'a signal handler that exits without closing the server',
      code: `
import express from 'express';
const app = express();
const server = app.listen(8080);
process.on('SIGTERM', () => {
  console.log('bye');
  process.exit(0);
});
`,
      errors: [
        missing('An Express server (`app.listen()`)', 'server', callbackServerFix('server'), 4, 16, 'no SIGTERM/SIGINT handler here closes `server`'),
      ],
    },
    {
      name: 'a handler that closes the worker but not the server next to it',
      code: `
import express from 'express';
import { Worker } from 'bullmq';

const worker = new Worker('exports', buildExport, { connection });
const server = express().listen(3000);
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  worker.close().then(() => process.exit(0));
});
`,
      errors: [
        missing('An Express server (`express().listen()`)', 'server', callbackServerFix('server'), 6, 16, 'no SIGTERM/SIGINT handler here closes `server`'),
      ],
    },
    {
      name: 'a handler that closes the database, while the server is not kept anywhere',
      code: `
import express from 'express';
import Database from 'better-sqlite3';

const db = new Database('app.db');
const app = express();
app.listen(3000);
process.on('SIGTERM', () => {
  db.close();
  process.exit(0);
});
`,
      errors: [
        missing(
          'An Express server (`app.listen()`)',
          'server',
          unkeptServerFix('app.listen()'),
          7,
          1,
          'it is not kept in a variable, so no SIGTERM/SIGINT handler here can close it',
        ),
      ],
    },
    {
      name: 'a server handed to a project module that attaches websockets: still not closed',
      code: `
import express from 'express';
import { initSocket } from './socket';

const app = express();
const server = app.listen(Number(process.env.PORT));
initSocket(server);
`,
      errors: [missing('An Express server (`app.listen()`)', 'server', callbackServerFix('server'), 6, 16)],
    },
    {
      name: 'the listen under require.main === module',
      code: `
const express = require('express');
const app = express();
app.get('/health', (req, res) => res.send('ok'));
if (require.main === module) {
  app.listen(process.env.PORT || 8080);
}
module.exports = app;
`,
      errors: [missing('An Express server (`app.listen()`)', 'server', unkeptServerFix('app.listen()'), 6, 3)],
    },
    {
      name: 'NestJS bootstrap without enableShutdownHooks',
      code: `
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.setGlobalPrefix('api');
  await app.listen(3000);
}
bootstrap();
`,
      errors: [
        missing(
          'A NestJS application (`app.listen()`)',
          'server',
          `Call \`app.enableShutdownHooks()\` so NestJS closes the application on SIGTERM, or handle SIGTERM and await \`app.close()\` ${DEADLINE}`,
          8,
          9,
        ),
      ],
    },
    {
      name: 'a Hono server whose handle is not kept',
      code: `
import { Hono } from 'hono';
import { serve } from '@hono/node-server';

const app = new Hono();
app.get('/', (c) => c.text('ok'));
serve({ fetch: app.fetch, port: 8787 });
`,
      errors: [
        missing('A Hono server (`serve()`)', 'server', unkeptServerFix('serve()'), 7, 1),
      ],
    },
    {
      name: 'exit right after a close that was not awaited',
      code: `
import express from 'express';
const app = express();
const server = app.listen(3000);
process.on('SIGTERM', () => {
  server.close();
  process.exit(0);
});
`,
      errors: [earlyExit('server.close()', 'server', 7, 3)],
    },
    {
      name: 'await on http.Server#close waits for nothing',
      code: `
import http from 'node:http';
const server = http.createServer(handler);
server.listen(8080);
process.on('SIGINT', async () => {
  await server.close();
  process.exit(0);
});
`,
      errors: [earlyExit('server.close()', 'server', 7, 3, { signal: 'SIGINT', awaitsNothing: true })],
    },
    {
      name: 'the exit precedes the close started by a function of this file',
      code: `
import { Worker } from 'bullmq';
const worker = new Worker('reports', buildReport, { connection });
async function stopWorker() {
  await worker.close();
}
process.on('SIGTERM', () => {
  stopWorker();
  process.exit(0);
});
`,
      errors: [earlyExit('worker.close()', 'worker', 9, 3)],
    },
    {
      name: 'Fastify close awaited with no deadline',
      code: `
import Fastify from 'fastify';
const app = Fastify();
app.get('/export', exportHandler);
process.on('SIGTERM', async () => {
  await app.close();
  process.exit(0);
});
await app.listen({ port: 3000 });
`,
      errors: [noDeadline('app.close()', 'server', 6, 9)],
    },
    {
      name: 'a deadline armed only after the close has been awaited',
      code: `
import { Worker } from 'bullmq';
const worker = new Worker('video', transcode, { connection, concurrency: 2 });
process.on('SIGTERM', async () => {
  await worker.close();
  setTimeout(() => process.exit(1), 5_000).unref();
  process.exit(0);
});
`,
      errors: [noDeadline('worker.close()', 'worker', 5, 9)],
    },
    {
      name: 'a promisified server close with no deadline',
      code: `
import express from 'express';
const server = express().listen(3000);
process.on('SIGTERM', async () => {
  await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  process.exit(0);
});
`,
      errors: [noDeadline('server.close()', 'server', 5, 48)],
    },
    {
      name: 'NATS drain awaited with no deadline',
      code: `
import { connect } from 'nats';
const nc = await connect({ servers: process.env.NATS_URL });
const sub = nc.subscribe('events.>');
(async () => {
  for await (const m of sub) await store(m.data);
})();
process.on('SIGTERM', async () => {
  await nc.drain();
  process.exit(0);
});
`,
      errors: [noDeadline('nc.drain()', 'consumer', 9, 9)],
    },
    {
      name: 'an app built by a project factory: its close is awaited, so only the missing deadline is reported',
      code: `
import { createApi } from './api.js';

const api = await createApi();
const stop = async () => {
  await api.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
await api.listen({ port: Number(process.env.PORT), host: '0.0.0.0' });
`,
      errors: [noDeadline('api.close()', 'server', 6, 9)],
    },
    {
      name: 'a NestJS application context closed with no deadline',
      code: `
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from './worker.module';

async function bootstrap() {
  const app = await NestFactory.createApplicationContext(WorkerModule);
  process.on('SIGTERM', async () => {
    await app.close();
    process.exit(0);
  });
}
bootstrap();
`,
      errors: [
        {
          messageId: 'closeWithoutDeadline' as const,
          data: { signal: 'SIGTERM', close: 'app.close()', hang: 'if it never completes, nothing stops the wait' },
          line: 8,
          column: 11,
        },
      ],
    },
    {
      name: 'both signals share one handler: one report naming both',
      code: `
import Fastify from 'fastify';
const app = Fastify();
async function shutdown() {
  await app.close();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
await app.listen({ port: 3000 });
`,
      errors: [noDeadline('app.close()', 'server', 5, 9, 'SIGTERM/SIGINT')],
    },
  ],
});

typedRuleTester().run('require-graceful-shutdown (typed)', rule, {
  valid: [
    {
      name: 'signal handling installed by an imported project function',
      code: `
import { installHooks } from './lifecycle-shutdown.js';
import { startHttp } from './lifecycle-server.js';
const server = startHttp(8080);
installHooks(server, 10_000);
`,
    },
    {
      name: 'a server returned by an imported function and closed here',
      code: `
import { startHttp } from './lifecycle-server.js';
const server = startHttp(8080);
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(1), 10_000).unref();
  server.close(() => process.exit(0));
});
`,
    },
    {
      name: 'a project class with a listen method of its own',
      code: `
class EventBus {
  listen(port: number): number {
    return port;
  }
}
const app = new EventBus();
app.listen(3000);
`,
    },
    {
      name: 'an imported function that only connects and disconnects',
      code: `
import { loadTopics } from './lifecycle-consumers.js';
console.log(await loadTopics(['kafka:9092']));
`,
    },
    {
      name: 'a typed server close in its callback under a deadline',
      code: `
import type { Server } from 'node:http';
export function onSigterm(server: Server): void {
  process.once('SIGTERM', () => {
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(() => process.exit(0));
  });
}
`,
    },
  ],
  invalid: [
    {
      name: 'consumers started by imported project functions, no signal handling (the 002 sink pod)',
      code: `
import type { JetStreamClient } from 'nats';
import { runOrderConsumer, startAuditConsumer } from './lifecycle-consumers.js';

declare const js: JetStreamClient;

async function main(): Promise<void> {
  await startAuditConsumer(['kafka:9092']);
  await runOrderConsumer(js);
}
void main();
`,
      errors: [
        {
          messageId: 'missingShutdown',
          data: {
            start: '`startAuditConsumer()` starts a kafkajs consumer via startAuditConsumer() → consumer.run() (lifecycle-consumers.ts:19), which',
            why: NO_HANDLER,
            damage: START_DAMAGE.consumer,
            fix: `Handle SIGTERM: stop what \`startAuditConsumer()\` started (have it return a handle) and await its close ${DEADLINE}, then exit`,
          },
          line: 8,
          column: 9,
        },
        {
          messageId: 'missingShutdown',
          data: {
            start: '`runOrderConsumer()` starts a NATS JetStream consumer via runOrderConsumer() → consumer.consume() (lifecycle-consumers.ts:8), which',
            why: NO_HANDLER,
            damage: START_DAMAGE.consumer,
            fix: `Handle SIGTERM: stop what \`runOrderConsumer()\` started (have it return a handle) and await its close ${DEADLINE}, then exit`,
          },
          line: 9,
          column: 9,
        },
      ],
    },
    {
      name: 'a Fastify health server next to imported consumers: both reported',
      code: `
import Fastify from 'fastify';
import type { JetStreamClient } from 'nats';
import { runOrderConsumer } from './lifecycle-consumers.js';

declare const js: JetStreamClient;
const health = Fastify();
await health.listen({ port: 9000 });
await runOrderConsumer(js);
`,
      errors: [
        missing('A Fastify server (`health.listen()`)', 'server', serverFix('`health.close()`'), 8, 7),
        {
          messageId: 'missingShutdown',
          data: {
            start: '`runOrderConsumer()` starts a NATS JetStream consumer via runOrderConsumer() → consumer.consume() (lifecycle-consumers.ts:8), which',
            why: NO_HANDLER,
            damage: START_DAMAGE.consumer,
            fix: `Handle SIGTERM: stop what \`runOrderConsumer()\` started (have it return a handle) and await its close ${DEADLINE}, then exit`,
          },
          line: 9,
          column: 7,
        },
      ],
    },
    {
      name: 'awaiting a typed http.Server close in a shutdown module',
      code: `
import type { Server } from 'node:http';
export function onSigterm(server: Server): void {
  process.once('SIGTERM', async () => {
    await server.close();
    process.exit(0);
  });
}
`,
      errors: [earlyExit('server.close()', 'server', 6, 5, { awaitsNothing: true })],
    },
    {
      name: 'a typed BullMQ worker close awaited with no deadline in a shutdown module',
      code: `
import type { Worker } from 'bullmq';
export function closeOnSigterm(worker: Worker): void {
  process.on('SIGTERM', async () => {
    await worker.close();
    process.exit(0);
  });
}
`,
      errors: [noDeadline('worker.close()', 'worker', 5, 11)],
    },
  ],
});
