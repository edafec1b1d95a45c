import { Type } from 'typebox';
import { badRequest } from '../shared/errors.ts';

/** An invitation's metadata may take at most this many bytes as compact UTF-8 JSON. */
export const METADATA_MAX_BYTES = 4096;

export type Metadata = Record<string, unknown>;

/**
 * The caller's own data about an invitation (an employee number, a cohort…): any JSON object.
 * Returned by the API, carried in webhooks and the results export; never shown to the invitee.
 */
export const MetadataSchema = Type.Unsafe<Metadata>({
  type: 'object',
  additionalProperties: true,
  description: `Any JSON object of at most ${METADATA_MAX_BYTES} bytes, for the caller's systems: returned by the API, carried in webhooks and the results export, never shown to the invitee.`,
});

/**
 * Checks metadata and answers it as the JSON text to store (null for none or `{}`): a plain object
 * whose compact JSON is at most METADATA_MAX_BYTES.
 */
export function metadataText(value: unknown, field = 'metadata'): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw badRequest('invalid_metadata', `"${field}" must be a JSON object.`, { field });
  }
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > METADATA_MAX_BYTES) {
    throw badRequest(
      'metadata_too_large',
      `"${field}" must be at most ${METADATA_MAX_BYTES} bytes as JSON.`,
      {
        field,
      },
    );
  }
  return text === '{}' ? null : text;
}

/** What is wrong with a metadata cell, for a message in another language. */
export type MetadataProblem = 'not_json' | 'not_object' | 'too_large';

/** Reads a spreadsheet cell holding a JSON object; answers the stored text, or a problem message. */
export function metadataFromCell(
  cell: string,
): { text: string | null } | { problem: string; reason: MetadataProblem } {
  const raw = cell.trim();
  if (!raw) return { text: null };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return {
      problem: 'The metadata cell is not JSON: write an object like {"employeeId": "E42"}.',
      reason: 'not_json',
    };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return {
      problem: 'The metadata cell must hold a JSON object, like {"employeeId": "E42"}.',
      reason: 'not_object',
    };
  const text = JSON.stringify(value);
  if (Buffer.byteLength(text, 'utf8') > METADATA_MAX_BYTES)
    return { problem: `The metadata is larger than ${METADATA_MAX_BYTES} bytes.`, reason: 'too_large' };
  return { text: text === '{}' ? null : text };
}
