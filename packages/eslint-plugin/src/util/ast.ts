import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

const FUNCTION_TYPES = new Set<string>([
  AST_NODE_TYPES.ArrowFunctionExpression,
  AST_NODE_TYPES.FunctionExpression,
  AST_NODE_TYPES.FunctionDeclaration,
]);

/** A value found under a visitor key that is an AST node (not a token list, a string or null). */
export function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Whether `predicate` holds for `root` or a descendant, not looking into the
 * functions nested in it: they do not run when `root` does.
 */
export function someNodeOutsideNestedFunctions(
  root: TSESTree.Node,
  visitorKeys: TSESLint.SourceCode.VisitorKeys,
  predicate: (node: TSESTree.Node) => boolean,
): boolean {
  const visit = (node: TSESTree.Node): boolean => {
    if (predicate(node)) return true;
    if (node !== root && FUNCTION_TYPES.has(node.type)) return false;
    for (const key of visitorKeys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (isNode(item) && visit(item)) return true;
      }
    }
    return false;
  };
  return visit(root);
}

export type EstreeFunction = TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

/** The nearest function around a node (not the node itself), or undefined at module level. */
export function enclosingFunction(node: TSESTree.Node): EstreeFunction | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current as EstreeFunction;
  }
  return undefined;
}

/** An identifier read as a value: not a property name (`a.name`, `{ name: 1 }`). */
export function isValueReference(identifier: TSESTree.Identifier): boolean {
  const parent = identifier.parent;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === identifier && !parent.computed) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === identifier && !parent.shorthand) return false;
  return true;
}

/** Pre-order walk over every child node (parent links skipped); `visit` returns false to skip a node's children. */
export function walkAst(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean, depth = 0): void {
  // Generated or minified code can nest deeper than the stack allows; nothing worth reporting lives that deep.
  if (depth > 300 || !visit(root)) return;
  for (const key of Object.keys(root) as (keyof typeof root)[]) {
    if (key === 'parent') continue;
    const value = root[key] as unknown;
    for (const child of Array.isArray(value) ? value : [value]) {
      if (isNode(child)) walkAst(child, visit, depth + 1);
    }
  }
}

/** Whether `node` lies within `container` (or is it). */
export function isInside(node: TSESTree.Node, container: TSESTree.Node): boolean {
  return node.range[0] >= container.range[0] && node.range[1] <= container.range[1];
}

/** A property's name written as an identifier or a string (`timeout`, `'timeout'`, `['timeout']`); undefined otherwise. */
export function propertyKey(property: TSESTree.Property): string | undefined {
  if (property.key.type === AST_NODE_TYPES.Identifier && !property.computed) return property.key.name;
  if (property.key.type === AST_NODE_TYPES.Literal && typeof property.key.value === 'string') return property.key.value;
  return undefined;
}

/** The text of a string literal or of a template literal without substitutions. */
export function stringValue(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) return node.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/** Source text on one line, cut to 60 characters: evidence quoted in a message. */
export function oneLineSnippet(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return oneLine.length > 60 ? `${oneLine.slice(0, 57)}…` : oneLine;
}

/** A name no declaration or import in this file binds: a global such as `fetch`, `Date` or jest's `it`. */
export function isUndeclared(identifier: TSESTree.Identifier, context: Readonly<TSESLint.RuleContext<string, readonly unknown[]>>): boolean {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  return !variable || variable.defs.length === 0;
}
