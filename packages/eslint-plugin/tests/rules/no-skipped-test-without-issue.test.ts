import { Linter } from '@typescript-eslint/utils/ts-eslint';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/no-skipped-test-without-issue.js';
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

/** Untyped cases are linted under test-file names, where jest's, mocha's and vitest's globals live. */
const SPEC = 'src/orders/orders.service.spec.ts';
const TEST = 'src/billing/invoices.test.ts';
const E2E = 'e2e/checkout.spec.ts';

untypedRuleTester().run('no-skipped-test-without-issue', rule, {
  valid: [
    // An issue reference in a line comment on the previous line.
    {
      filename: SPEC,
      code: code`
        describe('OrdersService', () => {
          // Skipped until #482 is fixed: the refund path now runs in a worker.
          it.skip('refunds a cancelled order immediately', async () => {
            await service.cancel(order.id);
            expect(await payments.refunds(order.id)).toHaveLength(1);
          });
        });
      `,
    },
    // On the same line, after the declaration.
    {
      filename: TEST,
      code: code`
        import { describe, it } from 'vitest';
        describe('invoice totals', () => {
          it.skip('rounds VAT per line', () => { // https://github.com/acme/billing/issues/311
            expect(total(lines)).toBe(12.35);
          });
        });
      `,
    },
    // A block comment directly before, a tracker key, a run of comment lines above.
    {
      filename: SPEC,
      code: code`
        /* PAY-1432: the sandbox gateway rejects 3-D Secure cards since March */
        xit('charges a 3-D Secure card', async () => {
          await checkout.pay(card3ds);
        });
      `,
    },
    {
      filename: SPEC,
      code: code`
        describe('webhooks', () => {
          // The retry schedule moved to BullMQ; this asserted the old in-process timer.
          // Rewrite tracked in https://linear.app/acme/issue/ENG-219/webhook-retry-tests
          // (flaky on CI meanwhile).
          it.skip('retries a failed delivery after 30s', async () => {
            await deliver(hook);
          });
        });
      `,
    },
    {
      filename: SPEC,
      code: code`
        /**
         * Needs the real Stripe test clock.
         * @see acme/payments#77
         */
        describe.skip('subscription renewals', () => {
          it('renews at period end', async () => {
            await clock.advance('30d');
          });
        });
      `,
    },
    // A comment trailing the previous line's code is on the previous line too.
    {
      filename: SPEC,
      code: code`
        describe('imports', () => {
          beforeEach(seed); // the next test waits for #12
          it.skip('dedupes rows', async () => {
            await importer.parse(dupCsv);
          });
        });
      `,
    },
    // Or as the first line of the skipped body.
    {
      filename: E2E,
      code: code`
        import { test } from '@playwright/test';
        test.skip('changes the accent color', async ({ page }) => {
          // UI-2231: the color picker hangs headless Chromium
          await page.goto('/settings/brand');
          await page.getByLabel('Accent').fill('#3b82f6');
        });
      `,
    },
    // Conditional skips gate a test on the environment; they are not forgotten tests.
    {
      filename: TEST,
      code: code`
        import { describe, it } from 'vitest';
        const hasDatabase = Boolean(process.env.DATABASE_URL);
        describe.runIf(hasDatabase)('invoice repository', () => {
          it.skipIf(process.platform === 'win32')('writes the PDF to a temp dir', async () => {
            await repo.exportPdf(invoice.id);
          });
        });
      `,
    },
    {
      filename: 'src/users/users.test.ts',
      code: code`
        import { describe, it } from 'node:test';
        import assert from 'node:assert/strict';
        describe('password hashing', () => {
          it('uses the native argon2 binding', { skip: process.platform === 'win32' }, async () => {
            assert.ok(await hash('secret'));
          });
          it('reads the pepper from the vault', { skip: !process.env.VAULT_ADDR }, async () => {
            assert.ok(await pepper());
          });
          it('hashes with bcrypt fallback', { skip: false }, async () => {
            assert.ok(await bcryptHash('secret'));
          });
        });
      `,
    },
    // node:test's skip and todo reasons may carry the reference.
    {
      filename: 'src/users/users.test.ts',
      code: code`
        import test from 'node:test';
        test('sends the welcome email', { skip: 'flaky SMTP mock, see #912' }, async () => {
          await signUp(user);
        });
        test('locks the account after 5 failures', { todo: 'GH-140' });
      `,
    },
    // Playwright's runtime and conditional skips.
    {
      filename: E2E,
      code: code`
        import { test, expect } from '@playwright/test';
        test('pays with Apple Pay', async ({ page, browserName }) => {
          test.skip(browserName !== 'webkit', 'Apple Pay runs in Safari only');
          await page.goto('/checkout');
          await expect(page.getByRole('button', { name: 'Apple Pay' })).toBeVisible();
        });
        test('downloads the invoice', async ({ page }) => {
          test.skip();
          await page.goto('/invoices');
        });
        test.describe('mobile menu', () => {
          test.skip(({ isMobile }) => !isMobile);
          test.fixme(({ browserName }) => browserName === 'firefox', 'menu animation hangs');
          test('opens the drawer', async ({ page }) => {
            await page.getByLabel('Menu').click();
          });
        });
      `,
    },
    // Mocha's `this.skip()`, node:test's `t.skip()` and vitest's `ctx.skip()` skip at run time.
    {
      filename: 'test/integration/s3.test.js',
      code: code`
        describe('S3 uploads', function () {
          before(function () {
            if (!process.env.AWS_ACCESS_KEY_ID) this.skip();
          });
          it('uploads an avatar', async function () {
            await upload(avatar);
          });
        });
      `,
    },
    {
      filename: 'src/cache/redis.test.ts',
      code: code`
        import { test } from 'node:test';
        test('evicts on memory pressure', async (t) => {
          if (!process.env.REDIS_URL) t.skip('no Redis in this environment');
          await fillCache();
        });
      `,
    },
    {
      filename: 'src/cache/lru.test.ts',
      code: code`
        import { it } from 'vitest';
        it('evicts the oldest entry', (ctx) => {
          ctx.skip(!process.env.SLOW, 'slow suite only');
          ctx.skip('needs the cluster');
        });
      `,
    },
    // Globals outside test files, and names that only look like test functions.
    {
      filename: 'src/orders/orders.service.ts',
      code: code`
        export function registerChecks() {
          it.skip('not a test file', () => {});
          describe.only('nor this', () => {});
        }
      `,
    },
    {
      filename: SPEC,
      code: code`
        import { MongoClient } from 'mongodb';
        describe('audit log', () => {
          it('pages through entries', async () => {
            const cursor = new MongoClient(url).db().collection('audit').find({ orgId });
            cursor.skip(20);
            const qb = repo.createQueryBuilder('entry');
            qb.skip((page - 1) * 20).take(20);
          });
        });
      `,
    },
    {
      filename: 'src/events/stream.ts',
      code: code`
        import { skip, take } from 'rxjs/operators';
        import { paginate } from './paginate.js';
        export const firstUpdates$ = updates$.pipe(skip(1), take(5));
        export const rows = paginate('orders', { skip: true, only: true });
        export function describeRows(it: Iterator<Row>) {
          const test = /^row-/;
          return test.test(String(it.next().value));
        }
      `,
    },
    // A local `it` or a callback parameter named like a test function is not one.
    {
      filename: SPEC,
      code: code`
        const it = createIterator(rows);
        it.skip('header', parseHeader);
        function run(test: Runner) {
          test.only('smoke', smoke);
        }
      `,
    },
    // Plain, unmarked tests, and describe.each tables.
    {
      filename: TEST,
      code: code`
        import { describe, it, test } from 'vitest';
        describe.each([['EUR'], ['USD']])('totals in %s', (currency) => {
          it('sums lines', () => {
            expect(sum(lines, currency)).toBeGreaterThan(0);
          });
          test.concurrent('applies discounts', async () => {
            expect(await discount(currency)).toBeDefined();
          });
        });
      `,
    },
    // A custom issue pattern.
    {
      filename: SPEC,
      code: code`
        // LIN-88: blocked on the new pricing table
        it.todo('prices a seat-based plan');
      `,
      options: [{ issuePattern: String.raw`\bLIN-\d+\b` }],
    },
    // Odd code must not crash.
    {
      filename: SPEC,
      code: code`
        const mode = process.env.CI ? 'skip' : 'only';
        it[mode]('computed member', () => {});
        it.skip;
        (0, it.skip);
        describe.skip.each;
        it.skip.each(table);
        it();
      `,
    },
  ],
  invalid: [
    // The seed's story: tests broken by a refactor, skipped, forgotten.
    {
      filename: SPEC,
      code: code`
        describe('PipelineService', () => {
          it.skip('returns completed immediately', async () => {
            expect(await pipeline.run(spec)).toEqual({ status: 'completed' });
          });
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 2, column: 3, endLine: 2, endColumn: 10 }],
    },
    {
      filename: TEST,
      code: code`
        import { describe, test } from 'vitest';
        // TODO: fix after the store moves to Postgres
        describe.skip('in-memory user store', () => {
          test('creates a user', () => {
            expect(store.create(user)).toBeDefined();
          });
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'describe.skip', kind: 'suite' }, line: 3, column: 1, endLine: 3, endColumn: 14 }],
    },
    // Jasmine-style pending spellings and mocha's.
    {
      filename: SPEC,
      code: code`
        describe('CheckoutController', () => {
          xit('applies the coupon', async () => {
            await controller.apply(coupon);
          });
          xdescribe('guest checkout', () => {
            xtest('keeps the cart', () => {});
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'xit', kind: 'test' }, line: 2, column: 3, endLine: 2, endColumn: 6 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'xdescribe', kind: 'suite' }, line: 5, column: 3, endLine: 5, endColumn: 12 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'xtest', kind: 'test' }, line: 6, column: 5, endLine: 6, endColumn: 10 },
      ],
    },
    {
      filename: 'test/api/projects.js',
      code: code`
        context.skip('when the project is archived', function () {
          xspecify('rejects new members', async function () {
            await request(app).post('/projects/1/members').expect(409);
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'context.skip', kind: 'suite' }, line: 1, column: 1, endLine: 1, endColumn: 13 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'xspecify', kind: 'test' }, line: 2, column: 3, endLine: 2, endColumn: 11 },
      ],
    },
    // Chains: concurrent, each tables (array and tagged template), failing.
    {
      filename: TEST,
      code: code`
        import { describe, it } from 'vitest';
        describe('exchange rates', () => {
          it.concurrent.skip('fetches ECB rates', async () => {
            expect(await rates.fetch('EUR')).toBeDefined();
          });
          it.skip.each([
            ['EUR', 'USD'],
            ['GBP', 'JPY'],
          ])('converts %s to %s', (from, to) => {
            expect(convert(1, from, to)).toBeGreaterThan(0);
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.concurrent.skip', kind: 'test' }, line: 3, column: 3, endLine: 3, endColumn: 21 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip.each', kind: 'test' }, line: 6, column: 3, endLine: 6, endColumn: 15 },
      ],
    },
    {
      filename: SPEC,
      code: code`
        test.skip.each\`
          plan     | seats
          \${'free'} | \${1}
          \${'pro'}  | \${10}
        \`('limits $plan to $seats seats', ({ plan, seats }) => {
          expect(limits[plan].seats).toBe(seats);
        });
        test.skip.failing('still double-charges on retry', async () => {
          await charge(order);
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip.each', kind: 'test' }, line: 1, column: 1, endLine: 1, endColumn: 15 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip.failing', kind: 'test' }, line: 8, column: 1, endLine: 8, endColumn: 18 },
      ],
    },
    // Todo tests.
    {
      filename: TEST,
      code: code`
        import { describe, it } from 'vitest';
        describe('schedules', () => {
          it.todo('runs a paused schedule after resume');
          describe.todo('timezone handling');
        });
      `,
      errors: [
        { messageId: 'todoWithoutIssue', data: { spelling: 'it.todo', kind: 'test' }, line: 3, column: 3, endLine: 3, endColumn: 10 },
        { messageId: 'todoWithoutIssue', data: { spelling: 'describe.todo', kind: 'suite' }, line: 4, column: 3, endLine: 4, endColumn: 16 },
      ],
    },
    // node:test options.
    {
      filename: 'src/users/users.test.ts',
      code: code`
        import { describe, it } from 'node:test';
        describe('sessions', () => {
          it('expires after 30 minutes', { skip: true }, async () => {
            await clock.tick(30 * 60_000);
          });
          it('refreshes a sliding session', { skip: 'broken by the Redis store' }, async () => {
            await refresh(session);
          });
          it('revokes every session on password change', { todo: true });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it(…, { skip: true })', kind: 'test' }, line: 3, column: 36, endLine: 3, endColumn: 46 },
        {
          messageId: 'skippedWithoutIssue',
          data: { spelling: "it(…, { skip: 'broken by the Redis store' })", kind: 'test' },
          line: 6,
          column: 39,
          endLine: 6,
          endColumn: 72,
        },
        { messageId: 'todoWithoutIssue', data: { spelling: 'it(…, { todo: true })', kind: 'test' }, line: 9, column: 52, endLine: 9, endColumn: 62 },
      ],
    },
    {
      filename: 'src/users/users.test.ts',
      code: code`
        import test from 'node:test';
        test.skip('migrates legacy password hashes', async () => {
          await migrate();
        });
        test.todo('supports passkeys');
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 10 },
        { messageId: 'todoWithoutIssue', data: { spelling: 'test.todo', kind: 'test' }, line: 5, column: 1, endLine: 5, endColumn: 10 },
      ],
    },
    // A comment that names no issue, a blank line between, a version that only looks like a key,
    // and an issue number in the test's name (the name says what is tested, not why it is off).
    {
      filename: SPEC,
      code: code`
        describe('imports', () => {
          // flaky on CI, UTF-8 BOM handling
          it.skip('parses a CSV with a BOM', async () => {
            await importer.parse(bomCsv);
          });

          // See #301

          it.skip('rejects a file over 10 MB', async () => {
            await importer.parse(bigCsv);
          });
          it.skip('regression for #288: quoted newlines', async () => {
            await importer.parse(quotedCsv);
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 3, column: 3, endLine: 3, endColumn: 10 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 9, column: 3, endLine: 9, endColumn: 10 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 12, column: 3, endLine: 12, endColumn: 10 },
      ],
    },
    // A reference deeper in the body, after a statement, speaks of that code.
    {
      filename: SPEC,
      code: code`
        it.skip('dedupes rows', async () => {
          const rows = await importer.parse(dupCsv);
          // the parser keeps duplicates since #77
          expect(rows).toHaveLength(3);
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 1, column: 1, endLine: 1, endColumn: 8 }],
    },
    // Playwright declarations: `test.skip(title, body)`, `test.fixme`, describe blocks.
    {
      filename: E2E,
      code: code`
        import { test, expect } from '@playwright/test';
        test.skip('checks out as a guest', async ({ page }) => {
          await page.goto('/checkout');
        });
        test.fixme('applies a gift card', async ({ page }) => {
          await page.getByLabel('Gift card').fill('GIFT-0001');
        });
        test.describe.skip('saved cards', () => {
          test('lists saved cards', async ({ page }) => {
            await expect(page.getByTestId('card')).toHaveCount(2);
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 10 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.fixme', kind: 'test' }, line: 5, column: 1, endLine: 5, endColumn: 11 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.describe.skip', kind: 'suite' }, line: 8, column: 1, endLine: 8, endColumn: 19 },
      ],
    },
    // A project's `test` made with `base.extend`, in any file; vitest through a namespace import.
    {
      filename: 'src/testing/fixtures.ts',
      code: code`
        import { test as base } from '@playwright/test';
        export const test = base.extend<{ admin: Page }>({
          admin: async ({ browser }, use) => use(await loginAs(browser, 'admin')),
        });
        test.skip('admin sees the audit log', async ({ admin }) => {
          await admin.goto('/audit');
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip', kind: 'test' }, line: 5, column: 1, endLine: 5, endColumn: 10 }],
    },
    {
      filename: 'src/billing/tax.ts',
      code: code`
        import * as vitest from 'vitest';
        vitest.it.skip('applies reverse charge in the EU', () => {
          vitest.expect(tax(order)).toBe(0);
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 15 }],
    },
    // A custom pattern replaces the default: `#123` no longer counts.
    {
      filename: SPEC,
      code: code`
        // #123
        it.todo('prices a seat-based plan');
      `,
      options: [{ issuePattern: String.raw`\bLIN-\d+\b` }],
      errors: [{ messageId: 'todoWithoutIssue', data: { spelling: 'it.todo', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 8 }],
    },
    // Focused tests are reported even with an issue reference; the suggestion removes the focus.
    {
      filename: SPEC,
      code: code`
        describe('OrdersController', () => {
          // debugging #512
          it.only('creates an order', async () => {
            await controller.create(dto);
          });
        });
      `,
      errors: [
        {
          messageId: 'focusedTest',
          data: { spelling: 'it.only', kind: 'test' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'it.only', replacement: 'it' },
              output: code`
                describe('OrdersController', () => {
                  // debugging #512
                  it('creates an order', async () => {
                    await controller.create(dto);
                  });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      filename: TEST,
      code: code`
        import { describe, it } from 'vitest';
        describe.only('refunds', () => {
          it.concurrent.only.each([1, 2])('refunds order %i', async (id) => {
            await refund(id);
          });
        });
      `,
      errors: [
        {
          messageId: 'focusedTest',
          data: { spelling: 'describe.only', kind: 'suite' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 14,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'describe.only', replacement: 'describe' },
              output: code`
                import { describe, it } from 'vitest';
                describe('refunds', () => {
                  it.concurrent.only.each([1, 2])('refunds order %i', async (id) => {
                    await refund(id);
                  });
                });
              `,
            },
          ],
        },
        {
          messageId: 'focusedTest',
          data: { spelling: 'it.concurrent.only.each', kind: 'test' },
          line: 3,
          column: 3,
          endLine: 3,
          endColumn: 26,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'it.concurrent.only.each', replacement: 'it.concurrent.each' },
              output: code`
                import { describe, it } from 'vitest';
                describe.only('refunds', () => {
                  it.concurrent.each([1, 2])('refunds order %i', async (id) => {
                    await refund(id);
                  });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      filename: SPEC,
      code: code`
        fdescribe('AuthGuard', () => {
          fit('rejects an expired token', () => {
            expect(guard.canActivate(ctx)).toBe(false);
          });
        });
      `,
      errors: [
        {
          messageId: 'focusedTest',
          data: { spelling: 'fdescribe', kind: 'suite' },
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'fdescribe', replacement: 'describe' },
              output: code`
                describe('AuthGuard', () => {
                  fit('rejects an expired token', () => {
                    expect(guard.canActivate(ctx)).toBe(false);
                  });
                });
              `,
            },
          ],
        },
        {
          messageId: 'focusedTest',
          data: { spelling: 'fit', kind: 'test' },
          line: 2,
          column: 3,
          endLine: 2,
          endColumn: 6,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'fit', replacement: 'it' },
              output: code`
                fdescribe('AuthGuard', () => {
                  it('rejects an expired token', () => {
                    expect(guard.canActivate(ctx)).toBe(false);
                  });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      filename: E2E,
      code: code`
        import { test } from '@playwright/test';
        test.describe.only('checkout', () => {
          test('pays by card', async ({ page }) => {
            await page.goto('/checkout');
          });
        });
      `,
      errors: [
        {
          messageId: 'focusedTest',
          data: { spelling: 'test.describe.only', kind: 'suite' },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 19,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'test.describe.only', replacement: 'test.describe' },
              output: code`
                import { test } from '@playwright/test';
                test.describe('checkout', () => {
                  test('pays by card', async ({ page }) => {
                    await page.goto('/checkout');
                  });
                });
              `,
            },
          ],
        },
      ],
    },
    {
      filename: 'src/users/users.test.ts',
      code: code`
        import { test } from 'node:test';
        test('logs in with SSO', { only: true, timeout: 5_000 }, async () => {
          await sso.login(user);
        });
        test('logs out', { only: true }, async () => {
          await logout(user);
        });
      `,
      errors: [
        {
          messageId: 'focusedTest',
          data: { spelling: 'test(…, { only: true })', kind: 'test' },
          line: 2,
          column: 28,
          endLine: 2,
          endColumn: 38,
          suggestions: [
            {
              messageId: 'removeOnlyOption',
              output: code`
                import { test } from 'node:test';
                test('logs in with SSO', { timeout: 5_000 }, async () => {
                  await sso.login(user);
                });
                test('logs out', { only: true }, async () => {
                  await logout(user);
                });
              `,
            },
          ],
        },
        {
          messageId: 'focusedTest',
          data: { spelling: 'test(…, { only: true })', kind: 'test' },
          line: 5,
          column: 20,
          endLine: 5,
          endColumn: 30,
          suggestions: [
            {
              messageId: 'removeOnlyOption',
              output: code`
                import { test } from 'node:test';
                test('logs in with SSO', { only: true, timeout: 5_000 }, async () => {
                  await sso.login(user);
                });
                test('logs out', async () => {
                  await logout(user);
                });
              `,
            },
          ],
        },
      ],
    },
    // Odd spellings: a string-keyed member, optional chaining, a type assertion.
    {
      filename: SPEC,
      code: code`
        it['skip']('computed skip', () => {});
        (it as any).skip('asserted skip', () => {});
        it?.only('optional only', () => {});
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 1, column: 1, endLine: 1, endColumn: 11 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 17 },
        {
          messageId: 'focusedTest',
          data: { spelling: 'it.only', kind: 'test' },
          line: 3,
          column: 1,
          endLine: 3,
          endColumn: 9,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'it.only', replacement: 'it' },
              output: code`
                it['skip']('computed skip', () => {});
                (it as any).skip('asserted skip', () => {});
                it('optional only', () => {});
              `,
            },
          ],
        },
      ],
    },
  ],
});

typedRuleTester().run('no-skipped-test-without-issue (typed)', rule, {
  valid: [
    // Types decide, in a file with no test-file name: a query builder's and a cursor's `skip`.
    code`
      import { DataSource } from 'typeorm';
      const dataSource = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL });
      export async function listOrders(page: number) {
        const qb = dataSource.getRepository('Order').createQueryBuilder('order');
        return qb.skip((page - 1) * 20).take(20).getMany();
      }
    `,
    code`
      import { skip } from 'rxjs';
      import { fromEvent } from 'rxjs';
      export const laterClicks$ = fromEvent(document, 'click').pipe(skip(1));
    `,
    // Referenced skips and conditional skips, typed.
    code`
      import { describe, it } from 'vitest';
      describe('PipelineService', () => {
        // Skipped until #482: the pipeline now completes asynchronously.
        it.skip('returns completed immediately', async () => {});
        it.skipIf(!process.env.DATABASE_URL)('persists the run', async () => {});
      });
    `,
    code`
      import { test } from 'node:test';
      test('evicts on memory pressure', async (t) => {
        await t.test('drops the oldest key', { skip: process.env.CI === 'true' }, async () => {});
        t.skip('no Redis here');
      });
    `,
    code`
      /// <reference types="mocha" />
      describe('mailer', function () {
        it('sends through SES', function () {
          if (!process.env.SES_REGION) this.skip();
        });
        // https://gitlab.com/acme/mailer/-/issues/57
        it.skip('retries a throttled send', async function () {});
      });
    `,
    // A project function that happens to be called `describe`.
    code`
      function describe(name: string, options: { only?: boolean }) {
        return { name, ...options };
      }
      export const summary = describe('orders', { only: true });
    `,
  ],
  invalid: [
    {
      code: code`
        import { describe, it } from 'vitest';
        describe('PipelineService', () => {
          it.skip('returns completed immediately', async () => {});
          it.only('returns running', async () => {});
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'it.skip', kind: 'test' }, line: 3, column: 3, endLine: 3, endColumn: 10 },
        {
          messageId: 'focusedTest',
          data: { spelling: 'it.only', kind: 'test' },
          line: 4,
          column: 3,
          endLine: 4,
          endColumn: 10,
          suggestions: [
            {
              messageId: 'unfocus',
              data: { spelling: 'it.only', replacement: 'it' },
              output: code`
                import { describe, it } from 'vitest';
                describe('PipelineService', () => {
                  it.skip('returns completed immediately', async () => {});
                  it('returns running', async () => {});
                });
              `,
            },
          ],
        },
      ],
    },
    {
      code: code`
        import { describe, expect, test, xit } from '@jest/globals';
        describe('UsersService', () => {
          xit('hashes the password', async () => {});
          test.concurrent.skip('sends the invite', async () => {
            expect(mailer.send).toHaveBeenCalled();
          });
        });
      `,
      errors: [
        { messageId: 'skippedWithoutIssue', data: { spelling: 'xit', kind: 'test' }, line: 3, column: 3, endLine: 3, endColumn: 6 },
        { messageId: 'skippedWithoutIssue', data: { spelling: 'test.concurrent.skip', kind: 'test' }, line: 4, column: 3, endLine: 4, endColumn: 23 },
      ],
    },
    {
      code: code`
        /// <reference types="mocha" />
        describe.skip('mailer', function () {
          it('sends through SES', async function () {});
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'describe.skip', kind: 'suite' }, line: 2, column: 1, endLine: 2, endColumn: 14 }],
    },
    // node:test subtests on the test context, known from its type.
    {
      code: code`
        import { test } from 'node:test';
        test('sessions', async (t) => {
          await t.test('expires after 30 minutes', { skip: true }, async () => {});
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'test(…, { skip: true })', kind: 'test' }, line: 3, column: 46, endLine: 3, endColumn: 56 }],
    },
    // A `test` made with vitest's `test.extend` in another module, imported by name.
    {
      code: code`
        import { test } from './skipped-test-context.js';
        test.skip('lists the org members', async ({ orgId }) => {
          console.log(orgId);
        });
      `,
      errors: [{ messageId: 'skippedWithoutIssue', data: { spelling: 'test.skip', kind: 'test' }, line: 2, column: 1, endLine: 2, endColumn: 10 }],
    },
  ],
});

describe('issuePattern', () => {
  it('rejects a pattern that is not a regular expression with the option named', () => {
    const linter = new Linter({ configType: 'flat' });
    const lint = () =>
      linter.verify('it.skip("x", () => {});', {
        files: ['**/*.ts'],
        plugins: { pitfalls: { rules: { 'no-skipped-test-without-issue': rule } } },
        rules: { 'pitfalls/no-skipped-test-without-issue': ['error', { issuePattern: '(#\\d+' }] },
      }, 'orders.spec.ts');
    expect(lint).toThrow(/`issuePattern` is not a valid regular expression \(\(#\\d\+\)/);
  });
});
