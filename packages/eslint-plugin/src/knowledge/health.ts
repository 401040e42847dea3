import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { dbQueryOf, dbQueryOfTsCall, sqlOperation, type DbQuery } from './db.js';
import { classMethod, enclosingClass, type FunctionLike, isFunctionLike, requestHandlerKind } from './handlers.js';
import {
  calleeName,
  importBindingOf,
  memberName,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type CallTarget,
  type ModuleOrigin,
} from './origin.js';
import { outboundRequestOf } from './outbound.js';
import type { ResolvedMatcher } from './settings.js';
import { isNode, stringValue } from '../util/ast.js';

/**
 * Health probes: which routes Kubernetes restarts a pod on (liveness), which
 * only take it out of the Service (readiness), and which calls inside them
 * reach another system (a database, a cache, a broker, an HTTP service).
 *
 * Three layers, each usable on its own:
 * - path helpers on plain strings (`probeKindOfPath`, `joinRoutePath`,
 *   `nextRoutePathOf`, `routePathMatches`), shared with the project-level check
 *   that maps a manifest's `livenessProbe.httpGet.path` to a TypeScript route;
 * - the routes a file registers, with their paths, and which of them are
 *   liveness routes (`livenessRoutesOf`, `livenessRouteOf`);
 * - the dependency a call checks (`dependencyCallOf`, and `dependencyTsCallOf`
 *   for walks over other files' functions in the TypeScript AST).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

// ---------------------------------------------------------------------------
// Paths: plain strings, no AST

export type ProbeKind = 'liveness' | 'readiness' | 'startup' | 'health';

/** Words that name a probe wherever they appear: `/livez`, `/api/readiness`, `/internal/healthz`. */
const DISTINCT_PROBE_WORDS: Readonly<Record<string, ProbeKind>> = {
  livez: 'liveness',
  liveness: 'liveness',
  livenessprobe: 'liveness',
  'liveness-probe': 'liveness',
  isalive: 'liveness',
  'is-alive': 'liveness',
  readyz: 'readiness',
  readiness: 'readiness',
  readinessprobe: 'readiness',
  'readiness-probe': 'readiness',
  isready: 'readiness',
  'is-ready': 'readiness',
  startupz: 'startup',
  startupprobe: 'startup',
  healthz: 'health',
  healthcheck: 'health',
  'health-check': 'health',
  health_check: 'health',
};

/**
 * Words that name a probe only as the whole path or under a health prefix:
 * `/live` and `/health/live` are probes, `/scores/live` is a live-scores feed
 * and `/orders/:id/ready` an order state.
 */
const AMBIGUOUS_PROBE_WORDS: Readonly<Record<string, ProbeKind>> = {
  live: 'liveness',
  alive: 'liveness',
  ready: 'readiness',
  startup: 'startup',
  started: 'startup',
  health: 'health',
  healthy: 'health',
  ping: 'health',
};

/** Prefix segments that say nothing about the resource: `/api/v1/health/live`, `/internal/livez`, `/-/ready`. */
const NEUTRAL_SEGMENT =
  /^(?:|-|api|apis|internal|private|public|system|sys|ops|admin|management|manage|monitoring|monitor|status|probe|probes|k8s|kube|kubernetes|meta|actuator|v\d+(?:\.\d+)*)$/;

