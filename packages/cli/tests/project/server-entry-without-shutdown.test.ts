import { describe, expect, it } from 'vitest';
import { lineOf, locations, PACKAGE_JSON, runCheck, STRICT_TSCONFIG } from './helpers.js';

const ID = 'server-entry-without-shutdown';

const expressServer = `import express from 'express';
import { router } from './routes.js';

const app = express();
app.use(router);

const port = Number(process.env.PORT ?? 8080);
app.listen(port, () => console.log(\`listening on \${port}\`));
`;

const shutdownHandler = `import type { Server } from 'node:http';

export function closeOnSignal(server: Server): void {
  const close = () => server.close(() => process.exit(0));
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
}
`;

const bullWorker = `import { Worker } from 'bullmq';
import { processEvent } from './process-event.js';

const worker = new Worker('events', processEvent, { connection: { host: 'redis' } });
worker.on('failed', (job, err) => console.error(job?.id, err));
`;

const base = { 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG };

describe('server-entry-without-shutdown', () => {
  describe('reports', () => {
    it('an Express server started with no SIGTERM handling anywhere, on the listen call', () => {
      const run = runCheck({ ...base, 'src/server.ts': expressServer }, ID);
      expect(run.errors).toEqual([]);
      expect(locations(run)).toEqual([`src/server.ts:${lineOf(expressServer, 'app.listen(')}`]);
      const [finding] = run.findings;
      expect(finding?.ruleId).toBe('pitfalls-project/server-entry-without-shutdown');
      expect(finding?.column).toBe(1);
      expect(finding?.message).toContain('starts an Express server, and nothing in this program handles SIGTERM');
    });

    it('the worker app of a monorepo whose API app alone handles SIGTERM', () => {
      const run = runCheck(
        {
          'package.json': JSON.stringify({ name: 'acme', private: true, workspaces: ['apps/*'] }),
          'tsconfig.json': STRICT_TSCONFIG.replace('"src"', '"apps"'),
          'apps/api/package.json': JSON.stringify({ name: '@acme/api', dependencies: { express: '^5.0.0' } }),
          'apps/api/src/server.ts': expressServer.replace("app.listen(port, () => console.log(`listening on ${port}`));", 'closeOnSignal(app.listen(port));').replace("import { router } from './routes.js';", "import { router } from './routes.js';\nimport { closeOnSignal } from './shutdown.js';"),
          'apps/api/src/shutdown.ts': shutdownHandler,
          'apps/worker/package.json': JSON.stringify({ name: '@acme/worker', dependencies: { bullmq: '^5.0.0' } }),
          'apps/worker/src/main.ts': bullWorker,
        },
        ID,
      );
      expect(locations(run)).toEqual([`apps/worker/src/main.ts:${lineOf(bullWorker, 'new Worker(')}`]);
      expect(run.findings[0]?.message).toContain('starts a BullMQ worker, and nothing in `@acme/worker` or the packages of this repository it depends on handles SIGTERM');
    });

    it('a NestJS bootstrap exported to main.ts without enableShutdownHooks', () => {
      const bootstrap = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

export async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 3000);
  return app;
}
`;
      const run = runCheck({ ...base, 'src/bootstrap.ts': bootstrap, 'src/main.ts': "import { bootstrap } from './bootstrap.js';\n\nvoid bootstrap();\n" }, ID);
      expect(locations(run)).toEqual([`src/bootstrap.ts:${lineOf(bootstrap, 'app.listen(')}`]);
      expect(run.findings[0]?.message).toContain('starts a NestJS application');
    });

    it('a health server made by a factory under any name, and a kafkajs consumer started at load', () => {
      const worker = `import Fastify from 'fastify';
import { Kafka } from 'kafkajs';

async function main() {
  const consumer = new Kafka({ brokers: ['kafka:9092'] }).consumer({ groupId: 'sink' });
  await consumer.run({ eachMessage: async ({ message }) => console.log(message.offset) });
  const probes = Fastify();
  await probes.listen({ port: 9090 });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
`;
      const run = runCheck({ ...base, 'src/worker.ts': worker }, ID);
      expect(locations(run)).toEqual([`src/worker.ts:${lineOf(worker, 'consumer.run(')}`, `src/worker.ts:${lineOf(worker, 'probes.listen(')}`]);
      const messages = run.findings.map((finding) => finding.message);
      expect(messages.some((message) => message.startsWith('`probes.listen({ port: 9090 })` starts a Fastify server,'))).toBe(true);
      expect(messages.some((message) => message.startsWith('`consumer.run({ eachMessage:') && message.includes('` starts a kafkajs consumer,'))).toBe(true);
    });
  });

  describe('does not report', () => {
    it('a server whose SIGTERM handler lives in another file of the program', () => {
      const server = expressServer.replace("app.listen(port, () => console.log(`listening on ${port}`));", 'closeOnSignal(app.listen(port));');
      expect(runCheck({ ...base, 'src/server.ts': server, 'src/shutdown.ts': shutdownHandler }, ID).findings).toEqual([]);
    });

    it('NestJS with enableShutdownHooks', () => {
      const main = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(3000);
}
void bootstrap();
`;
      expect(runCheck({ ...base, 'src/main.ts': main }, ID).findings).toEqual([]);
    });

    it('a shutdown library', () => {
      const main = `import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';

const app = Fastify();
closeWithGrace({ delay: 10_000 }, async () => app.close());
await app.listen({ port: 3000 });
`;
      expect(runCheck({ ...base, 'src/main.ts': main }, ID).findings).toEqual([]);
    });

    it('signals registered in a loop, and a worker whose app depends on the workspace package that handles them', () => {
      const lifecycle = `const handlers: (() => Promise<void>)[] = [];

export function onShutdown(handler: () => Promise<void>): void {
  handlers.push(handler);
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    void Promise.all(handlers.map((handler) => handler())).then(() => process.exit(0));
  });
}
`;
      const worker = `import { Worker } from 'bullmq';
import { onShutdown } from '@acme/runtime';

const worker = new Worker('events', async () => undefined);
onShutdown(() => worker.close());
`;
      const run = runCheck(
        {
          'package.json': JSON.stringify({ name: 'acme', private: true }),
          'tsconfig.json': STRICT_TSCONFIG.replace('"src"', '"apps", "libs"'),
          'libs/runtime/package.json': JSON.stringify({ name: '@acme/runtime' }),
          'libs/runtime/src/index.ts': lifecycle,
          'apps/worker/package.json': JSON.stringify({ name: '@acme/worker', dependencies: { '@acme/runtime': 'workspace:*', bullmq: '^5.0.0' } }),
          'apps/worker/src/main.ts': worker,
        },
        ID,
      );
      expect(run.findings).toEqual([]);
    });

    it('a listen for local development only, next to a serverless export', () => {
      const app = `import express from 'express';
import serverless from 'serverless-http';

const app = express();
export const handler = serverless(app);

if (process.env.NODE_ENV !== 'production') {
  app.listen(3000);
}
`;
      expect(runCheck({ ...base, 'src/app.ts': app }, ID).findings).toEqual([]);
    });

    it('servers started by tests and scripts', () => {
      const testServer = `import http from 'node:http';
import { beforeAll } from 'vitest';

beforeAll(() => {
  http.createServer((_req, res) => res.end('ok')).listen(0);
});
`;
      expect(runCheck({ ...base, 'src/api.test.ts': testServer, 'scripts/mock-server.ts': expressServer, 'test/support/server.ts': expressServer }, ID).findings).toEqual([]);
    });

    it('listen methods that start no server, and a consumer fetched inside a helper', () => {
      const router = `import { createBrowserHistory } from 'history';
import type { JetStreamClient } from 'nats';
import { connect } from 'nats';

export const history = createBrowserHistory();
history.listen(({ location }) => console.log(location.pathname));

export async function drainOnce(js: JetStreamClient) {
  const consumer = await js.consumers.get('EVENTS', 'sink');
  return consumer.consume({ max_messages: 10 });
}

export const connectNats = () => connect({ servers: 'nats://nats:4222' });
`;
      expect(runCheck({ ...base, 'src/router.ts': router }, ID).findings).toEqual([]);
    });
  });
});
