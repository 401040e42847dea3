import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { perElementLoopOf, type PerElementLoop } from '../knowledge/loops.js';
import { declarationOf, getTypeServices, memberName, outermostTypeWrapper, unwrapExpression } from '../knowledge/origin.js';
import { isIntervalTimer, scheduleRegistrationOf, type ScheduleKind, type ScheduleRegistration } from '../knowledge/schedulers.js';
import { isInside, isNode, oneLineSnippet } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'perElement' | 'perEntityKey';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

const GROWTH =
  "one schedule per user (or per user × plugin) grows to O(users × plugins) timers or Redis entries, each firing on its own and reloading its user's state, all registered again at every startup and still firing after the user or plugin is gone";
const DISPATCHER =
  'Keep the schedule as a row (`cron`, `next_run_at`) and register one dispatcher for the whole app: a single repeatable job that selects the rows due now (`WHERE next_run_at <= now()`), enqueues a plain job for each and moves their `next_run_at` forward.';

export default createRule<Options, MessageIds>({
  name: 'no-per-user-scheduler',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow registering a cron or repeatable schedule per user instead of one dispatcher',
      recommended: 'recommended',
      domains: ['jobs'],
      seed: '000 P3',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests register a few schedules per fake user on purpose.
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      perElement: `\`{{call}}\` registers {{what}} once per element of {{loop}}: ${GROWTH}. ${DISPATCHER}`,
      perEntityKey: `\`{{call}}\` registers {{what}} under a key built from \`{{id}}\`: ${GROWTH}. ${DISPATCHER}`,
    },
  },
  create(context, [options]) {
    // Matching the ignore globs costs more than the syntactic look at a call: only a file that registers a schedule pays for it.
    let ignored: boolean | undefined;
    const isIgnored = () => (ignored ??= isFileMatchedBy(context, options.ignore ?? []));

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const registration = registrationOf(node, context);
      if (!registration || isIgnored() || isKeptByRegistry(node, context)) return;
      const call = callLabel(node, context);
      const loop = perUserLoopOf(registration, context);
      if (loop) {
        context.report({ node, messageId: 'perElement', data: { call, what: registration.what, loop: describeLoop(loop, context) } });
        return;
      }
      const id = registration.keyNode && perEntityIdIn(registration.keyNode, context);
      if (id) {
        context.report({ node, messageId: 'perEntityKey', data: { call, what: registration.what, id: oneLineSnippet(context.sourceCode.getText(id)) } });
      }
    }

    return { CallExpression: check, NewExpression: check };
  },
});

// ---------------------------------------------------------------------------
// What registers a schedule

interface Registration {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression;
  /** `a BullMQ job scheduler`, `a \`setInterval\` timer`: how messages name it. */
  readonly what: string;
  readonly keyNode?: TSESTree.Node;
}

const WHAT: Readonly<Record<Exclude<ScheduleKind, 'cron-decorator'>, (registration: ScheduleRegistration) => string>> = {
  'cron-task': () => 'a node-cron task',
  'cron-job': () => 'a `CronJob`',
  'repeatable-job': (registration) => `a repeatable ${registration.library === 'bull' ? 'Bull' : 'BullMQ'} job`,
  'job-scheduler': () => 'a BullMQ job scheduler',
  'scheduled-job': () => 'a node-schedule job',
  'recurring-job': () => 'an Agenda recurring job',
  'queue-schedule': () => 'a pg-boss schedule',
  'registry-cron-job': () => 'a cron job in the NestJS `SchedulerRegistry`',
  'registry-timer': () => 'a timer in the NestJS `SchedulerRegistry`',
};

/** A schedule registration or a `setInterval` timer; `@Cron` methods are declared once per class, never per user. */
function registrationOf(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): Registration | undefined {
  const schedule = scheduleRegistrationOf(node, context);
  if (schedule) {
    if (schedule.kind === 'cron-decorator') return undefined;
    return { node, what: WHAT[schedule.kind](schedule), ...(schedule.keyNode ? { keyNode: schedule.keyNode } : {}) };
  }
  if (node.type === AST_NODE_TYPES.CallExpression && isIntervalTimer(node, context)) return { node, what: 'a `setInterval` timer' };
  return undefined;
}

