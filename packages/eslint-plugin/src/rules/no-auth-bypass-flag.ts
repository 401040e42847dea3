import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { authBypassFlagsIn, isAuthBypassFlagName, isRefusedInProduction, nameWords, type AuthBypassFlag } from '../knowledge/env-flags.js';
import { memberName, unwrapExpression } from '../knowledge/origin.js';
import { isBrowserModule } from '../knowledge/runtime.js';
import { enclosingFunction, isNode, type EstreeFunction } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'authBypassFlag';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'no-auth-bypass-flag',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow environment flags that switch off authentication unless production refuses them',
      recommended: 'recommended',
      domains: ['ops', 'security'],
      seed: '001 DISABLE_AUTH',
    },
    schema: [
      {
        type: 'object',
        properties: {
          ignore: ignoreOptionSchema('tests and test helpers'),
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [
      {
        // Tests may switch authentication off on purpose: they never run in production.
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      authBypassFlag:
        '`{{flag}}` switches authentication off here ({{skipped}}) and nothing refuses it in production: the flag that makes local development easy is one environment variable away from an open API. Anyone who sets it (a copied `.env`, a Helm value) disables authentication for everything behind this check, silently. Refuse it at startup when `NODE_ENV` is `production` (throw, do not warn), or better, register a development-only auth stub in development builds and give tests real tokens.',
    },
  },
  create(context, [options]) {
    // The text test first: it is far cheaper than matching the ignore globs, and most files never mention auth.
    if (!/auth|insecure/i.test(context.sourceCode.text) || isFileMatchedBy(context, options.ignore ?? [])) return {};
    if (isBrowserModule(context) || importsClientRouter(context)) return {};

    /** The flags read in a condition, when the condition may name one at all (a cheap text test first). */
    function flagsIn(condition: TSESTree.Expression): AuthBypassFlag[] {
      if (!/auth|insecure/i.test(context.sourceCode.getText(condition))) return [];
      return authBypassFlagsIn(condition, context);
    }

    /**
     * Reports the condition for the first flag that switches authentication off and
     * is not refused in production; `skippedWhenSet` says what a set flag skips, given
     * whether it makes the condition truthy.
     */
    function check(condition: TSESTree.Expression, skippedWhenSet: (conditionTruthy: boolean) => string | undefined): void {
      const flags = flagsIn(condition);
      if (flags.length === 0 || isInRequestInterceptor(condition)) return;
      for (const flag of flags) {
        const conditionTruthy = isPositive(flag.node, condition);
        const skipped = skippedWhenSet(conditionTruthy);
        if (!skipped || isRefusedInProduction(flag, condition, conditionTruthy, context)) continue;
        context.report({ node: condition, messageId: 'authBypassFlag', data: { flag: flagLabel(flag, context), skipped } });
        return;
      }
    }

    return {
      IfStatement(node) {
        check(node.test, (truthy) =>
          skippedByIf(node, (truthy ? node.consequent : node.alternate) ?? undefined, (truthy ? node.alternate : node.consequent) ?? undefined, context),
        );
      },
      ConditionalExpression(node) {
        check(node.test, (truthy) => skippedAuthStep([truthy ? node.alternate : node.consequent], [truthy ? node.consequent : node.alternate], context));
      },
      LogicalExpression(node) {
        if (node.operator === '??' || !isShortCircuitStatement(node)) return;
        const operands = flattenChain(node);
        const index = operands.findIndex((operand) => flagsIn(operand).length > 0);
        const operand = operands[index];
        if (!operand) return;
        const rest = operands.slice(index + 1);
        // `flag || verify()` and `!flag && app.use(auth)` skip the rest when the flag is set.
        check(operand, (truthy) => ((node.operator === '||') === truthy ? skippedAuthStep(rest, [], context) : fakeUserIn(rest, context)));
      },
    };
  },
});

// ---------------------------------------------------------------------------
// What the flag skips

/**
 * What an `if` on the flag switches off, or undefined when it switches off no
 * authentication:
 * - the flag's branch sets a stand-in user (`req.user = DEV_USER`);
 * - the flag's branch leaves early (`return next()`, `done(); return`, `return true`)
 *   and the code it skips authenticates (`verifyToken(…)`, `jwt.verify(…)`, a 401),
 *   or the function is an auth middleware or guard by name (`requireAuth`, `canActivate`);
 * - the other branch authenticates or registers an auth middleware
 *   (`if (!config.disableAuth) app.use(authenticate)`) and the flag's branch does not.
 * A branch that renders JSX is a client-side screen guard: the API behind it still checks.
 */
function skippedByIf(
  node: TSESTree.IfStatement,
  whenSet: TSESTree.Statement | undefined,
  whenUnset: TSESTree.Statement | undefined,
  context: Context,
): string | undefined {
  const fn = enclosingFunction(node);
  if ((whenSet && containsJsx(whenSet, context)) || (fn && containsJsx(fn, context))) return undefined;
  const fakeUser = whenSet && fakeUserIn([whenSet], context);
  if (fakeUser) return fakeUser;
  if (whenSet && authStepIn([whenSet], context)) return undefined;
  if (whenSet && fn && exitsEarly(whenSet, context)) {
    const following = followingStatements(node);
    const step = attachesCredentials(following, context) ? undefined : authStepIn(following, context);
    if (step) return `it skips \`${step}\``;
    const name = authFunctionName(node);
    if (name) return `it returns early from \`${name}\``;
  }
  return whenUnset ? skippedAuthStep([whenUnset], [], context) : undefined;
}

/** The auth step the unset side runs and the set side does not, as `it skips …`. */
function skippedAuthStep(whenUnset: readonly TSESTree.Node[], whenSet: readonly TSESTree.Node[], context: Context): string | undefined {
  if (whenSet.some((node) => containsJsx(node, context)) || authStepIn(whenSet, context)) return undefined;
  if (attachesCredentials(whenUnset, context)) return undefined;
  const step = authStepIn(whenUnset, context);
  return step ? `it skips \`${step}\`` : undefined;
}

/**
 * Whether code writes an `Authorization` header: `config.headers.Authorization = …`,
 * `headers.set('Authorization', …)`, `{ headers: { Authorization: … } }`. That is a
 * client attaching credentials to an outgoing request (an axios interceptor skipping
 * the token for a public endpoint), not a server checking them.
 */
function attachesCredentials(nodes: readonly TSESTree.Node[], context: Context): boolean {
  let found = false;
  for (const root of nodes) {
    walk(root, context, (node) => {
      if (node.type === AST_NODE_TYPES.AssignmentExpression && node.left.type === AST_NODE_TYPES.MemberExpression) {
        if (/^authorization$/i.test(memberName(node.left) ?? '')) found = true;
      } else if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression) {
        const [first] = node.arguments;
        if (/^(?:set|setHeader|append|header)$/.test(memberName(node.callee) ?? '') && first?.type === AST_NODE_TYPES.Literal && /^authorization$/i.test(String(first.value))) {
          found = true;
        }
      } else if (node.type === AST_NODE_TYPES.Property && !node.computed) {
        const key = node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : node.key.type === AST_NODE_TYPES.Literal ? String(node.key.value) : '';
        if (/^authorization$/i.test(key)) found = true;
      }
    });
  }
  return found;
}

