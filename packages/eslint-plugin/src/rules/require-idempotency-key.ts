import type { TSESTree } from '@typescript-eslint/utils';
import { enclosingRequestHandler } from '../knowledge/handlers.js';
import { enqueueCallOf, enqueueLabel, mayEnqueue, type Enqueue } from '../knowledge/queues.js';
import { createRule } from '../util/create-rule.js';

type MessageIds = 'jobWithoutKey' | 'messageWithoutKey';

/** How to give each library's call a key, as the end of the message. */
const FIXES: Readonly<Record<Enqueue['library'], string>> = {
  bullmq:
    'Pass `{ jobId }` built from the request\'s natural key (the id of the row this request created, or `userId:pluginId:date`): BullMQ ignores an add whose jobId already exists, or use `deduplication: { id }`',
  bull: 'Pass `{ jobId }` built from the request\'s natural key (the id of the row this request created, or `userId:pluginId:date`): Bull ignores an add whose jobId already exists',
  agenda:
    "Create the job with `agenda.create(name, data).unique({ 'data.<key>': value }).save()` keyed on the request's natural key, so Agenda keeps one job per key",
  'pg-boss':
    'Pass `{ singletonKey }` built from the request\'s natural key (the id of the row this request created, or `userId:pluginId:date`), or an `id`: pg-boss keeps one queued job per key',
  nats: 'Set `msgID` to an id the client sent with the event (generated once on the device, not per request): JetStream drops a repeated msgID within the stream\'s duplicate window',
  sqs: 'Set `MessageDeduplicationId` to an id derived from the request\'s natural key or sent by the client: SQS drops a repeated id for five minutes, while content-based deduplication misses any retry whose body differs by a timestamp or a generated id',
  // No missing key is ever reported for these: their dedup is not-applicable or unknown.
  amqplib: '',
  kafkajs: '',
  inngest: '',
  custom: '',
};

export default createRule<[], MessageIds>({
  name: 'require-idempotency-key',
  meta: {
    type: 'problem',
    docs: {
      description: 'Require a deduplication key on jobs enqueued and messages published from request handlers',
      recommended: 'recommended',
      domains: ['jobs'],
      seed: '000 checklist; 002 P6',
    },
    schema: [],
    messages: {
      jobWithoutKey:
        '`{{call}}` in this {{handler}} enqueues a job with no `{{option}}`: a double click, a resubmitted form or a client retry enqueues it again and the job runs twice. {{fix}}.',
      messageWithoutKey:
        '`{{call}}` in this {{handler}} publishes a message with no `{{option}}`: when the client retries after a timeout, the message is published again and every consumer processes it twice. {{fix}}.',
    },
  },
  create(context) {
    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      // The name filter is free; the handler lookup is cached per function; only then resolve the call.
      if (!mayEnqueue(node, context)) return;
      const handler = enclosingRequestHandler(node, context);
      // A NestJS @MessagePattern/@EventPattern method consumes a broker's message: a worker, not a client's request.
      if (!handler || handler.kind === 'NestJS message handler') return;
      const enqueue = enqueueCallOf(node, context);
      if (!enqueue || enqueue.recurring || enqueue.dedup !== 'missing') return;
      context.report({
        node: enqueue.node,
        messageId: enqueue.kind === 'job' ? 'jobWithoutKey' : 'messageWithoutKey',
        data: {
          call: enqueueLabel(enqueue, context.sourceCode),
          handler: handler.kind,
          option: enqueue.dedupOption,
          fix: FIXES[enqueue.library],
        },
      });
    }

    return { CallExpression: check, NewExpression: check };
  },
});
