import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  getTypeServices,
  isFromPackage,
  matchesSetting,
  memberName,
  resolveCallTarget,
  resolveTsCallTarget,
  unwrapExpression,
  type CallTarget,
} from './origin.js';
import { getPitfallsSettings, type ResolvedMatcher } from './settings.js';

/**
 * Which calls block the event loop: synchronous file, process, crypto and
 * compression APIs of Node, `Atomics.wait`, and the synchronous SQLite engines
 * (better-sqlite3, `node:sqlite`). Calls are recognised by where they come from
 * (the module that declares them), never by their name alone: a project
 * function called `mergeSync` is not I/O.
 */
export interface BlockingCall {
  /** How messages name the call: `fs.readFileSync`, `better-sqlite3 Statement.all`. */
  readonly label: string;
  /** The non-blocking way to do the same thing, as a sentence for messages. */
  readonly alternative: string;
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Packages whose every `*Sync` export does file-system I/O on the calling thread. */
export const SYNC_FS_PACKAGES = ['fs', 'fs-extra', 'graceful-fs'] as const;

export const SYNC_CHILD_PROCESS = {
  execSync: 'exec',
  execFileSync: 'execFile',
  spawnSync: 'spawn',
} as const satisfies Record<string, string>;

/**
 * CPU-heavy crypto. `generateKeySync` is left out on purpose: it only makes
 * HMAC/AES keys, which is a few random bytes; `hkdfSync` and `randomBytes` are
 * similarly cheap.
 */
export const SYNC_CRYPTO = {
  pbkdf2Sync: 'pbkdf2',
  scryptSync: 'scrypt',
  generateKeyPairSync: 'generateKeyPair',
  generatePrimeSync: 'generatePrime',
  checkPrimeSync: 'checkPrime',
  randomFillSync: 'randomFill',
} as const satisfies Record<string, string>;

/** better-sqlite3 executes SQL on the calling thread in these methods. */
export const BETTER_SQLITE3_STATEMENT_METHODS = ['all', 'get', 'run', 'iterate'] as const;
export const BETTER_SQLITE3_DATABASE_METHODS = ['exec', 'pragma'] as const;

/** `node:sqlite` (Node 22.5+): `DatabaseSync.exec` and `StatementSync` executions. */
export const NODE_SQLITE_STATEMENT_METHODS = ['all', 'get', 'run', 'iterate'] as const;
export const NODE_SQLITE_DATABASE_METHODS = ['exec'] as const;

/** `tx.immediate(rows)` and friends run a `db.transaction(fn)` function. */
const TRANSACTION_MODES: readonly string[] = ['default', 'deferred', 'immediate', 'exclusive'];

const SQLITE_ALTERNATIVE =
  'Use an async driver, or run the queries in a worker thread so requests keep being served.';

/**
 * Whether a resolved call blocks the event loop, and how to name it. Works for
 * calls resolved from ESTree (`resolveCallTarget`) and from the TypeScript AST
 * (`resolveTsCallTarget`).
 */
export function blockingCallOf(target: CallTarget, syncIoSettings: readonly ResolvedMatcher[]): BlockingCall | undefined {
  const { member, owner, origin } = target;
  if (origin && 'packageName' in origin) {
    const pkg = origin.packageName;
    if ((SYNC_FS_PACKAGES as readonly string[]).includes(pkg) && member.endsWith('Sync') && member.length > 4) {
      return { label: `${pkg}.${owner && owner !== pkg ? `${owner}.` : ''}${member}`, alternative: fsAlternative(pkg, member) };
    }
    if (pkg === 'child_process' && Object.hasOwn(SYNC_CHILD_PROCESS, member)) {
      const async = SYNC_CHILD_PROCESS[member as keyof typeof SYNC_CHILD_PROCESS];
      return {
        label: `child_process.${member}`,
        alternative:
          async === 'spawn'
            ? 'Use `child_process.spawn` and wait for its `close` event instead.'
            : `Use \`util.promisify(child_process.${async})\` instead.`,
      };
    }
    if (pkg === 'crypto' && Object.hasOwn(SYNC_CRYPTO, member)) {
      const async = SYNC_CRYPTO[member as keyof typeof SYNC_CRYPTO];
      return { label: `crypto.${member}`, alternative: `Use \`util.promisify(crypto.${async})\` instead (it runs on the libuv thread pool).` };
    }
    if (pkg === 'zlib' && member.endsWith('Sync') && member.length > 4) {
      const async = member.slice(0, -'Sync'.length);
      return { label: `zlib.${member}`, alternative: `Use \`util.promisify(zlib.${async})\` or a stream instead.` };
    }
    if (pkg === 'better-sqlite3') {
      if (owner === 'Transaction' && TRANSACTION_MODES.includes(member)) return BETTER_SQLITE3_TRANSACTION;
      const sqlite = betterSqlite3Execution(owner, member);
      if (sqlite) return { label: `better-sqlite3 ${sqlite}`, alternative: SQLITE_ALTERNATIVE };
    }
    if (pkg === 'sqlite') {
      const sqlite = nodeSqliteExecution(owner, member);
      if (sqlite) return { label: `node:sqlite ${sqlite}`, alternative: SQLITE_ALTERNATIVE };
    }
    if (pkg === 'typescript' && owner === 'Atomics' && member === 'wait') return ATOMICS_WAIT;
  }
  const setting = syncIoSettings.find((matcher) => matchesSetting(target, matcher));
  if (setting) {
    return {
      label: `${setting.owner ? `${setting.owner}.` : ''}${setting.member}`,
      alternative: 'Move the blocking work to a worker thread or use an async API.',
    };
  }
  return undefined;
}

const ATOMICS_WAIT: BlockingCall = {
  label: 'Atomics.wait',
  alternative: 'Use `Atomics.waitAsync` instead.',
};

const BETTER_SQLITE3_TRANSACTION: BlockingCall = {
  label: 'better-sqlite3 transaction',
  alternative: SQLITE_ALTERNATIVE,
};

function fsAlternative(pkg: string, member: string): string {
  const async = member.slice(0, -'Sync'.length);
  if (pkg !== 'fs') return `Use the promise-returning \`${pkg}.${async}\` instead.`;
  if (member === 'existsSync') return 'Use `fs.promises.access` (or `stat`) instead.';
  return `Use \`fs.promises.${async}\` (\`${async}\` from \`fs/promises\`) instead.`;
}

/**
 * Typed calls name their owner (`Statement`, `Database`); untyped ones reached
 * through `const db = new Database()` or `const stmt = db.prepare()` do not,
 * and the method names of the two are disjoint.
 */
function betterSqlite3Execution(owner: string | undefined, member: string): string | undefined {
  const isStatementMethod = (BETTER_SQLITE3_STATEMENT_METHODS as readonly string[]).includes(member);
  const isDatabaseMethod = (BETTER_SQLITE3_DATABASE_METHODS as readonly string[]).includes(member);
  if (isStatementMethod && (owner === undefined || owner === 'Statement')) return `Statement.${member}`;
  if (isDatabaseMethod && (owner === undefined || owner === 'Database')) return `Database.${member}`;
  return undefined;
}

/**
 * `node:sqlite` and the npm `sqlite` package (an async wrapper) share the
 * origin `sqlite` once `node:` is stripped, so only the `*Sync` classes count.
 */
function nodeSqliteExecution(owner: string | undefined, member: string): string | undefined {
  if (owner !== 'DatabaseSync' && owner !== 'StatementSync') return undefined;
  if ((NODE_SQLITE_STATEMENT_METHODS as readonly string[]).includes(member)) return `StatementSync.${member}`;
  if (owner === 'DatabaseSync' && (NODE_SQLITE_DATABASE_METHODS as readonly string[]).includes(member)) {
    return `DatabaseSync.${member}`;
  }
  return undefined;
}

/**
 * Whether an ESTree call blocks the event loop. Besides what {@link blockingCallOf}
 * knows from the resolved target, this covers the shapes the import fallback
 * cannot resolve: `db.prepare(sql).all()` chains, a global `Atomics.wait`, and
 * (with types) calling a better-sqlite3 `db.transaction(fn)` function.
 */
export function blockingCallAt(node: TSESTree.CallExpression, context: Context): BlockingCall | undefined {
  const syncIo = getPitfallsSettings(context).syncIo;
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && !mayBlockByName(memberName(callee), syncIo)) {
    return typedTransactionCall(node, context);
  }
  const target = resolveCallTarget(node, context);
  const known = target && blockingCallOf(target, syncIo);
  if (known) return known;
  if (target?.via === 'types') return typedTransactionCall(node, context);
  return preparedStatementExecution(node, context) ?? globalAtomicsWait(node, context) ?? typedTransactionCall(node, context);
}

