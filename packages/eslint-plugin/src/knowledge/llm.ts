import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  importBindingOf,
  matchesSetting,
  memberName,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type ModuleOrigin,
} from './origin.js';
import { getPitfallsSettings } from './settings.js';

/**
 * Which calls ask a language model for text: the SDKs' completion entry
 * points. Rules use this to follow model output (no-unvalidated-llm-sql) and,
 * later, to find model clients and agent loops.
 *
 * A call is recognised by the path of its callee (`<client>.chat.completions.create`)
 * and where it comes from:
 * - OpenAI-shaped paths (`chat.completions.create`, `responses.create`) are
 *   distinctive: OpenAI-compatible SDKs (Groq, Together, DeepSeek via `openai`)
 *   share them, so any receiver counts;
 * - generic paths (`messages.create` is also Twilio's SMS call, `invoke` any
 *   LangChain-less runnable) count only when the call resolves into the SDK's
 *   package, through types or through the import that binds the receiver;
 * - `settings.pitfalls.llmCalls` names in-house wrappers.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

interface LlmCallSpec {
  /** How messages name the SDK. */
  readonly library: string;
  /** Packages the call must resolve into; a prefix ending in `/` matches a scope. */
  readonly packages: readonly string[];
  /** Callee paths, matched against the end of the call's member path (`chat.completions.create`). */
  readonly paths: readonly string[];
  /** Whether the path alone is enough when the origin is unknown. */
  readonly distinctive: boolean;
}

export const LLM_CALLS: readonly LlmCallSpec[] = [
  {
    library: 'OpenAI',
    packages: ['openai', 'groq-sdk', 'together-ai'],
    paths: [
      'chat.completions.create',
      'chat.completions.parse',
      'chat.completions.stream',
      'chat.completions.runTools',
      'responses.create',
      'responses.parse',
      'responses.stream',
      'completions.create',
    ],
    distinctive: true,
  },
  {
    library: 'Anthropic',
    packages: ['@anthropic-ai/'],
    paths: ['messages.create', 'messages.stream', 'messages.parse'],
    distinctive: false,
  },
  {
    library: 'AI SDK',
    packages: ['ai'],
    paths: ['generateText', 'generateObject', 'streamText', 'streamObject'],
    distinctive: false,
  },
  {
    library: 'LangChain',
    packages: ['@langchain/', 'langchain'],
    paths: ['invoke', 'stream', 'batch', 'call', 'predict'],
    distinctive: false,
  },
  { library: 'Google Gen AI', packages: ['@google/genai', '@google/generative-ai'], paths: ['generateContent', 'generateContentStream'], distinctive: false },
  { library: 'Mistral', packages: ['@mistralai/mistralai'], paths: ['chat.complete', 'chat.stream'], distinctive: false },
  { library: 'Ollama', packages: ['ollama'], paths: ['chat', 'generate'], distinctive: false },
  { library: 'Cohere', packages: ['cohere-ai'], paths: ['chat', 'generate'], distinctive: false },
];

export interface LlmCall {
  /** `OpenAI`, `Anthropic`, `AI SDK`, or the `settings.pitfalls.llmCalls` entry. */
  readonly library: string;
  /** The path as written after the client: `chat.completions.create`, `generateText`. */
  readonly path: string;
}

const cache = new WeakMap<TSESTree.Node, LlmCall | null>();

/** The model call a call expression is, if any. */
export function llmCallOf(call: TSESTree.CallExpression, context: Context): LlmCall | undefined {
  const cached = cache.get(call);
  if (cached !== undefined) return cached ?? undefined;
  const found = findLlmCall(call, context);
  cache.set(call, found ?? null);
  return found;
}

function findLlmCall(call: TSESTree.CallExpression, context: Context): LlmCall | undefined {
  const names = calleePath(call.callee);
  if (!names) return undefined;
  const target = resolveCallTarget(call, context);
  for (const matcher of getPitfallsSettings(context).llmCalls) {
    if (target && matchesSetting(target, matcher)) return { library: matcher.source, path: names.join('.') };
  }
  const origin = target?.via === 'types' ? target.origin : rootImportOrigin(call.callee, context) ?? target?.origin;
  return matchSpec(names, origin);
}

/** The same decision for a call in the TypeScript AST of another function (interprocedural summaries). */
export function llmTsCallOf(call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker): LlmCall | undefined {
  if (!ts.isCallExpression(call)) return undefined;
  const names = tsCalleePath(call.expression);
  if (!names) return undefined;
  const target = resolveTsCallTarget(call, checker);
  return matchSpec(names, target?.via === 'types' ? target.origin : undefined);
}

function matchSpec(names: readonly string[], origin: ModuleOrigin | undefined): LlmCall | undefined {
  const packageName = origin && 'packageName' in origin ? origin.packageName : undefined;
  for (const spec of LLM_CALLS) {
    const path = spec.paths.find((candidate) => endsWithPath(names, candidate));
    if (!path) continue;
    if (packageName !== undefined) {
      if (belongsTo(packageName, spec.packages)) return { library: spec.library, path };
      continue;
    }
    // A project function of the same name is not the SDK; an unknown origin is
    // trusted only for the distinctive OpenAI-shaped paths.
    if (spec.distinctive && (origin === undefined || names.length > path.split('.').length)) return { library: spec.library, path };
  }
  return undefined;
}

function endsWithPath(names: readonly string[], path: string): boolean {
  const parts = path.split('.');
  if (names.length < parts.length) return false;
  // A bare function name (`generateText`) must be the whole callee, not a method of something else.
  if (parts.length === 1 && names.length === 1) return names[0] === parts[0];
  if (parts.length === 1) return names.at(-1) === parts[0];
  return parts.every((part, index) => names[names.length - parts.length + index] === part);
}

function belongsTo(packageName: string, packages: readonly string[]): boolean {
  return packages.some((name) =>
    name.endsWith('/') ? packageName.startsWith(name) : packageName === name || packageName.startsWith(`${name}/`),
  );
}

/** `['openai', 'chat', 'completions', 'create']` for `openai.chat.completions.create`; `this` counts as a name. */
function calleePath(callee: TSESTree.Expression): string[] | undefined {
  const names: string[] = [];
  let current = unwrapExpression(callee);
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(current);
    if (name === undefined) return undefined;
    names.unshift(name);
    current = unwrapExpression(current.object);
  }
  if (current.type === AST_NODE_TYPES.Identifier) names.unshift(current.name);
  else if (current.type === AST_NODE_TYPES.ThisExpression) names.unshift('this');
  else if (names.length === 0) return undefined;
  return names;
}

function tsCalleePath(callee: ts.Expression): string[] | undefined {
  const names: string[] = [];
  let current = callee;
  for (;;) {
    while (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) {
      current = current.expression;
    }
    if (!ts.isPropertyAccessExpression(current)) break;
    names.unshift(current.name.text);
    current = current.expression;
  }
  if (ts.isIdentifier(current)) names.unshift(current.text);
  else if (current.kind === ts.SyntaxKind.ThisKeyword) names.unshift('this');
  else if (names.length === 0) return undefined;
  return names;
}

/** Without types: the package the receiver's root was imported or constructed from (`const anthropic = new Anthropic()`). */
function rootImportOrigin(callee: TSESTree.Expression, context: Context): ModuleOrigin | undefined {
  let current = unwrapExpression(callee);
  while (current.type === AST_NODE_TYPES.MemberExpression) current = unwrapExpression(current.object);
  return current.type === AST_NODE_TYPES.Identifier ? importBindingOf(current, context)?.origin : undefined;
}
