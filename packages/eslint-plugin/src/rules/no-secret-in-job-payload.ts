import { AST_NODE_TYPES, type TSESTree } from '@typescript-eslint/utils';
import { calleeName, memberName, unwrapExpression } from '../knowledge/origin.js';
import { enqueueCallOf, enqueueLabel, mayEnqueue, objectLiteralOf, payloadValue } from '../knowledge/queues.js';
import { propertyKey } from '../util/ast.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'secretInPayload';

type Options = [{ allow?: string[] }];

export default createRule<Options, MessageIds>({
  name: 'no-secret-in-job-payload',
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow API keys, tokens and passwords in the payload of queued jobs and published messages',
      recommended: 'recommended',
      domains: ['jobs', 'security'],
      seed: '000 security',
    },
    schema: [
      {
        type: 'object',
        properties: {
          allow: {
            type: 'array',
            items: { type: 'string', minLength: 1 },
            uniqueItems: true,
            description:
              'Property names that are not secrets in this project although they are named like one (e.g. `deviceToken` for push notifications). Compared exactly.',
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allow: [] }],
    messages: {
      secretInPayload:
        '`{{call}}` {{action}} whose payload carries {{properties}}: the queue stores payloads in plain text (Redis, the broker, retained and failed jobs) and its dashboards and logs show them to anyone who can open them. Pass a reference instead (the user id, or the id of the stored secret) and let the worker fetch and decrypt the secret when it runs.',
    },
  },
  create(context, [userOptions]) {
    const allowed = new Set(userOptions.allow ?? []);

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      if (!mayEnqueue(node, context)) return;
      const enqueue = enqueueCallOf(node, context);
      if (!enqueue || enqueue.payloads.length === 0) return;
      const found = new Set<string>();
      for (const payload of enqueue.payloads) collectSecretProperties(payload, found, 0);
      if (found.size === 0) return;
      context.report({
        node: enqueue.node,
        messageId: 'secretInPayload',
        data: {
          call: enqueueLabel(enqueue, context.sourceCode),
          action: enqueue.recurring ? 'registers a recurring job' : enqueue.kind === 'job' ? 'enqueues a job' : 'publishes a message',
          properties: [...found].map((name) => `\`${name}\``).join(', '),
        },
      });
    }

    /**
     * Secret-named properties of a payload: its own, those of nested object
     * literals, and one variable or spread away (`const data = { apiKey }`,
     * `{ ...credentials }` with `credentials` a local object literal).
     */
    function collectSecretProperties(node: TSESTree.Node, found: Set<string>, hops: number): void {
      if (hops > 1) return;
      const value = payloadValue(node);
      const object = value.type === AST_NODE_TYPES.ObjectExpression ? value : objectLiteralOf(value, context);
      if (!object) return;
      const nextHops = object === value ? hops : hops + 1;
      collectFromObject(object, found, nextHops, 0);
    }

    function collectFromObject(object: TSESTree.ObjectExpression, found: Set<string>, hops: number, depth: number): void {
      if (depth > 3) return;
      for (const property of object.properties) {
        if (property.type === AST_NODE_TYPES.SpreadElement) {
          collectSecretProperties(property.argument, found, hops + 1);
          continue;
        }
        const key = propertyKey(property);
        // Methods are not serialised into the payload; accessors in a payload literal are too rare to judge.
        if (key === undefined || property.method || property.kind !== 'init') continue;
        if (!allowed.has(key) && isSecretName(key) && mayHoldSecret(property.value)) {
          found.add(key);
          continue;
        }
        const inner = property.value.type === AST_NODE_TYPES.ObjectExpression ? property.value : undefined;
        if (inner) collectFromObject(inner, found, hops, depth + 1);
      }
    }

    return { CallExpression: check, NewExpression: check };
  },
});

// ---------------------------------------------------------------------------
// Secret names, judged word by word: `openaiApiKey`, `api_key`, `refreshToken`, `DB_PASSWORD`

/** Last words that name a secret on their own. */
const SECRET_WORDS = new Set(['password', 'passwords', 'passwd', 'passphrase', 'secret', 'secrets', 'credential', 'credentials', 'apikey', 'apikeys', 'token']);

/** Words that make a `…Key` a secret: `apiKey`, `privateKey`, `secretAccessKey`, `signingKey`. */
const KEY_QUALIFIERS = new Set(['api', 'access', 'private', 'secret', 'signing', 'encryption', 'master', 'ssh', 'auth']);

/**
 * Tokens that are no credentials: pagination cursors (`nextPageToken`), model
 * token counts (`maxToken`, `promptToken`), push-notification device
 * addresses (`deviceToken`, `fcmToken`), design tokens.
 */
