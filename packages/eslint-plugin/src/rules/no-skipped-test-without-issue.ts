import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import {
  declarationOf,
  getTypeServices,
  importBindingOf,
  isFromPackage,
  memberName,
  originOfDeclaration,
  resolveCallTarget,
  unwrapCallee,
  unwrapExpression,
} from '../knowledge/origin.js';
import { isUndeclared, oneLineSnippet, propertyKey, stringValue } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { isFileMatchedBy, TEST_FILE_GLOBS } from '../util/files.js';

type Options = [{ issuePattern?: string }];
type MessageIds = 'skippedWithoutIssue' | 'todoWithoutIssue' | 'focusedTest' | 'unfocus' | 'removeOnlyOption';
type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/**
 * `#123`, `issue#123`, `org/repo#123`; a tracker key (`GH-123`, `PAY-1234`, `NV-3793`, but not
 * `UTF-8`, `SHA-256`, `ISO-8601`, `RFC-7231`); or a URL to an issue, pull or merge request, or
 * ticket (GitHub, GitLab, Jira `browse/`, Linear, Shortcut, Azure Boards, Bugzilla).
 */
export const DEFAULT_ISSUE_PATTERN = [
  String.raw`(?:^|[^\w&])#\d+\b`,
  String.raw`\b(?:[Ii]ssues?|PR|pr|GH|gh|[Bb]ugs?|[Tt]ickets?)#\d+\b`,
  String.raw`(?:^|[\s(\[])[\w.-]+/[\w.-]+#\d+\b`,
  String.raw`\b(?!(?:UTF|UCS|SHA|MD|AES|RSA|ISO|RFC|CVE|ES|ECMA|HTTPS?|TLS|SSL|IPV|UTC|GMT|WCAG|BASE)-)[A-Z][A-Z0-9]+-\d+\b`,
  String.raw`https?://\S+/(?:issues?|pulls?|merge_requests|browse|tickets?|_?work_?items|stor(?:y|ies)|bugs?)/\S*\d`,
  String.raw`show_bug\.cgi\?id=\d+`,
].join('|');

