import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  calleeName,
  getTypeServices,
  declarationOf,
  importBindingOf,
  matchesSetting,
  memberName,
  resolveCallTarget,
  unwrapExpression,
  type ModuleOrigin,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';
import { isNode, stringValue } from '../util/ast.js';

/**
 * Which functions run once per request: route callbacks, middleware, NestJS
 * controller methods, Next.js route handlers and server actions. Rules ask
 * this to decide whether a blocking call or an unbounded query sits on the
 * request path.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FunctionLike =
  | TSESTree.FunctionDeclaration
  | TSESTree.FunctionExpression
  | TSESTree.ArrowFunctionExpression;

export type RequestHandlerKind =
  | 'Express route handler'
  | 'Fastify route handler'
  | 'Fastify hook'
  | 'Koa middleware'
  | 'Koa route handler'
  | 'Hono route handler'
  | 'NestJS controller method'
  | 'NestJS message handler'
  | 'NestJS resolver'
  | 'Next.js route handler'
  | 'Next.js API route'
  | 'Next.js server action'
  | 'Next.js middleware'
  | 'request handler';

export interface EnclosingRequestHandler {
  readonly fn: FunctionLike;
  readonly kind: RequestHandlerKind;
}

const kindCache = new WeakMap<FunctionLike, RequestHandlerKind | null>();

/**
 * A short label naming what kind of request handler `fn` is, or undefined when
 * it is not one. Registration calls are recognised by the declaration they
 * resolve to when types are available, otherwise by the framework import that
 * binds the receiver, or (conservatively) by a path literal and an HTTP verb.
 */
export function requestHandlerKind(fn: FunctionLike, context: Context): RequestHandlerKind | undefined {
  const cached = kindCache.get(fn);
  if (cached !== undefined) return cached ?? undefined;
  const kind =
    registeredHandlers(context).get(fn) ??
    nestHandlerKind(fn, context) ??
    nextHandlerKind(fn, context) ??
    handlerKindBySignature(fn, context);
  kindCache.set(fn, kind ?? null);
  return kind;
}

const enclosingCache = new WeakMap<TSESTree.Node, EnclosingRequestHandler | null>();

/** The nearest function around `node` (or `node` itself) that is a request handler. */
export function enclosingRequestHandler(node: TSESTree.Node, context: Context): EnclosingRequestHandler | undefined {
  const cached = enclosingCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  let found: EnclosingRequestHandler | undefined;
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    if (!isFunctionLike(current)) continue;
    const kind = requestHandlerKind(current, context);
    if (kind) {
      found = { fn: current, kind };
      break;
    }
  }
  enclosingCache.set(node, found ?? null);
  return found;
}

export function isFunctionLike(node: TSESTree.Node): node is FunctionLike {
  return (
    node.type === AST_NODE_TYPES.FunctionDeclaration ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.ArrowFunctionExpression
  );
}

// ---------------------------------------------------------------------------
// Route registrations: app.get('/x', fn), router.use(fn), fastify.route({ handler })

const HTTP_VERBS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

interface Framework {
  readonly packages: readonly string[];
  /** Registration members and the label their function arguments get. */
  readonly members: ReadonlyMap<string, RequestHandlerKind>;
  /** Whether `{ handler, preHandler, ... }` option objects carry handlers (Fastify). */
  readonly optionObjects?: boolean;
}

function framework(
  packages: readonly string[],
  label: RequestHandlerKind,
  members: readonly string[],
  overrides: Record<string, RequestHandlerKind> = {},
  optionObjects = false,
): Framework {
  const map = new Map<string, RequestHandlerKind>(members.map((member) => [member, label]));
  for (const [member, kind] of Object.entries(overrides)) map.set(member, kind);
  return { packages, members: map, optionObjects };
}

const FRAMEWORKS: readonly Framework[] = [
  framework(['express', 'express-serve-static-core', 'router'], 'Express route handler', [...HTTP_VERBS, 'all', 'use', 'param']),
  framework(['koa'], 'Koa middleware', ['use']),
  framework(['@koa/router', 'koa-router'], 'Koa route handler', [...HTTP_VERBS, 'del', 'all', 'use', 'param'], {
    use: 'Koa middleware',
  }),
  framework(['hono'], 'Hono route handler', [...HTTP_VERBS, 'all', 'use', 'on', 'notFound', 'onError']),
  framework(
    ['fastify'],
    'Fastify route handler',
    [...HTTP_VERBS, 'all', 'route', 'addHook', 'setErrorHandler', 'setNotFoundHandler'],
    { addHook: 'Fastify hook' },
    true,
  ),
];

