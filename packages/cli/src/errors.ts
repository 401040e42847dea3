/**
 * A mistake of the person running the command: a bad flag, config file,
 * preset, rule or path. The CLI prints the message alone and exits 2; nothing
 * else is allowed to reach the user as a stack trace.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
