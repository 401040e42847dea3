import rule from '../../src/rules/require-explicit-timezone.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

untypedRuleTester().run('require-explicit-timezone (untyped)', rule, {
  valid: [
    {
      name: 'node-cron with a timezone',
      code: `
import cron from 'node-cron';
import { sendMorningDigest } from './digest';

cron.schedule('0 9 * * *', () => sendMorningDigest(), { timezone: 'Europe/Paris', name: 'morning-digest' });
`,
    },
    {
      name: 'node-cron interval: every five minutes is the same in every zone',
      code: `
import cron from 'node-cron';
import { pollFeeds } from './feeds';

cron.schedule('*/5 * * * *', async () => {
  await pollFeeds();
});
`,
    },
    {
      name: 'node-cron options from a variable or spread from elsewhere are not judged',
      code: `
import cron from 'node-cron';
import { scheduleOptions } from './config';

cron.schedule(process.env.DIGEST_CRON ?? '0 9 * * *', runDigest, scheduleOptions);
cron.schedule('0 3 * * *', purgeSessions, { ...scheduleOptions, name: 'purge' });
`,
    },
    {
      name: 'cron CronJob with timeZone as the fifth argument, and CronJob.from with timeZone',
      code: `
import { CronJob } from 'cron';

const digest = new CronJob('0 0 9 * * *', () => sendDigest(), null, true, 'America/New_York');
const invoices = CronJob.from({ cronTime: '0 6 1 * *', onTick: closeInvoices, start: true, timeZone: 'UTC' });
`,
    },
    {
      name: 'cron CronJob with a utcOffset',
      code: `
import { CronJob } from 'cron';

new CronJob('0 2 * * *', backup, null, true, null, null, false, 0);
`,
    },
    {
      name: 'BullMQ repeatable job with tz, and a job scheduler with the user zone',
      code: `
import { Queue } from 'bullmq';

const reports = new Queue('reports', { connection });

export async function planReports(user) {
  await reports.add('weekly-report', { userId: user.id }, { repeat: { pattern: '0 8 * * 1', tz: 'Europe/London' } });
  await reports.upsertJobScheduler(\`digest:\${user.id}\`, { pattern: '0 9 * * *', tz: user.timezone }, { name: 'digest', data: { userId: user.id } });
}
`,
    },
    {
      name: 'BullMQ interval repeat: every N milliseconds needs no zone',
      code: `
import { Queue } from 'bullmq';

const sync = new Queue('sync', { connection });
await sync.upsertJobScheduler('heartbeat', { every: 30_000 });
await sync.add('refresh-tokens', {}, { repeat: { every: 15 * 60_000 } });
`,
    },
    {
      name: 'BullMQ repeat options from elsewhere are not judged',
      code: `
import { Queue } from 'bullmq';

const queue = new Queue('mail');
await queue.add('digest', payload, { repeat: repeatFor(user) });
await queue.add('digest', payload, { repeat: { pattern: '0 9 * * *' }, ...overrides });
`,
    },
    {
      name: 'node-schedule with { rule, tz } and a RecurrenceRule with tz',
      code: `
import schedule from 'node-schedule';

schedule.scheduleJob('nightly-export', { rule: '0 2 * * *', tz: 'Europe/Berlin' }, exportOrders);

const rule = new schedule.RecurrenceRule();
rule.dayOfWeek = [1, 2, 3, 4, 5];
rule.hour = 9;
rule.minute = 0;
rule.tz = 'Asia/Tokyo';
schedule.scheduleJob(rule, () => remindStandup());
`,
    },
    {
      name: 'Agenda every with a timezone, and a human interval',
      code: `
import Agenda from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL } });
await agenda.every('0 9 * * *', 'send digest', { kind: 'daily' }, { timezone: 'America/Chicago' });
await agenda.every('10 minutes', 'sync calendars');
`,
    },
    {
      name: 'NestJS @Cron with timeZone, and an interval expression',
      code: `
import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';

@Injectable()
export class ReportsScheduler {
  @Cron('0 0 9 * * 1-5', { name: 'weekday-report', timeZone: 'Europe/Paris' })
  async sendReport() {}

  @Cron(CronExpression.EVERY_5_MINUTES)
  async refreshCache() {}
}
`,
    },
    {
      name: 'a module that does not schedule may build local dates',
      code: `
export function monthRange(year: number, month: number) {
  const start = new Date(year, month, 1);
  const end = new Date(year, month + 1, 0, 23, 59, 59);
  return { start, end };
}
`,
    },
    {
      name: 'chart labels in a component: local dates are for the viewer',
      filename: 'react.tsx',
      code: `
import cron from 'node-cron';

export function MonthAxis({ year }: { year: number }) {
  const labels = Array.from({ length: 12 }, (_, month) => new Date(year, month, 1));
  return <Axis ticks={labels} />;
}
`,
    },
    {
      name: 'UTC construction in a scheduling module',
      code: `
import cron from 'node-cron';

export function nextRunAt(now: Date, hour: number) {
  const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour));
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  next.setUTCHours(hour, 0, 0, 0);
  return next;
}

cron.schedule('* * * * *', dispatchDue, { timezone: 'UTC' });
`,
    },
    {
      name: 'moving a date by an hour, ISO strings with Z or an offset, and date-only strings',
      code: `
import cron from 'node-cron';

const retryAt = new Date();
retryAt.setHours(retryAt.getHours() + 1);
const launch = new Date('2026-03-01T09:00:00Z');
const paris = new Date('2026-03-01T09:00:00+01:00');
const day = new Date('2026-03-01');
const parsed = Date.parse(\`\${day}T09:00:00.000Z\`);
cron.schedule('0 * * * *', sync);
`,
    },
    {
      name: 'a local date formatted for a log line',
      code: `
import cron from 'node-cron';

logger.info(\`quarter starts \${new Date(year, quarter * 3, 1).toLocaleDateString()}\`);
cron.schedule('*/10 * * * *', sync);
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/jobs/digest.test.ts',
      code: `
import cron from 'node-cron';

const fixedNow = new Date(2026, 0, 15, 9, 0);
cron.schedule('0 9 * * *', runDigest);
`,
    },
    {
      name: 'odd code does not crash',
      code: `
import cron from 'node-cron';

cron['schedule']?.(expr, fn, { timezone });
cron.schedule(...args);
new cron();
new Date(...parts);
obj?.setHours?.(9);
(getDate() as any).setHours;
`,
    },
  ],
  invalid: [
    {
      name: 'node-cron daily digest without a timezone',
      code: `
import cron from 'node-cron';

cron.schedule('0 9 * * *', async () => {
  await sendMorningDigest();
});
`,
      errors: [
        {
          messageId: 'missingTimezone',
          line: 4,
          column: 1,
          endLine: 6,
          endColumn: 3,
          data: { call: 'cron.schedule', library: 'node-cron', option: 'timezone', where: '`timezone` in the options (third argument)' },
        },
      ],
    },
    {
      name: 'node-cron options without timezone, and with the misspelt timeZone key node-cron ignores',
      code: `
const cron = require('node-cron');

cron.schedule('30 7 * * 1-5', sendStandupReminder, { name: 'standup', noOverlap: true });
cron.schedule('0 18 * * 5', sendWeeklyReport, { timeZone: 'Europe/Paris' });
`,
      errors: [
        { messageId: 'missingTimezone', line: 4, column: 1, data: { call: 'cron.schedule', library: 'node-cron', option: 'timezone', where: '`timezone` in the options (third argument)' } },
        { messageId: 'missingTimezone', line: 5, column: 1, data: { call: 'cron.schedule', library: 'node-cron', option: 'timezone', where: '`timezone` in the options (third argument)' } },
      ],
    },
    {
      name: 'cron CronJob and CronJob.from without timeZone',
      code: `
import { CronJob } from 'cron';

const backup = new CronJob('0 0 2 * * *', runBackup, null, true);
const billing = CronJob.from({ cronTime: '0 6 1 * *', onTick: closeInvoices, start: true });
`,
      errors: [
        {
          messageId: 'missingTimezone',
          line: 4,
          column: 16,
          data: {
            call: 'new CronJob',
            library: '`cron`',
            option: 'timeZone',
            where: '`timeZone` (the fifth constructor argument, or `timeZone` in `CronJob.from({ … })`)',
          },
        },
        {
          messageId: 'missingTimezone',
          line: 5,
          column: 17,
          data: {
            call: 'CronJob.from',
            library: '`cron`',
            option: 'timeZone',
            where: '`timeZone` (the fifth constructor argument, or `timeZone` in `CronJob.from({ … })`)',
          },
        },
      ],
    },
    {
      name: 'BullMQ repeat pattern without tz on an injected queue',
      code: `
import { Injectable } from '@nestjs/common';
import { InjectQueue } from '@nestjs/bullmq';

@Injectable()
export class DigestScheduler {
  constructor(@InjectQueue('digest') private readonly digestQueue) {}

  async onModuleInit() {
    await this.digestQueue.add('daily-digest', {}, { repeat: { pattern: '0 9 * * *' }, removeOnComplete: true });
  }
}
`,
      errors: [
        { messageId: 'missingTimezone', line: 10, column: 11, data: { call: 'this.digestQueue.add', library: 'BullMQ', option: 'tz', where: '`repeat.tz`' } },
      ],
    },
    {
      name: 'Bull repeat cron without tz',
      code: `
import Queue from 'bull';

const mail = new Queue('mail', process.env.REDIS_URL);
mail.add({ template: 'weekly-summary' }, { repeat: { cron: '0 8 * * 1' } });
`,
      errors: [{ messageId: 'missingTimezone', line: 5, column: 1, data: { call: 'mail.add', library: 'Bull', option: 'tz', where: '`repeat.tz`' } }],
    },
    {
      name: 'node-schedule cron string and a RecurrenceRule without tz',
      code: `
import schedule from 'node-schedule';

schedule.scheduleJob('0 9 * * *', () => sendDigest());

const rule = new schedule.RecurrenceRule();
rule.hour = 17;
rule.minute = 30;
schedule.scheduleJob(rule, closeDay);
`,
      errors: [
        {
          messageId: 'missingTimezone',
          line: 4,
          column: 1,
          data: { call: 'schedule.scheduleJob', library: 'node-schedule', option: 'tz', where: '`tz` (pass `{ rule, tz }` as the spec, or set `rule.tz` on the RecurrenceRule)' },
        },
        {
          messageId: 'missingTimezone',
          line: 9,
          column: 1,
          data: { call: 'schedule.scheduleJob', library: 'node-schedule', option: 'tz', where: '`tz` (pass `{ rule, tz }` as the spec, or set `rule.tz` on the RecurrenceRule)' },
        },
      ],
    },
    {
      name: 'Agenda every with a cron expression and no timezone',
      code: `
import Agenda from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL } });
await agenda.every('0 7 * * *', 'send reminders', {}, { skipImmediate: true });
`,
      errors: [
        { messageId: 'missingTimezone', line: 5, column: 7, data: { call: 'agenda.every', library: 'Agenda', option: 'timezone', where: '`timezone` in the options (fourth argument)' } },
      ],
    },
    {
      name: 'NestJS @Cron at 9 AM without timeZone',
      code: `
import { Injectable } from '@nestjs/common';
import { Cron, CronExpression } from '@nestjs/schedule';

@Injectable()
export class BillingScheduler {
  @Cron(CronExpression.EVERY_DAY_AT_9AM, { name: 'dunning' })
  async chaseUnpaidInvoices() {}
}
`,
      errors: [
        {
          messageId: 'missingTimezone',
          line: 7,
          column: 4,
          endColumn: 62,
          data: { call: '@Cron', library: '@nestjs/schedule', option: 'timeZone', where: '`timeZone` in the decorator options' },
        },
      ],
    },
    {
      name: 'local-time run times computed next to a schedule',
      code: `
import cron from 'node-cron';

export function nextDigestAt(now: Date) {
  const next = new Date(now.getFullYear(), now.getMonth(), now.getDate(), 9, 0);
  if (next <= now) next.setDate(next.getDate() + 1);
  return next;
}

cron.schedule('* * * * *', dispatchDueDigests, { timezone: 'UTC' });
`,
      errors: [{ messageId: 'localDateParts', line: 5, column: 16, endColumn: 80 }],
    },
    {
      name: 'setHours to a wall-clock hour in a module that imports a scheduler',
      code: `
import schedule from 'node-schedule';

export function tomorrowAtNine() {
  const runAt = new Date();
  runAt.setDate(runAt.getDate() + 1);
  runAt.setHours(9, 0, 0, 0);
  return runAt;
}
`,
      errors: [{ messageId: 'localSetHours', line: 7, column: 3, endColumn: 29, data: { call: 'runAt.setHours' } }],
    },
    {
      name: 'date-time strings without an offset next to a BullMQ schedule',
      code: `
import { Queue } from 'bullmq';

const campaigns = new Queue('campaigns');
const launchAt = new Date('2026-01-05 09:00');
const sendAt = Date.parse(\`\${campaign.day}T09:00:00\`);
await campaigns.add('launch', {}, { repeat: { every: 86_400_000, startDate: launchAt } });
`,
      errors: [
        { messageId: 'localDateString', line: 5, column: 18, data: { text: "'2026-01-05 09:00'" } },
        { messageId: 'localDateString', line: 6, column: 16, data: { text: '`${campaign.day}T09:00:00`' } },
      ],
    },
  ],
});

