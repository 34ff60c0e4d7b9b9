/**
 * RFC 9457 problem details with a stable `code`.
 *
 * Every error the server answers is `application/problem+json` of this shape.
 * Clients switch on `code`, never on `title` or `detail` (which are for people
 * and may change or be translated).
 */
import { Type, type Static } from 'typebox';
import type { ProblemCode } from './problem-codes.js';

/** Schema of `ProblemFieldError` (TypeBox, a JSON Schema): what the server validates and serialises it with. */
export const ProblemFieldError = Type.Object(
  {
    /** JSON Pointer into the request, e.g. `/body/body` or `/query/limit`. */
    path: Type.String(),
    message: Type.String(),
  },
  { additionalProperties: false },
);
/**
 * One offending field of a validation problem, as a JSON Pointer path.
 *
 * @interface
 */
export type ProblemFieldError = Static<typeof ProblemFieldError>;

/** An error answer (`application/problem+json`, RFC 9457) with the protocol's stable `code` and, for validation, the offending fields. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
    code: Type.String(),
    errors: Type.Optional(Type.Array(ProblemFieldError)),
  },
  { additionalProperties: true },
);
export type Problem = Static<typeof Problem> & { code: ProblemCode | (string & {}) };

