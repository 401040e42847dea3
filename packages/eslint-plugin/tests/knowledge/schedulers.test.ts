import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { cronDependsOnZone, importsSchedulerPackage, scheduleRegistrationOf } from '../../src/knowledge/schedulers.js';
import { createRule } from '../../src/util/create-rule.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

// Test-only rule: reports every schedule registration scheduleRegistrationOf
// accepts, with its library, kind, timezone state and zone dependence.
const reportSchedules = createRule({
  name: 'report-schedules',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['jobs'], seed: 'test' },
    messages: { schedule: '{{library}} {{kind}} {{timezone}} {{zoneDependent}}' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const found = scheduleRegistrationOf(node, context);
      if (found) {
        context.report({
          node,
          messageId: 'schedule',
          data: { library: found.library, kind: found.kind, timezone: found.timezone, zoneDependent: String(found.zoneDependent) },
        });
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
});

const schedule = (library: string, kind: string, timezone: string, zoneDependent = true) => ({
  messageId: 'schedule' as const,
  data: { library, kind, timezone, zoneDependent: String(zoneDependent) },
});

untypedRuleTester().run('scheduleRegistrationOf without types', reportSchedules, {
  valid: [
    { name: 'array every', code: `const ok = users.every((user) => user.active);` },
    { name: 'a Set add and a Map set', code: `const seen = new Set(); seen.add('a'); cache.add('key', value, { ttl: 60 });` },
    { name: 'a one-off BullMQ job', code: `import { Queue } from 'bullmq'; const q = new Queue('mail'); q.add('welcome', { userId }, { delay: 5000 });` },
    { name: 'schedule on an unknown receiver with no cron expression', code: `calendar.schedule(meeting, attendees);` },
    { name: 'a project CronJob class', code: `import { CronJob } from './jobs/cron-job'; new CronJob('0 9 * * *', run);` },
    { name: 'a Cron decorator imported from the project', code: `import { Cron } from './decorators'; class Jobs { @Cron('0 9 * * *') run() {} }` },
    { name: 'repeat options read from a variable on an unknown queue', code: `queue.add('sync', data, jobOptions);` },
    { name: 'a spread argument list', code: `import cron from 'node-cron'; cron.schedule(...args);` },
  ],
  invalid: [
    { code: `import cron from 'node-cron'; cron.schedule('0 9 * * *', sendDigest);`, errors: [schedule('node-cron', 'cron-task', 'missing')] },
    {
      code: `const cron = require('node-cron'); cron.schedule('*/5 * * * *', poll, { timezone: 'Europe/Paris' });`,
      errors: [schedule('node-cron', 'cron-task', 'explicit', false)],
    },
    { code: `cron.schedule('0 0 9 * * 1-5', run, options);`, errors: [schedule('node-cron', 'cron-task', 'unknown')] },
    { code: `import { CronJob } from 'cron'; new CronJob('0 9 * * *', run, null, true, 'America/New_York');`, errors: [schedule('cron', 'cron-job', 'explicit')] },
    { code: `import { CronJob } from 'cron'; new CronJob('0 9 * * *', run, null, true);`, errors: [schedule('cron', 'cron-job', 'missing')] },
    { code: `import { CronJob } from 'cron'; CronJob.from({ cronTime: '@daily', onTick: run, timeZone: 'UTC' });`, errors: [schedule('cron', 'cron-job', 'explicit')] },
    { code: `import { CronJob } from 'cron'; CronJob.from({ cronTime: '0 8 * * *', onTick: run, ...defaults });`, errors: [schedule('cron', 'cron-job', 'unknown')] },
    {
      code: `import { Queue } from 'bullmq'; const q = new Queue('reports'); q.add('daily', {}, { repeat: { pattern: '0 7 * * *' } });`,
      errors: [schedule('bullmq', 'repeatable-job', 'missing')],
    },
    { code: `this.queue.add('poll', {}, { repeat: { every: 60_000 } });`, errors: [schedule('bullmq', 'repeatable-job', 'missing', false)] },
    { code: `queue.upsertJobScheduler('digest', { pattern: '0 9 * * *', tz: user.timezone }, { name: 'digest' });`, errors: [schedule('bullmq', 'job-scheduler', 'explicit')] },
    { code: `import Queue from 'bull'; const q = new Queue('mail'); q.add({ kind: 'digest' }, { repeat: { cron: '0 9 * * *' } });`, errors: [schedule('bull', 'repeatable-job', 'missing')] },
    { code: `import schedule from 'node-schedule'; schedule.scheduleJob('0 9 * * *', run);`, errors: [schedule('node-schedule', 'scheduled-job', 'missing')] },
    {
      code: `import schedule from 'node-schedule'; schedule.scheduleJob('digest', { rule: '0 9 * * *', tz: 'Europe/Berlin' }, run);`,
      errors: [schedule('node-schedule', 'scheduled-job', 'explicit')],
    },
    {
      code: `import { RecurrenceRule, scheduleJob } from 'node-schedule'; const rule = new RecurrenceRule(); rule.hour = 9; rule.tz = 'Etc/UTC'; scheduleJob(rule, run);`,
      errors: [schedule('node-schedule', 'scheduled-job', 'explicit')],
    },
    { code: `import { scheduleJob } from 'node-schedule'; scheduleJob(new Date(Date.UTC(2026, 0, 1)), run);`, errors: [schedule('node-schedule', 'scheduled-job', 'unknown', false)] },
    { code: `import Agenda from 'agenda'; const agenda = new Agenda({ db }); agenda.every('0 9 * * *', 'send digest');`, errors: [schedule('agenda', 'recurring-job', 'missing')] },
    { code: `import Agenda from 'agenda'; const agenda = new Agenda({ db }); agenda.every('5 minutes', 'sync feeds');`, errors: [schedule('agenda', 'recurring-job', 'missing', false)] },
    { code: `class Jobs { @Cron('0 0 9 * * *', { timeZone: 'Asia/Tokyo' }) send() {} }`, errors: [schedule('@nestjs/schedule', 'cron-decorator', 'explicit')] },
  ],
});

typedRuleTester().run('scheduleRegistrationOf with types', reportSchedules, {
  valid: [
    { name: 'a project add method', code: `const store = { add: (key: string, value: unknown, opts: object) => [key, value, opts] }; store.add('k', 1, { repeat: { pattern: '0 9 * * *' } });` },
    { name: 'BullMQ add without repeat', code: `import { Queue } from 'bullmq'; export async function welcome(q: Queue) { await q.add('welcome', {}, { attempts: 3 }); }` },
  ],
  invalid: [
    { code: `import cron from 'node-cron'; cron.schedule('0 9 * * *', () => undefined);`, errors: [schedule('node-cron', 'cron-task', 'missing')] },
    {
      code: `import { Queue } from 'bullmq'; export async function plan(q: Queue) { await q.upsertJobScheduler('digest', { pattern: '0 9 * * *' }); }`,
      errors: [schedule('bullmq', 'job-scheduler', 'missing')],
    },
    {
      code: `import { Cron, CronExpression } from '@nestjs/schedule'; export class Jobs { @Cron(CronExpression.EVERY_5_MINUTES) poll() {} }`,
      errors: [schedule('@nestjs/schedule', 'cron-decorator', 'missing', false)],
    },
  ],
});

describe('cronDependsOnZone', () => {
  it('reads wall-clock fields', () => {
    expect(cronDependsOnZone('0 9 * * *')).toBe(true);
    expect(cronDependsOnZone('0 0 9 * * 1-5')).toBe(true);
    expect(cronDependsOnZone('*/15 * * * *')).toBe(false);
    expect(cronDependsOnZone('0 */2 * * *')).toBe(false);
    expect(cronDependsOnZone('0 0-23/1 * * *')).toBe(false);
    expect(cronDependsOnZone('0 0 1 * *')).toBe(true);
    expect(cronDependsOnZone('@daily')).toBe(true);
    expect(cronDependsOnZone('@hourly')).toBe(false);
    expect(cronDependsOnZone('5 minutes')).toBeUndefined();
    expect(cronDependsOnZone('send weekly digest')).toBeUndefined();
  });
});

describe('importsSchedulerPackage', () => {
  const program = (body: TSESTree.ProgramStatement[]) => ({ body }) as unknown as TSESTree.Program;
  const importOf = (source: string, importKind: 'value' | 'type' = 'value') => ({ type: 'ImportDeclaration', importKind, source: { value: source } });
  it('counts value imports of scheduler packages, not type-only ones', () => {
    expect(importsSchedulerPackage(program([importOf('node-cron')] as never))).toBe(true);
    expect(importsSchedulerPackage(program([importOf('@nestjs/schedule', 'type')] as never))).toBe(false);
    expect(importsSchedulerPackage(program([importOf('express')] as never))).toBe(false);
  });
});
