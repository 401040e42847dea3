import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, ESLintUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { normaliseModulePath, type ResolvedMatcher } from './settings.js';

/**
 * Where a called function comes from: a package (`pg`, `fs`, `@prisma/client`)
 * or a project file (absolute path without extension).
 */
export type ModuleOrigin = { readonly packageName: string } | { readonly modulePath: string };

export interface CallTarget {
  /** The called name: `query` in `pool.query()`, `readFileSync` in `readFileSync()` (the imported name, not a local alias). */
  readonly member: string;
  /** The class, interface, namespace or imported binding that owns the member, when known. */
  readonly owner?: string;
  readonly origin?: ModuleOrigin;
  /** How the origin was established: the type checker, an import in this file, or not at all. */
  readonly via: 'types' | 'import' | 'none';
  /** The callee's declaration, when the type checker resolved it. */
  readonly declaration?: ts.Declaration;
}

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Parser services with a type checker, or undefined when the file is linted without type information. */
export function getTypeServices(context: Context) {
  const services = ESLintUtils.getParserServices(context, true);
  return services.program ? services : undefined;
}

/** The called name of a call or `new`, ignoring computed members (`obj[name]()`). */
export function calleeName(callee: TSESTree.Expression): string | undefined {
  const inner = unwrapExpression(callee);
  if (inner.type === AST_NODE_TYPES.Identifier) return inner.name;
  if (inner.type === AST_NODE_TYPES.MemberExpression) return memberName(inner);
  return undefined;
}

/** The identifier naming what a callee calls: `query` in `pool.query`, `run` in `run`. */
export function calleeNameNode(callee: TSESTree.Expression): TSESTree.Node | undefined {
  if (callee.type === AST_NODE_TYPES.MemberExpression) return callee.computed ? undefined : callee.property;
  return callee.type === AST_NODE_TYPES.Identifier ? callee : undefined;
}

export function memberName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed && member.property.type === AST_NODE_TYPES.Identifier) return member.property.name;
  if (member.computed && member.property.type === AST_NODE_TYPES.Literal && typeof member.property.value === 'string') {
    return member.property.value;
  }
  return undefined;
}

/** Strips `x!`, `x as T`, `<T>x`, `x satisfies T` and parentheses (which ESTree already drops). */
export function unwrapExpression(node: TSESTree.Expression): TSESTree.Expression {
  let current = node;
  while (
    current.type === AST_NODE_TYPES.TSNonNullExpression ||
    current.type === AST_NODE_TYPES.TSAsExpression ||
    current.type === AST_NODE_TYPES.TSTypeAssertion ||
    current.type === AST_NODE_TYPES.TSSatisfiesExpression
  ) {
    current = current.expression;
  }
  return current;
}

/**
 * The outermost `x as T` / `x!` / `x satisfies T` around a node: the node that
 * sits where the expression is used (as an argument, a callee, an operand).
 */
/** A callee without parentheses, type assertions or optional chaining: `(a?.b as F)` → `a.b`. */
export function unwrapCallee(node: TSESTree.Expression): TSESTree.Expression {
  const inner = unwrapExpression(node);
  return inner.type === AST_NODE_TYPES.ChainExpression ? unwrapExpression(inner.expression) : inner;
}

export function outermostTypeWrapper(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression)
  ) {
    current = current.parent;
  }
  return current;
}

const targetCache = new WeakMap<TSESTree.Node, CallTarget | null>();

/**
 * Resolves what a call invokes. With type information the callee's symbol is
 * followed to its declaration; without it (or when the symbol is unresolved,
 * e.g. an `any` receiver) the fallback reads this file's imports and local
 * `const x = new Imported()` bindings.
 */
export function resolveCallTarget(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  context: Context,
): CallTarget | undefined {
  const cached = targetCache.get(node);
  if (cached !== undefined) return cached ?? undefined;
  const target = resolveByTypes(node, context) ?? resolveByImports(node, context);
  targetCache.set(node, target ?? null);
  return target;
}

