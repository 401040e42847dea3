import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { declarationOf, getTypeServices, importBindingOf, memberName, unwrapExpression, type ImportBinding } from './origin.js';
import { isUndeclared } from '../util/ast.js';

/**
 * Which calls make outbound HTTP requests, and which `new` expressions build
 * LLM SDK clients, with the options that may bound them in time.
 *
 * A request is recognised by where its client comes from, never by a name alone:
 * - the global `fetch` (not shadowed), `fetch`/`request` from undici, node-fetch
 *   and cross-fetch;
 * - axios (`axios(config)`, `axios.get/post/…/request`), got, ky and superagent
 *   imported from their packages, and `http(s).request/get`;
 * - instances made from them (`axios.create(config)`, `got.extend`,
 *   `ky.create/extend`), followed to where they are created: a `const` or a class
 *   property in this file, or, with type information, a variable exported by
 *   another module of the project.
 *
 * Every request carries the option objects that apply to it, the call's own
 * first and then those of the instance it goes through. An object that cannot
 * be seen (a parameter, a call result, an instance injected from elsewhere) is
 * `unknown`: rules stay silent rather than guess.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type HttpLibrary = 'fetch' | 'node-fetch' | 'undici' | 'axios' | 'got' | 'ky' | 'superagent' | 'http';

export interface HttpLibrarySpec {
  /** Option keys that bound the request in time. */
  readonly timeoutOptions: readonly string[];
  /** Whether the library accepts an `AbortSignal` as `signal`. */
  readonly signalOption: boolean;
  /** Option keys that may carry a timeout the rule cannot see (a dispatcher, an agent, a cancel token). */
  readonly opaqueOptions: readonly string[];
  /** Whether a request without options is bounded anyway (ky: 10 seconds). */
  readonly boundedByDefault: boolean;
}

export const HTTP_LIBRARIES: Readonly<Record<HttpLibrary, HttpLibrarySpec>> = {
  fetch: { timeoutOptions: [], signalOption: true, opaqueOptions: ['dispatcher'], boundedByDefault: false },
  // node-fetch 2 reads `timeout`; 3 only `signal`.
  'node-fetch': { timeoutOptions: ['timeout'], signalOption: true, opaqueOptions: ['agent'], boundedByDefault: false },
  undici: {
    timeoutOptions: ['headersTimeout', 'bodyTimeout'],
    signalOption: true,
    opaqueOptions: ['dispatcher'],
    boundedByDefault: false,
  },
  axios: { timeoutOptions: ['timeout'], signalOption: true, opaqueOptions: ['cancelToken'], boundedByDefault: false },
  got: { timeoutOptions: ['timeout'], signalOption: true, opaqueOptions: [], boundedByDefault: false },
  ky: { timeoutOptions: ['timeout'], signalOption: true, opaqueOptions: [], boundedByDefault: true },
  superagent: { timeoutOptions: [], signalOption: false, opaqueOptions: [], boundedByDefault: false },
  http: { timeoutOptions: ['timeout'], signalOption: true, opaqueOptions: ['agent'], boundedByDefault: false },
};

/** One source of options for a request. */
export type RequestOptions =
  /** An object literal in this file. */
  | { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression }
  /** An object literal in another module (an instance created there), seen through the type checker. */
  | { readonly kind: 'ts-object'; readonly node: ts.ObjectLiteralExpression }
  /** A timeout set outside an options object: `.timeout(ms)` chained, `req.setTimeout()`, `axios.defaults.timeout = …`. */
  | { readonly kind: 'timeout-set' }
  /** Options that exist but cannot be seen. */
  | { readonly kind: 'unknown' };

export interface OutboundRequest {
  readonly library: HttpLibrary;
  readonly call: TSESTree.CallExpression;
  /** The call's own options, then the instance's (innermost creation first). Empty when nothing is passed anywhere. */
  readonly options: readonly RequestOptions[];
  /** Whether the call goes through an instance (`api.get`) rather than the library itself. */
  readonly viaInstance: boolean;
}

