import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { requestHandlerKind, type FunctionLike } from '../knowledge/handlers.js';
import {
  calleeName,
  importBindingOf,
  isFromPackage,
  memberName,
  outermostTypeWrapper,
  resolveCallTarget,
  unwrapExpression,
} from '../knowledge/origin.js';
import { enclosingFunction, isStartupFunction } from '../knowledge/run-once.js';
import { isNode, isUndeclared } from '../util/ast.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import { createRule } from '../util/create-rule.js';

type Options = [{ ignore?: string[]; stateNames?: string }];
type MessageIds = 'unboundedCache' | 'processLocalState';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/**
 * Names (tested in snake_case: `revokedTokenIds` → `revoked_token_ids`) of
 * collections that hold process state rather than a cache: running jobs,
 * sessions, revoked tokens, locks.
 */
const DEFAULT_STATE_NAMES =
  '(^|_)(running|in_?flight|in_?progress|processing|pending|active|sessions?|black_?list(ed)?|block_?list(ed)?|deny_?list(ed)?|revoked|revocations?|invalidated|banned|locks?|locked|leases?|claimed)(_|$)';

export default createRule<Options, MessageIds>({
  name: 'bounded-in-memory-cache',
  meta: {
    type: 'problem',
    docs: {
      description:
        'Disallow process-wide Maps, Sets, arrays and objects that grow per request or message and are never pruned',
      recommended: 'recommended',
      domains: ['async'],
      seed: '001 token blacklist, P6',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests and scripts'),
          stateNames: {
            type: 'string',
            description:
              "A case-insensitive regular expression tested against the collection's name in snake_case. A match gets the process-local state message, and growth in any non-startup function (not only in handlers) is reported.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests and scripts end after one run: their module state dies with them.
        ignore: [
          ...TEST_FILE_GLOBS,
          '**/scripts/**',
          '**/bin/**',
          '**/migrations/**',
          '**/seeds/**',
        ],
        stateNames: DEFAULT_STATE_NAMES,
      },
    ],
    messages: {
      unboundedCache:
        '`{{name}}` is {{holder}} that lives as long as the process and grows in {{growth}}, but nothing in this file deletes from it, clears it, caps its size or expires its entries: it keeps one more entry per call until the process runs out of memory. Evict entries (delete when done, a size cap, a periodic prune of expired entries) or use a bounded cache such as `lru-cache`.',
      processLocalState:
        '`{{name}}` keeps {{what}} in {{holder}} that grows in {{growth}} and is never pruned (no delete, clear, size cap or expiry in this file), so it grows for the life of the process. It is also process-local: a restart empties it and other replicas never see it, so {{lost}}. Keep this state in the database or Redis with an expiry, and hold at most a bounded, expiring copy in memory.',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    const stateNames = compileStateNames(options.stateNames ?? DEFAULT_STATE_NAMES);
    return {
      'Program:exit'(program) {
        const index = indexFile(program, context);
        for (const collection of processWideCollections(program, index, context)) {
          checkCollection(collection, index, stateNames, context);
        }
      },
    };
  },
});

function compileStateNames(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch {
    return new RegExp(DEFAULT_STATE_NAMES, 'i');
  }
}

function checkCollection(collection: Collection, index: FileIndex, stateNames: RegExp, context: Context): void {
  const uses = collection.uses.map((use) => ({ use, effect: effectOf(use, collection.kind, context) }));
  if (uses.some(({ effect }) => effect.type === 'bounded' || effect.type === 'escapes')) return;
  const isState = stateNames.test(snakeCase(collection.name));
  let chosen: { growth: Growth; where: GrowthContext } | undefined;
  for (const { use, effect } of uses) {
    if (effect.type !== 'grows' || !collection.growthUses.has(use)) continue;
    const where = growthContextOf(effect.growth.node, collection, index, context, 0, new Set());
    if (!where || (!where.perEvent && !isState)) continue;
    if (!chosen || (where.perEvent && !chosen.where.perEvent)) chosen = { growth: effect.growth, where };
    if (where.perEvent) break;
  }
  if (!chosen) return;
  const growth = `\`${chosen.growth.text}\` in ${chosen.where.label} (line ${chosen.growth.node.loc.start.line})`;
  const holder = holderText(collection);
  if (isState) {
    const kind = stateKindOf(collection.name);
    context.report({
      node: collection.report,
      messageId: 'processLocalState',
      data: { name: collection.name, holder, growth, what: STATE_KINDS[kind].what, lost: STATE_KINDS[kind].lost },
    });
    return;
  }
  context.report({ node: collection.report, messageId: 'unboundedCache', data: { name: collection.name, holder, growth } });
}

// ---------------------------------------------------------------------------
// The collections that live as long as the process: module-level variables,
// fields of singleton classes, static fields

type CollectionKind = 'Map' | 'Set' | 'array' | 'object';

interface Collection {
  readonly name: string;
  readonly kind: CollectionKind;
  /** `module` or the class the field belongs to. */
  readonly owner: { readonly type: 'module' } | { readonly type: 'singleton' | 'static'; readonly className: string; readonly node: ClassNode };
  readonly report: TSESTree.Node;
  /** Every expression that may stand for the collection (for fields: every `.name` member in the file). */
  readonly uses: readonly TSESTree.Expression[];
  /** The uses that certainly are this collection, where growth counts. */
  readonly growthUses: ReadonlySet<TSESTree.Node>;
}

type ClassNode = TSESTree.ClassDeclaration | TSESTree.ClassExpression;

function processWideCollections(program: TSESTree.Program, index: FileIndex, context: Context): Collection[] {
  const found: Collection[] = [];
  for (const statement of program.body) {
    // An exported collection may be pruned by the modules that import it.
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) found.push(...moduleVariables(statement, context));
    const declaration =
      statement.type === AST_NODE_TYPES.ClassDeclaration
        ? statement
        : (statement.type === AST_NODE_TYPES.ExportNamedDeclaration || statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) &&
            statement.declaration?.type === AST_NODE_TYPES.ClassDeclaration
          ? statement.declaration
          : undefined;
    if (declaration) found.push(...classFields(declaration, index, context));
  }
  return found;
}

