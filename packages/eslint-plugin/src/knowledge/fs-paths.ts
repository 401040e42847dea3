import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  getTypeServices,
  importBindingOf,
  isFromPackage,
  memberName,
  requiredSpecifier,
  resolveCallTarget,
  unwrapExpression,
  type CallTarget,
} from './origin.js';
import { isUndeclared } from '../util/ast.js';

/**
 * Which calls take a file-system path, and at which argument: where a value
 * the client chose decides which file is read, written, deleted, served or
 * loaded as code.
 *
 * - Node's `fs`, `fs/promises`, `graceful-fs` and `fs-extra` functions (callback,
 *   promise and `*Sync` forms), both paths of `copyFile`/`cp`/`rename`/`link`/
 *   `symlink` and fs-extra's `copy`/`move`/`ensureSymlink`…;
 * - Express `res.sendFile` / `res.download`: unconfined without a `root` option;
 *   with one, `send` rejects any `..` segment and keeps the file under the root,
 *   so only the root itself is a path;
 * - @fastify/static `reply.sendFile` / `reply.download`: always under the
 *   plugin's (or the given) root, so only an explicit root argument is a path;
 * - koa-send / @koa/send `send(ctx, path, { root })`: resolve-path keeps the
 *   file under `root`; without one, under the working directory (the source
 *   tree, its config files) — reported as such;
 * - `import(x)` and `require(x)`: the specifier is a file loaded and run as code.
 *
 * fs calls are recognised by the module that declares them (types) or the
 * import that binds them, never by their name alone; the response helpers by
 * their declarations, or without types by the member name on a response-like
 * receiver.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface PathArgument {
  /** The expression the callee uses as a path (an argument, or the value of a `root` option). */
  readonly node: TSESTree.Node;
  /** How messages name it: `path`, `destination path`, `root option`, `module specifier`. */
  readonly role: string;
  /** koa-send without `root`: the path cannot leave the working directory, but anything under it is served. */
  readonly confinedTo?: 'working directory';
}

export interface PathCall {
  /** How messages name the call: the callee as written (`readFile`, `fs.promises.readFile`, `res.sendFile`), or `import()`. */
  readonly label: string;
  /** `file`: the path names a file to read, write or serve; `module`: a module to load and run. */
  readonly kind: 'file' | 'module';
  readonly paths: readonly PathArgument[];
}

/** Packages whose functions take paths the way Node's `fs` does. */
export const FS_PACKAGES = ['fs', 'fs/promises', 'graceful-fs', 'fs-extra', 'original-fs'] as const;

const PATH: readonly string[] = ['path'];
const SOURCE_AND_DESTINATION: readonly string[] = ['source path', 'destination path'];
const EXISTING_AND_NEW: readonly string[] = ['existing path', 'new path'];
const TARGET_AND_LINK: readonly string[] = ['target', 'link path'];

/**
 * Node's fs functions (the `*Sync` forms are derived) and the roles of their
 * leading path arguments. A `readFile`/`writeFile` given a file descriptor
 * number is no path; with types such arguments are not strings and never traced.
 */
export const NODE_FS_PATH_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  access: PATH,
  appendFile: PATH,
  chmod: PATH,
  chown: PATH,
  copyFile: SOURCE_AND_DESTINATION,
  cp: SOURCE_AND_DESTINATION,
  createReadStream: PATH,
  createWriteStream: PATH,
  exists: PATH,
  glob: ['pattern'],
  lchmod: PATH,
  lchown: PATH,
  link: EXISTING_AND_NEW,
  lstat: PATH,
  lutimes: PATH,
  mkdir: PATH,
  mkdtemp: ['prefix'],
  open: PATH,
  openAsBlob: PATH,
  opendir: PATH,
  readdir: PATH,
  readFile: PATH,
  readlink: PATH,
  realpath: PATH,
  rename: SOURCE_AND_DESTINATION,
  rm: PATH,
  rmdir: PATH,
  stat: PATH,
  statfs: PATH,
  symlink: TARGET_AND_LINK,
  truncate: PATH,
  unlink: PATH,
  unwatchFile: PATH,
  utimes: PATH,
  watch: PATH,
  watchFile: PATH,
  writeFile: PATH,
};

