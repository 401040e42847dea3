import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { dbQueryOf, sqlOperation, type DbQuery } from '../knowledge/db.js';
import { enclosingRequestHandler, isFunctionLike, type FunctionLike } from '../knowledge/handlers.js';
import { calleeName, memberName, unwrapExpression } from '../knowledge/origin.js';
import { enqueueCallOf, enqueueLabel, mayEnqueue, type Enqueue } from '../knowledge/queues.js';
import { requestInputOf } from '../knowledge/request-input.js';
import { traceTaint, type TaintSource, type TaintTrace } from '../knowledge/taint.js';
import { enclosingFunction, propertyKey, walkAst } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';
import { ignoreOptionSchema, isFileMatchedBy } from '../util/files.js';

type MessageIds = 'tenantFromRequest';
type Options = [{ tenantFields?: string[]; principalNames?: string[]; authorizationCalls?: string; ignore?: string[] }];

/**
 * Fields that name the tenant a row or an event belongs to. `projectId` and
 * `accountId` are left out: in most REST APIs they are ordinary resources
 * inside a tenant (require-owner-scope's business), not the tenant itself.
 */
const DEFAULT_TENANT_FIELDS = [
  'tenantId',
  'tenant_id',
  'tenant',
  'appId',
  'app_id',
  'orgId',
  'org_id',
  'organizationId',
  'organization_id',
  'organisationId',
  'workspaceId',
  'workspace_id',
  'teamId',
  'team_id',
];

/** Names under which handlers hold who is calling: `req.user`, `session.userId`, `ctx.state.user`, `principal.appId`. */
const DEFAULT_PRINCIPAL_NAMES = [
  'user',
  'currentUser',
  'authUser',
  'sessionUser',
  'session',
  'auth',
  'principal',
  'identity',
  'viewer',
  'actor',
  'caller',
  'claims',
  'apiKey',
  'token',
  'userId',
  'currentUserId',
];

/**
 * Calls that decide whether the caller may act on a tenant: `authorize(…)`,
 * `can(…)`, `canUpdateTeam(…)`, and verbs naming what they check:
 * `assertMember`, `checkAccess`, `ensureOrgAccess`, `requireTenant`, `isTeamMember`.
 */
const DEFAULT_AUTHORIZATION_CALLS =
  '^(?:authori[sz]e|can|may|permit|allow)(?:[A-Z_]|$)|^(?:assert|check|ensure|require|verify|validate|has|is|guard)\\w*(?:Access|Member|Permission|Owner|Owns|Tenant|Org|Organi[sz]ation|Team|Workspace|App|Scope|Role|Belong|Allowed|Admin)';

/** NestJS guards and route middleware named for what they check: `OrgMemberGuard`, `tenantAccess`. */
const GUARD_NAME = /Tenant|Org|Organi[sz]ation|Team|Workspace|Member|Access|Permission|Polic|Abilit|Scope/;

/** Calls that verify a signed request or payload: `verifySignature`, `validateHmac`, `isValidWebhookSignature`. */
const SIGNATURE_CALL = /^(?:verify|validate|check|assert|ensure|require|authenticate|is|has)\w*(?:signature|hmac|signed)/i;

/** What handlers call the request (Express, Fastify, Koa, Hono): a signature over any part of it covers the body. */
const REQUEST_NAME = /^(?:req|request|ctx|c)$/;

const EQUALITY = new Set(['===', '!==', '==', '!=']);
/** `allowed.includes(orgId)`, `user.orgIds.has(orgId)`: membership in a list the handler holds. */
const MEMBERSHIP_METHODS = new Set(['includes', 'has', 'indexOf']);
/** Array methods whose callback's first parameter is an element of the receiver. */
const ELEMENT_CALLBACKS = new Set(['map', 'flatMap', 'forEach', 'filter', 'find', 'some', 'every']);
/** Array methods whose result holds the receiver's elements. */
const ELEMENT_KEEPING = new Set(['filter', 'slice', 'concat', 'sort', 'reverse', 'toSorted', 'toReversed']);
/** Where a write names the rows it changes: the principal there scopes the write. */
const FILTER_KEYS = new Set(['where', 'filter']);
const FILTER_LINKS = /^(?:where|andWhere|orWhere|whereIn|whereExists|filter|having)/;
/** Writes whose first argument is the filter (MongoDB, TypeORM criteria). */
const FILTER_FIRST = /^(?:updateOne|updateMany|deleteOne|deleteMany|replaceOne|findOneAnd\w+|delete|softDelete|restore)$/;