const PARAMETER_SEGMENT = /^(?::|\[|\{|\*|\(\.)/;

/** `/_health/` → `['health']`; parameters (`:id`, `[id]`, `{id}`, `*`) become `:`. */
function segmentsOf(path: string): string[] {
  const withoutQuery = path.split(/[?#]/)[0] ?? '';
  return withoutQuery
    .split('/')
    .map((segment) => segment.trim())
    .filter((segment) => segment.length > 0)
    .map((segment) => (PARAMETER_SEGMENT.test(segment) ? ':' : segment.toLowerCase().replace(/^[_.]+/, '')));
}

/**
 * Which probe a route path serves, from its last segment: `liveness` (`/livez`,
 * `/health/live`, `/liveness`, `/alive`), `readiness` (`/readyz`, `/ready`,
 * `/health/ready`), `startup`, or `health` for the generic names (`/health`,
 * `/healthz`, `/_health`, `/healthcheck`, `/ping`) whose role the path alone
 * does not tell. Undefined for any other path.
 */
export function probeKindOfPath(path: string): ProbeKind | undefined {
  const segments = segmentsOf(path);
  const last = segments.at(-1);
  if (last === undefined || last === ':') return undefined;
  const distinct = ownValue(DISTINCT_PROBE_WORDS, last);
  if (distinct) return distinct;
  const ambiguous = ownValue(AMBIGUOUS_PROBE_WORDS, last);
  if (!ambiguous) return undefined;
  const prefixIsNeutral = segments.slice(0, -1).every((segment) => NEUTRAL_SEGMENT.test(segment) || isHealthWord(segment));
  return prefixIsNeutral ? ambiguous : undefined;
}

function isHealthWord(segment: string): boolean {
  return ownValue(DISTINCT_PROBE_WORDS, segment) === 'health' || ownValue(AMBIGUOUS_PROBE_WORDS, segment) === 'health';
}

/** A record's own entry (not `constructor` or `toString` from its prototype). */
function ownValue<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** `joinRoutePath('health', '/live/')` → `/health/live`; a NestJS controller path joined with a method path. */
export function joinRoutePath(...parts: readonly (string | undefined)[]): string {
  const joined = parts
    .filter((part): part is string => part !== undefined)
    .flatMap((part) => part.split('/'))
    .filter((segment) => segment.length > 0)
    .join('/');
  return `/${joined}`;
}

const APP_ROUTE_FILE = /^route\.[cm]?[jt]sx?$/;
const SCRIPT_FILE = /\.[cm]?[jt]sx?$/;

/**
 * The URL path a Next.js file serves: `app/api/health/live/route.ts` →
 * `/api/health/live` (route groups `(ops)` and slots `@x` dropped),
 * `pages/api/healthz.ts` and `pages/api/healthz/index.ts` → `/api/healthz`.
 * Undefined for any other file.
 */
export function nextRoutePathOf(filename: string): string | undefined {
  const segments = filename.replaceAll('\\', '/').split('/');
  const basename = segments.at(-1) ?? '';
  if (APP_ROUTE_FILE.test(basename)) {
    const appIndex = segments.lastIndexOf('app');
    if (appIndex === -1) return undefined;
    const routeSegments = segments
      .slice(appIndex + 1, -1)
      .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith('@'));
    return joinRoutePath(...routeSegments);
  }
  const pagesIndex = segments.lastIndexOf('pages');
  if (pagesIndex !== -1 && segments[pagesIndex + 1] === 'api' && SCRIPT_FILE.test(basename)) {
    const name = basename.replace(SCRIPT_FILE, '');
    return joinRoutePath(...segments.slice(pagesIndex + 1, -1), name === 'index' ? undefined : name);
  }
  return undefined;
}

/**
 * Whether a probe path (from a manifest: `/healthz`, `/livez?verbose`) is
 * served by a route path (`/healthz`, `/health/:check`, `/api/[...slug]`):
 * segment by segment, case-insensitively, ignoring trailing slashes and the
 * query; a route parameter matches any one segment, a catch-all the rest.
 */
export function routePathMatches(probePath: string, routePath: string): boolean {
  const probe = (probePath.split(/[?#]/)[0] ?? '').split('/').filter(Boolean);
  const route = routePath.split('/').filter(Boolean);
  for (let index = 0; index < route.length; index++) {
    const segment = route[index] ?? '';
    if (segment === '*' || /^\[\[?\.\.\./.test(segment) || /^:\w+[*+]$/.test(segment) || segment === '(.*)') return true;
    const probeSegment = probe[index];
    if (probeSegment === undefined) return false;
    if (PARAMETER_SEGMENT.test(segment)) continue;
    if (segment.toLowerCase() !== probeSegment.toLowerCase()) return false;
  }
  return probe.length === route.length;
}

// ---------------------------------------------------------------------------
// Route registrations in a file

export interface RouteRegistration {
  /** Full paths as far as this file shows them: NestJS controller and method paths joined. */
  readonly paths: readonly string[];
  /** Handler functions declared in this file. */
  readonly handlers: readonly FunctionLike[];
  /** Handler arguments whose function is declared in another module (`router.get('/livez', health.live)`). */
  readonly external: readonly TSESTree.Expression[];
  /** The registration call, the NestJS method definition or the Next.js export. */
  readonly node: TSESTree.Node;
}

/** Members that register a route a GET probe reaches. */
const PROBE_VERBS = new Set(['get', 'head', 'all', 'use']);
/** Route options objects (Fastify `route({ method, url, handler })`) whose method a probe uses. */
const PROBE_METHODS = new Set(['GET', 'HEAD']);
const NEST_PROBE_DECORATORS = new Set(['Get', 'Head', 'All']);
const NEXT_PROBE_EXPORTS = new Set(['GET', 'HEAD', 'default']);
/** Frameworks whose registration calls are trusted to take handlers declared elsewhere (types only). */
const ROUTER_PACKAGES = ['express', 'express-serve-static-core', 'router', 'fastify', 'koa', '@koa/router', 'koa-router', 'hono'];

/** Whether the file mentions a probe word at all: the cheap test before walking it. */
const PROBE_TEXT = /live|alive|health|ping|ready/i;

const routesCache = new WeakMap<TSESTree.Program, Map<string, readonly RouteRegistration[]>>();

/**
 * The routes a file registers that a GET probe could hit, with literal paths
 * that name a probe (or are among `listedPaths`): `app.get('/livez', h)`
 * (Express, Koa router, Hono, Fastify with or without route options),
 * `app.route('/livez').get(h)`, Fastify `app.route({ method: 'GET', url:
 * '/livez', handler })`, NestJS `@Get('live')` in `@Controller('health')`, and
 * Next.js `GET` (app router) or default (pages/api) exports with the path taken
 * from the file's location.
 */
export function routeRegistrationsOf(context: Context, listedPaths: readonly string[] = []): readonly RouteRegistration[] {
  const program = context.sourceCode.ast;
  const listed = new Set(listedPaths.map(normalisedPath));
  const key = [...listed].join('\n');
  let perKey = routesCache.get(program);
  if (!perKey) {
    perKey = new Map();
    routesCache.set(program, perKey);
  }
  const cached = perKey.get(key);
  if (cached) return cached;
  const wanted: PathFilter = (path) => probeKindOfPath(path) !== undefined || listed.has(normalisedPath(path));
  const found: RouteRegistration[] = [];
  if (listed.size > 0 || PROBE_TEXT.test(context.sourceCode.text)) {
    walk(program, context.sourceCode.visitorKeys, (node) => {
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const registration = callRegistration(node, wanted, context);
        if (registration) found.push(registration);
      } else if (node.type === AST_NODE_TYPES.MethodDefinition) {
        const registration = nestRegistration(node, wanted, context);
        if (registration) found.push(registration);
      }
    });
  }
  // A Next.js route's path is its file's location, which the text need not mention.
  found.push(...nextRegistrations(wanted, context));
  perKey.set(key, found);
  return found;
}

/** Whether a route path is worth resolving handlers for: it names a probe or is listed. */
type PathFilter = (path: string) => boolean;

function callRegistration(call: TSESTree.CallExpression, wanted: PathFilter, context: Context): RouteRegistration | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  if (member === 'route') return routeOptionsRegistration(call, wanted, context);
  if (!member || !PROBE_VERBS.has(member)) return undefined;
  let paths = pathsOf(call.arguments[0]);
  let handlerArguments = call.arguments.slice(1);
  if (paths && paths.length > 0 && !paths.some(isPathLike) && call.arguments[1]) {
    // Koa router's named routes: `router.get('health', '/healthz', handler)`.
    const named = pathsOf(call.arguments[1]);
    if (named?.some(isPathLike)) {
      paths = named;
      handlerArguments = call.arguments.slice(2);
    }
  }
  if (!paths) {
    // `app.route('/livez').get(handler)`: the path sits on the chain.
    paths = chainedRoutePath(callee);
    handlerArguments = call.arguments;
  }
  if (!paths || !paths.some((path) => isPathLike(path) && wanted(path))) return undefined;
  // `app.use('/health', healthRouter)` mounts a router: only functions declared here are handlers.
  return registrationOfArguments(call, paths.filter(isPathLike), handlerArguments, context, member !== 'use');
}

/** Fastify `app.route({ method: 'GET', url: '/livez', handler })`. */
function routeOptionsRegistration(call: TSESTree.CallExpression, wanted: PathFilter, context: Context): RouteRegistration | undefined {
  const options = call.arguments[0];
  if (options?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const method = propertyValue(options, 'method');
  const methods = method ? pathsOf(method) : undefined;
  if (methods && !methods.some((name) => PROBE_METHODS.has(name.toUpperCase()))) return undefined;
  const urlValue = propertyValue(options, 'url') ?? propertyValue(options, 'path');
  const paths = urlValue ? pathsOf(urlValue)?.filter(isPathLike) : undefined;
  if (!paths || !paths.some(wanted)) return undefined;
  return registrationOfArguments(call, paths, [options], context, true);
}

function registrationOfArguments(
  call: TSESTree.CallExpression,
  paths: readonly string[],
  handlerArguments: readonly TSESTree.CallExpressionArgument[],
  context: Context,
  allowExternal: boolean,
): RouteRegistration | undefined {
  const handlers: FunctionLike[] = [];
  const external: TSESTree.Expression[] = [];
  for (const argument of handlerArguments) collectHandlers(argument, context, handlers, external, 0);
  const recognised = handlers.filter((fn) => requestHandlerKind(fn, context) !== undefined);
  // A handler declared elsewhere is only trusted on a registration the type checker ties to a web framework.
  const trustedExternal = allowExternal && external.length > 0 && isFrameworkCall(call, context) ? external : [];
  if (recognised.length === 0 && trustedExternal.length === 0) return undefined;
  return { paths, handlers: recognised, external: trustedExternal, node: call };
}

function isFrameworkCall(call: TSESTree.CallExpression, context: Context): boolean {
  const target = resolveCallTarget(call, context);
  return target?.via === 'types' && isPackage(target.origin, ROUTER_PACKAGES);
}

/**
 * The functions among a registration's arguments: inline functions, names of
 * functions in this file, `controller.method` / `this.method` in this file,
 * the functions handed to a wrapper (`asyncHandler(fn)`), arrays of middleware
 * and the `handler` of a Fastify options object. Names that resolve to
 * nothing in this file are kept as external handlers.
 */
function collectHandlers(
  argument: TSESTree.Node,
  context: Context,
  handlers: FunctionLike[],
  external: TSESTree.Expression[],
  depth: number,
): void {
  if (depth > 3 || argument.type === AST_NODE_TYPES.SpreadElement) return;
  if (!isExpression(argument)) return;
  const expression = unwrapExpression(argument);
  if (isFunctionLike(expression)) {
    handlers.push(expression);
    return;
  }
  switch (expression.type) {
    case AST_NODE_TYPES.ArrayExpression:
      for (const element of expression.elements) if (element) collectHandlers(element, context, handlers, external, depth + 1);
      return;
    case AST_NODE_TYPES.ObjectExpression: {
      const handler = propertyValue(expression, 'handler');
      if (handler) collectHandlers(handler, context, handlers, external, depth + 1);
      return;
    }
    case AST_NODE_TYPES.CallExpression: {
      const bound = boundFunctionTarget(expression);
      if (bound) return collectHandlers(bound, context, handlers, external, depth + 1);
      // A wrapper (`asyncHandler(live)`): only functions of this file, since its
      // other arguments may be options or dependencies rather than handlers.
      for (const inner of expression.arguments) {
        const fn = isExpression(inner) ? functionInThisFile(inner, context) : undefined;
        if (fn) handlers.push(fn);
      }
      return;
    }
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression: {
      const fn = functionInThisFile(expression, context);
      if (fn) handlers.push(fn);
      else external.push(expression);
      return;
    }
    default:
      return;
  }
}

/** `fn` in `fn.bind(this)`. */
function boundFunctionTarget(call: TSESTree.CallExpression): TSESTree.Expression | undefined {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'bind' ? callee.object : undefined;
}

/**
 * The function a name or member refers to in this file: `checkLiveness`
 * (a function declaration or a `const` arrow), `this.live` (a method of the
 * enclosing class), `controller.live` (a method of a class or an object
 * literal declared here).
 */
export function functionInThisFile(expression: TSESTree.Expression, context: Context, depth = 0): FunctionLike | undefined {
  if (depth > 2) return undefined;
  const node = unwrapExpression(expression);
  if (isFunctionLike(node)) return node;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(node), node.name)?.defs[0];
    if (!definition) return undefined;
    if (definition.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) return definition.node;
    if (definition.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier || !definition.node.init) return undefined;
    if (definition.node.parent.kind !== 'const') return undefined;
    const init = unwrapExpression(definition.node.init);
    if (isFunctionLike(init)) return init;
    if (init.type === AST_NODE_TYPES.Identifier && init.name !== node.name) return functionInThisFile(init, context, depth + 1);
    if (init.type === AST_NODE_TYPES.CallExpression) {
      // `const live = asyncHandler(async (req, res) => …)`
      for (const argument of init.arguments) {
        if (isFunctionLike(argument)) return argument;
      }
    }
    return undefined;
  }
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = memberName(node);
  if (!name) return undefined;
  const object = unwrapExpression(node.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    const owner = enclosingClass(node);
    return owner ? classMethod(owner, name) : undefined;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(object), object.name)?.defs[0];
  if (definition?.type === 'ClassName') return classMethod(definition.node, name);
  if (definition?.type !== 'Variable' || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  if (init.type === AST_NODE_TYPES.ObjectExpression) {
    const value = propertyValue(init, name);
    return value && isFunctionLike(value) ? value : undefined;
  }
  if (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) {
    const classDefinition = ASTUtils.findVariable(context.sourceCode.getScope(init), init.callee.name)?.defs[0];
    if (classDefinition?.type === 'ClassName') return classMethod(classDefinition.node, name);
  }
  return undefined;
}

/** NestJS: `@Get('live')` on a method of `@Controller('health')` → `/health/live`. */
function nestRegistration(method: TSESTree.MethodDefinition, wanted: PathFilter, context: Context): RouteRegistration | undefined {
  if (method.decorators.length === 0 || !isFunctionLike(method.value)) return undefined;
  const routeDecorator = method.decorators.find((decorator) => NEST_PROBE_DECORATORS.has(decoratorName(decorator) ?? ''));
  if (!routeDecorator) return undefined;
  const owner = method.parent.parent;
  if (owner.type !== AST_NODE_TYPES.ClassDeclaration && owner.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const controller = owner.decorators.find((decorator) => decoratorName(decorator) === 'Controller');
  if (!controller) return undefined;
  const controllerPaths = decoratorPaths(controller);
  const methodPaths = decoratorPaths(routeDecorator);
  const paths = controllerPaths.flatMap((prefix) => methodPaths.map((path) => joinRoutePath(prefix, path)));
  if (!paths.some(wanted) || requestHandlerKind(method.value, context) !== 'NestJS controller method') return undefined;
  return { paths, handlers: [method.value], external: [], node: method };
}

/** `'health'`, `['health', 'healthz']`, `{ path: 'health' }` or nothing (`''`). */
function decoratorPaths(decorator: TSESTree.Decorator): string[] {
  const expression = unwrapExpression(decorator.expression);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return [''];
  const argument = expression.arguments[0];
  if (!argument) return [''];
  if (argument.type === AST_NODE_TYPES.ObjectExpression) {
    const path = propertyValue(argument, 'path');
    return (path && pathsOf(path)) || [''];
  }
  return pathsOf(argument) ?? [''];
}

function decoratorName(decorator: TSESTree.Decorator): string | undefined {
  const expression = unwrapExpression(decorator.expression);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(expression.callee);
    if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  }
  return undefined;
}

/** Next.js: the `GET`/`HEAD` exports of `app/**\/route.ts`, the default export of `pages/api/**`. */
function nextRegistrations(wanted: PathFilter, context: Context): RouteRegistration[] {
  const path = nextRoutePathOf(context.filename);
  if (path === undefined || !wanted(path)) return [];
  const found: RouteRegistration[] = [];
  const add = (exported: string, value: TSESTree.Node | null | undefined, node: TSESTree.Node) => {
    if (!value || !NEXT_PROBE_EXPORTS.has(exported)) return;
    const fn = isFunctionLike(value) ? value : isExpression(value) ? exportedFunction(value, context) : undefined;
    const kind = fn && requestHandlerKind(fn, context);
    if (!fn || (kind !== 'Next.js route handler' && kind !== 'Next.js API route')) return;
    if ((kind === 'Next.js route handler') !== (exported !== 'default')) return;
    found.push({ paths: [path], handlers: [fn], external: [], node });
  };
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
        add(declaration.id.name, declaration, statement);
      } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier) add(declarator.id.name, declarator.init, statement);
        }
      } else if (!declaration && !statement.source) {
        for (const specifier of statement.specifiers) {
          const exported =
            specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : String(specifier.exported.value);
          add(exported, specifier.local, statement);
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      add('default', statement.declaration, statement);
    }
  }
  return found;
}

/** `async function GET() {}`, `const GET = withAuth(async () => …)`, `export { handler as GET }`. */
function exportedFunction(value: TSESTree.Expression, context: Context, depth = 0): FunctionLike | undefined {
  if (depth > 2) return undefined;
  const expression = unwrapExpression(value);
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    for (const argument of expression.arguments) {
      if (!isExpression(argument)) continue;
      const fn = exportedFunction(argument, context, depth + 1);
      if (fn) return fn;
    }
    return undefined;
  }
  return functionInThisFile(expression, context);
}

// ---------------------------------------------------------------------------
// Which routes are liveness routes

export type LivenessEvidence =
  /** The path names liveness: `/livez`, `/health/live`, `/liveness`. */
  | { readonly kind: 'path' }
  /** The path is one the user listed as their liveness probe (`livenessPaths`). */
  | { readonly kind: 'listed' }
  /** A generic `/healthz` or `/health` next to a readiness route: the other probe must be liveness. */
  | { readonly kind: 'readiness-route'; readonly readinessPath: string }
  /** A comment on the route says it is the liveness probe, or that Kubernetes restarts the pod on it. */
  | { readonly kind: 'comment' }
  /** The handler is named for liveness: `liveness()`, `isAlive`, `checkLive`. */
  | { readonly kind: 'name'; readonly name: string };

export interface LivenessRoute {
  /** The liveness path, as this file shows it. */
  readonly path: string;
  readonly evidence: LivenessEvidence;
  readonly registration: RouteRegistration;
}

export interface LivenessRoutes {
  /** Liveness handlers declared in this file. */
  readonly handlers: ReadonlyMap<FunctionLike, LivenessRoute>;
  /** Liveness handlers declared in other modules, by the argument that names them. */
  readonly external: ReadonlyMap<TSESTree.Expression, LivenessRoute>;
}

export interface LivenessOptions {
  /** Route paths known to be the liveness probe (from the deployment manifests): `/healthz`. */
  readonly livenessPaths?: readonly string[];
}

const livenessCache = new WeakMap<TSESTree.Program, Map<string, LivenessRoutes>>();

/**
 * The liveness routes a file registers. A path that names liveness counts
 * as is. A generic health path (`/healthz`, `/health`, `/ping`) counts only with
 * evidence that it is the liveness probe: it is listed in `livenessPaths`; the
 * same file registers a readiness route (and no route named for liveness), so
 * the generic one is the other probe; a comment on it mentions liveness or the
 * pod being restarted; or its handler is named for liveness. Readiness and
 * startup routes never count.
 */
export function livenessRoutesOf(context: Context, options: LivenessOptions = {}): LivenessRoutes {
  const listed = (options.livenessPaths ?? []).map(normalisedPath);
  const key = listed.join('\n');
  const program = context.sourceCode.ast;
  let perOptions = livenessCache.get(program);
  if (!perOptions) {
    perOptions = new Map();
    livenessCache.set(program, perOptions);
  }
  const cached = perOptions.get(key);
  if (cached) return cached;
  const result = classifyRoutes(routeRegistrationsOf(context, listed), new Set(listed), context);
  perOptions.set(key, result);
  return result;
}

/** The liveness route `fn` handles, if it handles one. */
export function livenessRouteOf(fn: FunctionLike, context: Context, options: LivenessOptions = {}): LivenessRoute | undefined {
  return livenessRoutesOf(context, options).handlers.get(fn);
}

function classifyRoutes(registrations: readonly RouteRegistration[], listed: ReadonlySet<string>, context: Context): LivenessRoutes {
  const handlers = new Map<FunctionLike, LivenessRoute>();
  const external = new Map<TSESTree.Expression, LivenessRoute>();
  const kinds = registrations.map((registration) => registration.paths.map((path) => ({ path, kind: probeKindOfPath(path) })));
  const hasNamedLiveness = kinds.some((paths) => paths.some((entry) => entry.kind === 'liveness'));
  const readinessPath = kinds.flat().find((entry) => entry.kind === 'readiness')?.path;
  registrations.forEach((registration, index) => {
    let route: LivenessRoute | undefined;
    for (const { path, kind } of kinds[index] ?? []) {
      const evidence =
        kind === 'liveness'
          ? ({ kind: 'path' } as const)
          : listed.has(normalisedPath(path))
            ? ({ kind: 'listed' } as const)
            : kind === 'health'
              ? genericEvidence(registration, path, hasNamedLiveness ? undefined : readinessPath, registrations, context)
              : undefined;
      if (evidence) {
        route = { path, evidence, registration };
        break;
      }
    }
    if (!route) return;
    for (const fn of registration.handlers) if (!handlers.has(fn)) handlers.set(fn, route);
    for (const argument of registration.external) external.set(argument, route);
  });
  return { handlers, external };
}

function normalisedPath(path: string): string {
  return joinRoutePath(...segmentsOf(path));
}

function genericEvidence(
  registration: RouteRegistration,
  path: string,
  readinessPath: string | undefined,
  registrations: readonly RouteRegistration[],
  context: Context,
): LivenessEvidence | undefined {
  const name = registration.handlers.map(handlerName).find((candidate) => candidate !== undefined && isLivenessName(candidate));
  if (name) return { kind: 'name', name };
  if (commentsSayLiveness(registration, path, registrations, context)) return { kind: 'comment' };
  if (readinessPath !== undefined) return { kind: 'readiness-route', readinessPath };
  return undefined;
}

/** `liveness`, `isAlive`, `checkLive`, `livez`: camelCase or snake_case words. */
function isLivenessName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((word) => word === 'live' || word === 'liveness' || word === 'livez' || word === 'alive');
}

function handlerName(fn: FunctionLike): string | undefined {
  if (fn.id) return fn.id.name;
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator && holder.id.type === AST_NODE_TYPES.Identifier) return holder.id.name;
  if (
    (holder.type === AST_NODE_TYPES.MethodDefinition ||
      holder.type === AST_NODE_TYPES.PropertyDefinition ||
      holder.type === AST_NODE_TYPES.Property) &&
    !holder.computed &&
    holder.key.type === AST_NODE_TYPES.Identifier
  ) {
    return holder.key.name;
  }
  return undefined;
}

