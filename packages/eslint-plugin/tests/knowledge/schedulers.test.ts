import type { TSESTree } from '@typescript-eslint/utils';
import { describe, expect, it } from 'vitest';
import { cronDependsOnZone, importsSchedulerPackage, isIntervalTimer, scheduleRegistrationOf } from '../../src/knowledge/schedulers.js';
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
    { name: 'schedule on a receiver not named like pg-boss', code: `calendar.schedule('standup', '0 9 * * 1-5');` },
    { name: 'Agenda schedule is a one-off run, not pg-boss', code: `import Agenda from 'agenda'; const agenda = new Agenda({ db }); agenda.schedule('tomorrow at noon', 'send reminder');` },
    { name: 'addInterval on a receiver that is no scheduler registry', code: `chart.addInterval('week', 7); list.addTimeout('x', 1);` },
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
    { code: `import PgBoss from 'pg-boss'; const boss = new PgBoss(url); await boss.schedule('daily-digest', '0 9 * * *', {}, { tz: 'Europe/Paris' });`, errors: [schedule('pg-boss', 'queue-schedule', 'explicit')] },
    { code: `await this.boss.schedule('cleanup', '*/10 * * * *');`, errors: [schedule('pg-boss', 'queue-schedule', 'missing', false)] },
    { code: `this.schedulerRegistry.addCronJob('digest', job);`, errors: [schedule('@nestjs/schedule', 'registry-cron-job', 'unknown', false)] },
    { code: `this.schedulerRegistry.addInterval('poll', setInterval(poll, 5000));`, errors: [schedule('@nestjs/schedule', 'registry-timer', 'unknown', false)] },
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
    {
      code: `import PgBoss from 'pg-boss'; export async function plan(boss: PgBoss) { await boss.schedule('weekly-report', '0 8 * * 1', { scope: 'all' }); }`,
      errors: [schedule('pg-boss', 'queue-schedule', 'missing')],
    },
    {
      code: `import { SchedulerRegistry } from '@nestjs/schedule'; import { CronJob } from 'cron'; export function add(registry: SchedulerRegistry, job: CronJob) { registry.addCronJob('digest', job); }`,
      errors: [schedule('@nestjs/schedule', 'registry-cron-job', 'unknown', false)],
    },
  ],
});

// Test-only rule: reports the source text of each registration's key node.
const reportScheduleKeys = createRule({
  name: 'report-schedule-keys',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['jobs'], seed: 'test' },
    messages: { key: '{{kind}} key {{key}}', noKey: '{{kind}} without key' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const check = (node: TSESTree.CallExpression | TSESTree.NewExpression) => {
      const found = scheduleRegistrationOf(node, context);
      if (!found) return;
      if (found.keyNode) context.report({ node, messageId: 'key', data: { kind: found.kind, key: context.sourceCode.getText(found.keyNode) } });
      else context.report({ node, messageId: 'noKey', data: { kind: found.kind } });
    };
    return { CallExpression: check, NewExpression: check };
  },
});

const key = (kind: string, text: string) => ({ messageId: 'key' as const, data: { kind, key: text } });
const noKey = (kind: string) => ({ messageId: 'noKey' as const, data: { kind } });

