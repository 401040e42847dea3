import path from 'node:path';
import { AST_NODE_TYPES, AST_TOKEN_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { nameWords } from '../knowledge/env-flags.js';
import { ELEMENT_CALLBACK_METHODS, ID_WORDS, matchesTierName, PLAN_PRESENTATION_WORDS } from '../knowledge/tiers.js';
import { memberName, unwrapExpression } from '../knowledge/origin.js';
import { oneLineSnippet, walkAst } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ properties?: string[]; limitConstantPattern?: string; allow?: string[]; ignore?: string[] }];
type MessageIds = 'tierLogicInJsx';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/**
 * The names an account's plan goes by: the seed's `plan`/`tier`, and `serviceLevel` (`apiServiceLevel`
 * in novu). `role` is left out on purpose (see the doc page).
 */
const DEFAULT_PROPERTIES = ['plan', 'tier', 'subscription', 'serviceLevel'];

/**
 * SCREAMING_CASE constants that hold what a plan allows: a plan word and a limit word in
 * either order (`PLAN_LIMITS`, `TIER_LIMITS`, `FREE_PLAN_MAX_PLUGINS`, `MAX_FREE_SEATS`), any
 * quota (`STORAGE_QUOTA`), or the bare `LIMITS` table. Limits that are not about plans
 * (`PAT_LIMIT`, `DEFAULT_PAGE_LIMIT`, `MAX_FILE_SIZE`) are input rules, not tier logic.
 */
const DEFAULT_LIMIT_CONSTANT_PATTERN =
  '^(?=(?:[A-Z0-9_]*_)?(?:PLANS?|TIERS?|SUBSCRIPTIONS?|FREE|PRO|PREMIUM|ENTERPRISE|TRIAL)(?:_|$))(?=(?:[A-Z0-9_]*_)?(?:LIMITS?|QUOTAS?|MAX)(?:_|$))[A-Z0-9_]+$|^(?:[A-Z0-9]+_)*QUOTAS?$|^LIMITS$';

/** Where the seed puts plan rules: the tier service (and policy modules) that handlers also call. */
const DEFAULT_ALLOW = ['**/services/**', '**/service/**', '**/*.service.{ts,tsx,js,jsx}', '**/policies/**', '**/*.policy.{ts,tsx,js,jsx}'];

