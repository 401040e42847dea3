import { createRequire } from 'node:module';
import path from 'node:path';
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { getTypeServices, importBindingOf, memberName, requiredSpecifier, unwrapExpression, type ImportBinding } from './origin.js';
import { requestInputOf } from './request-input.js';
import { isUndeclared, propertyKey, walkAst } from '../util/ast.js';

/**
 * Form data: what an HTML form (or a query string) sends, every value a string.
 *
 * - **Sources**: a `FormData` (`await request.formData()`, `new FormData(form)`,
 *   a parameter typed `FormData`) and a `URLSearchParams` (`new URL(req.url).searchParams`,
 *   `request.nextUrl.searchParams`, `new URLSearchParams(…)`, Next's and React
 *   Router's `useSearchParams()`). With types the receiver's type decides.
 * - **Values**: `source.get(name)` / `getAll(name)`, a field of a form record,
 *   and local variables holding either.
 * - **Records**: `Object.fromEntries(source)`, an object literal of form values,
 *   a record filled with `record[name] = form.get(name)`, an urlencoded request
 *   body (Express `express.urlencoded()` / body-parser on the route, or in a file
 *   that parses no JSON; Fastify `@fastify/formbody`), Hono's `c.req.parseBody()`.
 * - **Schemas**: the zod / valibot object fields that reject a string where the
 *   form sends one (`z.number()`, `z.boolean()`, `z.date()`, `v.number()`…).
 */

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FormSource = 'FormData' | 'URLSearchParams' | 'urlencoded body' | 'form body';

export interface FormValue {
  readonly source: FormSource;
}

export interface FormRecord {
  readonly source: FormSource;
  /** Whether the record's field still holds the string the form sent. */
  isRaw(key: string): boolean;
}

/** How a message names where a value comes from. */
export function describeFormSource(source: FormSource): string {
  switch (source) {
    case 'FormData':
      return 'a FormData field';
    case 'URLSearchParams':
      return 'a URL query parameter';
    case 'urlencoded body':
      return 'a field of an urlencoded request body';
    case 'form body':
      return 'a field of a parsed form body';
  }
}

const MAX_DEPTH = 5;

// ---------------------------------------------------------------------------
// Sources: FormData and URLSearchParams objects

const FORM_TYPES: Readonly<Record<string, FormSource>> = {
  FormData: 'FormData',
  URLSearchParams: 'URLSearchParams',
  ReadonlyURLSearchParams: 'URLSearchParams',
};

const ROUTER_PACKAGES = ['react-router', 'react-router-dom', '@remix-run/react'];

/** The kind of form data object an expression evaluates to, if it is one. */
export function formSourceOf(node: TSESTree.Expression, context: Context, depth = 0): FormSource | undefined {
  const expression = skipAwait(node);
  const typed = typedFormSource(expression, context);
  if (typed !== undefined) return typed ?? undefined;
  return syntacticFormSource(expression, context, depth);
}

/** The form type the checker gives an expression; null when it gives another type, undefined without a verdict. */
function typedFormSource(expression: TSESTree.Expression, context: Context): FormSource | null | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const written = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(expression));
  // `await` is skipped on the way here: `request.formData()` is typed `Promise<FormData>`.
  const type = checker.getAwaitedType(written) ?? written;
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  const nonNullable = checker.getNonNullableType(type);
  const name = nonNullable.getSymbol()?.getName() ?? nonNullable.aliasSymbol?.getName();
  return (name !== undefined && FORM_TYPES[name]) || null;
}

function syntacticFormSource(expression: TSESTree.Expression, context: Context, depth: number): FormSource | undefined {
  if (depth > MAX_DEPTH) return undefined;
  if (expression.type === AST_NODE_TYPES.NewExpression && expression.callee.type === AST_NODE_TYPES.Identifier) {
    const source = FORM_TYPES[expression.callee.name];
    return source && isUndeclared(expression.callee, context) ? source : undefined;
  }
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(expression.callee);
    // `await request.formData()`, `await c.req.formData()`, `await response.formData()`
    if (callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'formData' && expression.arguments.length === 0) {
      return 'FormData';
    }
    if (callee.type === AST_NODE_TYPES.Identifier && callee.name === 'useSearchParams' && importedFrom(callee, context, ['next/navigation'])) {
      return 'URLSearchParams';
    }
    return undefined;
  }
  if (expression.type === AST_NODE_TYPES.MemberExpression && memberName(expression) === 'searchParams') {
    const owner = skipAwait(expression.object);
    if (owner.type === AST_NODE_TYPES.MemberExpression && memberName(owner) === 'nextUrl') return 'URLSearchParams';
    return isUrl(owner, context, depth + 1) ? 'URLSearchParams' : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = bindingOf(expression, context);
  if (!binding) return undefined;
  if (binding.kind === 'parameter') {
    const name = annotatedTypeName(binding.annotation);
    return name ? FORM_TYPES[name] : undefined;
  }
  if (binding.kind === 'value') return formSourceOf(binding.init, context, depth + 1);
  // `const [searchParams] = useSearchParams()` (React Router)
  if (binding.kind === 'element' && binding.index === 0) {
    const init = skipAwait(binding.init);
    if (
      init.type === AST_NODE_TYPES.CallExpression &&
      init.callee.type === AST_NODE_TYPES.Identifier &&
      init.callee.name === 'useSearchParams' &&
      importedFrom(init.callee, context, ROUTER_PACKAGES)
    ) {
      return 'URLSearchParams';
    }
  }
  return undefined;
}

