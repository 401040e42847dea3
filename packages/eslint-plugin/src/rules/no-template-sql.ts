import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { splicedValuesOf, type Splice, type SpliceKind } from '../knowledge/sql-splices.js';
import { describeSink, isParameterlessStatement, sqlSinkOf, visibleSqlText, type SqlSink } from '../knowledge/sql.js';
import { createRule } from '../util/create-rule.js';

type MessageId = 'interpolatedValue' | 'concatenatedValue' | 'joinedValues' | 'formattedValue' | 'useParameters';
type Context = Readonly<TSESLint.RuleContext<MessageId, []>>;

const ADVICE = 'Bind values as parameters; splice only identifiers from a hard-coded allowlist.';

const MESSAGE_OF: Record<SpliceKind, Exclude<MessageId, 'useParameters'>> = {
  interpolated: 'interpolatedValue',
  concatenated: 'concatenatedValue',
  joined: 'joinedValues',
  formatted: 'formattedValue',
};

export default createRule<[], MessageId>({
  name: 'no-template-sql',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow splicing values into SQL text passed to a raw-SQL call',
      recommended: 'recommended',
      domains: ['data', 'security'],
      seed: '001 P5, 002 P3',
    },
    hasSuggestions: true,
    schema: [],
    messages: {
      interpolatedValue: `\`\${{{value}}}\` is spliced into the SQL passed to {{sink}} (built at line {{line}}). ${ADVICE}`,
      concatenatedValue: `\`{{value}}\` is concatenated into the SQL passed to {{sink}} (built at line {{line}}). ${ADVICE}`,
      joinedValues: `\`{{value}}\` is joined into the SQL passed to {{sink}} (built at line {{line}}). Bind each element as a parameter, or join only constant fragments.`,
      formattedValue:
        '`{{value}}` is formatted into the SQL passed to {{sink}} with pg-format `%s`, which does not escape it (line {{line}}). Use `%L` for a value or `%I` for an identifier.',
      useParameters: 'Bind {{values}} as query parameters instead of splicing them into the SQL.',
    },
  },
  create(context) {
    return {
      CallExpression(call) {
        const sink = sqlSinkOf(call, context);
        if (!sink || isParameterlessStatement(visibleSqlText(sink.sqlArgument, context))) return;
        const splices = splicedValuesOf(sink.sqlArgument, context);
        const [first] = splices;
        if (!first) return;
        const suggestion = placeholderSuggestion(call, sink, splices, context);
        context.report({
          node: call,
          messageId: MESSAGE_OF[first.kind],
          data: { value: shortText(first.value, context), sink: describeSink(call, sink, context), line: first.value.loc.start.line },
          ...(suggestion ? { suggest: [suggestion] } : {}),
        });
      },
    };
  },
});

function shortText(node: TSESTree.Node, context: Context): string {
  const text = context.sourceCode.getText(node).replace(/\s+/g, ' ');
  return text.length <= 40 ? text : `${text.slice(0, 39)}…`;
}

// ---------------------------------------------------------------------------
// Suggestion: placeholders plus a values array, for the simple pg/mysql2 case.

/**
 * `pool.query(\`… WHERE id = ${id}\`)` → `pool.query(\`… WHERE id = $1\`, [id])`.
 * Offered only when the rewrite cannot change what the statement means: a
 * pg/mysql2 `query`/`execute` with no values argument yet, a template written
 * in the call (or in a local const used only there) with no placeholders of
 * its own, every spliced value a plain name or property read sitting where
 * SQL expects a value (after `=`, `<`, `LIKE`, `LIMIT`, inside `IN (…)` or
 * `VALUES (…)`, or quoted as `'${name}'`). Identifiers (`ORDER BY ${col}`)
 * cannot be parameters, so those are left to the author.
 */
function placeholderSuggestion(
  call: TSESTree.CallExpression,
  sink: SqlSink,
  splices: readonly Splice[],
  context: Context,
): TSESLint.SuggestionReportDescriptor<MessageId> | undefined {
  if (sink.library !== 'pg' && sink.library !== 'mysql2') return undefined;
  if (sink.member !== 'query' && sink.member !== 'execute') return undefined;
  const [argument] = call.arguments;
  if (call.arguments.length !== 1 || argument !== sink.sqlArgument) return undefined;
  const template = singleUseTemplate(argument, context);
  if (!template) return undefined;
  const spliced = new Set<TSESTree.Node>(splices.map((splice) => splice.value));
  const ownInterpolations = splices.every(
    (splice) => splice.kind === 'interpolated' && splice.site === template && isPlainRead(splice.value),
  );
  if (!ownInterpolations) return undefined;
  const rewritten = withPlaceholders(template, spliced, sink.library === 'pg' ? 'numbered' : 'question', context);
  if (!rewritten) return undefined;
  const values = rewritten.values.join(', ');
  return {
    messageId: 'useParameters',
    data: { values },
    fix: (fixer) => [fixer.replaceText(template, rewritten.text), fixer.insertTextAfter(argument, `, [${values}]`)],
  };
}