/** Assignments of a stand-in principal to the request: `req.user = …`, `request.user = DEV_USER`, `ctx.state.user = …`, `res.locals.authenticated = true`. */
function fakeUserIn(nodes: readonly TSESTree.Node[], context: Context): string | undefined {
  let found: string | undefined;
  for (const root of nodes) {
    walk(root, context, (node) => {
      if (found || node.type !== AST_NODE_TYPES.AssignmentExpression || node.left.type !== AST_NODE_TYPES.MemberExpression) return;
      const name = memberName(node.left);
      const holder = nameChain(node.left.object)?.flatMap(nameWords) ?? [];
      if (name && PRINCIPAL_SLOTS.has(name.toLowerCase()) && holder.some((word) => REQUEST_HOLDERS.has(word))) {
        found = `it sets a stand-in \`${shortText(node.left, context)}\``;
      }
    });
  }
  return found;
}

const PRINCIPAL_SLOTS = new Set(['user', 'currentuser', 'authuser', 'principal', 'identity', 'auth', 'authenticated', 'claims']);
/** What a principal hangs off per request: `req`, `request`, `ctx.state`, `res.locals`, a socket or session; not a DB config's `user`. */
const REQUEST_HOLDERS = new Set(['req', 'request', 'ctx', 'context', 'locals', 'state', 'socket', 'session', 'event', 'conn', 'connection']);

