import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { dbQueryOf, type DbQuery } from '../knowledge/db.js';
import {
  describeFormSource,
  formRecordOf,
  formValueOf,
  kindOfType,
  objectSchemaOf,
  typedNonCoercingFields,
  valibotFunctionName,
  zodHasStringbool,
  type FieldKind,
  type FormRecord,
  type SchemaField,
} from '../knowledge/form-data.js';
import { calleeName, getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import { oneLineSnippet } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageIds =
  | 'castFormValue'
  | 'castFormRecord'
  | 'unguardedConversion'
  | 'nonCoercingField'
  | 'nonCoercingSchema'
  | 'suggestCoerce'
  | 'suggestStringbool';

type Context = Readonly<TSESLint.RuleContext<MessageIds, []>>;

export default createRule<[], MessageIds>({
  name: 'no-uncoerced-form-value',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow using form and query-string values as numbers, booleans or dates without converting them',
      recommended: 'recommended',
      domains: ['web'],
      seed: '000 P10',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      castFormValue:
        '`{{value}}` is {{source}}: a string (or null when the field is missing), never a {{type}}. `as {{type}}` only silences the type checker, and the string ("20", "on") travels on as if it were one. {{fix}}',
      castFormRecord:
        '`{{value}}` holds the strings the form sent, but `as {{type}}` types {{fields}}: the cast only silences the type checker, and the strings ("20", "on") travel on as if they were converted. Convert those fields, or parse the record with a schema that coerces (`z.coerce.number()`, `z.stringbool()`).',
      unguardedConversion:
        '`{{conversion}}` turns {{source}} that is not a number ("", "abc", "12px") into NaN, and `{{write}}` writes it with no NaN check. Reject it first (`if (!Number.isFinite(value))` → 400, or `Number.isInteger`), or parse it with `z.coerce.number().int()`.',
      nonCoercingField:
        '`{{field}}: {{definition}}` does not coerce, but `{{call}}` (line {{line}}) parses {{source}} with this schema: form values are strings, so valid input ("20", "on") fails as "expected {{kind}}". {{fix}}',
      nonCoercingSchema:
        '`{{call}}` parses {{source}} with `{{schema}}`, whose {{fields}} do not coerce: form values are strings, so valid input fails validation. Coerce them in the schema (`z.coerce.number()`, `z.coerce.date()`, `z.stringbool()`).',
      suggestCoerce: 'Coerce the string: `{{replacement}}`.',
      suggestStringbool:
        'Parse the string with `{{replacement}}` ("true"/"on"/"1" → true, "false"/"off"/"0" → false; an unchecked checkbox sends nothing, so it needs `.optional()` or a default).',
    },
  },
  defaultOptions: [],
  create(context) {
    const reportedFields = new Set<TSESTree.Node>();

    function checkCast(node: TSESTree.TSAsExpression | TSESTree.TSTypeAssertion): void {
      // `x as unknown as number`: judge the outermost assertion, which names the pretended type.
      if (isTypeWrapper(node.parent)) return;
      const operand = unwrapExpression(node.expression);
      const type = node.typeAnnotation;
      // Keywords first; a named type (`as Count`) costs a type query, so only for a form value.
      const written = syntacticFamily(type);
      if (written || type.type === AST_NODE_TYPES.TSTypeReference) {
        const value = formValueOf(operand, context);
        const family = value && (written ?? typedFamily(type, context));
        if (value && family) {
          context.report({
            node,
            messageId: 'castFormValue',
            data: {
              value: snippet(operand, context),
              source: describeFormSource(value.source),
              type: oneLineSnippet(context.sourceCode.getText(type)),
              fix: CAST_FIXES[family],
            },
          });
          return;
        }
        if (written) return;
      }
      if (!mayDeclareFields(type)) return;
      const record = formRecordOf(operand, context);
      if (!record) return;
      const fields = pretendedFieldsOf(type, context).filter((field) => record.isRaw(field.key));
      if (fields.length === 0) return;
      context.report({
        node,
        messageId: 'castFormRecord',
        data: {
          value: snippet(operand, context),
          type: oneLineSnippet(context.sourceCode.getText(type)),
          fields: fields.map((field) => `\`${field.key}\` as ${field.label}`).join(', '),
        },
      });
    }

    function checkConversion(node: TSESTree.CallExpression | TSESTree.UnaryExpression, operand: TSESTree.Expression): void {
      const value = formValueOf(operand, context);
      if (!value || isValidatedBeforeConversion(operand, context)) return;
      const fed = writeFedBy(node, context, 0);
      if (!fed || fed === GUARDED) return;
      context.report({
        node,
        messageId: 'unguardedConversion',
        data: { conversion: snippet(node, context), source: describeFormSource(value.source), write: fed.label },
      });
    }

    function checkSchemaParse(node: TSESTree.CallExpression): void {
      const parse = schemaParseOf(node, context);
      if (!parse) return;
      const record = formRecordOf(parse.input, context);
      if (!record) return;
      const schema = objectSchemaOf(parse.schema, context);
      if (schema) {
        for (const field of schema.nonCoercing) {
          if (record.isRaw(field.key)) reportField(field, node, record);
        }
        return;
      }
      const typed = typedNonCoercingFields(parse.schema, context)?.filter((field) => record.isRaw(field.key));
      if (!typed?.length) return;
      context.report({
        node,
        messageId: 'nonCoercingSchema',
        data: {
          call: snippet(node.callee, context),
          source: describeRecord(record),
          schema: snippet(parse.schema, context),
          fields: typed.map((field) => `\`${field.key}\` (${field.kind})`).join(', '),
        },
      });
    }

    function reportField(field: SchemaField, call: TSESTree.CallExpression, record: FormRecord): void {
      if (reportedFields.has(field.base)) return;
      reportedFields.add(field.base);
      const suggestion = fieldSuggestion(field, context);
      context.report({
        node: field.base,
        messageId: 'nonCoercingField',
        data: {
          field: field.key,
          definition: snippet(field.base, context),
          call: snippet(call.callee, context),
          line: call.loc.start.line,
          source: describeRecord(record),
          kind: field.kind,
          fix: FIELD_FIXES[field.library][field.kind],
        },
        ...(suggestion ? { suggest: [suggestion] } : {}),
      });
    }

    return {
      TSAsExpression: checkCast,
      TSTypeAssertion: checkCast,
      CallExpression(node) {
        const operand = conversionOperand(node, context);
        if (operand) checkConversion(node, operand);
        else checkSchemaParse(node);
      },
      UnaryExpression(node) {
        if (node.operator === '+') checkConversion(node, node.argument);
      },
    };
  },
});

