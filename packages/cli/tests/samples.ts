// Source files the CLI and hook tests commit into throwaway repositories.

/** A catch that logs and returns a default: pitfalls/no-swallowed-error (recommended) reports line 9. */
export const SWALLOWING = `import { Pool } from 'pg';

const pool = new Pool();

export async function searchPlaces(query: string) {
  try {
    const { rows } = await pool.query('select * from places where name ilike $1', [query]);
    return rows;
  } catch (err) {
    console.warn('place search failed', err);
    return [];
  }
}
`;

/** A strict tsconfig: the tsconfig-strictness project check has nothing to say about it. */
export const STRICT_TSCONFIG = JSON.stringify({ compilerOptions: { strict: true, noUncheckedIndexedAccess: true, target: 'ES2022', module: 'NodeNext' }, include: ['src'] });