export default createRule<Options, MessageIds>({
  name: 'no-tenant-from-body',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow writes and queries scoped by a tenant id the client sent in the body or query string',
      recommended: 'strict',
      domains: ['security'],
      seed: '002 P13',
    },
    schema: [
      {
        type: 'object',
        additionalProperties: false,
        properties: {
          tenantFields: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            minItems: 1,
            uniqueItems: true,
            description: 'Fields that name a tenant (compared ignoring case and `_`: `app_id` is `appId`). Replaces the default list.',
          },
          principalNames: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Names under which a handler holds the authenticated caller (`req.user`, `session`, `principal`), compared ignoring case and `_`. Replaces the default list.',
          },
          authorizationCalls: {
            type: 'string',
            minLength: 1,
            description:
              'A regular expression (source) for the names of calls, middleware and guards that check the caller may act on a tenant (`authorize`, `assertMember`, `ensureOrgAccess`).',
          },
          ignore: ignoreOptionSchema('admin or internal service routes'),
        },
      },
    ],
    defaultOptions: [
      {
        tenantFields: DEFAULT_TENANT_FIELDS,
        principalNames: DEFAULT_PRINCIPAL_NAMES,
        authorizationCalls: DEFAULT_AUTHORIZATION_CALLS,
        ignore: [],
      },
    ],
    messages: {
      tenantFromRequest:
        '`{{call}}` {{action}} {{input}}, a tenant id the client sent that nothing here compares with the authenticated principal: any caller can put another tenant\'s id there and {{reach}} that tenant\'s data. Take the tenant from {{principal}}, or compare the two and reject a mismatch before this call.',
    },
  },
  create(context, [options]) {
    if (isFileMatchedBy(context, options.ignore ?? [])) return {};
    const tenantFields = options.tenantFields ?? DEFAULT_TENANT_FIELDS;
    // The cheap filter: a file that never spells a tenant field cannot read one from the request.
    if (!mentionsAny(context.sourceCode.text, tenantFields)) return {};
    const tenantNames = new Set(tenantFields.map(normalise));
    const principalNames = new Set((options.principalNames ?? DEFAULT_PRINCIPAL_NAMES).map(normalise));
    const authorizationCall = new RegExp(options.authorizationCalls ?? DEFAULT_AUTHORIZATION_CALLS);
    const reported = new Set<TSESTree.Node>();
    const taint = { sources: ['request'] as const, isSanitizer: () => false };

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): void {
      // Request input lives in a function's parameters: a call at module level cannot receive it.
      if (!enclosingFunction(node)) return;
      const sink = sinkOf(node);
      if (!sink || reported.has(sink.node)) return;
      const found = tenantInputs(sink);
      if (found.length === 0) return;
      if (isGuardedRoute(sink.node) || isScopedByPrincipal(sink) || isVerifyingLookup(sink)) return;
      const unchecked = found.filter(({ source, trace }) => !isCheckedBefore(source, trace, sink.node));
      const [first] = unchecked;
      if (!first) return;
      reported.add(sink.node);
      context.report({
        node: sink.node,
        messageId: 'tenantFromRequest',
        data: {
          call: sink.label,
          action: ACTIONS[sink.kind].action,
          reach: ACTIONS[sink.kind].reach,
          input: [...new Set(unchecked.map(({ source }) => describeInput(source)))].join(' and '),
          principal: principalHint(sink.node, first.source),
        },
      });
    }

    // -------------------------------------------------------------------------
    // Sinks: database queries and writes, enqueued jobs and published messages

    function sinkOf(node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression): Sink | undefined {
      if (node.type !== AST_NODE_TYPES.NewExpression) {
        if (node.type === AST_NODE_TYPES.CallExpression && node.arguments.length === 0 && !isChained(node)) return undefined;
        const query = dbQueryOf(node, context);
        if (query) return databaseSink(node, query);
        if (node.type === AST_NODE_TYPES.TaggedTemplateExpression) return undefined;
      }
      if (!mayEnqueue(node, context)) return undefined;
      const enqueue = enqueueCallOf(node, context);
      return enqueue && queueSink(enqueue);
    }

    function databaseSink(node: TSESTree.CallExpression | TSESTree.TaggedTemplateExpression, query: DbQuery): Sink {
      const inputs: TSESTree.Node[] = [];
      const filters: TSESTree.Node[] = [];
      let sqlText = '';
      let current: TSESTree.Node = node;
      for (let depth = 0; depth < 50; depth++) {
        if (current.type === AST_NODE_TYPES.CallExpression) {
          const args = current.arguments.map((argument) => (argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument));
          inputs.push(...args);
          const member = calleeName(current.callee) ?? '';
          if (FILTER_LINKS.test(member)) filters.push(...args);
          else if (args[0] && (FILTER_FIRST.test(member) || (query.library === 'typeorm' && member === 'update'))) filters.push(args[0]);
          sqlText += textOf(constantValue(args[0]));
          current = unwrapExpression(current.callee);
        } else if (current.type === AST_NODE_TYPES.TaggedTemplateExpression) {
          inputs.push(...current.quasi.expressions);
          sqlText += current.quasi.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
          current = unwrapExpression(current.tag);
        } else if (current.type === AST_NODE_TYPES.MemberExpression) {
          current = unwrapExpression(current.object);
        } else {
          break;
        }
      }
      // A write whose SQL names its rows with WHERE is scoped by its parameters.
      if (/\bwhere\b/i.test(sqlText)) filters.push(...inputs);
      // db.ts reads the operation from a literal only; a statement kept in a constant is read here.
      return { node, kind: sqlOperation(sqlText) ?? query.operation, label: query.label, inputs, filters };
    }

    function queueSink(enqueue: Enqueue): Sink {
      const call = enqueue.node;
      const args = call.arguments.map((argument) => (argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument));
      return {
        node: call,
        kind: enqueue.kind,
        label: enqueueLabel(enqueue, context.sourceCode),
        // The payloads with their serialisation stripped (`codec.encode(event)` is `event`), then the rest: subject, options.
        inputs: [...enqueue.payloads, ...args],
        filters: [],
      };
    }

    // -------------------------------------------------------------------------
    // Which inputs carry a tenant id read from the body or the query string

    function tenantInputs(sink: Sink): Found[] {
      const found: Found[] = [];
      for (const input of sink.inputs) {
        for (const { trace, extra } of traceInput(input)) {
          for (const raw of trace.sources) {
            const source = extra.length > 0 ? { ...raw, properties: [...raw.properties, ELEMENT, ...extra] } : raw;
            if (source.kind !== 'request' || (source.part !== 'body' && source.part !== 'query')) continue;
            const field = fieldOf(source);
            if (field !== undefined && tenantNames.has(normalise(field))) found.push({ source, trace });
          }
        }
      }
      return found;
    }

    /**
     * Traces each leaf of an input on its own: the tracer visits a node once
     * per trace, so in `{ name, orgId }` with both from `const { name, orgId } =
     * req.body` the second field would never reach `req.body`.
     *
     * The tracer does not follow an array callback's parameter to the array
     * either: `tracked.map((event) => js.publish(…, encode(event)))` with
     * `tracked` built by `events.map(… ({ appId, … }))`. This follows that one
     * step so the element's fields are traced where it was built.
     */
    function traceInput(input: TSESTree.Node): { trace: TaintTrace; extra: readonly string[] }[] {
      const traces: { trace: TaintTrace; extra: readonly string[] }[] = [];
      for (const leaf of leaves(input, 0)) {
        traces.push({ trace: traceTaint(leaf, context, taint), extra: [] });
        const element = callbackElement(leaf);
        if (!element) continue;
        // The element parameter goes with the trace, so a check on it (`event.appId !== key.appId`) is seen.
        const throughElement = (trace: TaintTrace): TaintTrace => ({ sources: trace.sources, visited: [...trace.visited, element.parameter] });
        for (const built of builtElements(element.array, 0)) {
          const [wanted] = element.path;
          const value = wanted !== undefined && built.type === AST_NODE_TYPES.ObjectExpression ? objectProperty(built, wanted) : built;
          if (value) for (const part of leaves(value, 0)) traces.push({ trace: throughElement(traceTaint(part, context, taint)), extra: [] });
        }
        // An array the tracer can follow itself (`req.body.events`): its element's fields are read after it.
        if (element.path.length > 0) traces.push({ trace: throughElement(traceTaint(element.array, context, taint)), extra: element.path });
      }
      return traces;
    }

    /** The values in an object or array literal (or a local `const` holding one), each on its own. */
    function leaves(node: TSESTree.Node, depth: number): TSESTree.Node[] {
      if (depth > 4) return [node];
      const value = unwrapExpression((node.type === AST_NODE_TYPES.SpreadElement ? node.argument : node) as TSESTree.Expression);
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        return value.properties.flatMap((property) => leaves(property.type === AST_NODE_TYPES.Property ? property.value : property, depth + 1));
      }
      if (value.type === AST_NODE_TYPES.ArrayExpression) {
        return value.elements.flatMap((element) => (element ? leaves(element, depth + 1) : []));
      }
      // `events.map((event) => ({ app_id: event.appId }))` handed to a bulk insert: each row it builds.
      if (value.type === AST_NODE_TYPES.CallExpression && value.callee.type === AST_NODE_TYPES.MemberExpression) {
        const [callback] = value.arguments;
        const method = memberName(value.callee);
        if ((method === 'map' || method === 'flatMap') && callback && isFunctionLike(callback)) {
          return returnedValues(callback).flatMap((returned) => leaves(returned, depth + 1));
        }
      }
      if (value.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(context.sourceCode.getScope(value), value);
        const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
        const init = definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.id === definition.name ? definition.node.init : undefined;
        const literal = init && unwrapExpression(init);
        if (literal && (literal.type === AST_NODE_TYPES.ObjectExpression || literal.type === AST_NODE_TYPES.ArrayExpression)) return leaves(literal, depth + 1);
      }
      return [value];
    }

    /** `event` or `event.appId` where `event` is the element parameter of `list.map((event) => …)`. */
    function callbackElement(input: TSESTree.Node): { array: TSESTree.Expression; path: string[]; parameter: TSESTree.Identifier } | undefined {
      let root = input.type === AST_NODE_TYPES.SpreadElement || input.type === AST_NODE_TYPES.Property ? undefined : unwrapExpression(input as TSESTree.Expression);
      const path: string[] = [];
      while (root?.type === AST_NODE_TYPES.MemberExpression && !root.computed) {
        path.unshift(memberName(root) ?? '');
        root = unwrapExpression(root.object);
      }
      if (root?.type !== AST_NODE_TYPES.Identifier) return undefined;
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(root), root)?.defs[0];
      if (definition?.type !== 'Parameter' || !isFunctionLike(definition.node) || definition.node.params[0] !== definition.name) return undefined;
      const fn = definition.node;
      const call = fn.parent;
      if (call?.type !== AST_NODE_TYPES.CallExpression || call.arguments[0] !== fn) return undefined;
      const callee = unwrapExpression(call.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression || !ELEMENT_CALLBACKS.has(memberName(callee) ?? '')) return undefined;
      return { array: unwrapExpression(callee.object), path, parameter: root };
    }

    /** The expressions an array's elements were built from: the returns of `.map` callbacks, the items of a literal. */
    function builtElements(array: TSESTree.Expression, depth: number): TSESTree.Node[] {
      if (depth > 3) return [];
      const value = unwrapExpression(array);
      if (value.type === AST_NODE_TYPES.Identifier) {
        const definition = ASTUtils.findVariable(context.sourceCode.getScope(value), value)?.defs[0];
        const init = definition?.type === 'Variable' && definition.node.id === definition.name ? definition.node.init : undefined;
        return init ? builtElements(init, depth + 1) : [];
      }
      if (value.type === AST_NODE_TYPES.ArrayExpression) {
        return value.elements.filter((element): element is TSESTree.Expression => element !== null && element.type !== AST_NODE_TYPES.SpreadElement);
      }
      if (value.type !== AST_NODE_TYPES.CallExpression) return [];
      const callee = unwrapExpression(value.callee);
      if (callee.type !== AST_NODE_TYPES.MemberExpression) return [];
      const method = memberName(callee);
      const [callback] = value.arguments;
      if ((method === 'map' || method === 'flatMap') && callback && isFunctionLike(callback)) return returnedValues(callback);
      if (method && ELEMENT_KEEPING.has(method)) return builtElements(callee.object, depth + 1);
      return [];
    }

    /** The field a source names: the last property read from it, or the key of a NestJS `@Body('orgId')`. */
    function fieldOf(source: TaintSource): string | undefined {
      return source.properties.at(-1) ?? decoratorKey(source.node);
    }

    function decoratorKey(node: TSESTree.Node): string | undefined {
      if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(node), node)?.defs[0];
      if (definition?.type !== 'Parameter') return undefined;
      const parent = definition.name.parent;
      const decorators =
        parent?.type === AST_NODE_TYPES.TSParameterProperty ? parent.decorators : definition.name.type === AST_NODE_TYPES.Identifier ? definition.name.decorators : [];
      for (const decorator of decorators) {
        const [key] = decorator.expression.type === AST_NODE_TYPES.CallExpression ? decorator.expression.arguments : [];
        if (key?.type === AST_NODE_TYPES.Literal && typeof key.value === 'string') return key.value;
      }
      return undefined;
    }

    function describeInput(source: TaintSource): string {
      if (source.label.startsWith('@')) {
        const [decorator, name] = source.label.split(' ');
        const key = source.properties.length === 0 ? decoratorKey(source.node) : undefined;
        if (key !== undefined) return `\`${decorator!.replace('()', `('${key}')`)} ${name}\``;
        return `\`${joinPath([name!, ...source.properties])}\` (from \`${decorator}\`)`;
      }
      if (source.label.endsWith(')')) return `the \`${joinPath(source.properties)}\` field of \`${source.label}\``;
      return `\`${joinPath([source.label, ...source.properties])}\``;
    }

    // -------------------------------------------------------------------------
    // The principal: who the request was authenticated as

    /** `req.user.id`, `session.userId`, `principal.appId`, `user` — a name of the principal in the chain, not read from the request. */
    function isPrincipal(node: TSESTree.Node): boolean {
      if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
      if (!chainNames(node).some((name) => principalNames.has(normalise(name)))) return false;
      return traceTaint(node, context, taint).sources.length === 0;
    }

    /** The first principal expression found under `root` (nested functions included: `.some((m) => m.userId === user.id)`). */
    function findPrincipal(root: TSESTree.Node): TSESTree.Node | undefined {
      let found: TSESTree.Node | undefined;
      walk(root, (node) => {
        if (found) return false;
        if ((node.type === AST_NODE_TYPES.MemberExpression || node.type === AST_NODE_TYPES.Identifier) && isValueRead(node) && isPrincipal(node)) {
          found = node;
          return false;
        }
        return true;
      });
      return found;
    }

    function principalHint(sink: TSESTree.Node, source: TaintSource): string {
      const fn = enclosingRequestHandler(sink, context)?.fn ?? enclosingFunction(source.node);
      const principal = fn && findPrincipal(fn);
      if (!principal) return "the authenticated principal (the API key, token or session the request was authenticated with)";
      return `\`${principalText(principal)}\``;
    }

    /** `req.user` for `req.user.id`: the chain up to the principal's name. */
    function principalText(node: TSESTree.Node): string {
      let current = node;
      for (; current.type === AST_NODE_TYPES.MemberExpression; current = unwrapExpression(current.object)) {
        const name = memberName(current);
        if (name !== undefined && principalNames.has(normalise(name))) return compact(context.sourceCode.getText(current));
      }
      return compact(context.sourceCode.getText(current.type === AST_NODE_TYPES.Identifier ? current : node));
    }

    // -------------------------------------------------------------------------
    // What makes the tenant id safe to use

    /**
     * A read that also constrains the principal, a write whose filter does
     * (`where: { orgId, members: { some: { userId } } }`), or any call that also
     * carries the principal's own tenant (`{ organizationId: user.organizationId,
     * _tenantId: body.tenantId }`): the body's id then names something inside
     * the caller's tenant, not the tenant itself.
     */
    function isScopedByPrincipal(sink: Sink): boolean {
      const scopes = sink.kind === 'read' ? sink.inputs : [...sink.filters, ...sink.inputs.flatMap(filterValues)];
      if (scopes.some((input) => findPrincipal(resolvedObject(input)) !== undefined)) return true;
      return sink.inputs.some((input) => leaves(input, 0).some(isPrincipalTenant));
    }

    /** `user.organizationId`, `principal.appId`, or `orgId` from `const { orgId } = req.user`. */
    function isPrincipalTenant(leaf: TSESTree.Node): boolean {
      if (leaf.type === AST_NODE_TYPES.MemberExpression) return tenantNames.has(normalise(memberName(leaf) ?? '')) && isPrincipal(leaf);
      if (leaf.type !== AST_NODE_TYPES.Identifier || !tenantNames.has(normalise(leaf.name))) return false;
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(leaf), leaf)?.defs[0];
      if (definition?.type !== 'Variable' || !definition.node.init) return false;
      const init = unwrapExpression(definition.node.init);
      const from = init.type === AST_NODE_TYPES.AwaitExpression ? unwrapExpression(init.argument) : init;
      return definition.node.id === definition.name ? isPrincipalTenant(from) : isPrincipal(from);
    }

    /**
     * A read by the tenant id whose result is then held against the principal:
     * `const org = await findUnique({ where: { id: orgId } }); if (org?.ownerId !== user.id) throw …`.
     */
    function isVerifyingLookup(sink: Sink): boolean {
      if (sink.kind !== 'read') return false;
      let node: TSESTree.Node = sink.node;
      while (node.parent && (node.parent.type === AST_NODE_TYPES.AwaitExpression || node.parent.type === AST_NODE_TYPES.TSNonNullExpression || node.parent.type === AST_NODE_TYPES.TSAsExpression)) {
        node = node.parent;
      }
      const declarator = node.parent;
      if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return false;
      return context.sourceCode.getDeclaredVariables(declarator).some((variable) =>
        variable.references.some((reference) => {
          if (reference.init || !reference.isRead()) return false;
          const statement = checkingStatement(reference.identifier);
          return statement !== undefined && (findPrincipal(statement) !== undefined || containsAuthorizationCall(statement));
        }),
      );
    }

    /**
     * Whether the tenant id is checked before the sink, in the handler: compared
     * with anything (`appId !== principal.appId`), handed to an authorisation
     * call (`assertMember(user, orgId)`), looked up in a list
     * (`user.orgIds.includes(orgId)`), used in a principal-scoped lookup, or
     * overwritten with the principal's own (`appId = principal.appId`).
     */
    function isCheckedBefore(source: TaintSource, trace: TaintTrace, sink: TSESTree.Node): boolean {
      const field = normalise(fieldOf(source) ?? '');
      const variables = tracedVariables(trace);
      const carries = (node: TSESTree.Node): boolean => carriesTenant(node, field, variables);
      const scopes = new Set<FunctionLike>();
      for (const fn of [enclosingFunction(source.node), enclosingRequestHandler(sink, context)?.fn, enclosingFunction(sink)]) if (fn) scopes.add(fn);
      let checked = false;
      for (const fn of scopes) {
        walk(fn.body ?? fn, (node) => {
          if (checked || node.range[0] >= sink.range[0]) return false;
          if (node === sink) return false;
          checked = isCheck(node, carries, variables);
          return !checked;
        });
        if (checked) return true;
      }
      return false;
    }

    function isCheck(node: TSESTree.Node, carries: (node: TSESTree.Node) => boolean, variables: ReadonlySet<TSESLint.Scope.Variable>): boolean {
      if (node.type === AST_NODE_TYPES.BinaryExpression && EQUALITY.has(node.operator)) {
        return (carries(node.left) && isComparand(node.right)) || (carries(node.right) && isComparand(node.left as TSESTree.Expression));
      }
      if (node.type === AST_NODE_TYPES.CallExpression) {
        const name = calleeName(node.callee);
        if (name && MEMBERSHIP_METHODS.has(name) && node.arguments[0] && carries(node.arguments[0])) return true;
        // A signed payload (`verifyWebhookSignature(req.rawBody, header)`) vouches for every field in it.
        if (name && SIGNATURE_CALL.test(name) && node.arguments.some((argument) => someInArgument(argument, (inner) => carriesSource(inner, variables)))) return true;
        if (!node.arguments.some((argument) => someInArgument(argument, carries))) return false;
        if (name && (authorizationCall.test(name) || SIGNATURE_CALL.test(name))) return true;
        const query = dbQueryOf(node, context);
        if (query?.operation === 'read') {
          const lookup = databaseSink(node, query);
          return isScopedByPrincipal(lookup) || isVerifyingLookup(lookup);
        }
        return false;
      }
      if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === '=' && node.left.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(context.sourceCode.getScope(node.left), node.left);
        return variable !== null && variables.has(variable) && isPrincipal(unwrapExpression(node.right));
      }
      return false;
    }

    /**
     * `appId` (a traced variable named for the tenant or declared from its
     * field), `request.body.app_id`, `dto.orgId`: an expression that holds the
     * tenant id the client sent.
     */
    function carriesTenant(node: TSESTree.Node, field: string, variables: ReadonlySet<TSESLint.Scope.Variable>): boolean {
      const value = node.type === AST_NODE_TYPES.SpreadElement || node.type === AST_NODE_TYPES.PrivateIdentifier ? undefined : unwrapExpression(node as TSESTree.Expression);
      if (!value) return false;
      if (value.type === AST_NODE_TYPES.Identifier) {
        const variable = ASTUtils.findVariable(context.sourceCode.getScope(value), value);
        if (!variable || !variables.has(variable)) return false;
        const name = normalise(variable.name);
        return name === field || tenantNames.has(name) || declaredFromField(variable, field);
      }
      if (value.type !== AST_NODE_TYPES.MemberExpression) return false;
      const name = normalise(memberName(value) ?? '');
      if (name !== field && !tenantNames.has(name)) return false;
      return isTracedObject(unwrapExpression(value.object), variables, 0);
    }

    /** The request, a part of it, or a variable the trace went through: `req.body`, `request`, `body`. */
    function carriesSource(node: TSESTree.Node, variables: ReadonlySet<TSESLint.Scope.Variable>): boolean {
      if (node.type === AST_NODE_TYPES.SpreadElement || node.type === AST_NODE_TYPES.PrivateIdentifier) return false;
      let root = unwrapExpression(node as TSESTree.Expression);
      while (root.type === AST_NODE_TYPES.MemberExpression) root = unwrapExpression(root.object);
      if (root.type === AST_NODE_TYPES.Identifier && REQUEST_NAME.test(root.name)) return true;
      return root.type === AST_NODE_TYPES.Identifier && isTracedObject(root, variables, 0);
    }

    /**
     * `request.body`, a traced variable, or an element of one:
     * `events.some((event) => event.appId !== key.appId)` checks the app id of
     * every event in `events`.
     */
    function isTracedObject(object: TSESTree.Expression, variables: ReadonlySet<TSESLint.Scope.Variable>, depth: number): boolean {
      if (depth > 3) return false;
      if (requestInputOf(object, context)) return true;
      if (object.type === AST_NODE_TYPES.MemberExpression) return isTracedObject(unwrapExpression(object.object), variables, depth + 1);
      if (object.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = ASTUtils.findVariable(context.sourceCode.getScope(object), object);
      if (variable && variables.has(variable)) return true;
      const element = callbackElement(object);
      return element !== undefined && isTracedObject(element.array, variables, depth + 1);
    }

    /** `const { org_id: id } = req.body`, `const id = body.orgId`. */
    function declaredFromField(variable: TSESLint.Scope.Variable, field: string): boolean {
      return variable.defs.some((definition) => {
        const property = definition.name.parent;
        if (property?.type === AST_NODE_TYPES.Property && property.value === definition.name) return normalise(propertyKey(property) ?? '') === field;
        if (definition.type !== 'Variable' || !definition.node.init) return false;
        const init = unwrapExpression(definition.node.init);
        return init.type === AST_NODE_TYPES.MemberExpression && normalise(memberName(init) ?? '') === field;
      });
    }

    /** The other side of a comparison that checks something: not a literal, `undefined` or `typeof`. */
    function isComparand(node: TSESTree.Expression | TSESTree.PrivateIdentifier): boolean {
      if (node.type === AST_NODE_TYPES.PrivateIdentifier) return false;
      const value = unwrapExpression(node);
      if (value.type === AST_NODE_TYPES.Literal) return false;
      if (value.type === AST_NODE_TYPES.Identifier && value.name === 'undefined') return false;
      if (value.type === AST_NODE_TYPES.UnaryExpression) return false;
      return !(value.type === AST_NODE_TYPES.TemplateLiteral && value.expressions.length === 0);
    }

    function containsAuthorizationCall(root: TSESTree.Node): boolean {
      let found = false;
      walk(root, (node) => {
        if (found) return false;
        if (node.type === AST_NODE_TYPES.CallExpression) found = authorizationCall.test(calleeName(node.callee) ?? '');
        return !found;
      });
      return found;
    }

    /**
     * Route middleware or guards that check the tenant before the handler
     * runs: `router.post('/projects', requireOrgMember, handler)`, Fastify's
     * `preHandler: [app.verifyTenant]`, NestJS `@UseGuards(OrgMemberGuard)`.
     */
    function isGuardedRoute(sink: TSESTree.Node): boolean {
      const handler = enclosingRequestHandler(sink, context);
      if (!handler) return false;
      const fn = handler.fn;
      const guards: string[] = [];
      const decorators: string[] = [];
      if (fn.parent?.type === AST_NODE_TYPES.CallExpression) {
        for (const argument of fn.parent.arguments) {
          if (argument === fn) break;
          guards.push(...middlewareNames(argument));
        }
      }
      if (fn.parent?.type === AST_NODE_TYPES.MethodDefinition) {
        const method = fn.parent;
        const owner = method.parent.parent;
        const classDecorators = owner.type === AST_NODE_TYPES.ClassDeclaration || owner.type === AST_NODE_TYPES.ClassExpression ? owner.decorators : [];
        for (const decorator of [...method.decorators, ...classDecorators]) {
          const expression = decorator.expression;
          if (expression.type !== AST_NODE_TYPES.CallExpression) continue;
          const name = calleeName(expression.callee) ?? '';
          // `@UseGuards(OrgMemberGuard)`; other decorators count only when named like a check (`@RequirePermissions`).
          if (name === 'UseGuards') for (const argument of expression.arguments) guards.push(...middlewareNames(argument));
          else decorators.push(name);
        }
      }
      return guards.some((name) => authorizationCall.test(name) || GUARD_NAME.test(name)) || decorators.some((name) => authorizationCall.test(name));
    }

    /** Names of middleware in a route registration: identifiers, calls, members, arrays and Fastify hook options. */
    function middlewareNames(node: TSESTree.Node): string[] {
      if (node.type === AST_NODE_TYPES.SpreadElement) return middlewareNames(node.argument);
      const value = unwrapExpression(node as TSESTree.Expression);
      if (value.type === AST_NODE_TYPES.Identifier) return [value.name];
      if (value.type === AST_NODE_TYPES.MemberExpression) return [memberName(value) ?? ''];
      if (value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression) return [calleeName(value.callee) ?? ''];
      if (value.type === AST_NODE_TYPES.ArrayExpression) return value.elements.flatMap((element) => (element ? middlewareNames(element) : []));
      if (value.type !== AST_NODE_TYPES.ObjectExpression) return [];
      return value.properties.flatMap((property) =>
        property.type === AST_NODE_TYPES.Property && /^(?:preHandler|onRequest|preValidation|preParsing)$/.test(propertyKey(property) ?? '')
          ? middlewareNames(property.value)
          : [],
      );
    }

    // -------------------------------------------------------------------------
    // Small AST helpers bound to this file's scopes

    function tracedVariables(trace: TaintTrace): Set<TSESLint.Scope.Variable> {
      const variables = new Set<TSESLint.Scope.Variable>();
      for (const node of trace.visited) {
        if (node.type !== AST_NODE_TYPES.Identifier) continue;
        const variable = ASTUtils.findVariable(context.sourceCode.getScope(node), node);
        if (variable) variables.add(variable);
      }
      return variables;
    }

    /** The initial value of a local `const` (a SQL string kept in a variable), else the node itself. */
    function constantValue(node: TSESTree.Node | undefined): TSESTree.Node | undefined {
      if (node?.type !== AST_NODE_TYPES.Identifier) return node;
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(node), node)?.defs[0];
      return definition?.type === 'Variable' && definition.parent.kind === 'const' && definition.node.id === definition.name ? (definition.node.init ?? node) : node;
    }

    /** `where` in `findMany({ where })`: the object a local `const` holds, so the principal inside it can be seen. */
    function resolvedObject(node: TSESTree.Node): TSESTree.Node {
      if (node.type !== AST_NODE_TYPES.Identifier) return node;
      const definition = ASTUtils.findVariable(context.sourceCode.getScope(node), node)?.defs[0];
      const init = definition?.type === 'Variable' && definition.node.id === definition.name ? definition.node.init : undefined;
      return init && unwrapExpression(init).type === AST_NODE_TYPES.ObjectExpression ? init : node;
    }

    /** The values under `where`/`filter` keys anywhere in an options object. */
    function filterValues(input: TSESTree.Node): TSESTree.Node[] {
      const found: TSESTree.Node[] = [];
      walk(resolvedObject(input), (node) => {
        if (node.type === AST_NODE_TYPES.Property && FILTER_KEYS.has(propertyKey(node) ?? '')) {
          found.push(resolvedObject(node.value));
          return false;
        }
        return !isFunctionLike(node);
      });
      return found;
    }

    function someInArgument(argument: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean): boolean {
      if (predicate(argument)) return true;
      const value = argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument;
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        return value.properties.some((property) => someInArgument(property.type === AST_NODE_TYPES.Property ? property.value : property, predicate));
      }
      if (value.type === AST_NODE_TYPES.ArrayExpression) return value.elements.some((element) => element !== null && someInArgument(element, predicate));
      return false;
    }

    return {
      CallExpression: check,
      NewExpression: check,
      TaggedTemplateExpression: check,
    };
  },
});