/** Fastify hooks that run once per request (not `onReady`, `onClose`, `onRoute`...). */
const PER_REQUEST_HOOKS = new Set([
  'onRequest',
  'preParsing',
  'preValidation',
  'preHandler',
  'preSerialization',
  'onSend',
  'onResponse',
  'onError',
  'onTimeout',
  'onRequestAbort',
]);

/** Properties of a Fastify route options object that hold per-request functions. */
const FASTIFY_ROUTE_FUNCTIONS = new Set(['handler', 'errorHandler', ...PER_REQUEST_HOOKS]);

/** Members the untyped path-literal fallback accepts: `x.get('/users', fn)`. */
const UNTYPED_ROUTE_MEMBERS = new Set<string>([...HTTP_VERBS, 'all', 'use']);

/**
 * Every member any framework registers handlers with. A call named otherwise
 * (`rows.map(fn)`, `emitter.once(fn)`) cannot be a registration, so it is
 * never resolved through the type checker — most calls of a file end here.
 */
const REGISTRATION_MEMBERS = new Set<string>(FRAMEWORKS.flatMap((known) => [...known.members.keys()]));

/**
 * Receivers of `x.get('/path', fn)` that are HTTP clients, caches or test
 * mocks rather than routers (jQuery, axios-style clients, msw's `rest`/`http`,
 * lru-cache fetchers).
 */
const NOT_A_ROUTER_NAME = /^(?:\$|jquery|axios|https?|request|superagent|got|ky|supertest|nock|rest|msw|cy|page)$/i;
const NOT_A_ROUTER_PART = /client|cache|store|storage|map|redis|agent|mock|fetch/i;

function frameworkOfPackage(origin: ModuleOrigin | undefined): Framework | undefined {
  if (!origin || !('packageName' in origin)) return undefined;
  return FRAMEWORKS.find((candidate) => candidate.packages.includes(origin.packageName));
}

const registeredCache = new WeakMap<TSESTree.Program, Map<FunctionLike, RequestHandlerKind>>();

/**
 * One pass over the file that finds every registration call and the functions
 * it registers, inline or referenced by name (`app.get('/x', listUsers)`).
 */
function registeredHandlers(context: Context): Map<FunctionLike, RequestHandlerKind> {
  const program = context.sourceCode.ast;
  const cached = registeredCache.get(program);
  if (cached) return cached;
  const found = new Map<FunctionLike, RequestHandlerKind>();
  const registrars = getPitfallsSettings(context).requestHandlerRegistrars;
  const registrarMembers = new Set(registrars.map((matcher) => matcher.member));
  walk(program, context.sourceCode.visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return;
    const name = calleeName(node.callee);
    if (!name) return;
    if (registrarMembers.has(name)) {
      const target = resolveCallTarget(node, context);
      if (target && registrars.some((matcher) => matchesSetting(target, matcher))) {
        collectHandlerArguments(node.arguments, 'request handler', false, context, found);
        return;
      }
    }
    const registration = classifyRegistration(node, name, context);
    if (!registration) return;
    const args =
      registration.skipFirst && node.arguments.length > 0 ? node.arguments.slice(1) : node.arguments;
    collectHandlerArguments(args, registration.label, registration.optionObjects, context, found);
  });
  registeredCache.set(program, found);
  return found;
}

interface Registration {
  readonly label: RequestHandlerKind;
  readonly optionObjects: boolean;
  /** `addHook('onRequest', fn)`: the first argument is not a handler slot. */
  readonly skipFirst: boolean;
}

function classifyRegistration(call: TSESTree.CallExpression, member: string, context: Context): Registration | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  if (!REGISTRATION_MEMBERS.has(member) || !call.arguments.some(mayCarryHandler)) return undefined;
  const target = resolveCallTarget(call, context);
  if (target?.via === 'types') {
    const known = frameworkOfPackage(target.origin);
    return known ? registrationOf(known, member, call) : undefined;
  }
  const { base, routePath } = receiverOf(callee);
  const bound = base ? frameworkOfReceiver(base, context) : undefined;
  if (bound) return registrationOf(bound, member, call);
  return untypedRouteRegistration(call, member, base, routePath, context);
}