export default createRule<Options, MessageIds>({
  name: 'no-tier-logic-in-jsx',
  meta: {
    type: 'suggestion',
    docs: {
      description: 'Disallow plan, tier and plan-limit comparisons inside JSX and components: pass a boolean computed by the tier service',
      recommended: 'recommended',
      domains: ['web'],
      seed: '000 P8',
    },
    schema: [
      {
        type: 'object',
        properties: {
          properties: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Names of the properties that hold an account plan or tier, in camelCase (`plan`, `tier`, `serviceLevel`). A name matches whole, after owner words (`currentPlan`, `subscriptionTier`) and before an id-like word (`planId`, `tierName`). Replaces the default list.',
          },
          limitConstantPattern: {
            type: 'string',
            description: 'Regular expression (JavaScript source) for the names of constants that hold plan limits (`PLAN_LIMITS`, `FREE_TIER_MAX`).',
          },
          allow: {
            type: 'array',
            items: { type: 'string' },
            description:
              'Globs (minimatch, relative to the ESLint working directory) of the service layer, where plan rules belong. Replaces the default list.',
          },
          ignore: ignoreOptionSchema('tests and stories'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        properties: DEFAULT_PROPERTIES,
        limitConstantPattern: DEFAULT_LIMIT_CONSTANT_PATTERN,
        allow: DEFAULT_ALLOW,
        // Tests render components with every plan on purpose.
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      tierLogicInJsx:
        '`{{comparison}}` in {{place}} decides what a plan allows inside the UI. The same rule then lives in the template and in the handler that enforces it, and the copies drift: the limit is raised in one and not the other, and the UI offers what the API refuses (or the API allows what the UI hides). Compute the decision once in the tier service (`canEnable`, with a reason), enforce it in the handler, and pass the component that boolean to show or hide things.',
    },
  },
  create(context, [options]) {
    const text = context.sourceCode.text;
    // JSX always closes a tag somewhere; files without it hold no component to check.
    if (!text.includes('</') && !text.includes('/>')) return {};
    if (isFileMatchedBy(context, options.allow ?? []) || isFileMatchedBy(context, options.ignore ?? [])) return {};

    const tierNames = (options.properties ?? []).map(nameWords).filter((words) => words.length > 0);
    const limitConstant = compileLimitPattern(options.limitConstantPattern ?? DEFAULT_LIMIT_CONSTANT_PATTERN);
    const tierNameCache = new Map<string, boolean>();
    const isTierName = (name: string): boolean => {
      let matches = tierNameCache.get(name);
      if (matches === undefined) {
        matches = matchesTierName(nameWords(name), tierNames);
        tierNameCache.set(name, matches);
      }
      return matches;
    };
    const components = new WeakMap<TSESTree.Node, string | null>();
    // Every comparison operand would otherwise cost a scope lookup; most files name no limit constant at all.
    let namesLimitConstant: boolean | undefined;
    const fileNamesLimitConstant = (): boolean =>
      (namesLimitConstant ??= (context.sourceCode.ast.tokens ?? []).some(
        (token) => token.type === AST_TOKEN_TYPES.Identifier && limitConstant.test(token.value),
      ));

    function report(node: TSESTree.Node, kind: 'plan' | 'limit'): void {
      const place = uiPlaceOf(node, components, context);
      if (!place) return;
      if (kind === 'plan' && (choosesWording(node) || presentsThePlan(place.component ?? '', context))) return;
      const comparison = oneLineSnippet(context.sourceCode.getText(node));
      context.report({ node, messageId: 'tierLogicInJsx', data: { comparison, place: place.text } });
    }

    /** `user.plan`, `plan`, `subscription.tier`, `user.plan.id`, `planId`: a plan read about the viewer, not a listed item's. */
    function tierReference(node: TSESTree.Node): boolean {
      const expression = unwrapChain(node);
      if (!expression) return false;
      let named: boolean;
      if (expression.type === AST_NODE_TYPES.Identifier) named = isTierName(expression.name);
      else if (expression.type === AST_NODE_TYPES.MemberExpression) {
        const name = memberName(expression);
        if (!name) return false;
        const object = unwrapChain(expression.object);
        named =
          isTierName(name) ||
          (ID_WORDS.has(name.toLowerCase()) && object !== undefined && isTierName(referenceName(object) ?? ''));
      } else return false;
      return named && !isListElement(expression, context);
    }

    /** `PLAN_LIMITS.free.maxPlugins`, `PLAN_LIMITS[user.plan]`, or a local bound to one (`const limits = PLAN_LIMITS[plan]`). */
    function limitReference(node: TSESTree.Node): boolean {
      const root = rootIdentifier(node);
      if (!root || !fileNamesLimitConstant()) return false;
      if (limitConstant.test(root.name)) return true;
      const init = localInitializer(root, context);
      const initRoot = init && rootIdentifier(init);
      return initRoot !== undefined && limitConstant.test(initRoot.name);
    }

    return {
      BinaryExpression(node) {
        if (!COMPARISONS.has(node.operator) || node.left.type === AST_NODE_TYPES.PrivateIdentifier) return;
        const { left, right } = node;
        const equality = EQUALITIES.has(node.operator);
        if ((tierReference(left) && isTierValue(right, equality)) || (tierReference(right) && isTierValue(left, equality))) {
          report(node, 'plan');
        } else if ((limitReference(left) && !isNothing(right)) || (limitReference(right) && !isNothing(left))) {
          report(node, 'limit');
        }
      },
      CallExpression(node) {
        // `['pro', 'team'].includes(user.plan)`: a membership test is a comparison with several values.
        const callee = node.callee;
        if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'includes') return;
        const list = unwrapExpression(callee.object);
        const [argument] = node.arguments;
        if (list.type !== AST_NODE_TYPES.ArrayExpression || list.elements.length === 0 || !argument) return;
        if (!list.elements.every((element) => element && isTierValue(element, true))) return;
        if (tierReference(argument)) report(node, 'plan');
      },
    };
  },
});

const EQUALITIES = new Set(['===', '!==', '==', '!=']);
const COMPARISONS = new Set([...EQUALITIES, '<', '<=', '>', '>=']);

/**
 * A value a plan is compared with: a string (`'free'`), a number (`tierLevel >= 2`), or an
 * enum-like member (`Plan.Free`, `InstancePlan.PRO`). `null`, `undefined`, booleans and `''`
 * test whether the plan has loaded, not what it allows; another variable (`plan.id === currentPlan`)
 * marks the current row of a pricing table.
 */
function isTierValue(node: TSESTree.Node, equality: boolean): boolean {
  const value = unwrapChain(node);
  if (!value) return false;
  if (value.type === AST_NODE_TYPES.Literal) {
    if (typeof value.value === 'number') return true;
    return equality && typeof value.value === 'string' && value.value !== '';
  }
  if (value.type === AST_NODE_TYPES.TemplateLiteral) return equality && value.expressions.length === 0 && value.quasis[0]?.value.cooked !== '';
  if (value.type === AST_NODE_TYPES.MemberExpression && !value.computed) {
    const root = rootIdentifier(value);
    return root !== undefined && /^[A-Z]/.test(root.name) && root.name !== 'Number' && root.name !== 'Infinity';
  }
  return false;
}

function isNothing(node: TSESTree.Node): boolean {
  const value = unwrapChain(node);
  return (
    value === undefined ||
    (value.type === AST_NODE_TYPES.Literal && value.value === null) ||
    (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined')
  );
}

// ---------------------------------------------------------------------------
// Plan comparisons that present the plan rather than apply its rules

/**
 * `plan === FeaturePlan.PRO ? 'plans' : 'plan'`, `user.plan === 'pro' ? 'Pro' : 'Free'`:
 * a comparison that only picks between two texts labels the plan; it enables nothing.
 */
function choosesWording(comparison: TSESTree.Node): boolean {
  const parent = comparison.parent;
  return (
    parent?.type === AST_NODE_TYPES.ConditionalExpression &&
    parent.test === comparison &&
    isText(parent.consequent) &&
    isText(parent.alternate)
  );
}

function isText(node: TSESTree.Expression): boolean {
  return (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral;
}

/** Words of a component or file that shows the plan itself: its bill, its price, its trial, an upgrade offer. */
/**
 * Whether the component or its file is about the plan itself:
 * `BillingDetails`, `PricingTable`, `TrialDialog`, `UpgradeBanner`, `billing-page.tsx`.
 * There, branching on the plan is the content (which bill, which offer), not a copy
 * of a rule a handler enforces. Limit comparisons are still reported there.
 */
function presentsThePlan(component: string, context: Context): boolean {
  const file = path.basename(context.filename).replace(/\.[^.]*$/, '');
  const names = component && component !== 'default export' ? [component, file] : [file];
  return names.flatMap(nameWords).some((word) => PLAN_PRESENTATION_WORDS.has(word));
}

// ---------------------------------------------------------------------------
// Whose plan it is

/**
 * Whether the plan read belongs to an element of a list being rendered or searched:
 * `plans.map((plan) => plan.id === 'enterprise' …)` draws a pricing table and
 * `members.find(({ role }) => role === 'owner')` looks up a row; the argument of a
 * function written in JSX (a render prop `{(row) => …}`, `renderCell={(row) => …}`) is a row too. Those describe data on screen, not what the
 * viewer's plan allows; so is the value a plan picker's `onChange={(plan) => …}` receives.
 */
function isListElement(reference: TSESTree.Node, context: Context): boolean {
  const root = rootIdentifier(reference);
  if (!root) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(root), root);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Parameter') return false;
  const fn = definition.node;
  const holder = fn.parent;
  if (!holder) return false;
  if (holder.type === AST_NODE_TYPES.JSXExpressionContainer) return true;
  if (holder.type !== AST_NODE_TYPES.CallExpression || !holder.arguments.includes(fn as TSESTree.CallExpressionArgument)) return false;
  const callee = holder.callee;
  return callee.type === AST_NODE_TYPES.MemberExpression && ELEMENT_CALLBACK_METHODS.has(memberName(callee) ?? '');
}

// ---------------------------------------------------------------------------
// Where the comparison runs

/**
 * `the JSX of \`SettingsForm\``, `the component \`SettingsForm\`` or `JSX`: the UI code a
 * comparison sits in, or undefined when it is neither in JSX nor in a component (a
 * handler, a hook, a helper: code that may be the service the component should call).
 * A component's event handlers and effects count: the rule they apply is the same copy.
 */
function uiPlaceOf(
  node: TSESTree.Node,
  components: WeakMap<TSESTree.Node, string | null>,
  context: Context,
): { text: string; component?: string } | undefined {
  let inJsx = false;
  for (let current: TSESTree.Node | undefined = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.JSXExpressionContainer || current.type === AST_NODE_TYPES.JSXSpreadAttribute) inJsx = true;
    const name = componentName(current, components, context);
    if (name) return { text: inJsx ? `the JSX of \`${name}\`` : `the component \`${name}\``, component: name };
  }
  return inJsx ? { text: 'JSX' } : undefined;
}

/** The name of a component a node is: a capitalised function that renders JSX, or a React class component. */
function componentName(node: TSESTree.Node, components: WeakMap<TSESTree.Node, string | null>, context: Context): string | undefined {
  if (
    node.type !== AST_NODE_TYPES.FunctionDeclaration &&
    node.type !== AST_NODE_TYPES.FunctionExpression &&
    node.type !== AST_NODE_TYPES.ArrowFunctionExpression &&
    node.type !== AST_NODE_TYPES.ClassDeclaration &&
    node.type !== AST_NODE_TYPES.ClassExpression
  ) {
    return undefined;
  }
  const known = components.get(node);
  if (known !== undefined) return known ?? undefined;
  let name: string | undefined;
  if (node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) {
    if (isReactComponentClass(node)) name = node.id?.name ?? 'default export';
  } else {
    const candidate = functionComponentName(node);
    if (candidate && rendersJsx(node, context)) name = candidate;
  }
  components.set(node, name ?? null);
  return name;
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/**
 * The capitalised name a function is declared under: `function SettingsForm()`,
 * `const SettingsForm = () =>`, `const Tile = memo(function …)`, `forwardRef(…)`,
 * `observer(…)`, or an anonymous `export default function ()`.
 */
function functionComponentName(fn: FunctionNode): string | undefined {
  if (fn.id && isComponentName(fn.id.name)) return fn.id.name;
  // A lowercase declaration is a helper; a lowercase function expression may still be wrapped (`memo(function inner() …)`).
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && (fn.id || fn.parent.type !== AST_NODE_TYPES.ExportDefaultDeclaration)) return undefined;
  let holder: TSESTree.Node = fn.parent;
  // `memo(forwardRef((props, ref) => …))`: wrappers around the render function.
  while (holder.type === AST_NODE_TYPES.CallExpression && isComponentWrapper(holder.callee)) holder = holder.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) {
    return isComponentName(holder.id.name) ? holder.id.name : undefined;
  }
  if (holder.type === AST_NODE_TYPES.ExportDefaultDeclaration) return 'default export';
  return undefined;
}

