/**
 * Stable problem codes of RFC 9457 problem details (no TypeBox here, so
 * clients can import them without bundling the schema builder).
 */
import type { Problem, ProblemFieldError } from './wire-types.js';

/**
 * The documented list of stable problem codes, with the HTTP status each is
 * sent with. Adding a code is a compatible change; changing or removing one is
 * a new protocol version.
 */
export const PROBLEM_CODES = {
  /** The request body or query failed schema validation; see `errors`. */
  validation_failed: 400,
  /** The request body is not well-formed JSON. */
  malformed_json: 400,
  /** The reaction kind is not one the server is configured with. */
  unknown_reaction_kind: 400,
  /** A ballot the poll cannot take: unknown option, too many choices, a value off the scale. */
  invalid_ballot: 400,
  /** The URL is not one a preview can be made for: not http(s), malformed, or with credentials. */
  invalid_url: 400,
  /** The URL's host or address is blocked by the egress policy (private, loopback, not allow-listed…). */
  egress_blocked: 403,
  /** Link previews are turned off on this server (`--egress off`): nothing is fetched. */
  previews_disabled: 403,
  /** The linked host could not be reached (no address, connection refused or reset). */
  preview_unreachable: 502,
  /** The linked page took too long: connect over 3 s or everything over 5 s. */
  preview_timeout: 504,
  /** The linked page is larger than the preview reader takes (1 MiB). */
  preview_too_large: 502,
  /** The linked resource is not an HTML page. */
  preview_not_html: 502,
  /** The link redirects more than three times. */
  preview_too_many_redirects: 502,
  /** A talk-show's stream link is refused: not http(s), or its host is not one the server's egress policy permits (every link is refused with `--egress off`). */
  stream_link_refused: 403,
  /** Technology-watch sources need the server to fetch feeds, which it does not (`--egress off`): nothing is ever fetched. */
  watch_unavailable: 403,
  /** The cursor is not one this server issued. */
  invalid_cursor: 400,
  /** No credentials were sent. */
  unauthenticated: 401,
  /** The credentials were sent but are invalid or expired. */
  invalid_token: 401,
  /** The caller may see the resource but not do this to it. */
  forbidden: 403,
  /** Content would flow to a lower classification label (a note promoted, a person mentioned, content copied into a space below its own), or to a person not cleared for it. */
  classification_violation: 403,
  /** No such resource, or the caller may not see it. */
  not_found: 404,
  /** The resource changed since the caller read it, or the action no longer applies. */
  conflict: 409,
  /** The note changed since the edit began (`baseRevision`): the problem's `current` holds the note as it is now. */
  edit_conflict: 409,
  /** The change would leave the space without an owner (the last owner leaving, being removed or demoted). */
  last_owner: 409,
  /** The post does not ask for a read acknowledgement. */
  acknowledgement_not_requested: 409,
  /** The poll is closed: no ballot can be cast, changed or withdrawn. */
  poll_closed: 409,
  /** The space does not offer this feature (its owners switched it off: `Space.capabilities`); what exists stays readable. */
  capability_disabled: 403,
  /** The method is not allowed on this route. */
  method_not_allowed: 405,
  /** The text mentions people who cannot read the space (or no such person): the problem's `errors` name only the ids the caller sent. */
  mention_not_allowed: 422,
  /** The uploaded file is empty (zero bytes). */
  file_empty: 422,
  /** The file is larger than this server accepts for its kind in this space. */
  file_too_large: 413,
  /** The file's bytes are not one of the accepted types (images, documents, video, captions), whatever its name or declared type: HTML, SVG, scripts and files that are two types at once are refused. */
  file_type_refused: 415,
  /** The Idempotency-Key was already used for a different request. */
  idempotency_key_reused: 422,
  /** The request body is larger than the server accepts. */
  body_too_large: 413,
  /** The Content-Type is not `application/json`. */
  unsupported_media_type: 415,
  /** Too many requests; retry after the `Retry-After` header. */
  rate_limited: 429,
  /** The caller already holds as many live streams as the server allows one person; retry after `Retry-After`. */
  too_many_streams: 429,
  /** No translation service is configured on this server (nothing is sent anywhere). */
  translation_unavailable: 501,
  /** Something failed on the server; retrying may help. */
  internal: 500,
  /** The server is starting or shutting down; retry shortly. */
  unavailable: 503,
} as const;

/** A stable problem code the protocol defines (a key of {@link PROBLEM_CODES}). */
export type ProblemCode = keyof typeof PROBLEM_CODES;
/** Every problem code, as a list. */
export const PROBLEM_CODE_LIST = Object.keys(PROBLEM_CODES) as ProblemCode[];

/** Base URI of problem `type`s; the fragment is the code. */
export const PROBLEM_TYPE_BASE = 'https://ecotone.dev/problems/';

/** Builds a problem body for a code, with the documented status and type. */
export function problem(
  code: ProblemCode,
  title: string,
  extra: { detail?: string; instance?: string; errors?: ProblemFieldError[] } = {},
): Problem {
  return {
    type: PROBLEM_TYPE_BASE + code,
    title,
    status: PROBLEM_CODES[code],
    code,
    ...extra,
  };
}

/** Whether `value` is one of the protocol's problem codes. */
export function isProblemCode(value: unknown): value is ProblemCode {
  return typeof value === 'string' && Object.hasOwn(PROBLEM_CODES, value);
}
