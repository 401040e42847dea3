import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import {
  declarationOf,
  getTypeServices,
  importBindingOf,
  memberName,
  originOfDeclaration,
  requiredSpecifier,
  unwrapExpression,
  type ModuleOrigin,
} from './origin.js';
import { propertyKey } from '../util/ast.js';

/**
 * Which calls start a child process, and what their options say about it:
 * whether a shell parses the command, whether the child is detached, whether
 * an `AbortSignal` can stop it, whether the call runs to completion.
 *
 * A call is recognised by where its function comes from, never by its name
 * alone: `node:child_process` / `child_process` (ESM imports, namespace and
 * default imports, `require`, destructured `require`, `require('child_process').spawn`),
 * execa 9 (`execa`, `execaSync`, `execaNode`, `execaCommand(Sync)`, `$`, `$.sync`,
 * also bound first: `execa({ … })(…)`, `const run = execa({ … })`, and as templates
 * `` $`…` ``) and cross-spawn (`spawn(…)`, `spawn.sync(…)`). `util.promisify(exec)`
 * and `promisify(execFile)` make a promise-returning exec that completes. With
 * type information the callee is also followed to its declaration, so a
 * re-exported `spawn` or a promisified `exec` exported by another module of the
 * project is known too.
 *
 * Options are read from an object literal in the call, or a `const` object in
 * this file. An options object that cannot be seen, or a spread that may hold
 * the key, makes the answer `unknown`: rules stay silent rather than guess.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type SubprocessLibrary = 'child_process' | 'execa' | 'cross-spawn';

export type SubprocessMethod =
  | 'spawn'
  | 'fork'
  | 'exec'
  | 'execFile'
  | 'spawnSync'
  | 'execSync'
  | 'execFileSync'
  | 'execa'
  | 'execaSync'
  | 'execaNode'
  | 'execaCommand'
  | 'execaCommandSync'
  | '$'
  | '$.sync';

/** A call (or execa template) that starts a child process. */
export interface SubprocessCall {
  readonly library: SubprocessLibrary;
  readonly method: SubprocessMethod;
  readonly node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression;
  /**
   * The program or command line: the file of `spawn`/`execFile`/`fork`/`execa`, the
   * command line of `exec`/`execaCommand`, the template literal of `` $`…` ``.
   */
  readonly command?: TSESTree.Node;
  /** The argument list (`spawn(file, args)`), when the method takes one and it is passed. */
  readonly args?: TSESTree.Node;
  /** The call's own options argument. */
  readonly options?: TSESTree.Node;
  /** The completion callback of `exec`/`execFile`. */
  readonly callback?: TSESTree.Node;
  /** Where options come from: the call's own, then those bound by `execa(options)` (innermost last). */
  readonly optionSources: readonly OptionSource[];
  /** Whether a shell parses the command: `exec`, `execSync`, or `shell: true` / a shell path. */
  readonly shell: boolean | 'unknown';
  /** `detached: true`: the child leads its own process group and outlives the parent by design. */
  readonly detached: boolean | 'unknown';
  /** Whether an `AbortSignal` is passed (`signal`; execa 9 `cancelSignal`). */
  readonly signal: 'present' | 'missing' | 'unknown';
  /** A `…Sync` variant: the child has exited when the call returns. */
  readonly sync: boolean;
  /** `util.promisify(exec|execFile)`: a promise of the finished command's output. */
  readonly promisified: boolean;
  /** An execa template (`` $`…` ``, `` execa`…` ``): each interpolation is escaped into one argument. */
  readonly template: boolean;
  /**
   * Whether the library kills the child when this process exits: execa's `cleanup`
   * (on by default, off for `detached`). `false` for child_process and cross-spawn.
   */
  readonly killedOnParentExit: boolean | 'unknown';
}

/** Options passed as an object (in the call, or a `const` in this file), or that cannot be seen. */
export type OptionSource = { readonly kind: 'object'; readonly node: TSESTree.ObjectExpression } | { readonly kind: 'unknown' };

export type OptionValue =
  | { readonly kind: 'set'; readonly value: TSESTree.Expression }
  | { readonly kind: 'missing' }
  | { readonly kind: 'unknown' };

