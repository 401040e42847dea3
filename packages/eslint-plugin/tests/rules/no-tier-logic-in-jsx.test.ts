import rule from '../../src/rules/no-tier-logic-in-jsx.js';
import { typedRuleTester, untypedRuleTester } from '../rule-tester.js';

const component = 'src/components/settings-form.tsx';

untypedRuleTester().run('no-tier-logic-in-jsx (untyped)', rule, {
  valid: [
    {
      name: 'the component receives the decision from the tier service as plain values',
      filename: component,
      code: `
import type { PluginAccess } from '../services/tiers';

export function SettingsForm({ pluginId, enabled, access }: { pluginId: string; enabled: boolean; access: PluginAccess }) {
  return (
    <form hx-post={\`/api/plugins/\${pluginId}/settings\`} hx-swap="outerHTML">
      {access.reason ? <div className="glass-alert glass-alert-error">{access.reason}</div> : null}
      <input name="enabled" type="checkbox" defaultChecked={enabled} disabled={!access.canEnable} />
      <input name="maxItems" type="number" max={access.maxItems} />
      <button type="submit">Save</button>
    </form>
  );
}
`,
    },
    {
      name: 'the tier service itself compares plans and limits (allowed by the service-layer globs)',
      filename: 'src/services/tiers.tsx',
      code: `
import type { User } from '../generated/prisma/client';

export const PLAN_LIMITS = { free: { maxPlugins: 3 }, pro: { maxPlugins: 20 } } as const;

export function pluginAccess(user: Pick<User, 'plan'>, enabledCount: number) {
  const limits = PLAN_LIMITS[user.plan];
  if (user.plan === 'free' && enabledCount >= limits.maxPlugins) {
    return { canEnable: false, reason: \`Your plan includes \${limits.maxPlugins} plugins.\` };
  }
  return { canEnable: true, reason: null };
}

export function PlanNotice({ user }: { user: Pick<User, 'plan'> }) {
  return user.plan === 'free' ? <p>Upgrade for more plugins</p> : null;
}
`,
    },
    {
      name: 'a Next.js route handler enforces the plan (no JSX in the file)',
      filename: 'src/app/api/plugins/[pluginId]/route.ts',
      code: `
import { NextResponse } from 'next/server';
import { PLAN_LIMITS } from '@/services/tiers';
import { getSessionUser } from '@/lib/session';
import { prisma } from '@/lib/prisma';

export async function POST(request: Request) {
  const user = await getSessionUser(request);
  const enabledCount = await prisma.userPlugin.count({ where: { userId: user.id, enabled: true } });
  if (user.plan === 'free' && enabledCount >= PLAN_LIMITS.free.maxPlugins) {
    return NextResponse.json({ error: 'plan limit reached' }, { status: 403 });
  }
  return NextResponse.json({ ok: true });
}
`,
    },
    {
      name: 'a hook computes the boolean once; the component only reads it',
      filename: 'src/components/ExportMenu.tsx',
      code: `
import { useCurrentUser } from '../hooks/useCurrentUser';

export function useCanExport(): boolean {
  const user = useCurrentUser();
  return user.plan !== 'free';
}

export function ExportMenu() {
  const canExport = useCanExport();
  return <button disabled={!canExport}>Export CSV</button>;
}
`,
    },
    {
      name: 'a pricing table compares each listed plan, not the viewer’s',
      filename: 'src/components/FeatureGrid.tsx',
      code: `
import { plans } from '../content/plans';

export function Features() {
  return (
    <ul>
      {plans.map((plan) => (
        <li key={plan.id} className={plan.id === 'pro' ? 'highlight' : undefined}>
          {plan.name}
        </li>
      ))}
    </ul>
  );
}
`,
    },
    {
      name: 'filtering a member list by plan reads each row',
      filename: 'src/components/MembersTable.tsx',
      code: `
export function MembersTable({ members, showFreeOnly }: { members: { id: string; plan: string }[]; showFreeOnly: boolean }) {
  const rows = showFreeOnly ? members.filter((member) => member.plan === 'free') : members;
  const owner = members.find(({ plan }) => plan === 'enterprise');
  return <table>{rows.map((row) => <tr key={row.id}><td>{row.plan}</td></tr>)}{owner ? <caption>{owner.id}</caption> : null}</table>;
}
`,
    },
    {
      name: 'a render prop receives a row of data',
      filename: 'src/components/AccountsList.tsx',
      code: `
import { DataTable } from './DataTable';

export function AccountsList({ accounts }: { accounts: { id: string; tier: string }[] }) {
  return (
    <DataTable data={accounts} renderCell={(row) => (row.tier === 'enterprise' ? <strong>{row.id}</strong> : row.id)}>
      {(account) => (account.tier === 'free' ? <span>{account.id}</span> : null)}
    </DataTable>
  );
}
`,
    },
    {
      name: 'the plan compared with another variable marks the current choice in a picker',
      filename: 'src/components/SeatsPanel.tsx',
      code: `
export function SeatsPanel({ org, target }: { org: { plan: string }; target: string }) {
  const alreadyThere = org.plan === target;
  return <button disabled={alreadyThere}>Switch</button>;
}
`,
    },
    {
      name: 'checks whether the plan has loaded are not plan rules',
      filename: 'src/components/AccountHeader.tsx',
      code: `
export function AccountHeader({ user, subscription }: { user: { plan?: string }; subscription: { tier: string } | null }) {
  if (user.plan === undefined || subscription === null) return <Spinner />;
  return <h1>{user.plan === '' ? 'No plan' : user.plan}{subscription.tier !== null ? '' : '?'}</h1>;
}
`,
    },
    {
      name: 'a ternary that only picks a label names the plan',
      filename: 'src/components/AccountBadge.tsx',
      code: `
export function AccountBadge({ user }: { user: { plan: 'free' | 'pro' } }) {
  return <span className="badge">{user.plan === 'pro' ? 'Pro' : \`Free\`}</span>;
}
`,
    },
    {
      name: 'a billing component shows the bill of the current plan',
      filename: 'src/admin/BillingDetails.tsx',
      code: `
import { InstancePlan } from '../openapi';

export const BillingDetails = ({ instanceStatus }: { instanceStatus: { plan: InstancePlan } }) => {
  if (instanceStatus.plan === InstancePlan.PRO) {
    return <ProInvoiceSummary />;
  }
  return <EnterpriseContactCard />;
};

export const UpgradeTrialLink = ({ instanceStatus }: { instanceStatus: { plan: InstancePlan } }) =>
  instanceStatus.plan === InstancePlan.ENTERPRISE ? null : <a href="/admin/billing">Upgrade trial</a>;
`,
    },
    {
      name: 'an upgrade banner shows itself on the free service level',
      filename: 'src/ee/billing/components/UpgradeBanner.tsx',
      code: `
import { ApiServiceLevelEnum } from '@novu/shared';
import { useSubscription } from './SubscriptionProvider';

export const UpgradeBanner = () => {
  const { apiServiceLevel } = useSubscription();
  const showUpgrade = apiServiceLevel === ApiServiceLevelEnum.FREE;
  return showUpgrade ? <Banner cta="Upgrade to Business" /> : null;
};
`,
    },
    {
      name: 'other kinds of plan and tier: release plans, migration plans, an LLM service tier, subscriptions as a setting',
      filename: 'src/components/EnvironmentHeader.tsx',
      code: `
export function EnvironmentHeader({ releasePlan, releasePlanState, migrationPlan, allowSubscriptions, completion }: {
  releasePlan: { state: string };
  releasePlanState: string;
  migrationPlan: string;
  allowSubscriptions?: boolean;
  completion: { serviceTier: 'default' | 'flex' };
}) {
  return (
    <header>
      {releasePlan.state === 'running' && <Badge>Running</Badge>}
      {releasePlanState !== 'paused' && <Badge>Active</Badge>}
      {migrationPlan === 'full' && <Badge>Full</Badge>}
      {allowSubscriptions !== false && <SubscribeButton />}
      {completion.serviceTier === 'flex' && <Badge>Flex</Badge>}
    </header>
  );
}
`,
    },
    {
      name: 'limits that are not about plans: token caps, display truncation, input lengths',
      filename: 'src/components/TokensTab.tsx',
      code: `
import { PAT_LIMIT } from '@server/util/constants';

const REPORT_ENV_LIMIT = 3;
const MAX_TITLE_LENGTH = 100;
const MAX_PROJECT_NAME = 64;

export function TokensTab({ tokens, environments, title }: { tokens: string[]; environments: string[]; title: string }) {
  return (
    <div>
      <button disabled={tokens.length >= PAT_LIMIT}>New token</button>
      {environments.length > REPORT_ENV_LIMIT && <span>and more</span>}
      {title.length > MAX_TITLE_LENGTH && <span>Title too long</span>}
      {title.length > MAX_PROJECT_NAME && <span>Name too long</span>}
    </div>
  );
}
`,
    },
    {
      name: 'a plan limit shown as a number is not compared',
      filename: component,
      code: `
import { PLAN_LIMITS } from '../services/tiers';

export function PlanSummaryText() {
  return <p>The free plan includes {PLAN_LIMITS.free.maxPlugins} plugins.</p>;
}

export function LimitsTable() {
  const known = PLAN_LIMITS['team'] !== undefined;
  return known ? <p>{PLAN_LIMITS.team.maxPlugins}</p> : null;
}
`,
    },
    {
      name: 'role checks are not in the default property list',
      filename: 'src/app/(main)/teams/TeamsHeader.tsx',
      code: `
import { ROLES } from '@/lib/constants';
import { useLoginQuery } from '@/components/hooks';

export function TeamsHeader({ allowCreate = true }: { allowCreate?: boolean }) {
  const { user } = useLoginQuery();
  return <header>{allowCreate && user.role !== ROLES.viewOnly && <TeamsAddButton />}</header>;
}
`,
    },
    {
      name: 'comparisons outside components and JSX (module constants, helpers) are left to other code',
      filename: 'src/components/plan-helpers.tsx',
      code: `
import { PLAN_LIMITS } from '../services/tiers';

export const IS_SELF_HOSTED = process.env.NEXT_PUBLIC_PLAN === 'self-hosted';

export function isAtLimit(count: number, plan: 'free' | 'pro') {
  return plan === 'free' && count >= PLAN_LIMITS.free.maxPlugins;
}

export const Empty = () => <p>Nothing here</p>;
`,
    },
    {
      name: 'an all-caps route handler rendering an image is not a component',
      filename: 'src/app/og/route.tsx',
      code: `
import { ImageResponse } from 'next/og';

export async function GET(request: Request) {
  const plan = new URL(request.url).searchParams.get('plan');
  return new ImageResponse(<div style={{ display: 'flex' }}>{plan ?? 'free'}</div>);
}
`,
    },
    {
      name: 'test files render every plan on purpose',
      filename: 'src/components/settings-form.test.tsx',
      code: `
import { render } from '@testing-library/react';
import { SettingsForm } from './settings-form';

const users = [{ plan: 'free' }, { plan: 'pro' }] as const;

export const Harness = ({ user }: { user: (typeof users)[number] }) => (
  <div>{user.plan === 'free' ? <SettingsForm access={{ canEnable: false }} /> : <SettingsForm access={{ canEnable: true }} />}</div>
);

render(<Harness user={users[0]} />);
`,
    },
    {
      name: 'the allow option names another service layer',
      filename: 'src/entitlements/plugin-access.tsx',
      options: [{ allow: ['src/entitlements/**'] }],
      code: `
import { PLAN_LIMITS } from '../config/plans';

export function PluginLimit({ user, count }: { user: { plan: 'free' | 'pro' }; count: number }) {
  return count >= PLAN_LIMITS[user.plan].maxPlugins ? <p>Limit reached</p> : null;
}
`,
    },
    {
      name: 'odd code: computed keys, private names, spread, optional calls',
      filename: 'src/components/Odd.tsx',
      code: `
declare const key: string;
declare const user: any;
export class Store { #plan = 'free'; isFree(other: Store) { return #plan in other && this.#plan === 'free'; } }
export function Odd(props: any) {
  const fn = props.onPlan?.();
  return <div {...props}>{user[key] === 'free' && fn}{(user as any)?.plan?.() === 'free' ? <b /> : null}</div>;
}
`,
    },
  ],
  invalid: [
    {
      name: 'the seed shape: a free-plan check and a plan-limit comparison in the settings form',
      filename: component,
      code: `
import { PLAN_LIMITS } from '../services/tiers';

export function SettingsForm({ user, enabled, enabledCount }: { user: { plan: 'free' | 'pro' }; enabled: boolean; enabledCount: number }) {
  return (
    <form hx-post="/api/plugins/weather/settings" hx-swap="outerHTML">
      {user.plan === 'free' && !enabled && enabledCount >= PLAN_LIMITS.free.maxPlugins ? (
        <div className="glass-alert glass-alert-error">Upgrade to Pro to add more plugins.</div>
      ) : null}
      <button type="submit">Save</button>
    </form>
  );
}
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 7,
          column: 8,
          endLine: 7,
          endColumn: 28,
          data: { comparison: "user.plan === 'free'", place: 'the JSX of `SettingsForm`' },
        },
        {
          messageId: 'tierLogicInJsx',
          line: 7,
          column: 44,
          endLine: 7,
          endColumn: 87,
          data: { comparison: 'enabledCount >= PLAN_LIMITS.free.maxPlugins', place: 'the JSX of `SettingsForm`' },
        },
      ],
    },
    {
      name: 'a plan comparison in a JSX attribute disables the button',
      filename: component,
      code: `
export const SaveButton = ({ user }: { user: { plan: string } }) => <button disabled={user.plan !== 'pro'}>Save</button>;
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 2, column: 87, data: { comparison: "user.plan !== 'pro'", place: 'the JSX of `SaveButton`' } },
      ],
    },
    {
      name: 'the component body computes the flag itself',
      filename: 'src/components/ExportButton.tsx',
      code: `
import { useSession } from 'next-auth/react';

export const ExportButton = () => {
  const { data } = useSession();
  const canExport = data?.user.subscription.tier === 'enterprise';
  return <button disabled={!canExport}>Export</button>;
};
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 6,
          column: 21,
          data: { comparison: "data?.user.subscription.tier === 'enterprise'", place: 'the component `ExportButton`' },
        },
      ],
    },
    {
      name: 'an early return on an enum member in a server component page',
      filename: 'src/app/analytics/page.tsx',
      code: `
import { redirect } from 'next/navigation';
import { Plan } from '@prisma/client';
import { getCurrentUser } from '@/lib/session';

export default async function AnalyticsPage() {
  const user = await getCurrentUser();
  if (user.plan === Plan.FREE) redirect('/upgrade');
  return <AnalyticsDashboard userId={user.id} />;
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 8, column: 7, data: { comparison: 'user.plan === Plan.FREE', place: 'the component `AnalyticsPage`' } },
      ],
    },
    {
      name: 'an event handler checks the tier limit table before enabling',
      filename: 'src/components/PluginList.tsx',
      code: `
import { toast } from 'sonner';
import { TIER_LIMITS } from '../config/tiers';

export function PluginList({ user, plugins, enable }: { user: { tier: 'free' | 'pro' }; plugins: { id: string; enabled: boolean }[]; enable: (id: string) => void }) {
  const enabledCount = plugins.filter((plugin) => plugin.enabled).length;
  const onEnable = (id: string) => {
    if (enabledCount >= TIER_LIMITS[user.tier].plugins) {
      toast.error('Upgrade to enable more plugins');
      return;
    }
    enable(id);
  };
  return <ul>{plugins.map((plugin) => <li key={plugin.id} onClick={() => onEnable(plugin.id)}>{plugin.id}</li>)}</ul>;
}
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 8,
          column: 9,
          data: { comparison: 'enabledCount >= TIER_LIMITS[user.tier].plugins', place: 'the component `PluginList`' },
        },
      ],
    },
    {
      name: 'a memo-wrapped anonymous component and a local bound to the plan limits',
      filename: 'src/components/ProjectList.tsx',
      code: `
import { memo } from 'react';
import { PLAN_LIMITS } from '@/services/plans';

export const ProjectList = memo(function ({ projects, org }: { projects: string[]; org: { plan: 'free' | 'team' } }) {
  const limits = PLAN_LIMITS[org.plan];
  return (
    <section>
      {projects.length < limits.maxProjects && <NewProjectButton />}
    </section>
  );
});
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 9,
          column: 8,
          data: { comparison: 'projects.length < limits.maxProjects', place: 'the JSX of `ProjectList`' },
        },
      ],
    },
    {
      name: 'a membership test with a list of plans, a forwardRef component',
      filename: 'src/components/Sidebar.tsx',
      code: `
import { forwardRef } from 'react';

export const Sidebar = forwardRef<HTMLElement, { account: { plan: string } }>(({ account }, ref) => (
  <nav ref={ref}>{['team', 'enterprise'].includes(account.plan) && <a href="/audit-log">Audit log</a>}</nav>
));
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 5,
          column: 19,
          data: { comparison: "['team', 'enterprise'].includes(account.plan)", place: 'the JSX of `Sidebar`' },
        },
      ],
    },
    {
      name: 'a class component branches on the plan in render',
      filename: 'src/components/Reports.tsx',
      code: `
import React from 'react';

export class Reports extends React.Component<{ user: { plan: string } }> {
  render() {
    return this.props.user.plan === 'free' ? <LockedReports /> : <ReportTable />;
  }
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 6, column: 12, data: { comparison: "this.props.user.plan === 'free'", place: 'the component `Reports`' } },
      ],
    },
    {
      name: 'JSX in a lowercase render helper',
      filename: 'src/components/actions.tsx',
      code: `
export const renderActions = (user: { tier: string }) => <div>{user.tier !== 'free' && <ExportButton />}</div>;
`,
      errors: [{ messageId: 'tierLogicInJsx', line: 2, column: 64, data: { comparison: "user.tier !== 'free'", place: 'JSX' } }],
    },
    {
      name: 'owner and id words around the plan name: currentPlan, planId, user.plan.name, tierLevel',
      filename: 'src/components/Limits.tsx',
      code: `
export function Limits({ currentPlan, planId, user }: { currentPlan: string; planId: string; user: { plan: { name: string }; tierLevel: number } }) {
  return (
    <div>
      {currentPlan === 'starter' && <StarterNotice />}
      {planId === 'price_free' && <FreeNotice />}
      {user.plan.name === 'Free' && <UpgradeLink />}
      {user.tierLevel >= 2 && <ApiKeysLink />}
    </div>
  );
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 5, column: 8, data: { comparison: "currentPlan === 'starter'", place: 'the JSX of `Limits`' } },
        { messageId: 'tierLogicInJsx', line: 6, column: 8, data: { comparison: "planId === 'price_free'", place: 'the JSX of `Limits`' } },
        { messageId: 'tierLogicInJsx', line: 7, column: 8, data: { comparison: "user.plan.name === 'Free'", place: 'the JSX of `Limits`' } },
        { messageId: 'tierLogicInJsx', line: 8, column: 8, data: { comparison: 'user.tierLevel >= 2', place: 'the JSX of `Limits`' } },
      ],
    },
    {
      name: 'plan limit constants by name: FREE_PLAN_MAX_PLUGINS, MAX_FREE_SEATS, STORAGE_QUOTA',
      filename: 'src/components/Uploads.tsx',
      code: `
import { FREE_PLAN_MAX_PLUGINS, MAX_FREE_SEATS, STORAGE_QUOTA } from '../constants';

export function Uploads({ plugins, seats, usedBytes }: { plugins: number; seats: number; usedBytes: number }) {
  const full = usedBytes > STORAGE_QUOTA;
  return <div>{plugins >= FREE_PLAN_MAX_PLUGINS ? <UpgradeLink /> : null}{full && <FullNotice />}{seats === MAX_FREE_SEATS && <SeatsNotice />}</div>;
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 5, column: 16, data: { comparison: 'usedBytes > STORAGE_QUOTA', place: 'the component `Uploads`' } },
        { messageId: 'tierLogicInJsx', line: 6, column: 16, data: { comparison: 'plugins >= FREE_PLAN_MAX_PLUGINS', place: 'the JSX of `Uploads`' } },
        { messageId: 'tierLogicInJsx', line: 6, column: 99, data: { comparison: 'seats === MAX_FREE_SEATS', place: 'the JSX of `Uploads`' } },
      ],
    },
    {
      name: 'a limit comparison is reported even in an upgrade banner',
      filename: 'src/components/UpgradeBanner.tsx',
      code: `
import { PLAN_LIMITS } from '@/services/tiers';

export function UpgradeBanner({ plan, usage }: { plan: 'free' | 'pro'; usage: { events: number } }) {
  if (plan !== 'free') return null;
  return usage.events >= PLAN_LIMITS[plan].events ? <p>You used all events of your plan.</p> : null;
}
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 6,
          column: 10,
          data: { comparison: 'usage.events >= PLAN_LIMITS[plan].events', place: 'the component `UpgradeBanner`' },
        },
      ],
    },
    {
      name: 'an anonymous default-exported component with optional chaining',
      filename: 'src/pages/dashboard.tsx',
      code: `
export default function ({ user }: { user?: { plan?: string } }) {
  return <main>{user?.plan === 'free' && <TrialCountdown />}</main>;
}
`,
      errors: [{ messageId: 'tierLogicInJsx', line: 3, column: 17, data: { comparison: "user?.plan === 'free'", place: 'the JSX of `default export`' } }],
    },
    {
      name: 'a free service level blocks a switch in its change handler and in JSX',
      filename: 'src/pages/integrations/components/InAppBranding.tsx',
      code: `
import { ApiServiceLevelEnum } from '@novu/shared';
import { Controller } from 'react-hook-form';
import { useSubscription } from '../../../hooks/useSubscription';

export const InAppBranding = ({ control }: { control: any }) => {
  const { apiServiceLevel } = useSubscription();
  const onToggle = (event: React.ChangeEvent<HTMLInputElement>, field: any) => {
    if (apiServiceLevel === ApiServiceLevelEnum.FREE) {
      event.preventDefault();
      return;
    }
    field.onChange(event.target.checked);
  };
  return (
    <Controller
      name="hideBranding"
      control={control}
      render={({ field }) => (
        <Tooltip disabled={apiServiceLevel !== ApiServiceLevelEnum.FREE} label="Only paid workspaces can hide the badge">
          <Switch checked={field.value} onChange={(event) => onToggle(event, field)} />
        </Tooltip>
      )}
    />
  );
};
`,
      errors: [
        {
          messageId: 'tierLogicInJsx',
          line: 9,
          column: 9,
          data: { comparison: 'apiServiceLevel === ApiServiceLevelEnum.FREE', place: 'the component `InAppBranding`' },
        },
        {
          messageId: 'tierLogicInJsx',
          line: 20,
          column: 28,
          data: { comparison: 'apiServiceLevel !== ApiServiceLevelEnum.FREE', place: 'the JSX of `InAppBranding`' },
        },
      ],
    },
    {
      name: 'the properties option adds the names a codebase uses (edition, role)',
      filename: 'src/components/WorkflowEditor.tsx',
      options: [{ properties: ['plan', 'edition', 'role'] }],
      code: `
import { Edition } from '../license';
import { useInstance } from '../hooks/useInstance';

export function WorkflowEditor({ user }: { user: { role: string } }) {
  const { edition } = useInstance();
  const maxSteps = edition === Edition.Community ? 10 : 100;
  return <Editor maxSteps={maxSteps} readOnly={user.role !== 'admin'} />;
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 7, column: 20, data: { comparison: 'edition === Edition.Community', place: 'the component `WorkflowEditor`' } },
        { messageId: 'tierLogicInJsx', line: 8, column: 48, data: { comparison: "user.role !== 'admin'", place: 'the JSX of `WorkflowEditor`' } },
      ],
    },
    {
      name: 'the limitConstantPattern option names the limit constants',
      filename: 'src/components/Seats.tsx',
      options: [{ limitConstantPattern: '^SEAT_CAPS$' }],
      code: `
import { SEAT_CAPS, PLAN_LIMITS } from '../billing-config';

export function Seats({ seats, plan }: { seats: number; plan: 'team' | 'business' }) {
  return <div>{seats >= SEAT_CAPS[plan] && <p>All seats taken</p>}{seats > PLAN_LIMITS[plan].seats && <p>Over</p>}</div>;
}
`,
      errors: [{ messageId: 'tierLogicInJsx', line: 5, column: 16, data: { comparison: 'seats >= SEAT_CAPS[plan]', place: 'the JSX of `Seats`' } }],
    },
    {
      name: 'a test file is checked when ignore is emptied',
      filename: 'src/components/reports-gate.test.tsx',
      options: [{ ignore: [] }],
      code: `
export const ReportsGate = ({ plan }: { plan: string }) => (plan === 'free' ? <Locked /> : <Unlocked />);
`,
      errors: [{ messageId: 'tierLogicInJsx', line: 2, column: 61, data: { comparison: "plan === 'free'", place: 'the component `ReportsGate`' } }],
    },
  ],
});

