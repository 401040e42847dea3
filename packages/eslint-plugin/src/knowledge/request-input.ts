import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isFunctionLike, requestHandlerKind } from './handlers.js';
import { memberName, unwrapExpression } from './origin.js';

/**
 * Where a request handler reads what the client sent: the places a value is
 * under the caller's control.
 *
 * - `req.body|query|params|headers|cookies` (Express, Fastify's `request`),
 *   with the request being a parameter named `req`/`request` or the first
 *   parameter of a recognised request handler;
 * - Koa's `ctx.request.body|query`, `ctx.query`, `ctx.params` on a handler's
 *   context parameter;
 * - reading the body of a web `Request` (`await request.json()`, `formData()`,
 *   `text()`), Hono's `c.req.json()`, `c.req.query()`, `c.req.param()`,
 *   `c.req.parseBody()`;
 * - NestJS parameters decorated with `@Body`, `@Query`, `@Param`, `@Headers`
 *   (a pipe in the decorator, `@Param('id', ParseUUIDPipe)`, marks it validated);
 * - Next.js: the `params` of a route handler's context (`{ params }` or
 *   `ctx.params`) and of a page component, a page's `searchParams`, and the
 *   search parameters of the request URL (`new URL(request.url).searchParams`,
 *   `request.nextUrl.searchParams`);
 * - Express's header getters `req.get('x')` / `req.header('x')`.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type RequestPart = 'body' | 'query' | 'params' | 'headers' | 'cookies';

export interface RequestInput {
  /** How a message shows the source: `req.body`, `ctx.request.body`, `@Body() dto`, `request.json()`. */
  readonly label: string;
  /** Which part of the request the value comes from (a body read covers form data and text). */
  readonly part: RequestPart;
  /** A framework validated it against a declared schema or pipe (Hono `c.req.valid()`, a NestJS pipe). */
  readonly validated?: boolean;
}

const REQUEST_PARTS = new Set(['body', 'query', 'params', 'headers', 'cookies']);
const KOA_CONTEXT_PARTS = new Set(['query', 'params']);
const BODY_READERS = new Set(['json', 'formData', 'text']);
const HONO_READERS = new Map<string, RequestPart>([
  ['json', 'body'],
  ['formData', 'body'],
  ['text', 'body'],
  ['parseBody', 'body'],
  ['valid', 'body'],
  ['query', 'query'],
  ['queries', 'query'],
  ['param', 'params'],
  ['header', 'headers'],
]);
const NEST_INPUT_DECORATORS = new Map<string, RequestPart>([
  ['Body', 'body'],
  ['Query', 'query'],
  ['Param', 'params'],
  ['Headers', 'headers'],
]);
const HEADER_GETTERS = new Set(['get', 'header']);
const NEXT_PAGE_FILE = /^page\.[cm]?[jt]sx?$/;
const REQUEST_NAME = /^(?:req|request)$/;

/** The request input an expression reads directly, if any (not following variables: that is the tracer's job). */
export function requestInputOf(node: TSESTree.Node, context: Context): RequestInput | undefined {
  if (node.type === AST_NODE_TYPES.MemberExpression) return requestPartRead(node, context);
  if (node.type === AST_NODE_TYPES.CallExpression) return requestBodyRead(node, context);
  if (node.type === AST_NODE_TYPES.Identifier) return decoratedInputParameter(node, context);
  return undefined;
}

