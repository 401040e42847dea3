import path from 'node:path';
import { Minimatch } from 'minimatch';
import pitfalls from 'eslint-plugin-pitfalls';
import { nameWords } from 'eslint-plugin-pitfalls/knowledge/env-flags';
import { ELEMENT_CALLBACK_METHODS, ID_WORDS, matchesTierName, PLAN_PRESENTATION_WORDS } from 'eslint-plugin-pitfalls/knowledge/tiers';
import { ts } from 'ts-morph';
import type { Finding } from '../finding.js';
import { projectFinding } from './support/findings.js';
import { assertKnownOptions, stringArrayOption, stringOption } from './support/options.js';
import { isFunctionLike, isTestFile, listFiles, locationOf, programFiles, rootIdentifier, snippet, unwrap, walk, type ProgramFile } from './support/source.js';
import type { ProjectCheck } from './types.js';

/**
 * The vocabulary of `pitfalls/no-tier-logic-in-jsx`, read from the rule's own
 * defaults so the ESLint rule and this check agree on what a plan is.
 */
const JSX_RULE_DEFAULTS = (pitfalls.rules['no-tier-logic-in-jsx']?.meta?.defaultOptions?.[0] ?? {}) as {
  properties?: string[];
  limitConstantPattern?: string;
};
const DEFAULT_PROPERTIES: readonly string[] = JSX_RULE_DEFAULTS.properties ?? ['plan', 'tier', 'subscription', 'serviceLevel'];
const DEFAULT_LIMIT_CONSTANT_PATTERN = JSX_RULE_DEFAULTS.limitConstantPattern ?? '^(?:PLAN|TIER)_LIMITS?$';

/** Names a module of plan rules goes by. */
const TIER_MODULE_WORDS = '{tier,tiers,plan,plans,billing,pricing,entitlement,entitlements,subscription,subscriptions,quota,quotas}';
/** Directories of plan rules; `subscriptions/` is left out, since pub/sub code uses the word as often. */
const TIER_DIRECTORY_WORDS = '{tier,tiers,plan,plans,billing,pricing,entitlement,entitlements,quota,quotas}';
/** `tiers.ts`, `tier.service.ts`, `plan-policy.ts`, `TierService.ts` (globs match case-insensitively), `plan-limits.ts`. */
const TIER_MODULE_SUFFIXES = '{,.service,-service,_service,service,.policy,-policy,_policy,policy,.guard,-guard,guard,.limits,-limits,_limits,limits,.rules,-rules,rules}';
/**
 * The tier service the seed asks for, by its name: a file named for tiers,
 * plans, billing or entitlements, or any file in a directory so named.
 */
const DEFAULT_ALLOWED_FILES: readonly string[] = [
  `**/${TIER_MODULE_WORDS}${TIER_MODULE_SUFFIXES}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}`,
  `**/${TIER_DIRECTORY_WORDS}/**`,
];

const EQUALITIES = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);
const ORDERINGS = new Set([ts.SyntaxKind.LessThanToken, ts.SyntaxKind.LessThanEqualsToken, ts.SyntaxKind.GreaterThanToken, ts.SyntaxKind.GreaterThanEqualsToken]);

interface TierCheck {
  readonly file: ProgramFile;
  readonly node: ts.Node;
  readonly kind: 'plan' | 'limit';
}

const check: ProjectCheck = {
  id: 'tier-checks-outside-services',
  description: 'Require plan and tier checks to live in the tier service: copies in handlers, jobs and templates drift apart',
  severity: 'warning',
  seed: '000 P8',
  run(context) {
    assertKnownOptions(context.options, ['allowedFiles', 'properties', 'limitConstantPattern']);
    const allowed = stringArrayOption(context.options, 'allowedFiles', DEFAULT_ALLOWED_FILES).map(
      (glob) => new Minimatch(glob, { dot: true, nocase: true }),
    );
    const tierNames = stringArrayOption(context.options, 'properties', DEFAULT_PROPERTIES)
      .map(nameWords)
      .filter((words) => words.length > 0);
    const limitConstant = compilePattern(stringOption(context.options, 'limitConstantPattern', DEFAULT_LIMIT_CONSTANT_PATTERN));
    const files = programFiles(context).filter((file) => !isTestFile(file.relative));
    const isAllowed = (file: ProgramFile): boolean => allowed.some((glob) => glob.match(file.relative));
    const tierModules = files.filter((file) => isAllowed(file) && holdsPlanRules(file, tierNames, limitConstant));
    const outside = files.filter((file) => !isAllowed(file)).flatMap((file) => tierChecksIn(file, tierNames, limitConstant));
    const places = [...new Set(outside.map((found) => found.file.relative))];
    if (!worthReporting(places.length, tierModules.length > 0)) return [];
    return dedupeByLine(outside).map((found) => report(found, places, tierModules));
  },
};

export default check;

/**
 * Whether an allowed file is a tier service in fact, not only by its place:
 * it compares plans or limits, or declares the limits table (`PLAN_LIMITS`).
 * A `billing/` directory of invoice code does not make a tier service.
 */