typedRuleTester().run('no-tier-logic-in-jsx (typed)', rule, {
  valid: [
    {
      name: 'typed: the component reads a boolean the service computed',
      filename: 'react.tsx',
      code: `
import { useState } from 'react';

interface PluginAccess { canEnable: boolean; reason: string | null }

export function PluginToggle({ access }: { access: PluginAccess }) {
  const [on, setOn] = useState(false);
  return (
    <label>
      <input type="checkbox" checked={on} disabled={!access.canEnable} onChange={() => setOn(!on)} />
      {access.reason}
    </label>
  );
}
`,
    },
    {
      name: 'typed: a pricing list maps over plans',
      filename: 'react.tsx',
      code: `
type Plan = { id: 'free' | 'pro' | 'team'; price: number };
declare const plans: Plan[];

export function PricingCards() {
  return <div>{plans.map((plan) => <article key={plan.id} data-featured={plan.id === 'pro'}>{plan.price}</article>)}</div>;
}
`,
    },
    {
      name: 'typed: a helper outside any component compares the plan',
      filename: 'react.tsx',
      code: `
type User = { plan: 'free' | 'pro' };

export function canUseApi(user: User): boolean {
  return user.plan !== 'free';
}

export const ApiLink = ({ allowed }: { allowed: boolean }) => (allowed ? <a href="/api-keys">API keys</a> : null);
`,
    },
  ],
  invalid: [
    {
      name: 'typed: useMemo in a component compares the plan',
      filename: 'react.tsx',
      code: `
import { useMemo } from 'react';

type User = { plan: 'free' | 'pro' };

export function ApiKeys({ user, keys }: { user: User; keys: string[] }) {
  const canCreate = useMemo(() => user.plan === 'pro' || keys.length < 1, [user.plan, keys.length]);
  return <button disabled={!canCreate}>New key</button>;
}
`,
      errors: [{ messageId: 'tierLogicInJsx', line: 7, column: 35, data: { comparison: "user.plan === 'pro'", place: 'the component `ApiKeys`' } }],
    },
    {
      name: 'typed: a plan-limit table typed as a Record',
      filename: 'react.tsx',
      code: `
type Plan = 'free' | 'pro';
const PLAN_LIMITS: Record<Plan, { maxPlugins: number }> = { free: { maxPlugins: 3 }, pro: { maxPlugins: 20 } };

export function PluginCounter({ plan, count }: { plan: Plan; count: number }) {
  return <span className={count >= PLAN_LIMITS[plan].maxPlugins ? 'full' : 'ok'}>{count}</span>;
}
`,
      errors: [
        { messageId: 'tierLogicInJsx', line: 6, column: 27, data: { comparison: 'count >= PLAN_LIMITS[plan].maxPlugins', place: 'the JSX of `PluginCounter`' } },
      ],
    },
  ],
});
