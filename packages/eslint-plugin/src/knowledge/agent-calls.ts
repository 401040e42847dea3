import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { formatChain, runsInPlaceEstree, summarizeCall, type SummaryKind } from '../util/summaries.js';
import { llmCallOf, llmTsCallOf } from './llm.js';
import { calleeName, getTypeServices, matchesSetting, resolveTsCallTarget, unwrapExpression } from './origin.js';
import { getPitfallsSettings, type ResolvedMatcher } from './settings.js';
import { someNode } from './loop-bounds.js';

/**
 * The calls an agent loop is made of: a call that asks a model for its next
 * move (an SDK call, a raw HTTP request to a provider's chat endpoint, or a
 * project function that reaches one), and a call that runs the tool the model
 * picked (`tool.execute(args)`, `tools[name](args)`, `runTool(call)`).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface ModelReach {
  /** The call as written in this file: `openai.chat.completions.create()`, `this.step()`. */
  readonly text: string;
  /** For a project function: `Agent.step() → OpenAI chat.completions.create (agent.ts:14)`. */
  readonly chain?: string;
}

/**
 * Provider chat endpoints called over plain HTTP (`fetch(`${baseUrl}/chat/completions`)`):
 * OpenAI-compatible servers, the Responses API, Gemini, and Anthropic or
 * Ollama when the URL names them (`/v1/messages` and `/api/chat` alone are
 * too common).
 */
const MODEL_ENDPOINT =
  /\/chat\/completions\b|\/v1\/responses\b|:(?:stream)?generateContent\b|anthropic[^\n]*\/v1\/messages\b|(?:ollama|:11434)[^\n]*\/api\/(?:chat|generate)\b/i;
const HTTP_CALLS = new Set(['fetch', 'post', 'request', 'ofetch', '$fetch']);

/** How the model is reached from a call in this file, if it is. */
export function modelReachOf(call: TSESTree.CallExpression, context: Context, maxDepth: number): ModelReach | undefined {
  const text = callText(call, context);
  if (llmCallOf(call, context) || rawModelRequestOf(call, context)) return { text };
  const services = getTypeServices(context);
  if (services) {
    if (maxDepth < 1) return undefined;
    const tsCall = services.esTreeNodeToTSNodeMap.get(call);
    if (!ts.isCallExpression(tsCall)) return undefined;
    const summary = summarizeCall(services.program, tsCall, modelSummaryKind(getPitfallsSettings(context).llmCalls), {
      maxDepth,
    });
    return summary && { text, chain: formatChain(summary.chain) };
  }
  return maxDepth >= 1 ? sameFileHelperReach(call, context, text) : undefined;
}

/** `fetch(`${baseUrl}/chat/completions`, …)`, `axios.post('https://api.openai.com/v1/chat/completions', …)`. */
function rawModelRequestOf(call: TSESTree.CallExpression, context: Context): string | undefined {
  const name = calleeName(call.callee);
  const url = call.arguments[0];
  if (!name || !HTTP_CALLS.has(name) || !url) return undefined;
  if (url.type !== AST_NODE_TYPES.Literal && url.type !== AST_NODE_TYPES.TemplateLiteral) return undefined;
  return MODEL_ENDPOINT.exec(context.sourceCode.getText(url))?.[0];
}

function rawTsModelRequestOf(call: ts.CallExpression): string | undefined {
  const callee = call.expression;
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  const url = call.arguments[0];
  if (!name || !HTTP_CALLS.has(name) || !url) return undefined;
  if (!ts.isStringLiteralLike(url) && !ts.isTemplateExpression(url)) return undefined;
  const match = MODEL_ENDPOINT.exec(url.getText())?.[0];
  return match && `${name} ${match.startsWith('/') ? '…' : ''}${match}`;
}

const summaryKinds = new Map<string, SummaryKind>();

/** The interprocedural question: does calling this project function ask a model? */
function modelSummaryKind(llmCalls: readonly ResolvedMatcher[]): SummaryKind {
  const id = `model-call:${llmCalls.map((m) => `${m.packageName ?? m.modulePath}#${m.owner ?? ''}.${m.member}`).join(',')}`;
  let kind = summaryKinds.get(id);
  if (!kind) {
    kind = {
      id,
      leafOf: (call, checker) => {
        if (!ts.isCallExpression(call)) return undefined;
        const sdk = llmTsCallOf(call, checker);
        if (sdk) return { label: `${sdk.library} ${sdk.path}` };
        if (llmCalls.length > 0) {
          const target = resolveTsCallTarget(call, checker);
          const matcher = target && llmCalls.find((candidate) => matchesSetting(target, candidate));
          if (matcher) return { label: matcher.source };
        }
        const raw = rawTsModelRequestOf(call);
        return raw ? { label: raw } : undefined;
      },
    };
    summaryKinds.set(id, kind);
  }
  return kind;
}

