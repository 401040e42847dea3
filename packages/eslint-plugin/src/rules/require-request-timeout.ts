import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import {
  HTTP_LIBRARIES,
  llmClientOf,
  outboundRequestOf,
  type HttpLibrary,
  type HttpLibrarySpec,
  type LlmClientConstruction,
  type RequestOptions,
} from '../knowledge/outbound.js';
import { isBrowserModule } from '../knowledge/runtime.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';
import { isUndeclared, oneLineSnippet, propertyKey } from '../util/ast.js';

type Options = [{ ignore?: string[] }];
type MessageIds = 'missingTimeout' | 'timeoutDisabled' | 'signalWithoutTimeout' | 'llmClientWithoutTimeout';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

export default createRule<Options, MessageIds>({
  name: 'require-request-timeout',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require outbound HTTP requests and LLM SDK clients to set a timeout',
      recommended: 'recommended',
      domains: ['async', 'llm'],
      seed: '000 perf traps, 001 LLM calls',
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
        // Tests call mocked servers on purpose and are bounded by the runner's own timeout.
        ignore: [...TEST_FILE_GLOBS],
      },
    ],
    messages: {
      missingTimeout:
        '`{{call}}` makes an outbound request with no timeout: {{wait}}. When the other side stops answering, the handler or job awaiting it hangs with it, holding its connection and worker slot while retries pile up behind it. Set {{fix}}.',
      timeoutDisabled:
        '`{{call}}` turns the timeout off (`{{option}}: {{value}}`): {{library}} then waits as long as the connection stays open, and the handler or job awaiting it hangs with it. Give `{{option}}` the longest wait the caller can afford.',
      signalWithoutTimeout:
        '`{{call}}` passes a `signal` that no timer aborts: it can cancel the request, but nothing bounds how long it waits ({{wait}}). Combine it with a deadline: `AbortSignal.any([signal, AbortSignal.timeout(ms)])`, or abort the controller from a `setTimeout`.',
      llmClientWithoutTimeout:
        '`new {{client}}(…)` builds a client for the {{sdk}} API without `{{option}}`: each request it makes waits {{wait}}, while the request, job or pipeline step behind it hangs and the retries keep billing. Set `{{option}}` to the longest answer you will wait for.',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? []) || isBrowserModule(context)) return {};
    const clients: LlmClientConstruction[] = [];

    return {
      CallExpression(call) {
        const request = outboundRequestOf(call, context);
        if (!request || isRelativeBrowserFetch(request.library, call)) return;
        const spec = HTTP_LIBRARIES[request.library];
        const verdict = combine(request.options.map((source) => timeoutIn(source, spec, context)));
        const label = callLabel(call, context);
        if (verdict.kind === 'set' || verdict.kind === 'unknown') return;
        if (verdict.kind === 'disabled') {
          context.report({
            node: call,
            messageId: 'timeoutDisabled',
            data: { call: label, option: verdict.option, value: verdict.value, library: LIBRARY_NAMES[request.library] },
          });
          return;
        }
        if (spec.boundedByDefault) return;
        if (verdict.kind === 'signal-without-timer') {
          context.report({ node: call, messageId: 'signalWithoutTimeout', data: { call: label, wait: WAITS[request.library] } });
          return;
        }
        context.report({
          node: call,
          messageId: 'missingTimeout',
          data: { call: label, wait: WAITS[request.library], fix: request.viaInstance ? `${FIXES[request.library]} (in the call or where the instance is created)` : FIXES[request.library] },
        });
      },
      NewExpression(node) {
        const client = llmClientOf(node, context);
        if (client) clients.push(client);
      },
      'Program:exit'() {
        for (const client of clients) {
          const verdict = combine(client.options.map((source) => llmTimeoutIn(source, client)));
          if (verdict.kind === 'set' || verdict.kind === 'unknown' || hasPerCallTimeouts(client.node, context)) continue;
          const callee = unwrapExpression(client.node.callee);
          context.report({
            node: client.node,
            messageId: 'llmClientWithoutTimeout',
            data: {
              client: oneLineSnippet(context.sourceCode.getText(callee)),
              sdk: client.spec.sdk,
              option: client.spec.timeoutOption,
              wait: client.spec.defaultWait,
            },
          });
        }
      },
    };
  },
});

const LIBRARY_NAMES: Readonly<Record<HttpLibrary, string>> = {
  fetch: '`fetch`',
  'node-fetch': 'node-fetch',
  undici: 'undici',
  axios: 'axios',
  got: 'got',
  ky: 'ky',
  superagent: 'superagent',
  http: '`http`',
};