/** The libraries and the packages that export them; `imported` lists the exports that are the library's request function or module object. */
const PACKAGES: readonly { packageName: string; library: HttpLibrary; module: readonly string[]; functions: readonly string[] }[] = [
  { packageName: 'axios', library: 'axios', module: ['default', '*', 'axios'], functions: [] },
  { packageName: 'got', library: 'got', module: ['default', '*', 'got'], functions: [] },
  { packageName: 'ky', library: 'ky', module: ['default', 'ky'], functions: [] },
  { packageName: 'superagent', library: 'superagent', module: ['default', '*'], functions: [] },
  { packageName: 'node-fetch', library: 'node-fetch', module: [], functions: ['default', '*'] },
  { packageName: 'cross-fetch', library: 'node-fetch', module: [], functions: ['default', '*', 'fetch'] },
  { packageName: 'undici', library: 'undici', module: ['*', 'default'], functions: ['fetch', 'request'] },
  { packageName: 'http', library: 'http', module: ['*', 'default'], functions: ['request', 'get'] },
  { packageName: 'https', library: 'http', module: ['*', 'default'], functions: ['request', 'get'] },
];

/** Request methods on each library's module object or instances, and where their options argument sits. */
const METHODS: Readonly<Partial<Record<HttpLibrary, Readonly<Record<string, number>>>>> = {
  axios: {
    request: 0,
    get: 1,
    delete: 1,
    head: 1,
    options: 1,
    post: 2,
    put: 2,
    patch: 2,
    postForm: 2,
    putForm: 2,
    patchForm: 2,
  },
  got: { get: 1, post: 1, put: 1, patch: 1, delete: 1, head: 1, stream: 1 },
  ky: { get: 1, post: 1, put: 1, patch: 1, delete: 1, head: 1 },
  superagent: { get: -1, post: -1, put: -1, patch: -1, del: -1, delete: -1, head: -1, options: -1 },
  http: { request: -2, get: -2 },
  undici: { fetch: 1, request: 1 },
};

/** How each library makes an instance from itself or from another instance. */
const INSTANCE_FACTORIES: Readonly<Partial<Record<HttpLibrary, readonly string[]>>> = {
  axios: ['create'],
  got: ['extend'],
  ky: ['create', 'extend'],
};

interface Client {
  readonly library: HttpLibrary;
  /** `module`: the library object (`axios`); `function`: a request function (`fetch`, `https.get`); `instance`: made by a factory. */
  readonly kind: 'module' | 'function' | 'instance';
  /** For a function: which one (`request`, `get`, `fetch`). */
  readonly functionName?: string;
  /** Options of the creations that made an instance, innermost first. */
  readonly options: readonly RequestOptions[];
}

const cache = new WeakMap<TSESTree.CallExpression, OutboundRequest | null>();

/** The outbound HTTP request a call makes, if it makes one. */
export function outboundRequestOf(call: TSESTree.CallExpression, context: Context): OutboundRequest | undefined {
  const cached = cache.get(call);
  if (cached !== undefined) return cached ?? undefined;
  const found = findRequest(call, context);
  cache.set(call, found ?? null);
  return found;
}

function findRequest(call: TSESTree.CallExpression, context: Context): OutboundRequest | undefined {
  const callee = unwrapExpression(call.callee);
  if (isGlobalFetch(callee, context)) return request('fetch', call, fetchOptions(call, context), [], false);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const client = clientOf(callee, context, 0);
    if (!client) return undefined;
    if (client.kind === 'function') return functionRequest(client, call, context);
    // `axios(config)`, `api(url, config)`, `got(url, options)`, `ky(url)`, `superagent('GET', url)`.
    if (client.library === 'superagent') return request('superagent', call, chainedOptions(call, context, 'timeout'), [], false);
    if (client.library === 'http' || client.library === 'undici') return undefined;
    const own = client.library === 'axios' ? axiosCallOptions(call, context) : optionsAt(call.arguments, 1, context, true);
    return request(client.library, call, own, withDefaults(client, callee.name, context), client.kind === 'instance');
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (!method) return undefined;
  const receiver = unwrapExpression(callee.object);
  const client = clientOf(receiver, context, 0);
  if (!client || client.kind === 'function') return undefined;
  const index = METHODS[client.library]?.[method];
  if (index === undefined) return undefined;
  const receiverName = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : undefined;
  const inherited = withDefaults(client, receiverName, context);
  const viaInstance = client.kind === 'instance';
  if (client.library === 'undici') {
    return request(method === 'fetch' ? 'fetch' : 'undici', call, method === 'fetch' ? fetchOptions(call, context) : optionsAt(call.arguments, 1, context, false), inherited, viaInstance);
  }
  if (index === -1) return request(client.library, call, chainedOptions(call, context, 'timeout'), inherited, viaInstance);
  if (index === -2) return request(client.library, call, [...httpOptions(call, context), ...chainedOptions(call, context, 'setTimeout')], inherited, viaInstance);
  return request(client.library, call, optionsAt(call.arguments, index, context, false), inherited, viaInstance);
}

