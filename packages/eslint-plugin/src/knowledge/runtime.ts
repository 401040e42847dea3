import fs from 'node:fs';
import path from 'node:path';
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

/** A package that renders in the browser depends on one of these. */
const BROWSER_RENDERERS = new Set(['react-dom', 'vue', 'svelte', '@angular/core', 'preact', 'solid-js']);

/**
 * A package with one of these also runs server code (an API, SSR, an Electron
 * main process), so its modules are not browser code by virtue of the package.
 */
const SERVER_RUNTIMES = new Set([
  'express', 'fastify', 'koa', 'hono', '@hapi/hapi', 'restify', '@nestjs/core', 'next', 'nuxt', '@remix-run/node',
  '@remix-run/server-runtime', '@sveltejs/kit', 'astro', '@apollo/server', 'graphql-yoga', '@trpc/server', 'electron',
]);

const cache = new WeakMap<object, boolean>();
const packageVerdicts = new Map<string, boolean>();

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
  if (isInBrowserOnlyPackage(path.dirname(context.filename))) return true;
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

/**
 * Whether the nearest package.json above `directory` belongs to a front-end
 * app: it depends on a browser renderer (react-dom, vue, …) and on no server
 * runtime. A single-page app's API client (`axios.get(…)` in `apps/web/src/api`)
 * reads no browser global itself, but it only ever runs in a tab.
 */
function isInBrowserOnlyPackage(directory: string): boolean {
  const known = packageVerdicts.get(directory);
  if (known !== undefined) return known;
  let verdict: boolean;
  const manifest = readPackageJson(path.join(directory, 'package.json'));
  if (manifest) {
    const dependencies = Object.keys({ ...manifest.dependencies, ...manifest.devDependencies, ...manifest.peerDependencies });
    verdict =
      dependencies.some((name) => BROWSER_RENDERERS.has(name)) && !dependencies.some((name) => SERVER_RUNTIMES.has(name));
  } else {
    const parent = path.dirname(directory);
    verdict = parent !== directory && isInBrowserOnlyPackage(parent);
  }
  packageVerdicts.set(directory, verdict);
  return verdict;
}

interface PackageManifest {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

function readPackageJson(file: string): PackageManifest | undefined {
  try {
    const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return typeof parsed === 'object' && parsed !== null ? (parsed as PackageManifest) : undefined;
  } catch {
    // No package.json here (or an unreadable one): the verdict comes from the directory above.
    return undefined;
  }
}