/** The template passed to the call: written in place, or a local `const` read only there. */
function singleUseTemplate(argument: TSESTree.Node, context: Context): TSESTree.TemplateLiteral | undefined {
  if (argument.type === AST_NODE_TYPES.TemplateLiteral) return argument;
  if (argument.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(argument), argument);
  const definition = variable?.defs[0];
  if (!variable || definition?.type !== 'Variable' || definition.parent.kind !== 'const') return undefined;
  const init = definition.node.init;
  if (definition.node.id.type !== AST_NODE_TYPES.Identifier || init?.type !== AST_NODE_TYPES.TemplateLiteral) return undefined;
  const reads = variable.references.filter((reference) => reference.isRead());
  return reads.length === 1 && reads[0]?.identifier === argument ? init : undefined;
}

function isPlainRead(node: TSESTree.Node): boolean {
  if (node.type === AST_NODE_TYPES.Identifier) return true;
  if (node.type !== AST_NODE_TYPES.MemberExpression || node.optional) return false;
  if (node.computed && node.property.type !== AST_NODE_TYPES.Literal) return false;
  return node.object.type === AST_NODE_TYPES.ThisExpression || isPlainRead(node.object);
}

const VALUE_POSITION = /(?:=|<>|!=|<|>|\blike|\bilike|\blimit|\boffset|\bbetween|\bthen|\belse)\s*$/i;

function withPlaceholders(
  template: TSESTree.TemplateLiteral,
  spliced: ReadonlySet<TSESTree.Node>,
  style: 'numbered' | 'question',
  context: Context,
): { text: string; values: string[] } | undefined {
  const raws = template.quasis.map((quasi) => quasi.value.raw);
  const ownPlaceholder = style === 'numbered' ? /\$\d|\$$/ : /\?/;
  if (raws.some((raw) => ownPlaceholder.test(raw))) return undefined;
  const values: string[] = [];
  const numbers = new Map<string, number>();
  let text = '';
  /** The SQL so far, with every interpolation as `x`: to tell whether a value sits inside quotes. */
  let sql = '';
  let dropLeadingQuote = false;
  for (const [index, quasi] of raws.entries()) {
    let raw = dropLeadingQuote ? quasi.slice(1) : quasi;
    dropLeadingQuote = false;
    const expression = template.expressions[index];
    if (!expression) {
      text += raw;
      break;
    }
    if (!spliced.has(expression)) {
      text += `${raw}\${${context.sourceCode.getText(expression)}}`;
      sql += `${raw}x`;
      continue;
    }
    const quoted = raw.endsWith("'") && (raws[index + 1] ?? '').startsWith("'") && isInsideQuotes(sql + raw);
    if (quoted) {
      raw = raw.slice(0, -1);
      dropLeadingQuote = true;
    } else if (isInsideQuotes(sql + raw) || !isValuePosition(sql + raw)) {
      // `'%${term}%'` or `ORDER BY ${column}`: a placeholder would change the statement.
      return undefined;
    }
    const source = context.sourceCode.getText(expression);
    let placeholder = '?';
    if (style === 'numbered') {
      let number = numbers.get(source);
      if (number === undefined) {
        values.push(source);
        number = values.length;
        numbers.set(source, number);
      }
      placeholder = `$${number}`;
    } else {
      values.push(source);
    }
    text += raw + placeholder;
    sql += `${raw}x`;
  }
  return { text: `\`${text}\``, values };
}

function isInsideQuotes(sql: string): boolean {
  return (sql.match(/'/g)?.length ?? 0) % 2 === 1;
}

/** After a comparison or `LIMIT`, or as an item of `IN (…)` / `VALUES (…)`. */
function isValuePosition(sql: string): boolean {
  if (VALUE_POSITION.test(sql)) return true;
  if (!/[(,]\s*$/.test(sql)) return false;
  let depth = 0;
  for (let index = sql.length - 1; index >= 0; index--) {
    const character = sql[index];
    if (character === ')') depth++;
    if (character !== '(') continue;
    if (depth === 0) return /\b(?:in|values)\s*$/i.test(sql.slice(0, index));
    depth--;
  }
  return false;
}
