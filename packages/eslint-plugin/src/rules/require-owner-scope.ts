import { AST_NODE_TYPES, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import ts from 'typescript';
import { enclosingRequestHandler } from '../knowledge/handlers.js';
import { getTypeServices, memberName, unwrapExpression } from '../knowledge/origin.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy } from '../util/files.js';

type MessageId = 'unscoped' | 'unscopedById';
type Options = [{ ownerFields?: string[]; ignore?: string[] }];
type Context = Readonly<TSESLint.RuleContext<MessageId, Options>>;

const DEFAULT_OWNER_FIELDS = ['userId', 'ownerId', 'tenantId', 'orgId', 'accountId'];

/** Prisma delegate operations that read, change or delete existing rows (aggregates and creates are left out). */
const PRISMA_OPERATIONS = new Set([
  'findMany',
  'findFirst',
  'findFirstOrThrow',
  'findUnique',
  'findUniqueOrThrow',
  'update',
  'updateMany',
  'upsert',
  'delete',
  'deleteMany',
]);
/** Members only a Prisma model delegate has together. */
const PRISMA_DELEGATE_MEMBERS = ['findMany', 'findFirst', 'findUnique', 'updateMany', 'deleteMany'];

/** TypeORM Repository operations, by where their criteria sit. */
const TYPEORM_OPTIONS_OPERATIONS = new Set(['find', 'findOne', 'findOneOrFail', 'findAndCount']);
const TYPEORM_WHERE_OPERATIONS = new Set(['findBy', 'findOneBy', 'findOneByOrFail', 'findAndCountBy', 'update', 'delete', 'softDelete', 'restore']);
const TYPEORM_REPOSITORY_MEMBERS = ['findOneBy', 'manager', 'target', 'createQueryBuilder'];

export default createRule<Options, MessageId>({
  name: 'require-owner-scope',
  meta: {
    type: 'problem',
    docs: {
      description: "Require request handlers to scope reads and writes of owned rows to the current user's owner field",
      recommended: 'strict',
      domains: ['data', 'security'],
      requiresTypeChecking: true,
      seed: '000 security',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          ownerFields: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            minItems: 1,
            uniqueItems: true,
            description: 'Field names that say who owns a row; `user_id` and `userId` are the same name.',
          },
          ignore: ignoreOptionSchema('admin routes'),
        },
      },
    ],
    defaultOptions: [{ ownerFields: DEFAULT_OWNER_FIELDS, ignore: [] }],
    messages: {
      unscoped:
        "`{{call}}` in this {{handler}} {{action}} {{model}} rows without constraining {{fields}}: the {{model}} model belongs to a user, so one user's request reaches every user's rows. Add `{{field}}: <the signed-in principal>` to the `where`, or check the row's `{{field}}` before using it.",
      unscopedById:
        "`{{call}}` in this {{handler}} {{action}} a {{model}} row by its id alone, without constraining {{fields}}: any signed-in user who learns or guesses an id reaches another user's row. Add `{{field}}: <the signed-in principal>` to the `where` (or use `updateMany`/`deleteMany` with it), or check the row's `{{field}}` before using it.",
    },
  },
  create(context, [options]) {
    const services = getTypeServices(context);
    // The owner field is decided from the model's type: without types the rule cannot know which models are owned.
    if (!services || isFileMatchedBy(context, options.ignore ?? [])) return {};
    const checker = services.program.getTypeChecker();
    const ownerNames = new Map((options.ownerFields ?? DEFAULT_OWNER_FIELDS).map((field) => [normalise(field), field]));

    return {
      CallExpression(call) {
        const callee = unwrapExpression(call.callee);
        if (callee.type !== AST_NODE_TYPES.MemberExpression) return;
        const operation = memberName(callee);
        if (!operation || (!PRISMA_OPERATIONS.has(operation) && !TYPEORM_OPTIONS_OPERATIONS.has(operation) && !TYPEORM_WHERE_OPERATIONS.has(operation))) {
          return;
        }
        const handler = enclosingRequestHandler(call, context);
        if (!handler) return;
        const access = modelAccessOf(call, callee, operation);
        if (!access) return;
        const fields = access.fieldNames.filter((name) => ownerNames.has(normalise(name)));
        if (fields.length === 0) return;
        if (access.criteria === 'opaque' || (access.criteria && constrainsOwner(access.criteria, ownerNames))) return;
        if (checksOwnerAfterwards(call, ownerNames, context)) return;
        const byId = access.criteria !== undefined && isIdOnly(access.criteria);
        context.report({
          node: call,
          messageId: byId ? 'unscopedById' : 'unscoped',
          data: {
            call: `${context.sourceCode.getText(callee.object).replace(/\s+/g, '')}.${operation}`,
            handler: handler.kind,
            action: actionOf(operation),
            model: access.model,
            fields: fields.map((field) => `\`${field}\``).join(' or '),
            field: fields[0],
          },
        });
      },
    };

    interface ModelAccess {
      readonly model: string;
      readonly fieldNames: readonly string[];
      /** The `where` as written; undefined when there is none; `opaque` when it is not an object literal. */
      readonly criteria: TSESTree.ObjectExpression | 'opaque' | undefined;
    }

    function modelAccessOf(call: TSESTree.CallExpression, callee: TSESTree.MemberExpression, operation: string): ModelAccess | undefined {
      const receiverType = checker.getTypeAtLocation(services!.esTreeNodeToTSNodeMap.get(callee.object));
      if (PRISMA_OPERATIONS.has(operation) && hasMembers(receiverType, PRISMA_DELEGATE_MEMBERS)) {
        const [args] = call.arguments;
        if (args && unwrapExpression(args as TSESTree.Expression).type !== AST_NODE_TYPES.ObjectExpression) return undefined;
        const argsObject = args ? (unwrapExpression(args as TSESTree.Expression) as TSESTree.ObjectExpression) : undefined;
        const where = argsObject && propertyValue(argsObject, 'where');
        const fieldNames = declaredWhereFieldNames(callee) ?? resultFieldNames(call);
        const model = prismaModelName(callee.object);
        return fieldNames && { model, fieldNames, criteria: where === undefined ? (argsObject && hasSpread(argsObject) ? 'opaque' : undefined) : asCriteria(where) };
      }
      if (!hasMembers(receiverType, TYPEORM_REPOSITORY_MEMBERS)) return undefined;
      const entity = repositoryEntity(receiverType);
      if (!entity) return undefined;
      const fieldNames = checker.getPropertiesOfType(entity).map((property) => property.name);
      const [first] = call.arguments;
      const firstExpression = first && first.type !== AST_NODE_TYPES.SpreadElement ? unwrapExpression(first) : undefined;
      if (TYPEORM_OPTIONS_OPERATIONS.has(operation)) {
        if (firstExpression && firstExpression.type !== AST_NODE_TYPES.ObjectExpression) return undefined;
        const where = firstExpression && propertyValue(firstExpression as TSESTree.ObjectExpression, 'where');
        const criteria = where === undefined ? (firstExpression && hasSpread(firstExpression as TSESTree.ObjectExpression) ? 'opaque' : undefined) : asCriteria(where);
        return { model: symbolName(entity), fieldNames, criteria };
      }
      if (!firstExpression) return undefined;
      if (firstExpression.type === AST_NODE_TYPES.ObjectExpression) return { model: symbolName(entity), fieldNames, criteria: firstExpression };
      if (firstExpression.type === AST_NODE_TYPES.ArrayExpression) return { model: symbolName(entity), fieldNames, criteria: 'opaque' };
      // `repo.update(id, dto)`, `repo.delete(req.params.id)`: criteria that are an id.
      const criteriaType = checker.getTypeAtLocation(services!.esTreeNodeToTSNodeMap.get(firstExpression));
      return isIdLike(criteriaType) ? { model: symbolName(entity), fieldNames, criteria: undefined } : undefined;
    }

    /**
     * Field names of the operation's declared `where` input: the constraint of
     * Prisma's `T extends BriefingFindManyArgs` (the argument's own type is the
     * literal as written), or the first parameter of a non-generic signature.
     */
    function declaredWhereFieldNames(callee: TSESTree.MemberExpression): string[] | undefined {
      const tsCallee = services!.esTreeNodeToTSNodeMap.get(callee);
      for (const signature of checker.getTypeAtLocation(tsCallee).getCallSignatures()) {
        const [parameter] = signature.parameters;
        const [typeParameter] = signature.typeParameters ?? [];
        const argsType = (typeParameter && checker.getBaseConstraintOfType(typeParameter)) ?? (parameter && checker.getTypeOfSymbolAtLocation(parameter, tsCallee));
        if (!argsType) continue;
        const where = checker.getPropertyOfType(checker.getNonNullableType(argsType), 'where');
        if (!where) continue;
        const names = objectFieldNames(checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(where, tsCallee)));
        if (names.length > 0) return names;
      }
      return undefined;
    }

    /** When the declaration says nothing about `where`: the fields of the rows the call returns. */
    function resultFieldNames(call: TSESTree.CallExpression): string[] | undefined {
      const type = checker.getAwaitedType(checker.getTypeAtLocation(services!.esTreeNodeToTSNodeMap.get(call)));
      if (!type) return undefined;
      const row = checker.isArrayType(type) ? checker.getTypeArguments(type as ts.TypeReference)[0] : type;
      return row ? objectFieldNames(row) : undefined;
    }

    function objectFieldNames(type: ts.Type): string[] {
      const members = type.isUnion() ? type.types : [type];
      const names = new Set<string>();
      for (const member of members) {
        if (member.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined) || checker.isArrayType(member)) continue;
        for (const property of checker.getPropertiesOfType(member)) names.add(property.name);
      }
      return [...names];
    }

    function hasMembers(type: ts.Type, names: readonly string[]): boolean {
      const apparent = checker.getApparentType(checker.getNonNullableType(type));
      return names.every((name) => checker.getPropertyOfType(apparent, name) !== undefined);
    }

    /** `Briefing` in `Repository<Briefing>` (or a subclass of it). */
    function repositoryEntity(type: ts.Type): ts.Type | undefined {
      const queue: ts.Type[] = [checker.getNonNullableType(type)];
      for (let index = 0; index < queue.length && index < 8; index++) {
        const current = queue[index]!;
        if (current.symbol?.name.endsWith('Repository')) {
          const [entity] = checker.getTypeArguments(current as ts.TypeReference);
          if (entity && !(entity.flags & ts.TypeFlags.Any) && entity.getProperties().length > 0) return entity;
        }
        if (current.isClassOrInterface()) queue.push(...(checker.getBaseTypes(current) ?? []));
      }
      return undefined;
    }

    function isIdLike(type: ts.Type): boolean {
      const members = type.isUnion() ? type.types : [type];
      return members.every((member) => member.flags & (ts.TypeFlags.StringLike | ts.TypeFlags.NumberLike));
    }
  },
});