function registrationOf(known: Framework, member: string, call: TSESTree.CallExpression): Registration | undefined {
  const label = known.members.get(member);
  if (!label) return undefined;
  if (member === 'addHook') {
    const hook = stringValue(call.arguments[0]);
    if (!hook || !PER_REQUEST_HOOKS.has(hook)) return undefined;
    return { label, optionObjects: false, skipFirst: true };
  }
  return { label, optionObjects: known.optionObjects === true, skipFirst: false };
}

/**
 * Without types or a framework import, `x.get('/users', fn)` is a route only
 * when the first argument looks like a route path and `x` is not named like
 * an HTTP client, cache or mock.
 */
function untypedRouteRegistration(
  call: TSESTree.CallExpression,
  member: string,
  base: TSESTree.Expression | undefined,
  routePath: string | undefined,
  context: Context,
): Registration | undefined {
  if (!UNTYPED_ROUTE_MEMBERS.has(member) || !base) return undefined;
  const baseName =
    base.type === AST_NODE_TYPES.Identifier
      ? base.name
      : base.type === AST_NODE_TYPES.MemberExpression && base.object.type === AST_NODE_TYPES.ThisExpression
        ? memberName(base)
        : undefined;
  if (!baseName || NOT_A_ROUTER_NAME.test(baseName) || NOT_A_ROUTER_PART.test(baseName)) return undefined;
  if (base.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(base, context);
    // Bound to some other package (`import request from 'supertest'`): not a router.
    if (binding && 'packageName' in binding.origin) return undefined;
  }
  const pathArgument = routePath ?? stringValue(call.arguments[0]);
  if (pathArgument === undefined || !isRoutePath(pathArgument)) return undefined;
  const handlers = routePath === undefined ? call.arguments.slice(1) : call.arguments;
  const first = handlers.map((argument) => handlerFunctionOf(argument, context)).find((fn) => fn !== undefined);
  if (!first) return undefined;
  return { label: labelFromParameters(first), optionObjects: false, skipFirst: routePath === undefined };
}

function isRoutePath(value: string): boolean {
  return value.startsWith('/') || value === '*' || value.startsWith('*');
}

/** A guess at the framework from the handler's parameter names, for the untyped fallback. */
function labelFromParameters(fn: FunctionLike): RequestHandlerKind {
  const names = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : ''));
  const [first = '', second = ''] = names;
  if (/^(req|request)$/.test(first) && second === 'reply') return 'Fastify route handler';
  if (/^(req|request)$/.test(first) && /^(res|response)$/.test(second)) return 'Express route handler';
  if (first === 'ctx' || first === 'context') return 'Koa middleware';
  if (first === 'c' && names.length === 1) return 'Hono route handler';
  return 'request handler';
}

/**
 * The router a registration is made on: `app` in `app.get(...)`, in
 * `app.route('/x').get(...).post(...)`, and in Hono's `app.get(...).post(...)`
 * chains, with the path given to `route()`.
 */
function receiverOf(callee: TSESTree.MemberExpression): { base?: TSESTree.Expression; routePath?: string } {
  let object = unwrapExpression(callee.object);
  let routePath: string | undefined;
  for (let depth = 0; depth < 20 && object.type === AST_NODE_TYPES.CallExpression; depth++) {
    const inner = unwrapExpression(object.callee);
    if (inner.type !== AST_NODE_TYPES.MemberExpression) return {};
    const name = memberName(inner);
    if (name === 'route') routePath = stringValue(object.arguments[0]);
    else if (!name || !UNTYPED_ROUTE_MEMBERS.has(name)) return {};
    object = unwrapExpression(inner.object);
  }
  return routePath === undefined ? { base: object } : { base: object, routePath };
}

/**
 * The framework a receiver comes from without types: `const app = express()`,
 * `new Hono()`, `Fastify()`, `new Router()`, or a parameter annotated with a
 * framework type (`app: Express`, `fastify: FastifyInstance`).
 */