function moduleVariables(statement: TSESTree.VariableDeclaration, context: Context): Collection[] {
  const found: Collection[] = [];
  for (const declarator of statement.declarations) {
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) continue;
    const kind = collectionKindOf(declarator.init, context);
    if (!kind) continue;
    const variable = context.sourceCode.getDeclaredVariables(declarator)[0];
    if (!variable) continue;
    const uses = variable.references
      .filter((reference) => !reference.init)
      .map((reference) => reference.identifier)
      .filter((identifier): identifier is TSESTree.Identifier => identifier.type === AST_NODE_TYPES.Identifier);
    found.push({
      name: declarator.id.name,
      kind,
      owner: { type: 'module' },
      report: declarator.id,
      uses,
      growthUses: new Set(uses),
    });
  }
  return found;
}

/**
 * `new Map()`, `new Set()`, `[]`, `new Array()`, `{}` and `Object.create(null)`.
 * `WeakMap`/`WeakSet` release their entries, and cache libraries (`lru-cache`,
 * `quick-lru`, `node-cache`) bound themselves, so neither is a candidate.
 */
function collectionKindOf(init: TSESTree.Expression, context: Context): CollectionKind | undefined {
  const value = unwrapExpression(init);
  if (value.type === AST_NODE_TYPES.ArrayExpression) return 'array';
  if (value.type === AST_NODE_TYPES.ObjectExpression) return value.properties.length === 0 ? 'object' : undefined;
  if (value.type === AST_NODE_TYPES.NewExpression && value.callee.type === AST_NODE_TYPES.Identifier) {
    const name = value.callee.name;
    if ((name === 'Map' || name === 'Set' || name === 'Array') && isUndeclared(value.callee, context)) {
      return name === 'Array' ? 'array' : name;
    }
    return undefined;
  }
  if (
    value.type === AST_NODE_TYPES.CallExpression &&
    context.sourceCode.getText(value.callee) === 'Object.create' &&
    value.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    value.arguments[0].value === null
  ) {
    return 'object';
  }
  return undefined;
}


/**
 * Fields that hold a collection in a class with one instance per process (a
 * NestJS provider of default scope, or a class instantiated once at module
 * level in this file), and static fields of any class. Fields of objects made
 * per request or per job die with them.
 */