/**
 * `registry.addCronJob(name, new CronJob(…))`, `const job = new CronJob(…); registry.addCronJob(name, job)`:
 * the registry call names the schedule and is reported; the job it keeps is not reported again.
 */
function isKeptByRegistry(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): boolean {
  const value = outermostTypeWrapper(node);
  if (isRegistryArgument(value, context)) return true;
  const declarator = value.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== value || declarator.id.type !== AST_NODE_TYPES.Identifier) {
    return false;
  }
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(declarator), declarator.id.name);
  return variable?.references.some((reference) => isRegistryArgument(outermostTypeWrapper(reference.identifier), context)) ?? false;
}

function isRegistryArgument(value: TSESTree.Node, context: Context): boolean {
  const call = value.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[1] !== value) return false;
  const kind = scheduleRegistrationOf(call, context)?.kind;
  return kind === 'registry-cron-job' || kind === 'registry-timer';
}

// ---------------------------------------------------------------------------
// (a) Registered once per element of a collection of users or rows

/**
 * The innermost loop or per-element callback around the registration that
 * walks users, or rows that belong to users. Loops over a list written in the
 * code (a constant array, `JOBS`, `this.jobs = [...]`, an enum) register the
 * app's own schedules and are skipped, and so are loops with no sign of a
 * user: rows of a `job_schedules` table keyed by job name are a handful of
 * app-level schedules. The search goes on outwards, since a constant list
 * inside a loop over users still runs per user.
 */
function perUserLoopOf(registration: Registration, context: Context): PerElementLoop | undefined {
  let usesEntityId: boolean | undefined;
  for (let loop = perElementLoopOf(registration.node, context); loop; loop = perElementLoopOf(loop.node, context)) {
    if (loop.node.type === AST_NODE_TYPES.ForStatement && countsToConstant(loop.node)) continue;
    const collection = collectionOf(loop);
    if (collection && isConstantList(collection, context, 0)) continue;
    if (collection && namesEntity(collection)) return loop;
    usesEntityId ??= usesOutsideEntityId(registration, context);
    if (usesEntityId) return loop;
  }
  return undefined;
}

/** `for (const x of xs)`, `xs.forEach(cb)`, `Array.from(xs, cb)`, `for (let i = 0; i < xs.length; i++)`: `xs`. */
function collectionOf(loop: PerElementLoop): TSESTree.Expression | undefined {
  const node = loop.node;
  switch (node.type) {
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return node.right;
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement: {
      const test = node.test && unwrapExpression(node.test);
      if (test?.type !== AST_NODE_TYPES.BinaryExpression) return undefined;
      const bound = unwrapExpression(test.right);
      return bound.type === AST_NODE_TYPES.MemberExpression && memberName(bound) === 'length' ? bound.object : undefined;
    }
    default: {
      const call = outermostTypeWrapper(node).parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression) return undefined;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
      const first = call.arguments[0];
      return memberName(callee) === 'from' && first && first.type !== AST_NODE_TYPES.SpreadElement ? first : callee.object;
    }
  }
}

/** `for (let i = 0; i < 4; i++)`, `i < WORKER_COUNT`: a fixed number of app-level timers. */
function countsToConstant(loop: TSESTree.ForStatement): boolean {
  const test = loop.test && unwrapExpression(loop.test);
  if (test?.type !== AST_NODE_TYPES.BinaryExpression || !['<', '<='].includes(test.operator)) return false;
  const bound = unwrapExpression(test.right);
  return (bound.type === AST_NODE_TYPES.Literal && typeof bound.value === 'number') || (bound.type === AST_NODE_TYPES.Identifier && isScreamingCase(bound.name));
}

/**
 * A list written in the code: an array or object literal (also `as const`),
 * a `const` bound to one (in this file, or imported when types are known), a
 * SCREAMING_CASE constant, an enum, a class field initialised with a literal,
 * and `Object.values(…)`/`.entries()` of any of these.
 */