typedRuleTester().run('require-explicit-timezone (typed)', rule, {
  valid: [
    {
      name: 'node-cron with the user zone',
      code: `
import cron from 'node-cron';

export function scheduleDigest(user: { id: string; timezone: string }, send: (id: string) => Promise<void>) {
  return cron.schedule('0 9 * * *', () => send(user.id), { timezone: user.timezone, name: \`digest:\${user.id}\` });
}
`,
    },
    {
      name: 'BullMQ job scheduler with tz',
      code: `
import { Queue } from 'bullmq';

export async function planInvoices(queue: Queue) {
  await queue.upsertJobScheduler('monthly-invoices', { pattern: '0 6 1 * *', tz: 'UTC' }, { name: 'invoices' });
}
`,
    },
    {
      name: 'NestJS @Cron with a UTC offset',
      code: `
import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

@Injectable()
export class CleanupJobs {
  @Cron('0 0 3 * * *', { utcOffset: 0 })
  purgeExpiredSessions() {}
}
`,
    },
    {
      name: 'a project class with a setHours method in a scheduling module',
      code: `
import cron from 'node-cron';

class Timesheet {
  hours = 0;
  setHours(hours: number) {
    this.hours = hours;
  }
}

export const sheet = new Timesheet();
sheet.setHours(40);
cron.schedule('*/30 * * * *', () => sheet.setHours(0), { timezone: 'UTC' });
`,
    },
    {
      name: 'a repeatable BullMQ job on an interval',
      code: `
import { Queue } from 'bullmq';

export async function startHeartbeat(queue: Queue) {
  await queue.add('heartbeat', {}, { repeat: { every: 60_000 } });
}
`,
    },
  ],
  invalid: [
    {
      name: 'node-cron without timezone',
      code: `
import cron from 'node-cron';

export const task = cron.schedule('0 8 * * 1', () => undefined, { name: 'weekly-report' });
`,
      errors: [{ messageId: 'missingTimezone', line: 4, column: 21, data: { call: 'cron.schedule', library: 'node-cron', option: 'timezone', where: '`timezone` in the options (third argument)' } }],
    },
    {
      name: 'BullMQ repeat pattern without tz on a typed queue',
      code: `
import { Queue } from 'bullmq';

export async function planDigest(queue: Queue, userId: string) {
  await queue.add('digest', { userId }, { repeat: { pattern: '0 9 * * *' } });
}
`,
      errors: [{ messageId: 'missingTimezone', line: 5, column: 9, data: { call: 'queue.add', library: 'BullMQ', option: 'tz', where: '`repeat.tz`' } }],
    },
    {
      name: 'NestJS @Cron without options',
      code: `
import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';

@Injectable()
export class ReminderJobs {
  @Cron('0 0 18 * * 5')
  sendWeeklyReminder() {}
}
`,
      errors: [{ messageId: 'missingTimezone', line: 7, column: 4, data: { call: '@Cron', library: '@nestjs/schedule', option: 'timeZone', where: '`timeZone` in the decorator options' } }],
    },
    {
      name: 'setHours on a Date field in a scheduler service',
      code: `
import cron from 'node-cron';

export class ReminderPlanner {
  private nextRun = new Date();

  plan(hour: number) {
    this.nextRun.setHours(hour, 0, 0, 0);
    return this.nextRun;
  }
}

cron.schedule('* * * * *', () => undefined, { timezone: 'UTC' });
`,
      errors: [{ messageId: 'localSetHours', line: 8, column: 5, data: { call: 'this.nextRun.setHours' } }],
    },
  ],
});