const WAITS: Readonly<Record<HttpLibrary, string>> = {
  fetch: "Node's `fetch` waits up to 5 minutes for the response headers and as long again between body chunks (undici's defaults), other runtimes as long as the connection stays open",
  'node-fetch': 'node-fetch waits as long as the connection stays open',
  undici: 'undici waits up to 5 minutes for the headers and as long again between body chunks',
  axios: "axios's default `timeout` is 0, no limit",
  got: 'got sets no timeout by default',
  ky: 'ky waits as long as the connection stays open',
  superagent: 'superagent sets no timeout by default',
  http: '`http.request` sets no timeout, so the socket waits as long as the connection stays open',
};

const FIXES: Readonly<Record<HttpLibrary, string>> = {
  fetch: '`signal: AbortSignal.timeout(ms)` (with a caller\'s signal: `AbortSignal.any([signal, AbortSignal.timeout(ms)])`)',
  'node-fetch': '`signal: AbortSignal.timeout(ms)`',
  undici: '`headersTimeout` and `bodyTimeout`, or `signal: AbortSignal.timeout(ms)`',
  axios: '`timeout` (milliseconds)',
  got: '`timeout: { request: ms }`',
  ky: '`timeout` (milliseconds)',
  superagent: '`.timeout({ response, deadline })` on the request',
  http: "the `timeout` option and destroy the request on its `'timeout'` event, or `signal: AbortSignal.timeout(ms)`",
};

// ---------------------------------------------------------------------------
// Browser code: its requests are bounded by the user, not a worker

/** `fetch('/api/…')`: a same-origin path only resolves in a browser (Node's fetch rejects a relative URL). */
function isRelativeBrowserFetch(library: HttpLibrary, call: TSESTree.CallExpression): boolean {
  if (library !== 'fetch') return false;
  const input = call.arguments[0];
  if (input?.type === AST_NODE_TYPES.Literal) return typeof input.value === 'string' && input.value.startsWith('/');
  if (input?.type === AST_NODE_TYPES.TemplateLiteral) return input.quasis[0]?.value.cooked?.startsWith('/') ?? false;
  return false;
}

// ---------------------------------------------------------------------------
// Whether the options bound the request

type Verdict =
  | { kind: 'set' }
  | { kind: 'unknown' }
  | { kind: 'disabled'; option: string; value: string }
  | { kind: 'signal-without-timer' }
  | { kind: 'missing' };

const RANK: Readonly<Record<Verdict['kind'], number>> = { set: 4, unknown: 3, disabled: 2, 'signal-without-timer': 1, missing: 0 };

/** The strongest answer wins: one source that sets a timeout is enough, one that cannot be seen keeps the rule silent. */
function combine(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((best, next) => (RANK[next.kind] > RANK[best.kind] ? next : best), { kind: 'missing' });
}

function timeoutIn(source: RequestOptions, spec: HttpLibrarySpec, context: Context): Verdict {
  if (source.kind === 'timeout-set') return { kind: 'set' };
  if (source.kind === 'unknown') return { kind: 'unknown' };
  if (source.kind === 'ts-object') return tsObjectTimeout(source.node, [...spec.timeoutOptions, ...(spec.signalOption ? ['signal'] : []), ...spec.opaqueOptions], spec.timeoutOptions);
  const verdicts: Verdict[] = [];
  for (const property of source.node.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      verdicts.push(spreadMayCarry(property.argument, spec, context) ? { kind: 'unknown' } : { kind: 'missing' });
      continue;
    }
    const key = propertyKey(property);
    if (key === undefined) {
      verdicts.push({ kind: 'unknown' });
    } else if (spec.timeoutOptions.includes(key)) {
      verdicts.push(timeoutValue(key, property.value as TSESTree.Expression, context));
    } else if (key === 'signal' && spec.signalOption) {
      const bound = signalBound(property.value as TSESTree.Expression, context, 0);
      verdicts.push(bound === 'timeout' ? { kind: 'set' } : bound === 'unknown' ? { kind: 'unknown' } : { kind: 'signal-without-timer' });
    } else if (spec.opaqueOptions.includes(key)) {
      verdicts.push({ kind: 'unknown' });
    }
  }
  return combine(verdicts);
}

function llmTimeoutIn(source: RequestOptions, client: LlmClientConstruction): Verdict {
  const { timeoutOption, opaqueOptions } = client.spec;
  if (source.kind === 'timeout-set') return { kind: 'set' };
  if (source.kind === 'unknown') return { kind: 'unknown' };
  if (source.kind === 'ts-object') return tsObjectTimeout(source.node, [timeoutOption, ...opaqueOptions], [timeoutOption]);
  return combine(
    source.node.properties.map((property): Verdict => {
      if (property.type === AST_NODE_TYPES.SpreadElement) return { kind: 'unknown' };
      const key = propertyKey(property);
      if (key === undefined || opaqueOptions.includes(key)) return { kind: 'unknown' };
      return key === timeoutOption ? { kind: 'set' } : { kind: 'missing' };
    }),
  );
}