const LIVENESS_WORDS = /\bliveness|\blive\s+probe|\blivez\b|\b(?:is|still|stays)\s+alive\b/i;
const RESTART_WORDS = /\b(?:restart(?:s|ed|ing)?|kill(?:s|ed)?)\b[^.;]{0,40}\b(?:pods?|containers?)\b|\b(?:pods?|containers?)\b[^.;]{0,40}\brestart(?:s|ed|ing)?\b/i;
const NEGATED = /\b(?:not|never|no|without|instead\s+of|rather\s+than|isn['’]t|aren['’]t|don['’]t|doesn['’]t)\b[^.;]{0,30}\b(?:liveness|live\s+probe|livez|restart|kill)/i;
const PATH_TOKEN = /\/[\w.-]+(?:\/[\w.:-]+)*/g;

/**
 * Whether comments on the route say it is the liveness probe. Comments on the
 * registration itself, on its handler or inside the handler count as they
 * are; a comment on the enclosing top-level statement (a plugin or router
 * holding several routes) counts for the sentence that says it, when that
 * sentence names this path or names no path and the statement holds no other
 * health route.
 */
function commentsSayLiveness(
  registration: RouteRegistration,
  path: string,
  registrations: readonly RouteRegistration[],
  context: Context,
): boolean {
  const sourceCode = context.sourceCode;
  const own: TSESTree.Comment[] = [];
  const statement = enclosingStatement(registration.node);
  own.push(...sourceCode.getCommentsBefore(statement));
  for (const fn of registration.handlers) {
    const holder = declarationHolder(fn);
    if (holder !== statement) own.push(...sourceCode.getCommentsBefore(holder));
    own.push(...sourceCode.getAllComments().filter((comment) => comment.range[0] >= fn.range[0] && comment.range[1] <= fn.range[1]));
  }
  if (own.some((comment) => saysLiveness(comment.value))) return true;
  const top = topLevelStatement(registration.node);
  if (!top || top === statement) return false;
  const healthRoutesInTop = registrations.filter(
    (other) => other.node.range[0] >= top.range[0] && other.node.range[1] <= top.range[1] && other.paths.some((p) => probeKindOfPath(p) !== undefined),
  ).length;
  const ownLast = segmentsOf(path).at(-1);
  return sourceCode.getCommentsBefore(top).some((comment) =>
    sentencesOf(comment.value).some((sentence) => {
      if (!saysLiveness(sentence)) return false;
      const named = sentence.match(PATH_TOKEN) ?? [];
      if (named.length === 0) return healthRoutesInTop === 1;
      return named.some((token) => normalisedPath(token) === normalisedPath(path) || segmentsOf(token).at(-1) === ownLast);
    }),
  );
}

