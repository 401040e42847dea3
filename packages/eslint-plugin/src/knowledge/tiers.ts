/**
 * The words of plan and tier logic (seed 000 P8), shared by the ESLint rule
 * no-tier-logic-in-jsx and the CLI's whole-program check
 * tier-checks-outside-services, so both judge a name the same way.
 */

/** Words that name a plan's identity rather than a different thing: `planId`, `tierName`, `plan.slug`, `tierLevel`. */
export const ID_WORDS: ReadonlySet<string> = new Set(['id', 'name', 'slug', 'key', 'code', 'level', 'type']);

/**
 * Words that say whose plan it is: `currentPlan`, `userTier`, `accountPlan`, `subscriptionTier`.
 * Any other word before the name makes it another thing: `releasePlan`, `migrationPlan`, `queryPlan`.
 */
export const OWNER_WORDS: ReadonlySet<string> = new Set([
  'current', 'active', 'my', 'user', 'users', 'account', 'billing', 'pricing', 'subscription', 'org', 'organization',
  'organisation', 'team', 'workspace', 'tenant', 'customer', 'company', 'instance', 'license', 'licence', 'api',
]);

/** Array methods whose callback receives list elements: `plans.map((plan) => plan.id === 'pro' …)` draws a pricing table. */
export const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'map', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'some', 'every', 'forEach', 'flatMap', 'reduce', 'sort', 'toSorted',
]);

/** Names of components and files that present the plan itself (a price table, a bill, an upgrade offer). */
export const PLAN_PRESENTATION_WORDS: ReadonlySet<string> = new Set([
  'billing', 'pricing', 'price', 'prices', 'plan', 'plans', 'subscription', 'subscriptions', 'checkout', 'upgrade', 'trial',
  'paywall', 'premium', 'upsell', 'invoice', 'invoices',
]);

/** Whether a name's words are a configured plan name, after owner words and before one id-like word. */
export function matchesTierName(words: readonly string[], tierNames: readonly (readonly string[])[]): boolean {
  const withoutId = words.length > 1 && ID_WORDS.has(words[words.length - 1]!) ? words.slice(0, -1) : undefined;
  return tierNames.some((tierName) => endsWithName(words, tierName) || (withoutId !== undefined && endsWithName(withoutId, tierName)));
}

/** `subscriptionTier` ends with `tier` after the owner word `subscription`; `releasePlan` does not end with `plan` that way. */
function endsWithName(words: readonly string[], tierName: readonly string[]): boolean {
  if (words.length < tierName.length) return false;
  const prefix = words.slice(0, words.length - tierName.length);
  return tierName.every((word, index) => words[prefix.length + index] === word) && prefix.every((word) => OWNER_WORDS.has(word));
}
