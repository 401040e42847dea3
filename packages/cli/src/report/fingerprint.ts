import { createHash } from 'node:crypto';

/*
 * GitHub code scanning tells a moved alert from a new one by `partialFingerprints`. When an
 * upload has none, github/codeql-action/upload-sarif computes `primaryLocationLineHash` from
 * the checkout; when one is present it keeps it, and logs a warning for every result whose
 * value differs from its own. So `githubLineHashes` is a port of that computation
 * (github/codeql-action src/fingerprints.ts, checked against its test vectors): same value
 * as the action, no warnings, and a fingerprint for uploads through the REST API too, which
 * computes none.
 */

const BLOCK_SIZE = 100;
const MOD = 37;
/*
 * The hash is an unsigned 64-bit integer kept as two 32-bit halves in plain numbers (every
 * intermediate stays below 2^53, so it is exact) rather than a BigInt allocated per character.
 */
const TWO_32 = 2 ** 32;
/** MOD^BLOCK_SIZE mod 2^64: the weight of the character leaving the window. */
const FIRST_MOD = BigInt(MOD) ** BigInt(BLOCK_SIZE) & ((1n << 64n) - 1n);
const FIRST_MOD_HIGH = Number(FIRST_MOD >> 32n);
const FIRST_MOD_LOW = Number(FIRST_MOD & 0xffffffffn);
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
/** codeql-action reads a stream and marks its end with this char code. */
const END_OF_FILE = 0xffff;

/**
 * GitHub's `primaryLocationLineHash` of every line of `text` (index 0 is line 1): a rolling hash
 * of the 100 characters from the line's start, spaces and tabs skipped, line ends normalised,
 * then `:n` counting earlier lines with the same hash. Inserting lines above a line keeps its
 * hash; only an edit within its next 100 non-blank characters changes it.
 */
export function githubLineHashes(text: string): string[] {
  // One flat loop over locals, no closures: V8 boxes every write to a captured double; the
  // closure version took 1.3 s on an 860 kB file, this one 0.14 s.
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineAt = new Array<number>(BLOCK_SIZE).fill(-1);
  const seen = new Map<string, number>();
  const hashes: string[] = [];
  let high = 0;
  let low = 0;
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let previousWasCr = false;
  // The text, then the end-of-file mark, then BLOCK_SIZE zeros that flush the last lines out.
  const steps = text.length + 1 + BLOCK_SIZE;
  for (let step = 0; step < steps; step += 1) {
    const reading = step <= text.length;
    let code = 0;
    if (reading) {
      const char = step < text.length ? text.charCodeAt(step) : END_OF_FILE;
      if (char === SPACE || char === TAB || (previousWasCr && char === LF)) {
        previousWasCr = false;
        continue;
      }
      code = char === CR ? LF : char;
      previousWasCr = char === CR;
    }
    const completedLine = lineAt[index] as number;
    if (completedLine !== -1) {
      hashes[completedLine - 1] = countedHash(high, low, seen);
      lineAt[index] = -1;
    }
    if (reading && lineStart) {
      lineStart = false;
      lineNumber += 1;
      lineAt[index] = lineNumber;
    }
    if (reading && code === LF) lineStart = true;

    // hash = MOD * hash + code - FIRST_MOD * leaving  (mod 2^64)
    const leaving = window[index] as number;
    window[index] = code;
    const lowTimesMod = low * MOD + code;
    const leavingLow = FIRST_MOD_LOW * leaving;
    let nextLow = (lowTimesMod % TWO_32) - (leavingLow % TWO_32);
    let nextHigh = high * MOD + Math.floor(lowTimesMod / TWO_32) - FIRST_MOD_HIGH * leaving - Math.floor(leavingLow / TWO_32);
    if (nextLow < 0) {
      nextLow += TWO_32;
      nextHigh -= 1;
    }
    low = nextLow;
    high = ((nextHigh % TWO_32) + TWO_32) % TWO_32;
    index = (index + 1) % BLOCK_SIZE;
  }
  return hashes;
}

/** The hash in hex as `Long.toUnsigned().toString(16)` writes it, then `:n` for its n-th appearance. */
function countedHash(high: number, low: number, seen: Map<string, number>): string {
  const value = high === 0 ? low.toString(16) : high.toString(16) + low.toString(16).padStart(8, '0');
  const count = (seen.get(value) ?? 0) + 1;
  seen.set(value, count);
  return `${value}:${count}`;
}

/**
 * Our own fingerprint, for consumers other than GitHub: rule, file and the start line's text
 * with all whitespace removed (the message when the file cannot be read), then `:n` over the
 * earlier findings with the same key. Unlike GitHub's it ignores the lines after the finding,
 * so editing the next statement does not turn an old finding into a new one.
 */
export function findingHash(ruleId: string, file: string, lineText: string): string {
  const normalised = lineText.replace(/\s+/g, '');
  return createHash('sha256').update(`${ruleId}\0${file}\0${normalised}`).digest('hex').slice(0, 16);
}

/** Numbers repeated keys 1, 2, 3… in the order they are asked for, as GitHub does for repeated line hashes. */
export function occurrenceCounter(): (key: string) => string {
  const seen = new Map<string, number>();
  return (key) => {
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return `${key}:${count}`;
  };
}