function saysLiveness(text: string): boolean {
  return (LIVENESS_WORDS.test(text) || RESTART_WORDS.test(text)) && !NEGATED.test(text);
}

function sentencesOf(text: string): string[] {
  return text.split(/(?<=[.;!?])\s+|\n\s*\*?\s*\n/);
}

/** The statement a registration is written in (`app.get(...);`, the class member, the export). */
function enclosingStatement(node: TSESTree.Node): TSESTree.Node {
  if (node.type === AST_NODE_TYPES.MethodDefinition) return node;
  let current: TSESTree.Node = node;
  while (
    current.parent &&
    current.parent.type !== AST_NODE_TYPES.BlockStatement &&
    current.parent.type !== AST_NODE_TYPES.Program &&
    current.parent.type !== AST_NODE_TYPES.ClassBody &&
    !isFunctionLike(current.parent)
  ) {
    current = current.parent;
  }
  return current;
}

/** The statement or member that declares a function: `function live() {}`, `const live = …;`, a class method. */
function declarationHolder(fn: FunctionLike): TSESTree.Node {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) {
    return fn.parent.type === AST_NODE_TYPES.ExportNamedDeclaration || fn.parent.type === AST_NODE_TYPES.ExportDefaultDeclaration
      ? fn.parent
      : fn;
  }
  const holder = fn.parent;
  if (holder.type === AST_NODE_TYPES.MethodDefinition || holder.type === AST_NODE_TYPES.PropertyDefinition) return holder;
  if (holder.type === AST_NODE_TYPES.VariableDeclarator) {
    const declaration = holder.parent;
    return declaration.parent.type === AST_NODE_TYPES.ExportNamedDeclaration ? declaration.parent : declaration;
  }
  return fn;
}