/** `timeout: 5000` bounds; `timeout: 0`, `false`, `null` or `undefined` turn the limit off. */
function timeoutValue(key: string, value: TSESTree.Expression, context: Context): Verdict {
  const node = unwrapExpression(value);
  const off =
    (node.type === AST_NODE_TYPES.Literal && (node.value === false || node.value === 0 || node.value === null)) ||
    (node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined');
  return off ? { kind: 'disabled', option: key, value: context.sourceCode.getText(node) } : { kind: 'set' };
}

/** An object from another module: a timeout key present bounds it, unless it is a literal that turns it off. */
function tsObjectTimeout(node: ts.ObjectLiteralExpression, relevant: readonly string[], timeoutKeys: readonly string[]): Verdict {
  const verdicts: Verdict[] = [];
  for (const property of node.properties) {
    if (ts.isSpreadAssignment(property)) {
      verdicts.push({ kind: 'unknown' });
      continue;
    }
    const name = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined;
    if (name === undefined) {
      verdicts.push({ kind: 'unknown' });
    } else if (timeoutKeys.includes(name) && ts.isPropertyAssignment(property)) {
      const value = property.initializer;
      const off =
        value.kind === ts.SyntaxKind.FalseKeyword ||
        value.kind === ts.SyntaxKind.NullKeyword ||
        (ts.isNumericLiteral(value) && Number(value.text) === 0) ||
        (ts.isIdentifier(value) && value.text === 'undefined');
      verdicts.push(off ? { kind: 'disabled', option: name, value: value.getText() } : { kind: 'set' });
    } else if (relevant.includes(name)) {
      // A signal built in another module, or a dispatcher/agent: not judged.
      verdicts.push({ kind: 'unknown' });
    }
  }
  return combine(verdicts);
}

/** `{ ...defaults }`: may carry a timeout or a signal, unless its type (when known) has none of those keys. */
function spreadMayCarry(argument: TSESTree.Expression, spec: HttpLibrarySpec, context: Context): boolean {
  const services = getTypeServices(context);
  if (!services) return true;
  const type = services.getTypeAtLocation(argument);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown | ts.TypeFlags.TypeParameter)) return true;
  const keys = [...spec.timeoutOptions, 'signal', ...spec.opaqueOptions];
  return (type.isUnion() ? type.types : [type]).some(
    (part) => part.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown) || keys.some((key) => part.getProperty(key) !== undefined) || part.getStringIndexType() !== undefined,
  );
}

// ---------------------------------------------------------------------------
// Whether a signal carries a deadline

type Bound = 'timeout' | 'none' | 'unknown';

/**
 * `AbortSignal.timeout(ms)`, `AbortSignal.any([… timeout …])`, or the signal of
 * an `AbortController` that a timer aborts carry a deadline. A signal passed in
 * (a parameter, `req.signal`, `options.signal`) is the caller's business. A
 * controller that nothing aborts on a timer only cancels.
 */
function signalBound(expression: TSESTree.Expression, context: Context, depth: number): Bound {
  if (depth > 4) return 'unknown';
  const node = unwrapExpression(expression);
  switch (node.type) {
    case AST_NODE_TYPES.CallExpression:
      return abortSignalCallBound(node, context, depth);
    case AST_NODE_TYPES.MemberExpression:
      return memberName(node) === 'signal' && node.object.type === AST_NODE_TYPES.Identifier
        ? controllerBound(node.object, context)
        : 'unknown';
    case AST_NODE_TYPES.Identifier:
      return identifierSignalBound(node, context, depth);
    case AST_NODE_TYPES.LogicalExpression: {
      const sides = [signalBound(node.left, context, depth + 1), signalBound(node.right, context, depth + 1)];
      return sides.includes('timeout') ? 'timeout' : sides.includes('unknown') ? 'unknown' : 'none';
    }
    case AST_NODE_TYPES.ConditionalExpression: {
      const sides = [signalBound(node.consequent, context, depth + 1), signalBound(node.alternate, context, depth + 1)];
      return sides[0] === sides[1] ? (sides[0] ?? 'unknown') : 'unknown';
    }
    case AST_NODE_TYPES.Literal:
      return node.value === null ? 'none' : 'unknown';
    default:
      return 'unknown';
  }
}