/** Packages that start child processes, for a cheap look at a file before any resolution. */
export const SUBPROCESS_PACKAGES: readonly string[] = ['child_process', 'execa', 'cross-spawn'];

interface MethodSpec {
  /** `[command, args?, options?]` or `[command, options?]`. */
  readonly takesArgs: boolean;
  readonly sync: boolean;
  /** `exec`, `execSync`: the command line always goes through `/bin/sh -c`. */
  readonly alwaysShell: boolean;
  /** `exec`/`execFile` take a completion callback last. */
  readonly callback: boolean;
  /** Has no `shell` option (`fork`). */
  readonly noShell?: boolean;
}

const METHODS: Readonly<Record<SubprocessMethod, MethodSpec>> = {
  spawn: { takesArgs: true, sync: false, alwaysShell: false, callback: false },
  fork: { takesArgs: true, sync: false, alwaysShell: false, callback: false, noShell: true },
  exec: { takesArgs: false, sync: false, alwaysShell: true, callback: true },
  execFile: { takesArgs: true, sync: false, alwaysShell: false, callback: true },
  spawnSync: { takesArgs: true, sync: true, alwaysShell: false, callback: false },
  execSync: { takesArgs: false, sync: true, alwaysShell: true, callback: false },
  execFileSync: { takesArgs: true, sync: true, alwaysShell: false, callback: false },
  execa: { takesArgs: true, sync: false, alwaysShell: false, callback: false },
  execaSync: { takesArgs: true, sync: true, alwaysShell: false, callback: false },
  execaNode: { takesArgs: true, sync: false, alwaysShell: false, callback: false },
  execaCommand: { takesArgs: false, sync: false, alwaysShell: false, callback: false },
  execaCommandSync: { takesArgs: false, sync: true, alwaysShell: false, callback: false },
  $: { takesArgs: true, sync: false, alwaysShell: false, callback: false },
  '$.sync': { takesArgs: true, sync: true, alwaysShell: false, callback: false },
};

const CHILD_PROCESS_METHODS = new Set<SubprocessMethod>(['spawn', 'fork', 'exec', 'execFile', 'spawnSync', 'execSync', 'execFileSync']);
const EXECA_METHODS = new Set<SubprocessMethod>(['execa', 'execaSync', 'execaNode', 'execaCommand', 'execaCommandSync', '$']);
/** execa methods that accept options alone and return a method bound to them. */
const EXECA_BINDABLE = new Set<SubprocessMethod>(['execa', 'execaSync', 'execaNode', '$', '$.sync']);

/** A function that starts a child process, as the callee of a call names it. */
interface SubprocessFunction {
  readonly library: SubprocessLibrary;
  readonly method: SubprocessMethod;
  readonly promisified: boolean;
  /** Options bound by `execa(options)` (innermost last); `unknown` when bound in another module. */
  readonly bound: readonly OptionSource[];
}

/**
 * The child process a call (or execa template) starts, or undefined when it
 * starts none. `execa({ … })` alone binds options and starts nothing.
 */
export function subprocessCallOf(
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  context: Context,
): SubprocessCall | undefined {
  const callee = node.type === AST_NODE_TYPES.CallExpression ? node.callee : node.tag;
  if (!mayStartSubprocess(callee, context)) return undefined;
  const fn = subprocessFunctionOf(callee, context, 0);
  if (!fn) return undefined;
  if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) {
    if (fn.library !== 'execa' || !EXECA_BINDABLE.has(fn.method)) return undefined;
    return describeCall(fn, node, { command: node.quasi, optionSources: fn.bound, template: true }, context);
  }
  if (fn.library === 'execa' && EXECA_BINDABLE.has(fn.method) && bindsOptionsOnly(node, context)) return undefined;
  return describeCall(fn, node, { ...argumentsOf(node, fn, context), template: false }, context);
}

interface Arguments {
  readonly command?: TSESTree.Node;
  readonly args?: TSESTree.Node;
  readonly options?: TSESTree.Node;
  readonly callback?: TSESTree.Node;
  readonly optionSources: readonly OptionSource[];
}