/** `new URL(…)`, or a variable holding one, or a parameter typed `URL`. */
function isUrl(expression: TSESTree.Expression, context: Context, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  if (expression.type === AST_NODE_TYPES.NewExpression) {
    return expression.callee.type === AST_NODE_TYPES.Identifier && expression.callee.name === 'URL';
  }
  if (expression.type !== AST_NODE_TYPES.Identifier) return false;
  const binding = bindingOf(expression, context);
  if (binding?.kind === 'parameter') return annotatedTypeName(binding.annotation) === 'URL';
  return binding?.kind === 'value' && isUrl(skipAwait(binding.init), context, depth + 1);
}

// ---------------------------------------------------------------------------
// Values: one field read from form data

/**
 * The form data an expression reads one field of, if it does: `form.get('qty')`,
 * `searchParams.getAll('tag')`, `Object.fromEntries(form).qty`, `req.body.qty`
 * (urlencoded), and local variables holding them. Wrappers that keep the
 * string (`String(…)`, `?? ''`, `.trim()`, `as string`) are looked through.
 */
export function formValueOf(node: TSESTree.Expression, context: Context, depth = 0): FormValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = stripStringWrappers(node);
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    const callee = unwrapExpression(expression.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    const method = memberName(callee);
    if (method !== 'get' && method !== 'getAll') return undefined;
    const source = formSourceOf(callee.object, context, depth + 1);
    return source ? { source } : undefined;
  }
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const record = formRecordOf(expression.object, context, depth + 1);
    if (!record) return undefined;
    const key = memberName(expression);
    return key === undefined ? (expression.computed ? { source: record.source } : undefined) : record.isRaw(key) ? { source: record.source } : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = bindingOf(expression, context);
  if (binding?.kind === 'value') return formValueOf(binding.init, context, depth + 1);
  if (binding?.kind === 'property') {
    const record = formRecordOf(binding.init, context, depth + 1);
    return record && record.isRaw(binding.key) ? { source: record.source } : undefined;
  }
  return undefined;
}

/** Strips what keeps a form value a string: type assertions, `String(x)`, `x ?? ''`, `x.trim()`, `` `${x}` ``. */
function stripStringWrappers(node: TSESTree.Expression): TSESTree.Expression {
  let current = unwrapExpression(node);
  for (let step = 0; step < 10; step++) {
    if (current.type === AST_NODE_TYPES.ChainExpression) {
      current = unwrapExpression(current.expression);
    } else if (
      current.type === AST_NODE_TYPES.LogicalExpression &&
      current.operator !== '&&' &&
      isEmptyFallback(current.right)
    ) {
      current = unwrapExpression(current.left);
    } else if (
      current.type === AST_NODE_TYPES.CallExpression &&
      current.callee.type === AST_NODE_TYPES.Identifier &&
      current.callee.name === 'String' &&
      current.arguments.length === 1 &&
      current.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement
    ) {
      current = unwrapExpression(current.arguments[0]!);
    } else if (
      current.type === AST_NODE_TYPES.CallExpression &&
      current.arguments.length === 0 &&
      current.callee.type === AST_NODE_TYPES.MemberExpression &&
      STRING_KEEPING_METHODS.has(memberName(current.callee) ?? '')
    ) {
      current = unwrapExpression(current.callee.object);
    } else if (
      current.type === AST_NODE_TYPES.TemplateLiteral &&
      current.expressions.length === 1 &&
      current.quasis.every((quasi) => quasi.value.cooked === '')
    ) {
      current = unwrapExpression(current.expressions[0]!);
    } else {
      return current;
    }
  }
  return current;
}

const STRING_KEEPING_METHODS = new Set(['toString', 'trim', 'trimStart', 'trimEnd', 'valueOf']);

/** `''`, `'0'`, `undefined`, `null`: the default a missing field falls back to. */
function isEmptyFallback(node: TSESTree.Expression): boolean {
  if (node.type === AST_NODE_TYPES.Literal) return typeof node.value === 'string' || node.value === null;
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.expressions.length === 0;
  return node.type === AST_NODE_TYPES.Identifier && node.name === 'undefined';
}

