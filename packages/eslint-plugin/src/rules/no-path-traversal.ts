import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { mayTakePath, pathCallOf, type PathArgument, type PathCall } from '../knowledge/fs-paths.js';
import { enclosingRequestHandler } from '../knowledge/handlers.js';
import { calleeName, getTypeServices, importBindingOf, isFromPackage, memberName, unwrapExpression } from '../knowledge/origin.js';
import { isSpliceSafeType } from '../knowledge/sql.js';
import { guardingReferences, isInCondition, isPathModule, PATH_PACKAGES, traceTaint, type TaintSource, type TaintTrace } from '../knowledge/taint.js';
import { isInside, stringValue } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageId = 'requestPath' | 'requestModule' | 'unrootedSend';
type Options = [{ sanitizers?: string[]; sanitizerPattern?: string }];
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

/**
 * Names that say a function checks or cleans a path or an id: `isValidPluginId`,
 * `sanitizeFilename`, `assertSafePath`, and the format checks of validator.js
 * (`isUUID`, `isInt`, `isAlphanumeric`, `isMongoId`…), which admit no separator.
 */
const DEFAULT_SANITIZER_PATTERN = String.raw`safe|valid|allowed|allowlist|whitelist|permitted|sanitiz|sanitis|uuid|^is(?:int|integer|numeric|alphanumeric|alpha|mongoid|hexadecimal|slug|ulid)$`;

export default createRule<Options, MessageId>({
  name: 'no-path-traversal',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow request input reaching a file-system path or a dynamic import without a sanitiser',
      recommended: 'recommended',
      domains: ['security'],
      seed: '000 "plugin YAML path traversal"',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          sanitizers: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Extra names of functions or methods that make a path safe, either by returning a safe value (`toSafeName(id)`) or by checking it in a condition before the call (`if (!isKnownPlugin(id)) return`).',
          },
          sanitizerPattern: {
            type: 'string',
            minLength: 1,
            description: 'Regular expression (case-insensitive) for names of functions that sanitise or validate a path; matched like `sanitizers`.',
          },
        },
      },
    ],
    defaultOptions: [{ sanitizers: [], sanitizerPattern: DEFAULT_SANITIZER_PATTERN }],
    messages: {
      requestPath:
        '`{{source}}` from the request reaches the {{role}} of {{sink}} unsanitised: a value like `../../etc/passwd` walks out of the intended directory. Accept only known names (an allowlist, or a pattern like `/^[a-z0-9-]+$/`), strip directories with `path.basename`, or `path.resolve` the path and check it `startsWith` the root.',
      requestModule:
        '`{{source}}` from the request reaches the module specifier of {{sink}}: the client chooses which file is loaded and run as code. Map the value to a fixed set of modules (`{ weather: () => import(\'./weather.js\') }[name]`) instead.',
      unrootedSend:
        '`{{source}}` from the request reaches {{sink}} without a `root` option: koa-send then serves any file under the working directory (source, config, uploads). Pass `root` with the directory that is meant to be public.',
    },
  },
  create(context, [options]) {
    const pattern = compilePattern(options.sanitizerPattern ?? DEFAULT_SANITIZER_PATTERN);
    const names = new Set(options.sanitizers ?? []);
    const isSanitizerName = (name: string | undefined) => name !== undefined && (names.has(name) || pattern.test(name));
    const isSanitizer = (call: TSESTree.CallExpression) =>
      isSanitizerName(calleeName(call.callee)) || isPathBasename(call, context) || isSanitizingReplace(call, context);

    function check(node: TSESTree.CallExpression | TSESTree.ImportExpression): void {
      if (!mayTakePath(node, context)) return;
      const call = pathCallOf(node, context);
      if (!call) return;
      for (const argument of call.paths) {
        if (isConstant(argument.node)) continue;
        const trace = traceTaint(argument.node, context, { sources: ['request'], isSanitizer });
        const source = trace.sources.find((candidate) => !isSafeSource(candidate, trace, node, isSanitizer, isSanitizerName, context));
        if (!source || (call.kind === 'module' && isBundledByNext(node, source, context))) continue;
        report(node, call, argument, source);
        return;
      }
    }

    function report(node: TSESTree.Node, call: PathCall, argument: PathArgument, source: TaintSource): void {
      const data = { source: describeSource(source), sink: `\`${call.label}\``, role: argument.role };
      const messageId: MessageId = call.kind === 'module' ? 'requestModule' : argument.confinedTo ? 'unrootedSend' : 'requestPath';
      context.report({ node, messageId, data });
    }

    return {
      CallExpression: check,
      ImportExpression: check,
    };
  },
});