function describeCall(
  fn: SubprocessFunction,
  node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression,
  parts: Arguments & { readonly template: boolean },
  context: Context,
): SubprocessCall {
  const spec = METHODS[fn.method];
  const sources = parts.optionSources;
  const call: Omit<SubprocessCall, 'shell' | 'detached' | 'signal' | 'killedOnParentExit'> = {
    library: fn.library,
    method: fn.method,
    node,
    ...(parts.command ? { command: parts.command } : {}),
    ...(parts.args ? { args: parts.args } : {}),
    ...(parts.options ? { options: parts.options } : {}),
    ...(parts.callback ? { callback: parts.callback } : {}),
    optionSources: sources,
    sync: spec.sync,
    promisified: fn.promisified,
    template: parts.template,
  };
  const detached = booleanOption(optionIn(sources, 'detached', context));
  return {
    ...call,
    shell: spec.alwaysShell ? true : spec.noShell ? false : shellOption(optionIn(sources, 'shell', context)),
    detached,
    signal: signalOf(fn, sources, context),
    killedOnParentExit: fn.library === 'execa' && !spec.sync ? execaCleanup(sources, detached, context) : false,
  };
}

/** The value an option has for a call: its own options first, then the bound ones. */
export function subprocessOption(call: SubprocessCall, key: string, context: Context): OptionValue {
  return optionIn(call.optionSources, key, context);
}

// ---------------------------------------------------------------------------
// Recognising the function

/** Names a subprocess function goes by, as a callee or a member of one. */
const KNOWN_NAMES = new Set<string>([...Object.keys(METHODS), 'sync', 's', 'promisify']);

/**
 * A cheap look before any resolution: the file names a subprocess package, or
 * (with types, for re-exports) the callee is a known name or an imported one
 * (`import { run } from './shell'` may be `promisify(exec)` over there).
 */
function mayStartSubprocess(callee: TSESTree.Node, context: Context): boolean {
  if (mentionsSubprocessPackage(context.sourceCode)) return true;
  if (!getTypeServices(context)) return false;
  let inner: TSESTree.Node = callee;
  while (inner.type === AST_NODE_TYPES.CallExpression) inner = inner.callee;
  inner = unwrapExpression(inner as TSESTree.Expression);
  if (inner.type === AST_NODE_TYPES.MemberExpression) return KNOWN_NAMES.has(memberName(inner) ?? '');
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  if (KNOWN_NAMES.has(inner.name)) return true;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(inner), inner.name);
  return variable?.defs.some((definition) => definition.type === 'ImportBinding') ?? false;
}

const mentionCache = new WeakMap<TSESLint.SourceCode, boolean>();