// ---------------------------------------------------------------------------
// Casts: `form.get('qty') as unknown as number`

type Family = 'number' | 'boolean' | 'Date' | 'bigint';

const CAST_FIXES: Readonly<Record<Family, string>> = {
  number: 'Convert it with `Number(…)` and reject NaN (`Number.isFinite`), or parse the form with `z.coerce.number()`.',
  boolean: 'Compare it instead: a checkbox sends "on" when checked and nothing when not (`form.get(name) === "on"`).',
  Date: 'Construct it (`new Date(value)`) and reject an invalid date, or parse the form with `z.coerce.date()`.',
  bigint: 'Convert it with `BigInt(…)` inside a try, or parse the form with `z.coerce.bigint()`.',
};

function isTypeWrapper(node: TSESTree.Node | undefined): boolean {
  return (
    node?.type === AST_NODE_TYPES.TSAsExpression ||
    node?.type === AST_NODE_TYPES.TSTypeAssertion ||
    node?.type === AST_NODE_TYPES.TSNonNullExpression ||
    node?.type === AST_NODE_TYPES.TSSatisfiesExpression
  );
}

/** The non-string type an assertion claims as written: `number`, `boolean`, `Date`, `bigint`, their literals, arrays and nullable unions. */
function syntacticFamily(typeNode: TSESTree.TypeNode): Family | undefined {
  switch (typeNode.type) {
    case AST_NODE_TYPES.TSNumberKeyword:
      return 'number';
    case AST_NODE_TYPES.TSBooleanKeyword:
      return 'boolean';
    case AST_NODE_TYPES.TSBigIntKeyword:
      return 'bigint';
    case AST_NODE_TYPES.TSLiteralType: {
      const literal = typeNode.literal;
      if (literal.type !== AST_NODE_TYPES.Literal) return undefined;
      return typeof literal.value === 'number' ? 'number' : typeof literal.value === 'boolean' ? 'boolean' : undefined;
    }
    case AST_NODE_TYPES.TSTypeReference:
      return typeNode.typeName.type === AST_NODE_TYPES.Identifier && typeNode.typeName.name === 'Date' && !typeNode.typeArguments ? 'Date' : undefined;
    case AST_NODE_TYPES.TSArrayType:
      return syntacticFamily(typeNode.elementType);
    case AST_NODE_TYPES.TSUnionType: {
      const parts = typeNode.types.filter(
        (part) => part.type !== AST_NODE_TYPES.TSNullKeyword && part.type !== AST_NODE_TYPES.TSUndefinedKeyword,
      );
      const families = parts.map(syntacticFamily);
      return families.length > 0 && families.every((family) => family !== undefined) ? families[0] : undefined;
    }
    default:
      return undefined;
  }
}

