import path from 'node:path';
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { calleeName, outermostTypeWrapper, resolveCallTarget, resolveTsCallTarget, unwrapExpression, type CallTarget } from '../knowledge/origin.js';

/**
 * Interprocedural summaries: "does calling this function reach a call that
 * matches P?", answered from the callee's body in the TypeScript AST through
 * the type checker. Rules use them to see through the project's own wrappers
 * (`db.execute()` in a handler reaching better-sqlite3's `Statement.all` in
 * `DatabaseService`, `getUser(id)` in a loop reaching `prisma.user.findFirst`).
 *
 * Only what runs while the call is on the stack counts: the function's body,
 * callbacks that run in place (array methods, `new Promise` executors, IIFEs)
 * and, up to a bounded depth, the project functions it calls. Callbacks handed
 * to timers, emitters or promises (`.then`) run later and are not part of it.
 */

/** A call the summary's predicate looks at. */
export type SummaryCall = ts.CallExpression | ts.NewExpression | ts.TaggedTemplateExpression;

/** A project function whose body can be walked. */
export type FunctionWithBody = ts.FunctionLikeDeclaration & { readonly body: ts.ConciseBody };

/** What a predicate says about a matching call: at least a label for messages. */
export interface SummaryLeaf {
  /** `better-sqlite3 Statement.all`, `prisma.user.findFirst`. */
  readonly label: string;
}

export interface SummaryKind<Leaf extends SummaryLeaf = SummaryLeaf> {
  /**
   * Identifies the predicate in the per-program cache. Two kinds with different
   * predicates must have different ids; include anything the predicate depends
   * on (e.g. the user's settings).
   */
  readonly id: string;
  /** What a matching call is (`{ label: 'better-sqlite3 Statement.all', … }`), or undefined. */
  leafOf(call: SummaryCall, checker: ts.TypeChecker): Leaf | undefined;
  /**
   * Whether calls into this function are followed (and whether it has a
   * summary at all). Defaults to every project function with a body.
   */
  follows?(fn: FunctionWithBody, checker: ts.TypeChecker): boolean;
}

export interface ChainStep {
  /** `DatabaseService.execute` for a function, the predicate's label for the final call. */
  readonly name: string;
  readonly kind: 'function' | 'leaf';
  /** Base name of the file, for messages: `db-service.ts`. */
  readonly file: string;
  /** Absolute file name. */
  readonly fileName: string;
  /** 1-based line of the function's name, or of the matching call. */
  readonly line: number;
  /** 1-based column. */
  readonly column: number;
}

export interface Summary<Leaf extends SummaryLeaf = SummaryLeaf> {
  /** The summarised function first, then each function it goes through, then the matching call. */
  readonly chain: readonly ChainStep[];
  /** What the predicate said about the matching call. */
  readonly leaf: Leaf;
  /** The matching call itself. */
  readonly call: SummaryCall;
}

export interface SummaryOptions {
  /**
   * How many function bodies deep to look: 1 = only the summarised function's
   * own body, 2 = also the project functions it calls, and so on.
   */
  readonly maxDepth: number;
}

interface Facts {
  readonly leaf?: { readonly value: SummaryLeaf; readonly call: SummaryCall };
  readonly callees: readonly FunctionWithBody[];
}

interface ProgramCache {
  /** Per kind id: what each function's own body does. */
  readonly facts: Map<string, Map<FunctionWithBody, Facts>>;
  /** Per `kind id @ depth`: the summary of each function (null: does not reach). */
  readonly summaries: Map<string, Map<FunctionWithBody, Summary | null>>;
}

// The only state shared between files, keyed by program: a new program (watch
// mode, another tsconfig, another worker under --concurrency) starts empty.
const caches = new WeakMap<ts.Program, ProgramCache>();

function cacheOf(program: ts.Program): ProgramCache {
  let cache = caches.get(program);
  if (!cache) {
    cache = { facts: new Map(), summaries: new Map() };
    caches.set(program, cache);
  }
  return cache;
}

