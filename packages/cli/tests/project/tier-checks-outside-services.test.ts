import { describe, expect, it } from 'vitest';
import { lineOf, locations, PACKAGE_JSON, runCheck, STRICT_TSCONFIG } from './helpers.js';

const ID = 'tier-checks-outside-services';

const tierService = `export type Plan = 'free' | 'pro';

export const PLAN_LIMITS: Record<Plan, { maxPlugins: number }> = {
  free: { maxPlugins: 3 },
  pro: { maxPlugins: 20 },
};

export function canEnablePlugin(user: { plan: Plan }, enabledCount: number): { allowed: boolean; reason?: string } {
  const limits = PLAN_LIMITS[user.plan];
  if (enabledCount >= limits.maxPlugins) return { allowed: false, reason: \`Your plan includes \${limits.maxPlugins} plugins.\` };
  return { allowed: true };
}
`;

const settingsForm = `import { PLAN_LIMITS } from '../services/tiers.js';

export function SettingsForm({ user, enabledCount }: { user: { plan: 'free' | 'pro' }; enabledCount: number }) {
  return (
    <form>
      {user.plan === 'free' && enabledCount >= PLAN_LIMITS.free.maxPlugins ? <p>Upgrade to add more plugins.</p> : null}
      <button type="submit">Save</button>
    </form>
  );
}
`;

const enableHandler = `import { prisma } from '../../lib/prisma.js';

export async function POST(request: Request): Promise<Response> {
  const user = await prisma.user.findFirstOrThrow({ where: { id: request.headers.get('x-user-id')! } });
  const enabledCount = await prisma.userPlugin.count({ where: { userId: user.id, enabled: true } });
  if (user.plan === 'free' && enabledCount >= 3) {
    return new Response('Free plan allows 3 plugins', { status: 403 });
  }
  return new Response(null, { status: 204 });
}
`;

const digestJob = `export async function runDigest(users: { id: string; plan: string }[]) {
  for (const user of users) {
    if (user.plan !== 'pro') continue;
    await sendDigest(user.id);
  }
}

async function sendDigest(userId: string) {
  return userId;
}
`;

const base = { 'package.json': PACKAGE_JSON, 'tsconfig.json': STRICT_TSCONFIG };

