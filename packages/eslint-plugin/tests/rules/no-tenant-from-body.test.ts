import rule from '../../src/rules/no-tenant-from-body.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const GENERIC_PRINCIPAL = 'the authenticated principal (the API key, token or session the request was authenticated with)';

const ACTION = {
  write: { action: 'writes with', reach: 'write into' },
  read: { action: 'queries with', reach: 'read' },
  message: { action: 'publishes a message carrying', reach: 'inject events into' },
  job: { action: 'enqueues a job carrying', reach: 'run work against' },
} as const;

const tenant = (
  call: string,
  kind: keyof typeof ACTION,
  input: string,
  line: number,
  column: number,
  principal: string = GENERIC_PRINCIPAL,
) => ({
  messageId: 'tenantFromRequest' as const,
  line,
  column,
  data: { call, ...ACTION[kind], input, principal },
});

untypedRuleTester().run('no-tenant-from-body (untyped)', rule, {
  valid: [
    {
      name: 'the app id is compared with the API key principal, then the principal is used',
      code: `
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool();
const app = Fastify();

app.post('/v1/events', async (request, reply) => {
  const key = await authenticateApiKey(request.headers.authorization);
  if (request.body.app_id !== undefined && request.body.app_id !== key.appId) {
    return reply.code(403).send({ error: 'app_id does not match the API key' });
  }
  await pool.query('INSERT INTO events (app_id, name) VALUES ($1, $2)', [key.appId, request.body.name]);
  return reply.code(202).send();
});
`,
    },
    {
      name: 'the body app id is compared with the principal before it is written',
      code: `
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool();
const app = Fastify();

app.post('/v1/events', async (request, reply) => {
  const principal = await authenticateApiKey(request.headers.authorization);
  const { app_id: appId, name } = request.body;
  if (appId !== principal.appId) return reply.code(403).send();
  await pool.query('INSERT INTO events (app_id, name) VALUES ($1, $2)', [appId, name]);
  return reply.code(202).send();
});
`,
    },
    {
      name: 'the organisation comes from the signed-in user, only the name from the body',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/projects', async (req, res) => {
  const project = await prisma.project.create({ data: { name: req.body.name, orgId: req.user.orgId } });
  res.status(201).json(project);
});
`,
    },
    {
      name: 'a membership check receives the org id first',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const router = express.Router();

router.post('/projects', async (req, res) => {
  const { orgId, name } = req.body;
  await assertOrgMember(req.user.id, orgId);
  const project = await prisma.project.create({ data: { name, orgId } });
  res.status(201).json(project);
});
`,
    },
    {
      name: 'a permission helper checks the team before the website is created (umami style)',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function POST(request) {
  const auth = await checkAuth(request);
  const { name, domain, teamId } = await request.json();
  if ((teamId && !(await canCreateTeamWebsite(auth, teamId))) || !(await canCreateWebsite(auth))) {
    return Response.json({ error: 'unauthorized' }, { status: 401 });
  }
  const website = await prisma.website.create({ data: { name, domain, teamId, userId: teamId ? null : auth.user.id } });
  return Response.json(website);
}
`,
      filename: 'src/app/api/websites/route.ts',
    },
    {
      name: "the workspace is looked up in the user's own memberships",
      code: `
import express from 'express';
import knex from 'knex';

const db = knex({ client: 'pg' });
const app = express();

app.get('/documents', async (req, res) => {
  const workspaceId = req.query.workspaceId;
  if (!req.user.workspaceIds.includes(workspaceId)) return res.sendStatus(404);
  const documents = await db('documents').where({ workspace_id: workspaceId }).limit(50);
  res.json(documents);
});
`,
    },
    {
      name: 'every event of the batch is checked against the API key before the bulk insert',
      code: `
import express from 'express';
import knex from 'knex';

const db = knex({ client: 'pg' });
const app = express();

app.post('/v1/events', async (req, res) => {
  const key = await lookupApiKey(req.get('authorization'));
  const { events } = req.body;
  if (events.some((event) => event.appId !== key.appId)) return res.status(403).json({ error: 'wrong app' });
  await db('events').insert(events.map((event) => ({ app_id: event.appId, name: event.name })));
  res.sendStatus(202);
});
`,
    },
    {
      name: 'a membership found with some() over the loaded memberships',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/invoices', async (req, res) => {
  const memberships = await prisma.membership.findMany({ where: { userId: req.user.id }, take: 100 });
  if (!memberships.some((membership) => membership.organizationId === req.body.organizationId)) {
    return res.sendStatus(403);
  }
  const invoice = await prisma.invoice.create({ data: { organizationId: req.body.organizationId, total: req.body.total } });
  res.json(invoice);
});
`,
    },
    {
      name: 'a read that also scopes by the signed-in user through the members relation',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.get('/projects', async (req, res) => {
  const projects = await prisma.project.findMany({
    where: { orgId: req.query.orgId, org: { members: { some: { userId: req.user.id } } } },
    take: 50,
  });
  res.json(projects);
});
`,
    },
    {
      name: 'an update whose where also holds the session user',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.patch('/projects/:id', async (req, res) => {
  const { orgId, name } = req.body;
  const result = await prisma.project.updateMany({
    where: { id: req.params.id, orgId, ownerId: req.session.userId },
    data: { name },
  });
  res.json({ updated: result.count });
});
`,
    },
    {
      name: 'an SQL update whose WHERE pins the owner to the signed-in user',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.put('/settings', async (req, res) => {
  await pool.query('UPDATE org_settings SET theme = $1 WHERE org_id = $2 AND owner_id = $3', [req.body.theme, req.body.orgId, req.user.id]);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'an SQL delete kept in a constant whose WHERE names the signed-in owner',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
const DELETE_WEBHOOK = 'DELETE FROM webhooks WHERE id = $1 AND org_id = $2 AND created_by = $3';

app.delete('/webhooks', async (req, res) => {
  await pool.query(DELETE_WEBHOOK, [req.query.id, req.query.orgId, req.user.id]);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'a membership lookup scoped by the user, then the write',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/projects', async (req, res) => {
  const { orgId, name } = req.body;
  const membership = await prisma.membership.findFirst({ where: { orgId, userId: req.user.id } });
  if (!membership) return res.sendStatus(403);
  const project = await prisma.project.create({ data: { orgId, name } });
  res.status(201).json(project);
});
`,
    },
    {
      name: "the organisation is read by id and its owner compared with the user's id",
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/projects', async (req, res) => {
  const org = await prisma.organization.findUnique({ where: { id: req.body.orgId } });
  if (!org || org.ownerId !== req.user.id) return res.sendStatus(404);
  const project = await prisma.project.create({ data: { orgId: req.body.orgId, name: req.body.name } });
  res.status(201).json(project);
});
`,
    },
    {
      name: 'the organisation read by id is handed to an authorisation call with the user',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.delete('/webhooks', async (req, res) => {
  const org = await prisma.organization.findUnique({ where: { id: req.query.orgId } });
  authorize(req.user, 'webhooks:delete', org);
  await prisma.webhook.deleteMany({ where: { orgId: org.id } });
  res.sendStatus(204);
});
`,
    },
    {
      name: "an admin may act on any tenant, everyone else has the body's overwritten with their own",
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/reports', async (req, res) => {
  let { tenantId } = req.body;
  if (!req.user.isSuperAdmin) tenantId = req.user.tenantId;
  await pool.query('INSERT INTO reports (tenant_id, kind) VALUES ($1, $2)', [tenantId, req.body.kind]);
  res.sendStatus(201);
});
`,
    },
    {
      name: "a write that also carries the session's organisation: the body's tenant field is a resource inside it",
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/overrides', async (req, res) => {
  const { organizationId, environmentId } = req.user;
  const override = await prisma.workflowOverride.create({
    data: { organizationId, environmentId, tenantId: req.body.tenantId, workflowId: req.body.workflowId, active: true },
  });
  res.status(201).json(override);
});
`,
    },
    {
      name: 'a job for the caller organisation naming a team of the body',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const syncQueue = new Queue('team-sync');
const app = express();

app.post('/teams/sync', async (req, res) => {
  await syncQueue.add('sync', { organizationId: req.user.organizationId, teamId: req.body.teamId }, { jobId: req.body.teamId });
  res.sendStatus(202);
});
`,
    },
    {
      name: 'a signed webhook: the signature vouches for the organisation in the payload',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/webhooks/billing', async (req, res) => {
  if (!verifyWebhookSignature(req.rawBody, req.get('x-signature'))) return res.sendStatus(401);
  await pool.query('UPDATE subscriptions SET status = $1 WHERE org_id = $2', [req.body.status, req.body.data.orgId]);
  res.sendStatus(204);
});
`,
    },
    {
      name: 'a route parameter is checked by the route middleware, not this rule',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/orgs/:orgId/projects', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM projects WHERE org_id = $1 LIMIT 50', [req.params.orgId]);
  res.json(rows);
});
`,
    },
    {
      name: 'a tenant header set by the gateway',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.get('/projects', async (req, res) => {
  const { rows } = await pool.query('SELECT * FROM projects WHERE tenant_id = $1 LIMIT 50', [req.headers['x-tenant-id']]);
  res.json(rows);
});
`,
    },
    {
      name: 'project and account ids are ordinary resources by default',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/transfers', async (req, res) => {
  const { accountId, projectId, amount } = req.body;
  await pool.query('INSERT INTO transfers (account_id, project_id, amount) VALUES ($1, $2, $3)', [accountId, projectId, amount]);
  res.sendStatus(201);
});
`,
    },
    {
      name: 'middleware checks the org membership before the handler',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const router = express.Router();

router.post('/projects', authenticate, requireOrgMember('orgId'), async (req, res) => {
  await pool.query('INSERT INTO projects (org_id, name) VALUES ($1, $2)', [req.body.orgId, req.body.name]);
  res.sendStatus(201);
});
`,
    },
    {
      name: 'a Fastify preHandler verifies the tenant',
      code: `
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool();
const app = Fastify();

app.post('/reports', { preHandler: [app.authenticate, app.verifyTenantAccess] }, async (request) => {
  await pool.query('INSERT INTO reports (tenant_id, kind) VALUES ($1, $2)', [request.body.tenantId, request.body.kind]);
  return { ok: true };
});
`,
    },
    {
      name: 'the tenant id goes to a service method that does its own checks',
      code: `
import express from 'express';

const app = express();

app.post('/projects', async (req, res) => {
  const project = await projectsService.create(req.user, req.body.orgId, req.body.name);
  res.status(201).json(project);
});
`,
    },
    {
      name: 'a log line with the tenant id is not a write',
      code: `
import express from 'express';
import pino from 'pino';

const logger = pino();
const app = express();

app.post('/events', (req, res) => {
  logger.info({ appId: req.body.appId }, 'event received');
  res.sendStatus(202);
});
`,
    },
    {
      name: 'a worker function whose data is not a request',
      code: `
import { Pool } from 'pg';

const pool = new Pool();

export async function recordUsage(data) {
  await pool.query('INSERT INTO usage (org_id, units) VALUES ($1, $2)', [data.body.orgId, data.units]);
}
`,
    },
    {
      name: 'computed keys, optional chaining and spreads do not crash',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
const FIELD = 'name';

app.post('/things', async (req, res) => {
  await pool.query('INSERT INTO things (name) VALUES ($1)', [req.body?.[FIELD]]);
  await pool.query(...buildInsert(req.body?.orgId ? 'a' : 'b'));
  res.sendStatus(201);
});
`,
    },
    {
      name: 'ignored files',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/admin/tenants/:id/reindex', async (req, res) => {
  await pool.query('INSERT INTO reindex_jobs (tenant_id) VALUES ($1)', [req.body.tenantId]);
  res.sendStatus(202);
});
`,
      filename: 'src/admin/routes.ts',
      options: [{ ignore: ['src/admin/**'] }],
    },
    {
      name: 'a custom authorisation call',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/reports', async (req, res) => {
  const { tenantId } = req.body;
  await policy.enforce(req.user, 'reports:create', tenantId);
  await pool.query('INSERT INTO reports (tenant_id) VALUES ($1)', [tenantId]);
  res.sendStatus(201);
});
`,
      options: [{ authorizationCalls: '^enforce$' }],
    },
    {
      name: 'a custom tenant list without orgId',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/projects', async (req, res) => {
  await pool.query('INSERT INTO projects (org_id) VALUES ($1)', [req.body.orgId]);
  res.sendStatus(201);
});
`,
      options: [{ tenantFields: ['environmentId'] }],
    },
  ],
  invalid: [
    {
      name: 'Fastify ingest writes the app id the SDK sent',
      code: `