function resolveByTypes(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  context: Context,
): CallTarget | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const callee = unwrapExpression(node.callee);
  const nameNode = calleeNameNode(callee);
  if (!nameNode) return undefined;
  const checker = services.program.getTypeChecker();
  const declaration = declarationOf(checker, services.esTreeNodeToTSNodeMap.get(nameNode));
  if (!declaration) return undefined;
  const member = calleeName(callee);
  if (!member) return undefined;
  const owner = ownerNameOf(declaration);
  return {
    member: importedNameOf(declaration) ?? member,
    ...(owner ? { owner } : {}),
    origin: originOfDeclaration(declaration),
    via: 'types',
    declaration,
  };
}

/** The declaration a name refers to, following import aliases. */
export function declarationOf(checker: ts.TypeChecker, node: ts.Node): ts.Declaration | undefined {
  let symbol = checker.getSymbolAtLocation(node);
  if (!symbol) return undefined;
  if (symbol.flags & ts.SymbolFlags.Alias) {
    try {
      symbol = checker.getAliasedSymbol(symbol);
    } catch {
      return undefined;
    }
  }
  return symbol.valueDeclaration ?? symbol.declarations?.[0];
}

function importedNameOf(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  return name && ts.isIdentifier(name) ? name.text : undefined;
}

function ownerNameOf(declaration: ts.Declaration): string | undefined {
  let parent: ts.Node | undefined = declaration.parent;
  // `const db = { run() {} }` and `export const fs = { ... }` own their members too.
  if (parent && ts.isObjectLiteralExpression(parent)) parent = parent.parent;
  if (parent && ts.isModuleBlock(parent)) parent = parent.parent;
  if (!parent) return undefined;
  if (
    ts.isClassLike(parent) ||
    ts.isInterfaceDeclaration(parent) ||
    ts.isVariableDeclaration(parent) ||
    (ts.isModuleDeclaration(parent) && ts.isIdentifier(parent.name))
  ) {
    const name = ts.getNameOfDeclaration(parent as ts.Declaration);
    return name && ts.isIdentifier(name) ? name.text : undefined;
  }
  return undefined;
}

/**
 * The module a declaration belongs to. An ambient `declare module "fs"` block
 * (how `@types/node` declares `fs`) names its module; a file under
 * `node_modules` belongs to its package (`@types/pg` counts as `pg`, Prisma's
 * generated `.prisma/client` — or a client generated into the project — as
 * `@prisma/client`); anything else is a project file.
 */
export function originOfDeclaration(declaration: ts.Node): ModuleOrigin {
  for (let node: ts.Node | undefined = declaration; node; node = node.parent) {
    if (ts.isModuleDeclaration(node) && ts.isStringLiteral(node.name)) {
      return { packageName: stripNodePrefix(node.name.text) };
    }
  }
  const sourceFile = declaration.getSourceFile();
  if (isGeneratedPrismaClient(sourceFile)) return { packageName: '@prisma/client' };
  return originOfFile(sourceFile.fileName);
}

const generatedPrismaFiles = new WeakMap<ts.SourceFile, boolean>();

/**
 * A client Prisma generated into the project (Prisma 7's `prisma-client`
 * generator writes it to a folder such as `src/generated/prisma`) is Prisma
 * all the same: recognised by the header Prisma writes, or by a
 * `generated/prisma` folder.
 */
function isGeneratedPrismaClient(sourceFile: ts.SourceFile): boolean {
  let generated = generatedPrismaFiles.get(sourceFile);
  if (generated === undefined) {
    generated =
      /[\\/]generated[\\/]prisma[\\/]/.test(sourceFile.fileName) ||
      /code generated by Prisma/i.test(sourceFile.text.slice(0, 400));
    generatedPrismaFiles.set(sourceFile, generated);
  }
  return generated;
}

// Asked for every resolved call; a program has a few thousand files at most.
const originByFile = new Map<string, ModuleOrigin>();

export function originOfFile(fileName: string): ModuleOrigin {
  let origin = originByFile.get(fileName);
  if (!origin) {
    const packageName = packageNameOfFile(fileName);
    origin = packageName ? { packageName } : { modulePath: normaliseModulePath(fileName) };
    originByFile.set(fileName, origin);
  }
  return origin;
}