function classFields(node: TSESTree.ClassDeclaration, index: FileIndex, context: Context): Collection[] {
  const className = node.id?.name;
  if (!className) return [];
  const singleton = isSingletonClass(node, context);
  const found: Collection[] = [];
  const add = (name: string, kind: CollectionKind, isStatic: boolean, report: TSESTree.Node, declaration: TSESTree.Node) => {
    if (!isStatic && !singleton) return;
    const members = (index.membersByName.get(name) ?? []).filter((member) => member !== declaration);
    const growthUses = new Set<TSESTree.Node>(
      members.filter((member) =>
        isStatic ? isStaticAccess(member, node, className) : member.object.type === AST_NODE_TYPES.ThisExpression && isInside(member, node) && !isInStaticMember(member),
      ),
    );
    found.push({
      name,
      kind,
      owner: { type: isStatic ? 'static' : 'singleton', className, node },
      report,
      uses: members,
      growthUses,
    });
  };
  for (const element of node.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.value) {
      const name = fieldName(element.key);
      const kind = collectionKindOf(element.value, context);
      if (name && kind) add(name, kind, element.static, element.key, element.key);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor' && element.value.body) {
      // `this.sessions = new Map()` in the constructor, the JavaScript way to declare a field.
      for (const statement of element.value.body.body) {
        if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
        const assignment = statement.expression;
        if (assignment.type !== AST_NODE_TYPES.AssignmentExpression || assignment.operator !== '=') continue;
        const target = assignment.left;
        if (target.type !== AST_NODE_TYPES.MemberExpression || target.object.type !== AST_NODE_TYPES.ThisExpression) continue;
        const name = memberName(target);
        const kind = collectionKindOf(assignment.right, context);
        if (name && kind && !found.some((field) => field.name === name)) add(name, kind, false, target, target);
      }
    }
  }
  return found;
}

function fieldName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) return key.name;
  return key.type === AST_NODE_TYPES.Literal && typeof key.value === 'string' ? key.value : undefined;
}

const NEST_SINGLETON_DECORATORS = new Set(['Injectable', 'Controller', 'Resolver', 'WebSocketGateway', 'Processor']);

function isSingletonClass(node: TSESTree.ClassDeclaration, context: Context): boolean {
  const nest = node.decorators.filter((decorator) => NEST_SINGLETON_DECORATORS.has(decoratorName(decorator) ?? ''));
  if (nest.length > 0) {
    // `@Injectable({ scope: Scope.REQUEST })`: one instance per request (or per injection), not per process.
    return !nest.some((decorator) => /\bscope\s*:\s*Scope\.(REQUEST|TRANSIENT)\b|\bscope\s*:\s*[12]\b/.test(context.sourceCode.getText(decorator)));
  }
  const variable = node.id ? context.sourceCode.getDeclaredVariables(node)[0] : undefined;
  if (!variable) return false;
  const constructions = variable.references.filter((reference) => {
    const parent = reference.identifier.parent;
    return parent.type === AST_NODE_TYPES.NewExpression && parent.callee === reference.identifier;
  });
  return constructions.length === 1 && constructions.every((reference) => enclosingFunction(reference.identifier) === undefined);
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expression = unwrapExpression(decorator.expression);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type === AST_NODE_TYPES.CallExpression) return calleeName(expression.callee);
  return undefined;
}

function isStaticAccess(member: TSESTree.MemberExpression, owner: ClassNode, className: string): boolean {
  const object = member.object;
  if (object.type === AST_NODE_TYPES.Identifier) return object.name === className;
  return object.type === AST_NODE_TYPES.ThisExpression && isInside(member, owner) && isInStaticMember(member);
}

function isInStaticMember(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.MethodDefinition || current.type === AST_NODE_TYPES.PropertyDefinition) return current.static;
    if (current.type === AST_NODE_TYPES.StaticBlock) return true;
  }
  return false;
}

function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) if (current === ancestor) return true;
  return false;
}

// ---------------------------------------------------------------------------
// What each use does to the collection: grows it, bounds it, lets it escape, or only reads it

interface Growth {
  readonly node: TSESTree.Node;
  readonly text: string;
}

type Effect =
  | { readonly type: 'grows'; readonly growth: Growth }
  | { readonly type: 'bounded' }
  | { readonly type: 'escapes' }
  | { readonly type: 'reads' };

const READS: Effect = { type: 'reads' };
const BOUNDED: Effect = { type: 'bounded' };
const ESCAPES: Effect = { type: 'escapes' };