function topLevelStatement(node: TSESTree.Node): TSESTree.Node | undefined {
  let current: TSESTree.Node = node;
  while (current.parent && current.parent.type !== AST_NODE_TYPES.Program) current = current.parent;
  return current.parent ? current : undefined;
}

// ---------------------------------------------------------------------------
// Dependency calls

export type DependencyKind = 'database' | 'cache' | 'message broker' | 'HTTP service' | 'cloud service' | 'health indicator';

export interface DependencyCall {
  readonly kind: DependencyKind;
  /** How messages name the other system: `Postgres`, `NATS`, `Redis`, `an HTTP service`. */
  readonly dependency: string;
  /** The call as written, shortened: `pool.query()`, `this.db.pingCheck()`. */
  readonly label: string;
  /** The same client checked twice in one handler gives the same key: `Postgres:pool`. */
  readonly key: string;
}

interface ClientSpec {
  readonly packages: readonly string[];
  readonly dependency: string;
  readonly kind: DependencyKind;
  /** Members that reach the other system; `any` with `local` for clients where nearly every call does (Redis commands). */
  readonly members: ReadonlySet<string> | 'any';
  readonly local?: ReadonlySet<string>;
}

const EMITTER_MEMBERS = [
  'on', 'once', 'off', 'addListener', 'removeListener', 'removeAllListeners', 'prependListener', 'emit', 'listeners',
  'listenerCount', 'eventNames', 'setMaxListeners', 'getMaxListeners',
];