function mentionsSubprocessPackage(sourceCode: TSESLint.SourceCode): boolean {
  let mentions = mentionCache.get(sourceCode);
  if (mentions === undefined) {
    mentions = /\bchild_process\b|['"]execa['"]|['"]cross-spawn['"]/.test(sourceCode.text);
    mentionCache.set(sourceCode, mentions);
  }
  return mentions;
}

function subprocessFunctionOf(expression: TSESTree.Node, context: Context, depth: number): SubprocessFunction | undefined {
  if (depth > 3) return undefined;
  const callee = unwrapExpression(expression as TSESTree.Expression);
  if (callee.type === AST_NODE_TYPES.CallExpression) return boundOrPromisified(callee, context, depth);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return localBindingOf(callee, context, depth) ?? importedFromHere(callee, context) ?? functionByTypes(callee, context);
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  if (!member) return undefined;
  const receiver = unwrapExpression(callee.object);
  // `$.sync` / `$.s` and cross-spawn's `spawn.sync`: a member of a subprocess function.
  const owner = receiver.type === AST_NODE_TYPES.Identifier ? importedFromHere(receiver, context) : undefined;
  if (owner?.method === '$' && (member === 'sync' || member === 's')) return plain('execa', '$.sync');
  if (owner?.library === 'cross-spawn' && owner.method === 'spawn') {
    return member === 'sync' ? plain('cross-spawn', 'spawnSync') : member === 'spawn' ? owner : undefined;
  }
  const origin = moduleObjectOrigin(receiver, context);
  if (origin) return functionOfModule(origin, member);
  return functionByTypes(callee.property, context);
}

function plain(library: SubprocessLibrary, method: SubprocessMethod): SubprocessFunction {
  return { library, method, promisified: false, bound: [] };
}

/** `promisify(exec)(…)` and `execa({ … })(…)`. */
function boundOrPromisified(call: TSESTree.CallExpression, context: Context, depth: number): SubprocessFunction | undefined {
  if (isPromisify(call.callee, context)) return promisifiedOf(call.arguments[0], context, depth);
  const inner = subprocessFunctionOf(call.callee, context, depth + 1);
  if (!inner || inner.library !== 'execa' || !EXECA_BINDABLE.has(inner.method) || !bindsOptionsOnly(call, context)) return undefined;
  const [options] = call.arguments;
  return { ...inner, bound: [...inner.bound, optionSourceOf(options as TSESTree.Expression, context)] };
}

function promisifiedOf(argument: TSESTree.Node | undefined, context: Context, depth: number): SubprocessFunction | undefined {
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const inner = subprocessFunctionOf(argument, context, depth + 1);
  if (!inner || inner.library !== 'child_process' || (inner.method !== 'exec' && inner.method !== 'execFile')) return undefined;
  return { ...inner, promisified: true };
}

/** `util.promisify`, `promisify` imported from `util`, `require('util').promisify`. */
function isPromisify(callee: TSESTree.Expression, context: Context): boolean {
  const inner = unwrapExpression(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(inner, context);
    return binding?.imported === 'promisify' && isPackage(binding.origin, 'util');
  }
  if (inner.type !== AST_NODE_TYPES.MemberExpression || memberName(inner) !== 'promisify') return false;
  const origin = moduleObjectOrigin(unwrapExpression(inner.object), context);
  return origin !== undefined && isPackage(origin, 'util');
}

/** `const execAsync = promisify(exec)` or `const run = execa({ … })` in this file. */
function localBindingOf(identifier: TSESTree.Identifier, context: Context, depth: number): SubprocessFunction | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Variable' || definition.node.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = definition.node.init;
  if (!init || definition.parent.kind !== 'const') return undefined;
  const inner = unwrapExpression(init);
  return inner.type === AST_NODE_TYPES.CallExpression ? boundOrPromisified(inner, context, depth + 1) : undefined;
}

/**
 * {@link importedFunctionOf}, after a text test: an import or `require` of a
 * subprocess package spells its name in this file, however it is quoted.
 */
function importedFromHere(identifier: TSESTree.Identifier, context: Context): SubprocessFunction | undefined {
  return namesSubprocessPackage(context.sourceCode) ? importedFunctionOf(identifier, context) : undefined;
}

const nameCache = new WeakMap<TSESLint.SourceCode, boolean>();

function namesSubprocessPackage(sourceCode: TSESLint.SourceCode): boolean {
  let names = nameCache.get(sourceCode);
  if (names === undefined) {
    names = SUBPROCESS_PACKAGES.some((packageName) => sourceCode.text.includes(packageName));
    nameCache.set(sourceCode, names);
  }
  return names;
}

/** A name imported from a subprocess package (`import { spawn as run }`, `const { exec } = require(…)`, cross-spawn's default). */
function importedFunctionOf(identifier: TSESTree.Identifier, context: Context): SubprocessFunction | undefined {
  const binding = importBindingOf(identifier, context);
  if (!binding) return undefined;
  if (binding.imported === 'default' || binding.imported === '*') {
    return isPackage(binding.origin, 'cross-spawn') ? plain('cross-spawn', 'spawn') : undefined;
  }
  return functionOfModule(binding.origin, binding.imported);
}