/** fs-extra's own functions, on top of the fs ones it re-exports. */
export const FS_EXTRA_PATH_ARGUMENTS: Readonly<Record<string, readonly string[]>> = {
  copy: SOURCE_AND_DESTINATION,
  move: SOURCE_AND_DESTINATION,
  emptyDir: PATH,
  emptydir: PATH,
  ensureFile: PATH,
  createFile: PATH,
  ensureDir: PATH,
  mkdirs: PATH,
  mkdirp: PATH,
  ensureLink: EXISTING_AND_NEW,
  createLink: EXISTING_AND_NEW,
  ensureSymlink: TARGET_AND_LINK,
  createSymlink: TARGET_AND_LINK,
  outputFile: PATH,
  outputJson: PATH,
  outputJSON: PATH,
  readJson: PATH,
  readJSON: PATH,
  writeJson: PATH,
  writeJSON: PATH,
  remove: PATH,
  pathExists: PATH,
};

/** Names any path call can have: the cheap test a rule runs before resolving anything. */
const CANDIDATE_NAMES = new Set([
  ...Object.keys(NODE_FS_PATH_ARGUMENTS),
  ...Object.keys(NODE_FS_PATH_ARGUMENTS).map((name) => `${name}Sync`),
  ...Object.keys(FS_EXTRA_PATH_ARGUMENTS),
  ...Object.keys(FS_EXTRA_PATH_ARGUMENTS).map((name) => `${name}Sync`),
  'sendFile',
  'sendfile',
  'download',
  'require',
]);

const KOA_SEND_PACKAGES = ['koa-send', '@koa/send'];
const EXPRESS_RESPONSE_PACKAGES = ['express', 'express-serve-static-core'];
/** @fastify/static declares its reply decorators by augmenting `fastify`. */
const FASTIFY_STATIC_PACKAGES = ['fastify', '@fastify/static'];
const RESPONSE_NAME = /^(?:res|response)$/;

/**
 * The path roles of an fs call resolved to its declaration or import: the
 * argument indexes are the positions in the returned list. Undefined for calls
 * that take no path (`fs.promises.FileHandle#readFile`, `fs.read(fd)`).
 */
export function fsPathArgumentsOf(target: CallTarget): readonly string[] | undefined {
  if (!isFromPackage(target.origin, FS_PACKAGES)) return undefined;
  // Methods of fs classes (FileHandle, Dir, streams) work on an open handle.
  if (target.owner !== undefined && target.owner !== 'promises') return undefined;
  const name = target.member.endsWith('Sync') ? target.member.slice(0, -'Sync'.length) : target.member;
  if (Object.hasOwn(NODE_FS_PATH_ARGUMENTS, name)) return NODE_FS_PATH_ARGUMENTS[name];
  if (isFromPackage(target.origin, ['fs-extra']) && Object.hasOwn(FS_EXTRA_PATH_ARGUMENTS, name)) return FS_EXTRA_PATH_ARGUMENTS[name];
  return undefined;
}

/**
 * Whether a call could be a path call at all, by its called name (or, for a
 * renamed import such as koa-send's `send`, the name it was imported under):
 * the cheap test before any type query.
 */
export function mayTakePath(node: TSESTree.CallExpression | TSESTree.ImportExpression, context: Context): boolean {
  if (node.type === AST_NODE_TYPES.ImportExpression) return true;
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(callee);
    return name !== undefined && CANDIDATE_NAMES.has(name);
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return false;
  if (CANDIDATE_NAMES.has(callee.name)) return true;
  const binding = importBindingOf(callee, context);
  return binding !== undefined && (isFromPackage(binding.origin, KOA_SEND_PACKAGES) || CANDIDATE_NAMES.has(binding.imported));
}

