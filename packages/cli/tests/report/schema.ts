import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

const require = createRequire(import.meta.url);

/** The JSON report's schema, as shipped. */
export const REPORT_SCHEMA_PATH = new URL('../../schema/report.schema.json', import.meta.url);

/** The OASIS SARIF 2.1.0 schema the multitool ships (draft 2020-12). */
export const SARIF_SCHEMA_PATH = require.resolve('@microsoft/sarif-multitool-linux/sarif-2.1.0.json');

export function readJson(file: string | URL): Record<string, unknown> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

/**
 * A 2020-12 validator with the formats these schemas use. ajv-formats is not a dependency of
 * the package, so each format gets a check that fails on the mistakes a report could make.
 */
export function validatorFor(schema: Record<string, unknown>): ValidateFunction {
  const ajv = new Ajv2020({ allErrors: true });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => !/[\s\\]/.test(value) && URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)));
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(schema);
}
