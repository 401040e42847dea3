import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { isNode } from '../util/ast.js';
import { formatChain, summarizeCall, type SummaryKind } from '../util/summaries.js';
import { isFunctionLike } from './handlers.js';
import { llmCallOf, llmTsCallOf } from './llm.js';
import { getTypeServices, memberName, unwrapExpression } from './origin.js';
import { requestInputOf } from './request-input.js';

/**
 * Where a piece of text comes from: a small intraprocedural tracer that
 * follows a value back through local variables (every assignment),
 * destructuring, object properties, string methods, `await`, templates and
 * concatenation, and into the return statements of same-file helpers (with
 * their parameters bound to the call's arguments). Imported helpers are
 * followed with type information through the interprocedural summaries: a
 * project function that calls a model is taken to return its text.
 *
 * A branch of the trace stops at a call the caller names as validation; the
 * caller also learns every expression the trace went through, so it can look
 * for a validation statement (`assertReadOnlySelect(sql)`) on any of them.
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type TextOriginKind = 'llm' | 'request';

export interface TextOrigin {
  readonly kind: TextOriginKind;
  /** `OpenAI chat.completions.create`, `req.body`. */
  readonly label: string;
  /** The expression in this file where the text enters: the model call, the request read, the helper call. */
  readonly node: TSESTree.Node;
  /** For a model reached through project functions: `generateSql() → OpenAI chat.completions.create (llm.ts:12)`. */
  readonly chain?: string;
  /** False when the text was spliced into other text on the way (a template, `+`, `join`). */
  readonly whole: boolean;
}

export interface TextTrace {
  readonly origins: readonly TextOrigin[];
  /** Identifiers and member reads the trace went through (for validation statements and naming evidence). */
  readonly visited: readonly TSESTree.Node[];
}

export interface TraceOptions {
  /** A call that validates what it receives or returns: the trace does not go past it. */
  readonly isValidation: (call: TSESTree.CallExpression) => boolean;
  /** For summaries of imported helpers: whether a call in another function's body validates. */
  readonly isTsValidation: (call: ts.CallExpression | ts.NewExpression, checker: ts.TypeChecker) => boolean;
  /** A cache key for `isTsValidation`: it changes with the rule's options. */
  readonly validationId: string;
  /** Bodies followed into imported helpers. */
  readonly maxDepth: number;
}

/** Text methods whose result carries the receiver's text. */
const TEXT_METHODS = new Set([
  'trim',
  'trimStart',
  'trimEnd',
  'replace',
  'replaceAll',
  'slice',
  'substring',
  'substr',
  'toString',
  'valueOf',
  'concat',
  'split',
  'join',
  'at',
  'padEnd',
  'padStart',
  'normalize',
  'toUpperCase',
  'toLowerCase',
]);

const MAX_STEPS = 2_000;
const MAX_HELPER_NESTING = 3;

interface Frame {
  /** Parameters of the helper being traced, bound to the caller's arguments. */
  readonly bindings: ReadonlyMap<TSESLint.Scope.Variable, TSESTree.Node | undefined>;
  readonly nesting: number;
}

