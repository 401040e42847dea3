import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule, { isSecretName } from '../../src/rules/no-secret-in-job-payload.js';
import { fixtureDir, typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const JOB = 'enqueues a job';
const MESSAGE = 'publishes a message';
const RECURRING = 'registers a recurring job';

const secret = (call: string, action: string, properties: string[], line: number, column: number) => ({
  messageId: 'secretInPayload' as const,
  line,
  column,
  data: { call, action, properties: properties.map((name) => `\`${name}\``).join(', ') },
});

describe('isSecretName', () => {
  it('names secrets by their last word', () => {
    for (const name of [
      'apiKey',
      'api_key',
      'apikey',
      'APIKey',
      'OPENAI_API_KEY',
      'x-api-key',
      'token',
      'accessToken',
      'refresh_token',
      'idToken',
      'password',
      'newPassword',
      'DB_PASSWORD',
      'secret',
      'clientSecret',
      'webhookSecret',
      'accessKey',
      'secretAccessKey',
      'privateKey',
      'signingKey',
      'authorization',
      'Authorization',
      'authorizationHeader',
      'credentials',
      'secrets',
    ]) {
      expect(isSecretName(name), name).toBe(true);
    }
  });

  it('does not count ids, counts, names, hashes and flags about a secret', () => {
    for (const name of [
      'apiKeyId',
      'accessKeyId',
      'tokenCount',
      'maxTokens',
      'tokens',
      'secretName',
      'secretArn',
      'passwordHash',
      'password_hash',
      'passwordResetAt',
      'tokenizer',
      'tokenType',
      'keyId',
      'key',
      'cacheKey',
      'idempotencyKey',
      'publicKey',
      'authorAuthorization',
      'paymentAuthorization',
      'author',
      'hasPassword',
      'isSecret',
      'withCredentials',
      'nextPageToken',
      'continuationToken',
      'deviceToken',
      'fcmToken',
      'maxToken',
    ]) {
      expect(isSecretName(name), name).toBe(false);
    }
  });
});

untypedRuleTester().run('no-secret-in-job-payload (untyped)', rule, {
  valid: [
    {
      name: 'the fixed "Generate now": ids only, the worker reads the key from the database',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');

export async function generate(userId: string, pluginId: string, briefingId: string) {
  await briefings.add('generate', { userId, pluginId, briefingId }, { jobId: \`briefing-\${briefingId}\` });
}
`,
    },
    {
      name: 'names about a secret are not secrets: ids, counts, names, hashes',
      code: `
import { Queue } from 'bullmq';

const usage = new Queue('usage');

export async function recordUsage(userId: string, apiKeyId: string, tokenCount: number, passwordHash: string) {
  await usage.add('record', { userId, apiKeyId, tokenCount, maxTokens: 4096, secretName: 'openai', passwordHash, tokenizer: 'cl100k', keyId: 'k1' });
}
`,
    },
    {
      name: 'authorization inside a longer name is a record, not a header',
      code: `
import PgBoss from 'pg-boss';

const boss = new PgBoss(process.env.DATABASE_URL!);

export async function capture(paymentId: string, authorAuthorization: string) {
  await boss.send('capture-payment', { paymentId, authorAuthorization, paymentAuthorization: { id: paymentId, amount: 100 } });
}
`,
    },
    {
      name: 'a secret-named field holding a reference to the stored secret',
      code: `
import { Queue } from 'bullmq';

const imports = new Queue('imports');

export async function importRepos(accountId: string, credentialId: string) {
  await imports.add('github', { accountId, credentials: { id: credentialId, provider: 'github' }, secret: { name: 'github-app', version: 3 } });
}
`,
    },
    {
      name: 'an encrypted key passed through: only the worker holds the decryption key',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');

export async function schedule(user: { id: string; llmApiKeyEncrypted: string }) {
  await briefings.add('generate', { userId: user.id, apiKey: user.llmApiKeyEncrypted });
}
`,
    },
    {
      name: 'flags, empty values and fetch-style credentials are not secrets',
      code: `
import { Queue } from 'bullmq';

const webhooks = new Queue('webhooks');

export async function deliver(url: string) {
  await webhooks.add('deliver', { url, hasPassword: false, token: null, password: '', credentials: 'include', isSecret: true });
}
`,
    },
    {
      name: 'pagination cursors and push-notification device tokens',
      code: `
import { Queue } from 'bullmq';

const sync = new Queue('sync');

export async function continueSync(accountId: string, nextPageToken: string, deviceToken: string) {
  await sync.add('page', { accountId, nextPageToken, pageToken: nextPageToken });
  await sync.add('push', { accountId, deviceToken, fcmToken: deviceToken });
}
`,
    },
    {
      name: 'a token in the queue connection options is not a payload',
      code: `
import { Queue } from 'bullmq';

const reports = new Queue('reports', { connection: { host: 'redis', password: process.env.REDIS_PASSWORD } });

export async function requestReport(accountId: string) {
  await reports.add('build', { accountId }, { jobId: accountId });
}
`,
    },
    {
      name: 'secrets handed to HTTP clients and loggers, not to a queue',
      code: `
import express from 'express';

const app = express();

app.post('/login', async (req, res) => {
  const token = await issueToken(req.body.email);
  res.cookie('session', token).json({ token });
  await fetch('https://audit.example.com', { method: 'POST', headers: { authorization: \`Bearer \${token}\` } });
});
`,
    },
    {
      name: 'the worker fetches the secret at run time',
      code: `
import { Worker } from 'bullmq';

export const worker = new Worker('briefings', async (job) => {
  const apiKey = await loadApiKey(job.data.userId);
  return generateBriefing({ apiKey, pluginId: job.data.pluginId });
});
`,
    },
    {
      name: 'a payload built elsewhere is not visible',
      code: `
import { Queue } from 'bullmq';

const mail = new Queue('mail');

export async function send(payload: Record<string, unknown>) {
  await mail.add('send', payload);
  await mail.add('send', buildPayload(payload));
}
`,
    },
    {
      name: 'a local object reassigned before it is enqueued is not followed',
      code: `
import { Queue } from 'bullmq';

const mail = new Queue('mail');

export async function send(userId: string, token: string) {
  let data = { userId, token };
  data = { userId, token: '' };
  await mail.add('send', data);
}
`,
    },
    {
      name: 'the allow option names project-specific non-secrets',
      options: [{ allow: ['sessionToken'] }],
      code: `
import { Queue } from 'bullmq';

const analytics = new Queue('analytics');

export async function track(sessionToken: string, path: string) {
  await analytics.add('pageview', { sessionToken, path });
}
`,
    },
    {
      name: 'a Kafka message key named like a secret is no payload field',
      code: `
import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

export async function publish(userId: string) {
  await producer.send({ topic: 'users', messages: [{ key: userId, value: JSON.stringify({ userId }) }] });
}
`,
    },
    {
      name: 'odd payloads do not crash: computed keys, spreads of calls, numbers, methods (not serialised) and accessors',
      code: `
import { Queue } from 'bullmq';

const odd = new Queue('odd');

export async function run(key: string) {
  await odd.add('x', { [key]: 'v', ...defaults(), 42: 'answer', ['token']: 1 });
  await odd.add('w', { get token() { return key; }, async apiKey() { return key; }, password: () => key });
  await odd.add('y', 42);
  await odd.add('z', JSON.stringify());
}
`,
    },
  ],
  invalid: [
    {
      name: 'the seed: "Generate now" puts the decrypted API key into the job',
      filename: 'app/api/plugins/[pluginId]/generate/route.ts',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');

export async function POST(request: Request) {
  const { userId, pluginId, llmApiKeyEncrypted } = await loadUserPlugin(request);
  await briefings.add('generate', {
    userId,
    pluginId,
    apiKey: llmApiKeyEncrypted ? decryptSecret(llmApiKeyEncrypted) : process.env.DEFAULT_LLM_API_KEY,
  });
  return new Response(null, { status: 202 });
}
`,
      errors: [secret('briefings.add', JOB, ['apiKey'], 8, 9)],
    },
    {
      name: 'a job scheduler template: every run carries the key',
      code: `
import { Queue } from 'bullmq';

const briefings = new Queue('briefings');

export async function registerSchedule(user: { id: string; apiKey: string }, pluginId: string, cron: string) {
  await briefings.upsertJobScheduler(\`briefing:\${user.id}:\${pluginId}\`, { pattern: cron, tz: 'UTC' }, {
    name: 'scheduled',
    data: { userId: user.id, pluginId, apiKey: user.apiKey },
  });
}
`,
      errors: [secret('briefings.upsertJobScheduler', RECURRING, ['apiKey'], 7, 9)],
    },
    {
      name: 'one variable away',
      code: `
import { Queue } from 'bullmq';

const sync = new Queue('calendar-sync');

export async function startSync(userId: string, accessToken: string, refreshToken: string) {
  const data = { userId, accessToken, refreshToken };
  await sync.add('sync', data, { jobId: \`sync:\${userId}\` });
}
`,
      errors: [secret('sync.add', JOB, ['accessToken', 'refreshToken'], 8, 9)],
    },
    {
      name: 'one spread away',
      code: `
import { Queue } from 'bullmq';

const imports = new Queue('imports');

export async function importRepos(userId: string, clientSecret: string) {
  const oauth = { clientId: process.env.GITHUB_CLIENT_ID, clientSecret };
  await imports.add('github', { userId, ...oauth });
}
`,
      errors: [secret('imports.add', JOB, ['clientSecret'], 8, 9)],
    },
    {
      name: 'a nested header object: the bearer token travels with the job',
      code: `
import Queue from 'bull';

const webhooks = new Queue('webhooks');

export function deliver(url: string, token: string, body: unknown) {
  return webhooks.add({ url, body, request: { headers: { authorization: \`Bearer \${token}\` } } });
}
`,
      errors: [secret('webhooks.add', JOB, ['authorization'], 7, 10)],
    },
    {
      name: 'addBulk items and snake_case names',
      code: `
import { Queue } from 'bullmq';

const crawls = new Queue('crawls');

export async function crawlAll(sites: { id: string; api_key: string }[]) {
  await crawls.addBulk(sites.map((site) => ({ name: 'crawl', data: { siteId: site.id, api_key: site.api_key } })));
}
`,
      errors: [secret('crawls.addBulk', JOB, ['api_key'], 7, 9)],
    },
    {
      name: 'a Kafka message value serialised from an object with a password',
      code: `
import { Kafka } from 'kafkajs';

const producer = new Kafka({ brokers: ['kafka:9092'] }).producer();

export async function userCreated(email: string, password: string) {
  await producer.send({ topic: 'users.created', messages: [{ key: email, value: JSON.stringify({ email, password }) }] });
}
`,
      errors: [secret('producer.send', MESSAGE, ['password'], 7, 9)],
    },
    {
      name: 'an SQS message body with a refresh token',
      code: `
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

const sqs = new SQSClient({});

export async function queueMailboxSync(userId: string, refreshToken: string) {
  await sqs.send(new SendMessageCommand({ QueueUrl: process.env.SYNC_QUEUE_URL, MessageBody: JSON.stringify({ userId, refreshToken }) }));
}
`,
      errors: [secret('sqs.send(new SendMessageCommand(…))', MESSAGE, ['refreshToken'], 7, 9)],
    },
    {
      name: 'a NATS message and a RabbitMQ message',
      code: `
import { connect, JSONCodec } from 'nats';
import amqp from 'amqplib';

const nc = await connect();
const jc = JSONCodec();
const channel = await (await amqp.connect('amqp://rabbit')).createChannel();

export async function provision(tenantId: string, privateKey: string, OPENAI_API_KEY: string) {
  nc.publish('tenants.provisioned', jc.encode({ tenantId, privateKey }));
  channel.sendToQueue('tenants', Buffer.from(JSON.stringify({ tenantId, OPENAI_API_KEY })));
}
`,
      errors: [secret('nc.publish', MESSAGE, ['privateKey'], 10, 3), secret('channel.sendToQueue', MESSAGE, ['OPENAI_API_KEY'], 11, 3)],
    },
    {
      name: 'pg-boss credentials and an Inngest event token',
      code: `
import PgBoss from 'pg-boss';
import { Inngest } from 'inngest';

const boss = new PgBoss(process.env.DATABASE_URL!);
const inngest = new Inngest({ id: 'crm' });

export async function connectCrm(accountId: string, credentials: { user: string; pass: string }, token: string) {
  await boss.send('crm-import', { accountId, credentials });
  await inngest.send({ name: 'crm/connected', data: { accountId, token } });
}
`,
      errors: [secret('boss.send', JOB, ['credentials'], 9, 9), secret('inngest.send', MESSAGE, ['token'], 10, 9)],
    },
  ],
});

// ---------------------------------------------------------------------------
// With types: the fixture services' shapes (tests/fixture/queues-jobs.ts)

const nextRoute = 'queues-next/app/api/plugins/generate/route.ts';
const customSettings = { pitfalls: { enqueues: [{ module: path.join(fixtureDir, 'queues-jobs'), name: 'enqueue', argument: 1 }] } };

typedRuleTester().run('no-secret-in-job-payload (typed)', rule, {
  valid: [
    {
      name: 'the fixed route: ids only',
      filename: nextRoute,
      code: `
import { briefingQueue } from '../../../../../queues-jobs.js';

export async function POST(request: Request) {
  const { userId, pluginId } = (await request.json()) as { userId: string; pluginId: string };
  await briefingQueue.add('generate', { userId, pluginId }, { jobId: \`\${userId}:\${pluginId}\` });
  return new Response(null, { status: 202 });
}
`,
    },
    {
      name: 'the fixed dispatcher: one scheduler with no data, then plain jobs with ids',
      code: `
import { briefingQueue } from './queues-jobs.js';

export async function registerDispatcher() {
  await briefingQueue.upsertJobScheduler('dispatch-due-briefings', { every: 60_000 }, { name: 'dispatch' });
}

export async function dispatch(due: { id: string; userId: string; pluginId: string }[]) {
  await briefingQueue.addBulk(due.map((s) => ({ name: 'scheduled', data: { userId: s.userId, pluginId: s.pluginId }, opts: { jobId: s.id } })));
}
`,
    },
    {
      name: 'a project wrapper with no settings entry is not judged',
      code: `
import { jobs } from './queues-jobs.js';

export async function start(userId: string, token: string) {
  await jobs.add('sync', { userId, token });
}
`,
    },
  ],
  invalid: [
    {
      name: 'briefing-dashboard: the "Generate now" route handler',
      filename: nextRoute,
      code: `
import { briefingQueue } from '../../../../../queues-jobs.js';

export async function POST(request: Request) {
  const { userId, pluginId, apiKey } = (await request.json()) as { userId: string; pluginId: string; apiKey: string };
  await briefingQueue.add('generate', { userId, pluginId, apiKey });
  return new Response(null, { status: 202 });
}
`,
      errors: [secret('briefingQueue.add', JOB, ['apiKey'], 6, 9)],
    },
    {
      name: 'briefing-dashboard: per-user scheduler templates carry the key',
      code: `
import { briefingQueue } from './queues-jobs.js';

export async function syncSchedule(userId: string, pluginId: string, cron: string, apiKey: string) {
  await briefingQueue.upsertJobScheduler(
    \`briefing:\${userId}:\${pluginId}\`,
    { pattern: cron },
    { name: 'scheduled', data: { userId, pluginId, apiKey } },
  );
}
`,
      errors: [secret('briefingQueue.upsertJobScheduler', RECURRING, ['apiKey'], 5, 9)],
    },
    {
      name: 'an in-house enqueue named in settings.pitfalls.enqueues',
      settings: customSettings,
      code: `
import { enqueue } from './queues-jobs.js';

export async function connect(userId: string, accessToken: string) {
  await enqueue('sync', { userId, accessToken });
}
`,
      errors: [secret('enqueue', JOB, ['accessToken'], 5, 9)],
    },
  ],
});