/**
 * Clients whose calls go to another process. Embedded databases (SQLite,
 * better-sqlite3, `node:sqlite`) are not on the list: a local file that
 * cannot be read is this process's own failure.
 */
const CLIENTS: readonly ClientSpec[] = [
  {
    packages: ['ioredis', 'redis', '@redis/client', '@upstash/redis'],
    dependency: 'Redis',
    kind: 'cache',
    members: 'any',
    local: new Set([...EMITTER_MEMBERS, 'duplicate', 'defineCommand', 'createBuiltinCommand', 'pipeline', 'multi', 'isOpen', 'isReady']),
  },
  {
    packages: ['nats', '@nats-io/nats-core', '@nats-io/transport-node', '@nats-io/jetstream'],
    dependency: 'NATS',
    kind: 'message broker',
    members: new Set(['flush', 'rtt', 'request', 'requestMany', 'jetstreamManager', 'getAccountInfo']),
  },
  {
    packages: ['amqplib', 'amqp-connection-manager'],
    dependency: 'RabbitMQ',
    kind: 'message broker',
    members: new Set(['connect', 'createChannel', 'createConfirmChannel', 'checkQueue', 'checkExchange', 'assertQueue', 'assertExchange']),
  },
  {
    packages: ['kafkajs'],
    dependency: 'Kafka',
    kind: 'message broker',
    members: new Set([
      'connect', 'describeCluster', 'listTopics', 'fetchTopicMetadata', 'fetchTopicOffsets', 'describeGroups', 'listGroups',
      'fetchOffsets', 'describeConfigs', 'send', 'sendBatch',
    ]),
  },
  {
    packages: ['mongodb', 'mongoose'],
    dependency: 'MongoDB',
    kind: 'database',
    members: new Set(['ping', 'command', 'serverStatus', 'buildInfo', 'listDatabases', 'listCollections', 'connect', 'stats']),
  },
  { packages: ['pg', 'pg-pool'], dependency: 'Postgres', kind: 'database', members: new Set(['connect', 'query']) },
  { packages: ['mysql2', 'mysql'], dependency: 'MySQL', kind: 'database', members: new Set(['connect', 'getConnection', 'ping', 'query', 'execute']) },
  {
    packages: ['sequelize', '@sequelize/core', 'sequelize-typescript'],
    dependency: 'the database',
    kind: 'database',
    members: new Set(['authenticate', 'query']),
  },
  {
    packages: ['@prisma/client'],
    dependency: 'the database',
    kind: 'database',
    members: new Set(['$connect', '$queryRaw', '$queryRawUnsafe', '$executeRaw', '$executeRawUnsafe', '$runCommandRaw']),
  },
  { packages: ['@elastic/elasticsearch'], dependency: 'Elasticsearch', kind: 'database', members: new Set(['ping', 'info']) },
  { packages: ['@aws-sdk/*', '@smithy/*'], dependency: 'AWS', kind: 'cloud service', members: new Set(['send']) },
];

/** What `dbQueryOf`'s library names stand for in messages; embedded databases are left out. */
const DATABASE_NAMES: Readonly<Record<string, string>> = {
  pg: 'Postgres',
  postgres: 'Postgres',
  mysql2: 'MySQL',
  mysql: 'MySQL',
  mongoose: 'MongoDB',
  prisma: 'the database',
  typeorm: 'the database',
  sequelize: 'the database',
  knex: 'the database',
  kysely: 'the database',
  drizzle: 'the database',
};
const EMBEDDED_DATABASES = new Set(['better-sqlite3', 'sqlite']);

/** NestJS Terminus indicators that call another system; Memory and Disk indicators read this process and host. */
const TERMINUS_INDICATORS: Readonly<Record<string, string>> = {
  TypeOrmHealthIndicator: 'the database',
  PrismaHealthIndicator: 'the database',
  MongooseHealthIndicator: 'MongoDB',
  SequelizeHealthIndicator: 'the database',
  MikroOrmHealthIndicator: 'the database',
  HttpHealthIndicator: 'an HTTP service',
  MicroserviceHealthIndicator: 'the microservice transport (Redis, NATS, RabbitMQ…)',
  GRPCHealthIndicator: 'a gRPC service',
};
const TERMINUS_CHECKS = new Set(['pingCheck', 'responseCheck', 'checkService']);
const TERMINUS_LOCAL_CHECKS = new Set(['checkHeap', 'checkRSS', 'checkStorage']);

const dependencyCache = new WeakMap<TSESTree.Node, DependencyCall | null>();

/**
 * The other system a call reaches, if it reaches one: a database query
 * (`dbQueryOf`: `pool.query('SELECT 1')`, `prisma.$queryRaw`, `knex.raw`), a
 * database, cache or broker client call (`redis.ping()`, `nc.flush()`,
 * `nc.rtt()`, `jsm.getAccountInfo()`, `channel.checkQueue()`,
 * `admin.describeCluster()`, `sequelize.authenticate()`, `db.admin().ping()`),
 * an outbound HTTP request (`outboundRequestOf`), an AWS SDK `send`, or a
 * NestJS Terminus indicator that pings one (`this.db.pingCheck('database')`).
 * Without types, a few unmistakable shapes count on any receiver: `x.ping()`,
 * `x.rtt()`, `x.pingCheck()`, and `x.query('SELECT 1')` with SQL text.
 */