function requestPartRead(member: TSESTree.MemberExpression, context: Context): RequestInput | undefined {
  const part = memberName(member);
  if (!part) return undefined;
  const object = unwrapExpression(member.object);
  if (REQUEST_PARTS.has(part) && object.type === AST_NODE_TYPES.Identifier && isRequestParameter(object, context)) {
    return { label: `${object.name}.${part}`, part: part as RequestPart };
  }
  if (part === 'params' && object.type === AST_NODE_TYPES.Identifier && isNextContextParameter(object, context)) {
    return { label: `${object.name}.params`, part: 'params' };
  }
  if (part === 'searchParams' && isRequestUrl(object, context)) return { label: 'searchParams', part: 'query' };
  // Koa: ctx.request.body, ctx.query, ctx.params
  if (object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'request' && REQUEST_PARTS.has(part)) {
    const root = unwrapExpression(object.object);
    if (root.type === AST_NODE_TYPES.Identifier && isHandlerParameter(root, context, 0)) {
      return { label: `${root.name}.request.${part}`, part: part as RequestPart };
    }
  }
  if (KOA_CONTEXT_PARTS.has(part) && object.type === AST_NODE_TYPES.Identifier && object.name === 'ctx' && isHandlerParameter(object, context, 0)) {
    return { label: `ctx.${part}`, part: part as RequestPart };
  }
  return undefined;
}

function requestBodyRead(call: TSESTree.CallExpression, context: Context): RequestInput | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (!method) return undefined;
  const receiver = unwrapExpression(callee.object);
  if (receiver.type === AST_NODE_TYPES.Identifier && isRequestParameter(receiver, context)) {
    if (BODY_READERS.has(method)) return { label: `${receiver.name}.${method}()`, part: 'body' };
    if (HEADER_GETTERS.has(method) && call.arguments.length === 1) return { label: `${receiver.name}.${method}()`, part: 'headers' };
  }
  // Hono: c.req.json(), c.req.query('q')
  const honoPart = HONO_READERS.get(method);
  if (
    honoPart &&
    receiver.type === AST_NODE_TYPES.MemberExpression &&
    memberName(receiver) === 'req' &&
    receiver.object.type === AST_NODE_TYPES.Identifier &&
    isHandlerParameter(receiver.object, context, 0)
  ) {
    return { label: `${receiver.object.name}.req.${method}()`, part: honoPart, ...(method === 'valid' && { validated: true }) };
  }
  return undefined;
}

function decoratedInputParameter(identifier: TSESTree.Identifier, context: Context): RequestInput | undefined {
  const parameter = parameterDefinition(identifier, context);
  if (!parameter) return nextPropInput(identifier, context);
  if (!('decorators' in parameter.node) || !parameter.node.decorators?.length) return undefined;
  for (const decorator of parameter.node.decorators) {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    const part = callee.type === AST_NODE_TYPES.Identifier ? NEST_INPUT_DECORATORS.get(callee.name) : undefined;
    if (!part || callee.type !== AST_NODE_TYPES.Identifier) continue;
    const piped = expression.type === AST_NODE_TYPES.CallExpression && expression.arguments.some((argument) => argument.type !== AST_NODE_TYPES.Literal);
    return { label: `@${callee.name}() ${identifier.name}`, part, ...(piped && { validated: true }) };
  }
  return undefined;
}

/**
 * Next.js hands a route handler `{ params }` as its second argument and a page
 * component `{ params, searchParams }` as its props: `params` and
 * `searchParams` destructured there are request input.
 */
function nextPropInput(identifier: TSESTree.Identifier, context: Context): RequestInput | undefined {
  if (identifier.name !== 'params' && identifier.name !== 'searchParams') return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Parameter' || !isFunctionLike(definition.node)) return undefined;
  const property = definition.name.parent;
  const pattern = property?.parent;
  if (property?.type !== AST_NODE_TYPES.Property || pattern?.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const key = property.key.type === AST_NODE_TYPES.Identifier && !property.computed ? property.key.name : undefined;
  if (key !== identifier.name) return undefined;
  const fn = definition.node;
  const index = fn.params.findIndex((param) => param === pattern || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === pattern));
  const part: RequestPart = key === 'params' ? 'params' : 'query';
  if (index === 1 && key === 'params' && requestHandlerKind(fn, context) === 'Next.js route handler') return { label: 'params', part };
  if (index === 0 && isNextPageComponent(fn, context)) return { label: key, part };
  return undefined;
}