/** The file-system paths a call (or `import()`) receives, if it takes any. */
export function pathCallOf(node: TSESTree.CallExpression | TSESTree.ImportExpression, context: Context): PathCall | undefined {
  if (node.type === AST_NODE_TYPES.ImportExpression) {
    // typescript-estree leaves `import.defer()` (no argument) without a source, whatever its type says.
    const source = node.source as TSESTree.Expression | null;
    return source ? { label: 'import()', kind: 'module', paths: [{ node: moduleSpecifier(source), role: 'module specifier' }] } : undefined;
  }
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'require' && isUndeclared(callee, context)) {
    const [first] = node.arguments;
    return first && first.type !== AST_NODE_TYPES.SpreadElement
      ? { label: 'require()', kind: 'module', paths: [{ node: first, role: 'module specifier' }] }
      : undefined;
  }
  if (!mayTakePath(node, context)) return undefined;
  const label = calleeLabel(node, context);
  const target = resolveCallTarget(node, context);
  const roles = (target && fsPathArgumentsOf(target)) ?? untypedFsPromisesRoles(node, context);
  if (roles) {
    const paths = roles.flatMap((role, index) => {
      const argument = node.arguments[index];
      return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? [{ node: argument, role }] : [];
    });
    return paths.length > 0 ? { label, kind: 'file', paths } : undefined;
  }
  if (target && isFromPackage(target.origin, KOA_SEND_PACKAGES)) return koaSend(node, label);
  const member = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined;
  if (member !== 'sendFile' && member !== 'sendfile' && member !== 'download') return undefined;
  const server = responseServer(node, target);
  if (server === 'fastify') return fastifySend(node, label);
  if (server === 'express') return expressSend(node, label, member, context);
  return undefined;
}

/** `import(pathToFileURL(file).href)`: the file is the path. */
function moduleSpecifier(source: TSESTree.Expression): TSESTree.Expression {
  const inner = unwrapExpression(source);
  const url = inner.type === AST_NODE_TYPES.MemberExpression && memberName(inner) === 'href' ? unwrapExpression(inner.object) : inner;
  if (url.type === AST_NODE_TYPES.CallExpression && url.callee.type === AST_NODE_TYPES.Identifier && url.callee.name === 'pathToFileURL') {
    const [first] = url.arguments;
    if (first && first.type !== AST_NODE_TYPES.SpreadElement) return first;
  }
  return source;
}


function calleeLabel(node: TSESTree.CallExpression, context: Context): string {
  const text = context.sourceCode.getText(node.callee).replace(/\s+/g, '');
  if (text.length <= 40) return text;
  const callee = unwrapExpression(node.callee);
  return (callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : undefined) ?? 'this call';
}

/** `fs.promises.readFile(p)` / `require('fs').promises.readFile(p)` without types: the import fallback sees only `promises`. */
function untypedFsPromisesRoles(node: TSESTree.CallExpression, context: Context): readonly string[] | undefined {
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  const receiver = unwrapExpression(callee.object);
  if (!member || receiver.type !== AST_NODE_TYPES.MemberExpression || memberName(receiver) !== 'promises') return undefined;
  const root = unwrapExpression(receiver.object);
  const specifier =
    root.type === AST_NODE_TYPES.Identifier ? importBindingOf(root, context)?.origin : requiredSpecifier(root) !== undefined ? { packageName: requiredSpecifier(root)!.replace(/^node:/, '') } : undefined;
  if (!isFromPackage(specifier, FS_PACKAGES)) return undefined;
  return Object.hasOwn(NODE_FS_PATH_ARGUMENTS, member) ? NODE_FS_PATH_ARGUMENTS[member] : undefined;
}

/**
 * Which server's response the call is on. With types, the declaration says;
 * without, `reply` is Fastify's name for it and `res`/`response` Express's
 * (`sendFile` is Express's on any other receiver).
 */