function request(
  library: HttpLibrary,
  call: TSESTree.CallExpression,
  own: readonly RequestOptions[],
  inherited: readonly RequestOptions[],
  viaInstance: boolean,
): OutboundRequest {
  return { library, call, options: [...own, ...inherited], viaInstance };
}

function functionRequest(client: Client, call: TSESTree.CallExpression, context: Context): OutboundRequest {
  if (client.library === 'http') {
    return request('http', call, [...httpOptions(call, context), ...chainedOptions(call, context, 'setTimeout')], [], false);
  }
  if (client.library === 'undici' && client.functionName === 'request') {
    return request('undici', call, optionsAt(call.arguments, 1, context, false), [], false);
  }
  const library = client.library === 'undici' ? 'fetch' : client.library;
  return request(library, call, fetchOptions(call, context), [], false);
}

// ---------------------------------------------------------------------------
// Where a client comes from

function isGlobalFetch(callee: TSESTree.Expression, context: Context): boolean {
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name === 'fetch' && isUndeclared(callee, context);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    memberName(callee) === 'fetch' &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    ['globalThis', 'window', 'self', 'global'].includes(callee.object.name) &&
    isUndeclared(callee.object, context)
  );
}


function clientOf(expression: TSESTree.Expression, context: Context, depth: number): Client | undefined {
  if (depth > 4) return undefined;
  const node = unwrapExpression(expression);
  if (node.type === AST_NODE_TYPES.Identifier) return clientOfIdentifier(node, context, depth);
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type === AST_NODE_TYPES.ThisExpression) {
    const name = memberName(node);
    const initializer = name ? classPropertyInitializer(node, name) : undefined;
    if (initializer) return clientOfInitializer(initializer, context, depth + 1);
    return clientThroughTypes(node, context);
  }
  if (node.type === AST_NODE_TYPES.CallExpression) return instanceFromFactory(node, context, depth);
  return undefined;
}

function clientOfIdentifier(identifier: TSESTree.Identifier, context: Context, depth: number): Client | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  if (definition.type === 'Variable') {
    const declarator = definition.node;
    if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init || declarator.parent.kind !== 'const') return undefined;
    // `const http = require('node:http')` names the module; any other initialiser must be a known factory call.
    if (!isRequireCall(declarator.init)) return clientOfInitializer(declarator.init, context, depth + 1);
  }
  const binding = importBindingOf(identifier, context);
  if (binding && 'packageName' in binding.origin) return clientOfBinding(binding);
  if (binding && definition.type === 'ImportBinding') return clientThroughTypes(identifier, context);
  return undefined;
}

function isRequireCall(init: TSESTree.Expression): boolean {
  const node = unwrapExpression(init);
  return node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'require';
}

function clientOfBinding(binding: ImportBinding): Client | undefined {
  if (!('packageName' in binding.origin)) return undefined;
  const packageName = binding.origin.packageName;
  const entry = PACKAGES.find((candidate) => candidate.packageName === packageName);
  if (!entry) return undefined;
  if (entry.functions.includes(binding.imported)) {
    return { library: entry.library, kind: 'function', functionName: binding.imported, options: [] };
  }
  if (entry.module.includes(binding.imported)) return { library: entry.library, kind: 'module', options: [] };
  return undefined;
}

function clientOfInitializer(init: TSESTree.Expression, context: Context, depth: number): Client | undefined {
  let node = unwrapExpression(init);
  if (node.type === AST_NODE_TYPES.AwaitExpression) node = unwrapExpression(node.argument);
  if (node.type === AST_NODE_TYPES.CallExpression) return instanceFromFactory(node, context, depth);
  if (node.type === AST_NODE_TYPES.Identifier) return clientOfIdentifier(node, context, depth);
  return undefined;
}

/** `axios.create(config)`, `got.extend(options)`, `ky.create(options)`, `api.extend(options)`. */
function instanceFromFactory(call: TSESTree.CallExpression, context: Context, depth: number): Client | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const factory = memberName(callee);
  if (!factory) return undefined;
  const parent = clientOf(callee.object, context, depth + 1);
  if (!parent || parent.kind === 'function' || !INSTANCE_FACTORIES[parent.library]?.includes(factory)) return undefined;
  return { library: parent.library, kind: 'instance', options: [...optionsAt(call.arguments, 0, context, false), ...parent.options] };
}