function frameworkOfReceiver(base: TSESTree.Expression, context: Context): Framework | undefined {
  if (base.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = importBindingOf(base, context);
  if (binding) return frameworkOfPackage(binding.origin);
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(base), base.name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'Variable' && definition.node.init) {
    const required = requiredFactory(definition.node.init);
    if (required) return frameworkOfPackage({ packageName: required });
  }
  const annotated =
    definition.type === 'Parameter' && definition.name.type === AST_NODE_TYPES.Identifier
      ? definition.name.typeAnnotation
      : definition.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.Identifier
        ? definition.node.id.typeAnnotation
        : undefined;
  const origin = annotated ? typeReferenceOrigin(annotated.typeAnnotation, context)?.origin : undefined;
  return frameworkOfPackage(origin);
}

/** `express` in `require('express')()` and `require('express').Router()`. */
function requiredFactory(init: TSESTree.Expression): string | undefined {
  let current = unwrapExpression(init);
  if (current.type !== AST_NODE_TYPES.CallExpression && current.type !== AST_NODE_TYPES.NewExpression) return undefined;
  for (let depth = 0; depth < 5; depth++) {
    if (current.type === AST_NODE_TYPES.MemberExpression) {
      current = unwrapExpression(current.object);
      continue;
    }
    if (current.type !== AST_NODE_TYPES.CallExpression && current.type !== AST_NODE_TYPES.NewExpression) return undefined;
    const callee = unwrapExpression(current.callee);
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require') {
      const specifier = stringValue(current.arguments[0]);
      return specifier && !specifier.startsWith('.') ? specifier : undefined;
    }
    current = callee;
  }
  return undefined;
}

function mayCarryHandler(argument: TSESTree.CallExpressionArgument): boolean {
  return argument.type !== AST_NODE_TYPES.Literal && argument.type !== AST_NODE_TYPES.TemplateLiteral;
}

/**
 * Marks the functions among registration arguments: inline functions, arrays
 * of middleware, names of functions declared in this file, methods referenced
 * as `controller.list`, one wrapper level (`asyncHandler(async (req, res) => …)`),
 * and for Fastify the `handler`/hook properties of route options.
 */
function collectHandlerArguments(
  args: readonly TSESTree.CallExpressionArgument[],
  label: RequestHandlerKind,
  optionObjects: boolean,
  context: Context,
  found: Map<FunctionLike, RequestHandlerKind>,
): void {
  const mark = (fn: FunctionLike | undefined) => {
    if (fn && !found.has(fn)) found.set(fn, label);
  };
  const visit = (argument: TSESTree.Node, depth: number): void => {
    if (depth > 3) return;
    if (argument.type === AST_NODE_TYPES.SpreadElement) return visit(argument.argument, depth + 1);
    const expression = isExpression(argument) ? unwrapExpression(argument) : argument;
    if (expression.type === AST_NODE_TYPES.ArrayExpression) {
      for (const element of expression.elements) if (element) visit(element, depth + 1);
      return;
    }
    if (expression.type === AST_NODE_TYPES.ObjectExpression) {
      if (!optionObjects) return;
      for (const property of expression.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = propertyKeyName(property);
        if (!key || !FASTIFY_ROUTE_FUNCTIONS.has(key)) continue;
        if (property.method && isFunctionLike(property.value)) mark(property.value);
        else visit(property.value, depth + 1);
      }
      return;
    }
    if (expression.type === AST_NODE_TYPES.CallExpression && !isBindCall(expression)) {
      // A wrapper such as asyncHandler(fn) or catchAsync(fn): its function arguments run per request.
      for (const inner of expression.arguments) {
        const fn = handlerFunctionOf(inner, context);
        if (fn) mark(fn);
        else if (inner.type === AST_NODE_TYPES.ArrayExpression) visit(inner, depth + 1);
      }
      return;
    }
    mark(handlerFunctionOf(expression, context));
  };
  for (const argument of args) visit(argument, 0);
}

function isExpression(node: TSESTree.Node): node is TSESTree.Expression {
  return node.type !== AST_NODE_TYPES.SpreadElement && node.type !== AST_NODE_TYPES.Property;
}

function isBindCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'bind';
}

/**
 * The function an argument stands for in this file: itself, the declaration a
 * name refers to, the method `controller.list` or `this.list` refers to, or the
 * target of `fn.bind(this)`.
 */