/**
 * The first authentication step in `nodes`, as short source text: a call to
 * something named like authentication (`verifyToken(…)`, `requireUser(…)`,
 * `passport.authenticate(…)`, `jwt.verify(…)`, `getServerSession(…)`,
 * `new JwtAuthGuard()`), an auth middleware passed as a value (`app.use(authenticate)`),
 * a 401 status, an `Unauthorized…` error, or a redirect to the login page.
 */
function authStepIn(nodes: readonly TSESTree.Node[], context: Context): string | undefined {
  let found: string | undefined;
  for (const root of nodes) {
    walk(root, context, (node) => {
      found ??= authStepAt(node, context);
    });
    if (found) return found;
  }
  return undefined;
}

function authStepAt(node: TSESTree.Node, context: Context): string | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      const chain = nameChain(node.callee);
      return chain && isAuthCallee(chain) ? `${shortText(node.callee, context)}(…)` : undefined;
    }
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression: {
      if (!isPassedAsValue(node)) return undefined;
      const chain = nameChain(node);
      const last = chain?.[chain.length - 1];
      if (!chain || !last || isAuthBypassFlagName(last)) return undefined;
      return isAuthName(nameWords(last)) || (chain.length > 1 && isAuthName(nameWords(chain[chain.length - 2] ?? '')) && !isExcludedNoun(last))
        ? shortText(node, context)
        : undefined;
    }
    case AST_NODE_TYPES.Literal:
      if (node.value === 401 || (typeof node.value === 'string' && UNAUTHORISED_TEXT.test(node.value))) return rejectionLabel(node, context);
      return typeof node.value === 'string' && LOGIN_PATH.test(node.value) && isRedirectTarget(node) ? rejectionLabel(node, context) : undefined;
    default:
      return undefined;
  }
}

/** An unauthorised status: `'Unauthorized'`, tRPC's `'UNAUTHORIZED'`, gRPC's `'UNAUTHENTICATED'`. */
const UNAUTHORISED_TEXT = /^unauthori[sz]ed$|^unauthenticated$/i;
const LOGIN_PATH = /^\/(?:auth\/|api\/auth\/)?(?:login|signin|sign-in)\b/i;

/**
 * `res.redirect('/login')`, `NextResponse.redirect(new URL('/login', req.url))`,
 * `{ redirect: { destination: '/login' } }`: sending the caller to log in. A test
 * or a page navigating there (`page.goto('/login')`) checks nobody.
 */
function isRedirectTarget(node: TSESTree.Literal): boolean {
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 4 && current.parent && !isFunctionNode(current.parent); depth++) {
    const parent: TSESTree.Node = current.parent;
    if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && /redirect/i.test(nameChain(parent.callee)?.join('.') ?? '')) {
      return true;
    }
    if (parent.type === AST_NODE_TYPES.Property && parent.value === current && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
      if (['destination', 'redirect', 'redirectTo', 'location'].includes(parent.key.name)) return true;
    }
    current = parent;
  }
  return false;
}

/** `res.status(401)` for a literal argument, `Response.json(…)` for one deeper in a call, else the literal. */
function rejectionLabel(node: TSESTree.Literal, context: Context): string {
  const parent = node.parent;
  if ((parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) && parent.arguments.includes(node)) {
    return shortText(parent, context);
  }
  for (let current: TSESTree.Node | undefined = parent; current && !isFunctionNode(current); current = current.parent) {
    if (current.type === AST_NODE_TYPES.CallExpression || current.type === AST_NODE_TYPES.NewExpression) {
      return `${shortText(current.callee, context)}(…)`;
    }
  }
  return shortText(node, context);
}

/** `app.use(authenticate)`, `[requireAuth, handler]`, `{ preHandler: app.authenticate }`, `flag ? noop : authenticate`, `.bind(…)` of one. */
function isPassedAsValue(node: TSESTree.Identifier | TSESTree.MemberExpression): boolean {
  const parent = node.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression) {
    // `authManager.middleware.bind(authManager)`: the reference is the whole chain before `.bind`.
    return parent.object === node && memberName(parent) === 'bind' && parent.parent.type === AST_NODE_TYPES.CallExpression;
  }
  if (parent.type === AST_NODE_TYPES.CallExpression || parent.type === AST_NODE_TYPES.NewExpression) {
    return parent.callee !== node && parent.arguments.includes(node as TSESTree.Expression);
  }
  if (parent.type === AST_NODE_TYPES.ArrayExpression) return true;
  if (parent.type === AST_NODE_TYPES.ConditionalExpression) return parent.test !== node;
  return parent.type === AST_NODE_TYPES.Property && parent.value === node && !parent.shorthand;
}