/** `private readonly http = axios.create(…)` or `this.http = axios.create(…)` in the constructor of the enclosing class. */
function classPropertyInitializer(member: TSESTree.MemberExpression, name: string): TSESTree.Expression | undefined {
  let classNode: TSESTree.Node | undefined = member.parent;
  while (classNode && classNode.type !== AST_NODE_TYPES.ClassBody) classNode = classNode.parent;
  if (!classNode) return undefined;
  for (const element of classNode.body) {
    if (
      element.type === AST_NODE_TYPES.PropertyDefinition &&
      !element.computed &&
      element.key.type === AST_NODE_TYPES.Identifier &&
      element.key.name === name &&
      element.value
    ) {
      return element.value;
    }
    if (element.type === AST_NODE_TYPES.MethodDefinition && element.kind === 'constructor') {
      for (const statement of element.value.body?.body ?? []) {
        if (statement.type !== AST_NODE_TYPES.ExpressionStatement) continue;
        const expression = statement.expression;
        if (
          expression.type === AST_NODE_TYPES.AssignmentExpression &&
          expression.left.type === AST_NODE_TYPES.MemberExpression &&
          expression.left.object.type === AST_NODE_TYPES.ThisExpression &&
          memberName(expression.left) === name
        ) {
          return expression.right;
        }
      }
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Instances created in another module, through the type checker

function clientThroughTypes(node: TSESTree.Node, context: Context): Client | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const target = ts.isPropertyAccessExpression(tsNode) ? tsNode.name : tsNode;
  const declaration = declarationOf(checker, target);
  if (!declaration) return undefined;
  return tsClientOfDeclaration(declaration, checker, 0);
}

function tsClientOfDeclaration(declaration: ts.Declaration, checker: ts.TypeChecker, depth: number): Client | undefined {
  if ((ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.initializer) {
    return tsClientOfExpression(declaration.initializer, checker, depth + 1);
  }
  if (ts.isExportAssignment(declaration)) return tsClientOfExpression(declaration.expression, checker, depth + 1);
  return undefined;
}

function tsClientOfExpression(expression: ts.Expression, checker: ts.TypeChecker, depth: number): Client | undefined {
  if (depth > 4) return undefined;
  let node = expression;
  while (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isSatisfiesExpression(node)) {
    node = node.expression;
  }
  if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
    const factory = node.expression.name.text;
    const parent = tsClientOfExpression(node.expression.expression, checker, depth + 1);
    if (!parent || parent.kind === 'function' || !INSTANCE_FACTORIES[parent.library]?.includes(factory)) return undefined;
    const argument = node.arguments[0];
    const own: RequestOptions[] =
      argument === undefined ? [] : ts.isObjectLiteralExpression(argument) ? [{ kind: 'ts-object', node: argument }] : [{ kind: 'unknown' }];
    return { library: parent.library, kind: 'instance', options: [...own, ...parent.options] };
  }
  if (!ts.isIdentifier(node)) return undefined;
  const symbol = checker.getSymbolAtLocation(node);
  const first = symbol?.declarations?.[0];
  if (!first) return undefined;
  const imported = tsImportBinding(first);
  if (imported) return clientOfBinding(imported);
  const declaration = declarationOf(checker, node);
  return declaration ? tsClientOfDeclaration(declaration, checker, depth + 1) : undefined;
}

/** `import axios from 'axios'` seen from the TypeScript AST of another module (the package need not be installed). */
function tsImportBinding(declaration: ts.Declaration): ImportBinding | undefined {
  let imported: string;
  let importDeclaration: ts.Node;
  if (ts.isImportClause(declaration)) {
    imported = 'default';
    importDeclaration = declaration.parent;
  } else if (ts.isNamespaceImport(declaration)) {
    imported = '*';
    importDeclaration = declaration.parent.parent;
  } else if (ts.isImportSpecifier(declaration)) {
    imported = (declaration.propertyName ?? declaration.name).text;
    importDeclaration = declaration.parent.parent.parent;
  } else {
    return undefined;
  }
  if (!ts.isImportDeclaration(importDeclaration) || !ts.isStringLiteral(importDeclaration.moduleSpecifier)) return undefined;
  const specifier = importDeclaration.moduleSpecifier.text;
  if (specifier.startsWith('.')) return undefined;
  return { origin: { packageName: specifier.replace(/^node:/, '') }, imported };
}

// ---------------------------------------------------------------------------
// The options a call passes

/** The options argument at `index`; `allowFirst` also accepts a lone object first argument (`axios(config)`, `got({ url })`). */
function optionsAt(
  args: readonly TSESTree.CallExpressionArgument[],
  index: number,
  context: Context,
  allowFirst: boolean,
): RequestOptions[] {
  if (args.some((argument, position) => argument.type === AST_NODE_TYPES.SpreadElement && position <= index)) return [{ kind: 'unknown' }];
  const argument = args[index] as TSESTree.Expression | undefined;
  if (argument) return optionsOf(argument, context);
  const first = args[0] as TSESTree.Expression | undefined;
  if (allowFirst && first && args.length === 1) {
    const options = optionsOf(first, context);
    return options.length === 1 && options[0]?.kind === 'object' ? options : looksLikeUrl(first, context) ? [] : [{ kind: 'unknown' }];
  }
  return [];
}

/** `axios(config)` or `axios(url[, config])`. */
function axiosCallOptions(call: TSESTree.CallExpression, context: Context): RequestOptions[] {
  return optionsAt(call.arguments, 1, context, true);
}

function fetchOptions(call: TSESTree.CallExpression, context: Context): RequestOptions[] {
  if (call.arguments.length >= 2) return optionsAt(call.arguments, 1, context, false);
  const input = call.arguments[0];
  // `fetch(request)`: a Request object carries its own signal.
  if (!input || input.type === AST_NODE_TYPES.SpreadElement || !looksLikeUrl(input, context)) return [{ kind: 'unknown' }];
  return [];
}

/** `http.request(url, options, callback)` / `http.request(options, callback)` / `https.get(url, callback)`. */
function httpOptions(call: TSESTree.CallExpression, context: Context): RequestOptions[] {
  const options: RequestOptions[] = [];
  for (const argument of call.arguments) {
    if (argument.type === AST_NODE_TYPES.SpreadElement) return [{ kind: 'unknown' }];
    const node = unwrapExpression(argument);
    if (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) continue;
    if (looksLikeUrl(node, context)) continue;
    options.push(...optionsOf(node, context));
  }
  return options;
}

/** An object literal, or a `const` initialised with one in this file; anything else cannot be seen. */
function optionsOf(argument: TSESTree.Expression, context: Context): RequestOptions[] {
  const node = unwrapExpression(argument);
  if (node.type === AST_NODE_TYPES.ObjectExpression) return [{ kind: 'object', node }];
  if (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined') return [];
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node.name);
    const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (definition?.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.Identifier && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (init.type === AST_NODE_TYPES.ObjectExpression && !isMutated(variable)) return [{ kind: 'object', node: init }];
    }
  }
  return [{ kind: 'unknown' }];
}

/** `init.signal = …` or `Object.assign(init, …)` after the declaration: the literal is not the whole story. */
function isMutated(variable: ReturnType<typeof ASTUtils.findVariable>): boolean {
  return (variable?.references ?? []).some((reference) => {
    const parent = reference.identifier.parent;
    return (
      (parent?.type === AST_NODE_TYPES.MemberExpression &&
        parent.object === reference.identifier &&
        parent.parent.type === AST_NODE_TYPES.AssignmentExpression &&
        parent.parent.left === parent) ||
      (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(reference.identifier as TSESTree.Expression))
    );
  });
}

/** A string, template, `new URL(…)`, or (with types) an expression typed `string`/`URL`; untyped, a name that says it is an address. */
function looksLikeUrl(argument: TSESTree.Expression, context: Context): boolean {
  const node = unwrapExpression(argument);
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string';
  if (node.type === AST_NODE_TYPES.TemplateLiteral || node.type === AST_NODE_TYPES.BinaryExpression) return true;
  if (node.type === AST_NODE_TYPES.NewExpression) return node.callee.type === AST_NODE_TYPES.Identifier && node.callee.name === 'URL';
  if (node.type === AST_NODE_TYPES.ObjectExpression) return false;
  const services = getTypeServices(context);
  if (services) {
    const type = services.getTypeAtLocation(node);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return false;
    const checker = services.program.getTypeChecker();
    return (type.isUnion() ? type.types : [type]).every(
      (part) => (part.flags & ts.TypeFlags.StringLike) !== 0 || checker.typeToString(part) === 'URL',
    );
  }
  const name =
    node.type === AST_NODE_TYPES.Identifier
      ? node.name
      : node.type === AST_NODE_TYPES.MemberExpression
        ? memberName(node)
        : node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression
          ? memberName(node.callee)
          : undefined;
  return name !== undefined && /(?:url|uri|href|endpoint|address|link|toString)$/i.test(name);
}

/**
 * A timeout set on what the call returns: superagent's `.timeout(ms)` in the
 * chain, or `req.setTimeout(ms)` on the `http.ClientRequest` kept in a variable.
 * A request kept in a variable that leaves this function may be bounded elsewhere.
 */
function chainedOptions(call: TSESTree.CallExpression, context: Context, method: string): RequestOptions[] {
  let top: TSESTree.Node = call;
  while (
    top.parent?.type === AST_NODE_TYPES.MemberExpression &&
    top.parent.object === top &&
    top.parent.parent.type === AST_NODE_TYPES.CallExpression &&
    top.parent.parent.callee === top.parent
  ) {
    const name = memberName(top.parent);
    if (name === method || (name === 'on' && isTimeoutListener(top.parent.parent))) return [{ kind: 'timeout-set' }];
    top = top.parent.parent;
  }
  const holder = top.parent;
  if (holder?.type !== AST_NODE_TYPES.VariableDeclarator || holder.id.type !== AST_NODE_TYPES.Identifier) {
    return holder?.type === AST_NODE_TYPES.AssignmentExpression ? [{ kind: 'unknown' }] : [];
  }
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(holder), holder.id.name);
  for (const reference of variable?.references ?? []) {
    const parent = reference.identifier.parent;
    if (reference.init) continue;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier) {
      const name = memberName(parent);
      if (name === method || (name === 'on' && isTimeoutListener(parent.parent))) return [{ kind: 'timeout-set' }];
      continue;
    }
    return [{ kind: 'unknown' }];
  }
  return [];
}