function compilePattern(source: string): RegExp {
  try {
    return new RegExp(source, 'i');
  } catch (error) {
    throw new Error(`pitfalls/no-path-traversal: invalid sanitizerPattern ${JSON.stringify(source)}: ${(error as Error).message}`);
  }
}

/** `params.pluginId`, `req.query.file`, `@Param() name`. */
function describeSource(source: TaintSource): string {
  return `${source.label}${source.properties.map((property) => `.${property}`).join('')}`;
}

function isConstant(node: TSESTree.Node): boolean {
  return stringValue(node) !== undefined || (node.type === AST_NODE_TYPES.Literal && node.value !== null);
}

// ---------------------------------------------------------------------------
// When request input is safe to use as a path

/**
 * A source is safe when a framework validated it, when Next.js only renders
 * the params it was given (`dynamicParams = false`), when its type cannot hold
 * a path (with type information), or when a guard before the call checks a
 * variable it flows through.
 */
function isSafeSource(
  source: TaintSource,
  trace: TaintTrace,
  sink: TSESTree.Node,
  isSanitizer: (call: TSESTree.CallExpression) => boolean,
  isSanitizerName: (name: string | undefined) => boolean,
  context: Context,
): boolean {
  if (source.validated) return true;
  if (source.part === 'params' && hasStaticParamsOnly(context)) return true;
  const reaches = (node: TSESTree.Node) =>
    traceTaint(node, context, { sources: ['request'], isSanitizer }).sources.some((reached) => reached.node === source.node);
  if (trace.visited.some((node) => hasSafeType(node, context) && reaches(node))) return true;
  const guards = guardingReferences(trace, sink, context).filter((reference) => isTraversalGuard(reference, sink, isSanitizerName, context));
  if (guards.some(reaches)) return true;
  if (sameReadsInConditions(source, sink, context).some((read) => isTraversalGuard(read, sink, isSanitizerName, context))) return true;
  return relativeChecks(trace, sink, context).some(reaches);
}

/**
 * Next.js bundles its routes and pages: `import(\`./messages/\${locale}.json\`)`
 * becomes a context module holding only the files that matched at build time,
 * so a `../` value finds no module instead of loading one.
 */
function isBundledByNext(node: TSESTree.Node, source: TaintSource, context: Context): boolean {
  if (source.label === 'params' || source.label === 'searchParams') return true;
  return enclosingRequestHandler(node, context)?.kind.startsWith('Next.js') === true;
}

/** `export const dynamicParams = false`: a Next.js route answers 404 to any param `generateStaticParams` did not list. */
function hasStaticParamsOnly(context: Context): boolean {
  return context.sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ExportNamedDeclaration &&
      statement.declaration?.type === AST_NODE_TYPES.VariableDeclaration &&
      statement.declaration.declarations.some(
        (declarator) =>
          declarator.id.type === AST_NODE_TYPES.Identifier &&
          declarator.id.name === 'dynamicParams' &&
          declarator.init?.type === AST_NODE_TYPES.Literal &&
          declarator.init.value === false,
      ),
  );
}

/** A number, boolean or string-literal union (`'avatar' | 'cover'`, also when narrowed by a check) cannot spell a path. */
function hasSafeType(node: TSESTree.Node, context: Context): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const services = getTypeServices(context);
  if (!services) return false;
  const type = services.getTypeAtLocation(node);
  return !(type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) && isSpliceSafeType(type, services.program.getTypeChecker());
}

// ---------------------------------------------------------------------------
// Sanitisers: calls whose result cannot walk out of a directory

/** `path.basename(x)`, `path.posix.basename(x)`, `basename(x)` imported from the path module. */
function isPathBasename(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(callee, context);
    return binding !== undefined && binding.imported === 'basename' && isFromPackage(binding.origin, PATH_PACKAGES);
  }
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'basename' && isPathModule(callee.object, context);
}

/**
 * Probes a path check must stop: parent segments (also Windows-style and the
 * `....//` that survives removing `../` once) and an absolute path (which
 * `path.resolve` and `sendFile` take as is).
 */