function normalise(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

function symbolName(type: ts.Type): string {
  return type.aliasSymbol?.name ?? type.symbol?.name ?? 'this';
}

/** `prisma.briefing` → `Briefing`, `tx.schedule` → `Schedule`. */
function prismaModelName(receiver: TSESTree.Expression): string {
  const inner = unwrapExpression(receiver);
  const name = inner.type === AST_NODE_TYPES.MemberExpression ? memberName(inner) : undefined;
  return name ? name.charAt(0).toUpperCase() + name.slice(1) : 'this';
}

function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const property of object.properties) {
    if (property.type !== AST_NODE_TYPES.Property || property.computed) continue;
    const name = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    if (name === key) return property.value;
  }
  return undefined;
}

function hasSpread(object: TSESTree.ObjectExpression): boolean {
  return object.properties.some((property) => property.type === AST_NODE_TYPES.SpreadElement);
}

function asCriteria(where: TSESTree.Node): TSESTree.ObjectExpression | 'opaque' {
  const inner = where.type === AST_NODE_TYPES.AssignmentPattern ? where : unwrapExpression(where as TSESTree.Expression);
  return inner.type === AST_NODE_TYPES.ObjectExpression ? inner : 'opaque';
}

/**
 * Whether a `where` object constrains an owner field: the field itself
 * (`userId`), its relation (`user: { id }`), inside `AND`, or every branch of
 * an `OR`. A spread (`...ownedBy(session)`) is trusted: its keys are not visible.
 */
