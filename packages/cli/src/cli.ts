import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HELP, parseCliArguments, type CliArguments } from './args.js';
import { UsageError } from './errors.js';
import { formatReport } from './report/index.js';
import { TOOL_VERSION, run } from './run.js';

export interface Io {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stderr is a terminal a progress line can be redrawn on. */
  readonly stderrIsTty: boolean;
  readonly stdoutIsTty: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  stderrIsTty: Boolean(process.stderr.isTTY),
  stdoutIsTty: Boolean(process.stdout.isTTY),
  env: process.env,
  cwd: process.cwd(),
};

/** The `pitfalls` command; resolves to the exit code. Never throws. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  let args: CliArguments | undefined;
  try {
    args = parseCliArguments(argv);
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args.version) {
      io.stdout(`${TOOL_VERSION}\n`);
      return 0;
    }
    const progress = progressLine(args, io);
    const outcome = await run(args, io.cwd, { onProgress: progress.update, onPhase: progress.phase });
    progress.clear();
    if (!args.quiet) for (const note of new Set(outcome.summary.notes)) io.stderr(`pitfalls: ${note}\n`);
    if (outcome.baselineMessage) {
      io.stderr(`${outcome.baselineMessage}\n`);
      return outcome.exitCode;
    }
    const color = args.color ?? (io.stdoutIsTty && !args.outputFile && io.env.NO_COLOR === undefined);
    const report = formatReport(args.format, outcome.summary, { color });
    if (args.outputFile) writeFileSync(path.resolve(io.cwd, args.outputFile), report);
    else io.stdout(report);
    return outcome.exitCode;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`pitfalls: ${error.message}\n`);
      return 2;
    }
    const detail = args?.debug && error instanceof Error ? (error.stack ?? error.message) : String((error as Error)?.message ?? error);
    io.stderr(`pitfalls: internal error: ${detail}\n${args?.debug ? '' : 'Rerun with --debug for the stack trace, and report it at https://github.com/pitfalls-dev/pitfalls/issues.\n'}`);
    return 2;
  }
}

/** "Linting 120/2460 files" redrawn on stderr, only for a person watching a terminal. */
function progressLine(
  args: CliArguments,
  io: Io,
): { update: (done: number, total: number) => void; phase: (phase: string) => void; clear: () => void } {
  const shown = io.stderrIsTty && !args.quiet && !io.env.CI;
  let drawn = false;
  return {
    update(done, total) {
      if (!shown) return;
      io.stderr(`\r\x1b[Kpitfalls: linting ${done}/${total} files`);
      drawn = true;
    },
    phase(phase) {
      if (!shown) return;
      io.stderr(`\r\x1b[Kpitfalls: ${phase}`);
      drawn = true;
    },
    clear() {
      if (drawn) io.stderr('\r\x1b[K');
    },
  };
}