import Fastify from 'fastify';
import { Pool } from 'pg';

const pool = new Pool();
const app = Fastify();

app.post('/v1/batch', async (request, reply) => {
  const { app_id: appId, events } = request.body;
  await pool.query('INSERT INTO ingest_stats (app_id, events) VALUES ($1, $2)', [appId, events.length]);
  return reply.code(202).send();
});
`,
      errors: [tenant('pool.query', 'write', '`request.body.app_id`', 10, 9)],
    },
    {
      name: 'Prisma create with the organisation from the body and a read by the query string',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/invoices', async (req, res) => {
  const invoice = await prisma.invoice.create({ data: { organizationId: req.body.organizationId, total: req.body.total } });
  res.status(201).json(invoice);
});

app.get('/invoices', async (req, res) => {
  const invoices = await prisma.invoice.findMany({ where: { organizationId: req.query.organizationId }, take: 50 });
  res.json(invoices);
});
`,
      errors: [
        tenant('prisma.invoice.create', 'write', '`req.body.organizationId`', 9, 25),
        tenant('prisma.invoice.findMany', 'read', '`req.query.organizationId`', 14, 26),
      ],
    },
    {
      name: 'the tenant is the second field destructured from the body',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();
const app = express();

app.post('/projects', async (req, res) => {
  const { name, orgId } = req.body;
  const project = await prisma.project.create({ data: { name, orgId } });
  res.status(201).json(project);
});
`,
      errors: [tenant('prisma.project.create', 'write', '`req.body.orgId`', 10, 25)],
    },
    {
      name: 'a Knex query by the workspace in the query string',
      code: `
import express from 'express';
import knex from 'knex';

const db = knex({ client: 'pg' });
const app = express();

app.get('/documents', async (req, res) => {
  const { workspace_id } = req.query;
  const documents = await db('documents').where({ workspace_id }).orderBy('created_at', 'desc').limit(50);
  res.json(documents);
});
`,
      errors: [tenant("db('documents').where(…).orderBy(…).limit", 'read', '`req.query.workspace_id`', 10, 27)],
    },
    {
      name: 'a BullMQ job for the tenant the body named',
      code: `
import express from 'express';
import { Queue } from 'bullmq';

const exportsQueue = new Queue('exports');
const app = express();

app.post('/exports', async (req, res) => {
  const job = await exportsQueue.add('export', { tenantId: req.body.tenantId, format: req.body.format });
  res.status(202).json({ id: job.id });
});
`,
      errors: [tenant('exportsQueue.add', 'job', '`req.body.tenantId`', 9, 21)],
    },
    {
      name: 'comparing with an empty string checks presence, not the principal',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/projects', async (req, res) => {
  const orgId = req.body.org_id;
  if (orgId === '' || orgId === undefined) return res.sendStatus(400);
  await pool.query('INSERT INTO projects (org_id, name, created_by) VALUES ($1, $2, $3)', [orgId, req.body.name, req.user.id]);
  res.sendStatus(201);
});
`,
      errors: [tenant('pool.query', 'write', '`req.body.org_id`', 11, 9, '`req.user`')],
    },
    {
      name: 'an insert kept in a constant: the author column does not check the organisation',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
const INSERT_WEBHOOK = 'INSERT INTO webhooks (org_id, url, created_by) VALUES ($1, $2, $3)';

app.post('/webhooks', async (req, res) => {
  await pool.query(INSERT_WEBHOOK, [req.body.orgId, req.body.url, req.user.id]);
  res.sendStatus(201);
});
`,
      errors: [tenant('pool.query', 'write', '`req.body.orgId`', 10, 9, '`req.user`')],
    },
    {
      name: "the user's own org is only a fallback when the body names none",
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/projects', async (req, res) => {
  const orgId = req.body.orgId ?? req.user.orgId;
  await pool.query('INSERT INTO projects (org_id, name) VALUES ($1, $2)', [orgId, req.body.name]);
  res.sendStatus(201);
});
`,
      errors: [tenant('pool.query', 'write', '`req.body.orgId`', 10, 9, '`req.user`')],
    },
    {
      name: 'events mapped from the batch and published with the app id the client sent',
      code: `
import Fastify from 'fastify';
import { connect, JSONCodec } from 'nats';

const codec = JSONCodec();
const nc = await connect();
const js = nc.jetstream();
const app = Fastify();

app.post('/v1/batch', async (request, reply) => {
  const { appId, events } = request.body;
  const tracked = events.map((event) => ({ appId, name: event.name, at: event.at }));
  await Promise.all(tracked.map((event) => js.publish('events.tracked', codec.encode(event))));
  return reply.code(202).send();
});
`,
      errors: [tenant('js.publish', 'message', '`request.body.appId`', 13, 44)],
    },
    {
      name: 'a Knex bulk insert of rows mapped from the events in the body',
      code: `
import express from 'express';
import knex from 'knex';

const db = knex({ client: 'pg' });
const app = express();

app.post('/v1/events', async (req, res) => {
  await db('events').insert(req.body.events.map((event) => ({ app_id: event.appId, name: event.name })));
  res.sendStatus(202);
});
`,
      errors: [tenant("db('events').insert", 'write', '`req.body.events[].appId`', 9, 9)],
    },
    {
      name: 'a Next.js route handler writes the team from the form',
      code: `
import { PrismaClient } from '@prisma/client';

const prisma = new PrismaClient();

export async function POST(request) {
  const form = await request.formData();
  const board = await prisma.board.create({ data: { name: String(form.get('name')), teamId: String(form.get('teamId')) } });
  return Response.json(board, { status: 201 });
}
`,
      filename: 'src/app/api/boards/route.ts',
      errors: [tenant('prisma.board.create', 'write', 'the `teamId` field of `request.formData()`', 8, 23)],
    },
    {
      name: 'Koa handler deletes by the team in the body and the organisation in the query',
      code: `
import Router from '@koa/router';
import knex from 'knex';

const db = knex({ client: 'pg' });
const router = new Router();

router.post('/api/shares.revoke', async (ctx) => {
  await db('shares').where({ team_id: ctx.request.body.teamId, organization_id: ctx.query.organizationId }).del();
  ctx.status = 204;
});
`,
      errors: [
        tenant(
          "db('shares').where(…).del",
          'write',
          '`ctx.request.body.teamId` and `ctx.query.organizationId`',
          9,
          9,
        ),
      ],
    },
    {
      name: 'a webhook that trusts the organisation in an unsigned payload',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/webhooks/billing', async (req, res) => {
  const signature = createSignature(req.body);
  await pool.query('UPDATE subscriptions SET status = $1, signature = $2 WHERE org_id = $3', [req.body.status, signature, req.body.data.orgId]);
  res.sendStatus(204);
});
`,
      errors: [tenant('pool.query', 'write', '`req.body.data.orgId`', 10, 9)],
    },
    {
      name: 'a comparison in another route does not check this one',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/a', async (req, res) => {
  if (req.body.orgId !== req.user.orgId) return res.sendStatus(403);
  res.sendStatus(204);
});

app.post('/b', async (req, res) => {
  await pool.query('INSERT INTO b (org_id) VALUES ($1)', [req.body.orgId]);
  res.sendStatus(201);
});
`,
      errors: [tenant('pool.query', 'write', '`req.body.orgId`', 14, 9)],
    },
    {
      name: 'a custom tenant field',
      code: `
import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();

app.post('/subscribers', async (req, res) => {
  await pool.query('INSERT INTO subscribers (environment_id, email) VALUES ($1, $2)', [req.body.environmentId, req.body.email]);
  res.sendStatus(201);
});
`,
      options: [{ tenantFields: ['environmentId'] }],
      errors: [tenant('pool.query', 'write', '`req.body.environmentId`', 9, 9)],
    },
  ],
});

