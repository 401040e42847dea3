import rule from '../../src/rules/require-owner-scope.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** A file Next.js treats as a route handler (`app/**\/route.ts`), inside the typed fixture project. */
const nextRoute = 'handlers-next/app/api/users/route.ts';

const prismaImports = `
import express from 'express';
import { PrismaClient } from './generated/prisma/client.js';
const prisma = new PrismaClient();
const app = express();
declare function currentUser(req: express.Request): { id: string };
`;

typedRuleTester().run('require-owner-scope (typed)', rule, {
  valid: [
    {
      name: "Prisma: the signed-in user's briefings",
      code: `${prismaImports}
app.get('/briefings', async (req, res) => {
  const user = currentUser(req);
  res.json(await prisma.briefing.findMany({ where: { userId: user.id }, take: 50 }));
});
`,
    },
    {
      name: 'Prisma: scoped through the user relation',
      code: `${prismaImports}
app.get('/briefings/latest', async (req, res) => {
  const user = currentUser(req);
  res.json(await prisma.briefing.findFirst({ where: { user: { id: user.id } }, orderBy: { createdAt: 'desc' } }));
});
`,
    },
    {
      name: "Prisma: read by id, then the row's owner is checked",
      code: `${prismaImports}
app.get('/briefings/:id', async (req, res) => {
  const user = currentUser(req);
  const briefing = await prisma.briefing.findUnique({ where: { id: req.params.id } });
  if (!briefing || briefing.userId !== user.id) return res.status(404).end();
  res.json(briefing);
});
`,
    },
    {
      name: 'Prisma: updateMany with the owner in the where',
      code: `${prismaImports}
app.put('/schedules/:id', async (req, res) => {
  const user = currentUser(req);
  const { count } = await prisma.schedule.updateMany({ where: { id: req.params.id, userId: user.id }, data: { cron: req.body.cron } });
  res.status(count ? 204 : 404).end();
});
`,
    },
    {
      name: 'Prisma: the owner inside AND',
      code: `${prismaImports}
app.delete('/briefings/:id', async (req, res) => {
  const user = currentUser(req);
  await prisma.briefing.deleteMany({ where: { AND: [{ id: req.params.id }, { userId: user.id }] } });
  res.status(204).end();
});
`,
    },
    {
      name: 'Prisma: a spread helper builds the scope',
      code: `${prismaImports}
const ownedBy = (user: { id: string }) => ({ userId: user.id });
app.get('/schedules', async (req, res) => {
  res.json(await prisma.schedule.findMany({ where: { ...ownedBy(currentUser(req)), timezone: 'UTC' }, take: 20 }));
});
`,
    },
    {
      name: 'Prisma: a model with no owner field (the plugin catalogue)',
      code: `${prismaImports}
app.get('/plugins', async (_req, res) => {
  res.json(await prisma.plugin.findMany({ where: { enabled: true } }));
});
`,
    },
    {
      name: 'Prisma: a where built elsewhere is not judged',
      code: `${prismaImports}
declare function briefingFilter(req: express.Request): { userId: string };
app.get('/briefings/search', async (req, res) => {
  const where = briefingFilter(req);
  res.json(await prisma.briefing.findMany({ where, take: 20 }));
});
`,
    },
    {
      name: 'Prisma: a service function outside any handler',
      code: `${prismaImports}
export async function latestBriefings(pluginId: string) {
  return prisma.briefing.findMany({ where: { pluginId }, take: 10 });
}
`,
    },
    {
      name: 'Prisma: count and create are not reads of rows',
      code: `${prismaImports}
app.post('/briefings', async (req, res) => {
  const user = currentUser(req);
  const total = await prisma.briefing.count();
  res.json({ total, created: await prisma.briefing.create({ data: { userId: user.id, pluginId: req.body.pluginId, content: '', createdAt: new Date() } }) });
});
`,
    },
    {
      name: 'TypeORM: findOneBy with the owner',
      code: `
import express from 'express';
import { notes } from './owner-scope-entities.js';
const app = express();
app.get('/notes/:id', async (req, res) => {
  res.json(await notes.findOneBy({ id: req.params.id, ownerId: res.locals.userId }));
});
`,
    },
    {
      name: 'TypeORM: find with the owner in where, and a reference table',
      code: `
import express from 'express';
import { countries, notes } from './owner-scope-entities.js';
const app = express();
app.get('/notes', async (_req, res) => {
  const own = await notes.find({ where: { ownerId: res.locals.userId }, take: 20 });
  res.json({ own, countries: await countries.find() });
});
`,
    },
    {
      name: 'the ownerFields option replaces the default names',
      code: `${prismaImports}
app.get('/briefings', async (_req, res) => {
  res.json(await prisma.briefing.findMany({ take: 20 }));
});
`,
      options: [{ ownerFields: ['tenantId'] }],
    },
    {
      name: 'files matched by ignore (admin routes)',
      code: `${prismaImports}
app.get('/admin/briefings', async (_req, res) => {
  res.json(await prisma.briefing.findMany({ take: 100 }));
});
`,
      options: [{ ignore: ['**/fixture/file.ts'] }],
    },
  ],
  invalid: [
    {
      name: "Next.js route handler: a user can set another user's schedule",
      filename: nextRoute,
      code: `
import { PrismaClient } from '../../../../generated/prisma/client.js';
const prisma = new PrismaClient();
export async function PUT(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const body = (await request.json()) as { cron: string; timezone: string };
  const schedule = await prisma.schedule.update({ where: { id }, data: { cron: body.cron, timezone: body.timezone } });
  return Response.json(schedule);
}
`,
      errors: [
        {
          messageId: 'unscopedById',
          line: 7,
          column: 26,
          data: {
            call: 'prisma.schedule.update',
            handler: 'Next.js route handler',
            action: 'updates',
            model: 'Schedule',
            fields: '`userId`',
            field: 'userId',
          },
        },
      ],
    },
    {
      name: "Express: the tile dashboard lists every user's briefings",
      code: `${prismaImports}
app.get('/dashboard', async (_req, res) => {
  const briefings = await prisma.briefing.findMany({ orderBy: { createdAt: 'desc' }, take: 50 });
  res.json(briefings);
});
`,
      errors: [{ messageId: 'unscoped', line: 9, column: 27, data: { call: 'prisma.briefing.findMany', handler: 'Express route handler', action: 'reads', model: 'Briefing', fields: '`userId`', field: 'userId' } }],
    },
    {
      name: 'Express: findMany with no arguments at all',
      code: `${prismaImports}
app.get('/schedules', async (_req, res) => {
  res.json(await prisma.schedule.findMany());
});
`,
      errors: [{ messageId: 'unscoped', line: 9, column: 18 }],
    },
    {
      name: 'Express: filtered by plugin but not by user',
      code: `${prismaImports}
app.get('/plugins/:pluginId/briefings', async (req, res) => {
  res.json(await prisma.briefing.findMany({ where: { pluginId: req.params.pluginId }, take: 20 }));
});
`,
      errors: [{ messageId: 'unscoped', line: 9 }],
    },
    {
      name: "Express: deleting by id alone",
      code: `${prismaImports}
app.delete('/briefings/:id', async (req, res) => {
  await prisma.briefing.delete({ where: { id: req.params.id } });
  res.status(204).end();
});
`,
      errors: [{ messageId: 'unscopedById', line: 9, column: 9, data: { call: 'prisma.briefing.delete', handler: 'Express route handler', action: 'deletes', model: 'Briefing', fields: '`userId`', field: 'userId' } }],
    },
    {
      name: 'an OR with one branch that is not scoped',
      code: `${prismaImports}
app.get('/briefings/search', async (req, res) => {
  const user = currentUser(req);
  res.json(await prisma.briefing.findMany({ where: { OR: [{ userId: user.id }, { pluginId: 'public' }] }, take: 20 }));
});
`,
      errors: [{ messageId: 'unscoped', line: 10 }],
    },
    {
      name: 'TypeORM: findOneBy by id alone',
      code: `
import express from 'express';
import { notes } from './owner-scope-entities.js';
const app = express();
app.get('/notes/:id', async (req, res) => {
  res.json(await notes.findOneBy({ id: req.params.id }));
});
`,
      errors: [{ messageId: 'unscopedById', line: 6, column: 18, data: { call: 'notes.findOneBy', handler: 'Express route handler', action: 'reads', model: 'Note', fields: '`ownerId`', field: 'ownerId' } }],
    },
    {
      name: 'TypeORM: delete by an id from the route',
      code: `
import express from 'express';
import { notes } from './owner-scope-entities.js';
const app = express();
app.delete('/notes/:id', async (req, res) => {
  await notes.delete(req.params.id);
  res.status(204).end();
});
`,
      errors: [{ messageId: 'unscoped', line: 6, column: 9, data: { call: 'notes.delete', handler: 'Express route handler', action: 'deletes', model: 'Note', fields: '`ownerId`', field: 'ownerId' } }],
    },
  ],
});

untypedRuleTester().run('require-owner-scope (untyped)', rule, {
  valid: [
    {
      name: 'without types the owner field is unknown: silent',
      code: `
import express from 'express';
import { PrismaClient } from '@prisma/client';
const prisma = new PrismaClient();
const app = express();
app.get('/briefings/:id', async (req, res) => {
  res.json(await prisma.briefing.findUnique({ where: { id: req.params.id } }));
});
`,
    },
    {
      name: 'without types a TypeORM delete by id is not judged either',
      code: `
import express from 'express';
import { AppDataSource } from './data-source';
import { Note } from './entities/note';
const notes = AppDataSource.getRepository(Note);
const app = express();
app.delete('/notes/:id', async (req, res) => {
  await notes.delete(req.params.id);
  res.status(204).end();
});
`,
    },
    {
      name: 'odd code: computed members, optional calls and a missing where do not crash',
      code: `
export async function handler(req, res, prisma, op) {
  await prisma.briefing[op]({ where: { id: req.params.id } });
  await prisma?.schedule?.update?.({ where: { id: req.params.id }, data: {} });
  res.json(await prisma.briefing.findMany(...req.body.args));
}
`,
    },
  ],
  invalid: [],
});
