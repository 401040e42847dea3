import boundedInMemoryCache from './bounded-in-memory-cache.js';
import htmxFormPreservesInput from './htmx-form-preserves-input.js';
import htmxPollingHasStop from './htmx-polling-has-stop.js';
import noAckBeforeProcess from './no-ack-before-process.js';
import noAuthBypassFlag from './no-auth-bypass-flag.js';
import noDependencyInLiveness from './no-dependency-in-liveness.js';
import noLinearScanPerEvent from './no-linear-scan-per-event.js';
import noOrphanSubprocess from './no-orphan-subprocess.js';
import noPathTraversal from './no-path-traversal.js';
import noPerUserScheduler from './no-per-user-scheduler.js';
import noQueryInLoop from './no-query-in-loop.js';
import noSecretInJobPayload from './no-secret-in-job-payload.js';
import noShellInterpolation from './no-shell-interpolation.js';
import noSkippedTestWithoutIssue from './no-skipped-test-without-issue.js';
import noStaticFileReadInHandler from './no-static-file-read-in-handler.js';
import noSwallowedError from './no-swallowed-error.js';
import noSyncIoInAsync from './no-sync-io-in-async.js';
import noTemplateSql from './no-template-sql.js';
import noTenantFromBody from './no-tenant-from-body.js';
import noTierLogicInJsx from './no-tier-logic-in-jsx.js';
import noUnboundedLlmLoop from './no-unbounded-llm-loop.js';
import noUncoercedFormValue from './no-uncoerced-form-value.js';
import noUnvalidatedLlmSql from './no-unvalidated-llm-sql.js';
import requireExplicitTimezone from './require-explicit-timezone.js';
import requireGracefulShutdown from './require-graceful-shutdown.js';
import requireIdempotencyKey from './require-idempotency-key.js';
import requireOwnerScope from './require-owner-scope.js';
import requireQueryLimit from './require-query-limit.js';
import requireRequestTimeout from './require-request-timeout.js';

/** Every rule of the plugin; a test checks this matches src/rules, tests/rules and docs/rules. */
export const rules = {
  'bounded-in-memory-cache': boundedInMemoryCache,
  'htmx-form-preserves-input': htmxFormPreservesInput,
  'htmx-polling-has-stop': htmxPollingHasStop,
  'no-ack-before-process': noAckBeforeProcess,
  'no-auth-bypass-flag': noAuthBypassFlag,
  'no-dependency-in-liveness': noDependencyInLiveness,
  'no-linear-scan-per-event': noLinearScanPerEvent,
  'no-orphan-subprocess': noOrphanSubprocess,
  'no-path-traversal': noPathTraversal,
  'no-per-user-scheduler': noPerUserScheduler,
  'no-query-in-loop': noQueryInLoop,
  'no-secret-in-job-payload': noSecretInJobPayload,
  'no-shell-interpolation': noShellInterpolation,
  'no-skipped-test-without-issue': noSkippedTestWithoutIssue,
  'no-static-file-read-in-handler': noStaticFileReadInHandler,
  'no-swallowed-error': noSwallowedError,
  'no-sync-io-in-async': noSyncIoInAsync,
  'no-template-sql': noTemplateSql,
  'no-tenant-from-body': noTenantFromBody,
  'no-tier-logic-in-jsx': noTierLogicInJsx,
  'no-unbounded-llm-loop': noUnboundedLlmLoop,
  'no-uncoerced-form-value': noUncoercedFormValue,
  'no-unvalidated-llm-sql': noUnvalidatedLlmSql,
  'require-explicit-timezone': requireExplicitTimezone,
  'require-graceful-shutdown': requireGracefulShutdown,
  'require-idempotency-key': requireIdempotencyKey,
  'require-owner-scope': requireOwnerScope,
  'require-query-limit': requireQueryLimit,
  'require-request-timeout': requireRequestTimeout,
};