/** With types, an alias such as `type Count = number` or a numeric enum. */
function typedFamily(typeNode: TSESTree.TypeNode, context: Context): Family | undefined {
  if (typeNode.type !== AST_NODE_TYPES.TSTypeReference) return undefined;
  const services = getTypeServices(context);
  if (!services) return undefined;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeFromTypeNode(services.esTreeNodeToTSNodeMap.get(typeNode) as ts.TypeNode);
  if (type.flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) return undefined;
  return familyOfKind(kindOfType(checker.getNonNullableType(type)));
}

function familyOfKind(kind: FieldKind | undefined): Family | undefined {
  return kind === 'date' ? 'Date' : kind;
}

/** A type that may name object fields: a literal `{ … }`, a named type, an intersection. */
function mayDeclareFields(typeNode: TSESTree.TypeNode): boolean {
  return (
    typeNode.type === AST_NODE_TYPES.TSTypeLiteral ||
    typeNode.type === AST_NODE_TYPES.TSTypeReference ||
    typeNode.type === AST_NODE_TYPES.TSIntersectionType
  );
}

interface PretendedField {
  readonly key: string;
  readonly label: string;
}

/** The fields a record type declares as number, boolean, Date or bigint. */
function pretendedFieldsOf(typeNode: TSESTree.TypeNode, context: Context): PretendedField[] {
  const services = getTypeServices(context);
  if (services) {
    const checker = services.program.getTypeChecker();
    const tsNode = services.esTreeNodeToTSNodeMap.get(typeNode) as ts.TypeNode;
    const type = checker.getTypeFromTypeNode(tsNode);
    if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) return [];
    return checker.getPropertiesOfType(type).flatMap((property) => {
      const family = familyOfKind(kindOfType(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, tsNode))));
      return family ? [{ key: property.getName(), label: family }] : [];
    });
  }
  if (typeNode.type !== AST_NODE_TYPES.TSTypeLiteral) return [];
  return typeNode.members.flatMap((member) => {
    if (member.type !== AST_NODE_TYPES.TSPropertySignature || member.computed || !member.typeAnnotation) return [];
    const key = member.key.type === AST_NODE_TYPES.Identifier ? member.key.name : member.key.type === AST_NODE_TYPES.Literal ? String(member.key.value) : undefined;
    const family = syntacticFamily(member.typeAnnotation.typeAnnotation);
    return key !== undefined && family ? [{ key, label: family }] : [];
  });
}

