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
 * - NestJS parameters decorated with `@Body`, `@Query`, `@Param`, `@Headers`.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface RequestInput {
  /** How a message shows the source: `req.body`, `ctx.request.body`, `@Body() dto`, `request.json()`. */
  readonly label: string;
}

const REQUEST_PARTS = new Set(['body', 'query', 'params', 'headers', 'cookies']);
const KOA_CONTEXT_PARTS = new Set(['query', 'params']);
const BODY_READERS = new Set(['json', 'formData', 'text']);
const HONO_READERS = new Set(['json', 'formData', 'text', 'query', 'queries', 'param', 'parseBody', 'header', 'valid']);
const NEST_INPUT_DECORATORS = new Set(['Body', 'Query', 'Param', 'Headers']);
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
    return { label: `${object.name}.${part}` };
  }
  // Koa: ctx.request.body, ctx.query, ctx.params
  if (object.type === AST_NODE_TYPES.MemberExpression && memberName(object) === 'request' && REQUEST_PARTS.has(part)) {
    const root = unwrapExpression(object.object);
    if (root.type === AST_NODE_TYPES.Identifier && isHandlerParameter(root, context, 0)) return { label: `${root.name}.request.${part}` };
  }
  if (KOA_CONTEXT_PARTS.has(part) && object.type === AST_NODE_TYPES.Identifier && object.name === 'ctx' && isHandlerParameter(object, context, 0)) {
    return { label: `ctx.${part}` };
  }
  return undefined;
}

function requestBodyRead(call: TSESTree.CallExpression, context: Context): RequestInput | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (!method) return undefined;
  const receiver = unwrapExpression(callee.object);
  if (BODY_READERS.has(method) && receiver.type === AST_NODE_TYPES.Identifier && isRequestParameter(receiver, context)) {
    return { label: `${receiver.name}.${method}()` };
  }
  // Hono: c.req.json(), c.req.query('q')
  if (
    HONO_READERS.has(method) &&
    receiver.type === AST_NODE_TYPES.MemberExpression &&
    memberName(receiver) === 'req' &&
    receiver.object.type === AST_NODE_TYPES.Identifier &&
    isHandlerParameter(receiver.object, context, 0)
  ) {
    return { label: `${receiver.object.name}.req.${method}()` };
  }
  return undefined;
}

function decoratedInputParameter(identifier: TSESTree.Identifier, context: Context): RequestInput | undefined {
  const parameter = parameterDefinition(identifier, context);
  if (!parameter || !('decorators' in parameter.node) || !parameter.node.decorators?.length) return undefined;
  for (const decorator of parameter.node.decorators) {
    const expression = decorator.expression;
    const callee = expression.type === AST_NODE_TYPES.CallExpression ? expression.callee : expression;
    if (callee.type === AST_NODE_TYPES.Identifier && NEST_INPUT_DECORATORS.has(callee.name)) {
      return { label: `@${callee.name}() ${identifier.name}` };
    }
  }
  return undefined;
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