function isComponentName(name: string): boolean {
  return /^[A-Z]/.test(name) && !/^[A-Z0-9_]+$/.test(name);
}

const COMPONENT_WRAPPERS = new Set(['memo', 'forwardRef', 'observer', 'inject', 'withRouter', 'connect']);

function isComponentWrapper(callee: TSESTree.Expression): boolean {
  const inner = unwrapExpression(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return COMPONENT_WRAPPERS.has(inner.name);
  return inner.type === AST_NODE_TYPES.MemberExpression && COMPONENT_WRAPPERS.has(memberName(inner) ?? '');
}

/** `class Billing extends React.Component`, `extends PureComponent<Props>`. */
function isReactComponentClass(node: TSESTree.ClassDeclaration | TSESTree.ClassExpression): boolean {
  const superClass = node.superClass && unwrapExpression(node.superClass);
  if (!superClass) return false;
  const name =
    superClass.type === AST_NODE_TYPES.Identifier
      ? superClass.name
      : superClass.type === AST_NODE_TYPES.MemberExpression
        ? memberName(superClass)
        : undefined;
  return name === 'Component' || name === 'PureComponent';
}

function rendersJsx(fn: FunctionNode, context: Context): boolean {
  if (fn.body.type === AST_NODE_TYPES.JSXElement || fn.body.type === AST_NODE_TYPES.JSXFragment) return true;
  // A quick look at the text before walking: most functions in a .tsx file are not components.
  const text = context.sourceCode.getText(fn.body);
  if (!text.includes('</') && !text.includes('/>')) return false;
  let found = false;
  walkAst(fn.body, (node) => {
    if (found) return false;
    if (node.type === AST_NODE_TYPES.JSXElement || node.type === AST_NODE_TYPES.JSXFragment) found = true;
    return !found;
  });
  return found;
}

// ---------------------------------------------------------------------------
// Helpers

/** An expression without `?.` wrappers, `!`, `as T` and `satisfies T`; undefined for things that are not expressions. */
function unwrapChain(node: TSESTree.Node): TSESTree.Expression | undefined {
  if (node.type === AST_NODE_TYPES.PrivateIdentifier || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let current = unwrapExpression(node as TSESTree.Expression);
  while (current.type === AST_NODE_TYPES.ChainExpression) current = unwrapExpression(current.expression);
  return current;
}

/** The last name a reference reads: `plan` in `user.plan`, `plan` in `plan`. */
function referenceName(node: TSESTree.Expression): string | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) return memberName(node);
  return undefined;
}

/** The identifier a member chain starts from: `PLAN_LIMITS` in `PLAN_LIMITS[user.plan].maxPlugins`. */
function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrapChain(node);
  while (current?.type === AST_NODE_TYPES.MemberExpression) current = unwrapChain(current.object);
  return current?.type === AST_NODE_TYPES.Identifier ? current : undefined;
}


/** What a `const` local was set to (`const limits = PLAN_LIMITS[plan]`, `const { maxPlugins } = PLAN_LIMITS.free`). */
function localInitializer(identifier: TSESTree.Identifier, context: Context): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (variable?.defs.length !== 1 || definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  return definition.node.init ?? undefined;
}

function compileLimitPattern(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new Error(`pitfalls/no-tier-logic-in-jsx: limitConstantPattern is not a valid regular expression: ${(error as Error).message}`);
  }
}