export function dependencyCallOf(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, context: Context): DependencyCall | undefined {
  const cached = dependencyCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const found = computeDependency(node, context);
  dependencyCache.set(node, found ?? null);
  return found;
}

function computeDependency(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, context: Context): DependencyCall | undefined {
  const callee = unwrapExpression(node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag);
  const member = calleeName(callee);
  const label = callLabel(callee, context);
  const receiver = callee.type === AST_NODE_TYPES.MemberExpression ? context.sourceCode.getText(callee.object) : '';
  const make = (kind: DependencyKind, dependency: string): DependencyCall => ({ kind, dependency, label, key: `${dependency}:${receiver}` });
  if (member && TERMINUS_LOCAL_CHECKS.has(member)) return undefined;
  if (node.type === AST_NODE_TYPES.CallExpression && member && TERMINUS_CHECKS.has(member)) {
    const indicator = terminusIndicatorOf(node, callee, context);
    if (indicator !== undefined) return make('health indicator', indicator);
  }
  const query = dbQueryOf(node, context);
  if (query) return databaseQuery(query, make);
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
  if (outboundRequestOf(node, context)) return make('HTTP service', 'an HTTP service');
  const target = resolveCallTarget(node, context);
  const client = target ? clientOfTarget(target) : undefined;
  if (client) return make(client.kind, client.dependency);
  if (target?.via === 'types' && target.origin) return undefined;
  return untypedDependency(node, callee, member, receiver, make);
}

function databaseQuery(query: DbQuery, make: (kind: DependencyKind, dependency: string) => DependencyCall): DependencyCall | undefined {
  if (EMBEDDED_DATABASES.has(query.library)) return undefined;
  return make('database', ownValue(DATABASE_NAMES, query.library) ?? 'the database');
}

function clientOfTarget(target: CallTarget): ClientSpec | undefined {
  if (!target.origin || !('packageName' in target.origin)) return undefined;
  const spec = CLIENTS.find((candidate) => isPackage(target.origin, candidate.packages));
  if (!spec) return undefined;
  if (spec.members === 'any') return spec.local?.has(target.member) ? undefined : spec;
  return spec.members.has(target.member) ? spec : undefined;
}

/**
 * The shapes that name a dependency check on a receiver nothing is known
 * about: a `ping()`, a NATS `rtt()`, JetStream `getAccountInfo()`, RabbitMQ
 * `checkQueue()`, a Sequelize `authenticate()`, or a query/raw/execute call
 * whose first argument is SQL text (`db.query('SELECT 1')`).
 */
function untypedDependency(
  call: TSESTree.CallExpression,
  callee: TSESTree.Expression,
  member: string | undefined,
  receiver: string,
  make: (kind: DependencyKind, dependency: string) => DependencyCall,
): DependencyCall | undefined {
  if (callee.type !== AST_NODE_TYPES.MemberExpression || !member) return undefined;
  switch (member) {
    case 'ping':
      return make(...pingedSystem(receiver));
    case 'rtt':
    case 'getAccountInfo':
      return make('message broker', 'NATS');
    case 'flush':
      return /\bnats\b|^nc$|\.nc$|natsConnection/i.test(receiver) ? make('message broker', 'NATS') : undefined;
    case 'checkQueue':
    case 'checkExchange':
      return make('message broker', 'RabbitMQ');
    case 'describeCluster':
      return make('message broker', 'Kafka');
    case 'authenticate':
      return /sequelize/i.test(receiver) ? make('database', 'the database') : undefined;
    case 'query':
    case 'raw':
    case 'execute':
    case '$queryRawUnsafe':
    case '$executeRawUnsafe': {
      const sql = stringValue(call.arguments[0]);
      return sql !== undefined && sqlOperation(sql) !== undefined ? make('database', 'the database') : undefined;
    }
    default:
      return undefined;
  }
}

function pingedSystem(receiver: string): [DependencyKind, string] {
  if (/redis|cache/i.test(receiver)) return ['cache', 'Redis'];
  if (/mongo|admin\(\)/i.test(receiver)) return ['database', 'MongoDB'];
  if (/elastic|search/i.test(receiver)) return ['database', 'Elasticsearch'];
  if (/\bdb\b|database|sequelize|knex|prisma|pool|sql|conn/i.test(receiver)) return ['database', 'the database'];
  return ['HTTP service', `the service behind \`${receiver.length > 30 ? 'it' : receiver}\``];
}

/**
 * The dependency a Terminus indicator call checks: `this.db.pingCheck(…)` on a
 * `TypeOrmHealthIndicator` (by types, or by the class the injected property is
 * annotated with), or any `pingCheck`/`responseCheck`/`checkService` when the
 * class cannot be seen (Terminus' Memory and Disk indicators have none).
 */