/** The origin of a module object: `cp` in `import * as cp`, `require('child_process')`, `const cp = require(…)`. */
function moduleObjectOrigin(receiver: TSESTree.Expression, context: Context): ModuleOrigin | undefined {
  const required = requiredSpecifier(receiver);
  if (required !== undefined) return { packageName: required.replace(/^node:/, '') };
  if (receiver.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = importBindingOf(receiver, context);
  return binding && (binding.imported === '*' || binding.imported === 'default') ? binding.origin : undefined;
}

function functionOfModule(origin: ModuleOrigin, name: string): SubprocessFunction | undefined {
  if (isPackage(origin, 'child_process') && CHILD_PROCESS_METHODS.has(name as SubprocessMethod)) {
    return plain('child_process', name as SubprocessMethod);
  }
  if (isPackage(origin, 'execa') && EXECA_METHODS.has(name as SubprocessMethod)) return plain('execa', name as SubprocessMethod);
  if (isPackage(origin, 'cross-spawn') && (name === 'spawn' || name === 'sync')) {
    return plain('cross-spawn', name === 'sync' ? 'spawnSync' : 'spawn');
  }
  return undefined;
}

function isPackage(origin: ModuleOrigin, packageName: string): boolean {
  return 'packageName' in origin && origin.packageName === packageName;
}

// ---------------------------------------------------------------------------
// With type information: re-exports and promisified functions of other modules

function functionByTypes(nameNode: TSESTree.Node, context: Context): SubprocessFunction | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(nameNode);
  if (!tsNode) return undefined;
  const declaration = declarationOf(checker, tsNode);
  return declaration ? functionOfTsDeclaration(declaration, checker, 0) : undefined;
}

function functionOfTsDeclaration(declaration: ts.Declaration, checker: ts.TypeChecker, depth: number): SubprocessFunction | undefined {
  const origin = originOfDeclaration(declaration);
  const name = ts.getNameOfDeclaration(declaration);
  if ('packageName' in origin) {
    if (!name || !ts.isIdentifier(name)) return undefined;
    // execa declares `$` with `sync` and `s` as members of its method type.
    if (origin.packageName === 'execa' && (name.text === 'sync' || name.text === 's')) return plain('execa', '$.sync');
    return functionOfModule(origin, name.text);
  }
  // `export const execAsync = promisify(exec)` or `export const run = execa({ … })` in another module of the project.
  if (depth > 2 || !ts.isVariableDeclaration(declaration) || !declaration.initializer) return undefined;
  const init = skipTsWrappers(declaration.initializer);
  if (!ts.isCallExpression(init)) return undefined;
  const [argument] = init.arguments;
  if (isTsPromisify(init.expression, checker)) {
    const inner = argument ? functionNamedByTs(argument, checker, depth) : undefined;
    if (!inner || inner.library !== 'child_process' || (inner.method !== 'exec' && inner.method !== 'execFile')) return undefined;
    return { ...inner, promisified: true };
  }
  const bound = functionNamedByTs(init.expression, checker, depth);
  if (!bound || bound.library !== 'execa' || !EXECA_BINDABLE.has(bound.method) || init.arguments.length !== 1) return undefined;
  // The bound options are written in another module: what they say is not read here.
  return { ...bound, bound: [{ kind: 'unknown' }] };
}

/** The subprocess function a TypeScript expression names: `exec`, `cp.execFile`. */
function functionNamedByTs(expression: ts.Expression, checker: ts.TypeChecker, depth: number): SubprocessFunction | undefined {
  const target = skipTsWrappers(expression);
  const name = ts.isPropertyAccessExpression(target) ? target.name : ts.isIdentifier(target) ? target : undefined;
  const declaration = name ? declarationOf(checker, name) : undefined;
  return declaration ? functionOfTsDeclaration(declaration, checker, depth + 1) : undefined;
}

function isTsPromisify(callee: ts.Expression, checker: ts.TypeChecker): boolean {
  const name = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!name || name.text !== 'promisify') return false;
  const declaration = declarationOf(checker, name);
  return declaration !== undefined && isPackage(originOfDeclaration(declaration), 'util');
}

function skipTsWrappers(node: ts.Expression): ts.Expression {
  let current = node;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isNonNullExpression(current) || ts.isSatisfiesExpression(current)) {
    current = current.expression;
  }
  return current;
}

// ---------------------------------------------------------------------------
// Arguments and options