const TRAVERSAL_PROBES = ['../../etc/passwd', 'a/../../../etc/passwd', '..\\..\\windows\\win.ini', '....//....//etc/passwd', '/etc/passwd'];
const PARENT_PROBES = TRAVERSAL_PROBES.filter((probe) => probe.includes('..'));
const BENIGN_NAME = 'weather-plugin';
const WALKS_OUT = /(?:^|[\\/])\.\.(?:[\\/]|$)|^[\\/]|^[a-z]:/i;

/**
 * `name.replace(/[^\w-]/g, '')`: a replacement that leaves none of the probes
 * able to walk out (checked by running it, through a chain of replacements).
 * `replace(/\.\.\//g, '')` is no sanitiser: `....//` becomes `../`.
 */
function isSanitizingReplace(call: TSESTree.CallExpression, context: Context): boolean {
  const steps: ((text: string) => string)[] = [];
  let current: TSESTree.Expression = call;
  while (current.type === AST_NODE_TYPES.CallExpression) {
    const step = replaceStep(current, context);
    if (!step) break;
    steps.unshift(step);
    const callee = unwrapExpression(current.callee) as TSESTree.MemberExpression;
    current = unwrapExpression(callee.object);
  }
  if (steps.length === 0) return false;
  return TRAVERSAL_PROBES.every((probe) => !WALKS_OUT.test(steps.reduce((text, step) => step(text), probe)));
}

function replaceStep(call: TSESTree.CallExpression, context: Context): ((text: string) => string) | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (method !== 'replace' && method !== 'replaceAll') return undefined;
  const [searched, replacement] = call.arguments;
  const by = stringValue(replacement);
  if (!searched || searched.type === AST_NODE_TYPES.SpreadElement || by === undefined) return undefined;
  const literal = stringValue(searched);
  if (literal !== undefined) return (text) => (method === 'replace' ? text.replace(literal, () => by) : text.replaceAll(literal, () => by));
  const regex = regexOf(searched, context);
  if (!(regex instanceof RegExp)) return undefined;
  if (method === 'replaceAll' && !regex.global) return undefined;
  return (text) => text.replace(new RegExp(regex.source, regex.flags), by);
}

// ---------------------------------------------------------------------------
// Guards: checks before the call on a variable the value flows through

const ALLOWLIST_METHODS = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'hasOwnProperty']);
const EQUALITY = new Set(['===', '!==', '==', '!=']);

/**
 * A check found on a traced variable: the expression whose truth decides, and
 * which outcome lets the value through safely (`true` for an allowlist hit,
 * `false` for a rejection such as `id.includes('..')`, undefined when the name
 * alone tells: `isValidId(id)` or `isInvalidId(id)`).
 */
interface Guard {
  readonly check: TSESTree.Node;
  readonly safeWhen: boolean | undefined;
}

/**
 * Whether a read of a traced variable inside a condition checks that the
 * value cannot traverse, with the call reached only on the safe outcome: an
 * allowlist lookup (`ALLOWED.includes(id)`, `registry.has(id)`, `id in
 * PLUGINS`, `PLUGINS[id]`, `id === 'logo'`), a pattern that admits no separator
 * or rejects `..` (`/^[a-z0-9-]+$/.test(id)`), a rejection of `..` or `/`
 * (`id.includes('..')`), a resolved path checked against its root
 * (`full.startsWith(root)`), or a call named like a validator.
 */
function isTraversalGuard(
  reference: TSESTree.Identifier | TSESTree.MemberExpression,
  sink: TSESTree.Node,
  isSanitizerName: (name: string | undefined) => boolean,
  context: Context,
): boolean {
  const guard = guardAt(reference, isSanitizerName, context);
  if (!guard) return false;
  const outcome = outcomeReachingSink(guard.check, sink);
  return guard.safeWhen === undefined || outcome === undefined || outcome === guard.safeWhen;
}

function guardAt(reference: TSESTree.Identifier | TSESTree.MemberExpression, isSanitizerName: (name: string | undefined) => boolean, context: Context): Guard | undefined {
  const node = outermostWrapper(reference);
  const parent = node.parent;
  if (!parent) return undefined;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    return checkingCall(parent, node, isSanitizerName, context);
  }
  if (parent.type === AST_NODE_TYPES.MemberExpression) {
    if (parent.computed && parent.property === node) return { check: parent, safeWhen: true };
    if (parent.object === node && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      return checkingMethod(parent.parent, reference, context);
    }
    return undefined;
  }
  if (parent.type === AST_NODE_TYPES.BinaryExpression) {
    if (parent.operator === 'in') return parent.left === node ? { check: parent, safeWhen: true } : undefined;
    if (EQUALITY.has(parent.operator)) {
      const value = stringValue(parent.left === node ? parent.right : parent.left);
      if (value === undefined || value === '') return undefined;
      return { check: parent, safeWhen: parent.operator.startsWith('=') };
    }
  }
  return undefined;
}