function handlerFunctionOf(argument: TSESTree.Node, context: Context, depth = 0): FunctionLike | undefined {
  if (depth > 2 || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!isExpression(argument)) return undefined;
  const expression = unwrapExpression(argument);
  if (isFunctionLike(expression)) return expression;
  if (expression.type === AST_NODE_TYPES.CallExpression && isBindCall(expression)) {
    const callee = unwrapExpression(expression.callee) as TSESTree.MemberExpression;
    return handlerFunctionOf(callee.object, context, depth + 1);
  }
  if (expression.type === AST_NODE_TYPES.Identifier) return functionBoundTo(expression, context, depth);
  if (expression.type === AST_NODE_TYPES.MemberExpression) return methodReferencedBy(expression, context);
  return undefined;
}

/** `listUsers` → `function listUsers() {}` or `const listUsers = async () => {}` in this file. */
function functionBoundTo(identifier: TSESTree.Identifier, context: Context, depth = 0): FunctionLike | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'FunctionName' && definition.node.type === AST_NODE_TYPES.FunctionDeclaration) {
    return definition.node;
  }
  if (definition.type !== 'Variable' || !definition.node.init) return undefined;
  if (definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = unwrapExpression(definition.node.init);
  if (isFunctionLike(init)) return init;
  if (init.type === AST_NODE_TYPES.CallExpression) {
    // `const listUsers = asyncHandler(async (req, res) => …)`
    for (const inner of init.arguments) {
      const fn = handlerFunctionOf(inner, context, depth + 1);
      if (fn) return fn;
    }
  }
  if (init.type === AST_NODE_TYPES.Identifier && init.name !== identifier.name) {
    return handlerFunctionOf(init, context, depth + 1);
  }
  return undefined;
}