function holdsPlanRules(file: ProgramFile, tierNames: readonly (readonly string[])[], limitConstant: RegExp): boolean {
  if (tierChecksIn(file, tierNames, limitConstant, true).length > 0) return true;
  let declares = false;
  walk(file.node, (node) => {
    if (declares) return false;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && limitConstant.test(node.name.text)) declares = true;
    return !declares;
  });
  return declares;
}

/**
 * Plan rules outside the tier service are reported when they are a copy:
 * a tier service exists and this code decides on its own, or the rules sit
 * in two or more files with no service at all. One file with a plan check
 * and nowhere else is the only copy there is, not yet a drift.
 */
function worthReporting(filesOutside: number, tierModuleExists: boolean): boolean {
  return filesOutside >= 2 || (filesOutside >= 1 && tierModuleExists);
}

function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(`limitConstantPattern is not a valid regular expression: ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------------------
// Finding the comparisons

const TIER_TEXT_CACHE = new Map<string, RegExp>();

/** The plan and limit comparisons of one file. */
function tierChecksIn(file: ProgramFile, tierNames: readonly (readonly string[])[], limitConstant: RegExp, inTierModule = false): TierCheck[] {
  if (!mentionsTier(file.text, tierNames) && !mentionsLimitConstant(file.text, limitConstant)) return [];
  // In the tier service, showing the plan is as much a plan rule as applying it.
  const presentsPlan = !inTierModule && nameWords(path.basename(file.relative).replace(/\..*$/, '')).some((word) => PLAN_PRESENTATION_WORDS.has(word));
  const localInitializers = constInitializers(file.node);
  const nameCache = new Map<string, boolean>();
  const isTierName = (name: string): boolean => {
    let matches = nameCache.get(name);
    if (matches === undefined) {
      matches = matchesTierName(nameWords(name), tierNames);
      nameCache.set(name, matches);
    }
    return matches;
  };
  const isTierReference = (node: ts.Expression): boolean => {
    const expression = unwrap(node);
    let named = false;
    if (ts.isIdentifier(expression)) named = isTierName(expression.text);
    else if (ts.isPropertyAccessExpression(expression)) {
      const name = expression.name.text;
      const object = unwrap(expression.expression);
      const objectName = ts.isIdentifier(object) ? object.text : ts.isPropertyAccessExpression(object) ? object.name.text : undefined;
      named = isTierName(name) || (ID_WORDS.has(name.toLowerCase()) && objectName !== undefined && isTierName(objectName));
    }
    return named && !isListElement(expression);
  };
  const isLimitReference = (node: ts.Expression): boolean => {
    const root = rootIdentifier(node);
    if (!root) return false;
    if (limitConstant.test(root.text)) return true;
    const initRoot = localInitializers.get(root.text);
    return initRoot !== undefined && limitConstant.test(initRoot);
  };

  const found: TierCheck[] = [];
  walk(file.node, (node) => {
    if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      const equality = EQUALITIES.has(operator);
      if (!equality && !ORDERINGS.has(operator)) return;
      const { left, right } = node;
      if ((isTierReference(left) && isTierValue(right, equality)) || (isTierReference(right) && isTierValue(left, equality))) {
        if (!presentsPlan && !choosesWording(node)) found.push({ file, node, kind: 'plan' });
      } else if ((isLimitReference(left) && !isNothing(right)) || (isLimitReference(right) && !isNothing(left))) {
        found.push({ file, node, kind: 'limit' });
      }
    } else if (ts.isCallExpression(node)) {
      // `['pro', 'team'].includes(user.plan)`: a comparison with several values.
      const callee = unwrap(node.expression);
      if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'includes') return;
      const list = unwrap(callee.expression);
      const [argument] = node.arguments;
      if (!ts.isArrayLiteralExpression(list) || list.elements.length === 0 || !argument) return;
      if (list.elements.every((element) => isTierValue(element, true)) && isTierReference(argument) && !presentsPlan) found.push({ file, node, kind: 'plan' });
    } else if (ts.isSwitchStatement(node)) {
      // `switch (user.plan) { case 'free': … }`: each case is a plan rule; the switch is one place.
      const cases = node.caseBlock.clauses.filter(ts.isCaseClause);
      if (isTierReference(node.expression) && cases.some((clause) => isTierValue(clause.expression, true)) && !presentsPlan) {
        found.push({ file, node: node.expression, kind: 'plan' });
      }
    }
  });
  return found;
}

function mentionsTier(text: string, tierNames: readonly (readonly string[])[]): boolean {
  return tierNames.some((words) => {
    const last = words[words.length - 1] ?? '';
    let pattern = TIER_TEXT_CACHE.get(last);
    if (!pattern) {
      pattern = new RegExp(last, 'i');
      TIER_TEXT_CACHE.set(last, pattern);
    }
    return pattern.test(text);
  });
}

function mentionsLimitConstant(text: string, limitConstant: RegExp): boolean {
  // The pattern names SCREAMING_CASE constants: only those words of the text can match it.
  return (text.match(/\b[A-Z][A-Z0-9_]{2,}\b/g) ?? []).some((word) => limitConstant.test(word));
}

/**
 * A value a plan is compared with: a non-empty string (`'free'`), a number
 * (`tierLevel >= 2`), or an enum-like member (`Plan.Free`). `null`,
 * `undefined`, booleans and `''` test whether the plan loaded; another
 * variable marks the current row of a table.
 */
function isTierValue(node: ts.Expression | undefined, equality: boolean): boolean {
  if (!node) return false;
  const value = unwrap(node);
  if (ts.isNumericLiteral(value)) return true;
  if (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) return equality && value.text !== '';
  if (ts.isPropertyAccessExpression(value)) {
    const root = rootIdentifier(value);
    return root !== undefined && /^[A-Z]/.test(root.text) && root.text !== 'Number' && root.text !== 'Infinity' && root.text !== 'Math';
  }
  return false;
}

function isNothing(node: ts.Expression): boolean {
  const value = unwrap(node);
  return value.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(value) && value.text === 'undefined');
}

/** `plan === 'pro' ? 'Pro' : 'Free'`: picking between two texts labels the plan; it enables nothing. */
function choosesWording(comparison: ts.BinaryExpression): boolean {
  let parent = comparison.parent;
  while (ts.isParenthesizedExpression(parent)) parent = parent.parent;
  if (!ts.isConditionalExpression(parent) || unwrap(parent.condition) !== comparison) return false;
  const isText = (node: ts.Expression): boolean => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);
  return isText(unwrap(parent.whenTrue)) && isText(unwrap(parent.whenFalse));
}

/**
 * Whether the plan read belongs to an element of a list, not the viewer:
 * the root name is a parameter of a callback handed to an array method
 * (`plans.map((plan) => …)`) or written in JSX (`renderRow={(row) => …}`).
 */
function isListElement(reference: ts.Expression): boolean {
  const root = rootIdentifier(reference);
  if (!root) return false;
  for (let current: ts.Node | undefined = root.parent; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    if (!current.parameters.some((parameter) => bindsName(parameter.name, root.text))) continue;
    const holder = current.parent;
    if (ts.isJsxExpression(holder)) return true;
    if (!ts.isCallExpression(holder) || !holder.arguments.includes(current as ts.Expression)) return false;
    const callee = unwrap(holder.expression);
    return ts.isPropertyAccessExpression(callee) && ELEMENT_CALLBACK_METHODS.has(callee.name.text);
  }
  return false;
}

function bindsName(name: ts.BindingName, wanted: string): boolean {
  if (ts.isIdentifier(name)) return name.text === wanted;
  return name.elements.some((element) => !ts.isOmittedExpression(element) && bindsName(element.name, wanted));
}

/** `const limits = PLAN_LIMITS[plan]` → `limits` ↦ `PLAN_LIMITS`: the root name each `const` of the file starts from. */
function constInitializers(file: ts.SourceFile): ReadonlyMap<string, string> {
  const roots = new Map<string, string>();
  const seen = new Set<string>();
  walk(file, (node) => {
    if (!ts.isVariableDeclaration(node) || !node.initializer) return;
    const list = node.parent;
    if (!ts.isVariableDeclarationList(list) || !(list.flags & ts.NodeFlags.Const)) return;
    const root = rootIdentifier(node.initializer);
    if (!root) return;
    const names: string[] = [];
    collectNames(node.name, names);
    for (const name of names) {
      // A name declared twice in the file is ambiguous without scopes: left out.
      if (seen.has(name)) roots.delete(name);
      else roots.set(name, root.text);
      seen.add(name);
    }
  });
  return roots;
}

function collectNames(name: ts.BindingName, into: string[]): void {
  if (ts.isIdentifier(name)) into.push(name.text);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) collectNames(element.name, into);
}

/** Several comparisons on one line (`user.plan === 'free' && count >= PLAN_LIMITS.free.max`) are one decision. */
function dedupeByLine(found: readonly TierCheck[]): TierCheck[] {
  const seen = new Set<string>();
  return found.filter((item) => {
    const key = `${item.file.path}:${locationOf(item.node).line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function report(found: TierCheck, places: readonly string[], tierModules: readonly ProgramFile[]): Finding {
  const others = places.filter((place) => place !== found.file.relative);
  const what = `\`${snippet(found.node)}\` ${found.kind === 'plan' ? 'decides what a plan allows' : 'applies a plan limit'} in this file`;
  const where =
    tierModules.length > 0
      ? ` instead of asking the tier service (${listFiles(tierModules.map((module) => module.relative), 2)})${others.length > 0 ? `; plan rules are also written in ${listFiles(others)}` : ''}`
      : `, and plan rules are also written in ${listFiles(others)}, with no tier service to hold them`;
  const message =
    `${what}${where}. ` +
    'Plan rules copied into handlers, jobs and templates drift: the limit is raised in one copy and not the others, the UI offers what the API refuses, ' +
    'or the API allows what the UI hides and users exploit it. Decide once in the tier service (`canEnablePlugin(user)` returning a boolean and a reason), ' +
    'enforce that in the handler, and pass templates the boolean.';
  return projectFinding(check, { file: found.file.path, ...locationOf(found.node) }, message);
}