function constrainsOwner(where: TSESTree.ObjectExpression, ownerNames: ReadonlyMap<string, string>): boolean {
  for (const property of where.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) return true;
    if (property.computed) continue;
    const key = property.key.type === AST_NODE_TYPES.Identifier ? property.key.name : String(property.key.value);
    const normalised = normalise(key);
    if (ownerNames.has(normalised) || ownerNames.has(`${normalised}id`)) return true;
    const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? undefined : unwrapExpression(property.value as TSESTree.Expression);
    if (!value) continue;
    if (key === 'AND' && someObject(value, (object) => constrainsOwner(object, ownerNames))) return true;
    if (key === 'OR' && value.type === AST_NODE_TYPES.ArrayExpression && value.elements.length > 0) {
      const branches = value.elements.map((element) => element && unwrapExpression(element as TSESTree.Expression));
      if (branches.every((branch) => branch?.type === AST_NODE_TYPES.ObjectExpression && constrainsOwner(branch, ownerNames))) return true;
    }
  }
  return false;
}

function someObject(value: TSESTree.Expression, predicate: (object: TSESTree.ObjectExpression) => boolean): boolean {
  if (value.type === AST_NODE_TYPES.ObjectExpression) return predicate(value);
  if (value.type !== AST_NODE_TYPES.ArrayExpression) return false;
  return value.elements.some((element) => {
    const inner = element && element.type !== AST_NODE_TYPES.SpreadElement ? unwrapExpression(element) : undefined;
    return inner?.type === AST_NODE_TYPES.ObjectExpression && predicate(inner);
  });
}