/**
 * The form value an expression may evaluate to unchanged: the value itself, or
 * a branch of `cond ? a : b` / `a ?? b`. A type assertion changes nothing at
 * runtime, so `form.get(name) as unknown as number` is still the string.
 */
export function rawFormValueIn(node: TSESTree.Expression, context: Context, depth = 0): FormValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === AST_NODE_TYPES.ConditionalExpression) {
    return rawFormValueIn(expression.consequent, context, depth + 1) ?? rawFormValueIn(expression.alternate, context, depth + 1);
  }
  if (expression.type === AST_NODE_TYPES.LogicalExpression && expression.operator !== '&&') {
    return rawFormValueIn(expression.left, context, depth + 1) ?? rawFormValueIn(expression.right, context, depth + 1);
  }
  return formValueOf(expression, context, depth + 1);
}

// ---------------------------------------------------------------------------
// Records: objects whose fields are form values

class RawKeys implements FormRecord {
  readonly raw = new Set<string>();
  readonly cooked = new Set<string>();
  all = false;
  constructor(readonly source: FormSource) {}
  isRaw(key: string): boolean {
    return !this.cooked.has(key) && (this.all || this.raw.has(key));
  }
  get empty(): boolean {
    return !this.all && this.raw.size === 0;
  }
}

/**
 * The form record an expression evaluates to: every field (or the listed
 * fields) holding the string the form sent.
 */
export function formRecordOf(node: TSESTree.Expression, context: Context, depth = 0): FormRecord | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipAwait(node);
  switch (expression.type) {
    case AST_NODE_TYPES.CallExpression:
      return fromEntriesRecord(expression, context, depth) ?? bodyRecord(expression, context);
    case AST_NODE_TYPES.MemberExpression:
      return bodyRecord(expression, context);
    case AST_NODE_TYPES.ObjectExpression:
      return objectLiteralRecord(expression, context, depth);
    case AST_NODE_TYPES.Identifier:
      return variableRecord(expression, context, depth);
    default:
      return undefined;
  }
}

/** `Object.fromEntries(form)`, `Object.fromEntries(params.entries())`, `Object.fromEntries(names.map((n) => [n, form.get(n)]))`. */
function fromEntriesRecord(call: TSESTree.CallExpression, context: Context, depth: number): FormRecord | undefined {
  const callee = unwrapExpression(call.callee);
  if (
    callee.type !== AST_NODE_TYPES.MemberExpression ||
    memberName(callee) !== 'fromEntries' ||
    callee.object.type !== AST_NODE_TYPES.Identifier ||
    callee.object.name !== 'Object'
  ) {
    return undefined;
  }
  const [argument] = call.arguments;
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  let entries = skipAwait(argument);
  // `const entries = form.entries(); Object.fromEntries(entries)`
  if (entries.type === AST_NODE_TYPES.Identifier) {
    const binding = bindingOf(entries, context);
    const init = binding?.kind === 'value' ? unwrapExpression(binding.init) : undefined;
    if (init?.type === AST_NODE_TYPES.CallExpression && isEntriesCall(init)) entries = init;
  }
  if (entries.type === AST_NODE_TYPES.CallExpression && isEntriesCall(entries)) {
    entries = skipAwait((unwrapExpression(entries.callee) as TSESTree.MemberExpression).object);
  }
  const source = formSourceOf(entries, context, depth + 1);
  if (source) {
    const record = new RawKeys(source);
    record.all = true;
    return record;
  }
  const value = mappedEntryValue(entries);
  const raw = value && rawFormValueIn(value, context, depth + 1);
  if (!raw) return undefined;
  const record = new RawKeys(raw.source);
  record.all = true;
  return record;
}

/** `source.entries()`. */
function isEntriesCall(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return call.arguments.length === 0 && callee.type === AST_NODE_TYPES.MemberExpression && memberName(callee) === 'entries';
}

/** `v` in `list.map((x) => [key, v])`. */
function mappedEntryValue(expression: TSESTree.Expression): TSESTree.Expression | undefined {
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(expression.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || memberName(callee) !== 'map') return undefined;
  const [callback] = expression.arguments;
  if (callback?.type !== AST_NODE_TYPES.ArrowFunctionExpression || callback.body.type === AST_NODE_TYPES.BlockStatement) return undefined;
  const pair = unwrapExpression(callback.body);
  const value = pair.type === AST_NODE_TYPES.ArrayExpression ? pair.elements[1] : undefined;
  return value && value.type !== AST_NODE_TYPES.SpreadElement ? value : undefined;
}

/** An urlencoded `req.body`, or Hono's `c.req.parseBody()`. */
function bodyRecord(expression: TSESTree.CallExpression | TSESTree.MemberExpression, context: Context): FormRecord | undefined {
  const input = requestInputOf(expression, context);
  if (!input) return undefined;
  if (expression.type === AST_NODE_TYPES.CallExpression) {
    if (!input.label.endsWith('.parseBody()')) return undefined;
    const record = new RawKeys('form body');
    record.all = true;
    return record;
  }
  if (!input.label.endsWith('.body') || !isUrlencodedBody(expression, context)) return undefined;
  const record = new RawKeys('urlencoded body');
  record.all = true;
  return record;
}