const NOT_CREDENTIAL_TOKENS = new Set([
  'page',
  'next',
  'prev',
  'previous',
  'continuation',
  'pagination',
  'cursor',
  'sync',
  'cancellation',
  'cancel',
  'max',
  'min',
  'input',
  'output',
  'prompt',
  'completion',
  'total',
  'device',
  'push',
  'fcm',
  'apns',
  'expo',
  'registration',
  'notification',
  'design',
  'theme',
  'lexer',
  'parser',
]);

/** First words of boolean flags about a secret: `hasPassword`, `isSecret`, `withCredentials`. */
const FLAG_PREFIXES = new Set(['is', 'has', 'should', 'use', 'uses', 'with', 'without', 'needs', 'require', 'requires', 'include', 'includes', 'show', 'hide', 'allow', 'enable', 'enabled', 'skip', 'no', 'can', 'must']);

/** `openaiApiKey` → `['openai', 'api', 'key']`, `API_KEY` → `['api', 'key']`, `APIKey` → `['api', 'key']`. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

/**
 * Whether a property name names a secret. The secret word must come last, so
 * names of things about a secret are not secrets: `apiKeyId`, `tokenCount`,
 * `secretName`, `passwordHash` (a hash is not the password and cannot be used
 * as one), `keyId`, `tokenizer`. `authorization` counts only alone or as
 * `authorizationHeader`: `paymentAuthorization` is a record, not a header.
 */
export function isSecretName(name: string): boolean {
  const words = nameWords(name);
  const last = words.at(-1);
  if (!last) return false;
  if (words.length > 1 && FLAG_PREFIXES.has(words[0]!)) return false;
  const previous = words.at(-2);
  if (SECRET_WORDS.has(last)) return !(last === 'token' && previous !== undefined && NOT_CREDENTIAL_TOKENS.has(previous));
  if ((last === 'key' || last === 'keys') && previous !== undefined && KEY_QUALIFIERS.has(previous)) return true;
  const joined = words.join(' ');
  return joined === 'authorization' || joined === 'authorization header' || joined === 'auth header';
}

/**
 * Whether a value can be a secret: not a boolean, number, `null`, empty
 * string or fetch's `credentials: 'include'`; not an id (`token: tokenId`);
 * not visibly encrypted (`apiKey: encrypt(key)`, `apiKey: user.apiKeyEncrypted`).
 */
function mayHoldSecret(value: TSESTree.Node): boolean {
  if (value.type === AST_NODE_TYPES.AssignmentPattern || value.type === AST_NODE_TYPES.ObjectPattern || value.type === AST_NODE_TYPES.ArrayPattern) return false;
  let expression = unwrapExpression(value as TSESTree.Expression);
  if (expression.type === AST_NODE_TYPES.AwaitExpression) expression = unwrapExpression(expression.argument);
  if (expression.type === AST_NODE_TYPES.Literal) {
    return typeof expression.value === 'string' && expression.value !== '' && !['include', 'omit', 'same-origin'].includes(expression.value);
  }
  if (expression.type === AST_NODE_TYPES.Identifier && expression.name === 'undefined') return false;
  if (expression.type === AST_NODE_TYPES.ArrowFunctionExpression || expression.type === AST_NODE_TYPES.FunctionExpression) return false;
  // `credentials: { id: credentialId, provider: 'github' }` is a reference to stored credentials.
  if (expression.type === AST_NODE_TYPES.ObjectExpression) return !expression.properties.every(isReferenceField);
  const name =
    expression.type === AST_NODE_TYPES.Identifier
      ? expression.name
      : expression.type === AST_NODE_TYPES.MemberExpression
        ? memberName(expression)
        : expression.type === AST_NODE_TYPES.CallExpression
          ? calleeName(expression.callee)
          : undefined;
  if (!name) return true;
  const words = nameWords(name);
  if (['id', 'ids'].includes(words.at(-1) ?? '')) return false;
  if (expression.type === AST_NODE_TYPES.CallExpression) return !/^(?:encrypt|seal|wrap|hash)/i.test(name);
  return !/encrypted|ciphertext|sealed/i.test(name);
}

/** A field that identifies rather than holds: `id`, `credentialId`, `name`, `provider`, `type`, `arn`. */
function isReferenceField(property: TSESTree.ObjectLiteralElement): boolean {
  if (property.type !== AST_NODE_TYPES.Property) return false;
  const key = propertyKey(property);
  const last = key === undefined ? undefined : nameWords(key).at(-1);
  return last !== undefined && ['id', 'ids', 'name', 'provider', 'type', 'kind', 'arn', 'ref', 'version'].includes(last);
}