export default createRule<Options, MessageIds>({
  name: 'no-skipped-test-without-issue',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require an issue reference next to every skipped or todo test, and disallow focused tests',
      recommended: 'recommended',
      domains: ['tests'],
      seed: '001 P7',
    },
    hasSuggestions: true,
    schema: [
      {
        type: 'object',
        properties: {
          issuePattern: {
            type: 'string',
            description:
              'A regular expression (JavaScript syntax, no flags) that an issue reference in the comment or skip reason must match. Replaces the default, which accepts `#123`, `org/repo#123`, tracker keys such as `GH-123` or `PAY-1234`, and issue, pull request or ticket URLs.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ issuePattern: DEFAULT_ISSUE_PATTERN }],
    messages: {
      skippedWithoutIssue:
        '`{{spelling}}` switches this {{kind}} off with no issue reference in a comment on this or the previous line: CI stays green while it no longer runs, and nothing says when or why it comes back, so it is forgotten. Link the issue that tracks turning it back on (`// skipped until #123 is fixed`, or the issue URL), or fix or delete the {{kind}}.',
      todoWithoutIssue:
        '`{{spelling}}` records a {{kind}} nobody wrote yet, with no issue reference in a comment on this or the previous line: the run reports it as pending and CI stays green, so the missing coverage is forgotten. Link the issue that tracks writing it (`// #123`, or the issue URL), or write it now.',
      focusedTest:
        '`{{spelling}}` focuses this {{kind}}: the runner skips every unfocused test next to it, and the run still passes. Remove the focus before committing.',
      unfocus: 'Run every test again: write `{{replacement}}` instead of `{{spelling}}`.',
      removeOnlyOption: 'Run every test again: remove the `only` option.',
    },
  },
  create(context, [options]) {
    const issuePattern = compiledIssuePattern(options.issuePattern ?? DEFAULT_ISSUE_PATTERN);
    let testFile: boolean | undefined;
    const isTestFile = (): boolean => (testFile ??= isFileMatchedBy(context, [...TEST_FILE_GLOBS, ...MORE_TEST_FILE_GLOBS]));
    let comments: CommentIndex | undefined;

    /** The skip reason, a comment on or directly above the declaration, or one opening its body. */
    function hasIssueReference(call: TSESTree.CallExpression, marked: MarkedTest): boolean {
      if (marked.reason !== undefined && issuePattern.test(marked.reason)) return true;
      comments ??= indexComments(context.sourceCode);
      const lines = [call.loc.start.line, marked.reportNode.loc.start.line];
      if (issueCommentNear(lines, comments, context.sourceCode, issuePattern)) return true;
      return leadingBodyComments(call, context.sourceCode).some((comment) => issuePattern.test(comment.value));
    }

    return {
      CallExpression(node) {
        // The syntactic shape first (a `skip`/`only`/`todo` in the chain, `xit`, `{ skip: true }`);
        // which framework the callee belongs to is asked only then.
        const marked = markedTestOf(node, context.sourceCode);
        if (!marked || !isTestApi(marked, node, context, isTestFile)) return;
        const { spelling, kind } = marked;
        if (marked.mark === 'only') {
          const suggestion = unfocusSuggestion(marked, context);
          context.report({ node: marked.reportNode, messageId: 'focusedTest', data: { spelling, kind }, suggest: suggestion ? [suggestion] : [] });
          return;
        }
        if (hasIssueReference(node, marked)) return;
        context.report({
          node: marked.reportNode,
          messageId: marked.mark === 'todo' ? 'todoWithoutIssue' : 'skippedWithoutIssue',
          data: { spelling, kind },
        });
      },
    };
  },
});

// Rules are created once per linted file; the pattern is the same for all of them.
const compiledPatterns = new Map<string, RegExp>();

function compiledIssuePattern(pattern: string): RegExp {
  let compiled = compiledPatterns.get(pattern);
  if (compiled) return compiled;
  try {
    compiled = new RegExp(pattern);
  } catch (error) {
    throw new Error(
      `pitfalls/no-skipped-test-without-issue: the option \`issuePattern\` is not a valid regular expression (${pattern}): ${(error as Error).message}`,
    );
  }
  compiledPatterns.set(pattern, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------
// The test declarations that switch tests off or focus them

/** Test and suite functions of vitest, jest, mocha (BDD and TDD), node:test, Playwright, bun and ava. */
const TEST_FUNCTIONS = new Set(['it', 'test', 'describe', 'suite', 'context', 'specify']);
const SUITE_WORDS = new Set(['describe', 'suite', 'context', 'xdescribe', 'xcontext', 'fdescribe']);
/** Jasmine-style pending (`xit`) and focused (`fit`) spellings, kept by jest and mocha. */
const PENDING_FUNCTIONS: ReadonlySet<string> = new Set(['xit', 'xtest', 'xdescribe', 'xcontext', 'xspecify']);
const FOCUSED_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['fit', 'it'],
  ['fdescribe', 'describe'],
]);
/**
 * Words a test chain may hold besides the mark: `it.concurrent.skip`, `it.skip.each(table)`,
 * `it.skip.failing`, Playwright's `test.describe.serial.skip`. Any other member
 * (`test.extend`, `describe.configure`, `it.skipIf(cond)`) is not a declaration this rule reads.
 */
const CHAIN_WORDS = new Set(['concurrent', 'sequential', 'serial', 'parallel', 'describe', 'failing', 'fails', 'each', 'for', 'skip', 'only', 'todo', 'fixme']);
/** Playwright's `test.fixme(title, body)` declares a skipped test like `test.skip`. */
const SKIP_WORDS = new Set(['skip', 'fixme']);
const EACH_WORDS = new Set(['each', 'for']);

type Mark = 'skip' | 'todo' | 'only';

interface MarkedTest {
  readonly mark: Mark;
  readonly kind: 'test' | 'suite';
  /** `it.skip`, `xit`, `it(…, { skip: true })`: the spelling quoted in the message. */
  readonly spelling: string;
  /** The identifier the chain starts from (`it`, `test`, `vitest` in `vitest.it.skip`). */
  readonly root: TSESTree.Identifier;
  /** The test function's name within the chain (`it`, `xit`, `myTest` for a `test.extend` result). */
  readonly base: string;
  /** The chain (`it.skip`, `xit`) or the `skip: true` property: what is reported. */
  readonly reportNode: TSESTree.Node;
  /** The chain as written, when the mark is in it. */
  readonly chain?: TSESTree.Expression;
  /** The `only: true` property, when the mark is an option. */
  readonly option?: TSESTree.Property;
  /** node:test's `{ skip: 'reason' }` / `{ todo: 'reason' }` text. */
  readonly reason?: string;
}

interface Chain {
  readonly node: TSESTree.Expression;
  readonly root: TSESTree.Identifier;
  readonly names: readonly string[];
}

/** `it.concurrent.skip` → root `it`, names `['it', 'concurrent', 'skip']`; undefined for computed or called parts. */
function chainOf(expression: TSESTree.Expression): Chain | undefined {
  const node = unwrapCallee(expression);
  const names: string[] = [];
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(current);
    if (!name) return undefined;
    names.unshift(name);
    current = unwrapCallee(current.object);
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  names.unshift(current.name);
  return { node, root: current, names };
}

/**
 * The chain a test call is declared with: `it.skip(…)` directly, or the table
 * form `it.skip.each(table)(…)` / ``it.skip.each`…`(…)``, which is read at the
 * outer call (the one holding the name and body) and not at the `.each` call.
 */
function declaringChainOf(call: TSESTree.CallExpression): Chain | undefined {
  const callee = unwrapCallee(call.callee);
  if (callee.type === AST_NODE_TYPES.CallExpression || callee.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    const chain = chainOf(callee.type === AST_NODE_TYPES.CallExpression ? callee.callee : callee.tag);
    return chain && EACH_WORDS.has(chain.names.at(-1) ?? '') ? chain : undefined;
  }
  const chain = chainOf(callee);
  return chain && !EACH_WORDS.has(chain.names.at(-1) ?? '') ? chain : undefined;
}

/** A test or suite declaration that is skipped, todo or focused, read from its syntax alone. */
function markedTestOf(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): MarkedTest | undefined {
  const chain = declaringChainOf(call);
  if (!chain) return undefined;
  // `vitest.it.skip` through a namespace import, node:test's `t.test(…)`: the test function is the second name.
  const names = TEST_FUNCTIONS.has(chain.names[1] ?? '') && !isKnownTestName(chain.names[0] ?? '') ? chain.names.slice(1) : chain.names;
  const [base = '', ...words] = names;
  if (!words.every((word) => CHAIN_WORDS.has(word))) return undefined;
  const kind = names.some((name) => SUITE_WORDS.has(name)) ? 'suite' : 'test';
  const spelling = names.join('.');
  const common = { kind, root: chain.root, base, chain: chain.node, reportNode: chain.node, spelling } as const;
  if (FOCUSED_FUNCTIONS.has(base) || words.includes('only')) return isDeclaration(call, 'only') ? { ...common, mark: 'only' } : undefined;
  if (PENDING_FUNCTIONS.has(base) || words.some((word) => SKIP_WORDS.has(word))) return isDeclaration(call, 'skip') ? { ...common, mark: 'skip' } : undefined;
  if (words.includes('todo')) return isDeclaration(call, 'todo') ? { ...common, mark: 'todo' } : undefined;
  return markedByOption(call, common, sourceCode);
}

function isKnownTestName(name: string): boolean {
  return TEST_FUNCTIONS.has(name) || PENDING_FUNCTIONS.has(name) || FOCUSED_FUNCTIONS.has(name);
}

/**
 * Whether a marked call declares a test rather than skipping at run time.
 * Playwright's `test.skip()` (inside a test), `test.skip(isMobile, 'reason')` and
 * `test.skip(({ browserName }) => browserName === 'webkit')` are conditions on the
 * environment, not a test switched off and forgotten; a declaration names the test
 * (`it.skip('name', fn)`), passes node:test options first, or gives only a body.
 */
function isDeclaration(call: TSESTree.CallExpression, mark: Mark): boolean {
  const [first, second] = call.arguments;
  if (!first) return false;
  if (mark !== 'skip') return true;
  if (isStringLike(first) || first.type === AST_NODE_TYPES.ObjectExpression) return true;
  if (second) return !isStringLike(second);
  return (
    (first.type === AST_NODE_TYPES.ArrowFunctionExpression || first.type === AST_NODE_TYPES.FunctionExpression) &&
    first.body.type === AST_NODE_TYPES.BlockStatement
  );
}

function isStringLike(node: TSESTree.Node): boolean {
  return (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') || node.type === AST_NODE_TYPES.TemplateLiteral;
}

/**
 * node:test and vitest options: `test('name', { skip: true }, fn)`, `{ todo: 'reason' }`,
 * `{ only: true }`. Only a literal switches the test off for good: `{ skip: process.platform
 * === 'win32' }` or `{ skip: !process.env.DATABASE_URL }` gates it on the environment.
 */
function markedByOption(
  call: TSESTree.CallExpression,
  common: Omit<MarkedTest, 'mark' | 'reportNode'>,
  sourceCode: Readonly<TSESLint.SourceCode>,
): MarkedTest | undefined {
  for (const argument of call.arguments.slice(0, 3)) {
    if (argument.type !== AST_NODE_TYPES.ObjectExpression) continue;
    for (const property of argument.properties) {
      if (property.type !== AST_NODE_TYPES.Property) continue;
      const key = propertyKey(property);
      if (key !== 'skip' && key !== 'todo' && key !== 'only') continue;
      const value = unwrapExpression(property.value as TSESTree.Expression);
      const reason = stringValue(value);
      const switchedOn = (value.type === AST_NODE_TYPES.Literal && value.value === true) || (reason !== undefined && reason.length > 0);
      if (!switchedOn) continue;
      const spelling = `${common.spelling}(…, { ${oneLineSnippet(sourceCode.getText(property))} })`;
      return {
        ...common,
        mark: key,
        spelling,
        reportNode: property,
        option: property,
        ...(reason !== undefined ? { reason } : {}),
      };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------
// Whether the callee is a test framework's

/** Packages whose test functions the rule reads, as origin.ts names them (`node:test` is `test`). */
const TEST_PACKAGES = [
  'vitest',
  '@vitest/runner',
  '@jest/globals',
  '@jest/types',
  'jest',
  'mocha',
  'test',
  'bun:test',
  '@playwright/test',
  'playwright',
  'jasmine',
  'ava',
  'cypress',
  'uvu',
];

/**
 * Test files the rule recognises beyond TEST_FILE_GLOBS: `tests/`, `spec/` folders
 * and Cypress specs (`*.cy.ts`), where mocha-style globals are usual.
 */
const MORE_TEST_FILE_GLOBS = ['**/{tests,spec,specs,cypress}/**', '**/*.cy.{ts,tsx,js,jsx,mts,cts,mjs,cjs}'];

/**
 * Whether the chain's root is a test framework's function, so that a query
 * builder's `.skip(10)` or a stream's `skip` never counts: the type checker
 * resolves it (or its type) to a test package; or this file imports it from one
 * (also through `const test = base.extend(…)`); or, in a test file, it is one of
 * the well-known test globals or a test function imported from a local helper.
 */
function isTestApi(marked: MarkedTest, call: TSESTree.CallExpression, context: Context, isTestFile: () => boolean): boolean {
  const { root, base } = marked;
  if (!isKnownTestName(base) && !isExtendedTestCandidate(root, context)) return false;
  if (resolvesToTestPackage(root, context)) return true;
  const binding = importBindingOf(root, context);
  if (binding) return isFromPackage(binding.origin, TEST_PACKAGES) || (root.name === base && isKnownTestName(base) && isTestFile());
  if (isKnownTestName(base) && root.name === base && isUndeclared(root, context)) return isTestFile();
  // node:test's `t.test('name', { skip: true }, fn)` on the test context, known only from types.
  return marked.option !== undefined && isFromPackage(resolveCallTarget(call, context)?.origin, TEST_PACKAGES);
}

/**
 * A root that is no test function by name may still be one made with
 * `test.extend(…)` (a module constant or an import), never a callback's parameter:
 * `t.skip('no database')` and vitest's `ctx.skip()` skip at run time, by condition.
 */
function isExtendedTestCandidate(root: TSESTree.Identifier, context: Context): boolean {
  if (NOT_TESTS.has(root.name)) return false;
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(root), root.name)?.defs[0];
  return definition?.type === 'Variable' || definition?.type === 'ImportBinding';
}

/** vitest's benchmarks: a skipped benchmark is no skipped test. */
const NOT_TESTS = new Set(['bench']);

function resolvesToTestPackage(root: TSESTree.Identifier, context: Context): boolean {
  const services = getTypeServices(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(root);
  const declaration = declarationOf(checker, tsNode);
  if (declaration && isFromPackage(originOfDeclaration(declaration), TEST_PACKAGES)) return true;
  // `const test = base.extend<Fixtures>({ … })` in a project file: its type is the framework's.
  const type = checker.getTypeAtLocation(tsNode);
  const typeDeclaration = (type.aliasSymbol ?? type.getSymbol())?.declarations?.[0];
  return typeDeclaration !== undefined && isFromPackage(originOfDeclaration(typeDeclaration), TEST_PACKAGES);
}


// ---------------------------------------------------------------------------
// The issue reference in a comment next to the declaration

interface CommentIndex {
  readonly startingOn: ReadonlyMap<number, TSESTree.Comment[]>;
  readonly endingOn: ReadonlyMap<number, TSESTree.Comment[]>;
}

function indexComments(sourceCode: Readonly<TSESLint.SourceCode>): CommentIndex {
  const startingOn = new Map<number, TSESTree.Comment[]>();
  const endingOn = new Map<number, TSESTree.Comment[]>();
  for (const comment of sourceCode.getAllComments()) {
    const starting = startingOn.get(comment.loc.start.line) ?? [];
    starting.push(comment);
    startingOn.set(comment.loc.start.line, starting);
    const ending = endingOn.get(comment.loc.end.line) ?? [];
    ending.push(comment);
    endingOn.set(comment.loc.end.line, ending);
  }
  return { startingOn, endingOn };
}

/**
 * Whether a comment on one of the declaration's lines, or the run of comment
 * lines directly above it (no blank line between), carries an issue reference.
 * A comment further up (above a blank line, or at the top of the file) may speak
 * of anything, so it does not count.
 */
function issueCommentNear(
  lines: readonly number[],
  comments: CommentIndex,
  sourceCode: Readonly<TSESLint.SourceCode>,
  issuePattern: RegExp,
): boolean {
  const mentionsIssue = (comment: TSESTree.Comment): boolean => issuePattern.test(comment.value);
  for (const line of new Set(lines)) {
    if (comments.startingOn.get(line)?.some(mentionsIssue) || comments.endingOn.get(line)?.some(mentionsIssue)) return true;
  }
  let line = Math.min(...lines) - 1;
  for (let above = comments.endingOn.get(line); above; above = comments.endingOn.get(line)) {
    if (above.some(mentionsIssue)) return true;
    const first = above.reduce((earliest, comment) => (comment.range[0] < earliest.range[0] ? comment : earliest));
    // A comment after code (`await seed(); // note`) ends the run.
    if (sourceCode.lines[first.loc.start.line - 1]?.slice(0, first.loc.start.column).trim()) return false;
    line = first.loc.start.line - 1;
  }
  return false;
}

/**
 * The comments opening the test's body, before its first statement: where a
 * team often writes why it is off (`// NV-3793: the color picker freezes the browser`).
 */
function leadingBodyComments(call: TSESTree.CallExpression, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Comment[] {
  const body = call.arguments.findLast(
    (argument): argument is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression =>
      argument.type === AST_NODE_TYPES.ArrowFunctionExpression || argument.type === AST_NODE_TYPES.FunctionExpression,
  )?.body;
  if (body?.type !== AST_NODE_TYPES.BlockStatement) return [];
  const openingBrace = sourceCode.getFirstToken(body);
  return openingBrace ? sourceCode.getCommentsAfter(openingBrace) : [];
}

// ---------------------------------------------------------------------------
// The suggestion: unfocus

function unfocusSuggestion(marked: MarkedTest, context: Context): TSESLint.SuggestionReportDescriptor<MessageIds> | undefined {
  if (marked.option) {
    const option = marked.option;
    return { messageId: 'removeOnlyOption', fix: (fixer) => removeProperty(option, context.sourceCode, fixer) };
  }
  const chain = marked.chain;
  if (!chain) return undefined;
  const replacement = FOCUSED_FUNCTIONS.get(marked.base);
  if (replacement) {
    // An imported `fit` would need its import changed too: a global only.
    if (marked.root.name !== marked.base || !isUndeclared(marked.root, context)) return undefined;
    return { messageId: 'unfocus', data: { spelling: marked.base, replacement }, fix: (fixer) => fixer.replaceText(marked.root, replacement) };
  }
  const only = onlyMemberOf(chain);
  if (!only) return undefined;
  return {
    messageId: 'unfocus',
    data: { spelling: marked.spelling, replacement: marked.spelling.split('.').filter((name) => name !== 'only').join('.') },
    fix: (fixer) => fixer.removeRange([only.object.range[1], only.range[1]]),
  };
}

function onlyMemberOf(chain: TSESTree.Expression): TSESTree.MemberExpression | undefined {
  for (let current = unwrapCallee(chain); current.type === AST_NODE_TYPES.MemberExpression; current = unwrapCallee(current.object)) {
    if (memberName(current) === 'only') return current;
  }
  return undefined;
}

/** Removes `only: true` with its comma; the whole options argument when it held nothing else. */
function removeProperty(property: TSESTree.Property, sourceCode: Readonly<TSESLint.SourceCode>, fixer: TSESLint.RuleFixer): TSESLint.RuleFix {
  const object = property.parent as TSESTree.ObjectExpression;
  if (object.properties.length === 1 && object.parent.type === AST_NODE_TYPES.CallExpression) {
    const args = object.parent.arguments;
    const index = args.indexOf(object);
    const next = args[index + 1];
    const previous = args[index - 1];
    if (next) return fixer.removeRange([object.range[0], next.range[0]]);
    if (previous) return fixer.removeRange([previous.range[1], object.range[1]]);
    return fixer.remove(object);
  }
  const after = sourceCode.getTokenAfter(property);
  if (after && ASTUtils.isCommaToken(after)) {
    const following = sourceCode.getTokenAfter(after, { includeComments: true });
    return fixer.removeRange([property.range[0], following ? following.range[0] : after.range[1]]);
  }
  const before = sourceCode.getTokenBefore(property);
  return fixer.removeRange([before && ASTUtils.isCommaToken(before) ? before.range[0] : property.range[0], property.range[1]]);
}