const GROWING_METHODS: Readonly<Record<CollectionKind, ReadonlySet<string>>> = {
  Map: new Set(['set']),
  Set: new Set(['add']),
  array: new Set(['push', 'unshift']),
  object: new Set(),
};
/** Calls that remove entries: whoever wrote one thought about the collection's size. */
const SHRINKING_METHODS = new Set(['delete', 'clear', 'shift', 'pop', 'splice', 'deleteAll']);
const RELATIONAL = new Set(['<', '>', '<=', '>=', '===', '!==', '==', '!=']);
/** The stored value says when it expires: the author handles expiry. */
const EXPIRY_TEXT = /expir|\bttl\b|_ttl\b|Ttl\b|\bTTL|valid_?until|stale_?at|deadline|(?:Date|performance)\.now\(\)\s*\+/i;

function effectOf(use: TSESTree.Expression, kind: CollectionKind, context: Context): Effect {
  const node = outermostTypeWrapper(use);
  const parent = node.parent;
  if (!parent) return READS;
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression:
      return parent.object === node ? memberEffect(parent, use, kind, context) : READS;
    case AST_NODE_TYPES.AssignmentExpression:
      // `cache = new Map()`: the whole collection is replaced (a flush or a reset).
      return parent.left === node ? BOUNDED : ESCAPES;
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee === node ? READS : argumentEffect(parent, node, use, kind, context);
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.AwaitExpression:
    case AST_NODE_TYPES.TSTypeQuery:
    case AST_NODE_TYPES.IfStatement:
      return READS;
    default:
      // Returned, aliased, put in an object or array, exported: someone else may prune it.
      return ESCAPES;
  }
}

function memberEffect(member: TSESTree.MemberExpression, use: TSESTree.Expression, kind: CollectionKind, context: Context): Effect {
  const name = memberName(member);
  const top = outermostTypeWrapper(member);
  const holder = top.parent;
  if (holder?.type === AST_NODE_TYPES.CallExpression && holder.callee === top) {
    if (!name) return READS;
    if (name === 'splice') return isInsertOnlySplice(holder) ? grows(holder, `${text(use, context)}.splice(…)`) : BOUNDED;
    if (SHRINKING_METHODS.has(name)) return BOUNDED;
    if (!GROWING_METHODS[kind].has(name)) return READS;
    const [key, value] = holder.arguments;
    if (kind !== 'array' && isConstantKey(key)) return READS;
    if (name === 'set' && value && EXPIRY_TEXT.test(context.sourceCode.getText(value))) return BOUNDED;
    return grows(holder, `${text(use, context)}.${name}(…)`);
  }
  if (name === 'size' || name === 'length') {
    if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.left === top) return BOUNDED;
    if (holder?.type === AST_NODE_TYPES.BinaryExpression && RELATIONAL.has(holder.operator)) {
      // Even `cache.size === 0` (fill once when empty) shows the author reasoning about the size.
      return BOUNDED;
    }
    return READS;
  }
  if (holder?.type === AST_NODE_TYPES.UnaryExpression && holder.operator === 'delete') return BOUNDED;
  if (holder?.type === AST_NODE_TYPES.AssignmentExpression && holder.left === top && member.computed && !name) {
    if (isConstantKey(member.property)) return READS;
    if (EXPIRY_TEXT.test(context.sourceCode.getText(holder.right))) return BOUNDED;
    return grows(holder, `${text(use, context)}[…] = …`);
  }
  return READS;
}

/** `arr.splice(i, 0, item)` inserts without removing. */
function isInsertOnlySplice(call: TSESTree.CallExpression): boolean {
  const count = call.arguments[1];
  return call.arguments.length > 2 && count?.type === AST_NODE_TYPES.Literal && count.value === 0;
}

/** `cache.set('config', …)`: one fixed key cannot grow the collection. */
function isConstantKey(key: TSESTree.Node | undefined): boolean {
  if (!key) return true;
  if (key.type === AST_NODE_TYPES.Literal) return true;
  return key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0;
}

/** Standard functions that only read what they are given. */
const READING_FUNCTIONS = new Set([
  'Array.from',
  'Array.isArray',
  'Object.keys',
  'Object.values',
  'Object.entries',
  'Object.fromEntries',
  'Object.freeze',
  'JSON.stringify',
  'structuredClone',
  'String',
  'Boolean',
  'Number',
  'Map',
  'Set',
]);
/** Response writers and loggers read their arguments: `res.json(items)`, `logger.info(jobs)`. */
const READING_MEMBERS = new Set(['json', 'send', 'end', 'write', 'render', 'body', 'text', 'html', 'log', 'info', 'warn', 'error', 'debug', 'trace', 'fatal', 'includes', 'has', 'get', 'indexOf']);

