/**
 * Post extensions (a vendor widget's data on a post): what is accepted, and
 * how it is stored. In a module of its own: pages that never publish one do
 * not bundle the label normalisation it uses.
 */
import type { PostExtension, ProblemFieldError } from '../wire-types.js';
import {
  POST_EXTENSION_DATA_MAX_BYTES,
  POST_EXTENSION_FIELD_PATTERN,
  POST_EXTENSION_FIELDS_MAX,
  POST_EXTENSION_TEXT_MAX_CHARS,
  POST_EXTENSION_TYPE_MAX_CHARS,
  POST_EXTENSION_TYPE_PATTERN,
} from '../constants.js';
import { normalizeLabel } from '../labels.js';

/**
 * What is wrong with a post extension as sent (the server's schema says the
 * same, field by field; this also bounds the whole): a namespaced type, at
 * most 16 fields named like identifiers, values of text (at most 500
 * characters), numbers, booleans or null, 2 KB of JSON in all. Empty when
 * it is fine or absent.
 */
export function extensionErrors(extension: unknown, path = '/body/extension'): ProblemFieldError[] {
  if (extension === undefined) return [];
  if (typeof extension !== 'object' || extension === null || Array.isArray(extension)) return [{ path, message: 'must be an object' }];
  const { type, data, ...rest } = extension as Record<string, unknown>;
  const errors: ProblemFieldError[] = Object.keys(rest).map((key) => ({ path: `${path}/${key}`, message: 'is not a known field' }));
  if (typeof type !== 'string' || type.length > POST_EXTENSION_TYPE_MAX_CHARS || !new RegExp(POST_EXTENSION_TYPE_PATTERN).test(type)) {
    errors.push({ path: `${path}/type`, message: 'must be a namespaced type such as "acme.kudos" (lowercase, at most 64 characters)' });
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return [...errors, { path: `${path}/data`, message: 'must be an object' }];
  const fields = Object.entries(data);
  if (fields.length > POST_EXTENSION_FIELDS_MAX) errors.push({ path: `${path}/data`, message: `must have at most ${POST_EXTENSION_FIELDS_MAX} fields` });
  const field = new RegExp(POST_EXTENSION_FIELD_PATTERN);
  for (const [name, value] of fields.slice(0, POST_EXTENSION_FIELDS_MAX + 1)) {
    const at = `${path}/data/${name}`;
    if (!field.test(name)) errors.push({ path: at, message: 'is not a field name (a letter, then letters, digits or _, at most 32)' });
    else if (typeof value === 'string' ? value.length > POST_EXTENSION_TEXT_MAX_CHARS : !(value === null || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      errors.push({ path: at, message: `must be text of at most ${POST_EXTENSION_TEXT_MAX_CHARS} characters, a number, true, false or null` });
    }
  }
  if (errors.length === 0 && new TextEncoder().encode(JSON.stringify(data)).length > POST_EXTENSION_DATA_MAX_BYTES) {
    errors.push({ path: `${path}/data`, message: `must be at most ${POST_EXTENSION_DATA_MAX_BYTES} bytes as JSON` });
  }
  return errors;
}

/** A checked extension as stored: text values normalised as labels (one line, no bidi or invisible characters). */
export function normalizedExtension(extension: PostExtension): PostExtension {
  const data: PostExtension['data'] = {};
  for (const [name, value] of Object.entries(extension.data)) data[name] = typeof value === 'string' ? normalizeLabel(value) : value;
  return { type: extension.type, data };
}