function isConstantList(expression: TSESTree.Expression, context: Context, depth: number): boolean {
  if (depth > 3) return false;
  const value = unwrapExpression(expression);
  switch (value.type) {
    case AST_NODE_TYPES.ArrayExpression:
      return value.elements.every((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
    case AST_NODE_TYPES.ObjectExpression:
      return value.properties.every((property) => property.type === AST_NODE_TYPES.Property);
    case AST_NODE_TYPES.CallExpression: {
      const listed = listedObjectOf(value);
      return listed !== undefined && isConstantList(listed, context, depth + 1);
    }
    case AST_NODE_TYPES.Identifier:
      return isScreamingCase(value.name) || isConstantBinding(value, context, depth);
    case AST_NODE_TYPES.MemberExpression: {
      const name = memberName(value);
      if (name !== undefined && isScreamingCase(name)) return true;
      return unwrapExpression(value.object).type === AST_NODE_TYPES.ThisExpression && name !== undefined && isLiteralClassField(value, name);
    }
    default:
      return false;
  }
}

/** `Object.keys(x)`, `Object.values(x)`, `Object.entries(x)`, `x.entries()`, `x.values()`, `x.keys()`: `x`. */
function listedObjectOf(call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(callee);
  if (name !== 'keys' && name !== 'values' && name !== 'entries') return undefined;
  const object = unwrapExpression(callee.object);
  if (object.type === AST_NODE_TYPES.Identifier && object.name === 'Object') {
    const [first] = call.arguments;
    return first && first.type !== AST_NODE_TYPES.SpreadElement ? first : undefined;
  }
  return call.arguments.length === 0 ? callee.object : undefined;
}

function isConstantBinding(identifier: TSESTree.Identifier, context: Context, depth: number): boolean {
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
  if (definition?.type === 'TSEnumName') return true;
  if (definition?.type === 'Variable') {
    const init = definition.node.init;
    return definition.parent.kind === 'const' && definition.node.id.type === AST_NODE_TYPES.Identifier && init !== null && isConstantList(init, context, depth + 1);
  }
  if (definition?.type === 'ImportBinding') return isImportedConstantList(identifier, context);
  return false;
}

/** With types, an imported `export const JOBS = [...] as const` or enum. */
function isImportedConstantList(identifier: TSESTree.Identifier, context: Context): boolean {
  const services = getTypeServices(context);
  if (!services) return false;
  const declaration = declarationOf(services.program.getTypeChecker(), services.esTreeNodeToTSNodeMap.get(identifier));
  if (!declaration) return false;
  if (ts.isEnumDeclaration(declaration)) return true;
  if (!ts.isVariableDeclaration(declaration) || !declaration.initializer) return false;
  if (!(ts.getCombinedNodeFlags(declaration) & ts.NodeFlags.Const)) return false;
  let init = declaration.initializer;
  while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init) || ts.isParenthesizedExpression(init) || ts.isTypeAssertionExpression(init)) {
    init = init.expression;
  }
  return ts.isArrayLiteralExpression(init)
    ? init.elements.every((element) => !ts.isSpreadElement(element))
    : ts.isObjectLiteralExpression(init) && init.properties.every((property) => ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property));
}

/** `this.jobs` where the class declares `jobs = [ … ]` (or an object literal). */
function isLiteralClassField(member: TSESTree.MemberExpression, name: string): boolean {
  for (let node: TSESTree.Node | undefined = member.parent; node; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ClassBody) continue;
    const field = node.body.find(
      (element): element is TSESTree.PropertyDefinition =>
        element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name,
    );
    if (!field?.value) return false;
    const value = unwrapExpression(field.value);
    return value.type === AST_NODE_TYPES.ArrayExpression || value.type === AST_NODE_TYPES.ObjectExpression;
  }
  return false;
}

function describeLoop(loop: PerElementLoop, context: Context): string {
  const collection = collectionOf(loop);
  return collection ? `${loop.description} over \`${oneLineSnippet(context.sourceCode.getText(collection))}\`` : loop.description;
}