describe('tier-checks-outside-services', () => {
  describe('reports', () => {
    it('a plan comparison in a component when a tier service exists', () => {
      const run = runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/components/settings-form.tsx': settingsForm }, ID);
      expect(run.errors).toEqual([]);
      expect(locations(run)).toEqual([`src/components/settings-form.tsx:${lineOf(settingsForm, "user.plan === 'free'")}`]);
      const [finding] = run.findings;
      expect(finding?.ruleId).toBe('pitfalls-project/tier-checks-outside-services');
      expect(finding?.message).toContain("`user.plan === 'free'` decides what a plan allows in this file instead of asking the tier service (src/services/tiers.ts)");
      expect(finding?.column).toBe(8);
    });

    it('the same rule in a handler and a job when there is no tier service', () => {
      const run = runCheck({ ...base, 'src/app/api/plugins/enable/route.ts': enableHandler, 'src/jobs/digest.ts': digestJob }, ID);
      expect(locations(run)).toEqual([
        `src/app/api/plugins/enable/route.ts:${lineOf(enableHandler, "user.plan === 'free'")}`,
        `src/jobs/digest.ts:${lineOf(digestJob, "user.plan !== 'pro'")}`,
      ]);
      const handler = run.findings.find((finding) => finding.file.endsWith('route.ts'));
      expect(handler?.message).toContain('plan rules are also written in src/jobs/digest.ts, with no tier service to hold them');
    });

    it('a plan limit applied outside the service, through a local bound to the limits table', () => {
      const scheduler = `import { PLAN_LIMITS } from '../services/tiers.js';

export function canSchedule(user: { plan: 'free' | 'pro' }, schedules: number): boolean {
  const limits = PLAN_LIMITS[user.plan];
  return schedules < limits.maxPlugins;
}
`;
      const run = runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/jobs/scheduler.ts': scheduler }, ID);
      expect(locations(run)).toEqual([`src/jobs/scheduler.ts:${lineOf(scheduler, 'schedules < limits')}`]);
      expect(run.findings[0]?.message).toContain('`schedules < limits.maxPlugins` applies a plan limit in this file');
    });

    it('a switch over the plan and a membership test, one finding per line', () => {
      const quotas = `export function monthlyRuns(account: { tier: string }): number {
  switch (account.tier) {
    case 'free':
      return 10;
    case 'pro':
      return 1000;
    default:
      return 0;
  }
}

export const canExport = (account: { tier: string }) => ['pro', 'team'].includes(account.tier);
`;
      const run = runCheck({ ...base, 'src/services/tier.service.ts': tierService, 'src/usage/runs.ts': quotas }, ID);
      expect(locations(run)).toEqual([`src/usage/runs.ts:${lineOf(quotas, 'switch (account.tier)')}`, `src/usage/runs.ts:${lineOf(quotas, '.includes(account.tier)')}`].sort());
    });
  });

  describe('does not report', () => {
    it('one file with plan checks and no tier service: the only copy there is', () => {
      expect(runCheck({ ...base, 'src/app/api/plugins/enable/route.ts': enableHandler }, ID).findings).toEqual([]);
    });

    it('plan rules kept in the tier service, which handlers and templates call', () => {
      const handler = `import { canEnablePlugin } from '../../services/tiers.js';

export async function POST(request: Request, user: { plan: 'free' | 'pro' }, enabledCount: number): Promise<Response> {
  const access = canEnablePlugin(user, enabledCount);
  return access.allowed ? new Response(null, { status: 204 }) : new Response(access.reason, { status: 403 });
}
`;
      expect(runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/app/api/enable/route.ts': handler }, ID).findings).toEqual([]);
    });

    it('a pricing table that compares each listed plan, and a label chosen by plan', () => {
      const pricing = `export function PlanPicker({ plans, user }: { plans: { id: string; name: string }[]; user: { plan: string } }) {
  return (
    <ul>
      {plans.map((plan) => (
        <li key={plan.id} className={plan.id === 'enterprise' ? 'highlight' : ''}>{plan.name}</li>
      ))}
      <li>{user.plan === 'pro' ? 'Pro' : 'Free'}</li>
    </ul>
  );
}
`;
      expect(runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/components/picker.tsx': pricing }, ID).findings).toEqual([]);
    });

    it('plan checks in files the allowedFiles option names', () => {
      const run = runCheck(
        { ...base, 'src/domain/limits/enable.ts': enableHandler, 'src/domain/limits/digest.ts': digestJob },
        ID,
        { allowedFiles: ['src/domain/limits/**'] },
      );
      expect(run.findings).toEqual([]);
      expect(run.errors).toEqual([]);
    });

    it('plan checks in tests', () => {
      const spec = `import { expect, it } from 'vitest';

it('limits free users', () => {
  const user = { plan: 'free' };
  expect(user.plan === 'free').toBe(true);
});
`;
      expect(runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/routes/enable.test.ts': spec, 'tests/digest.ts': digestJob }, ID).findings).toEqual([]);
    });

    it('a billing page, whose content is the plan', () => {
      const billing = `export function BillingPage({ subscription }: { subscription: { plan: string } }) {
  if (subscription.plan === 'enterprise') return <p>Contact your account manager.</p>;
  return <a href="/checkout">Upgrade</a>;
}
`;
      expect(runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/pages/billing-page.tsx': billing }, ID).findings).toEqual([]);
    });

    it('names that only end like a plan word, and loading tests', () => {
      const misc = `export function describe(release: { releasePlan: string }, user: { plan?: string | null }) {
  if (release.releasePlan === 'canary') return 'canary';
  if (user.plan === undefined || user.plan === null || user.plan === '') return 'loading';
  return 'ready';
}
`;
      expect(runCheck({ ...base, 'src/services/tiers.ts': tierService, 'src/release.ts': misc, 'src/jobs/digest.ts': digestJob.replace("user.plan !== 'pro'", 'false') }, ID).findings).toEqual([]);
    });
  });

  it('reports an invalid limitConstantPattern as an error of the check', () => {
    const run = runCheck({ ...base, 'src/jobs/digest.ts': digestJob }, ID, { limitConstantPattern: '(' });
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(/^tier-checks-outside-services: limitConstantPattern is not a valid regular expression/);
  });
});