function objectLiteralRecord(object: TSESTree.ObjectExpression, context: Context, depth: number): FormRecord | undefined {
  let record: RawKeys | undefined;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = formRecordOf(property.argument, context, depth + 1);
      if (!spread) continue;
      record ??= new RawKeys(spread.source);
      record.all = true;
      continue;
    }
    const key = propertyKey(property);
    if (key === undefined || property.value.type === AST_NODE_TYPES.AssignmentPattern) continue;
    const raw = rawFormValueIn(property.value as TSESTree.Expression, context, depth + 1);
    if (raw) {
      record ??= new RawKeys(raw.source);
      record.raw.add(key);
      record.cooked.delete(key);
    } else {
      record?.raw.delete(key);
      record?.cooked.add(key);
    }
  }
  return record && !record.empty ? record : undefined;
}

/**
 * A variable holding a form record, with the fields the code overwrites
 * afterwards (`data.qty = Number(data.qty)`) taken out; or an empty object
 * filled with form values (`input[field.name] = form.get(field.name)`).
 */
function variableRecord(identifier: TSESTree.Identifier, context: Context, depth: number): FormRecord | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  const binding = variable && bindingOfVariable(variable);
  if (!variable || binding?.kind !== 'value') return undefined;
  const init = unwrapExpression(binding.init);
  const filled = init.type === AST_NODE_TYPES.ObjectExpression && init.properties.length === 0;
  const base = filled ? undefined : formRecordOf(init, context, depth + 1);
  if (!filled && !base) return undefined;
  let source = base?.source;
  const raw = new Set<string>();
  const cooked = new Set<string>();
  let all = false;
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const assignment = member.parent;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== member) continue;
    const key = memberName(member);
    const value = rawFormValueIn(assignment.right, context, depth + 1);
    if (value) {
      source ??= value.source;
      if (key === undefined) all = true;
      else {
        raw.add(key);
        cooked.delete(key);
      }
    } else if (key !== undefined) {
      cooked.add(key);
      raw.delete(key);
    } else if (base) {
      // `data[key] = Number(data[key])`: any field may have been converted.
      return undefined;
    }
  }
  if (!source || (!base && !all && raw.size === 0)) return undefined;
  return {
    source,
    isRaw: (key) => !cooked.has(key) && (all || raw.has(key) || (base?.isRaw(key) ?? false)),
  };
}

// ---------------------------------------------------------------------------
// Urlencoded bodies

interface BodyParsers {
  readonly urlencoded: boolean;
  readonly json: boolean;
  readonly formbody: boolean;
}

const parserCache = new WeakMap<TSESTree.Program, BodyParsers>();
const BODY_PARSER_PACKAGES = ['express', 'body-parser'];
const FORMBODY_PACKAGES = new Set(['@fastify/formbody', 'fastify-formbody']);

/**
 * Whether `req.body` in this handler is an urlencoded form: the route itself
 * mounts `express.urlencoded()`, or the file mounts it and parses no JSON
 * (a body that may be JSON is typed already), or the file registers Fastify's
 * formbody plugin.
 */
export function isUrlencodedBody(body: TSESTree.MemberExpression, context: Context): boolean {
  const handler = handlerOfRequest(body);
  const registration = handler?.parent;
  if (handler && registration?.type === AST_NODE_TYPES.CallExpression) {
    const index = registration.arguments.indexOf(handler);
    if (index > 0 && registration.arguments.slice(0, index).some((argument) => bodyParserKind(argument, context, 0) === 'urlencoded')) {
      return true;
    }
  }
  const parsers = fileBodyParsers(context);
  return parsers.formbody || (parsers.urlencoded && !parsers.json);
}

/** The function whose parameter is the request object `body` is read from. */
function handlerOfRequest(body: TSESTree.MemberExpression): TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | undefined {
  const request = unwrapExpression(body.object);
  if (request.type !== AST_NODE_TYPES.Identifier) return undefined;
  for (let current: TSESTree.Node | undefined = body.parent; current; current = current.parent) {
    if (
      (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression) &&
      current.params.some((param) => param.type === AST_NODE_TYPES.Identifier && param.name === request.name)
    ) {
      return current;
    }
  }
  return undefined;
}

