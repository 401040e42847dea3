import rule from '../../src/rules/no-swallowed-error.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

/** Strips the leading newline and the common indentation, so cases read like the files they stand for. */
function code(strings: TemplateStringsArray, ...values: unknown[]): string {
  const joined = strings.reduce((text, part, index) => text + part + (index < values.length ? String(values[index]) : ''), '');
  const text = joined.replace(/^\n/, '').replace(/\n\s*$/, '');
  const indent = Math.min(...text.split('\n').filter((line) => line.trim()).map((line) => /^ */.exec(line)![0].length));
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n');
}

untypedRuleTester().run('no-swallowed-error', rule, {
  valid: [
    // Rethrow, plain and wrapped with `cause`.
    code`
      import { Pool } from 'pg';
      import { logger } from './logger.js';
      const pool = new Pool();
      export async function loadUser(id: string) {
        try {
          const { rows } = await pool.query('select * from users where id = $1', [id]);
          return rows[0];
        } catch (err) {
          logger.error({ err, id }, 'loadUser failed');
          throw err;
        }
      }
    `,
    code`
      export async function saveOrder(order: Order) {
        try {
          await db.query('insert into orders (id, total) values ($1, $2)', [order.id, order.total]);
        } catch (err) {
          throw new AppError('could not save order', { cause: err });
        }
      }
    `,
    // Narrowing by type, rethrowing the rest.
    code`
      export async function findProject(id: string) {
        try {
          return await projects.get(id);
        } catch (err) {
          if (err instanceof NotFoundError) return null;
          throw err;
        }
      }
    `,
    // Returning the error, or a result that carries it.
    code`
      export async function chargeCard(input: ChargeInput): Promise<Result<Charge>> {
        try {
          return { ok: true, value: await stripe.charges.create(input) };
        } catch (err) {
          logger.warn({ err }, 'charge failed');
          return { ok: false, error: err };
        }
      }
    `,
    code`
      export function parseConfig(raw: string): Config | Error {
        try {
          return configSchema.parse(JSON.parse(raw));
        } catch (err) {
          return err as Error;
        }
      }
    `,
    // Handing it on: Express next, promise reject, Node callbacks.
    code`
      import express from 'express';
      const router = express.Router();
      router.get('/users/:id', async (req, res, next) => {
        try {
          res.json(await users.find(req.params.id));
        } catch (err) {
          req.log.error(err);
          next(err);
        }
      });
    `,
    code`
      router.get('/orders', (req, res, next) => {
        orders.list(req.user.id).then((rows) => res.json(rows)).catch(next);
      });
    `,
    code`
      export function readManifest(path: string): Promise<Manifest> {
        return new Promise((resolve, reject) => {
          fs.readFile(path, 'utf8', (readError, text) => {
            if (readError) return reject(readError);
            try {
              resolve(JSON.parse(text));
            } catch (err) {
              reject(err);
            }
          });
        });
      }
    `,
    code`
      export function loadTemplate(name: string, callback: (err: Error | null, html?: string) => void) {
        try {
          callback(null, render(name));
        } catch (err) {
          callback(err as Error);
        }
      }
    `,
    code`
      passport.use(new LocalStrategy(async (email, password, done) => {
        try {
          done(null, await auth.verify(email, password));
        } catch (err) {
          logger.warn({ err }, 'login failed');
          return done(err);
        }
      }));
    `,
    // Answering with an error status: Express, Fastify, Koa, Next.js, Nest.
    code`
      app.post('/checkout', async (req, res) => {
        try {
          res.status(201).json(await checkout(req.body));
        } catch (err) {
          logger.error({ err }, 'checkout failed');
          res.status(500).json({ error: 'checkout unavailable' });
        }
      });
    `,
    code`
      app.get('/health/db', async (req, res) => {
        try {
          await pool.query('select 1');
          res.sendStatus(204);
        } catch (err) {
          req.log.error(err);
          res.sendStatus(502);
        }
      });
    `,
    code`
      fastify.get('/search', async (request, reply) => {
        try {
          return await search(request.query.q);
        } catch (err) {
          request.log.error(err);
          return reply.code(503).send({ error: 'search unavailable' });
        }
      });
    `,
    code`
      router.get('/reports/:id', async (ctx) => {
        try {
          ctx.body = await reports.get(ctx.params.id);
        } catch (err) {
          ctx.log.error(err);
          ctx.status = 500;
        }
      });
    `,
    code`
      router.post('/invites', async (ctx) => {
        try {
          ctx.body = await invites.create(ctx.request.body);
        } catch (err) {
          ctx.throw(500, 'could not create invite');
        }
      });
    `,
    code`
      export async function GET(request: Request) {
        try {
          return Response.json(await listProjects());
        } catch (err) {
          console.error(err);
          return new Response('projects unavailable', { status: 500 });
        }
      }
    `,
    code`
      import { NextResponse } from 'next/server';
      export async function POST(request: Request) {
        try {
          return NextResponse.json(await createPost(await request.json()));
        } catch (err) {
          console.error('createPost failed', err);
          return NextResponse.json({ error: 'could not create post' }, { status: 500 });
        }
      }
    `,
    code`
      import { HttpException, HttpStatus, Injectable, Logger } from '@nestjs/common';
      @Injectable()
      export class BillingService {
        private readonly logger = new Logger(BillingService.name);
        async invoice(accountId: string) {
          try {
            return await this.gateway.invoice(accountId);
          } catch (err) {
            this.logger.error(err);
            throw new HttpException('billing unavailable', HttpStatus.SERVICE_UNAVAILABLE);
          }
        }
      }
    `,
    // Exiting the process.
    code`
      main().catch((err) => {
        console.error(err);
        process.exit(1);
      });
    `,
    code`
      try {
        await migrate();
      } catch (err) {
        logger.fatal(err, 'migration failed');
        process.exit(1);
      }
    `,
    // A fatal record says the process cannot go on (the app's logger exits on it).
    code`
      export const checkConnection = async (db: Sequelize) => {
        try {
          await db.authenticate();
        } catch (error) {
          if (error instanceof Error && error.message.includes('does not support SSL')) {
            Logger.fatal('The database does not support SSL connections; set PGSSLMODE=disable', error);
          } else {
            Logger.fatal('Failed to connect to database', error);
          }
        }
      };
    `,
    // Using the error another way: keeping it, recording it on a span, failing the job.
    code`
      let lastSyncError: unknown;
      export async function syncOnce() {
        try {
          await syncAccounts();
        } catch (err) {
          logger.warn({ err }, 'sync failed');
          lastSyncError = err;
        }
      }
    `,
    code`
      export async function traced<T>(name: string, work: () => Promise<T>) {
        return tracer.startActiveSpan(name, async (span) => {
          try {
            return await work();
          } catch (err) {
            span.recordException(err as Error);
            span.setStatus({ code: SpanStatusCode.ERROR });
            return undefined;
          } finally {
            span.end();
          }
        });
      }
    `,
    code`
      const worker = new Worker('emails', async (job) => {
        try {
          await mailer.send(job.data);
        } catch (err) {
          job.log(String(err));
          await job.moveToFailed(err as Error, job.token!);
        }
      });
    `,
    // Handlers marked as allowed to catch broadly (the seed's safe handler).
    code`
      import { Injectable } from '@nestjs/common';
      import { OnEvent } from '@nestjs/event-emitter';
      @Injectable()
      export class WelcomeListener {
        @OnEvent('user.created')
        @SafeHandler()
        async handle(event: UserCreatedEvent) {
          try {
            await this.mailer.sendWelcome(event.email);
          } catch (err) {
            this.logger.warn({ err }, 'welcome email failed');
          }
        }
      }
    `,
    code`
      bus.subscribe('invoice.paid', safeHandler(async (event) => {
        try {
          await analytics.track('invoice_paid', event);
        } catch (err) {
          logger.warn({ err }, 'analytics unavailable');
        }
      }));
    `,
    code`
      async function onUserDeleted(event: UserDeletedEvent) {
        try {
          await search.remove(event.userId);
        } catch {}
      }
      bus.subscribe('user.deleted', safeHandler(onUserDeleted));
    `,
    {
      code: code`
        export class ShippingListener {
          @OnEvent('order.shipped')
          async notify(event: OrderShipped) {
            try {
              await this.sms.send(event.phone, 'shipped');
            } catch (err) {
              this.logger.warn(err);
            }
          }
        }
      `,
      options: [{ allowedWrappers: ['OnEvent'] }],
    },
    {
      code: code`
        it('survives a broken cache', async () => {
          try {
            await cache.get('k');
          } catch {}
        });
      `,
      filename: 'src/users/users.spec.ts',
      options: [{ ignoreFiles: ['**/*.spec.ts'] }],
    },
    // A commented empty catch is a documented decision.
    code`
      export async function warmCache(keys: string[]) {
        try {
          await cache.mget(keys);
        } catch {
          // Best effort: the cache only speeds up the first request.
        }
      }
    `,
    code`
      window.addEventListener('beforeunload', () => {
        flushAnalytics().catch(() => {
          /* the page is going away; nothing can be done */
        });
      });
    `,
    code`
      export async function provisionAccount(user: User) {
        try {
          await groups.sync(user);
        } catch (err) {
          // Group sync failure must never block login; the nightly job retries it.
          logger.error({ err, userId: user.id }, 'group sync failed during login');
        }
        return user;
      }
    `,
    // The wrapper's own implementation is where the broad catch belongs.
    code`
      export function safeHandler<E>(name: string, handler: (event: E) => Promise<void>) {
        return async (event: E) => {
          try {
            await handler(event);
          } catch (err) {
            logger.error({ err, subscriber: name }, 'event subscriber failed');
          }
        };
      }
    `,
    code`
      export function SafeHandler(): MethodDecorator {
        return (_target, _key, descriptor: PropertyDescriptor) => {
          const original = descriptor.value;
          descriptor.value = async function (...args: unknown[]) {
            try {
              return await original.apply(this, args);
            } catch (err) {
              logger.error(err);
            }
          };
        };
      }
    `,
    // A failure met while already handling another: the outer handler decides.
    code`
      export async function transfer(from: string, to: string, amount: number) {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await debit(client, from, amount);
          await credit(client, to, amount);
          await client.query('COMMIT');
        } catch (err) {
          try {
            await client.query('ROLLBACK');
          } catch (rollbackError) {
            logger.warn({ rollbackError }, 'rollback failed');
          }
          throw err;
        } finally {
          client.release();
        }
      }
    `,
    // One attempt of a retry loop; running out of attempts is handled after the loop.
    code`
      export async function fetchRates() {
        for (let attempt = 1; attempt <= 3; attempt++) {
          try {
            return await fx.latest();
          } catch (err) {
            logger.warn({ err, attempt }, 'fx rates attempt failed');
          }
        }
        throw new Error('fx rates unavailable');
      }
    `,
    // Cleanup functions may swallow their own failures.
    code`
      export class RedisLock {
        async release(lock: Lock): Promise<boolean> {
          try {
            if (lock.expiration > Date.now()) {
              await lock.unlock();
              return true;
            }
            return false;
          } catch (err) {
            logger.warn({ err }, 'could not release lock');
            return false;
          }
        }
      }
    `,
    code`
      import fs from 'fs-extra';
      const removeTmpFile = (filePath: string) =>
        fs.remove(filePath).catch((err) => {
          logger.error({ err }, 'could not remove tmp file');
        });
    `,
    // Marking a promise handled that is awaited elsewhere.
    code`
      export async function validateAll(checks: Array<() => Promise<void>>) {
        const pending = checks.map((check) => check());
        for (const promise of pending) promise.catch(() => {});
        return Promise.allSettled(pending);
      }
    `,
    // Try-parse without a log is a deliberate conversion (reportDefaultWithoutLog is off).
    code`
      export function tryParseJson(text: string): unknown {
        try {
          return JSON.parse(text);
        } catch {
          return undefined;
        }
      }
    `,
    code`
      for (const line of lines) {
        try {
          events.push(JSON.parse(line));
        } catch {
          continue;
        }
      }
    `,
    // Best-effort cleanup.
    code`
      import fs from 'node:fs/promises';
      export async function convert(tmpPath: string) {
        try {
          return await ffmpeg(tmpPath);
        } finally {
          try {
            await fs.unlink(tmpPath);
          } catch {}
        }
      }
    `,
    code`
      process.on('SIGTERM', async () => {
        await redis.quit().catch(() => {});
        await pool.end().catch((err) => logger.warn({ err }, 'pool did not close'));
      });
    `,
    // A fire-and-forget promise has nobody to tell; logging is what it can do.
    code`
      export async function register(input: SignUp) {
        const user = await users.create(input);
        void mailer.sendWelcome(user.email).catch((err) => logger.warn({ err }, 'welcome email failed'));
        analytics.track('signup', { id: user.id }).catch(console.error);
        return user;
      }
    `,
    // Turning success into a yes/no answer on purpose.
    code`
      export const fileExists = (path: string) => fs.access(path).then(() => true).catch(() => false);
    `,
    // The catch handler does real work.
    code`
      export const loadSettings = (userId: string) =>
        settings.get(userId).catch((err) => {
          if (isNotFound(err)) return defaults;
          throw new Error('settings unavailable', { cause: err });
        });
    `,
    code`
      app.get('/feed', (req, res) => {
        feed.latest(req.user.id).then((items) => res.json(items)).catch((err) => res.status(500).json({ error: String(err) }));
      });
    `,
    // Without types an injected logger with an unconventional name is unknown: the fallback stays quiet
    // (the typed group reports the same class).
    code`
      import type { Logger } from 'pino';
      export class Places {
        constructor(private readonly pool: Pool, private readonly sink: Logger) {}
        async search(query: string) {
          try {
            return (await this.pool.query('select * from places where name ilike $1', [query])).rows;
          } catch (err) {
            this.sink.error({ err }, 'place search failed');
            return null;
          }
        }
      }
    `,
    // A log whose arguments do work, or an \`if\` whose test does, is more than a log.
    code`
      try {
        await charge(order);
      } catch (err) {
        logger.error({ err, attempt: await attempts.increment(order.id) }, 'charge failed');
      }
    `,
    code`
      try {
        await charge(order);
      } catch (err) {
        if (await retries.schedule(order.id)) logger.warn('charge retry scheduled');
      }
    `,
    // Odd shapes that must not crash or report.
    'promise.catch();',
    'promise.catch(handleRejection);',
    'promise.catch(...handlers);',
    "promise['catch'](next);",
    'try { run(); } catch ({ code }) { if (code !== "ENOENT") throw new Error(code); }',
    code`
      try {
        await publish(event);
      } catch (err) {
        const retry = () => publish(event);
        setTimeout(retry, 1000);
      }
    `,
  ],
  invalid: [
    {
      code: code`
        export async function rememberSession(key: string, session: Session) {
          try {
            await cache.set(key, session);
          } catch {}
        }
      `,
      errors: [
        {
          messageId: 'emptyCatch',
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'rememberSession failed', cause: 'error' },
              output: code`
                export async function rememberSession(key: string, session: Session) {
                  try {
                    await cache.set(key, session);
                  } catch (error) {
                    throw new Error('rememberSession failed', { cause: error });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        const rows = [];
        try {
          rows.push(...(await pool.query(sql)).rows);
        } catch (e) {
        }
      `,
      errors: [
        {
          messageId: 'emptyCatch',
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 12,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'e' },
              output: code`
                const rows = [];
                try {
                  rows.push(...(await pool.query(sql)).rows);
                } catch (e) {
                  throw new Error('Operation failed', { cause: e });
                }
              `,
            },
          ],
        },
      ],
    },
    // The Express handler that logs and never answers: the request hangs.
    {
      code: code`
        app.post('/projects', async (req, res) => {
          try {
            res.status(201).json(await projects.create(req.body));
          } catch (err) {
            req.log.error(err);
          }
        });
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'req.log.error', outcome: 'carries on as if it succeeded' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 16,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                app.post('/projects', async (req, res) => {
                  try {
                    res.status(201).json(await projects.create(req.body));
                  } catch (err) {
                    req.log.error(err);
                    throw new Error('Operation failed', { cause: err });
                  }
                });
              `,
            },
          ],
        },
      ],
    },
    // The seed's story: log and return None, so the user sees "no results".
    {
      code: code`
        export async function searchPlaces(query: string) {
          try {
            const { rows } = await pool.query('select * from places where name ilike $1', [query]);
            return rows;
          } catch (error) {
            logger.warn({ error }, 'place search failed');
            return null;
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.warn', outcome: 'returns `null`' },
          line: 5,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'place search failed', cause: 'error' },
              output: code`
                export async function searchPlaces(query: string) {
                  try {
                    const { rows } = await pool.query('select * from places where name ilike $1', [query]);
                    return rows;
                  } catch (error) {
                    logger.warn({ error }, 'place search failed');
                    throw new Error('place search failed', { cause: error });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        export async function listMembers(circleId: string): Promise<Member[]> {
          try {
            return await knex('members').where({ circle_id: circleId });
          } catch (err) {
            console.error(\`listMembers(\${circleId}) failed\`, err);
            return [];
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'console.error', outcome: 'returns `[]`' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'listMembers failed', cause: 'err' },
              output: code`
                export async function listMembers(circleId: string): Promise<Member[]> {
                  try {
                    return await knex('members').where({ circle_id: circleId });
                  } catch (err) {
                    console.error(\`listMembers(\${circleId}) failed\`, err);
                    throw new Error('listMembers failed', { cause: err });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // A queue worker that logs and moves on: the job is lost, not retried.
    {
      code: code`
        for (const job of batch) {
          try {
            await processPayment(job.data);
          } catch (err) {
            logger.error({ err, jobId: job.id }, 'payment job failed');
            continue;
          }
          await job.ack();
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.error', outcome: 'skips to the next iteration' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'payment job failed', cause: 'err' },
              output: code`
                for (const job of batch) {
                  try {
                    await processPayment(job.data);
                  } catch (err) {
                    logger.error({ err, jobId: job.id }, 'payment job failed');
                    throw new Error('payment job failed', { cause: err });
                  }
                  await job.ack();
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        while (true) {
          try {
            await consumer.poll();
          } catch (err) {
            log.warn(err);
            break;
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'log.warn', outcome: 'leaves the loop' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                while (true) {
                  try {
                    await consumer.poll();
                  } catch (err) {
                    log.warn(err);
                    throw new Error('Operation failed', { cause: err });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // Nest service: logs and answers false, which the controller reads as "not allowed".
    {
      code: code`
        @Injectable()
        export class PermissionsService {
          private readonly logger = new Logger(PermissionsService.name);
          async canEdit(userId: string, docId: string): Promise<boolean> {
            try {
              return await this.acl.check(userId, docId, 'edit');
            } catch (err) {
              this.logger.error('acl check failed', err);
              return false;
            }
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'this.logger.error', outcome: 'returns `false`' },
          line: 7,
          column: 7,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'acl check failed', cause: 'err' },
              output: code`
                @Injectable()
                export class PermissionsService {
                  private readonly logger = new Logger(PermissionsService.name);
                  async canEdit(userId: string, docId: string): Promise<boolean> {
                    try {
                      return await this.acl.check(userId, docId, 'edit');
                    } catch (err) {
                      this.logger.error('acl check failed', err);
                      throw new Error('acl check failed', { cause: err });
                    }
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // Branches that all swallow still swallow.
    {
      code: code`
        export async function fetchForecast(city: string) {
          try {
            return await weather.get(city);
          } catch (err) {
            if (err instanceof TimeoutError) {
              logger.warn({ city }, 'forecast timed out');
            } else {
              logger.error({ err, city }, 'forecast failed');
            }
            return {};
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.warn', outcome: 'returns `{}`' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'forecast timed out', cause: 'err' },
              output: code`
                export async function fetchForecast(city: string) {
                  try {
                    return await weather.get(city);
                  } catch (err) {
                    if (err instanceof TimeoutError) {
                      logger.warn({ city }, 'forecast timed out');
                    } else {
                      logger.error({ err, city }, 'forecast failed');
                    }
                    throw new Error('forecast timed out', { cause: err });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // No binding: the suggestion adds one.
    {
      code: code`
        async function loadFlags() {
          try {
            return await flags.fetchAll();
          } catch {
            console.warn('feature flags unavailable');
            return;
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'console.warn', outcome: 'returns nothing' },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'feature flags unavailable', cause: 'error' },
              output: code`
                async function loadFlags() {
                  try {
                    return await flags.fetchAll();
                  } catch (error) {
                    console.warn('feature flags unavailable');
                    throw new Error('feature flags unavailable', { cause: error });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // A destructured binding leaves no error to pass as `cause`: no suggestion.
    {
      code: code`
        try {
          await sendInvoice(invoice);
        } catch ({ message }) {
          logger.warn(message);
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.warn', outcome: 'carries on as if it succeeded' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 22,
          suggestions: [],
        },
      ],
    },
    // \`error\` already names something in the catch: the added binding takes another name.
    {
      code: code`
        let error: string | undefined;
        try {
          await uploads.put(file);
        } catch {
          console.error('upload failed', error);
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'console.error', outcome: 'carries on as if it succeeded' },
          line: 4,
          column: 3,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'upload failed', cause: 'caughtError' },
              output: code`
                let error: string | undefined;
                try {
                  await uploads.put(file);
                } catch (caughtError) {
                  console.error('upload failed', error);
                  throw new Error('upload failed', { cause: caughtError });
                }
              `,
            },
          ],
        },
      ],
    },
    // One-line catches stay on one line.
    {
      code: "export function track(event: string) { try { analytics.track(event) } catch (e) { log.warn(e) } }",
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'log.warn', outcome: 'carries on as if it succeeded' },
          line: 1,
          column: 71,
          endColumn: 80,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'track failed', cause: 'e' },
              output: "export function track(event: string) { try { analytics.track(event) } catch (e) { log.warn(e); throw new Error('track failed', { cause: e }); } }",
            },
          ],
        },
      ],
    },
    // Promise catches whose result someone uses.
    {
      code: code`
        export async function getProfile(id: string) {
          const profile = await profiles.fetch(id).catch(() => null);
          return profile ?? { id, name: 'Unknown' };
        }
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `null`' },
          line: 2,
          column: 44,
          endLine: 2,
          endColumn: 61,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'fetch failed', cause: 'error' },
              output: code`
                export async function getProfile(id: string) {
                  const profile = await profiles.fetch(id).catch((error) => { throw new Error('fetch failed', { cause: error }); });
                  return profile ?? { id, name: 'Unknown' };
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        export const loadPrices = (sku: string) =>
          pricing.lookup(sku).catch(() => undefined);
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `undefined`' },
          line: 2,
          column: 23,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'lookup failed', cause: 'error' },
              output: code`
                export const loadPrices = (sku: string) =>
                  pricing.lookup(sku).catch((error) => { throw new Error('lookup failed', { cause: error }); });
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        export async function latestRates() {
          return await fx.rates().catch((err) => logger.warn({ err }, 'fx rates unavailable'));
        }
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'only logs with `logger.warn` and resolves with `undefined`' },
          line: 2,
          column: 27,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'fx rates unavailable', cause: 'err' },
              output: code`
                export async function latestRates() {
                  return await fx.rates().catch((err) => { logger.warn({ err }, 'fx rates unavailable'); throw new Error('fx rates unavailable', { cause: err }); });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: 'export const plans = () => billing.plans().catch((err) => (log.error(err), []));',
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'only logs with `log.error` and resolves with `[]`' },
          line: 1,
          column: 44,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'plans failed', cause: 'err' },
              output:
                "export const plans = () => billing.plans().catch((err) => { log.error(err), []; throw new Error('plans failed', { cause: err }); });",
            },
          ],
        },
      ],
    },
    {
      code: code`
        export function recentOrders(userId: string) {
          return orders
            .recent(userId)
            .catch(async () => {
              logger.error('recent orders failed');
              return [];
            });
        }
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'only logs with `logger.error` and resolves with `[]`' },
          line: 4,
          column: 6,
          endLine: 7,
          endColumn: 7,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'recent orders failed', cause: 'error' },
              output: code`
                export function recentOrders(userId: string) {
                  return orders
                    .recent(userId)
                    .catch(async (error) => {
                      logger.error('recent orders failed');
                      throw new Error('recent orders failed', { cause: error });
                    });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        await runMigrations().catch(console.error);
        server.listen(3000);
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'only logs with `console.error` and resolves with `undefined`' },
          line: 1,
          column: 23,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'runMigrations failed', cause: 'error' },
              output: code`
                await runMigrations().catch((error) => { console.error(error); throw new Error('runMigrations failed', { cause: error }); });
                server.listen(3000);
              `,
            },
          ],
        },
      ],
    },
    // Fire-and-forget with nothing at all: not even a log. No suggestion (a rethrow would be an unhandled rejection).
    {
      code: code`
        export function trackSignup(userId: string) {
          analytics.track('signup', { userId }).catch(() => {});
        }
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `undefined`' },
          line: 2,
          column: 41,
          endLine: 2,
          endColumn: 56,
          suggestions: [],
        },
      ],
    },
    {
      code: "const user = await users.get(id)['catch'](() => null);",
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `null`' },
          line: 1,
          column: 33,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'get failed', cause: 'error' },
              output: "const user = await users.get(id)['catch']((error) => { throw new Error('get failed', { cause: error }); });",
            },
          ],
        },
      ],
    },
    {
      code: 'const token = await session?.refresh().catch(function () { return null; });',
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `null`' },
          line: 1,
          column: 40,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'refresh failed', cause: 'error' },
              output: "const token = await session?.refresh().catch((error) => { throw new Error('refresh failed', { cause: error }); });",
            },
          ],
        },
      ],
    },
    // Options.
    {
      code: code`
        try {
          await cache.mget(keys);
        } catch {
          // ignore
        }
      `,
      options: [{ allowWithComment: false }],
      errors: [
        {
          messageId: 'emptyCatch',
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'error' },
              output: code`
                try {
                  await cache.mget(keys);
                } catch (error) {
                  // ignore
                  throw new Error('Operation failed', { cause: error });
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        export function readPort(raw: string) {
          try { return parsePort(raw); } catch { return 0; }
        }
      `,
      options: [{ reportDefaultWithoutLog: true }],
      errors: [
        {
          messageId: 'defaultOnly',
          data: { outcome: 'returns `0`' },
          line: 2,
          column: 34,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'readPort failed', cause: 'error' },
              output: code`
                export function readPort(raw: string) {
                  try { return parsePort(raw); } catch (error) { throw new Error('readPort failed', { cause: error }); }
                }
              `,
            },
          ],
        },
      ],
    },
    // A TODO is not a reason.
    {
      code: code`
        try {
          await billing.sync(account);
        } catch (err) {
          // TODO: surface this to the user
          logger.error(err);
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.error', outcome: 'carries on as if it succeeded' },
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                try {
                  await billing.sync(account);
                } catch (err) {
                  // TODO: surface this to the user
                  logger.error(err);
                  throw new Error('Operation failed', { cause: err });
                }
              `,
            },
          ],
        },
      ],
    },
    // A batch loop whose try does not leave the loop is not a retry.
    {
      code: code`
        for (const user of users) {
          try {
            await mailer.sendDigest(user);
          } catch (err) {
            logger.warn({ err, userId: user.id }, 'digest failed');
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.warn', outcome: 'carries on as if it succeeded' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'digest failed', cause: 'err' },
              output: code`
                for (const user of users) {
                  try {
                    await mailer.sendDigest(user);
                  } catch (err) {
                    logger.warn({ err, userId: user.id }, 'digest failed');
                    throw new Error('digest failed', { cause: err });
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    // Without the default wrapper names, a safeHandler is an ordinary function.
    {
      code: code`
        bus.subscribe('invoice.paid', safeHandler(async (event) => {
          try {
            await ledger.record(event);
          } catch (err) {
            logger.warn(err);
          }
        }));
      `,
      options: [{ allowedWrappers: [] }],
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'logger.warn', outcome: 'carries on as if it succeeded' },
          line: 4,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                bus.subscribe('invoice.paid', safeHandler(async (event) => {
                  try {
                    await ledger.record(event);
                  } catch (err) {
                    logger.warn(err);
                    throw new Error('Operation failed', { cause: err });
                  }
                }));
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        try {
          await audit.write(entry);
        } catch (err) {
          audit.error(err);
        }
      `,
      settings: { pitfalls: { loggers: ['audit'] } },
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'audit.error', outcome: 'carries on as if it succeeded' },
          line: 3,
          column: 3,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                try {
                  await audit.write(entry);
                } catch (err) {
                  audit.error(err);
                  throw new Error('Operation failed', { cause: err });
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester().run('no-swallowed-error with types', rule, {
  valid: [
    // A logger injected under an unconventional name is only known with types; rethrow is fine.
    code`
      import type { Logger } from 'pino';
      import { Pool } from 'pg';
      export class Reports {
        constructor(private readonly pool: Pool, private readonly sink: Logger) {}
        async monthly(month: string) {
          try {
            return (await this.pool.query('select * from report($1)', [month])).rows;
          } catch (err) {
            this.sink.error({ err }, 'monthly report failed');
            throw err;
          }
        }
      }
    `,
    code`
      import express from 'express';
      const app = express();
      app.get('/orders/:id', async (req, res, next) => {
        try {
          res.json(await loadOrder(req.params.id));
        } catch (err) {
          next(err);
        }
      });
      declare function loadOrder(id: string): Promise<unknown>;
    `,
    code`
      import Fastify from 'fastify';
      const app = Fastify();
      app.get('/search', async (request, reply) => {
        try {
          return await search(String(request.query));
        } catch (err) {
          request.log.error(err);
          return reply.code(503).send({ error: 'search unavailable' });
        }
      });
      declare function search(q: string): Promise<unknown[]>;
    `,
    code`
      import { Pool } from 'pg';
      const pool = new Pool();
      export async function withClient<T>(work: (client: import('pg').PoolClient) => Promise<T>) {
        const client = await pool.connect();
        try {
          return await work(client);
        } finally {
          try {
            client.release();
          } catch {}
        }
      }
    `,
    // A `.catch` method on something that is not a promise.
    code`
      class RetryPolicy {
        catch(fallback: () => unknown) { return this; }
      }
      export const policy = new RetryPolicy().catch(() => null);
    `,
    code`
      import { Injectable, Logger } from '@nestjs/common';
      declare function SafeHandler(): MethodDecorator;
      @Injectable()
      export class AuditListener {
        private readonly logger = new Logger(AuditListener.name);
        @SafeHandler()
        async onLogin(event: { userId: string }) {
          try {
            await fetch('https://audit.internal/logins', { method: 'POST', body: JSON.stringify(event) });
          } catch (err) {
            this.logger.warn(String(err));
          }
        }
      }
    `,
    code`
      export function parseCursor(cursor: string): { id: string } | undefined {
        try {
          return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
        } catch {
          return undefined;
        }
      }
    `,
    code`
      import { Pool } from 'pg';
      const pool = new Pool();
      export const isDatabaseUp = () => pool.query('select 1').then(() => true).catch(() => false);
    `,
  ],
  invalid: [
    {
      code: code`
        import type { Logger } from 'pino';
        import { Pool } from 'pg';
        export class Places {
          constructor(private readonly pool: Pool, private readonly sink: Logger) {}
          async search(query: string) {
            try {
              return (await this.pool.query('select * from places where name ilike $1', [query])).rows;
            } catch (err) {
              this.sink.error({ err }, 'place search failed');
              return null;
            }
          }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'this.sink.error', outcome: 'returns `null`' },
          line: 8,
          column: 7,
          endLine: 8,
          endColumn: 18,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'place search failed', cause: 'err' },
              output: code`
                import type { Logger } from 'pino';
                import { Pool } from 'pg';
                export class Places {
                  constructor(private readonly pool: Pool, private readonly sink: Logger) {}
                  async search(query: string) {
                    try {
                      return (await this.pool.query('select * from places where name ilike $1', [query])).rows;
                    } catch (err) {
                      this.sink.error({ err }, 'place search failed');
                      throw new Error('place search failed', { cause: err });
                    }
                  }
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import winston from 'winston';
        const out = winston.createLogger({ transports: [new winston.transports.Console()] });
        export async function loadInvoices(accountId: string) {
          try {
            return await fetchInvoices(accountId);
          } catch (err) {
            out.warn('invoices unavailable', { err });
            return [];
          }
        }
        declare function fetchInvoices(id: string): Promise<unknown[]>;
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'out.warn', outcome: 'returns `[]`' },
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'invoices unavailable', cause: 'err' },
              output: code`
                import winston from 'winston';
                const out = winston.createLogger({ transports: [new winston.transports.Console()] });
                export async function loadInvoices(accountId: string) {
                  try {
                    return await fetchInvoices(accountId);
                  } catch (err) {
                    out.warn('invoices unavailable', { err });
                    throw new Error('invoices unavailable', { cause: err });
                  }
                }
                declare function fetchInvoices(id: string): Promise<unknown[]>;
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import Fastify from 'fastify';
        const app = Fastify();
        app.get('/places', async (request) => {
          try {
            return await searchPlaces(String(request.query));
          } catch (err) {
            request.log.error(err);
            return [];
          }
        });
        declare function searchPlaces(q: string): Promise<unknown[]>;
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'request.log.error', outcome: 'returns `[]`' },
          line: 6,
          column: 5,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'Operation failed', cause: 'err' },
              output: code`
                import Fastify from 'fastify';
                const app = Fastify();
                app.get('/places', async (request) => {
                  try {
                    return await searchPlaces(String(request.query));
                  } catch (err) {
                    request.log.error(err);
                    throw new Error('Operation failed', { cause: err });
                  }
                });
                declare function searchPlaces(q: string): Promise<unknown[]>;
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import { Pool } from 'pg';
        const pool = new Pool();
        export async function countUsers() {
          const result = await pool.query('select count(*) from users').catch(() => null);
          return result?.rows[0]?.count ?? 0;
        }
      `,
      errors: [
        {
          messageId: 'promiseCatch',
          data: { outcome: 'ignores the error and resolves with `null`' },
          line: 4,
          column: 65,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'query failed', cause: 'error' },
              output: code`
                import { Pool } from 'pg';
                const pool = new Pool();
                export async function countUsers() {
                  const result = await pool.query('select count(*) from users').catch((error) => { throw new Error('query failed', { cause: error }); });
                  return result?.rows[0]?.count ?? 0;
                }
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import { Injectable, Logger } from '@nestjs/common';
        @Injectable()
        export class QuotaService {
          private readonly audit = new Logger(QuotaService.name);
          async remaining(accountId: string): Promise<number | null> {
            try {
              return await this.lookup(accountId);
            } catch (err) {
              this.audit.warn(\`quota lookup failed for \${accountId}\`);
              return null;
            }
          }
          private async lookup(accountId: string) { return accountId.length; }
        }
      `,
      errors: [
        {
          messageId: 'logOnly',
          data: { logger: 'this.audit.warn', outcome: 'returns `null`' },
          line: 8,
          column: 7,
          suggestions: [
            {
              messageId: 'rethrowWithCause',
              data: { description: 'remaining failed', cause: 'err' },
              output: code`
                import { Injectable, Logger } from '@nestjs/common';
                @Injectable()
                export class QuotaService {
                  private readonly audit = new Logger(QuotaService.name);
                  async remaining(accountId: string): Promise<number | null> {
                    try {
                      return await this.lookup(accountId);
                    } catch (err) {
                      this.audit.warn(\`quota lookup failed for \${accountId}\`);
                      throw new Error('remaining failed', { cause: err });
                    }
                  }
                  private async lookup(accountId: string) { return accountId.length; }
                }
              `,
            },
          ],
        },
      ],
    },
  ],
});