typedRuleTester().run('no-tenant-from-body (typed)', rule, {
  valid: [
    {
      name: 'the repaired ingest route: compared with the API key, then the principal is used',
      code: `
import type { FastifyInstance } from 'fastify';
import type { JetStreamClient } from 'nats';
import type { Pool } from 'pg';

interface Principal { appId: string }
declare function requireScope(request: unknown, scope: string): Principal;
declare const pool: Pool;
declare const js: JetStreamClient;

export function routes(app: FastifyInstance) {
  app.post<{ Body: { app_id?: string; events: { id: string; name: string }[] } }>('/batch', async (request, reply) => {
    const principal = requireScope(request, 'ingest');
    if (request.body.app_id !== undefined && request.body.app_id !== principal.appId) {
      return reply.code(403).send();
    }
    const appId = principal.appId;
    const tracked = request.body.events.map((event) => ({ id: event.id, appId, name: event.name }));
    await Promise.all(tracked.map((event) => js.publish(\`events.\${event.appId}\`, JSON.stringify(event), { msgID: event.id })));
    await pool.query('INSERT INTO app_ingest_stats (app_id, events) VALUES ($1, $2)', [appId, tracked.length]);
    return reply.code(202).send();
  });
}
`,
    },
    {
      name: 'a NestJS controller takes the organisation from the session',
      code: `
import { Body, Controller, Post, createParamDecorator } from '@nestjs/common';
import type { Pool } from 'pg';

const UserSession = createParamDecorator(() => undefined);
interface SessionUser { _id: string; organizationId: string }

@Controller('layouts')
export class LayoutsController {
  constructor(private readonly pool: Pool) {}

  @Post()
  async create(@UserSession() user: SessionUser, @Body() body: { name: string; organizationId?: string }) {
    await this.pool.query('INSERT INTO layouts (organization_id, name) VALUES ($1, $2)', [user.organizationId, body.name]);
  }
}
`,
    },
    {
      name: 'a NestJS route guarded by an organisation membership guard',
      code: `
import { Body, Controller, Post, UseGuards } from '@nestjs/common';
import type { Pool } from 'pg';

declare class OrgMemberGuard {}

@Controller('projects')
@UseGuards(OrgMemberGuard)
export class ProjectsController {
  constructor(private readonly pool: Pool) {}

  @Post()
  async create(@Body() body: { orgId: string; name: string }) {
    await this.pool.query('INSERT INTO projects (org_id, name) VALUES ($1, $2)', [body.orgId, body.name]);
  }
}
`,
    },
    {
      name: 'a NestJS handler asks the membership service before the insert',
      code: `
import { Body, Controller, Post, createParamDecorator } from '@nestjs/common';
import type { Pool } from 'pg';

const CurrentUser = createParamDecorator(() => undefined);
interface MembershipService { assertMember(userId: string, workspaceId: string): Promise<void> }

@Controller('invitations')
export class InvitationsController {
  constructor(private readonly pool: Pool, private readonly memberships: MembershipService) {}

  @Post()
  async invite(@CurrentUser() currentUser: { id: string }, @Body('workspaceId') workspaceId: string, @Body('email') email: string) {
    await this.memberships.assertMember(currentUser.id, workspaceId);
    await this.pool.query('INSERT INTO invitations (workspace_id, email) VALUES ($1, $2)', [workspaceId, email]);
  }
}
`,
    },
    {
      name: 'a Kysely read scoped by the session user as well as the tenant',
      code: `
import express from 'express';
import { Kysely } from 'kysely';

interface Database { invoices: { id: string; tenant_id: string; owner_id: string } }
declare const db: Kysely<Database>;
const app = express();

app.get('/invoices', async (req, res) => {
  const invoices = await db
    .selectFrom('invoices')
    .selectAll()
    .where('tenant_id', '=', String(req.query.tenant_id))
    .where('owner_id', '=', req.session.userId)
    .limit(50)
    .execute();
  res.json(invoices);
});
`,
    },
    {
      name: 'a NestJS route parameter',
      code: `
import { Controller, Get, Param } from '@nestjs/common';
import type { Pool } from 'pg';

@Controller('orgs/:orgId/projects')
export class OrgProjectsController {
  constructor(private readonly pool: Pool) {}

  @Get()
  async list(@Param('orgId') orgId: string) {
    const { rows } = await this.pool.query('SELECT * FROM projects WHERE org_id = $1 LIMIT 50', [orgId]);
    return rows;
  }
}
`,
    },
  ],
  invalid: [
    {
      name: 'the ingest route trusts the app id in the batch (seed 002 P13)',
      code: `
import type { FastifyInstance } from 'fastify';
import type { JetStreamClient } from 'nats';
import type { Pool } from 'pg';

declare const pool: Pool;
declare const js: JetStreamClient;

export function routes(app: FastifyInstance) {
  app.post<{ Body: { app_id: string; events: { name: string }[] } }>('/batch', async (request, reply) => {
    const { app_id: appId, events } = request.body;
    const tracked = events.map((event) => ({ appId, name: event.name }));
    await Promise.all(tracked.map((event) => js.publish(\`events.\${event.name}\`, JSON.stringify(event))));
    await pool.query('INSERT INTO app_ingest_stats (app_id, events) VALUES ($1, $2)', [appId, tracked.length]);
    return reply.code(202).send();
  });
}
`,
      errors: [
        tenant('js.publish', 'message', '`request.body.app_id`', 13, 46),
        tenant('pool.query', 'write', '`request.body.app_id`', 14, 11),
      ],
    },
    {
      name: 'a NestJS DTO field',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import type { Pool } from 'pg';

class CreateProjectDto {
  orgId!: string;
  name!: string;
}

@Controller('projects')
export class ProjectsController {
  constructor(private readonly pool: Pool) {}

  @Post()
  async create(@Body() dto: CreateProjectDto) {
    await this.pool.query('INSERT INTO projects (org_id, name) VALUES ($1, $2)', [dto.orgId, dto.name]);
  }
}
`,
      errors: [tenant('this.pool.query', 'write', '`dto.orgId` (from `@Body()`)', 16, 11)],
    },
    {
      name: 'a NestJS body field next to the session user the handler already has',
      code: `
import { Body, Controller, Post, createParamDecorator } from '@nestjs/common';
import type { Pool } from 'pg';

const UserSession = createParamDecorator(() => undefined);
interface SessionUser { _id: string; organizationId: string }

@Controller('layouts')
export class LayoutsController {
  constructor(private readonly pool: Pool) {}

  @Post()
  async create(@UserSession() user: SessionUser, @Body() body: { name: string; organizationId: string }) {
    await this.pool.query('INSERT INTO layouts (organization_id, name, created_by) VALUES ($1, $2, $3)', [body.organizationId, body.name, user._id]);
  }
}
`,
      errors: [tenant('this.pool.query', 'write', '`body.organizationId` (from `@Body()`)', 14, 11, '`user`')],
    },
    {
      name: 'a NestJS body field named in the decorator',
      code: `
import { Body, Controller, Post } from '@nestjs/common';
import type { Pool } from 'pg';

@Controller('members')
export class MembersController {
  constructor(private readonly pool: Pool) {}

  @Post()
  async add(@Body('workspaceId') workspaceId: string, @Body('email') email: string) {
    await this.pool.query('INSERT INTO invitations (workspace_id, email) VALUES ($1, $2)', [workspaceId, email]);
  }
}
`,
      errors: [tenant('this.pool.query', 'write', "`@Body('workspaceId') workspaceId`", 11, 11)],
    },
    {
      name: 'an Express handler reads rows of the tenant in the query string with Kysely',
      code: `
import express from 'express';
import { Kysely } from 'kysely';

interface Database { invoices: { id: string; tenant_id: string; total: number } }
declare const db: Kysely<Database>;
const app = express();

app.get('/invoices', async (req, res) => {
  const tenantId = String(req.query.tenant_id);
  const invoices = await db.selectFrom('invoices').selectAll().where('tenant_id', '=', tenantId).limit(50).execute();
  res.json(invoices);
});
`,
      errors: [tenant("db.selectFrom('invoices').selectAll().where(…).limit(…).execute", 'read', '`req.query.tenant_id`', 11, 26)],
    },
  ],
});