function terminusIndicatorOf(call: TSESTree.CallExpression, callee: TSESTree.Expression, context: Context): string | undefined {
  const target = resolveCallTarget(call, context);
  if (target?.via === 'types' && target.origin) {
    if (!isPackage(target.origin, ['@nestjs/terminus'])) return undefined;
    return target.owner ? ownValue(TERMINUS_INDICATORS, target.owner) : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const className = injectedClassOf(unwrapExpression(callee.object), context);
  const known = className ? ownValue(TERMINUS_INDICATORS, className) : undefined;
  if (known) return known;
  if (className && /HealthIndicator$/.test(className)) return undefined;
  return 'the dependency it pings';
}

/** `TypeOrmHealthIndicator` for `this.db` declared as `private db: TypeOrmHealthIndicator` (constructor or field). */
function injectedClassOf(receiver: TSESTree.Expression, context: Context): string | undefined {
  if (receiver.type !== AST_NODE_TYPES.MemberExpression || receiver.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = memberName(receiver);
  const owner = enclosingClass(receiver);
  if (!name || !owner) return undefined;
  for (const element of owner.body.body) {
    if (element.type === AST_NODE_TYPES.PropertyDefinition && !element.computed && element.key.type === AST_NODE_TYPES.Identifier && element.key.name === name) {
      return annotatedClass(element.typeAnnotation, context);
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const param of element.value.params) {
        if (param.type !== AST_NODE_TYPES.TSParameterProperty) continue;
        const parameter = param.parameter;
        if (parameter.type === AST_NODE_TYPES.Identifier && parameter.name === name) return annotatedClass(parameter.typeAnnotation, context);
      }
    }
  }
  return undefined;
}

function annotatedClass(annotation: TSESTree.TSTypeAnnotation | undefined, context: Context): string | undefined {
  const type = annotation?.typeAnnotation;
  if (type?.type !== AST_NODE_TYPES.TSTypeReference || type.typeName.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = importBindingOf(type.typeName, context);
  if (binding && 'packageName' in binding.origin && binding.origin.packageName !== '@nestjs/terminus') return undefined;
  return binding && binding.imported !== 'default' && binding.imported !== '*' ? binding.imported : type.typeName.name;
}

// ---------------------------------------------------------------------------
// The same knowledge on the TypeScript AST (other files' functions)

const HTTP_TS_MEMBERS: Readonly<Record<string, ReadonlySet<string>>> = {
  axios: new Set(['axios', 'request', 'get', 'delete', 'head', 'options', 'post', 'put', 'patch', 'postForm', 'putForm', 'patchForm']),
  got: new Set(['got', 'get', 'post', 'put', 'patch', 'delete', 'head']),
  ky: new Set(['ky', 'get', 'post', 'put', 'patch', 'delete', 'head']),
  superagent: new Set(['get', 'post', 'put', 'patch', 'del', 'delete', 'head']),
  'node-fetch': new Set(['fetch']),
  'cross-fetch': new Set(['fetch']),
  undici: new Set(['fetch', 'request', 'stream']),
  http: new Set(['request', 'get']),
  https: new Set(['request', 'get']),
};
/** Where the global `fetch` is declared: TypeScript's DOM lib, @types/node, undici-types. */
const GLOBAL_FETCH_PACKAGES = ['typescript', 'node', 'undici-types'];

/**
 * {@link dependencyCallOf} for a call in another file's function, by types
 * only: database queries (`dbQueryOfTsCall`, with the user's
 * `settings.pitfalls.dbQueries`), the client table, HTTP
 * libraries and the global `fetch`, and Terminus indicators.
 */
export function dependencyTsCallOf(
  call: ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression,
  checker: ts.TypeChecker,
  dbQueries: readonly ResolvedMatcher[] = [],
): DependencyCall | undefined {
  if (ts.isNewExpression(call)) return undefined;
  const label = `${shortTsText(ts.isCallExpression(call) ? call.expression : call.tag)}()`;
  const make = (kind: DependencyKind, dependency: string): DependencyCall => ({ kind, dependency, label, key: `${dependency}:${label}` });
  const query = dbQueryOfTsCall(call, checker, dbQueries);
  if (query) return databaseQuery(query, make);
  if (!ts.isCallExpression(call)) return undefined;
  const target = resolveTsCallTarget(call, checker);
  if (!target?.origin || !('packageName' in target.origin)) return undefined;
  const packageName = target.origin.packageName;
  if (packageName === '@nestjs/terminus') {
    const indicator = target.owner && TERMINUS_CHECKS.has(target.member) ? ownValue(TERMINUS_INDICATORS, target.owner) : undefined;
    return indicator ? make('health indicator', indicator) : undefined;
  }
  if (HTTP_TS_MEMBERS[packageName]?.has(target.member)) return make('HTTP service', 'an HTTP service');
  if (target.member === 'fetch' && GLOBAL_FETCH_PACKAGES.includes(packageName)) return make('HTTP service', 'an HTTP service');
  const client = clientOfTarget(target);
  return client ? make(client.kind, client.dependency) : undefined;
}

function shortTsText(node: ts.Node): string {
  const text = node.getText();
  if (text.length <= 40 && !text.includes('\n')) return text;
  return ts.isPropertyAccessExpression(node) ? node.name.text : 'call';
}

// ---------------------------------------------------------------------------
// Small helpers

/** `pool.query()`, `this.db.pingCheck()`: the callee as written, shortened when long. */
function callLabel(callee: TSESTree.Expression, context: Context): string {
  const text = context.sourceCode.getText(callee);
  if (text.length <= 40 && !text.includes('\n')) return `${text}()`;
  return `${calleeName(callee) ?? 'call'}()`;
}

function isPackage(origin: ModuleOrigin | undefined, packages: readonly string[]): boolean {
  if (!origin || !('packageName' in origin)) return false;
  const name = origin.packageName;
  return packages.some((candidate) => (candidate.endsWith('/*') ? name.startsWith(candidate.slice(0, -1)) : name === candidate || name.startsWith(`${candidate}/`)));
}

function isPathLike(value: string): boolean {
  return value.startsWith('/');
}

/** A string, a template without expressions, or an array of them. */
function pathsOf(node: TSESTree.Node | undefined): string[] | undefined {
  if (!node) return undefined;
  const single = stringValue(node);
  if (single !== undefined) return [single];
  if (node.type === AST_NODE_TYPES.ArrayExpression) {
    const values = node.elements.map((element) => (element ? stringValue(element) : undefined));
    return values.every((value): value is string => value !== undefined) ? values : undefined;
  }
  return undefined;
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const name =
      !property.computed && property.key.type === AST_NODE_TYPES.Identifier
        ? property.key.name
        : property.key.type === AST_NODE_TYPES.Literal
          ? String(property.key.value)
          : undefined;
    if (name === key) return property.value;
  }
  return undefined;
}

/** `/livez` on `app.route('/livez').get(…)` or `router.route('/livez').get(…).head(…)`. */
function chainedRoutePath(callee: TSESTree.MemberExpression): string[] | undefined {
  let object = unwrapExpression(callee.object);
  for (let depth = 0; depth < 10 && object.type === AST_NODE_TYPES.CallExpression; depth++) {
    const inner = unwrapExpression(object.callee);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (memberName(inner) === 'route') return pathsOf(object.arguments[0]);
    object = unwrapExpression(inner.object);
  }
  return undefined;
}

function isExpression(node: TSESTree.Node): node is TSESTree.Expression {
  return node.type !== AST_NODE_TYPES.SpreadElement && node.type !== AST_NODE_TYPES.Property && !isNonExpression(node);
}

function isNonExpression(node: TSESTree.Node): boolean {
  return (
    node.type === AST_NODE_TYPES.ClassDeclaration ||
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.TSInterfaceDeclaration ||
    node.type === AST_NODE_TYPES.TSDeclareFunction
  );
}


function walk(root: TSESTree.Node, visitorKeys: TSESLint.SourceCode.VisitorKeys, visit: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      if (Array.isArray(child)) {
        for (let index = child.length - 1; index >= 0; index--) {
          const item: unknown = child[index];
          if (isNode(item)) stack.push(item);
        }
      } else if (isNode(child)) {
        stack.push(child);
      }
    }
  }
}