/** The names along a callee or reference: `this.authService.verify` → this, authService, verify. */
function nameChain(node: TSESTree.Node): string[] | undefined {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  for (;;) {
    if (current.type === AST_NODE_TYPES.TSNonNullExpression || current.type === AST_NODE_TYPES.TSAsExpression) {
      current = current.expression;
    } else if (current.type === AST_NODE_TYPES.MemberExpression) {
      const name = memberName(current);
      if (!name) return undefined;
      names.unshift(name);
      current = current.object;
    } else if (current.type === AST_NODE_TYPES.CallExpression) {
      // `admin.auth().verifyIdToken`: the call is part of the chain.
      current = current.callee;
    } else if (current.type === AST_NODE_TYPES.Identifier) {
      names.unshift(current.name);
      return names;
    } else if (current.type === AST_NODE_TYPES.ThisExpression) {
      return names;
    } else {
      return names.length > 0 ? names : undefined;
    }
  }
}

/** Words that name authentication itself: `authenticate`, `requireAuth`, `AuthGuard`, `jwtAuth`, `passport`. */
const AUTH_STEP_WORDS = new Set([
  'auth', 'authn', 'authenticate', 'authenticated', 'authentication', 'authorize', 'authorized', 'authorization', 'jwt',
  'passport', 'bearer', 'unauthorized', 'unauthenticated',
]);
/** Nouns that make an auth-named thing data or wiring rather than a check: `authRoutes`, `authConfig`, `authToken`. */
const NOT_A_CHECK = new Set([
  'router', 'routes', 'route', 'controller', 'module', 'config', 'configuration', 'options', 'settings', 'logger', 'log', 'url',
  'urls', 'path', 'paths', 'secret', 'provider', 'providers', 'type', 'types', 'mode', 'enabled', 'disabled', 'token', 'header',
  'headers', 'state', 'status', 'store', 'client', 'sign', 'issue',
]);
const CHECK_VERBS = new Set(['verify', 'validate', 'check', 'require', 'ensure', 'decode', 'introspect', 'authenticate']);
const CHECKED_NOUNS = new Set([
  'token', 'tokens', 'jwt', 'session', 'credentials', 'credential', 'signature', 'apikey', 'key', 'user', 'login', 'logged', 'signed',
  'auth', 'identity', 'principal', 'access', 'bearer',
]);
const LOOKUP_VERBS = new Set(['get', 'fetch', 'load', 'read']);
const LOOKED_UP_NOUNS = new Set(['session', 'token', 'principal', 'identity']);

function isAuthName(words: readonly string[]): boolean {
  if (words.some((word, index) => CHECK_VERBS.has(word) && words.slice(index + 1).some((noun) => CHECKED_NOUNS.has(noun)))) return true;
  if (words.some((word, index) => LOOKUP_VERBS.has(word) && words.slice(index + 1).some((noun) => LOOKED_UP_NOUNS.has(noun)))) return true;
  if (words.some((word, index) => word === 'current' && words[index + 1] === 'user')) return true;
  return words.some((word) => AUTH_STEP_WORDS.has(word)) && !words.some(isExcludedNoun);
}

function isExcludedNoun(word: string): boolean {
  return NOT_A_CHECK.has(word);
}

/** `verifyToken`, `jwt.verify`, `passport.authenticate`, `admin.auth().verifyIdToken`, `supabase.auth.getUser`. */
function isAuthCallee(chain: readonly string[]): boolean {
  const called = chain[chain.length - 1];
  if (!called || isAuthBypassFlagName(called)) return false;
  const calledWords = nameWords(called);
  if (isAuthName(calledWords)) return true;
  const objectWords = chain.slice(0, -1).flatMap(nameWords);
  return (
    objectWords.some((word) => ['jwt', 'jose', 'passport', 'auth', 'clerk'].includes(word)) &&
    calledWords.some((word) => ['verify', 'authenticate', 'decode', 'validate', 'check', 'get'].includes(word)) &&
    !calledWords.some(isExcludedNoun)
  );
}