interface Sink {
  readonly node: TSESTree.CallExpression | TSESTree.NewExpression | TSESTree.TaggedTemplateExpression;
  readonly kind: 'read' | 'write' | 'job' | 'message';
  readonly label: string;
  /** Every expression the call receives, along its builder chain. */
  readonly inputs: readonly TSESTree.Node[];
  /** The inputs that say which rows a write changes (a `where`, a filter argument, SQL parameters after WHERE). */
  readonly filters: readonly TSESTree.Node[];
}

interface Found {
  readonly source: TaintSource;
  readonly trace: TaintTrace;
}

const ACTIONS: Readonly<Record<Sink['kind'], { action: string; reach: string }>> = {
  write: { action: 'writes with', reach: 'write into' },
  read: { action: 'queries with', reach: 'read' },
  message: { action: 'publishes a message carrying', reach: 'inject events into' },
  job: { action: 'enqueues a job carrying', reach: 'run work against' },
};

/** Marks "each element of" in a property path: `req.body.events[].appId`. */
const ELEMENT = '[]';

function joinPath(parts: readonly string[]): string {
  return parts.reduce((path, part) => (part === ELEMENT || path === '' ? `${path}${part}` : `${path}.${part}`), '');
}

function normalise(name: string): string {
  return name.replace(/_/g, '').toLowerCase();
}

