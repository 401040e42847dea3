import { describe, expect, it } from 'vitest';
import { lineOf, locations, PACKAGE_JSON, runCheck, STRICT_TSCONFIG } from './helpers.js';

const ID = 'single-task-queue';

const bullmqQueue = `import { Queue } from 'bullmq';
import { redisConnection } from './redis.js';

export const briefingQueue = new Queue('briefings', { connection: redisConnection });
`;

const bullmqWorker = `import { Worker } from 'bullmq';
import { redisConnection } from './redis.js';
import { generateBriefing } from './generate.js';

export const worker = new Worker('briefings', generateBriefing, { connection: redisConnection });
`;

const base = { 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/jobs/queue.ts': bullmqQueue, 'src/worker.ts': bullmqWorker };

describe('single-task-queue', () => {
  describe('reports', () => {
    it('each file of each system when two queue libraries share a project', () => {
      const crewQueue = `// The AI crew keeps its own queue: workflows wait here until the crew worker picks them up.
import BeeQueue from 'bee-queue';

export const crewQueue = new BeeQueue('crew-workflows', { redis: { host: 'redis' } });

export async function enqueueWorkflow(name: string, settings: unknown) {
  return crewQueue.createJob({ name, settings }).retries(2).save();
}
`;
      const run = runCheck({ ...base, 'src/ai/crew-queue.ts': crewQueue }, ID);
      expect(run.errors).toEqual([]);
      expect(locations(run)).toEqual(['src/ai/crew-queue.ts:2', 'src/jobs/queue.ts:1', 'src/worker.ts:1']);
      expect(run.findings.every((finding) => finding.ruleId === 'pitfalls-project/single-task-queue' && finding.tool === 'project')).toBe(true);
      const crew = run.findings.find((finding) => finding.file === 'src/ai/crew-queue.ts');
      expect(crew?.message).toContain('This file uses Bee-Queue, one of 2 task-queue systems');
      expect(crew?.message).toContain('BullMQ (src/jobs/queue.ts, src/worker.ts)');
      expect(crew?.message).toContain('Bee-Queue (src/ai/crew-queue.ts)');
      expect(crew?.docsUrl).toBe('https://github.com/pitfalls-dev/pitfalls/blob/main/docs/project/single-task-queue.md');
    });

    it('a Redis list used as a queue next to BullMQ, at the push that feeds it and at the blocking pop', () => {
      const producer = `import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

export async function handOffToCrew(workflow: string, payload: unknown): Promise<void> {
  await redis.lpush('crew:tasks', JSON.stringify({ workflow, payload }));
}
`;
      const consumer = `import { Redis } from 'ioredis';
import { runCrew } from './crew.js';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://localhost:6379');

export async function crewLoop(): Promise<never> {
  for (;;) {
    const popped = await redis.brpop('crew:tasks', 0);
    if (popped) await runCrew(JSON.parse(popped[1]));
  }
}
`;
      const run = runCheck({ ...base, 'src/ai/hand-off.ts': producer, 'src/ai/crew-loop.ts': consumer }, ID);
      expect(locations(run)).toEqual([
        `src/ai/crew-loop.ts:${lineOf(consumer, 'brpop')}`,
        `src/ai/hand-off.ts:${lineOf(producer, 'lpush')}`,
        'src/jobs/queue.ts:1',
        'src/worker.ts:1',
      ]);
      const loop = run.findings.find((finding) => finding.file === 'src/ai/crew-loop.ts');
      expect(loop?.message).toContain("`redis.brpop('crew:tasks', 0)` runs a Redis list as a queue");
      expect(loop?.message).toContain('a Redis list queue (src/ai/crew-loop.ts, src/ai/hand-off.ts)');
    });

    it('CommonJS requires and a dynamic import', () => {
      const legacy = `const kue = require('kue');

export const jobs = kue.createQueue();
`;
      const reports = `export async function scheduleReports() {
  const { Agenda } = await import('agenda');
  const agenda = new Agenda({ db: { address: process.env.MONGO_URL! } });
  await agenda.every('1 day', 'send-report');
}
`;
      const run = runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/legacy/jobs.ts': legacy, 'src/reports.ts': reports }, ID);
      expect(locations(run)).toEqual(['src/legacy/jobs.ts:1', `src/reports.ts:${lineOf(reports, "import('agenda')")}`]);
      expect(run.findings[0]?.message).toContain('Kue');
      expect(run.findings[0]?.message).toContain('Agenda');
    });
  });

  describe('does not report', () => {
    it('one system used in many files, through NestJS too', () => {
      const nestModule = `import { BullModule } from '@nestjs/bullmq';
import { Module } from '@nestjs/common';

@Module({ imports: [BullModule.registerQueue({ name: 'briefings' })] })
export class JobsModule {}
`;
      const run = runCheck({ ...base, 'src/jobs/jobs.module.ts': nestModule }, ID);
      expect(run.findings).toEqual([]);
      expect(run.errors).toEqual([]);
    });

    it('a second library imported only for its types', () => {
      const typesOnly = `import type { Job } from 'bull';
import { Job as LegacyJob } from 'bee-queue';

export function describeJob(job: Job, legacy?: LegacyJob<unknown>): string {
  return String(job.id ?? legacy?.id);
}
`;
      expect(runCheck({ ...base, 'src/jobs/describe.ts': typesOnly }, ID).findings).toEqual([]);
    });

    it('a second system in tests and scripts', () => {
      const testFile = `import Queue from 'bull';
import { it } from 'vitest';

it('drains', async () => {
  await new Queue('test').empty();
});
`;
      const script = `import PgBoss from 'pg-boss';

const boss = new PgBoss(process.env.DATABASE_URL!);
await boss.start();
`;
      expect(runCheck({ ...base, 'src/jobs/queue.test.ts': testFile, 'scripts/migrate-jobs.ts': script, 'tests/helpers/queue.ts': testFile }, ID).findings).toEqual([]);
    });

    it('Redis lists kept as capped logs, with no worker taking from them', () => {
      const activity = `import { Redis } from 'ioredis';

const redis = new Redis();

export async function recordActivity(userId: string, event: string): Promise<string[]> {
  await redis.lpush(\`activity:\${userId}\`, event);
  await redis.ltrim(\`activity:\${userId}\`, 0, 99);
  return redis.lrange(\`activity:\${userId}\`, 0, 9);
}
`;
      expect(runCheck({ ...base, 'src/activity.ts': activity }, ID).findings).toEqual([]);
    });

    it('a message broker next to the job queue', () => {
      const events = `import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

export async function publishBriefingReady(id: string) {
  await producer.send({ topic: 'briefing-ready', messages: [{ key: id, value: id }] });
}
`;
      expect(runCheck({ ...base, 'src/events.ts': events }, ID).findings).toEqual([]);
    });

    it('a project without any queue', () => {
      const app = `import express from 'express';

export const app = express();
`;
      expect(runCheck({ 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG, 'src/app.ts': app }, ID).findings).toEqual([]);
    });
  });

  it('refuses options it does not know', () => {
    const run = runCheck(base, ID, { systems: ['bullmq'] });
    expect(run.errors).toEqual(['single-task-queue: unknown option "systems" (known: none)']);
  });
});