// ---------------------------------------------------------------------------
// Early exits and the code they skip

/** `return …`, `return next()`, or a call of the middleware's continuation (`next()`, `done()`, `await next()`). */
function exitsEarly(branch: TSESTree.Statement, context: Context): boolean {
  const fn = enclosingFunction(branch);
  const lastParameter = fn?.params[fn.params.length - 1];
  const continuation = lastParameter?.type === AST_NODE_TYPES.Identifier ? lastParameter.name : undefined;
  let exits = false;
  walk(
    branch,
    context,
    (node) => {
      if (node.type === AST_NODE_TYPES.ReturnStatement) exits = true;
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier) {
        const name = node.callee.name;
        if (name === continuation || CONTINUATIONS.has(name)) exits = true;
      }
    },
    false,
  );
  return exits;
}

const CONTINUATIONS = new Set(['next', 'done', 'cb', 'callback']);

/** The statements that run after `node` in its function when it does not return: later siblings, then the enclosing blocks' later siblings. */
function followingStatements(node: TSESTree.Node): TSESTree.Node[] {
  const statements: TSESTree.Node[] = [];
  let current: TSESTree.Node = node;
  while (current.parent && !isFunctionNode(current.parent)) {
    const parent: TSESTree.Node = current.parent;
    const body =
      parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program
        ? parent.body
        : parent.type === AST_NODE_TYPES.SwitchCase
          ? parent.consequent
          : undefined;
    if (body) statements.push(...body.slice((body as TSESTree.Node[]).indexOf(current) + 1));
    current = parent;
  }
  return statements;
}

/**
 * The name of the auth middleware or guard a node sits in: the function's own
 * name, the factory that returns it (`requireUser(secret)` returning the hook),
 * or its class (`JwtAuthGuard.canActivate`), when one of them is named like authentication.
 */
function authFunctionName(node: TSESTree.Node): string | undefined {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    for (const name of namesOf(fn)) {
      if (name === 'canActivate' || isAuthName(nameWords(name))) return name;
    }
    if (!isReturnedFunction(fn)) return undefined;
  }
  return undefined;
}

function namesOf(fn: EstreeFunction): string[] {
  const names: string[] = [];
  if (fn.id) names.push(fn.id.name);
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) names.push(holder.id.name);
  if ((holder.type === AST_NODE_TYPES.Property || holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.PropertyDefinition) && holder.key.type === AST_NODE_TYPES.Identifier) {
    names.push(holder.key.name);
    const owner = holder.parent.parent;
    if ((owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) && owner.id) names.push(owner.id.name);
  }
  if (holder.type === AST_NODE_TYPES.AssignmentExpression && holder.left.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(holder.left);
    if (name) names.push(name);
  }
  return names;
}

/** `return (req, res, next) => …` or `=> (req, res, next) => …`: a middleware built by a factory. */
function isReturnedFunction(fn: EstreeFunction): boolean {
  const parent = fn.parent;
  return parent.type === AST_NODE_TYPES.ReturnStatement || (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === fn);
}

// ---------------------------------------------------------------------------
// Conditions

const TRUE_STRINGS = new Set(['true', '1', 'yes', 'on', 'y']);
const FALSE_STRINGS = new Set(['false', '0', 'no', 'off', 'n', '']);

/**
 * Whether the condition is truthy when the flag is set: `DISABLE_AUTH`,
 * `process.env.SKIP_AUTH === 'true'` and `flag || x` are; `!config.disableAuth`,
 * `DISABLE_AUTH !== 'true'` and `AUTH_DISABLED === 'false'` are not.
 */
function isPositive(flagNode: TSESTree.Node, condition: TSESTree.Node): boolean {
  let positive = true;
  for (let current = flagNode; current !== condition && current.parent; current = current.parent) {
    const parent: TSESTree.Node = current.parent;
    if (parent.type === AST_NODE_TYPES.UnaryExpression && parent.operator === '!') positive = !positive;
    if (parent.type === AST_NODE_TYPES.BinaryExpression && ['===', '==', '!==', '!='].includes(parent.operator)) {
      const other = parent.left === current ? parent.right : parent.left;
      const truthy = literalTruthiness(other);
      if (truthy === undefined) continue;
      const equal = parent.operator === '===' || parent.operator === '==';
      if (equal !== truthy) positive = !positive;
    }
  }
  return positive;
}