function argumentEffect(
  call: TSESTree.CallExpression | TSESTree.NewExpression,
  node: TSESTree.Node,
  use: TSESTree.Expression,
  kind: CollectionKind,
  context: Context,
): Effect {
  const callee = unwrapExpression(call.callee);
  const calleeText = context.sourceCode.getText(callee);
  if (calleeText === 'Object.assign') {
    return call.arguments[0] === node && kind === 'object' ? grows(call, `Object.assign(${text(use, context)}, …)`) : READS;
  }
  if (READING_FUNCTIONS.has(calleeText)) return READS;
  if (callee.type === AST_NODE_TYPES.MemberExpression && READING_MEMBERS.has(memberName(callee) ?? '')) return READS;
  return ESCAPES;
}

function grows(node: TSESTree.Node, site: string): Effect {
  return { type: 'grows', growth: { node, text: site } };
}

function text(node: TSESTree.Node, context: Context): string {
  const source = context.sourceCode.getText(node);
  return source.length > 40 ? `${source.slice(0, 37)}...` : source;
}

// ---------------------------------------------------------------------------
// Where the collection grows: per request or message, or once at startup

interface GrowthContext {
  /** Runs once per request, message, event or timer tick. */
  readonly perEvent: boolean;
  readonly label: string;
}

const MAX_CALLER_DEPTH = 3;

/**
 * Growth at module level, in a field initialiser, in the owner's constructor
 * or in a startup function fills a registry: undefined. Growth in a request
 * handler, a message or event listener or a `setInterval` callback (or in a
 * function of this file that one of those calls) is per event. Growth in any
 * other named function is `perEvent: false`: it may run per request from
 * another module, or once at startup.
 */
function growthContextOf(
  node: TSESTree.Node,
  collection: Collection,
  index: FileIndex,
  context: Context,
  depth: number,
  visiting: Set<FunctionLike>,
): GrowthContext | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    if (isStartupFunction(fn, context)) return undefined;
    const handler = requestHandlerKind(fn, context);
    if (handler) return { perEvent: true, label: withArticle(handler) };
    const listener = listenerOf(fn, context);
    if (listener) return { perEvent: true, label: listener };
    if (isConstructor(fn)) {
      // A singleton's own constructor runs once; another class's runs per instance.
      if (collection.owner.type !== 'module' && isInside(fn, collection.owner.node)) return undefined;
    }
    const name = functionName(fn);
    if (name === undefined) continue;
    if (visiting.has(fn) || depth >= MAX_CALLER_DEPTH) return { perEvent: false, label: `\`${name}()\`` };
    visiting.add(fn);
    const caller = perEventCallerOf(fn, collection, index, context, depth, visiting);
    if (caller) return { perEvent: true, label: `\`${name}()\`, called from ${caller.label}` };
    if (REGISTRATION_FUNCTION.test(name)) return undefined;
    return { perEvent: false, label: `\`${name}()\`` };
  }
  return undefined;
}

/** Functions named for filling a registry at startup: `registerHandler`, `loadPlugins`, `setupRoutes`. */
const REGISTRATION_FUNCTION =
  /^(register|define|declare|install|mount|provide|setup|setUp|init|initiali[sz]e|configure|bootstrap|load|preload|seed|warm|hydrate|prime|use|add(Route|Handler|Plugin|Command|Listener|Middleware|Provider|Strategy|Hook)s?)(?![a-z])/;

function isConstructor(fn: FunctionLike): boolean {
  return fn.parent.type === AST_NODE_TYPES.MethodDefinition && fn.parent.kind === 'constructor';
}

/** A function's own name: a declaration, `const f = () => …`, a method or an object method. Callbacks have none. */
function functionName(fn: FunctionLike): string | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id?.name;
  const holder = outermostTypeWrapper(fn).parent;
  if (holder?.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) return holder.id.name;
  if (
    (holder?.type === AST_NODE_TYPES.MethodDefinition || holder?.type === AST_NODE_TYPES.PropertyDefinition) &&
    !holder.computed
  ) {
    return fieldName(holder.key);
  }
  if (holder?.type === AST_NODE_TYPES.Property && holder.value === fn && !holder.computed) return fieldName(holder.key);
  return undefined;
}