export function packageNameOfFile(fileName: string): string | undefined {
  const normalised = fileName.replaceAll('\\', '/');
  const index = normalised.lastIndexOf('/node_modules/');
  if (index === -1) return undefined;
  const [first, second] = normalised.slice(index + '/node_modules/'.length).split('/');
  if (!first) return undefined;
  if (first === '.prisma') return '@prisma/client';
  if (first === '@types' && second) {
    return second.includes('__') ? `@${second.replace('__', '/')}` : second;
  }
  return first.startsWith('@') && second ? `${first}/${second}` : first;
}

function stripNodePrefix(specifier: string): string {
  return specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
}

/** Where an import specifier written in `fromFile` points. */
export function originOfSpecifier(specifier: string, fromFile: string): ModuleOrigin {
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return { modulePath: normaliseModulePath(path.resolve(path.dirname(fromFile), specifier)) };
  }
  const bare = stripNodePrefix(specifier);
  // `lodash/fp` belongs to `lodash`, but `fs/promises` and `mysql2/promise` are
  // entry points the knowledge module names on their own; keep the full subpath.
  return { packageName: bare };
}

export interface ImportBinding {
  readonly origin: ModuleOrigin;
  /** The exported name, `default` or `*` for a namespace/CommonJS module object. */
  readonly imported: string;
}

/**
 * The import (ESM or `require`) that binds an identifier in this file, following
 * `const x = new Imported()`, `const x = Imported(...)` and `const x = Imported.create(...)`
 * one step so that `pool` in `const pool = new Pool()` counts as coming from `pg`.
 */
export function importBindingOf(identifier: TSESTree.Identifier, context: Context): ImportBinding | undefined {
  return importBindingOfName(identifier.name, identifier, context);
}

function importBindingOfName(name: string, at: TSESTree.Node, context: Context): ImportBinding | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(at), name);
  const definition = variable?.defs[0];
  if (!definition) return undefined;
  const filename = context.filename;
  if (definition.type === 'ImportBinding') {
    // `import x = require('pg')` binds a module; `import Args = Prisma.FindManyArgs` only aliases a name.
    if (definition.node.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
      const reference = definition.node.moduleReference;
      return reference.type === AST_NODE_TYPES.TSExternalModuleReference && reference.expression.type === AST_NODE_TYPES.Literal
        ? { origin: originOfSpecifier(String(reference.expression.value), filename), imported: '*' }
        : undefined;
    }
    const declaration = definition.parent;
    if (declaration?.type !== AST_NODE_TYPES.ImportDeclaration) return undefined;
    const specifier = definition.node;
    const imported =
      specifier.type === AST_NODE_TYPES.ImportSpecifier
        ? specifier.imported.type === AST_NODE_TYPES.Identifier
          ? specifier.imported.name
          : String(specifier.imported.value)
        : specifier.type === AST_NODE_TYPES.ImportDefaultSpecifier
          ? 'default'
          : '*';
    return { origin: originOfSpecifier(declaration.source.value, filename), imported };
  }
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (!declarator.init || declarator.parent.kind !== 'const') return undefined;
  const required = requiredSpecifier(declarator.init);
  if (required !== undefined) {
    if (declarator.id.type === AST_NODE_TYPES.Identifier) return { origin: originOfSpecifier(required, filename), imported: '*' };
    if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
      const property = declarator.id.properties.find(
        (p): p is TSESTree.Property => p.type === AST_NODE_TYPES.Property && p.value === definition.name,
      );
      const key = property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : undefined;
      return key ? { origin: originOfSpecifier(required, filename), imported: key } : undefined;
    }
    return undefined;
  }
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return undefined;
  const constructed = constructorOf(declarator.init);
  if (!constructed || constructed === name) return undefined;
  const constructorBinding = importBindingOfName(constructed, declarator, context);
  return constructorBinding ? { origin: constructorBinding.origin, imported: constructorBinding.imported } : undefined;
}