function abortSignalCallBound(call: TSESTree.CallExpression, context: Context, depth: number): Bound {
  const callee = unwrapExpression(call.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'AbortSignal' ||
    !isUndeclared(callee.object, context)
  ) {
    return 'unknown';
  }
  const method = memberName(callee);
  if (method === 'timeout') return 'timeout';
  if (method !== 'any') return 'unknown';
  const list = call.arguments[0];
  if (list?.type !== AST_NODE_TYPES.ArrayExpression) return 'unknown';
  const bounds = list.elements.map((element) =>
    !element || element.type === AST_NODE_TYPES.SpreadElement ? 'unknown' : signalBound(element, context, depth + 1),
  );
  return bounds.includes('timeout') ? 'timeout' : bounds.includes('unknown') ? 'unknown' : 'none';
}

function identifierSignalBound(identifier: TSESTree.Identifier, context: Context, depth: number): Bound {
  if (identifier.name === 'undefined') return 'none';
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier || !definition.node.init) {
    // A parameter (`signal` passed through a wrapper), a destructured option, an import: the caller's deadline.
    return 'unknown';
  }
  if (definition.node.parent.kind !== 'const') return 'unknown';
  return signalBound(definition.node.init, context, depth + 1);
}

/** `controller.signal`: bounded when a timer callback aborts the controller; unknown when the controller leaves this code. */
function controllerBound(controller: TSESTree.Identifier, context: Context): Bound {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(controller), controller.name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  const init = definition?.type === 'Variable' && definition.node.init ? unwrapExpression(definition.node.init) : undefined;
  if (
    !variable ||
    init?.type !== AST_NODE_TYPES.NewExpression ||
    init.callee.type !== AST_NODE_TYPES.Identifier ||
    init.callee.name !== 'AbortController'
  ) {
    return 'unknown';
  }
  let escapes = false;
  let timer = false;
  for (const reference of variable.references) {
    if (reference.init) continue;
    const identifier = reference.identifier;
    const parent = identifier.parent;
    if (parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === identifier) {
      if (memberName(parent) === 'abort' && isInTimer(parent)) timer = true;
      continue;
    }
    escapes = true;
  }
  return timer ? 'timeout' : escapes ? 'unknown' : 'none';
}

/** Inside a `setTimeout`/`setInterval` callback, or passed to one (`setTimeout(controller.abort.bind(controller), ms)`). */
function isInTimer(node: TSESTree.Node): boolean {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const parent = current.parent;
    if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(current as TSESTree.CallExpressionArgument)) {
      const callee = unwrapExpression(parent.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
      if (name === 'setTimeout' || name === 'setInterval') return true;
    }
  }
  return false;
}


// ---------------------------------------------------------------------------
// LLM clients bounded per call

/**
 * `client.chat.completions.create(body, { timeout })` or `client.withOptions({ timeout })`
 * on the variable or `this.` property the client is stored in: the timeout is
 * set per request instead of at construction.
 */
function hasPerCallTimeouts(construction: TSESTree.NewExpression, context: Context): boolean {
  const holder = storageName(construction);
  if (!holder) return false;
  let found = false;
  const visit = (node: TSESTree.Node): void => {
    if (found) return;
    if (node.type === AST_NODE_TYPES.CallExpression && rootName(node.callee) === holder) {
      const last = node.arguments.at(-1);
      if (
        last?.type === AST_NODE_TYPES.ObjectExpression &&
        (node.arguments.length >= 2 || (node.callee.type === AST_NODE_TYPES.MemberExpression && memberName(node.callee) === 'withOptions')) &&
        last.properties.some(
          (property) => property.type === AST_NODE_TYPES.Property && ['timeout', 'timeoutMs', 'timeoutInSeconds', 'signal'].includes(propertyKey(property) ?? ''),
        )
      ) {
        found = true;
        return;
      }
    }
    for (const key of context.sourceCode.visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (typeof item === 'object' && item !== null && typeof (item as { type?: unknown }).type === 'string') visit(item as TSESTree.Node);
      }
    }
  };
  visit(context.sourceCode.ast);
  return found;
}

/** `client` in `const client = new OpenAI()`, `this.openai` in `this.openai = new OpenAI()` or a class property. */
function storageName(construction: TSESTree.NewExpression): string | undefined {
  let node: TSESTree.Node = construction;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.TSAsExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if (parent?.type === AST_NODE_TYPES.PropertyDefinition && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) return `this.${parent.key.name}`;
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(parent.left);
    return parent.left.object.type === AST_NODE_TYPES.ThisExpression && name ? `this.${name}` : undefined;
  }
  return undefined;
}

function rootName(callee: TSESTree.Node): string | undefined {
  let current: TSESTree.Node = callee;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const object: TSESTree.Node = current.object;
    if (object.type === AST_NODE_TYPES.ThisExpression) {
      const name = memberName(current);
      return name ? `this.${name}` : undefined;
    }
    current = object;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current.name : undefined;
}

function callLabel(call: TSESTree.CallExpression, context: Context): string {
  return oneLineSnippet(context.sourceCode.getText(call.callee));
}