/** `execa({ … })`: options only, which returns a bound method and starts nothing. */
function bindsOptionsOnly(call: TSESTree.CallExpression, context: Context): boolean {
  if (call.arguments.length !== 1) return false;
  const [argument] = call.arguments;
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return false;
  const inner = unwrapExpression(argument);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return true;
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  return constObjectOf(inner, context) !== undefined || isObjectTyped(inner, context) === true;
}

function argumentsOf(call: TSESTree.CallExpression, fn: SubprocessFunction, context: Context): Arguments {
  const spec = METHODS[fn.method];
  const rest = call.arguments.slice(1);
  if (rest.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) {
    return { ...(call.arguments[0] ? { command: call.arguments[0] } : {}), optionSources: [{ kind: 'unknown' }, ...fn.bound] };
  }
  const [command] = call.arguments;
  let callback: TSESTree.Node | undefined;
  const last = rest[rest.length - 1];
  if (spec.callback && last && isFunctionArgument(last)) {
    callback = last;
    rest.pop();
  }
  let args: TSESTree.Node | undefined;
  let options: TSESTree.Node | undefined;
  if (spec.takesArgs && rest.length >= 2) [args, options] = rest;
  else if (spec.takesArgs && rest.length === 1) {
    if (isOptionsArgument(rest[0] as TSESTree.Expression, context)) options = rest[0];
    else args = rest[0];
  } else [options] = rest;
  const own: OptionSource[] = options ? [optionSourceOf(options as TSESTree.Expression, context)] : [];
  return {
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    ...(options ? { options } : {}),
    ...(callback ? { callback } : {}),
    optionSources: [...own, ...fn.bound],
  };
}

function isFunctionArgument(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
}

/**
 * Whether the one argument after the command is the options (not the argument
 * list): an object literal or a `const` object; with types, anything not an
 * array; without, a name that says so (`options`, `spawnOpts`, `config`).
 */
function isOptionsArgument(node: TSESTree.Expression, context: Context): boolean {
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return true;
  if (inner.type === AST_NODE_TYPES.ArrayExpression) return false;
  if (inner.type === AST_NODE_TYPES.Identifier && constObjectOf(inner, context)) return true;
  const typed = isObjectTyped(inner, context);
  if (typed !== undefined) return typed;
  return inner.type === AST_NODE_TYPES.Identifier && /opt|config|settings/i.test(inner.name);
}

/** With types: whether a value is a non-array object. Undefined without types or for `any`. */
function isObjectTyped(node: TSESTree.Node, context: Context): boolean | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const type = services.getTypeAtLocation(node);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  if (checker.isArrayType(type) || checker.isTupleType(type)) return false;
  if (type.flags & ts.TypeFlags.StringLike) return false;
  return (type.flags & ts.TypeFlags.Object) !== 0 || (type.isUnion() && type.types.some((part) => (part.flags & ts.TypeFlags.Object) !== 0 && !checker.isArrayType(part)));
}

function optionSourceOf(node: TSESTree.Expression, context: Context): OptionSource {
  const inner = unwrapExpression(node);
  if (inner.type === AST_NODE_TYPES.ObjectExpression) return { kind: 'object', node: inner };
  if (inner.type === AST_NODE_TYPES.Identifier) {
    const object = constObjectOf(inner, context);
    if (object) return { kind: 'object', node: object };
  }
  return { kind: 'unknown' };
}

/** The object literal a `const` in this file holds. */
function constObjectOf(identifier: TSESTree.Identifier, context: Context): TSESTree.ObjectExpression | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier.name);
  const definition = variable?.defs[0];
  if (definition?.type !== 'Variable' || definition.parent.kind !== 'const' || !definition.node.init) return undefined;
  const init = unwrapExpression(definition.node.init);
  return init.type === AST_NODE_TYPES.ObjectExpression ? init : undefined;
}

function optionIn(sources: readonly OptionSource[], key: string, context: Context): OptionValue {
  for (const source of sources) {
    if (source.kind === 'unknown') return { kind: 'unknown' };
    const found = propertyIn(source.node, key, context);
    if (found.kind !== 'missing') return found;
  }
  return { kind: 'missing' };
}