/** `'pg'` in `require('pg')`. */
export function requiredSpecifier(node: TSESTree.Expression): string | undefined {
  const inner = unwrapExpression(node);
  if (
    inner.type === AST_NODE_TYPES.CallExpression &&
    inner.callee.type === AST_NODE_TYPES.Identifier &&
    inner.callee.name === 'require' &&
    inner.arguments[0]?.type === AST_NODE_TYPES.Literal &&
    typeof inner.arguments[0].value === 'string'
  ) {
    return inner.arguments[0].value;
  }
  return undefined;
}

/** `Pool` in `new Pool()`, `mysql.createPool()`, `knex()`, `await Database.open()`. */
function constructorOf(init: TSESTree.Expression): string | undefined {
  let inner = unwrapExpression(init);
  if (inner.type === AST_NODE_TYPES.AwaitExpression) inner = unwrapExpression(inner.argument);
  if (inner.type !== AST_NODE_TYPES.NewExpression && inner.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(inner.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier) {
    return callee.object.name;
  }
  return undefined;
}

function resolveByImports(
  node: TSESTree.CallExpression | TSESTree.NewExpression,
  context: Context,
): CallTarget | undefined {
  const callee = unwrapExpression(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const binding = importBindingOf(callee, context);
    if (!binding) return { member: callee.name, via: 'none' };
    const member = binding.imported === 'default' || binding.imported === '*' ? callee.name : binding.imported;
    return { member, origin: binding.origin, via: 'import' };
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const member = memberName(callee);
  if (!member) return undefined;
  const receiver = unwrapExpression(callee.object);
  const requiredFrom = requiredSpecifier(receiver);
  if (requiredFrom !== undefined) {
    return { member, origin: originOfSpecifier(requiredFrom, context.filename), via: 'import' };
  }
  if (receiver.type !== AST_NODE_TYPES.Identifier) return { member, via: 'none' };
  const binding = importBindingOf(receiver, context);
  if (!binding) return { member, via: 'none' };
  const owner = binding.imported === '*' || binding.imported === 'default' ? undefined : binding.imported;
  return { member, ...(owner ? { owner } : {}), origin: binding.origin, via: 'import' };
}

/** Whether an origin is one of the given packages (`fs` also matches `fs/promises` only if listed). */
export function isFromPackage(origin: ModuleOrigin | undefined, packages: readonly string[]): boolean {
  return origin !== undefined && 'packageName' in origin && packages.includes(origin.packageName);
}

/** Whether a resolved call is the one a user's `settings.pitfalls` matcher names. */
export function matchesSetting(target: CallTarget, matcher: ResolvedMatcher): boolean {
  if (target.member !== matcher.member || !target.origin) return false;
  if (matcher.owner && target.owner !== matcher.owner) return false;
  if (matcher.packageName) return 'packageName' in target.origin && target.origin.packageName === matcher.packageName;
  return 'modulePath' in target.origin && target.origin.modulePath === matcher.modulePath;
}

/**
 * The same resolution for a call found in the TypeScript AST of another
 * function's body (interprocedural summaries walk those, not ESTree).
 */
export function resolveTsCallTarget(
  call: ts.CallExpression | ts.NewExpression,
  checker: ts.TypeChecker,
): CallTarget | undefined {
  let callee: ts.Expression = call.expression;
  while (ts.isParenthesizedExpression(callee) || ts.isNonNullExpression(callee) || ts.isAsExpression(callee)) {
    callee = callee.expression;
  }
  const nameNode = ts.isPropertyAccessExpression(callee) ? callee.name : ts.isIdentifier(callee) ? callee : undefined;
  if (!nameNode) return undefined;
  const declaration = declarationOf(checker, nameNode);
  if (!declaration) return { member: nameNode.text, via: 'none' };
  const owner = ownerNameOf(declaration);
  return {
    member: importedNameOf(declaration) ?? nameNode.text,
    ...(owner ? { owner } : {}),
    origin: originOfDeclaration(declaration),
    via: 'types',
    declaration,
  };
}