function mapIn<K, V>(outer: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

/**
 * The summary of a project function: the shortest chain (breadth-first, so
 * cycles end and the nearest match wins) from its body to a call matching the
 * kind, within `maxDepth` bodies. Undefined when it does not reach one, when
 * the kind does not follow it, or when `maxDepth` is below 1.
 */
export function summarizeFunction<Leaf extends SummaryLeaf>(
  program: ts.Program,
  fn: FunctionWithBody,
  kind: SummaryKind<Leaf>,
  options: SummaryOptions,
): Summary<Leaf> | undefined {
  const maxDepth = Math.floor(options.maxDepth);
  if (!(maxDepth >= 1)) return undefined;
  const checker = program.getTypeChecker();
  if (!isProjectFunction(program, fn) || !follows(kind, fn, checker)) return undefined;
  const cache = cacheOf(program);
  const summaries = mapIn(cache.summaries, `${kind.id}@${maxDepth}`);
  const cached = summaries.get(fn);
  // The kind's id promises that every summary under it was made by the same predicate.
  if (cached !== undefined) return (cached ?? undefined) as Summary<Leaf> | undefined;
  const factsOf = (f: FunctionWithBody) => functionFacts(program, checker, f, kind, mapIn(cache.facts, kind.id));
  const summary = shortestChain(fn, factsOf, maxDepth) ?? null;
  summaries.set(fn, summary);
  return (summary ?? undefined) as Summary<Leaf> | undefined;
}

/** The summary of whatever project function a call invokes (`this.db.execute(sql)`, `new Repo()`, `getUser(id)`). */
export function summarizeCall<Leaf extends SummaryLeaf>(
  program: ts.Program,
  call: ts.CallExpression | ts.NewExpression,
  kind: SummaryKind<Leaf>,
  options: SummaryOptions,
): Summary<Leaf> | undefined {
  const fn = calleeImplementation(program, call);
  return fn ? summarizeFunction(program, fn, kind, options) : undefined;
}

/**
 * The summary of the function behind a declaration a rule already resolved
 * (`resolveCallTarget(...).declaration`): the call's type query is then shared
 * with every other rule that resolved the same call.
 */
export function summarizeDeclaration<Leaf extends SummaryLeaf>(
  program: ts.Program,
  declaration: ts.Declaration,
  kind: SummaryKind<Leaf>,
  options: SummaryOptions,
): Summary<Leaf> | undefined {
  const fn = safely(() => implementationOf(declaration, program.getTypeChecker()));
  return fn ? summarizeFunction(program, fn, kind, options) : undefined;
}

function shortestChain(
  start: FunctionWithBody,
  factsOf: (fn: FunctionWithBody) => Facts,
  maxDepth: number,
): Summary | undefined {
  const reachedFrom = new Map<FunctionWithBody, FunctionWithBody | null>([[start, null]]);
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    for (const fn of frontier) {
      const { leaf } = factsOf(fn);
      if (leaf) return chainTo(fn, reachedFrom, leaf);
    }
    if (depth === maxDepth) break;
    const next: FunctionWithBody[] = [];
    for (const fn of frontier) {
      for (const callee of factsOf(fn).callees) {
        if (reachedFrom.has(callee)) continue;
        reachedFrom.set(callee, fn);
        next.push(callee);
      }
    }
    frontier = next;
  }
  return undefined;
}

function chainTo(
  fn: FunctionWithBody,
  reachedFrom: ReadonlyMap<FunctionWithBody, FunctionWithBody | null>,
  leaf: NonNullable<Facts['leaf']>,
): Summary {
  const functions: FunctionWithBody[] = [];
  for (let current: FunctionWithBody | null | undefined = fn; current; current = reachedFrom.get(current)) {
    functions.unshift(current);
  }
  return {
    chain: [
      ...functions.map((f) => step(functionName(f), 'function', ts.getNameOfDeclaration(f) ?? f)),
      step(leaf.value.label, 'leaf', leaf.call),
    ],
    leaf: leaf.value,
    call: leaf.call,
  };
}

function step(name: string, kind: ChainStep['kind'], node: ts.Node): ChainStep {
  const sourceFile = node.getSourceFile();
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  return {
    name,
    kind,
    file: path.basename(sourceFile.fileName),
    fileName: sourceFile.fileName,
    line: line + 1,
    column: character + 1,
  };
}

/** `DatabaseService.execute() → better-sqlite3 Statement.all (db-service.ts:14)`: the chain as messages show it. */
export function formatChain(chain: readonly ChainStep[]): string {
  const last = chain.at(-1);
  const names = chain.map((s) => (s.kind === 'function' ? `${s.name}()` : s.name)).join(' → ');
  return last ? `${names} (${last.file}:${last.line})` : names;
}