/** `ALLOWED.has(id)`, `/^[a-z-]+$/.test(id)`, `Object.hasOwn(PLUGINS, id)`, `isKnownPlugin(id)`. */
function checkingCall(
  call: TSESTree.CallExpression,
  argument: TSESTree.Node,
  isSanitizerName: (name: string | undefined) => boolean,
  context: Context,
): Guard | undefined {
  const name = calleeName(call.callee);
  if (isSanitizerName(name)) return { check: call, safeWhen: undefined };
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !name) return undefined;
  if (name === 'test' || name === 'exec') return regexGuard(call, regexOf(callee.object, context));
  if (name === 'hasOwn' && call.arguments[1] === argument) return { check: call, safeWhen: true };
  if (ALLOWLIST_METHODS.has(name) && call.arguments[0] === argument) return foundCheck(call, true);
  return undefined;
}

/** `full.startsWith(root)` on a resolved path, `id.includes('..')`, `id.match(/^[\w-]+$/)`. */
function checkingMethod(
  call: TSESTree.CallExpression,
  receiver: TSESTree.Identifier | TSESTree.MemberExpression,
  context: Context,
): Guard | undefined {
  const method = calleeName(call.callee);
  const [first] = call.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (method === 'split') return splitSegmentsCheck(call);
  if (method === 'match' || method === 'search' || method === 'matchAll') return regexGuard(call, regexOf(first, context));
  const literal = stringValue(first);
  if ((method === 'includes' || method === 'indexOf') && literal !== undefined && /\.\.|[\\/]/.test(literal)) return foundCheck(call, false);
  if (method === 'startsWith') {
    if (literal === '..') return { check: call, safeWhen: false };
    if (receiver.type === AST_NODE_TYPES.Identifier && isResolvedPath(receiver, context) && (literal === undefined || WALKS_OUT.test(literal))) return { check: call, safeWhen: true };
  }
  return undefined;
}

/** `key.split(/[\\/]/).includes('..')`: a rejection of any parent segment. */
function splitSegmentsCheck(split: TSESTree.CallExpression): Guard | undefined {
  const member = outermostWrapper(split).parent;
  if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== outermostWrapper(split)) return undefined;
  const call = member.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return undefined;
  const method = memberName(member);
  return (method === 'includes' || method === 'indexOf') && stringValue(call.arguments[0]) === '..' ? foundCheck(call, false) : undefined;
}

/** `list.indexOf(id) === -1` is the "not found" outcome of `indexOf`: the comparison is the check. */
function foundCheck(call: TSESTree.CallExpression, safeWhenFound: boolean): Guard {
  const method = calleeName(call.callee);
  const parent = outermostWrapper(call).parent;
  if ((method === 'indexOf' || method === 'lastIndexOf') && parent?.type === AST_NODE_TYPES.BinaryExpression) {
    const other = parent.left === outermostWrapper(call) ? parent.right : parent.left;
    const minusOne = other.type === AST_NODE_TYPES.UnaryExpression && other.operator === '-' && other.argument.type === AST_NODE_TYPES.Literal && other.argument.value === 1;
    if (minusOne && EQUALITY.has(parent.operator)) return { check: parent, safeWhen: parent.operator.startsWith('=') ? !safeWhenFound : safeWhenFound };
    if (parent.operator === '<' || parent.operator === '>=' || parent.operator === '>') {
      return { check: parent, safeWhen: parent.operator === '<' ? !safeWhenFound : safeWhenFound };
    }
  }
  return { check: call, safeWhen: safeWhenFound };
}

/**
 * The value `check` must have had for execution to reach `sink`: the test of
 * an `if` the sink is inside, or that exits before it; the argument of an
 * assertion (true); through `!`, `&&` (when true) and `||` (when false).
 * Undefined when the control flow does not say.
 */
