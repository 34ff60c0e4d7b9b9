/**
 * How a rule refuses: the stable problem code the server answers with (and
 * the in-process transports throw), a title for people, and for validation
 * the offending fields. The server turns one into its HTTP problem, a
 * transport into an `EcotoneError`: the code is decided here, once.
 */
import type { ProblemCode } from '../problem-codes.js';
import type { ProblemFieldError } from '../wire-types.js';

/** A rule's refusal: what the server answers with, and what a transport throws as an `EcotoneError`. */
export interface RuleProblem {
  /** The stable problem code. */
  code: ProblemCode;
  /** A title for people, as the server words it. */
  title: string;
  /** The offending fields, for `validation_failed`. */
  errors?: ProblemFieldError[];
}

/** The title of every `validation_failed` a rule gives, as the server words it. */
export const INVALID_REQUEST_TITLE = 'The request is not valid';

/** A `validation_failed` problem for these field errors, or null when there are none. */
export function validationProblem(errors: ProblemFieldError[]): RuleProblem | null {
  return errors.length === 0 ? null : { code: 'validation_failed', title: INVALID_REQUEST_TITLE, errors };
}