// ---------------------------------------------------------------------------
// (b) A key or name built from a user's or tenant's id

/** Entities with one row per customer of the service: a schedule keyed by their id exists once per row. */
const ENTITY_WORDS = new Set(['user', 'tenant', 'org', 'organization', 'organisation', 'account', 'customer', 'member', 'owner', 'team', 'workspace', 'subscriber']);
const ID_WORDS = new Set(['id', 'uuid', 'email']);

/**
 * The per-user or per-tenant id a key is built from: the key itself
 * (`userId`, `session.userId`, `user.id`), a part of a template or a `+`
 * concatenation, an argument of the helper that builds it
 * (`schedulerId(schedule.userId, pluginId)`), followed through `const`s.
 */
function perEntityIdIn(node: TSESTree.Node, context: Context, depth = 0): TSESTree.Node | undefined {
  if (depth > 4 || node.type === AST_NODE_TYPES.SpreadElement || node.type === AST_NODE_TYPES.PrivateIdentifier) return undefined;
  const value = unwrapChain(node as TSESTree.Expression);
  if (isEntityIdExpression(value)) return value;
  const inner = (child: TSESTree.Node | null | undefined) => (child ? perEntityIdIn(child, context, depth + 1) : undefined);
  switch (value.type) {
    case AST_NODE_TYPES.TemplateLiteral:
      return firstOf(value.expressions, inner);
    case AST_NODE_TYPES.BinaryExpression:
      return value.operator === '+' ? (inner(value.left) ?? inner(value.right)) : undefined;
    case AST_NODE_TYPES.ArrayExpression:
      return firstOf(value.elements, inner);
    case AST_NODE_TYPES.CallExpression: {
      const callee = unwrapExpression(value.callee);
      return firstOf(value.arguments, inner) ?? (callee.type === AST_NODE_TYPES.MemberExpression ? inner(callee.object) : undefined);
    }
    case AST_NODE_TYPES.Identifier: {
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(value), value.name)?.defs[0];
      return definition?.type === 'Variable' && definition.node.id === definition.name ? inner(definition.node.init) : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Whether the registration (its key, data or callback, and a job built just
 * before it: `const job = new CronJob(…); registry.addCronJob(name, job)`)
 * reads a user's or tenant's id from outside: the loop element
 * (`schedule.userId`), a parameter (`userId`). An id the callback looks up for
 * itself (`const userId = admin.id` inside it) is no sign of a per-user
 * schedule, nor is a constant (`SYSTEM_USER_ID`).
 */
function usesOutsideEntityId(registration: Registration, context: Context): boolean {
  let found = false;
  const visit = (current: TSESTree.Node, root: TSESTree.Node, depth: number): void => {
    if (found || depth > 60) return;
    if (isEntityIdExpression(current) && isDeclaredOutside(current, root, context)) {
      found = true;
      return;
    }
    for (const key of context.sourceCode.visitorKeys[current.type] ?? []) {
      const child = (current as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) visit(item, root, depth + 1);
    }
  };
  for (const argument of registration.node.arguments) {
    visit(argument, argument, 0);
    const built = argument.type === AST_NODE_TYPES.Identifier ? constInitOf(argument, context) : undefined;
    if (built) visit(built, built, 0);
  }
  return found;
}

/** Whether the variable an id is read from is declared outside `within` (the argument being read). */
function isDeclaredOutside(expression: TSESTree.Node, within: TSESTree.Node, context: Context): boolean {
  let root: TSESTree.Node = expression;
  while (root.type === AST_NODE_TYPES.MemberExpression || root.type === AST_NODE_TYPES.ChainExpression) {
    root = root.type === AST_NODE_TYPES.MemberExpression ? root.object : root.expression;
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return true;
  if (isScreamingCase(root.name)) return false;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(root), root.name)?.defs[0];
  return !definition || !isInside(definition.name, within);
}

/** `job` in `const job = new CronJob(…)`: the initialiser, when the binding is a plain `const`. */
function constInitOf(identifier: TSESTree.Identifier, context: Context): TSESTree.Expression | undefined {
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name)?.defs[0];
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || definition.node.id !== definition.name) return undefined;
  return definition.node.init ?? undefined;
}