/** Traces `expression` back to the model calls and request reads its text comes from. */
export function traceTextOrigins(expression: TSESTree.Node, context: Context, options: TraceOptions): TextTrace {
  const origins: TextOrigin[] = [];
  const visited: TSESTree.Node[] = [];
  const seen = new Set<TSESTree.Node>();
  let steps = 0;

  const visit = (node: TSESTree.Node, whole: boolean, frame: Frame): void => {
    if (++steps > MAX_STEPS || seen.has(node)) return;
    seen.add(node);
    switch (node.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
        return visit(node.expression, whole, frame);
      case AST_NODE_TYPES.AwaitExpression:
        return visit(node.argument, whole, frame);
      case AST_NODE_TYPES.TemplateLiteral:
        for (const expression of node.expressions) visit(expression, node.quasis.every((q) => q.value.raw === '') && whole, frame);
        return;
      case AST_NODE_TYPES.BinaryExpression:
        if (node.operator !== '+') return;
        visit(node.left, false, frame);
        return visit(node.right, false, frame);
      case AST_NODE_TYPES.LogicalExpression:
        visit(node.left, whole, frame);
        return visit(node.right, whole, frame);
      case AST_NODE_TYPES.ConditionalExpression:
        // The test only picks a branch: a model choosing between constant statements is not generated SQL.
        visit(node.consequent, whole, frame);
        return visit(node.alternate, whole, frame);
      case AST_NODE_TYPES.ArrayExpression:
        for (const element of node.elements) if (element && element.type !== AST_NODE_TYPES.SpreadElement) visit(element, false, frame);
        return;
      case AST_NODE_TYPES.ObjectExpression:
        for (const property of node.properties) {
          if (property.type === AST_NODE_TYPES.Property) visit(property.value, whole, frame);
          else visit(property.argument, whole, frame);
        }
        return;
      case AST_NODE_TYPES.MemberExpression: {
        visited.push(node);
        const input = requestInputOf(node, context);
        if (input) {
          origins.push({ kind: 'request', label: input.label, node, whole });
          return;
        }
        // A lookup with a model-chosen key in a table of constants yields a constant: only the object carries text.
        return visit(node.object, whole, frame);
      }
      case AST_NODE_TYPES.Identifier:
        visited.push(node);
        return visitVariable(node, whole, frame);
      case AST_NODE_TYPES.CallExpression:
        return visitCall(node, whole, frame);
      default:
        return;
    }
  };

  const visitVariable = (identifier: TSESTree.Identifier, whole: boolean, frame: Frame): void => {
    const input = requestInputOf(identifier, context);
    if (input) {
      origins.push({ kind: 'request', label: input.label, node: identifier, whole });
      return;
    }
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
    if (!variable) return;
    if (frame.bindings.has(variable)) {
      const argument = frame.bindings.get(variable);
      if (argument) visit(argument, whole, { bindings: new Map(), nesting: frame.nesting });
      return;
    }
    for (const definition of variable.defs) {
      if (definition.type !== 'Variable') continue;
      const declarator = definition.node;
      if (declarator.init) visit(declarator.init, whole, frame);
      else if (declarator.parent.parent?.type === AST_NODE_TYPES.ForOfStatement) visit(declarator.parent.parent.right, whole, frame);
    }
    for (const reference of variable.references) {
      if (!reference.isWrite() || reference.init) continue;
      const assignment = reference.identifier.parent;
      if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== reference.identifier) continue;
      visit(assignment.right, whole && assignment.operator === '=', frame);
    }
  };

  const visitCall = (call: TSESTree.CallExpression, whole: boolean, frame: Frame): void => {
    if (options.isValidation(call)) return;
    const llm = llmCallOf(call, context);
    if (llm) {
      origins.push({ kind: 'llm', label: `${llm.library} ${llm.path}`, node: call, whole });
      return;
    }
    const input = requestInputOf(call, context);
    if (input) {
      origins.push({ kind: 'request', label: input.label, node: call, whole });
      return;
    }
    const callee = unwrapExpression(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) {
      const method = memberName(callee);
      if (method && TEXT_METHODS.has(method)) {
        visit(callee.object, whole && method !== 'join' && method !== 'concat', frame);
        if (method === 'concat') for (const argument of call.arguments) visit(argument, false, frame);
        return;
      }
      if (method === 'parse' && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === 'JSON') {
        const [argument] = call.arguments;
        if (argument) visit(argument, whole, frame);
        return;
      }
    }
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'String') {
      const [argument] = call.arguments;
      if (argument) visit(argument, whole, frame);
      return;
    }
    const helper = sameFileHelper(callee, context);
    if (helper) {
      if (frame.nesting >= MAX_HELPER_NESTING) return;
      const bindings = new Map<TSESLint.Scope.Variable, TSESTree.Node | undefined>();
      for (const [index, param] of helper.params.entries()) {
        if (param.type !== AST_NODE_TYPES.Identifier) continue;
        const variable = context.sourceCode.getDeclaredVariables(helper).find((candidate) => candidate.name === param.name);
        const argument = call.arguments[index];
        if (variable) bindings.set(variable, argument && argument.type !== AST_NODE_TYPES.SpreadElement ? argument : undefined);
      }
      for (const returned of returnedExpressions(helper)) visit(returned, whole, { bindings, nesting: frame.nesting + 1 });
      return;
    }
    const summarized = importedHelperOrigin(call, context, options);
    if (summarized) origins.push({ ...summarized, whole });
  };

  visit(expression, true, { bindings: new Map(), nesting: 0 });
  return { origins, visited };
}