/** A caller in this file that runs per event: `function track() {…}` called from a route handler. */
function perEventCallerOf(
  fn: FunctionLike,
  collection: Collection,
  index: FileIndex,
  context: Context,
  depth: number,
  visiting: Set<FunctionLike>,
): GrowthContext | undefined {
  for (const site of callSitesOf(fn, index, context)) {
    const parent = outermostTypeWrapper(site).parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee !== outermostTypeWrapper(site)) {
      const listener = listenerRegistrationLabel(parent, context);
      if (listener) return { perEvent: true, label: listener };
      continue;
    }
    const where = growthContextOf(site, collection, index, context, depth + 1, visiting);
    if (where?.perEvent) return where;
  }
  return undefined;
}

/** The expressions that refer to `fn` in this file: `track` for a function, `this.track` for a method. */
function callSitesOf(fn: FunctionLike, index: FileIndex, context: Context): TSESTree.Node[] {
  const holder = outermostTypeWrapper(fn).parent;
  if (holder?.type === AST_NODE_TYPES.MethodDefinition || holder?.type === AST_NODE_TYPES.PropertyDefinition) {
    const name = fieldName(holder.key);
    const owner = holder.parent.parent;
    return (index.membersByName.get(name ?? '') ?? []).filter(
      (member) => member.object.type === AST_NODE_TYPES.ThisExpression && isInside(member, owner),
    );
  }
  const declaration =
    fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : holder?.type === AST_NODE_TYPES.VariableDeclarator ? holder : undefined;
  if (!declaration) return [];
  const variable = context.sourceCode.getDeclaredVariables(declaration)[0];
  return variable ? variable.references.filter((reference) => !reference.init).map((reference) => reference.identifier) : [];
}

// ---------------------------------------------------------------------------
// Listeners: functions that run once per message, event or tick

/** Events that fire once per process: growth in their listeners fills a registry. */
const ONCE_EVENTS = /^(ready|listening|exit|beforeExit|SIG[A-Z0-9]+|shutdown|mount|close)$/;
const NEST_LISTENER_DECORATORS: Readonly<Record<string, string>> = {
  OnEvent: 'an `@OnEvent` handler',
  OnQueueEvent: 'an `@OnQueueEvent` handler',
  Process: 'a `@Process` queue handler',
  Cron: 'a `@Cron` job',
  Interval: 'an `@Interval` job',
  RabbitSubscribe: 'a `@RabbitSubscribe` handler',
  SqsMessageHandler: 'an `@SqsMessageHandler`',
  EventPattern: 'an `@EventPattern` handler',
  MessagePattern: 'a `@MessagePattern` handler',
  SubscribeMessage: 'a `@SubscribeMessage` handler',
};
/** Kafka consumer callbacks: `consumer.run({ eachMessage })`. */
const KAFKA_CALLBACKS = new Set(['eachMessage', 'eachBatch']);

function listenerOf(fn: FunctionLike, context: Context): string | undefined {
  const node = outermostTypeWrapper(fn);
  const parent = node.parent;
  if (!parent) return undefined;
  if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.callee !== node) {
    return listenerRegistrationLabel(parent, context);
  }
  if (parent.type === AST_NODE_TYPES.MethodDefinition && parent.value === fn) {
    for (const decorator of parent.decorators) {
      const label = NEST_LISTENER_DECORATORS[decoratorName(decorator) ?? ''];
      if (label) return label;
    }
    // NestJS BullMQ: `@Processor('emails') class EmailProcessor extends WorkerHost { process(job) {…} }`
    const owner = parent.parent.parent;
    if (
      fieldName(parent.key) === 'process' &&
      (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) &&
      owner.decorators.some((decorator) => decoratorName(decorator) === 'Processor')
    ) {
      return 'a BullMQ processor';
    }
  }
  if (parent.type === AST_NODE_TYPES.Property && parent.value === fn && KAFKA_CALLBACKS.has(fieldName(parent.key) ?? '')) {
    return `a Kafka \`${fieldName(parent.key)}\` callback`;
  }
  return undefined;
}