/**
 * A collection named for users or tenants, or reached through one:
 * `users`, `activeTenants`, `user.schedules`, `prisma.user.findMany()`,
 * `Object.values(userSchedules)`.
 */
function namesEntity(collection: TSESTree.Expression): boolean {
  let value: TSESTree.Node = collection;
  for (let depth = 0; depth < 8; depth += 1) {
    value = unwrapChain(value as TSESTree.Expression);
    if (value.type === AST_NODE_TYPES.AwaitExpression) value = value.argument;
    else if (value.type === AST_NODE_TYPES.CallExpression) value = listedObjectOf(value) ?? value.callee;
    else if (value.type === AST_NODE_TYPES.MemberExpression) {
      if (splitWords(memberName(value) ?? '').some(isEntityWord)) return true;
      value = value.object;
    } else return value.type === AST_NODE_TYPES.Identifier && splitWords(value.name).some(isEntityWord);
  }
  return false;
}

/** `userId`, `tenant_id`, `session.userId`, `user.id`, `req.user.id`, `currentUser.email`, `org?.id`. */
function isEntityIdExpression(node: TSESTree.Node): boolean {
  // `SYSTEM_USER_ID`, `config.ADMIN_ACCOUNT_ID`: one constant id, not one per user.
  if (node.type === AST_NODE_TYPES.Identifier) return isEntityIdName(node.name) && !isScreamingCase(node.name) && !isPropertyKey(node);
  if (node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const name = memberName(node);
  if (name === undefined || isScreamingCase(name)) return false;
  if (isEntityIdName(name)) return true;
  const words = splitWords(name);
  if (words.length !== 1 || !ID_WORDS.has(words[0]!)) return false;
  const ownerWords = nameWords(node.object);
  return ownerWords.length > 0 && isEntityWord(ownerWords[ownerWords.length - 1]!);
}

/** `userId`, `currentUserId`, `tenant_id`, `orgID`, `memberUuid`: an entity word followed by an id word. */
function isEntityIdName(name: string): boolean {
  const words = splitWords(name);
  return words.length >= 2 && ID_WORDS.has(words[words.length - 1]!) && ENTITY_WORDS.has(words[words.length - 2]!);
}

function isPropertyKey(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) return parent.property === identifier && !parent.computed;
  return parent.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.shorthand;
}

// ---------------------------------------------------------------------------
// Names

/** The words of the last name in an expression: `this.cronJobs` → `cron`, `jobs`; `user.schedules` → `schedules`. */
function nameWords(expression: TSESTree.Expression): string[] {
  const value = unwrapChain(expression);
  if (value.type === AST_NODE_TYPES.Identifier) return splitWords(value.name);
  if (value.type === AST_NODE_TYPES.MemberExpression) return splitWords(memberName(value) ?? '');
  if (value.type === AST_NODE_TYPES.CallExpression) {
    const listed = listedObjectOf(value);
    return listed ? nameWords(listed) : [];
  }
  return [];
}

function splitWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[\s_$-]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

function isEntityWord(word: string): boolean {
  return ENTITY_WORDS.has(singular(word));
}

function singular(word: string): string {
  return word.length > 3 && word.endsWith('s') ? word.slice(0, -1) : word;
}

function isScreamingCase(name: string): boolean {
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(name) && name.length > 1;
}

// ---------------------------------------------------------------------------
// Small helpers

function unwrapChain(node: TSESTree.Expression): TSESTree.Expression {
  let current = unwrapExpression(node);
  while (current.type === AST_NODE_TYPES.ChainExpression) current = unwrapExpression(current.expression);
  return current;
}

function firstOf<T>(items: readonly T[], pick: (item: T) => TSESTree.Node | undefined): TSESTree.Node | undefined {
  for (const item of items) {
    const found = pick(item);
    if (found) return found;
  }
  return undefined;
}

function callLabel(node: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): string {
  const callee = oneLineSnippet(context.sourceCode.getText(node.callee));
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${callee}` : callee;
}