function outcomeReachingSink(check: TSESTree.Node, sink: TSESTree.Node): boolean | undefined {
  const path: TSESTree.Node[] = [];
  let node: TSESTree.Node = check;
  let root: boolean | undefined;
  for (;;) {
    const parent = node.parent;
    if (!parent) return undefined;
    if (parent.type === AST_NODE_TYPES.IfStatement && parent.test === node) {
      root = ifOutcome(parent, sink);
      break;
    }
    if (parent.type === AST_NODE_TYPES.ConditionalExpression && parent.test === node) {
      root = isInside(sink, parent.consequent) ? true : isInside(sink, parent.alternate) ? false : undefined;
      break;
    }
    if (parent.type === AST_NODE_TYPES.CallExpression) {
      root = true; // an assertion's argument
      break;
    }
    if (
      (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') ||
      parent.type === AST_NODE_TYPES.LogicalExpression ||
      parent.type === AST_NODE_TYPES.TSAsExpression ||
      parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      parent.type === AST_NODE_TYPES.ChainExpression
    ) {
      path.unshift(parent);
      node = parent;
      continue;
    }
    return undefined;
  }
  let value: boolean | undefined = root;
  for (const step of path) {
    if (value === undefined) return undefined;
    if (step.type === AST_NODE_TYPES.UnaryExpression) value = !value;
    else if (step.type === AST_NODE_TYPES.LogicalExpression) {
      if (step.operator === '&&' && value === true) continue;
      if (step.operator === '||' && value === false) continue;
      return undefined;
    }
  }
  return value;
}

function ifOutcome(statement: TSESTree.IfStatement, sink: TSESTree.Node): boolean | undefined {
  if (isInside(sink, statement.consequent)) return true;
  if (statement.alternate && isInside(sink, statement.alternate)) return false;
  if (sink.range[0] < statement.range[1]) return undefined;
  if (exits(statement.consequent)) return false;
  if (statement.alternate && exits(statement.alternate)) return true;
  return undefined;
}

/** A branch that always leaves: ends in `return`, `throw`, `continue`, `break` or Koa's `ctx.throw(…)`. */
function exits(statement: TSESTree.Statement): boolean {
  if (statement.type === AST_NODE_TYPES.BlockStatement) {
    const last = statement.body.at(-1);
    return last !== undefined && exits(last);
  }
  if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.expression.type === AST_NODE_TYPES.CallExpression) {
    return calleeName(statement.expression.callee) === 'throw';
  }
  return (
    statement.type === AST_NODE_TYPES.ReturnStatement ||
    statement.type === AST_NODE_TYPES.ThrowStatement ||
    statement.type === AST_NODE_TYPES.ContinueStatement ||
    statement.type === AST_NODE_TYPES.BreakStatement
  );
}

/** A variable whose value comes from `path.resolve`/`join`/`normalize` or `realpath`: `startsWith(root)` on it is meaningful. */
function isResolvedPath(identifier: TSESTree.Identifier, context: Context): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  if (!variable) return false;
  const values = [
    ...variable.defs.flatMap((definition) => (definition.type === 'Variable' && definition.node.init ? [definition.node.init] : [])),
    ...variable.references.flatMap((reference) =>
      reference.writeExpr && !reference.init ? [reference.writeExpr as TSESTree.Expression] : [],
    ),
  ];
  return values.some((value) => {
    let inner = unwrapExpression(value);
    if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
    return inner.type === AST_NODE_TYPES.CallExpression && /^(?:resolve|join|normalize|realpath|realpathSync)$/.test(calleeName(inner.callee) ?? '');
  });
}

/**
 * `if (!/^[\w-]+$/.test(req.params.page)) return` before `readFile(… req.params.page …)`:
 * the same request read (`req.params.page`) inside a condition before the
 * call. The tracker's guarding references cover variables only.
 */
function sameReadsInConditions(source: TaintSource, sink: TSESTree.Node, context: Context): TSESTree.MemberExpression[] {
  const wanted = memberPath(source.node);
  if (!wanted) return [];
  wanted.push(...source.properties);
  const root = rootIdentifier(source.node);
  const variable = root && ASTUtils.findVariable(context.sourceCode.getScope(root), root);
  if (!variable) return [];
  const found: TSESTree.MemberExpression[] = [];
  for (const reference of variable.references) {
    if (reference.identifier.range[0] >= sink.range[0]) continue;
    let read: TSESTree.Node = reference.identifier;
    while (read.parent?.type === AST_NODE_TYPES.MemberExpression && read.parent.object === read) read = read.parent;
    if (read.type !== AST_NODE_TYPES.MemberExpression) continue;
    const path = memberPath(read);
    if (path && path.length === wanted.length && path.every((part, index) => part === wanted[index]) && isInCondition(read)) found.push(read);
  }
  return found;
}