/** What a call that receives a function registers it as: a listener, a consumer, a worker, a timer. */
function listenerRegistrationLabel(call: TSESTree.CallExpression | TSESTree.NewExpression, context: Context): string | undefined {
  const callee = unwrapExpression(call.callee);
  if (call.type === AST_NODE_TYPES.NewExpression) {
    if (callee.type !== AST_NODE_TYPES.Identifier || callee.name !== 'Worker') return undefined;
    const target = resolveCallTarget(call, context);
    const origin = target?.origin ?? importBindingOf(callee, context)?.origin;
    return isFromPackage(origin, ['bullmq']) ? 'a BullMQ worker' : undefined;
  }
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'setInterval' ? 'a `setInterval` callback' : undefined;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = unwrapExpression(callee.object);
  const member = memberName(callee);
  switch (member) {
    case 'on':
    case 'addListener':
    case 'prependListener':
    case 'addEventListener': {
      const event = call.arguments[0];
      const eventName = event?.type === AST_NODE_TYPES.Literal && typeof event.value === 'string' ? event.value : undefined;
      if (eventName !== undefined && ONCE_EVENTS.test(eventName)) return undefined;
      if (receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'process' && eventName !== 'message') return undefined;
      return eventName === undefined ? 'an event listener' : `a \`'${eventName}'\` listener`;
    }
    case 'subscribe':
      return 'a subscription callback';
    case 'consume':
      return 'a queue consumer';
    case 'process':
      return receiver.type === AST_NODE_TYPES.Identifier && receiver.name === 'process' ? undefined : 'a queue processor';
    case 'setInterval':
      return 'a `setInterval` callback';
    default:
      return undefined;
  }
}

function withArticle(label: string): string {
  return /^[AEIOU]/.test(label) ? `an ${label}` : `a ${label}`;
}

// ---------------------------------------------------------------------------
// Messages

type StateKind = 'revocations' | 'sessions' | 'locks' | 'work' | 'other';

const STATE_KINDS: Readonly<Record<StateKind, { what: string; lost: string }>> = {
  revocations: {
    what: 'revoked or blocked ids',
    lost: 'a revocation recorded only here is forgotten after a deploy and unknown to every other instance',
  },
  sessions: {
    what: 'sessions',
    lost: 'every deploy logs users out, and a request routed to another instance finds no session',
  },
  locks: {
    what: 'locks',
    lost: 'another instance, or this one after a restart, takes the same lock and the work runs twice',
  },
  work: {
    what: 'the state of running work',
    lost: 'after a crash nothing knows what was in flight, and recovery runs it again',
  },
  other: {
    what: 'process state',
    lost: 'each instance sees different state and a restart loses it',
  },
};

function stateKindOf(name: string): StateKind {
  const words = snakeCase(name);
  if (/revok|revocation|black_?list|block_?list|deny_?list|invalidated|banned/.test(words)) return 'revocations';
  if (/session/.test(words)) return 'sessions';
  if (/(^|_)(locks?|locked|leases?|claimed)(_|$)/.test(words)) return 'locks';
  if (/(^|_)(running|in_?flight|in_?progress|processing|pending|active)(_|$)/.test(words)) return 'work';
  return 'other';
}

function holderText(collection: Collection): string {
  const kind = collection.kind === 'array' || collection.kind === 'object' ? collection.kind : `\`${collection.kind}\``;
  const article = collection.kind === 'array' || collection.kind === 'object' ? 'an' : 'a';
  switch (collection.owner.type) {
    case 'module':
      return `a module-level ${kind}`;
    case 'singleton':
      return `${article} ${kind} field of the singleton \`${collection.owner.className}\``;
    case 'static':
      return `a static ${kind} field of \`${collection.owner.className}\``;
  }
}

/** `revokedTokenIds` → `revoked_token_ids`, `_running_actions` → `_running_actions`, `SESSIONS` → `sessions`. */
function snakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/^#/, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------
// One pass over the file: every non-computed member by property name

interface FileIndex {
  readonly membersByName: ReadonlyMap<string, TSESTree.MemberExpression[]>;
}

function indexFile(program: TSESTree.Program, context: Context): FileIndex {
  const membersByName = new Map<string, TSESTree.MemberExpression[]>();
  const stack: TSESTree.Node[] = [program];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.MemberExpression) {
      const name =
        !node.computed && node.property.type === AST_NODE_TYPES.PrivateIdentifier ? node.property.name : memberName(node);
      if (name !== undefined) {
        const list = membersByName.get(name) ?? [];
        list.push(node);
        membersByName.set(name, list);
      }
    }
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) stack.push(item);
    }
  }
  return { membersByName };
}