/** What one function's own body does: its first matching call, else the project functions it calls. */
function functionFacts(
  program: ts.Program,
  checker: ts.TypeChecker,
  fn: FunctionWithBody,
  kind: SummaryKind<SummaryLeaf>,
  cache: Map<FunctionWithBody, Facts>,
): Facts {
  const cached = cache.get(fn);
  if (cached) return cached;
  let leaf: Facts['leaf'];
  const callees = new Set<FunctionWithBody>();
  const visit = (node: ts.Node): void => {
    if (leaf) return;
    if (ts.isFunctionLike(node)) {
      if (isFunctionWithBody(node) && runsInPlace(node, checker)) visit(node.body);
      return;
    }
    // A nested class's methods and initialisers run later, when it is used.
    if (ts.isClassLike(node)) return;
    if (ts.isCallExpression(node) || ts.isNewExpression(node) || ts.isTaggedTemplateExpression(node)) {
      const value = safely(() => kind.leafOf(node, checker));
      if (value) {
        leaf = { value, call: node };
        return;
      }
      if (!ts.isTaggedTemplateExpression(node)) {
        const callee = calleeImplementation(program, node);
        if (callee && callee !== fn && follows(kind, callee, checker)) callees.add(callee);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  const facts: Facts = leaf ? { leaf, callees: [] } : { callees: [...callees] };
  cache.set(fn, facts);
  return facts;
}

function follows(kind: SummaryKind<SummaryLeaf>, fn: FunctionWithBody, checker: ts.TypeChecker): boolean {
  return kind.follows ? safely(() => kind.follows?.(fn, checker)) === true : true;
}

/** Type queries on odd code may throw inside TypeScript; a summary then just misses that call. */
export function safely<T>(query: () => T): T | undefined {
  try {
    return query();
  } catch {
    return undefined;
  }
}

function isFunctionWithBody(node: ts.Node): node is FunctionWithBody {
  return (
    (ts.isFunctionDeclaration(node) ||
      ts.isMethodDeclaration(node) ||
      ts.isConstructorDeclaration(node) ||
      ts.isFunctionExpression(node) ||
      ts.isArrowFunction(node) ||
      ts.isGetAccessorDeclaration(node) ||
      ts.isSetAccessorDeclaration(node)) &&
    node.body !== undefined
  );
}

/** Whether a function belongs to the project (not node_modules, not a `.d.ts`). */
export function isProjectFunction(program: ts.Program, fn: ts.Node): boolean {
  const sourceFile = fn.getSourceFile();
  return (
    !sourceFile.isDeclarationFile &&
    !program.isSourceFileFromExternalLibrary(sourceFile) &&
    !/[\\/]node_modules[\\/]/.test(sourceFile.fileName)
  );
}

/** The project function a call runs, with its body: follows overloads, `const f = () =>`, class property arrows and `new C()` constructors. */
export function calleeImplementation(
  program: ts.Program,
  call: ts.CallExpression | ts.NewExpression,
): FunctionWithBody | undefined {
  const checker = program.getTypeChecker();
  const target = safely(() => resolveTsCallTarget(call, checker));
  const fn = target?.declaration && implementationOf(target.declaration, checker);
  return fn && isProjectFunction(program, fn) ? fn : undefined;
}

/**
 * The function with a body behind a declaration. Interface and abstract
 * methods, overload signatures without an implementation and ambient
 * declarations have none.
 */
export function implementationOf(declaration: ts.Declaration, checker: ts.TypeChecker): FunctionWithBody | undefined {
  if (isFunctionWithBody(declaration)) return declaration;
  if (ts.isFunctionDeclaration(declaration) || ts.isMethodDeclaration(declaration)) {
    // An overload signature: the implementation is another declaration of the same symbol.
    const name = declaration.name;
    const symbol = name && safely(() => checker.getSymbolAtLocation(name));
    return symbol?.declarations?.find(isFunctionWithBody);
  }
  if (ts.isClassLike(declaration)) {
    for (const member of declaration.members) {
      if (ts.isConstructorDeclaration(member) && isFunctionWithBody(member)) return member;
    }
    return undefined;
  }
  if (ts.isVariableDeclaration(declaration)) {
    const isConst =
      ts.isVariableDeclarationList(declaration.parent) && (declaration.parent.flags & ts.NodeFlags.Const) !== 0;
    return isConst ? functionInitializer(declaration.initializer) : undefined;
  }
  if (ts.isPropertyDeclaration(declaration) || ts.isPropertyAssignment(declaration)) {
    return functionInitializer(declaration.initializer);
  }
  return undefined;
}

function functionInitializer(initializer: ts.Expression | undefined): FunctionWithBody | undefined {
  let inner = initializer;
  while (inner && (ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isSatisfiesExpression(inner))) {
    inner = inner.expression;
  }
  return inner && (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) ? inner : undefined;
}

/** `DatabaseService.execute`, `getUser`, `db.run`: how chains name a function. */
export function functionName(fn: FunctionWithBody): string {
  const ownName = fn.name && ts.isIdentifier(fn.name) ? fn.name.text : undefined;
  if (ts.isConstructorDeclaration(fn)) return `${classNameOf(fn.parent) ?? '<class>'}.constructor`;
  if (ts.isMethodDeclaration(fn) || ts.isGetAccessorDeclaration(fn) || ts.isSetAccessorDeclaration(fn)) {
    return qualified(fn.parent, propertyNameText(fn.name));
  }
  if (ts.isFunctionDeclaration(fn)) return ownName ?? '<anonymous>';
  let holder: ts.Node = fn.parent;
  while (ts.isParenthesizedExpression(holder) || ts.isAsExpression(holder) || ts.isSatisfiesExpression(holder)) {
    holder = holder.parent;
  }
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) return holder.name.text;
  if (ts.isPropertyDeclaration(holder) || ts.isPropertyAssignment(holder)) {
    return qualified(holder.parent, propertyNameText(holder.name));
  }
  return ownName ?? '<anonymous>';
}

function qualified(owner: ts.Node, member: string): string {
  const ownerName = ts.isClassLike(owner)
    ? classNameOf(owner)
    : ts.isObjectLiteralExpression(owner) && ts.isVariableDeclaration(owner.parent) && ts.isIdentifier(owner.parent.name)
      ? owner.parent.name.text
      : undefined;
  return ownerName ? `${ownerName}.${member}` : member;
}

function classNameOf(node: ts.Node): string | undefined {
  if (!ts.isClassLike(node)) return undefined;
  if (node.name) return node.name.text;
  return ts.isVariableDeclaration(node.parent) && ts.isIdentifier(node.parent.name) ? node.parent.name.text : undefined;
}

function propertyNameText(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)
    ? name.text
    : '[computed]';
}

/**
 * Callbacks that run synchronously, while the call that receives them is on
 * the stack: array iteration (`map`, `forEach`, `reduce`…), `Map`/`Set`
 * `forEach`, `Array.from(xs, fn)`.
 */
export const IN_PLACE_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  'map',
  'forEach',
  'filter',
  'reduce',
  'reduceRight',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
  'flatMap',
  'sort',
  'toSorted',
  'from',
]);