untypedRuleTester().run('scheduleRegistrationOf keys', reportScheduleKeys, {
  valid: [{ name: 'a one-off job has no schedule key', code: `import { Queue } from 'bullmq'; new Queue('mail').add(\`welcome:\${userId}\`, {}, { jobId: userId });` }],
  invalid: [
    { code: `queue.upsertJobScheduler(\`digest:\${user.id}\`, { every: 60_000 });`, errors: [key('job-scheduler', '`digest:${user.id}`')] },
    { code: `queue.add('digest', { userId }, { repeat: { pattern: '0 9 * * *' } });`, errors: [key('repeatable-job', "'digest'")] },
    { code: `queue.add('digest', { userId }, { jobId: \`digest-\${userId}\`, repeat: { every: 3_600_000 } });`, errors: [key('repeatable-job', '`digest-${userId}`')] },
    { code: `queue.add('digest', {}, { jobId: 'j', repeat: { every: 60_000, key: keyFor(user) } });`, errors: [key('repeatable-job', 'keyFor(user)')] },
    { code: `import Queue from 'bull'; const q = new Queue('mail'); q.add({ kind: 'digest' }, { repeat: { cron: '0 9 * * *' } });`, errors: [noKey('repeatable-job')] },
    { code: `import cron from 'node-cron'; cron.schedule('0 * * * *', run, { name: \`sync-\${tenantId}\` });`, errors: [key('cron-task', '`sync-${tenantId}`')] },
    { code: `import cron from 'node-cron'; cron.schedule('0 * * * *', run);`, errors: [noKey('cron-task')] },
    { code: `import { CronJob } from 'cron'; CronJob.from({ cronTime: '0 * * * *', onTick: run, name: 'hourly' });`, errors: [key('cron-job', "'hourly'")] },
    {
      code: `import { CronJob } from 'cron'; new CronJob('0 * * * *', run, null, true, 'UTC', null, false, null, false, false, undefined, jobName);`,
      errors: [key('cron-job', 'jobName')],
    },
    { code: `import schedule from 'node-schedule'; schedule.scheduleJob(\`remind-\${member.id}\`, '0 9 * * *', run);`, errors: [key('scheduled-job', '`remind-${member.id}`')] },
    { code: `import schedule from 'node-schedule'; schedule.scheduleJob('0 9 * * *', run);`, errors: [noKey('scheduled-job')] },
    { code: `import Agenda from 'agenda'; const agenda = new Agenda({ db }); agenda.every('1 hour', 'sync feeds');`, errors: [key('recurring-job', "'sync feeds'")] },
    { code: `import PgBoss from 'pg-boss'; const boss = new PgBoss(url); boss.schedule('digest', '0 9 * * *', data);`, errors: [key('queue-schedule', "'digest'")] },
    { code: `import PgBoss from 'pg-boss'; const boss = new PgBoss(url); boss.schedule('digest', '0 9 * * *', data, { key: accountId });`, errors: [key('queue-schedule', 'accountId')] },
    { code: `this.schedulerRegistry.addTimeout(\`expire-\${orgId}\`, timeout);`, errors: [key('registry-timer', '`expire-${orgId}`')] },
  ],
});

// Test-only rule: reports every call isIntervalTimer accepts.
const reportIntervals = createRule({
  name: 'report-intervals',
  meta: {
    type: 'problem',
    docs: { description: 'test', recommended: 'strict', domains: ['jobs'], seed: 'test' },
    messages: { interval: 'interval timer' },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    return {
      CallExpression(node) {
        if (isIntervalTimer(node, context)) context.report({ node, messageId: 'interval' });
      },
    };
  },
});

untypedRuleTester().run('isIntervalTimer', reportIntervals, {
  valid: [
    { name: 'setTimeout runs once', code: `setTimeout(flush, 1000);` },
    { name: 'a local function named setInterval', code: `function setInterval(fn, ms) { return [fn, ms]; } setInterval(run, 10);` },
    { name: 'timers/promises setInterval is an async iterator', code: `import { setInterval } from 'node:timers/promises'; for await (const _ of setInterval(1000)) tick();` },
    { name: 'a method of a project object', code: `scheduler.setInterval(run, 10); setInterval();` },
  ],
  invalid: [
    { code: `setInterval(() => void flush(), 5_000);`, errors: [{ messageId: 'interval', line: 1, column: 1 }] },
    { code: `globalThis.setInterval(poll, 1000);`, errors: [{ messageId: 'interval', line: 1, column: 1 }] },
    { code: `import { setInterval as every } from 'node:timers'; every(poll, 1000);`, errors: [{ messageId: 'interval', line: 1, column: 53 }] },
    { code: `import timers from 'timers'; timers.setInterval(poll, 1000);`, errors: [{ messageId: 'interval', line: 1, column: 30 }] },
  ],
});

typedRuleTester().run('isIntervalTimer with types', reportIntervals, {
  valid: [{ name: 'setTimeout', code: `setTimeout(() => undefined, 10);` }],
  invalid: [{ code: `const timer: NodeJS.Timeout = setInterval(() => undefined, 1000); timer.unref();`, errors: [{ messageId: 'interval', line: 1, column: 31 }] }],
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