function isTimeoutListener(node: TSESTree.Node | undefined): boolean {
  const first = node?.type === AST_NODE_TYPES.CallExpression ? node.arguments[0] : undefined;
  return first?.type === AST_NODE_TYPES.Literal && first.value === 'timeout';
}

/** `axios.defaults.timeout = 10_000` (or `api.defaults.timeout`) anywhere in this module bounds that client's requests. */
function withDefaults(client: Client, localName: string | undefined, context: Context): RequestOptions[] {
  if (client.library === 'axios' && localName && defaultsTimeoutNames(context).has(localName)) {
    return [{ kind: 'timeout-set' }, ...client.options];
  }
  return [...client.options];
}

const defaultsCache = new WeakMap<TSESTree.Program, Set<string>>();

function defaultsTimeoutNames(context: Context): Set<string> {
  const program = context.sourceCode.ast;
  let names = defaultsCache.get(program);
  if (names) return names;
  names = new Set();
  const found = names;
  const text = context.sourceCode.text;
  if (text.includes('.defaults')) {
    const visit = (node: TSESTree.Node): void => {
      if (
        node.type === AST_NODE_TYPES.AssignmentExpression &&
        node.left.type === AST_NODE_TYPES.MemberExpression &&
        memberName(node.left) === 'timeout' &&
        node.left.object.type === AST_NODE_TYPES.MemberExpression &&
        memberName(node.left.object) === 'defaults' &&
        node.left.object.object.type === AST_NODE_TYPES.Identifier
      ) {
        found.add(node.left.object.object.name);
      }
      for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
        const child = (node as unknown as Record<string, unknown>)[key];
        for (const item of Array.isArray(child) ? child : [child]) {
          if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string') visit(item as TSESTree.Node);
        }
      }
    };
    visit(program);
  }
  defaultsCache.set(program, names);
  return names;
}