/** The last `key:` of an object literal; a spread after it (or a computed key) may override it. */
function propertyIn(object: TSESTree.ObjectExpression, key: string, context: Context): OptionValue {
  let found: OptionValue = { kind: 'missing' };
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = unwrapExpression(property.argument);
      const inner = spread.type === AST_NODE_TYPES.Identifier ? constObjectOf(spread, context) : spread.type === AST_NODE_TYPES.ObjectExpression ? spread : undefined;
      if (!inner) found = { kind: 'unknown' };
      else {
        const nested = propertyIn(inner, key, context);
        if (nested.kind !== 'missing') found = nested;
      }
      continue;
    }
    const name = propertyKey(property);
    if (name === undefined) found = { kind: 'unknown' };
    else if (name === key) {
      found =
        property.value.type === AST_NODE_TYPES.AssignmentPattern || isPattern(property.value)
          ? { kind: 'unknown' }
          : { kind: 'set', value: property.value as TSESTree.Expression };
    }
  }
  return found;
}

function isPattern(node: TSESTree.Node): boolean {
  return node.type === AST_NODE_TYPES.ObjectPattern || node.type === AST_NODE_TYPES.ArrayPattern;
}

function literalOf(value: OptionValue): unknown {
  if (value.kind !== 'set') return undefined;
  const inner = unwrapExpression(value.value);
  if (inner.type === AST_NODE_TYPES.Literal) return inner.value;
  if (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') return undefined;
  if (inner.type === AST_NODE_TYPES.TemplateLiteral && inner.expressions.length === 0) return inner.quasis[0]?.value.cooked;
  return NOT_LITERAL;
}

const NOT_LITERAL = Symbol('not a literal');

function booleanOption(value: OptionValue): boolean | 'unknown' {
  if (value.kind === 'missing') return false;
  if (value.kind === 'unknown') return 'unknown';
  const literal = literalOf(value);
  if (literal === NOT_LITERAL) return 'unknown';
  return Boolean(literal);
}

/** `shell: true` or a shell path (`'/bin/bash'`) runs the command through a shell. */
function shellOption(value: OptionValue): boolean | 'unknown' {
  if (value.kind === 'missing') return false;
  if (value.kind === 'unknown') return 'unknown';
  const literal = literalOf(value);
  if (literal === NOT_LITERAL) return 'unknown';
  return literal === true || (typeof literal === 'string' && literal !== '');
}

/** child_process and cross-spawn read `signal`; execa 9 reads `cancelSignal` (execa 8 read `signal`). */
function signalOf(fn: SubprocessFunction, sources: readonly OptionSource[], context: Context): 'present' | 'missing' | 'unknown' {
  const keys = fn.library === 'execa' ? ['cancelSignal', 'signal'] : ['signal'];
  let answer: 'present' | 'missing' | 'unknown' = 'missing';
  for (const key of keys) {
    const value = optionIn(sources, key, context);
    if (value.kind === 'set') {
      if (isUndefinedValue(value)) continue;
      return 'present';
    }
    if (value.kind === 'unknown') answer = 'unknown';
  }
  return answer;
}

function isUndefinedValue(value: OptionValue): boolean {
  if (value.kind !== 'set') return false;
  const inner = unwrapExpression(value.value);
  return (inner.type === AST_NODE_TYPES.Identifier && inner.name === 'undefined') || (inner.type === AST_NODE_TYPES.Literal && inner.value === null);
}

/** execa kills its children when this process exits unless `cleanup: false` or `detached`. */
function execaCleanup(sources: readonly OptionSource[], detached: boolean | 'unknown', context: Context): boolean | 'unknown' {
  if (detached === true) return false;
  const cleanup = optionIn(sources, 'cleanup', context);
  if (cleanup.kind === 'unknown') return 'unknown';
  if (cleanup.kind === 'set' && !isUndefinedValue(cleanup)) {
    const value = booleanOption(cleanup);
    if (value !== true) return value;
  }
  return detached === 'unknown' ? 'unknown' : true;
}