/** `controller.list`, `UserController.list`, `this.list`: a method declared in this file. */
function methodReferencedBy(member: TSESTree.MemberExpression, context: Context): FunctionLike | undefined {
  const name = memberName(member);
  if (!name) return undefined;
  const services = getTypeServices(context);
  if (services) {
    const declaration = declarationOf(services.program.getTypeChecker(), services.esTreeNodeToTSNodeMap.get(member.property));
    if (declaration && declaration.getSourceFile().fileName === services.program.getSourceFile(context.filename)?.fileName) {
      const node = services.tsNodeToESTreeNodeMap.get(declaration) as TSESTree.Node | undefined;
      const fn = node ? functionOfMember(node) : undefined;
      if (fn) return fn;
    }
  }
  const object = unwrapExpression(member.object);
  if (object.type === AST_NODE_TYPES.ThisExpression) {
    const owner = enclosingClass(member);
    return owner ? classMethod(owner, name) : undefined;
  }
  if (object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(object), object.name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  if (definition.type === 'ClassName') return classMethod(definition.node, name);
  if (definition.type !== 'Variable' || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  if (init.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of init.properties) {
      if (property.type === AST_NODE_TYPES.Property && propertyKeyName(property) === name && isFunctionLike(property.value)) {
        return property.value;
      }
    }
    return undefined;
  }
  if (init.type === AST_NODE_TYPES.NewExpression && init.callee.type === AST_NODE_TYPES.Identifier) {
    const classVariable = ASTUtils.findVariable(context.sourceCode.getScope(init), init.callee.name);
    const classDefinition = classVariable?.defs[0];
    if (classDefinition?.type === 'ClassName') return classMethod(classDefinition.node, name);
  }
  return undefined;
}

function functionOfMember(node: TSESTree.Node): FunctionLike | undefined {
  if (isFunctionLike(node)) return node;
  if (
    (node.type === AST_NODE_TYPES.MethodDefinition ||
      node.type === AST_NODE_TYPES.PropertyDefinition ||
      node.type === AST_NODE_TYPES.Property) &&
    node.value &&
    isFunctionLike(node.value)
  ) {
    return node.value;
  }
  if (node.type === AST_NODE_TYPES.VariableDeclarator && node.init && isFunctionLike(node.init)) return node.init;
  return undefined;
}

/** The method (or function-valued field) `name` of a class, if written in its body. */
export function classMethod(
  owner: TSESTree.ClassDeclaration | TSESTree.ClassExpression,
  name: string,
): FunctionLike | undefined {
  for (const element of owner.body.body) {
    if (
      (element.type === AST_NODE_TYPES.MethodDefinition || element.type === AST_NODE_TYPES.PropertyDefinition) &&
      !element.computed &&
      element.key.type === AST_NODE_TYPES.Identifier &&
      element.key.name === name &&
      element.value &&
      isFunctionLike(element.value)
    ) {
      return element.value;
    }
  }
  return undefined;
}

export function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ClassDeclaration || current.type === AST_NODE_TYPES.ClassExpression) {
      return current;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// NestJS: @Controller classes with @Get/@Post... methods, @Resolver queries

const NEST_ROUTE_DECORATORS = new Set(['Get', 'Post', 'Put', 'Patch', 'Delete', 'All', 'Head', 'Options', 'Search', 'Sse']);
const NEST_MESSAGE_DECORATORS = new Set(['MessagePattern', 'EventPattern']);
const NEST_RESOLVER_DECORATORS = new Set(['Query', 'Mutation', 'ResolveField']);

function nestHandlerKind(fn: FunctionLike, context: Context): RequestHandlerKind | undefined {
  const method = fn.parent;
  if (method?.type !== AST_NODE_TYPES.MethodDefinition || method.value !== fn || method.decorators.length === 0) {
    return undefined;
  }
  const owner = method.parent.parent;
  if (owner.type !== AST_NODE_TYPES.ClassDeclaration && owner.type !== AST_NODE_TYPES.ClassExpression) return undefined;
  const classDecorators = owner.decorators.map((decorator) => decoratorName(decorator, context));
  const methodDecorators = method.decorators.map((decorator) => decoratorName(decorator, context));
  if (classDecorators.includes('Controller')) {
    if (methodDecorators.some((name) => name && NEST_ROUTE_DECORATORS.has(name))) return 'NestJS controller method';
    if (methodDecorators.some((name) => name && NEST_MESSAGE_DECORATORS.has(name))) return 'NestJS message handler';
  }
  if (classDecorators.includes('Resolver') && methodDecorators.some((name) => name && NEST_RESOLVER_DECORATORS.has(name))) {
    return 'NestJS resolver';
  }
  if (classDecorators.includes('WebSocketGateway') && methodDecorators.includes('SubscribeMessage')) {
    return 'NestJS message handler';
  }
  return undefined;
}

/**
 * `Get` for `@Get(':id')` or `@Get`, unless the decorator comes from a package
 * other than NestJS (a project's own composed decorators are accepted).
 */
function decoratorName(decorator: TSESTree.Decorator, context: Context): string | undefined {
  const expression = unwrapExpression(decorator.expression);
  const identifier =
    expression.type === AST_NODE_TYPES.Identifier
      ? expression
      : expression.type === AST_NODE_TYPES.CallExpression && expression.callee.type === AST_NODE_TYPES.Identifier
        ? expression.callee
        : undefined;
  if (!identifier) return undefined;
  const origin =
    expression.type === AST_NODE_TYPES.CallExpression
      ? resolveCallTarget(expression, context)?.origin
      : importBindingOf(identifier, context)?.origin;
  if (origin && 'packageName' in origin && !origin.packageName.startsWith('@nestjs/')) return undefined;
  return identifier.name;
}

// ---------------------------------------------------------------------------
// Next.js: app/**/route.ts exports, pages/api default exports, server actions, middleware

const NEXT_ROUTE_EXPORTS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
const ROUTE_FILE = /^route\.[cm]?[jt]sx?$/;
const MIDDLEWARE_FILE = /^(middleware|proxy)\.[cm]?[jt]s$/;

function nextHandlerKind(fn: FunctionLike, context: Context): RequestHandlerKind | undefined {
  if (fn.async && hasDirective(fn.body, 'use server')) return 'Next.js server action';
  const exports = exportedFunctions(context).get(fn);
  if (!exports) return undefined;
  const program = context.sourceCode.ast;
  if (fn.async && hasDirective(program, 'use server')) return 'Next.js server action';
  const segments = context.filename.replaceAll('\\', '/').split('/');
  const basename = segments.at(-1) ?? '';
  if (ROUTE_FILE.test(basename) && segments.includes('app') && exports.some((name) => NEXT_ROUTE_EXPORTS.has(name))) {
    return 'Next.js route handler';
  }
  const pagesIndex = segments.lastIndexOf('pages');
  if (pagesIndex !== -1 && segments[pagesIndex + 1] === 'api' && /\.[cm]?[jt]sx?$/.test(basename) && exports.includes('default')) {
    return 'Next.js API route';
  }
  if (
    MIDDLEWARE_FILE.test(basename) &&
    (exports.includes('middleware') || exports.includes('proxy') || exports.includes('default')) &&
    importsFrom(program, /^next(\/|$)/)
  ) {
    return 'Next.js middleware';
  }
  return undefined;
}

function hasDirective(body: TSESTree.Node | null | undefined, directive: string): boolean {
  if (!body || (body.type !== AST_NODE_TYPES.BlockStatement && body.type !== AST_NODE_TYPES.Program)) return false;
  for (const statement of body.body) {
    if (statement.type !== AST_NODE_TYPES.ExpressionStatement || statement.directive === undefined) return false;
    if (statement.directive === directive) return true;
  }
  return false;
}

function importsFrom(program: TSESTree.Program, specifier: RegExp): boolean {
  return program.body.some(
    (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration && specifier.test(statement.source.value),
  );
}

const exportsCache = new WeakMap<TSESTree.Program, Map<FunctionLike, string[]>>();

/**
 * Functions this module exports, with their exported names: `export function GET`,
 * `export const POST = withAuth(async (req) => …)`, `export { handler as GET }`,
 * `export default handler`.
 */
function exportedFunctions(context: Context): Map<FunctionLike, string[]> {
  const program = context.sourceCode.ast;
  const cached = exportsCache.get(program);
  if (cached) return cached;
  const found = new Map<FunctionLike, string[]>();
  const add = (fn: FunctionLike | undefined, name: string) => {
    if (!fn) return;
    const names = found.get(fn) ?? [];
    names.push(name);
    found.set(fn, names);
  };
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExportNamedDeclaration) {
      const declaration = statement.declaration;
      if (declaration?.type === AST_NODE_TYPES.FunctionDeclaration && declaration.id) {
        add(declaration, declaration.id.name);
      } else if (declaration?.type === AST_NODE_TYPES.VariableDeclaration) {
        for (const declarator of declaration.declarations) {
          if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) {
            add(exportedValueFunction(declarator.init, context), declarator.id.name);
          }
        }
      } else if (!declaration && !statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.local.type !== AST_NODE_TYPES.Identifier) continue;
          const exported =
            specifier.exported.type === AST_NODE_TYPES.Identifier ? specifier.exported.name : String(specifier.exported.value);
          add(functionBoundTo(specifier.local, context), exported);
        }
      }
    } else if (statement.type === AST_NODE_TYPES.ExportDefaultDeclaration) {
      const declaration = statement.declaration;
      if (isFunctionLike(declaration)) add(declaration, 'default');
      else if (isExpression(declaration)) add(exportedValueFunction(declaration as TSESTree.Expression, context), 'default');
    }
  }
  exportsCache.set(program, found);
  return found;
}