const IN_PLACE_CALLBACK_OWNERS: ReadonlySet<string> = new Set([
  'Array',
  'ReadonlyArray',
  'ArrayConstructor',
  'Map',
  'ReadonlyMap',
  'Set',
  'ReadonlySet',
]);

function isInPlaceCallbackTarget(
  target: CallTarget | undefined,
  name: string | undefined,
  receiver: string | undefined,
): boolean {
  if (!name || !IN_PLACE_CALLBACK_METHODS.has(name)) return false;
  // With types, only the standard library's methods: an RxJS `forEach` or a
  // repository's `find(cb)` may call back later.
  if (target?.via === 'types') {
    return target.owner !== undefined && IN_PLACE_CALLBACK_OWNERS.has(target.owner) && isStandardLibrary(target);
  }
  return name !== 'from' || receiver === 'Array';
}

function isStandardLibrary(target: CallTarget): boolean {
  return target.origin !== undefined && 'packageName' in target.origin && target.origin.packageName === 'typescript';
}

/**
 * Whether a function expression runs while the enclosing code runs: an IIFE,
 * a `new Promise` executor or an array-method callback. Such callbacks belong
 * to the summary (and the context) of the function around them.
 */
export function runsInPlace(fn: ts.Node, checker: ts.TypeChecker): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let node: ts.Node = fn;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isCallExpression(parent) && parent.expression === node) return true;
  if (ts.isNewExpression(parent)) {
    return parent.arguments?.[0] === node && ts.isIdentifier(parent.expression) && parent.expression.text === 'Promise';
  }
  if (!ts.isCallExpression(parent) || !parent.arguments.includes(node as ts.Expression)) return false;
  const callee = parent.expression;
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const receiver = ts.isIdentifier(callee.expression) ? callee.expression.text : undefined;
  return isInPlaceCallbackTarget(safely(() => resolveTsCallTarget(parent, checker)), callee.name.text, receiver);
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** {@link runsInPlace} for ESTree functions, with or without type information. */
export function runsInPlaceEstree(fn: TSESTree.Node, context: Context): boolean {
  if (fn.type !== AST_NODE_TYPES.ArrowFunctionExpression && fn.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const node = outermostTypeWrapper(fn);
  const parent = node.parent;
  if (!parent) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === node) return true;
  if (parent.type === AST_NODE_TYPES.NewExpression) {
    const callee = unwrapExpression(parent.callee);
    return parent.arguments[0] === node && callee.type === AST_NODE_TYPES.Identifier && callee.name === 'Promise';
  }
  if (parent.type !== AST_NODE_TYPES.CallExpression || !parent.arguments.includes(node as TSESTree.CallExpressionArgument)) {
    return false;
  }
  const callee = unwrapExpression(parent.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const receiver = callee.object.type === AST_NODE_TYPES.Identifier ? callee.object.name : undefined;
  return isInPlaceCallbackTarget(safely(() => resolveCallTarget(parent, context)), calleeName(callee), receiver);
}