// ---------------------------------------------------------------------------
// LLM SDK clients

export interface LlmClientSpec {
  /** How messages name the SDK. */
  readonly sdk: string;
  readonly packages: readonly string[];
  /** Exported client classes; `default` when the default export is one, `*` when `require()` returns it. */
  readonly classes: readonly string[];
  /** The constructor option that bounds every request. */
  readonly timeoutOption: string;
  /** Options that may bound requests in a way the rule cannot see (a custom fetch or HTTP client). */
  readonly opaqueOptions: readonly string[];
  /** What happens without the option, as a phrase: `up to 10 minutes per attempt, retried twice`. */
  readonly defaultWait: string;
}

export const LLM_CLIENTS: readonly LlmClientSpec[] = [
  {
    sdk: 'OpenAI',
    packages: ['openai'],
    classes: ['default', '*', 'OpenAI', 'AzureOpenAI'],
    timeoutOption: 'timeout',
    opaqueOptions: ['fetch'],
    defaultWait: 'up to 10 minutes per attempt (the SDK default), and a timed-out request is retried twice',
  },
  {
    sdk: 'Anthropic',
    packages: ['@anthropic-ai/sdk', '@anthropic-ai/bedrock-sdk', '@anthropic-ai/vertex-sdk'],
    classes: ['default', '*', 'Anthropic', 'AnthropicBedrock', 'AnthropicVertex'],
    timeoutOption: 'timeout',
    opaqueOptions: ['fetch'],
    defaultWait: 'up to 10 minutes per attempt (the SDK default), and a timed-out request is retried twice',
  },
  {
    sdk: 'Groq',
    packages: ['groq-sdk'],
    classes: ['default', '*', 'Groq'],
    timeoutOption: 'timeout',
    opaqueOptions: ['fetch'],
    defaultWait: 'up to 1 minute per attempt (the SDK default), and a timed-out request is retried twice',
  },
  {
    sdk: 'Mistral',
    packages: ['@mistralai/mistralai'],
    classes: ['Mistral'],
    timeoutOption: 'timeoutMs',
    opaqueOptions: ['httpClient'],
    defaultWait: 'with no limit at all (the SDK sets no timeout unless `timeoutMs` is given)',
  },
  {
    sdk: 'Cohere',
    packages: ['cohere-ai'],
    classes: ['CohereClient', 'CohereClientV2'],
    timeoutOption: 'timeoutInSeconds',
    opaqueOptions: ['fetcher'],
    defaultWait: 'up to 5 minutes (the SDK default of 300 seconds)',
  },
];