function exportedValueFunction(value: TSESTree.Expression, context: Context): FunctionLike | undefined {
  const expression = unwrapExpression(value);
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    // `withAuth(async (req) => …)`, `withAuth(withLogging(handler))`
    for (const argument of expression.arguments) {
      const inner = isExpression(argument) ? unwrapExpression(argument) : undefined;
      const fn =
        inner?.type === AST_NODE_TYPES.CallExpression ? exportedValueFunction(inner, context) : handlerFunctionOf(argument, context);
      if (fn) return fn;
    }
    return undefined;
  }
  return handlerFunctionOf(expression, context);
}

// ---------------------------------------------------------------------------
// Signatures: (req: Request, res: Response) from express, (c: Context) from hono...

interface SignatureRule {
  readonly packages: readonly string[];
  readonly label: RequestHandlerKind;
  /** Parameter type names that must appear in this order (from index 0 or, for error middleware, 1). */
  readonly parameters: readonly (readonly string[])[];
  /** Function types a variable can be annotated with: `const list: RequestHandler = …`. */
  readonly handlerTypes: readonly string[];
}

const SIGNATURES: readonly SignatureRule[] = [
  {
    packages: ['express', 'express-serve-static-core'],
    label: 'Express route handler',
    parameters: [['Request'], ['Response']],
    handlerTypes: ['RequestHandler', 'ErrorRequestHandler', 'Handler'],
  },
  {
    packages: ['fastify'],
    label: 'Fastify route handler',
    parameters: [['FastifyRequest'], ['FastifyReply']],
    handlerTypes: ['RouteHandlerMethod', 'RouteHandler'],
  },
  {
    packages: ['next'],
    label: 'Next.js API route',
    parameters: [['NextApiRequest'], ['NextApiResponse']],
    handlerTypes: ['NextApiHandler'],
  },
  {
    packages: ['koa'],
    label: 'Koa middleware',
    parameters: [['Context', 'ParameterizedContext'], ['Next']],
    handlerTypes: ['Middleware'],
  },
  {
    packages: ['@koa/router', 'koa-router'],
    label: 'Koa route handler',
    parameters: [['RouterContext'], ['Next']],
    handlerTypes: ['RouterMiddleware', 'Middleware'],
  },
  {
    packages: ['hono'],
    label: 'Hono route handler',
    parameters: [['Context']],
    handlerTypes: ['Handler', 'MiddlewareHandler'],
  },
];