function responseServer(node: TSESTree.CallExpression, target: CallTarget | undefined): 'express' | 'fastify' | undefined {
  if (target?.via === 'types') {
    if (isFromPackage(target.origin, EXPRESS_RESPONSE_PACKAGES)) return 'express';
    if (isFromPackage(target.origin, FASTIFY_STATIC_PACKAGES)) return 'fastify';
    return undefined;
  }
  const callee = unwrapExpression(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const receiver = unwrapExpression(callee.object);
  const name = receiver.type === AST_NODE_TYPES.Identifier ? receiver.name : receiver.type === AST_NODE_TYPES.MemberExpression ? memberName(receiver) : undefined;
  if (name === 'reply') return 'fastify';
  if (name !== undefined && RESPONSE_NAME.test(name)) return 'express';
  return memberName(callee) === 'download' ? undefined : 'express';
}

/**
 * Express `res.sendFile(path, options?, cb?)` / `res.download(path, filename?, options?, cb?)`.
 * With a `root` option the file stays under it (send answers 403 to any `..`
 * segment), so the root is the only path; an options value the rule cannot
 * see may carry a root, so the call is left alone.
 */
function expressSend(node: TSESTree.CallExpression, label: string, member: string, context: Context): PathCall | undefined {
  const [first, second, third] = node.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const candidates = member === 'download' ? [second, third] : [second];
  let root: RootOption = { kind: 'none' };
  for (const [index, candidate] of candidates.entries()) {
    const found = rootOption(candidate, context, member === 'download' && index === 0 ? 'filename' : 'options');
    if (found.kind !== 'none') {
      root = found;
      break;
    }
  }
  if (root.kind === 'unknown') return undefined;
  if (root.kind === 'root') return { label, kind: 'file', paths: [{ node: root.value, role: 'root option' }] };
  return { label, kind: 'file', paths: [{ node: first, role: 'path' }] };
}

/** @fastify/static `reply.sendFile(name, rootPath?, options?)`: the name is always served from a root. */
function fastifySend(node: TSESTree.CallExpression, label: string): PathCall | undefined {
  const [, second] = node.arguments;
  if (!second || second.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const inner = unwrapExpression(second);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    const root = objectProperty(inner, 'root');
    return root ? { label, kind: 'file', paths: [{ node: root, role: 'root option' }] } : undefined;
  }
  // `download(path, filename)` names the attachment, not a directory.
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'download') return undefined;
  return { label, kind: 'file', paths: [{ node: second, role: 'root path' }] };
}

/** koa-send `send(ctx, path, opts)`: resolve-path keeps the file under `root`, or under the working directory without one. */
function koaSend(node: TSESTree.CallExpression, label: string): PathCall | undefined {
  const [, file, options] = node.arguments;
  if (!file || file.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (options === undefined) return { label, kind: 'file', paths: [{ node: file, role: 'path', confinedTo: 'working directory' }] };
  if (options.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const inner = unwrapExpression(options);
  if (inner.type !== AST_NODE_TYPES.ObjectExpression || hasSpread(inner)) return undefined;
  const root = objectProperty(inner, 'root');
  if (root) return { label, kind: 'file', paths: [{ node: root, role: 'root option' }] };
  return { label, kind: 'file', paths: [{ node: file, role: 'path', confinedTo: 'working directory' }] };
}

type RootOption = { kind: 'none' } | { kind: 'unknown' } | { kind: 'root'; value: TSESTree.Expression };

/**
 * Whether an argument is an options object with a `root`. `slot` says what a
 * non-object argument there is when it is not options: Express's `download`
 * takes a filename string before its options.
 */
function rootOption(argument: TSESTree.CallExpressionArgument | undefined, context: Context, slot: 'filename' | 'options'): RootOption {
  if (!argument) return { kind: 'none' };
  if (argument.type === AST_NODE_TYPES.SpreadElement) return { kind: 'unknown' };
  const inner = unwrapExpression(argument);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) {
    const root = objectProperty(inner, 'root');
    if (root) return { kind: 'root', value: root };
    return hasSpread(inner) ? { kind: 'unknown' } : { kind: 'none' };
  }
  if (
    inner.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    inner.type === AST_NODE_TYPES.FunctionExpression ||
    inner.type === AST_NODE_TYPES.Literal ||
    inner.type === AST_NODE_TYPES.TemplateLiteral
  ) {
    return { kind: 'none' };
  }
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(inner, context);
    if (init?.type === AST_NODE_TYPES.ObjectExpression) return rootOption(init, context, slot);
  }
  const services = getTypeServices(context);
  if (services) {
    const type = services.getTypeAtLocation(inner);
    if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return { kind: 'unknown' };
    if (type.getProperty('root')) return { kind: 'unknown' };
    return { kind: 'none' };
  }
  return slot === 'filename' ? { kind: 'none' } : { kind: 'unknown' };
}

function constInit(identifier: TSESTree.Identifier, context: Context): TSESTree.Expression | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
  return unwrapExpression(definition.node.init);
}

function objectProperty(object: TSESTree.ObjectExpression, name: string): TSESTree.Expression | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    if (key === name && property.value.type !== AST_NODE_TYPES.AssignmentPattern) return property.value as TSESTree.Expression;
  }
  return undefined;
}

function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}