function literalTruthiness(node: TSESTree.Node): boolean | undefined {
  if (node.type === AST_NODE_TYPES.Literal) {
    if (typeof node.value === 'boolean') return node.value;
    if (node.value === null) return false;
    if (typeof node.value === 'string') {
      const value = node.value.toLowerCase();
      return TRUE_STRINGS.has(value) ? true : FALSE_STRINGS.has(value) ? false : undefined;
    }
    if (typeof node.value === 'number') return node.value !== 0;
  }
  if (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') return false;
  return undefined;
}

/** `a || b || c` → a, b, c (one operator; a nested other operator stays one operand). */
function flattenChain(node: TSESTree.LogicalExpression): TSESTree.Expression[] {
  const operands: TSESTree.Expression[] = [];
  const visit = (expression: TSESTree.Expression): void => {
    if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator === node.operator) {
      visit(expression.left);
      visit(expression.right);
    } else {
      operands.push(expression);
    }
  };
  visit(node);
  return operands;
}

/**
 * A logical expression used for its short circuit, not as an `if`/`?:` test (those
 * are judged as the `if`/`?:`): `return flag || verify(req)`, `const ok = …`,
 * `!flag && app.use(auth)`, `(req) => flag || check(req)`.
 */
function isShortCircuitStatement(node: TSESTree.LogicalExpression): boolean {
  let current: TSESTree.Node = node;
  while (current.parent.type === AST_NODE_TYPES.AwaitExpression || current.parent.type === AST_NODE_TYPES.TSAsExpression) current = current.parent;
  const parent = current.parent;
  if (parent.type === AST_NODE_TYPES.LogicalExpression && parent.operator === node.operator) return false;
  return (
    parent.type === AST_NODE_TYPES.ReturnStatement ||
    parent.type === AST_NODE_TYPES.ExpressionStatement ||
    (parent.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === current) ||
    (parent.type === AST_NODE_TYPES.VariableDeclarator && parent.init === current) ||
    (parent.type === AST_NODE_TYPES.AssignmentExpression && parent.right === current)
  );
}

// ---------------------------------------------------------------------------
// Helpers

function flagLabel(flag: AuthBypassFlag, context: Context): string {
  const node = unwrapExpression(flag.node);
  if (node.type === AST_NODE_TYPES.CallExpression && node.arguments[0]?.type === AST_NODE_TYPES.Literal) return flag.name;
  const text = context.sourceCode.getText(node);
  return text.length <= 48 && !text.includes('\n') ? text : flag.name;
}

function shortText(node: TSESTree.Node, context: Context): string {
  const text = context.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length <= 48 ? text : `${text.slice(0, 45)}…`;
}

/**
 * `axios.interceptors.request.use((config) => …)`: an HTTP client deciding whether
 * to send credentials (`config.skipAuth`), not a server deciding whether to check them.
 */
function isInRequestInterceptor(node: TSESTree.Node): boolean {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const parent = fn.parent;
    if (parent.type === AST_NODE_TYPES.CallExpression && nameChain(parent.callee)?.includes('interceptors')) return true;
  }
  return false;
}

/**
 * Client-side routing (Angular guards, React Router, Vue Router, Next navigation):
 * a route guard there only hides screens, and the API behind them still checks tokens.
 */
function importsClientRouter(context: Context): boolean {
  return context.sourceCode.ast.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && CLIENT_ROUTING.test(statement.source.value),
  );
}

const CLIENT_ROUTING = /^(?:@angular\/|react-router(?:-dom)?$|vue-router$|vue$|@remix-run\/react$|next\/(?:navigation|router)$|@tanstack\/react-router$)/;

function containsJsx(root: TSESTree.Node, context: Context): boolean {
  let found = false;
  walk(root, context, (node) => {
    if (node.type === AST_NODE_TYPES.JSXElement || node.type === AST_NODE_TYPES.JSXFragment) found = true;
  });
  return found;
}

function isFunctionNode(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Visits `root` and its descendants (into nested functions unless `intoFunctions` is false). */
function walk(root: TSESTree.Node, context: Context, visit: (node: TSESTree.Node) => void, intoFunctions = true): void {
  const step = (node: TSESTree.Node): void => {
    visit(node);
    if (!intoFunctions && node !== root && isFunctionNode(node)) return;
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) if (isNode(item)) step(item);
    }
  };
  step(root);
}