/**
 * A function declared with a framework's request types (`(req: Request, res:
 * Response)` imported from express) runs per request even when it is
 * registered in another file, as controllers split from their routers are.
 */
function handlerKindBySignature(fn: FunctionLike, context: Context): RequestHandlerKind | undefined {
  const annotated = variableTypeOf(fn);
  if (annotated) {
    const reference = typeReferenceOrigin(annotated, context);
    const rule = reference && SIGNATURES.find((candidate) => isOneOf(reference.origin, candidate.packages));
    if (rule && reference && rule.handlerTypes.includes(reference.name)) return rule.label;
  }
  if (fn.params.length === 0) return undefined;
  const parameterTypes = fn.params.map((param) => {
    const annotation = 'typeAnnotation' in param ? param.typeAnnotation : undefined;
    return annotation ? typeReferenceOrigin(annotation.typeAnnotation, context) : undefined;
  });
  for (const rule of SIGNATURES) {
    for (const start of [0, 1]) {
      const first = parameterTypes[start];
      if (!first || !isOneOf(first.origin, rule.packages) || !rule.parameters[0]?.includes(first.name)) continue;
      const secondRequired = rule.parameters[1];
      if (rule.label === 'Express route handler' || rule.label === 'Fastify route handler' || rule.label === 'Next.js API route') {
        const second = parameterTypes[start + 1];
        if (!second || !isOneOf(second.origin, rule.packages) || !secondRequired?.includes(second.name)) continue;
        return rule.label;
      }
      // Context-only signatures (Koa, Hono): the context must be the first parameter, next (if any) the second.
      if (start !== 0 || fn.params.length > 2) continue;
      return rule.label;
    }
  }
  return undefined;
}

function variableTypeOf(fn: FunctionLike): TSESTree.TypeNode | undefined {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) {
    return parent.id.typeAnnotation?.typeAnnotation;
  }
  return undefined;
}

function isOneOf(origin: ModuleOrigin, packages: readonly string[]): boolean {
  return 'packageName' in origin && packages.includes(origin.packageName);
}

/** `Request` imported from express, `express.Request`, `Koa.Context`: the type's name and module. */
function typeReferenceOrigin(
  type: TSESTree.TypeNode,
  context: Context,
): { name: string; origin: ModuleOrigin } | undefined {
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const typeName = type.typeName;
  if (typeName.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(typeName, context);
    if (!binding) return undefined;
    const name = binding.imported === 'default' || binding.imported === '*' ? typeName.name : binding.imported;
    return { name, origin: binding.origin };
  }
  if (typeName.type === AST_NODE_TYPES.TSQualifiedName && typeName.left.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(typeName.left, context);
    if (!binding || (binding.imported !== 'default' && binding.imported !== '*')) return undefined;
    return { name: typeName.right.name, origin: binding.origin };
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Small AST helpers

function propertyKeyName(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

function walk(
  root: TSESTree.Node,
  visitorKeys: TSESLint.SourceCode.VisitorKeys,
  visit: (node: TSESTree.Node) => void,
): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    const keys = visitorKeys[node.type] ?? [];
    for (const key of keys) {
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