/** A `where` that names one row by its key: `{ id }`, `{ id: req.params.id }`. */
function isIdOnly(where: TSESTree.ObjectExpression): boolean {
  return (
    where.properties.length === 1 &&
    where.properties[0]!.type === AST_NODE_TYPES.Property &&
    !where.properties[0]!.computed &&
    where.properties[0]!.key.type === AST_NODE_TYPES.Identifier &&
    /^(?:id|uuid|slug|key)$/.test(where.properties[0]!.key.name)
  );
}

function actionOf(operation: string): string {
  if (/^(?:update|upsert|restore)/.test(operation)) return 'updates';
  if (/delete/i.test(operation)) return 'deletes';
  return 'reads';
}

/**
 * `const briefing = await prisma.briefing.findUnique({ where: { id } });
 *  if (briefing?.userId !== session.userId) return notFound();` — the
 * ownership check comes after the read.
 */
function checksOwnerAfterwards(call: TSESTree.CallExpression, ownerNames: ReadonlyMap<string, string>, context: Context): boolean {
  let node: TSESTree.Node = call;
  while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression)) {
    node = node.parent;
  }
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return false;
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    return declarator.id.properties.some(
      (property) =>
        property.type === AST_NODE_TYPES.Property &&
        property.key.type === AST_NODE_TYPES.Identifier &&
        ownerNames.has(normalise(property.key.name)),
    );
  }
  return context.sourceCode.getDeclaredVariables(declarator).some((variable) =>
    variable.references.some((reference) => {
      const parent = reference.identifier.parent;
      return parent?.type === AST_NODE_TYPES.MemberExpression && parent.object === reference.identifier && ownerNames.has(normalise(memberName(parent) ?? ''));
    }),
  );
}
