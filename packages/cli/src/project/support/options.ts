/**
 * Option readers for the checks: the config file is user input, so a wrong
 * type is an error naming the option (the runner adds the check's id), not a silent default.
 */
export function stringArrayOption(options: Readonly<Record<string, unknown>>, key: string, fallback: readonly string[]): readonly string[] {
  const value = options[key];
  if (value === undefined) return fallback;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new Error(`option "${key}" must be an array of strings`);
  }
  return value as string[];
}

export function stringOption(options: Readonly<Record<string, unknown>>, key: string, fallback: string): string {
  const value = options[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string') throw new Error(`option "${key}" must be a string`);
  return value;
}

/** Rejects options the check does not know, so a typo does not silently keep the default. */
export function assertKnownOptions(options: Readonly<Record<string, unknown>>, known: readonly string[]): void {
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')} (known: ${known.join(', ') || 'none'})`);
}