// ---------------------------------------------------------------------------
// Conversions: `Number(form.get('qty'))` written with no NaN check

const GUARDED = 'guarded';
type Fed = DbQuery | typeof GUARDED | undefined;

/** The value `Number(x)`, `parseInt(x)`, `parseFloat(x)`, `Number.parseInt(x)` converts. */
function conversionOperand(node: TSESTree.CallExpression, context: Context): TSESTree.Expression | undefined {
  const callee = unwrapExpression(node.callee);
  const [argument] = node.arguments;
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    if (callee.name !== 'Number' && callee.name !== 'parseInt' && callee.name !== 'parseFloat') return undefined;
    const variable = ASTUtils.findVariable(context.sourceCode.getScope(callee), callee);
    return !variable || variable.defs.length === 0 ? argument : undefined;
  }
  if (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === 'Number' &&
    (memberName(callee) === 'parseInt' || memberName(callee) === 'parseFloat')
  ) {
    return argument;
  }
  return undefined;
}

/** Calls that check a number (or validate a value): `Number.isNaN`, `isFinite`, `Number.isInteger`, `schema.parse`, `assertX`. */
const CHECK_CALLS = /^(?:isNaN|isFinite|isInteger|isSafeInteger|is[A-Z]\w*|assert\w*|validate\w*|check\w*|parse|safeParse|parseAsync|safeParseAsync)$/;

/**
 * The database write a converted value reaches, following it through object
 * and array literals, `await`, `cond ? a : b` and local variables (a few
 * steps deep); `GUARDED` when a NaN check (or any test of the value) sits on
 * the way, undefined when it goes elsewhere.
 */
