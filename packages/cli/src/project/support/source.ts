import path from 'node:path';
import { ts } from 'ts-morph';
import type { ProjectCheckContext } from '../types.js';

/**
 * The program's own source files as the checks read them: the TypeScript
 * syntax tree (ts-morph's compiler node, walked without wrappers, which is
 * several times faster on a 2,000-file program), the text, and the path
 * relative to the repository root.
 */
export interface ProgramFile {
  /** Absolute path. */
  readonly path: string;
  /** Relative to the repository root, with `/` separators. */
  readonly relative: string;
  readonly node: ts.SourceFile;
  readonly text: string;
}

const programFilesCache = new WeakMap<object, readonly ProgramFile[]>();

/**
 * The source files of the program inside the repository: no declaration
 * files (their code runs nowhere) and nothing from node_modules.
 */
export function programFiles(context: Pick<ProjectCheckContext, 'project' | 'root'>): readonly ProgramFile[] {
  const cached = programFilesCache.get(context.project);
  if (cached) return cached;
  const files: ProgramFile[] = [];
  for (const sourceFile of context.project.getSourceFiles()) {
    const node = sourceFile.compilerNode;
    if (node.isDeclarationFile) continue;
    const absolute = path.resolve(sourceFile.getFilePath());
    const relative = toPosix(path.relative(context.root, absolute));
    if (relative.startsWith('../') || path.isAbsolute(relative) || relative.split('/').includes('node_modules')) continue;
    files.push({ path: absolute, relative, node, text: node.text });
  }
  programFilesCache.set(context.project, files);
  return files;
}

export function toPosix(file: string): string {
  return file.split(path.sep).join('/');
}

/** Directories that hold tests, test helpers and end-to-end suites, in the layouts real repositories use. */
const TEST_DIRECTORY = /(?:^|\/)(?:__tests__|__mocks__|__fixtures__|test|tests|spec|specs|e2e|cypress|playwright|testing|test-utils|test-helpers)\//;
const TEST_NAME = /\.(?:test|spec|e2e|e2e-spec|cy|stories|story|bench)\.[cm]?[jt]sx?$/;
/** One-off scripts: run by hand or in CI, never deployed as a service. */
const SCRIPT_DIRECTORY = /(?:^|\/)scripts?\//;

/** A test file or test helper (`*.test.ts`, `__tests__/`, `test/`, `e2e/`, `cypress/`). */
export function isTestFile(relative: string): boolean {
  return TEST_DIRECTORY.test(relative) || TEST_NAME.test(relative);
}

/** A file under `scripts/` (or `script/`): tooling, not the service. */
export function isScriptFile(relative: string): boolean {
  return SCRIPT_DIRECTORY.test(relative);
}

/** 1-based line and column of a position. */
export function positionOf(file: ts.SourceFile, position: number): { line: number; column: number } {
  const { line, character } = file.getLineAndCharacterOfPosition(position);
  return { line: line + 1, column: character + 1 };
}

/** Where a node's text starts and ends (trivia excluded), 1-based, end exclusive. */
export function locationOf(node: ts.Node): { line: number; column: number; endLine: number; endColumn: number } {
  const file = node.getSourceFile();
  const start = positionOf(file, node.getStart(file));
  const end = positionOf(file, node.getEnd());
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Visits every node under `root` depth first; returning false from `visit` skips a node's children. */
export function walk(root: ts.Node, visit: (node: ts.Node) => boolean | void): void {
  const step = (node: ts.Node): void => {
    if (visit(node) === false) return;
    ts.forEachChild(node, step);
  };
  step(root);
}

/** An expression without parentheses, `!`, `as T`, `<T>x` and `satisfies T`. */
export function unwrap(node: ts.Expression): ts.Expression {
  let current = node;
  for (;;) {
    if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The name a call calls: `listen` in `app.listen()`, `serve` in `serve()`; undefined for computed callees. */
export function calleeName(call: ts.CallExpression | ts.NewExpression): string | undefined {
  const callee = unwrap(call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  if (ts.isElementAccessExpression(callee) && ts.isStringLiteralLike(callee.argumentExpression)) return callee.argumentExpression.text;
  return undefined;
}

/** The last name of a receiver: `server` in `this.server`, `app` in `app`, `createServer` in `createServer(…)`. */
export function terminalName(node: ts.Expression): string | undefined {
  const inner = unwrap(node);
  if (ts.isIdentifier(inner)) return inner.text;
  if (ts.isPropertyAccessExpression(inner)) return inner.name.text;
  if (ts.isCallExpression(inner) || ts.isNewExpression(inner)) return calleeName(inner);
  return undefined;
}

/** The identifier a member chain starts from: `user` in `user.account.plan`, `PLAN_LIMITS` in `PLAN_LIMITS[p].max`. */
export function rootIdentifier(node: ts.Expression): ts.Identifier | undefined {
  let current = unwrap(node);
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = unwrap(current.expression);
  return ts.isIdentifier(current) ? current : undefined;
}

/** A string a node spells out: `'x'`, `` `x` `` without substitutions. */
export function stringValue(node: ts.Node | undefined): string | undefined {
  return node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
}

/** `'SIGTERM'` as code writes it, shortened to one line for messages. */
export function snippet(node: ts.Node, max = 60): string {
  const text = node.getText(node.getSourceFile()).replace(/\s+/g, ' ');
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Functions, arrows and methods: where a callback or handler body lives. */
export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isFunctionExpression(node) ||
    ts.isArrowFunction(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** A short list of files for a message: `a.ts, b.ts and 3 more`. */
export function listFiles(files: readonly string[], max = 4): string {
  if (files.length <= max) return files.join(', ');
  return `${files.slice(0, max).join(', ')} and ${files.length - max} more`;
}