function mentionsAny(text: string, names: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return names.some((name) => lower.includes(name.toLowerCase()));
}

function compact(text: string): string {
  return text.replace(/\s+/g, '');
}

/** `knex('t').where(…).first()` without arguments at the end still carries the chain's. */
function isChained(call: TSESTree.CallExpression): boolean {
  const callee = unwrapExpression(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && unwrapExpression(callee.object).type === AST_NODE_TYPES.CallExpression;
}

function textOf(node: TSESTree.Node | undefined): string {
  if (node?.type === AST_NODE_TYPES.Literal && typeof node.value === 'string') return node.value;
  if (node?.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.map((quasi) => quasi.value.cooked ?? '').join(' ');
  return '';
}

/** Names along a member chain: `req`, `user`, `id` for `req.user.id`. */
function chainNames(node: TSESTree.Node): string[] {
  const names: string[] = [];
  let current: TSESTree.Node = node;
  for (let depth = 0; depth < 20; depth++) {
    if (current.type === AST_NODE_TYPES.Identifier) {
      names.push(current.name);
      break;
    }
    if (current.type === AST_NODE_TYPES.ThisExpression) break;
    if (current.type !== AST_NODE_TYPES.MemberExpression) break;
    const name = memberName(current);
    if (name !== undefined && !current.computed) names.push(name);
    current = unwrapExpression(current.object);
  }
  return names;
}

/** An identifier or member read as a value, not a property key or the callee's member name. */
function isValueRead(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return true;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.property === node && !parent.computed) return false;
  if (parent.type === AST_NODE_TYPES.Property && parent.key === node && !parent.shorthand) return false;
  if (parent.type === AST_NODE_TYPES.CallExpression && parent.callee === node) return false;
  return true;
}

/** Where a read of a lookup's result is judged: the `if` test it sits in, or its own statement. */
function checkingStatement(identifier: TSESTree.Node): TSESTree.Node | undefined {
  for (let child: TSESTree.Node = identifier, parent = identifier.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.IfStatement) return parent.test === child ? parent.test : undefined;
    if (
      parent.type === AST_NODE_TYPES.ExpressionStatement ||
      parent.type === AST_NODE_TYPES.VariableDeclaration ||
      parent.type === AST_NODE_TYPES.ReturnStatement ||
      parent.type === AST_NODE_TYPES.ThrowStatement
    ) {
      return parent;
    }
    if (isFunctionLike(parent) || parent.type === AST_NODE_TYPES.BlockStatement) return undefined;
  }
  return undefined;
}

function objectProperty(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | undefined {
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.Property && propertyKey(property) === key) return property.value;
  }
  return undefined;
}

/** The expressions a callback returns (its expression body or its `return`s), not those of functions nested in it. */
function returnedValues(fn: FunctionLike): TSESTree.Node[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const found: TSESTree.Node[] = [];
  walk(fn.body, (node) => {
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) found.push(node.argument);
      return false;
    }
    return !isFunctionLike(node);
  });
  return found;
}

/** Pre-order walk over values (type annotations skipped); `visit` returns false to skip a node's children. */
function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean): void {
  walkAst(root, (node) => !isTypeNode(node) && visit(node));
}

function isTypeNode(node: TSESTree.Node): boolean {
  return node.type.startsWith('TS') && !TS_VALUE_WRAPPERS.has(node.type);
}

const TS_VALUE_WRAPPERS = new Set<string>([
  AST_NODE_TYPES.TSAsExpression,
  AST_NODE_TYPES.TSNonNullExpression,
  AST_NODE_TYPES.TSSatisfiesExpression,
  AST_NODE_TYPES.TSTypeAssertion,
  AST_NODE_TYPES.TSParameterProperty,
]);
