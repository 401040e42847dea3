import { describe, expect, it } from 'vitest';
import { parseCliArguments } from '../src/args.js';
import { UsageError } from '../src/errors.js';

describe('parseCliArguments', () => {
  it('defaults to the current directory, the terminal format and type information', () => {
    const args = parseCliArguments([]);
    expect(args.paths).toEqual(['.']);
    expect(args.format).toBe('terminal');
    expect(args.typeInfo).toBe(true);
    expect(args.preset).toBeUndefined();
    expect(args.maxSeverity).toBeUndefined();
  });

  it('reads paths, formats, the preset and the switches', () => {
    const args = parseCliArguments(['src', 'deploy', '--format', 'sarif', '--preset', 'strict', '--no-semgrep', '--no-project-checks', '-o', 'out.sarif', '--max-severity', 'warning']);
    expect(args).toMatchObject({ paths: ['src', 'deploy'], format: 'sarif', preset: 'strict', semgrep: false, projectChecks: false, outputFile: 'out.sarif', maxSeverity: 'warning' });
  });

  it.each([
    [['--fromat', 'json'], /Unknown option '--fromat'/],
    [['--format', 'xml'], /--format must be one of terminal, json, sarif; got "xml"/],
    [['--max-severity', 'fatal'], /--max-severity must be one of info, warning, error/],
    [['--baseline', 'update'], /--baseline must be one of create, prune/],
    [['--staged', '--changed-since', 'main'], /pass one of them/],
    [['--baseline', 'create', '--staged'], /cannot be combined with --staged/],
    [['--require-semgrep', '--no-semgrep'], /contradict/],
    [['--format'], /argument missing|requires/i],
  ])('rejects %j with a usage error', (argv, message) => {
    expect(() => parseCliArguments(argv)).toThrow(UsageError);
    expect(() => parseCliArguments(argv)).toThrow(message);
  });
});