/** The default export of an `app/**\/page.tsx` file. */
function isNextPageComponent(fn: TSESTree.Node, context: Context): boolean {
  const segments = context.filename.replaceAll('\\', '/').split('/');
  if (!NEXT_PAGE_FILE.test(segments.at(-1) ?? '') || !segments.includes('app')) return false;
  if (fn.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return true;
  const name =
    fn.type === AST_NODE_TYPES.FunctionDeclaration
      ? fn.id?.name
      : fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier
        ? fn.parent.id.name
        : undefined;
  if (!name) return false;
  return context.sourceCode.ast.body.some(
    (statement) =>
      statement.type === AST_NODE_TYPES.ExportDefaultDeclaration &&
      statement.declaration.type === AST_NODE_TYPES.Identifier &&
      statement.declaration.name === name,
  );
}

/** `ctx.params` where `ctx` is a Next.js route handler's second parameter. */
function isNextContextParameter(identifier: TSESTree.Identifier, context: Context): boolean {
  const parameter = parameterDefinition(identifier, context);
  return parameter?.index === 1 && isFunctionLike(parameter.fn) && requestHandlerKind(parameter.fn, context) === 'Next.js route handler';
}

/** `new URL(request.url)` or `request.nextUrl`: the URL the client asked for. */
function isRequestUrl(node: TSESTree.Expression, context: Context, followVariable = true): boolean {
  if (node.type === AST_NODE_TYPES.Identifier && followVariable) {
    const definition = ASTUtils.findVariable(context.sourceCode.getScope(node), node)?.defs[0];
    const init = definition?.type === 'Variable' && definition.node.id.type === AST_NODE_TYPES.Identifier ? definition.node.init : undefined;
    return init ? isRequestUrl(unwrapExpression(init), context, false) : false;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && memberName(node) === 'nextUrl') {
    const receiver = unwrapExpression(node.object);
    return receiver.type === AST_NODE_TYPES.Identifier && isRequestParameter(receiver, context);
  }
  if (node.type !== AST_NODE_TYPES.NewExpression || node.callee.type !== AST_NODE_TYPES.Identifier || node.callee.name !== 'URL') return false;
  const [first] = node.arguments;
  if (first?.type !== AST_NODE_TYPES.MemberExpression || memberName(first) !== 'url') return false;
  const receiver = unwrapExpression(first.object);
  return receiver.type === AST_NODE_TYPES.Identifier && isRequestParameter(receiver, context);
}

interface ParameterDefinition {
  readonly fn: TSESTree.Node;
  readonly index: number;
  /** The parameter node as written (an Identifier, possibly with decorators, or a TSParameterProperty). */
  readonly node: TSESTree.Node;
}

function parameterDefinition(identifier: TSESTree.Identifier, context: Context): ParameterDefinition | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Parameter' || !isFunctionLike(definition.node)) return undefined;
  const fn = definition.node;
  const index = fn.params.findIndex((param) => param === definition.name || (param.type === AST_NODE_TYPES.AssignmentPattern && param.left === definition.name));
  if (index === -1) return undefined;
  return { fn, index, node: fn.params[index]! };
}

/** `req` / `request` as a parameter of any function, or the request parameter of a recognised handler. */
function isRequestParameter(identifier: TSESTree.Identifier, context: Context): boolean {
  const parameter = parameterDefinition(identifier, context);
  if (!parameter) return false;
  return REQUEST_NAME.test(identifier.name) || isHandlerParameter(identifier, context, 0);
}

function isHandlerParameter(identifier: TSESTree.Identifier, context: Context, index: number): boolean {
  const parameter = parameterDefinition(identifier, context);
  return parameter?.index === index && isFunctionLike(parameter.fn) && requestHandlerKind(parameter.fn, context) !== undefined;
}
