import rule from '../../src/rules/no-per-user-scheduler.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const perElement = (line: number, column: number, call: string, what: string, loop: string) => ({
  messageId: 'perElement' as const,
  line,
  column,
  data: { call, what, loop },
});

const perEntityKey = (line: number, column: number, call: string, what: string, id: string) => ({
  messageId: 'perEntityKey' as const,
  line,
  column,
  data: { call, what, id },
});

untypedRuleTester().run('no-per-user-scheduler (untyped)', rule, {
  valid: [
    {
      name: 'one app-level cron registered at startup',
      code: `
import cron from 'node-cron';
import { dispatchDueBriefings } from './dispatch';

export function startScheduler() {
  cron.schedule('0 * * * *', () => void dispatchDueBriefings(), { timezone: 'UTC', name: 'dispatch-due' });
}
`,
    },
    {
      name: 'a loop over a module-level constant list of app jobs',
      code: `
import cron from 'node-cron';
import { purgeSessions, refreshRates, sendUsageReport, rebuildIndex } from './maintenance';

const JOBS = [
  { name: 'purge-sessions', cron: '0 3 * * *', run: purgeSessions },
  { name: 'refresh-rates', cron: '*/15 * * * *', run: refreshRates },
  { name: 'usage-report', cron: '0 6 * * 1', run: sendUsageReport },
  { name: 'rebuild-index', cron: '0 2 * * *', run: rebuildIndex },
];

export function startMaintenance() {
  for (const job of JOBS) {
    cron.schedule(job.cron, job.run, { name: job.name, timezone: 'UTC' });
  }
}
`,
    },
    {
      name: 'a loop over an `as const` list of repeatable BullMQ jobs',
      code: `
import { Queue } from 'bullmq';

const maintenance = new Queue('maintenance', { connection });
const schedules = [
  { id: 'vacuum', every: 3_600_000 },
  { id: 'reindex', every: 86_400_000 },
  { id: 'backup', every: 21_600_000 },
  { id: 'prune-logs', every: 43_200_000 },
] as const;

export async function registerMaintenance() {
  await Promise.all(schedules.map((s) => maintenance.upsertJobScheduler(s.id, { every: s.every }, { name: s.id })));
}
`,
    },
    {
      name: 'setInterval in a loop over a fixed list of regions',
      code: `
import { refreshPrices } from './prices';

for (const region of ['eu-west-1', 'us-east-1']) {
  setInterval(() => void refreshPrices(region), 60_000).unref();
}
`,
    },
    {
      name: 'the dispatcher enqueues plain jobs per due row, not schedules',
      code: `
import { Queue } from 'bullmq';
import { db } from './db';

const briefings = new Queue('briefings', { connection });

export async function dispatchDue(now: Date) {
  const { rows: due } = await db.query('SELECT id, user_id, plugin_id FROM schedules WHERE enabled AND next_run_at <= $1 LIMIT 500', [now]);
  for (const schedule of due) {
    await briefings.add('generate', { userId: schedule.user_id, pluginId: schedule.plugin_id }, { jobId: \`schedule-\${schedule.id}-\${now.getTime()}\` });
  }
}
`,
    },
    {
      name: 'the single dispatcher: one job scheduler, plain jobs in bulk',
      code: `
import { Queue } from 'bullmq';

export const DISPATCHER_ID = 'dispatch-due-briefings';
const queue = new Queue('briefings', { connection });

export async function registerDispatcher() {
  await queue.upsertJobScheduler(DISPATCHER_ID, { every: 60_000 }, { name: 'dispatch' });
}

export async function dispatch(due) {
  await queue.addBulk(due.map((s) => ({ name: 'scheduled', data: { userId: s.userId, pluginId: s.pluginId } })));
}
`,
    },
    {
      name: 'keys built from the environment or a job-name constant',
      code: `
import { Queue } from 'bullmq';

const DIGEST_JOB = 'weekly-digest';
const reports = new Queue('reports', { connection });

export async function planReports(env: string) {
  await reports.upsertJobScheduler(\`report:\${env}\`, { pattern: '0 6 * * 1', tz: 'UTC' });
  await reports.upsertJobScheduler(DIGEST_JOB, { pattern: '0 7 * * 1', tz: 'UTC' });
  await reports.upsertJobScheduler(\`plugin-health:\${pluginId}\`, { every: 300_000 });
}
`,
    },
    {
      name: 'a constant admin or system id is one schedule, not one per user',
      code: `
import cron from 'node-cron';

const SYSTEM_USER_ID = 'system';
cron.schedule('0 4 * * *', () => reconcile(SYSTEM_USER_ID), { name: \`reconcile:\${SYSTEM_USER_ID}\` });
`,
    },
    {
      name: 'rows of an app job table keyed by job id, with the callback looking the admin up itself',
      code: `
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

export class JobsScheduler {
  constructor(private readonly prisma, private readonly schedulerRegistry: SchedulerRegistry, private readonly jobs) {}

  async refreshSchedules() {
    const enabledSchedules = await this.prisma.jobSchedule.findMany({ where: { enabled: true } });
    for (const schedule of enabledSchedules) {
      const name = \`job:\${schedule.jobId}\`;
      const job = new CronJob(schedule.cron, async () => {
        const admin = await this.prisma.user.findFirst({ orderBy: { createdAt: 'asc' } });
        const userId = admin?.id;
        if (userId) await this.jobs.runJob({ jobId: schedule.jobId, userId });
      }, null, false, schedule.timezone ?? 'UTC');
      this.schedulerRegistry.addCronJob(name, job);
      job.start();
    }
  }
}
`,
    },
    {
      name: 'one scheduler per queue (the element is the queue, no user in sight)',
      code: `
export class QueueMaintenance {
  constructor(private readonly queues) {}

  async start() {
    for (const queue of this.queues) {
      await queue.upsertJobScheduler('clean-completed', { every: 3_600_000 }, { name: 'clean' });
    }
  }
}
`,
    },
    {
      name: 'a constant list named after users is still a constant list',
      code: `
import { Queue } from 'bullmq';

const USER_TIERS = ['free', 'pro', 'team', 'enterprise'] as const;
const quotas = new Queue('quotas', { connection });

export async function registerQuotaResets() {
  for (const tier of USER_TIERS) {
    await quotas.upsertJobScheduler(\`quota-reset:\${tier}\`, { pattern: '0 0 1 * *', tz: 'UTC' }, { name: 'reset', data: { tier } });
  }
}
`,
    },
    {
      name: 'an app-level cron whose callback walks the users and enqueues plain jobs',
      code: `
import cron from 'node-cron';
import { Queue } from 'bullmq';
import { prisma } from './prisma';

const digests = new Queue('digests', { connection });

cron.schedule('*/5 * * * *', async () => {
  const users = await prisma.user.findMany({ where: { digestNextRunAt: { lte: new Date() } }, take: 500 });
  for (const user of users) {
    await digests.add('digest', { userId: user.id }, { jobId: \`digest:\${user.id}:\${user.digestNextRunAt.getTime()}\` });
  }
}, { timezone: 'UTC' });
`,
    },
    {
      name: 'a heartbeat timer per websocket connection is not a loop or a keyed schedule',
      code: `
import { WebSocketServer } from 'ws';

const wss = new WebSocketServer({ port: 8080 });
wss.on('connection', (socket, req) => {
  const userId = req.headers['x-user-id'];
  const heartbeat = setInterval(() => socket.ping(), 30_000);
  socket.on('close', () => clearInterval(heartbeat));
  socket.send(JSON.stringify({ hello: userId }));
});
`,
    },
    {
      name: 'a fixed number of polling timers',
      code: `
const WORKER_COUNT = 4;
for (let i = 0; i < WORKER_COUNT; i++) {
  setInterval(() => void pollOutbox(i), 1_000);
}
for (let shard = 0; shard < 8; shard++) setInterval(() => void compact(shard), 60_000);
`,
    },
    {
      name: 'Object.entries over a constant map, a class field list and an enum',
      code: `
import Agenda from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL } });
const INTERVALS = { 'refresh feeds': '10 minutes', 'expire trials': '1 hour' };
enum Housekeeping { Vacuum = 'vacuum', Reindex = 'reindex', Backup = 'backup', Prune = 'prune' }

export class Jobs {
  private readonly recurring = [{ name: 'sync-crm', every: '30 minutes' }, { name: 'sync-billing', every: '1 hour' }];

  async start() {
    for (const [name, interval] of Object.entries(INTERVALS)) await agenda.every(interval, name);
    for (const job of this.recurring) await agenda.every(job.every, job.name);
    for (const name of Object.values(Housekeeping)) await agenda.every('1 day', name);
  }
}
`,
    },
    {
      name: 'a NestJS @Cron method and removing a per-user scheduler',
      code: `
import { Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { Queue } from 'bullmq';

@Injectable()
export class DigestService {
  constructor(private readonly queue: Queue) {}

  @Cron('0 */5 * * * *', { name: 'dispatch-digests' })
  async dispatch() {}

  async disable(userId: string) {
    await this.queue.removeJobScheduler(\`digest:\${userId}\`);
  }
}
`,
    },
    {
      name: 'one-off delayed jobs and timeouts per user are not schedules',
      code: `
import { Queue } from 'bullmq';

const reminders = new Queue('reminders', { connection });

export async function remindAll(users) {
  for (const user of users) {
    await reminders.add('trial-ending', { userId: user.id }, { delay: 86_400_000, jobId: \`trial-ending:\${user.id}\` });
    setTimeout(() => notify(user.id), 5_000);
  }
}
`,
    },
    {
      name: 'a timers/promises interval and array every',
      code: `
import { setInterval } from 'node:timers/promises';

export async function heartbeat(users) {
  const allActive = users.every((user) => user.active);
  for await (const _ of setInterval(30_000)) await ping(allActive);
}
`,
    },
    {
      name: 'test files are ignored by default',
      filename: 'src/jobs/scheduler.test.ts',
      code: `
import cron from 'node-cron';

for (const user of users) {
  cron.schedule('0 9 * * *', () => sendDigest(user.id), { name: \`digest:\${user.id}\` });
}
`,
    },
    {
      name: 'odd code does not crash',
      code: `
queue?.upsertJobScheduler?.(\`digest:\${user.id}\`);
scheduler[method](\`digest:\${user.id}\`, { every: 1000 });
cron.schedule(...args);
for (const u of users) queue.add(...jobArgs);
setInterval();
`,
    },
    {
      name: 'a settings option can replace the ignored files',
      filename: 'scripts/seed.ts',
      options: [{ ignore: ['scripts/**'] }],
      code: `
import cron from 'node-cron';
for (const user of users) cron.schedule('0 9 * * *', () => sendDigest(user.id));
`,
    },
  ],
  invalid: [
    {
      name: 'startup loop registering a BullMQ job scheduler per user and plugin',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings', { connection });

export async function registerBriefingSchedules(users) {
  for (const user of users) {
    for (const schedule of user.schedules) {
      await briefings.upsertJobScheduler(\`briefing:\${user.id}:\${schedule.pluginId}\`, { pattern: schedule.cron, tz: schedule.timezone }, { name: 'scheduled' });
    }
  }
}
`,
      errors: [perElement(9, 13, 'briefings.upsertJobScheduler', 'a BullMQ job scheduler', 'the `for…of` loop over `user.schedules`')],
    },
    {
      name: 'node-cron task per user in forEach',
      code: `
import cron from 'node-cron';
import { sendDigest } from './digest';

export function scheduleDigests(users) {
  users.forEach((user) => {
    cron.schedule(user.digestCron, () => sendDigest(user.id), { timezone: user.timezone });
  });
}
`,
      errors: [perElement(7, 5, 'cron.schedule', 'a node-cron task', 'the `.forEach()` callback over `users`')],
    },
    {
      name: 'repeatable BullMQ job per user in Promise.all(users.map(...))',
      code: `
import { Queue } from 'bullmq';

const digests = new Queue('digests', { connection });

export async function planDigests(activeUsers) {
  await Promise.all(
    activeUsers.map((u) => digests.add('digest', { userId: u.id }, { repeat: { pattern: '0 9 * * *', tz: u.timezone } })),
  );
}
`,
      errors: [perElement(8, 28, 'digests.add', 'a repeatable BullMQ job', 'the `.map()` callback over `activeUsers`')],
    },
    {
      name: 'a CronJob per tenant',
      code: `
import { CronJob } from 'cron';

export function startTenantSyncs(tenants) {
  for (const tenant of tenants) {
    CronJob.from({ cronTime: tenant.syncCron, onTick: () => syncTenant(tenant.id), start: true, timeZone: 'UTC' });
  }
}
`,
      errors: [perElement(6, 5, 'CronJob.from', 'a `CronJob`', 'the `for…of` loop over `tenants`')],
    },
    {
      name: 'generic rows, but each schedule carries a user id',
      code: `
import cron from 'node-cron';

export async function loadSchedules(db) {
  const { rows } = await db.query('SELECT cron, user_id FROM digest_schedules WHERE enabled');
  for (const row of rows) {
    cron.schedule(row.cron, () => sendDigest(row.user_id), { timezone: 'UTC' });
  }
}
`,
      errors: [perElement(7, 5, 'cron.schedule', 'a node-cron task', 'the `for…of` loop over `rows`')],
    },
    {
      name: 'a constant list of kinds inside a loop over users still runs per user',
      code: `
import { Queue } from 'bullmq';

const DIGEST_KINDS = ['daily', 'weekly'] as const;
const queue = new Queue('digests', { connection });

export async function planAll(users) {
  for (const user of users) {
    for (const kind of DIGEST_KINDS) {
      await queue.upsertJobScheduler(\`\${kind}:\${user.id}\`, { pattern: '0 9 * * *', tz: user.timezone });
    }
  }
}
`,
      errors: [perElement(10, 13, 'queue.upsertJobScheduler', 'a BullMQ job scheduler', 'the `for…of` loop over `users`')],
    },
    {
      name: 'setInterval per account',
      code: `
export function startPolling(accounts) {
  for (const account of accounts) {
    setInterval(() => void syncMailbox(account.id), 5 * 60_000);
  }
}
`,
      errors: [perElement(4, 5, 'setInterval', 'a `setInterval` timer', 'the `for…of` loop over `accounts`')],
    },
    {
      name: 'Express handler registering a node-schedule job keyed by the member id',
      code: `
import express from 'express';
import schedule from 'node-schedule';

const app = express();

app.post('/reminders', (req, res) => {
  const member = req.user;
  schedule.scheduleJob(\`reminder-\${member.id}\`, { rule: req.body.cron, tz: req.body.timezone }, () => remind(member.id));
  res.sendStatus(201);
});
`,
      errors: [perEntityKey(9, 3, 'schedule.scheduleJob', 'a node-schedule job', 'member.id')],
    },
    {
      name: 'Agenda recurring job named after the user',
      code: `
import Agenda from 'agenda';

const agenda = new Agenda({ db: { address: process.env.MONGO_URL } });

export async function enableDigest(userId: string) {
  agenda.define(\`digest:\${userId}\`, async () => sendDigest(userId));
  await agenda.every('1 day', \`digest:\${userId}\`, undefined, { timezone: 'UTC' });
}
`,
      errors: [perEntityKey(8, 9, 'agenda.every', 'an Agenda recurring job', 'userId')],
    },
    {
      name: 'pg-boss schedule named per tenant',
      code: `
import PgBoss from 'pg-boss';

const boss = new PgBoss(process.env.DATABASE_URL);

export async function onTenantCreated(tenantId: string) {
  await boss.schedule(\`\${tenantId}-sync\`, '*/30 * * * *', { tenantId }, { tz: 'UTC' });
}
`,
      errors: [perEntityKey(7, 9, 'boss.schedule', 'a pg-boss schedule', 'tenantId')],
    },
    {
      name: 'NestJS SchedulerRegistry: one report on addCronJob, not on the CronJob it keeps',
      code: `
import { Injectable } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

@Injectable()
export class RemindersService {
  constructor(private readonly schedulerRegistry: SchedulerRegistry) {}

  enable(userId: string, cronTime: string, timeZone: string) {
    const job = new CronJob(cronTime, () => this.remind(userId), null, false, timeZone);
    this.schedulerRegistry.addCronJob(\`reminder-\${userId}\`, job);
    job.start();
  }
}
`,
      errors: [perEntityKey(12, 5, 'this.schedulerRegistry.addCronJob', 'a cron job in the NestJS `SchedulerRegistry`', 'userId')],
    },
    {
      name: 'Next.js server action: key concatenated with the session user id',
      code: `
'use server';
import { Queue } from 'bullmq';
import { auth } from '@/auth';

const digests = new Queue('digests', { connection });

export async function saveDigestSettings(form: FormData) {
  const session = await auth();
  await digests.upsertJobScheduler('digest:' + session.userId, { pattern: String(form.get('cron')), tz: String(form.get('tz')) });
}
`,
      errors: [perEntityKey(10, 9, 'digests.upsertJobScheduler', 'a BullMQ job scheduler', 'session.userId')],
    },
    {
      name: 'key built by a helper from the schedule owner (settings save)',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings', { connection });
export const schedulerId = (userId: string, pluginId: string) => \`briefing:\${userId}:\${pluginId}\`;

export async function syncSchedule(schedule) {
  const id = schedulerId(schedule.userId, schedule.pluginId);
  await briefings.upsertJobScheduler(id, { pattern: schedule.cron, tz: schedule.timezone }, { name: 'scheduled' });
}
`,
      errors: [perEntityKey(9, 9, 'briefings.upsertJobScheduler', 'a BullMQ job scheduler', 'schedule.userId')],
    },
    {
      name: 'Bull repeatable job with a per-workspace jobId',
      code: `
import Queue from 'bull';

const exports = new Queue('exports', process.env.REDIS_URL);

export function planExport(workspace) {
  return exports.add({ workspaceId: workspace.id }, { repeat: { cron: '0 2 * * *', tz: 'UTC' }, jobId: \`export-\${workspace.id}\` });
}
`,
      errors: [perEntityKey(7, 10, 'exports.add', 'a repeatable Bull job', 'workspace.id')],
    },
    {
      name: 'node-cron task named for the customer, and a timer kept per org in the registry',
      code: `
import cron from 'node-cron';

export function watch(customerId: string, orgId: string, registry) {
  cron.schedule('*/10 * * * *', () => refresh(customerId), { name: [customerId, 'refresh'].join(':') });
  registry.addInterval(\`usage-\${orgId}\`, setInterval(() => meter(orgId), 60_000));
}
`,
      errors: [
        perEntityKey(5, 3, 'cron.schedule', 'a node-cron task', 'customerId'),
        perEntityKey(6, 3, 'registry.addInterval', 'a timer in the NestJS `SchedulerRegistry`', 'orgId'),
      ],
    },
  ],
});

typedRuleTester().run('no-per-user-scheduler (typed)', rule, {
  valid: [
    {
      name: 'an imported constant list of app jobs (known through types)',
      code: `
import { Queue } from 'bullmq';
import { appJobs } from './per-user-scheduler-jobs.js';

const maintenance = new Queue('maintenance');

export async function registerAppJobs(): Promise<void> {
  for (const job of appJobs) {
    await maintenance.upsertJobScheduler(job.name, { pattern: job.pattern, tz: 'UTC' }, { name: job.name });
  }
}
`,
    },
    {
      name: 'an imported constant list named after members (known through types)',
      code: `
import { Queue } from 'bullmq';
import { memberDigestKinds } from './per-user-scheduler-jobs.js';

const digests = new Queue('digests');

export async function registerDigestDispatchers(): Promise<void> {
  for (const kind of memberDigestKinds) {
    await digests.upsertJobScheduler(\`dispatch-\${kind}\`, { every: 300_000 }, { name: 'dispatch', data: { kind } });
  }
}
`,
    },
    {
      name: 'an imported enum of maintenance jobs',
      code: `
import cron from 'node-cron';
import { MaintenanceJob } from './per-user-scheduler-jobs.js';

export function startMaintenance(run: (job: MaintenanceJob) => Promise<void>): void {
  Object.values(MaintenanceJob).forEach((job) => {
    cron.schedule('0 3 * * *', () => void run(job), { name: job, timezone: 'UTC' });
  });
}
`,
    },
    {
      name: 'the single dispatcher with plain jobs per due schedule',
      code: `
import { Queue } from 'bullmq';
import { loadEnabledSchedules } from './per-user-scheduler-jobs.js';

const briefings = new Queue<{ userId: string; pluginId: string }>('briefings');

export async function registerDispatcher(): Promise<void> {
  await briefings.upsertJobScheduler('dispatch-due-briefings', { every: 60_000 }, { name: 'dispatch' });
}

export async function dispatchDue(): Promise<void> {
  for (const schedule of await loadEnabledSchedules()) {
    await briefings.add('scheduled', { userId: schedule.userId, pluginId: schedule.pluginId }, { jobId: \`\${schedule.userId}:\${schedule.pluginId}\` });
  }
}
`,
    },
    {
      name: 'a project class with scheduler-like methods',
      code: `
class Calendar {
  upsertJobScheduler(id: string, repeat: object) { return [id, repeat]; }
  add(name: string, data: object, options: object) { return [name, data, options]; }
}
const calendar = new Calendar();
export function plan(users: { id: string }[]): void {
  for (const user of users) {
    calendar.upsertJobScheduler(\`meeting:\${user.id}\`, { every: 1000 });
    calendar.add('x', {}, { repeat: { pattern: '0 9 * * *' } });
  }
}
`,
    },
    {
      name: 'NestJS registry with an app-level name at module init',
      code: `
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';

export class CleanupScheduler {
  constructor(private readonly schedulerRegistry: SchedulerRegistry) {}

  onModuleInit(): void {
    const job = new CronJob('0 3 * * *', () => undefined, null, false, 'UTC');
    this.schedulerRegistry.addCronJob('nightly-cleanup', job);
    this.schedulerRegistry.addInterval('heartbeat', setInterval(() => undefined, 30_000));
  }
}
`,
    },
    {
      name: 'setInterval in a loop over two literal names',
      code: `
export function startGauges(sample: (name: string) => void): NodeJS.Timeout[] {
  return ['heap', 'event-loop'].map((name) => setInterval(() => sample(name), 10_000));
}
`,
    },
    {
      name: 'pg-boss app-level schedule',
      code: `
import PgBoss from 'pg-boss';

export async function start(boss: PgBoss, env: string): Promise<void> {
  await boss.schedule('nightly-report', '0 2 * * *', { env }, { tz: 'UTC' });
}
`,
    },
  ],
  invalid: [
    {
      name: 'typed BullMQ job scheduler per loaded user schedule',
      code: `
import { Queue } from 'bullmq';
import { loadEnabledSchedules } from './per-user-scheduler-jobs.js';

const briefings = new Queue('briefings');

export async function registerAll(): Promise<void> {
  const schedules = await loadEnabledSchedules();
  for (const schedule of schedules) {
    await briefings.upsertJobScheduler(\`\${schedule.userId}:\${schedule.pluginId}\`, { pattern: schedule.cron, tz: schedule.timezone });
  }
}
`,
      errors: [perElement(10, 11, 'briefings.upsertJobScheduler', 'a BullMQ job scheduler', 'the `for…of` loop over `schedules`')],
    },
    {
      name: 'typed pg-boss schedule per user in an Express handler',
      code: `
import express from 'express';
import PgBoss from 'pg-boss';

export function routes(boss: PgBoss): express.Router {
  const router = express.Router();
  router.put('/me/digest', async (req, res) => {
    const user = req.body as { id: string; cron: string; tz: string };
    await boss.schedule(\`digest-\${user.id}\`, user.cron, { userId: user.id }, { tz: user.tz });
    res.sendStatus(204);
  });
  return router;
}
`,
      errors: [perEntityKey(9, 11, 'boss.schedule', 'a pg-boss schedule', 'user.id')],
    },
    {
      name: 'typed NestJS interval per account, reported once on addInterval',
      code: `
import { SchedulerRegistry } from '@nestjs/schedule';

export class MailboxPoller {
  constructor(private readonly registry: SchedulerRegistry) {}

  watch(accountId: string, poll: (id: string) => Promise<void>): void {
    const timer = setInterval(() => void poll(accountId), 60_000);
    this.registry.addInterval(\`mailbox:\${accountId}\`, timer);
  }
}
`,
      errors: [perEntityKey(9, 5, 'this.registry.addInterval', 'a timer in the NestJS `SchedulerRegistry`', 'accountId')],
    },
    {
      name: 'typed node-cron per tenant with agenda per user',
      code: `
import cron from 'node-cron';
import { Agenda } from 'agenda';

export async function start(agenda: Agenda, tenants: { id: string; cron: string }[], users: { id: string }[]): Promise<void> {
  tenants.forEach((tenant) => {
    cron.schedule(tenant.cron, () => undefined, { name: tenant.id, timezone: 'UTC' });
  });
  await Promise.all(users.map((user) => agenda.every('1 day', 'digest', { userId: user.id })));
}
`,
      errors: [
        perElement(7, 5, 'cron.schedule', 'a node-cron task', 'the `.forEach()` callback over `tenants`'),
        perElement(9, 41, 'agenda.every', 'an Agenda recurring job', 'the `.map()` callback over `users`'),
      ],
    },
    {
      name: 'typed repeatable job with a per-user jobId, registered on signup',
      code: `
import { Queue } from 'bullmq';

const onboarding = new Queue('onboarding');

export async function onSignup(user: { id: string; timezone: string }): Promise<void> {
  await onboarding.add('nudge', { userId: user.id }, { repeat: { pattern: '0 10 * * *', tz: user.timezone, limit: 7 }, jobId: \`nudge-\${user.id}\` });
}
`,
      errors: [perEntityKey(7, 9, 'onboarding.add', 'a repeatable BullMQ job', 'user.id')],
    },
  ],
});