export interface LlmClientConstruction {
  readonly spec: LlmClientSpec;
  readonly node: TSESTree.NewExpression;
  /** The constructor's options argument, as a request options source (empty when none is passed). */
  readonly options: readonly RequestOptions[];
}

/** The LLM SDK client a `new` expression builds, if any. */
export function llmClientOf(node: TSESTree.NewExpression, context: Context): LlmClientConstruction | undefined {
  const spec = llmClientSpecOf(node, context);
  if (!spec) return undefined;
  const first = node.arguments[0];
  const options: RequestOptions[] =
    first === undefined ? [] : first.type === AST_NODE_TYPES.SpreadElement ? [{ kind: 'unknown' }] : optionsOf(first, context);
  return { spec, node, options };
}

function llmClientSpecOf(node: TSESTree.NewExpression, context: Context): LlmClientSpec | undefined {
  const callee = unwrapExpression(node.callee);
  const services = getTypeServices(context);
  if (services) {
    const nameNode = callee.type === AST_NODE_TYPES.MemberExpression ? callee.property : callee;
    const declaration = declarationOf(services.program.getTypeChecker(), services.esTreeNodeToTSNodeMap.get(nameNode));
    if (declaration && ts.isClassDeclaration(declaration) && declaration.name) {
      const className = declaration.name.text;
      const fileName = declaration.getSourceFile().fileName.replaceAll('\\', '/');
      const spec = LLM_CLIENTS.find((candidate) => candidate.classes.includes(className) && candidate.packages.some((name) => fileName.includes(`/node_modules/${name}/`)));
      if (spec) return spec;
      if (fileName.includes('/node_modules/')) return undefined;
    }
  }
  let binding: ImportBinding | undefined;
  let imported: string | undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    binding = importBindingOf(callee, context);
    imported = binding?.imported;
  } else if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
    binding = importBindingOf(callee.object, context);
    imported = binding && (binding.imported === '*' || binding.imported === 'default') ? memberName(callee) : undefined;
  }
  if (!binding || !imported || !('packageName' in binding.origin)) return undefined;
  const packageName = binding.origin.packageName;
  return LLM_CLIENTS.find((candidate) => candidate.packages.includes(packageName) && candidate.classes.includes(imported));
}
