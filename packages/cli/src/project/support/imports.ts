import { ts } from 'ts-morph';
import { stringValue, walk } from './source.js';

/** One place a file loads a module: an import, a re-export, `require('x')`, `import('x')`. */
export interface ModuleUse {
  readonly specifier: string;
  /** The import declaration or call, where a finding about the import is reported. */
  readonly node: ts.Node;
  /**
   * Nothing of the module exists at run time here: `import type`, every named
   * binding marked `type`, or bindings the file uses only in types.
   */
  readonly typeOnly: boolean;
}

const usesCache = new WeakMap<ts.SourceFile, readonly ModuleUse[]>();

/** Every module a file loads, in source order. */
export function moduleUsesOf(file: ts.SourceFile): readonly ModuleUse[] {
  const cached = usesCache.get(file);
  if (cached) return cached;
  const uses: ModuleUse[] = [];
  let valueNames: ReadonlySet<string> | undefined;
  const usedAsValue = (names: readonly string[]): boolean => {
    valueNames ??= namesUsedAsValues(file);
    return names.some((name) => valueNames!.has(name));
  };
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement)) {
      const specifier = stringValue(statement.moduleSpecifier);
      if (specifier === undefined) continue;
      uses.push({ specifier, node: statement, typeOnly: isTypeOnlyImport(statement, usedAsValue) });
    } else if (ts.isExportDeclaration(statement) && statement.moduleSpecifier) {
      const specifier = stringValue(statement.moduleSpecifier);
      if (specifier === undefined) continue;
      const typeOnly = statement.isTypeOnly || (statement.exportClause !== undefined && ts.isNamedExports(statement.exportClause) && statement.exportClause.elements.every((element) => element.isTypeOnly));
      uses.push({ specifier, node: statement, typeOnly });
    } else if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
      const specifier = stringValue(statement.moduleReference.expression);
      if (specifier !== undefined) uses.push({ specifier, node: statement, typeOnly: statement.isTypeOnly });
    }
  }
  // `require('bull')` and `await import('bull')` may sit anywhere; most files have neither.
  if (file.text.includes('require(') || file.text.includes('import(')) {
    walk(file, (node) => {
      if (!ts.isCallExpression(node) || node.arguments.length !== 1) return;
      const isRequire = ts.isIdentifier(node.expression) && node.expression.text === 'require';
      const isDynamicImport = node.expression.kind === ts.SyntaxKind.ImportKeyword;
      const specifier = stringValue(node.arguments[0]);
      if ((isRequire || isDynamicImport) && specifier !== undefined) uses.push({ specifier, node, typeOnly: false });
    });
  }
  usesCache.set(file, uses);
  return uses;
}

/** Whether `specifier` is the package or one of its subpaths (`inngest/express`, `bullmq/dist/esm`). */
export function isPackageOrSubpath(specifier: string, packageName: string): boolean {
  const bare = specifier.startsWith('node:') ? specifier.slice('node:'.length) : specifier;
  return bare === packageName || bare.startsWith(`${packageName}/`);
}

function isTypeOnlyImport(declaration: ts.ImportDeclaration, usedAsValue: (names: readonly string[]) => boolean): boolean {
  const clause = declaration.importClause;
  // `import 'reflect-metadata'`: loaded for its side effects.
  if (!clause) return false;
  if (clause.isTypeOnly) return true;
  const names: string[] = [];
  if (clause.name) names.push(clause.name.text);
  const bindings = clause.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
  if (bindings && ts.isNamedImports(bindings)) {
    for (const element of bindings.elements) if (!element.isTypeOnly) names.push(element.name.text);
  }
  return names.length === 0 || !usedAsValue(names);
}

/**
 * The identifiers a file reads as values, outside import declarations and
 * type positions: what survives compilation. `class X extends Worker` and
 * decorators are values; `typeof x` in a type is not.
 */
function namesUsedAsValues(file: ts.SourceFile): ReadonlySet<string> {
  const names = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isImportEqualsDeclaration(node)) return;
    if (ts.isExpressionWithTypeArguments(node) && isClassExtends(node)) {
      visit(node.expression);
      return;
    }
    if (ts.isTypeNode(node) || ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) return;
    if (ts.isIdentifier(node)) names.add(node.text);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return names;
}

function isClassExtends(node: ts.ExpressionWithTypeArguments): boolean {
  const clause = node.parent;
  return ts.isHeritageClause(clause) && clause.token === ts.SyntaxKind.ExtendsKeyword && (ts.isClassDeclaration(clause.parent) || ts.isClassExpression(clause.parent));
}