/** `['req', 'params', 'page']` for `req.params.page`; undefined for computed or call chains. */
function memberPath(node: TSESTree.Node): string[] | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) return [node.name];
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(node);
  const inner = memberPath(node.object);
  return name !== undefined && inner ? [...inner, name] : undefined;
}

function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) current = current.object;
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/**
 * `const rel = path.relative(root, full); if (rel.startsWith('..')) …`: the
 * traced value handed to `path.relative` before the call. The result is a new
 * variable the trace does not follow, so the check on it is taken on trust.
 */
function relativeChecks(trace: TaintTrace, sink: TSESTree.Node, context: Context): TSESTree.Identifier[] {
  const found: TSESTree.Identifier[] = [];
  const seen = new Set<TSESLint.Scope.Variable>();
  for (const node of trace.visited) {
    if (node.type !== AST_NODE_TYPES.Identifier) continue;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
    if (!variable || seen.has(variable)) continue;
    seen.add(variable);
    for (const reference of variable.references) {
      const identifier = reference.identifier;
      if (identifier.type !== AST_NODE_TYPES.Identifier || identifier.range[0] >= sink.range[0]) continue;
      const parent = outermostWrapper(identifier).parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.length === 2 && parent.arguments[1] === outermostWrapper(identifier)) {
        const callee = unwrapExpression(parent.callee);
        if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'relative' && isPathModule(callee.object, context)) found.push(identifier);
      }
    }
  }
  return found;
}

function outermostWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.TSTypeAssertion ||
      current.parent.type === AST_NODE_TYPES.ChainExpression)
  ) {
    current = current.parent;
  }
  return current;
}

// ---------------------------------------------------------------------------
// Regular expressions: judged by what they match, not by how they are written

/**
 * A pattern guards when it matches none of the probes (an allowlist such as
 * `/^[\w.-]+$/`: no separator can pass; safe when it matches) or all the `..`
 * probes and not a plain name (a rejection such as `/\.\./`; safe when it does
 * not match). A pattern the rule cannot read (built at runtime, imported) is
 * taken on trust.
 */
function regexGuard(call: TSESTree.CallExpression, regex: RegExp | 'unknown'): Guard | undefined {
  if (regex === 'unknown') return { check: call, safeWhen: undefined };
  const matches = (text: string) => new RegExp(regex.source, regex.flags.replace(/[gy]/g, '')).test(text);
  if (TRAVERSAL_PROBES.every((probe) => !matches(probe))) return { check: call, safeWhen: true };
  if (PARENT_PROBES.every(matches) && !matches(BENIGN_NAME)) return { check: call, safeWhen: false };
  return undefined;
}

/** The regular expression an expression holds: a literal, a `const` bound to one, or `new RegExp('literal')`. */
function regexOf(node: TSESTree.Node, context: Context, depth = 0): RegExp | 'unknown' {
  const inner = unwrapExpression(node as TSESTree.Expression);
  if (inner.type === AST_NODE_TYPES.Literal) {
    // A regex literal keeps its source even when the engine cannot build its value (`v` flag on old Node).
    const { regex } = inner as Partial<TSESTree.RegExpLiteral>;
    return regex ? compile(regex.pattern, regex.flags) : 'unknown';
  }
  if ((inner.type === AST_NODE_TYPES.NewExpression || inner.type === AST_NODE_TYPES.CallExpression) && calleeName(inner.callee) === 'RegExp') {
    const [source, flags] = inner.arguments;
    const text = stringValue(source);
    const flagText = flags === undefined ? '' : stringValue(flags);
    return text !== undefined && flagText !== undefined ? compile(text, flagText) : 'unknown';
  }
  if (inner.type === AST_NODE_TYPES.Identifier && depth < 2) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(inner), inner);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.init) {
      return regexOf(definition.node.init, context, depth + 1);
    }
  }
  return 'unknown';
}

function compile(source: string, flags: string): RegExp | 'unknown' {
  try {
    return new RegExp(source, flags);
  } catch {
    return 'unknown';
  }
}