/** The same decision for a call in the TypeScript AST of another function's body. */
export function blockingTsCallAt(
  call: ts.CallExpression,
  program: ts.Program,
  syncIoSettings: readonly ResolvedMatcher[],
): BlockingCall | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)) callee = callee.expression;
  if (ts.isPropertyAccessExpression(callee) && !mayBlockByName(callee.name.text, syncIoSettings)) {
    return isTransactionSignature(call, program) ? BETTER_SQLITE3_TRANSACTION : undefined;
  }
  const target = resolveTsCallTarget(call, program.getTypeChecker());
  return (target && blockingCallOf(target, syncIoSettings)) ?? (isTransactionSignature(call, program) ? BETTER_SQLITE3_TRANSACTION : undefined);
}

const BLOCKING_METHOD_NAMES: ReadonlySet<string> = new Set([
  ...BETTER_SQLITE3_STATEMENT_METHODS,
  ...BETTER_SQLITE3_DATABASE_METHODS,
  ...NODE_SQLITE_STATEMENT_METHODS,
  ...NODE_SQLITE_DATABASE_METHODS,
  ...TRANSACTION_MODES,
  'wait',
]);

/**
 * Whether a method called `name` can be one {@link blockingCallOf} knows. A
 * member call's property is the declared name, so anything else (`rows.map`,
 * `res.json`) is answered without resolving it through the type checker.
 * Plain calls (`readFileSync()`) may be renamed imports and are always resolved.
 */
