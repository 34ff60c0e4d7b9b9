/**
 * The typed route table of {@link MemoryTransport}: each feature module
 * answers the protocol's routes (named as in `routes` of `@ecotone/protocol`)
 * with one handler per method, whose parameters are those of the route's
 * path builder. A route renamed or re-shaped in the protocol is a compile
 * error here, as it is on the server.
 */
import { problem, routes, type ProblemCode, type ProblemFieldError } from '@ecotone/protocol';
import type { RuleProblem } from '@ecotone/protocol/rules';
import { errorFromProblem, type EcotoneError } from '../errors.js';
import type { TransportRequest } from '../types.js';

/** A route of the protocol, by its name in `routes`. */
export type RouteName = keyof typeof routes;
export type RouteMethod = TransportRequest['method'];
/** The path parameters of a route, in the order of its path builder. */
export type RouteParams<N extends RouteName> = Parameters<(typeof routes)[N]>;

/** One method of one route: what it answers, and whether an `Idempotency-Key` replays it. */
export interface MemoryHandler<N extends RouteName> {
  run(req: TransportRequest, ...params: RouteParams<N>): unknown;
  /** Writes replayed by key: a retry with the same key answers the first result. */
  keyed: boolean;
}

/** The routes a feature answers. */
export type MemoryRouteTable = { readonly [N in RouteName]?: Partial<Record<RouteMethod, MemoryHandler<N>>> };

/** A read, or a write that an `Idempotency-Key` does not replay. */
export function answer<N extends RouteName>(run: MemoryHandler<N>['run']): MemoryHandler<N> {
  return { run, keyed: false };
}

/** A write replayed by its `Idempotency-Key`. */
export function keyed<N extends RouteName>(run: MemoryHandler<N>['run']): MemoryHandler<N> {
  return { run, keyed: true };
}

/** Sentinel path segment that turns a path builder into a matcher. */
const SEGMENT = '__ecotone_segment__';

export interface RouteMatcher {
  name: RouteName;
  pattern: RegExp;
}

/**
 * A matcher per route of the table; routes with fewer parameters first, so
 * that a literal path (`/posts/search`) wins over a parameter (`/posts/:post`).
 */
export function routeMatchers(table: MemoryRouteTable): RouteMatcher[] {
  return (Object.keys(table) as RouteName[])
    .map((name) => {
      const build = routes[name] as (...segments: string[]) => string;
      const path = build(SEGMENT, SEGMENT);
      const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').split(SEGMENT).join('([^/]+)');
      return { name, pattern: new RegExp(`^${escaped}$`), params: path.split(SEGMENT).length - 1 };
    })
    .sort((a, b) => a.params - b.params)
    .map(({ name, pattern }) => ({ name, pattern }));
}

/** The tables of every feature as one; a route answered by two features is a mistake caught at construction. */
export function mergeRouteTables(...tables: MemoryRouteTable[]): MemoryRouteTable {
  const merged: Record<string, unknown> = {};
  for (const table of tables) {
    for (const [name, methods] of Object.entries(table)) {
      if (name in merged) throw new Error(`Route ${name} is answered by two memory features`);
      merged[name] = methods;
    }
  }
  return merged as MemoryRouteTable;
}

/** The error a problem answer of `code` would give the client. */
export function fail(code: ProblemCode, title: string, errors?: ProblemFieldError[]): EcotoneError {
  return errorFromProblem(problem(code, title, errors ? { errors } : {}));
}

/** The error of a refusal decided by a rule of `@ecotone/protocol/rules`. */
export function refused(rule: RuleProblem): EcotoneError {
  return fail(rule.code, rule.title, rule.errors);
}

/** Throws the refusal when the rule gives one. */
export function check(rule: RuleProblem | null): void {
  if (rule) throw refused(rule);
}