/** A function defined in this file that the callee names: a declaration, a `const` arrow, or a method of the same class via `this`. */
function sameFileHelper(callee: TSESTree.Expression, context: Context): FunctionWithBodyEstree | undefined {
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), callee);
    const definition = variable?.defs[0];
    if (definition?.type === 'FunctionName' && isFunctionLike(definition.node) && definition.node.body) {
      return definition.node as FunctionWithBodyEstree;
    }
    if (definition?.type === 'Variable' && definition.node.init) {
      const init = unwrapExpression(definition.node.init);
      if (isFunctionLike(init)) return init as FunctionWithBodyEstree;
    }
    return undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = memberName(callee);
  for (let node: TSESTree.Node | undefined = callee.parent; node; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const member of node.body) {
      if (member.type !== AST_NODE_TYPES.MethodDefinition || member.kind !== 'method' || member.computed) continue;
      if (member.key.type === AST_NODE_TYPES.Identifier && member.key.name === name && member.value.body) {
        return member.value as FunctionWithBodyEstree;
      }
    }
    return undefined;
  }
  return undefined;
}

type FunctionWithBodyEstree = (TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression) & {
  body: TSESTree.BlockStatement | TSESTree.Expression;
};

/** The expressions a function returns, not looking into functions nested in it. */
function returnedExpressions(fn: FunctionWithBodyEstree): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Expression[] = [];
  const walk = (node: TSESTree.Node): void => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      return;
    }
    if (isFunctionLike(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) return;
    for (const value of Object.values(node)) {
      if (value === node.parent) continue;
      for (const child of Array.isArray(value) ? value : [value]) {
        if (isNode(child)) walk(child);
      }
    }
  };
  for (const statement of fn.body.body) walk(statement);
  return found;
}

const llmKind: SummaryKind = {
  id: 'llm-call',
  leafOf: (call, checker) => {
    if (ts.isTaggedTemplateExpression(call)) return undefined;
    const found = llmTsCallOf(call, checker);
    return found && { label: `${found.library} ${found.path}` };
  },
};

const validationKinds = new Map<string, SummaryKind>();

/** A project function in another file (or beyond the same-file tracer) that calls a model and does not validate. */
function importedHelperOrigin(
  call: TSESTree.CallExpression,
  context: Context,
  options: TraceOptions,
): Omit<TextOrigin, 'whole'> | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const tsCall = services.esTreeNodeToTSNodeMap.get(call);
  if (!ts.isCallExpression(tsCall)) return undefined;
  const summary = summarizeCall(services.program, tsCall, llmKind, { maxDepth: options.maxDepth });
  if (!summary) return undefined;
  let validation = validationKinds.get(options.validationId);
  if (!validation) {
    validation = {
      id: `sql-validation:${options.validationId}`,
      leafOf: (candidate, checker) =>
        !ts.isTaggedTemplateExpression(candidate) && options.isTsValidation(candidate, checker) ? { label: 'validation' } : undefined,
    };
    validationKinds.set(options.validationId, validation);
  }
  if (summarizeCall(services.program, tsCall, validation, { maxDepth: options.maxDepth })) return undefined;
  return { kind: 'llm', label: summary.leaf.label, node: call, chain: formatChain(summary.chain) };
}