function mayBlockByName(name: string | undefined, syncIoSettings: readonly ResolvedMatcher[]): boolean {
  if (name === undefined) return true;
  return (
    (name.endsWith('Sync') && name.length > 4) ||
    BLOCKING_METHOD_NAMES.has(name) ||
    syncIoSettings.some((matcher) => matcher.member === name)
  );
}

/** Untyped `db.prepare(sql).all()`: the statement method on the result of a better-sqlite3/node:sqlite `prepare`. */
function preparedStatementExecution(node: TSESTree.CallExpression, context: Context): BlockingCall | undefined {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  if (!member) return undefined;
  const receiver = unwrapExpression(callee.object);
  if (receiver.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const prepareCallee = unwrapExpression(receiver.callee);
  if (prepareCallee.type !== AST_NODE_TYPES.MemberExpression || memberName(prepareCallee) !== 'prepare') return undefined;
  const prepare = resolveCallTarget(receiver, context);
  if (isFromPackage(prepare?.origin, ['better-sqlite3'])) {
    const sqlite = betterSqlite3Execution('Statement', member);
    return sqlite ? { label: `better-sqlite3 ${sqlite}`, alternative: SQLITE_ALTERNATIVE } : undefined;
  }
  if (isFromPackage(prepare?.origin, ['sqlite']) && prepare?.owner === 'DatabaseSync') {
    const sqlite = nodeSqliteExecution('StatementSync', member);
    return sqlite ? { label: `node:sqlite ${sqlite}`, alternative: SQLITE_ALTERNATIVE } : undefined;
  }
  return undefined;
}

/** `Atomics.wait(...)` on the global `Atomics` (not a local or imported binding of that name). */
function globalAtomicsWait(node: TSESTree.CallExpression, context: Context): BlockingCall | undefined {
  const callee = unwrapExpression(node.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    memberName(callee) !== 'wait' ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Atomics'
  ) {
    return undefined;
  }
  for (let scope: TSESLint.Scope.Scope | null = context.sourceCode.getScope(node); scope; scope = scope.upper) {
    const variable = scope.set.get('Atomics');
    if (variable) return variable.defs.length === 0 ? ATOMICS_WAIT : undefined;
  }
  return ATOMICS_WAIT;
}

/** With types: `insertMany(rows)` where `insertMany = db.transaction(fn)` runs the whole transaction synchronously. */
function typedTransactionCall(node: TSESTree.CallExpression, context: Context): BlockingCall | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const call = services.esTreeNodeToTSNodeMap.get(node);
  return ts.isCallExpression(call) && isTransactionSignature(call, services.program)
    ? BETTER_SQLITE3_TRANSACTION
    : undefined;
}

const BETTER_SQLITE3_TYPES = /[\\/]node_modules[\\/](@types[\\/])?better-sqlite3[\\/]/;

const hasBetterSqlite3Types = new WeakMap<ts.Program, boolean>();

/**
 * Whether better-sqlite3's declarations are in the program at all. Resolving a
 * call's signature is one of the dearest type queries; without those
 * declarations no call can resolve to a `Transaction`, so none is asked.
 */
function programHasBetterSqlite3(program: ts.Program): boolean {
  let known = hasBetterSqlite3Types.get(program);
  if (known === undefined) {
    known = program.getSourceFiles().some((file) => file.isDeclarationFile && BETTER_SQLITE3_TYPES.test(file.fileName));
    hasBetterSqlite3Types.set(program, known);
  }
  return known;
}

function isTransactionSignature(call: ts.CallExpression, program: ts.Program): boolean {
  if (!programHasBetterSqlite3(program)) return false;
  let declaration: ts.Declaration | undefined;
  try {
    declaration = program.getTypeChecker().getResolvedSignature(call)?.declaration;
  } catch {
    return false;
  }
  if (!declaration || !ts.isCallSignatureDeclaration(declaration)) return false;
  const owner = declaration.parent;
  return (
    ts.isInterfaceDeclaration(owner) &&
    owner.name.text === 'Transaction' &&
    BETTER_SQLITE3_TYPES.test(owner.getSourceFile().fileName)
  );
}
