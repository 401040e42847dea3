import { AST_NODE_TYPES, type TSESLint } from '@typescript-eslint/utils';

/**
 * Whether a module runs in the browser rather than on the server. Rules about
 * backend failures (a request handler hanging on an outbound call) have
 * nothing to say about a page's own requests, which the user bounds by
 * closing the tab.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Globals only a browser has; reading one (not `typeof window` in an isomorphic module) means browser code. */
const BROWSER_GLOBALS = new Set(['window', 'document', 'navigator', 'localStorage', 'sessionStorage']);

/** Client-side state and rendering libraries: a module built on them is part of the page. */
const CLIENT_PACKAGES = new Set(['zustand', 'jotai', 'valtio', 'swr', '@tanstack/react-query', 'react-dom', 'react-dom/client']);

const cache = new WeakMap<object, boolean>();

/**
 * A `'use client'` module, a JSX module that calls state/effect hooks, a
 * module that reads browser-only globals, or one built on a client-state
 * library (zustand, SWR, React Query).
 */
export function isBrowserModule(context: Context): boolean {
  const program = context.sourceCode.ast;
  let browser = cache.get(program);
  if (browser === undefined) {
    browser = decideBrowserModule(context);
    cache.set(program, browser);
  }
  return browser;
}

function decideBrowserModule(context: Context): boolean {
  const program = context.sourceCode.ast;
  for (const statement of program.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && statement.directive === 'use client') return true;
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && CLIENT_PACKAGES.has(statement.source.value)) return true;
  }
  if (/\.[jt]sx$/.test(context.filename) && /\buse(?:State|Effect|LayoutEffect|Reducer)\s*\(/.test(context.sourceCode.text)) {
    return true;
  }
  const globalScope = context.sourceCode.scopeManager?.globalScope;
  return (globalScope?.through ?? []).some(
    (reference) =>
      BROWSER_GLOBALS.has(reference.identifier.name) &&
      reference.identifier.parent?.type !== AST_NODE_TYPES.UnaryExpression,
  );
}