/**
 * Without type information, one step into a function of this file:
 * `await step(messages)` for a `step` declared here, `await this.step()` for a
 * method of the enclosing class.
 */
function sameFileHelperReach(call: TSESTree.CallExpression, context: Context, text: string): ModelReach | undefined {
  const helper = sameFileHelperOf(call, context);
  if (!helper?.fn.body) return undefined;
  let found: TSESTree.CallExpression | undefined;
  let label = '';
  someNode(helper.fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const sdk = llmCallOf(node, context);
    const raw = sdk ? undefined : rawModelRequestOf(node, context);
    if (!sdk && !raw) return false;
    found = node;
    label = sdk ? `${sdk.library} ${sdk.path}` : `${calleeName(node.callee) ?? 'fetch'} ${raw?.startsWith('/') ? '…' : ''}${raw}`;
    return true;
  });
  if (!found) return undefined;
  const file = path.basename(context.filename);
  return { text, chain: `${helper.name}() → ${label} (${file}:${found.loc.start.line})` };
}

type FunctionNode = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

function sameFileHelperOf(call: TSESTree.CallExpression, context: Context): { fn: FunctionNode; name: string } | undefined {
  const callee = unwrapExpression(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), callee);
    const definition = variable?.defs[0];
    if (definition?.node.type === AST_NODE_TYPES.FunctionDeclaration) return { fn: definition.node, name: callee.name };
    if (definition?.node.type === AST_NODE_TYPES.VariableDeclarator && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (init.type === AST_NODE_TYPES.ArrowFunctionExpression || init.type === AST_NODE_TYPES.FunctionExpression) {
        return { fn: init, name: callee.name };
      }
    }
    return undefined;
  }
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    callee.object.type !== AST_NODE_TYPES.ThisExpression ||
    callee.computed ||
    callee.property.type !== AST_NODE_TYPES.Identifier
  ) {
    return undefined;
  }
  const name = callee.property.name;
  let classBody: TSESTree.Node | undefined = callee.parent;
  while (classBody && classBody.type !== AST_NODE_TYPES.ClassBody) classBody = classBody.parent;
  if (!classBody) return undefined;
  for (const member of classBody.body) {
    if (
      (member.type === AST_NODE_TYPES.MethodDefinition || member.type === AST_NODE_TYPES.PropertyDefinition) &&
      !member.computed &&
      member.key.type === AST_NODE_TYPES.Identifier &&
      member.key.name === name &&
      member.value &&
      (member.value.type === AST_NODE_TYPES.FunctionExpression || member.value.type === AST_NODE_TYPES.ArrowFunctionExpression)
    ) {
      const owner = classBody.parent;
      const className =
        (owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression) && owner.id
          ? `${owner.id.name}.`
          : '';
      return { fn: member.value, name: `${className}${name}` };
    }
  }
  return undefined;
}

const TOOL_RUNNER = /^(?:run|execute|call|invoke|dispatch|handle|process)\w*Tools?(?:Calls?|Use|Uses)?$/;
const TOOL_METHODS = new Set(['execute', 'invoke', 'call', 'run', 'handler']);

/**
 * A call that runs a tool the model picked: `runTool(call)`,
 * `mcp.callTool({ name, arguments })`, `tool.execute(args)`,
 * `tools[name](args)`, `this.tools.get(name).invoke(input)`.
 */
export function isToolCall(call: TSESTree.CallExpression, context: Context): boolean {
  const callee = unwrapExpression(call.callee);
  const name = calleeName(callee);
  if (name && TOOL_RUNNER.test(name)) return true;
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = context.sourceCode.getText(callee.object);
  if (!/tool/i.test(receiver)) return false;
  return callee.computed ? name === undefined : name !== undefined && TOOL_METHODS.has(name);
}

/**
 * Whether a function nested in a loop runs as part of its iteration: an IIFE,
 * an array callback, a `new Promise` executor, or a callback handed to an
 * awaited call (`await withRetry(() => client.messages.create(…))`).
 */
export function runsWithIteration(fn: FunctionNode, context: Context): boolean {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return false;
  if (runsInPlaceEstree(fn, context)) return true;
  const parent = fn.parent;
  return (
    parent.type === AST_NODE_TYPES.CallExpression &&
    parent.arguments.includes(fn) &&
    parent.parent.type === AST_NODE_TYPES.AwaitExpression
  );
}

/** `this.step()`, `openai.chat.completions.create()`: a call as messages show it, shortened when long. */
export function callText(call: TSESTree.CallExpression, context: Context): string {
  const text = context.sourceCode.getText(call.callee).replace(/\s+/g, '');
  if (text.length <= 48) return `${text}()`;
  return `${calleeName(call.callee) ?? 'call'}()`;
}