function writeFedBy(node: TSESTree.Node, context: Context, depth: number): Fed {
  let current = node;
  for (let step = 0; step < 30; step++) {
    const parent: TSESTree.Node | undefined = current.parent;
    if (!parent) return undefined;
    switch (parent.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.ChainExpression:
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
        current = parent;
        continue;
      case AST_NODE_TYPES.Property:
        if (parent.value !== current) return undefined;
        current = parent.parent;
        continue;
      case AST_NODE_TYPES.ConditionalExpression:
        if (parent.test === current) return GUARDED;
        current = parent;
        continue;
      case AST_NODE_TYPES.LogicalExpression:
        // `Number(x) || 1`: NaN is falsy, so the fallback replaces it.
        if (parent.left === current && parent.operator !== '??') return GUARDED;
        current = parent;
        continue;
      case AST_NODE_TYPES.IfStatement:
      case AST_NODE_TYPES.WhileStatement:
      case AST_NODE_TYPES.DoWhileStatement:
        return parent.test === current ? GUARDED : undefined;
      case AST_NODE_TYPES.UnaryExpression:
        return parent.operator === '!' ? GUARDED : undefined;
      case AST_NODE_TYPES.BinaryExpression:
        // A comparison (`qty < 1`, `qty !== qty`) tests the value; arithmetic is not followed.
        return COMPARISONS.has(parent.operator) ? GUARDED : undefined;
      case AST_NODE_TYPES.CallExpression:
        if (parent.callee === current) return undefined;
        if (CHECK_CALLS.test(calleeName(parent.callee) ?? '')) return GUARDED;
        return writeOfCall(parent, context);
      case AST_NODE_TYPES.VariableDeclarator:
        return parent.init === current && parent.id.type === AST_NODE_TYPES.Identifier ? viaVariable(parent, context, depth) : undefined;
      case AST_NODE_TYPES.AssignmentExpression: {
        if (parent.right !== current || parent.left.type !== AST_NODE_TYPES.MemberExpression) return undefined;
        // `data.qty = Number(x)`: follow the object.
        const object = unwrapExpression(parent.left.object);
        return object.type === AST_NODE_TYPES.Identifier ? viaIdentifier(object, parent, context, depth) : undefined;
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

const COMPARISONS = new Set(['<', '<=', '>', '>=', '===', '!==', '==', '!=']);

function viaVariable(declarator: TSESTree.VariableDeclarator, context: Context, depth: number): Fed {
  return declarator.id.type === AST_NODE_TYPES.Identifier ? viaIdentifier(declarator.id, declarator, context, depth) : undefined;
}

/** Follows every read of a variable; a check anywhere guards the value. */
function viaIdentifier(identifier: TSESTree.Identifier, from: TSESTree.Node, context: Context, depth: number): Fed {
  if (depth >= 3) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
  if (!variable) return undefined;
  let write: DbQuery | undefined;
  for (const reference of variable.references) {
    const read = reference.identifier;
    if (!reference.isRead() || (read.range[0] >= from.range[0] && read.range[1] <= from.range[1])) continue;
    const parent = read.parent;
    // `data.qty` read: a test of it guards; any other use is not followed.
    const fed =
      parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === read
        ? isTestPosition(parent)
          ? GUARDED
          : undefined
        : writeFedBy(read, context, depth + 1);
    if (fed === GUARDED) return GUARDED;
    write ??= fed;
  }
  return write;
}

/** `Number.isNaN(data.qty)`, `if (!data.qty)`, `data.qty > 0`: a test of the value. */
function isTestPosition(node: TSESTree.Node): boolean {
  let current = node;
  while (current.parent && (isTypeWrapper(current.parent) || current.parent.type === AST_NODE_TYPES.ChainExpression)) current = current.parent;
  const parent = current.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test === current;
    case AST_NODE_TYPES.UnaryExpression:
      return parent.operator === '!';
    case AST_NODE_TYPES.LogicalExpression:
      return parent.left === current && parent.operator !== '??';
    case AST_NODE_TYPES.BinaryExpression:
      return COMPARISONS.has(parent.operator);
    case AST_NODE_TYPES.CallExpression:
      return parent.callee !== current && CHECK_CALLS.test(calleeName(parent.callee) ?? '');
    default:
      return false;
  }
}

/** The database write a call (or a builder chain continued after it) runs: `db.insert(t).values(row).returning()`. */
function writeOfCall(call: TSESTree.CallExpression, context: Context): DbQuery | undefined {
  let current: TSESTree.CallExpression = call;
  for (let step = 0; step < 6; step++) {
    const query = dbQueryOf(current, context);
    if (query?.operation === 'write') return query;
    const member = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current) return undefined;
    const next = member.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression || next.callee !== member) return undefined;
    current = next;
  }
  return undefined;
}

/** `raw` checked before it is converted: `/^\d+$/.test(raw)`, `validator.isInt(raw)`, `raw.match(/…/)`. */
function isValidatedBeforeConversion(operand: TSESTree.Expression, context: Context): boolean {
  const inner = unwrapExpression(operand);
  if (inner.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(inner), inner);
  return (
    variable?.references.some((reference) => {
      const read = reference.identifier;
      const parent = read.parent;
      if (parent?.type === AST_NODE_TYPES.CallExpression && parent.arguments.includes(read as TSESTree.Expression)) {
        return /^(?:test|isNaN|is[A-Z]\w*|validate\w*|check\w*|assert\w*)$/.test(calleeName(parent.callee) ?? '');
      }
      return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === read && /^(?:match|test)$/.test(memberName(parent) ?? '');
    }) ?? false
  );
}

// ---------------------------------------------------------------------------
// Schemas: `Schema.safeParse(Object.fromEntries(form))` with `z.number()` fields

const ZOD_PARSE = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync', 'spa']);
const VALIBOT_PARSE = new Set(['parse', 'safeParse', 'parseAsync', 'safeParseAsync']);

interface SchemaParse {
  readonly schema: TSESTree.Expression;
  readonly input: TSESTree.Expression;
}

/** `schema.safeParse(input)` (zod) or `v.parse(schema, input)` (valibot). */
function schemaParseOf(node: TSESTree.CallExpression, context: Context): SchemaParse | undefined {
  const callee = unwrapExpression(node.callee);
  const member = calleeName(callee) ?? '';
  if (!ZOD_PARSE.has(member)) return undefined;
  const [first, second] = node.arguments;
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return undefined;
  // valibot first: `v.parse(schema, input)` is a member call too.
  const valibot = valibotFunctionName(callee, context);
  if (valibot) {
    return VALIBOT_PARSE.has(valibot) && second && second.type !== AST_NODE_TYPES.SpreadElement ? { schema: first, input: second } : undefined;
  }
  if (callee.type !== AST_NODE_TYPES.MemberExpression || isJsonGlobal(callee.object)) return undefined;
  return { schema: callee.object, input: first };
}

function isJsonGlobal(node: TSESTree.Expression): boolean {
  return node.type === AST_NODE_TYPES.Identifier && (node.name === 'JSON' || node.name === 'Date' || node.name === 'Number');
}

const FIELD_FIXES: Readonly<Record<'zod' | 'valibot', Readonly<Record<FieldKind, string>>>> = {
  zod: {
    number: 'Use `z.coerce.number()` (an empty field becomes 0: bound it with `.min()` or map "" to undefined in a `z.preprocess`).',
    date: 'Use `z.coerce.date()`.',
    boolean:
      'Use `z.stringbool()` (zod 4) or `z.preprocess((value) => value === "on" || value === "true", z.boolean())`; not `z.coerce.boolean()`, which turns "false" into true.',
  },
  valibot: {
    number: 'Use `v.pipe(v.string(), v.toNumber())`.',
    date: 'Use `v.pipe(v.string(), v.toDate())`.',
    boolean: 'Map the checkbox string yourself: `v.pipe(v.optional(v.string()), v.transform((value) => value === "on"))`.',
  },
};

function describeRecord(record: FormRecord): string {
  switch (record.source) {
    case 'FormData':
      return 'form data';
    case 'URLSearchParams':
      return 'URL query parameters';
    case 'urlencoded body':
      return 'an urlencoded request body';
    case 'form body':
      return 'a parsed form body';
  }
}

/**
 * `z.number()` → `z.coerce.number()`, `z.int()` → `z.coerce.number().int()`,
 * `z.date()` → `z.coerce.date()`, and with zod 4 `z.boolean()` →
 * `z.stringbool()`; never `z.coerce.boolean()`, which reads "false" as true.
 */
function fieldSuggestion(field: SchemaField, context: Context): TSESLint.SuggestionReportDescriptor<MessageIds> | undefined {
  if (field.library !== 'zod') return undefined;
  const callee = unwrapExpression(field.base.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression || callee.object.type !== AST_NODE_TYPES.Identifier) return undefined;
  const namespace = callee.object;
  const factory = memberName(callee);
  const replacementCallee =
    factory === 'number'
      ? `${namespace.name}.coerce.number`
      : factory === 'int'
        ? `${namespace.name}.coerce.number().int`
        : factory === 'date'
          ? `${namespace.name}.coerce.date`
          : factory === 'boolean' && zodHasStringbool(namespace, context)
            ? `${namespace.name}.stringbool`
            : undefined;
  if (!replacementCallee) return undefined;
  const replacement = `${replacementCallee}${context.sourceCode.getText().slice(callee.range[1], field.base.range[1])}`;
  return {
    messageId: factory === 'boolean' ? 'suggestStringbool' : 'suggestCoerce',
    data: { replacement: oneLineSnippet(replacement) },
    fix: (fixer) => fixer.replaceText(callee, replacementCallee),
  };
}

function snippet(node: TSESTree.Node, context: Context): string {
  return oneLineSnippet(context.sourceCode.getText(node));
}