function fileBodyParsers(context: Context): BodyParsers {
  const program = context.sourceCode.ast;
  const cached = parserCache.get(program);
  if (cached) return cached;
  const text = context.sourceCode.text;
  const parsers = { urlencoded: false, json: false, formbody: false };
  if (text.includes('urlencoded') || text.includes('formbody')) {
    walkAst(program, (node) => {
      if (node.type === AST_NODE_TYPES.ImportDeclaration) {
        if (FORMBODY_PACKAGES.has(node.source.value)) parsers.formbody = true;
        return false;
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const required = requiredSpecifier(node);
        if (required !== undefined && FORMBODY_PACKAGES.has(required)) parsers.formbody = true;
        const kind = bodyParserKind(node, context, 0);
        if (kind) parsers[kind] = true;
      }
      return true;
    });
  }
  parserCache.set(program, parsers);
  return parsers;
}

/** `express.urlencoded(…)`, `bodyParser.json()`, `urlencoded({ extended: true })` from express/body-parser, or a variable holding one. */
function bodyParserKind(node: TSESTree.Node, context: Context, depth: number): 'urlencoded' | 'json' | undefined {
  if (depth > 2 || node.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const expression = unwrapExpression(node as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const binding = bindingOf(expression, context);
    return binding?.kind === 'value' ? bodyParserKind(binding.init, context, depth + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(expression.callee);
  const name = callee.type === AST_NODE_TYPES.MemberExpression ? memberName(callee) : callee.type === AST_NODE_TYPES.Identifier ? callee.name : undefined;
  if (name !== 'urlencoded' && name !== 'json') return undefined;
  const owner = callee.type === AST_NODE_TYPES.MemberExpression ? unwrapExpression(callee.object) : callee;
  if (owner.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = directImportOf(owner, context);
  if (!binding || !('packageName' in binding.origin) || !BODY_PARSER_PACKAGES.includes(binding.origin.packageName)) return undefined;
  if (callee.type === AST_NODE_TYPES.Identifier && binding.imported !== name) return undefined;
  return name;
}

// ---------------------------------------------------------------------------
// Schemas: zod and valibot fields that do not coerce

export type FieldKind = 'number' | 'boolean' | 'date';

export interface SchemaField {
  readonly key: string;
  readonly kind: FieldKind;
  /** The call that declares the non-coercing type: `z.number()` in `z.number().int().min(1)`. */
  readonly base: TSESTree.CallExpression;
  readonly library: 'zod' | 'valibot';
}

export interface ObjectSchema {
  readonly library: 'zod' | 'valibot';
  /** Fields whose declared type rejects a string; the others coerce, accept strings or are not judged. */
  readonly nonCoercing: readonly SchemaField[];
}

const ZOD_PACKAGES = ['zod', 'zod/v4', 'zod/v3', 'zod/mini', 'zod/v4/mini'];
const ZOD_OBJECTS = new Set(['object', 'strictObject', 'looseObject']);
const ZOD_NUMBERS = new Set(['number', 'int', 'float32', 'float64', 'int32', 'uint32']);
const ZOD_WRAPPERS = new Set(['optional', 'nullable', 'nullish', 'readonly']);
/** Object methods that keep the parsed input fields (`pick`/`omit`/`extend`/`merge` are handled apart). */
const ZOD_OBJECT_KEEPING = new Set([
  'strict', 'passthrough', 'strip', 'partial', 'required', 'deepPartial', 'refine', 'superRefine', 'check', 'describe',
  'meta', 'brand', 'readonly', 'transform', 'pipe', 'catchall', 'default', 'optional', 'nullable', 'nullish',
]);
/** Methods whose schema accepts more than the base type: not judged. */
const ZOD_WIDENING = new Set(['or', 'and', 'array', 'promise', 'record']);
const VALIBOT_OBJECTS = new Set(['object', 'looseObject', 'strictObject', 'objectWithRest']);
const VALIBOT_WRAPPERS = new Set(['pipe', 'optional', 'nullable', 'nullish', 'exactOptional', 'undefinedable', 'fallback', 'pipeAsync']);

/**
 * The object schema an expression names, when its definition is visible in
 * this file: `z.object({…})` with its chained `.extend/.merge/.pick/.omit/
 * .strict()`…, valibot's `v.object({…})` (also inside `v.pipe`), through
 * `const` variables. Undefined when the schema is imported or built in a way
 * this does not read.
 */
export function objectSchemaOf(node: TSESTree.Expression, context: Context, depth = 0): ObjectSchema | undefined {
  const fields = zodObjectFields(node, context, depth);
  if (fields) return { library: 'zod', nonCoercing: [...fields.values()].filter((field): field is SchemaField => field !== null) };
  const valibot = valibotObjectFields(node, context, depth);
  if (valibot) return { library: 'valibot', nonCoercing: [...valibot.values()].filter((field): field is SchemaField => field !== null) };
  return undefined;
}

/** Field name → its non-coercing declaration, or null for a field that is fine or not judged. */
type Fields = Map<string, SchemaField | null>;

function zodObjectFields(node: TSESTree.Expression, context: Context, depth: number): Fields | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(expression, context);
    return init ? zodObjectFields(init, context, depth + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(expression.callee);
  const factory = zodFactoryName(callee, context);
  if (factory !== undefined) {
    const [shape] = expression.arguments;
    if (!ZOD_OBJECTS.has(factory) || shape?.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    return shapeFields(shape, (value) => zodField(value, context, 0));
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (!method) return undefined;
  const [argument] = expression.arguments;
  if (ZOD_OBJECT_KEEPING.has(method)) return zodObjectFields(callee.object, context, depth + 1);
  const base = zodObjectFields(callee.object, context, depth + 1);
  if (!base || !argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (method === 'extend' || method === 'safeExtend') {
    if (argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
    return new Map([...base, ...shapeFields(argument, (value) => zodField(value, context, 0))]);
  }
  if (method === 'merge' || method === 'and') {
    const other = zodObjectFields(argument, context, depth + 1);
    return other ? new Map([...base, ...other]) : undefined;
  }
  if (method === 'pick' || method === 'omit') {
    const mask = maskKeys(argument);
    if (!mask) return undefined;
    return new Map([...base].filter(([key]) => mask.has(key) === (method === 'pick')));
  }
  return undefined;
}

/** `pick({ name: true, qty: true })` → name, qty. */
function maskKeys(argument: TSESTree.Expression): Set<string> | undefined {
  if (argument.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  const keys = new Set<string>();
  for (const property of argument.properties) {
    const key = property.type === AST_NODE_TYPES.Property ? propertyKey(property) : undefined;
    if (key === undefined) return undefined;
    keys.add(key);
  }
  return keys;
}

function shapeFields(shape: TSESTree.ObjectExpression, judge: (value: TSESTree.Expression) => FieldJudgement | undefined): Fields {
  const fields: Fields = new Map();
  for (const property of shape.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    const key = propertyKey(property);
    if (key === undefined || property.value.type === AST_NODE_TYPES.AssignmentPattern) continue;
    const judged = judge(property.value as TSESTree.Expression);
    fields.set(key, judged ? { key, ...judged } : null);
  }
  return fields;
}

type FieldJudgement = Omit<SchemaField, 'key'>;

/** `z.number().int().min(1)`, `z.optional(z.boolean())`, `maxItems.default(10)` → the non-coercing base, if any. */
function zodField(node: TSESTree.Expression, context: Context, depth: number): FieldJudgement | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(expression, context);
    return init ? zodField(init, context, depth + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = unwrapExpression(expression.callee);
  const factory = zodFactoryName(callee, context);
  if (factory !== undefined) {
    if (ZOD_WRAPPERS.has(factory)) {
      const [inner] = expression.arguments;
      return inner && inner.type !== AST_NODE_TYPES.SpreadElement ? zodField(inner, context, depth + 1) : undefined;
    }
    const kind = ZOD_NUMBERS.has(factory) ? 'number' : factory === 'boolean' ? 'boolean' : factory === 'date' ? 'date' : undefined;
    // zod 3's `z.number({ coerce: true })` coerces.
    if (!kind || hasCoerceOption(expression.arguments[0])) return undefined;
    return { kind, base: expression, library: 'zod' };
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee);
  if (!method || ZOD_WIDENING.has(method)) return undefined;
  return zodField(callee.object, context, depth + 1);
}

function hasCoerceOption(argument: TSESTree.CallExpressionArgument | undefined): boolean {
  return (
    argument?.type === AST_NODE_TYPES.ObjectExpression &&
    argument.properties.some((property) => property.type === AST_NODE_TYPES.Property && propertyKey(property) === 'coerce')
  );
}

/**
 * The zod factory a callee names: `number` in `z.number` or in a `number`
 * imported from zod. `z.coerce.number` names no factory: its receiver is
 * `z.coerce`, not the namespace.
 */
function zodFactoryName(callee: TSESTree.Expression, context: Context): string | undefined {
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const owner = unwrapExpression(callee.object);
    if (owner.type !== AST_NODE_TYPES.Identifier) return undefined;
    const binding = directImportOf(owner, context);
    if (!binding || !isPackage(binding.origin, ZOD_PACKAGES)) return undefined;
    // `import { z } from 'zod'`, `import * as z from 'zod'`, `import z from 'zod'`.
    return binding.imported === 'z' || binding.imported === '*' || binding.imported === 'default' ? memberName(callee) : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = directImportOf(callee, context);
  return binding && isPackage(binding.origin, ZOD_PACKAGES) && binding.imported !== 'z' ? binding.imported : undefined;
}

function valibotObjectFields(node: TSESTree.Expression, context: Context, depth: number): Fields | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(expression, context);
    return init ? valibotObjectFields(init, context, depth + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = valibotFunctionName(unwrapExpression(expression.callee), context);
  const [first] = expression.arguments;
  if (!name || !first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (name === 'pipe' || name === 'pipeAsync') return valibotObjectFields(first, context, depth + 1);
  if (!VALIBOT_OBJECTS.has(name) || first.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
  return shapeFields(first, (value) => valibotField(value, context, 0));
}

function valibotField(node: TSESTree.Expression, context: Context, depth: number): FieldJudgement | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = unwrapExpression(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const init = constInit(expression, context);
    return init ? valibotField(init, context, depth + 1) : undefined;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const name = valibotFunctionName(unwrapExpression(expression.callee), context);
  if (!name) return undefined;
  if (VALIBOT_WRAPPERS.has(name)) {
    const [inner] = expression.arguments;
    return inner && inner.type !== AST_NODE_TYPES.SpreadElement ? valibotField(inner, context, depth + 1) : undefined;
  }
  const kind = name === 'number' ? 'number' : name === 'boolean' ? 'boolean' : name === 'date' ? 'date' : undefined;
  return kind ? { kind, base: expression, library: 'valibot' } : undefined;
}

/** `object` in `v.object` (namespace import of valibot) or an `object` imported from valibot. */
export function valibotFunctionName(callee: TSESTree.Expression, context: Context): string | undefined {
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const owner = unwrapExpression(callee.object);
    if (owner.type !== AST_NODE_TYPES.Identifier) return undefined;
    const binding = directImportOf(owner, context);
    return binding && binding.imported === '*' && isPackage(binding.origin, ['valibot']) ? memberName(callee) : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.Identifier) return undefined;
  const binding = directImportOf(callee, context);
  return binding && binding.imported !== '*' && binding.imported !== 'default' && isPackage(binding.origin, ['valibot']) ? binding.imported : undefined;
}

export interface TypedField {
  readonly key: string;
  readonly kind: FieldKind;
}

/**
 * With types: the fields of a zod 4 or valibot schema whose input type is a
 * number, boolean or Date and nothing a form sends (no string, no `unknown`).
 * `z.coerce.number()`, `z.preprocess` and `v.pipe(v.unknown(), …)` take
 * `unknown`, `z.stringbool()` and `z.string().transform(Number)` a string.
 * Zod 3 types `z.coerce.number()` like `z.number()`, so zod 3 schemas are not
 * judged by type. Undefined when the expression is no such schema.
 */
export function typedNonCoercingFields(node: TSESTree.Expression, context: Context): readonly TypedField[] | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const tsNode = services.esTreeNodeToTSNodeMap.get(node);
  const schema = checker.getTypeAtLocation(tsNode);
  const input = schemaInputType(schema, checker, tsNode);
  if (!input || !(input.flags & ts.TypeFlags.Object)) return undefined;
  const fields: TypedField[] = [];
  for (const property of checker.getPropertiesOfType(input)) {
    const kind = kindOfType(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, tsNode)));
    if (kind) fields.push({ key: property.getName(), kind });
  }
  return fields;
}

/** zod 4: `schema._zod.input`; valibot: `schema['~types'].input`. */
function schemaInputType(schema: ts.Type, checker: ts.TypeChecker, at: ts.Node): ts.Type | undefined {
  const zod = schema.getProperty('_zod');
  if (zod) {
    const input = checker.getTypeOfSymbolAtLocation(zod, at).getProperty('input');
    return input && checker.getTypeOfSymbolAtLocation(input, at);
  }
  const types = schema.getProperty('~types');
  if (types && schema.getProperty('~standard')) {
    const input = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(types, at)).getProperty('input');
    return input && checker.getTypeOfSymbolAtLocation(input, at);
  }
  return undefined;
}

/** number / boolean / Date when every part of the type is one of them; undefined when any part could be a string. */
export function kindOfType(type: ts.Type): FieldKind | undefined {
  const parts = type.isUnion() ? type.types : [type];
  let kind: FieldKind | undefined;
  for (const part of parts) {
    const partKind =
      part.flags & ts.TypeFlags.NumberLike
        ? 'number'
        : part.flags & ts.TypeFlags.BooleanLike
          ? 'boolean'
          : part.getSymbol()?.getName() === 'Date'
            ? 'date'
            : undefined;
    if (!partKind) return undefined;
    kind ??= partKind;
  }
  return kind;
}

/**
 * Whether the zod a file imports has `z.stringbool()` (zod 4): by the
 * namespace's type, by the `zod/v4` path, or by the zod package installed
 * next to the file. False when unknown.
 */
export function zodHasStringbool(namespace: TSESTree.Identifier, context: Context): boolean {
  const binding = directImportOf(namespace, context);
  if (!binding || !('packageName' in binding.origin)) return false;
  const specifier = binding.origin.packageName;
  if (specifier.startsWith('zod/v4') || specifier === 'zod/mini') return true;
  if (specifier !== 'zod') return false;
  const services = getTypeServices(context);
  if (services) {
    const type = services.program.getTypeChecker().getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(namespace));
    if (!(type.flags & ts.TypeFlags.Any)) return type.getProperty('stringbool') !== undefined;
  }
  return installedZodMajor(path.dirname(path.resolve(context.cwd, context.filename))) >= 4;
}

const zodMajorByDirectory = new Map<string, number>();

function installedZodMajor(directory: string): number {
  let major = zodMajorByDirectory.get(directory);
  if (major === undefined) {
    major = 0;
    try {
      const manifest = createRequire(path.join(directory, 'noop.js'))('zod/package.json') as { version?: unknown };
      major = typeof manifest.version === 'string' ? Number.parseInt(manifest.version, 10) || 0 : 0;
    } catch {
      // No zod installed where the file lives (a checkout without node_modules).
    }
    zodMajorByDirectory.set(directory, major);
  }
  return major;
}

// ---------------------------------------------------------------------------
// Bindings

type Binding =
  | { readonly kind: 'value'; readonly init: TSESTree.Expression }
  | { readonly kind: 'property'; readonly init: TSESTree.Expression; readonly key: string }
  | { readonly kind: 'element'; readonly init: TSESTree.Expression; readonly index: number }
  | { readonly kind: 'parameter'; readonly annotation: TSESTree.TypeNode | undefined };

/**
 * What a local name is bound to, when it is bound once: a `const` (or a `let`
 * never assigned again), a property or element destructured from an
 * initialiser, or a parameter with its type annotation.
 */
function bindingOf(identifier: TSESTree.Identifier, context: Context): Binding | undefined {
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  return variable ? bindingOfVariable(variable) : undefined;
}

function bindingOfVariable(variable: TSESLint.Scope.Variable): Binding | undefined {
  const definition = variable.defs[0];
  if (!definition || variable.defs.length > 1) return undefined;
  if (definition.type === 'Parameter') {
    const name = definition.name as TSESTree.Identifier;
    return { kind: 'parameter', annotation: name.typeAnnotation?.typeAnnotation };
  }
  if (definition.type !== 'Variable') return undefined;
  const declarator = definition.node;
  if (!declarator.init) return undefined;
  if (declarator.parent.kind !== 'const' && variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return undefined;
  if (declarator.id.type === AST_NODE_TYPES.Identifier) return { kind: 'value', init: declarator.init };
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    const property = declarator.id.properties.find(
      (candidate): candidate is TSESTree.Property => candidate.type === AST_NODE_TYPES.Property && patternTarget(candidate.value) === definition.name,
    );
    const key = property && propertyKey(property);
    return key === undefined ? undefined : { kind: 'property', init: declarator.init, key };
  }
  if (declarator.id.type === AST_NODE_TYPES.ArrayPattern) {
    const index = declarator.id.elements.findIndex((element) => element !== null && patternTarget(element) === definition.name);
    return index === -1 ? undefined : { kind: 'element', init: declarator.init, index };
  }
  return undefined;
}

function patternTarget(node: TSESTree.Node): TSESTree.Node {
  return node.type === AST_NODE_TYPES.AssignmentPattern ? node.left : node;
}

/** The initialiser of a `const` declared in this file. */
function constInit(identifier: TSESTree.Identifier, context: Context): TSESTree.Expression | undefined {
  const binding = bindingOf(identifier, context);
  return binding?.kind === 'value' ? binding.init : undefined;
}

function annotatedTypeName(annotation: TSESTree.TypeNode | undefined): string | undefined {
  if (annotation?.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  return annotation.typeName.type === AST_NODE_TYPES.Identifier ? annotation.typeName.name : undefined;
}

function skipAwait(node: TSESTree.Expression): TSESTree.Expression {
  let current = unwrapExpression(node);
  while (current.type === AST_NODE_TYPES.AwaitExpression || current.type === AST_NODE_TYPES.ChainExpression) {
    current = unwrapExpression(current.type === AST_NODE_TYPES.AwaitExpression ? current.argument : current.expression);
  }
  return current;
}

/**
 * The import that binds a name directly (`import { z } from 'zod'`, `const v = require('valibot')`);
 * unlike `importBindingOf`, a value built from an import (`const schema = z.object(…)`) has none.
 */
function directImportOf(identifier: TSESTree.Identifier, context: Context): ImportBinding | undefined {
  const definition = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier)?.defs[0];
  if (!definition) return undefined;
  if (definition.type !== 'ImportBinding') {
    if (definition.type !== 'Variable' || !definition.node.init || requiredSpecifier(definition.node.init) === undefined) return undefined;
  }
  return importBindingOf(identifier, context);
}

function importedFrom(identifier: TSESTree.Identifier, context: Context, packages: readonly string[]): boolean {
  const binding = directImportOf(identifier, context);
  return binding !== undefined && isPackage(binding.origin, packages);
}

function isPackage(origin: { packageName: string } | { modulePath: string }, packages: readonly string[]): boolean {
  return 'packageName' in origin && packages.includes(origin.packageName);
}

