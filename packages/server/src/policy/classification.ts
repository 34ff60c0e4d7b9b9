/**
 * Classification labels on the server (docs/security.md#classification):
 * the configured order, each caller's clearance, and the checks the guards
 * and the paths that copy content make. The rules themselves are in
 * `@ecotone/protocol/rules` (classification.ts).
 *
 * A caller's clearance is known per request: the token's claim (`clearance`,
 * or the claim `--jwt-claim clearance=…` names), or with development tokens
 * the person's stored clearance. It is kept with the request's actor for the
 * guards (every read of a space's content asks {@link clearedToRead}), and
 * written to the person's row when it changes, for what runs without a
 * request.
 */
import type { Kysely } from 'kysely';
import { clearanceRank, isCleared, labelRank, mayFlow, type Actor, type ClassificationLabel, type LabelOrder } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import type { Authentication } from '../auth/authenticate.js';
import { HttpProblem } from '../http/errors.js';

/** The labels a server is configured with, lowest first. */
export interface ClassificationConfig {
  labels: readonly ClassificationLabel[];
}

/** What the guards know of a caller on a server with labels. */
interface Standing {
  order: LabelOrder;
  clearance: string | null;
}

/** The order each server's database handle was built with (for checks that get the handle, not the server). */
const orders = new WeakMap<Kysely<Database>, LabelOrder>();

/** Registers the order of the server built on `db` (buildApp). */
export function registerLabelOrder(db: Kysely<Database>, order: LabelOrder): void {
  if (order.length > 0) orders.set(db, order);
}

/** The order of the server built on `db`; empty on a server without labels. */
export function labelOrderOf(db: Kysely<Database>): LabelOrder {
  return orders.get(db) ?? [];
}

/**
 * Of `ids` (people who can read a space by its visibility), those whose
 * stored clearance is below `label`: mentioning them would carry the text
 * to someone not cleared for it.
 */
export async function notClearedAmong(db: Kysely<Database>, label: string | null, ids: readonly string[]): Promise<string[]> {
  const order = labelOrderOf(db);
  if (order.length === 0 || ids.length === 0) return [];
  const rows = await db.selectFrom('actors').select(['id', 'clearance']).where('id', 'in', [...ids]).execute();
  return rows.filter((row) => !isCleared(order, row.clearance, label)).map((row) => row.id);
}

/**
 * The clearances (stored values) that may read content labelled `label`:
 * null when everyone may (no labels, or the lowest label), else the ids from
 * that label up (a null clearance, the lowest, is not among them).
 */
export function clearancesFor(order: LabelOrder, label: string | null): string[] | null {
  const rank = labelRank(order, label);
  return rank === 0 ? null : order.slice(rank);
}

/** Callers' standings, by the actor object their request carries. */
const standings = new WeakMap<Actor, Standing>();

/**
 * Whether `actor` may read content labelled `label`. A caller the server
 * has not classified (a server without labels) may.
 */
export function clearedToRead(actor: Actor, label: string | null): boolean {
  const standing = standings.get(actor);
  return standing === undefined || isCleared(standing.order, standing.clearance, label);
}

/** The caller's clearance (null: the lowest), or undefined on a server without labels. */
export function clearanceOf(actor: Actor): string | null | undefined {
  return standings.get(actor)?.clearance;
}

/**
 * Of these callers (the actors open live streams are judged by), the ids of
 * those who hold a clearance above the one last stored for them: a token
 * with a lower claim came since (or an operator lowered it). Their streams
 * end, and reopen with the clearance of the token they then present. A
 * raised clearance waits for the next stream (nothing is shown that should
 * not be).
 */
export async function clearanceLowered(db: Kysely<Database>, actors: readonly Actor[]): Promise<string[]> {
  const held = actors.filter((actor) => standings.has(actor));
  if (held.length === 0) return [];
  const rows = await db.selectFrom('actors').select(['id', 'clearance']).where('id', 'in', held.map((a) => a.id)).execute();
  const stored = new Map(rows.map((row) => [row.id, row.clearance]));
  return held
    .filter((actor) => {
      const { order, clearance } = standings.get(actor)!;
      return stored.has(actor.id) && clearanceRank(order, clearance) > clearanceRank(order, stored.get(actor.id));
    })
    .map((actor) => actor.id);
}

/** Refuses (`classification_violation`) content of `from` going to `to` when that is down the order. */
export function requireFlow(order: LabelOrder, from: string | null, to: string | null, what: string): void {
  if (!mayFlow(order, from, to)) {
    throw new HttpProblem('classification_violation', `${what}: content may not go to a space of a lower classification label`);
  }
}

/** Checks a configuration: at least one label, ids unique. Throws a message for the operator. */
export function checkClassification(config: ClassificationConfig): LabelOrder {
  if (config.labels.length === 0) throw new Error('The classification needs at least one label');
  const order = config.labels.map((label) => label.id);
  const twice = order.find((id, i) => order.indexOf(id) !== i);
  if (twice !== undefined) throw new Error(`The classification names the label "${twice}" twice`);
  return order;
}

/** The label of a space a caller may set or a seed may give: one of the order's. */
export function isKnownLabel(order: LabelOrder, label: string): boolean {
  return labelRank(order, label) < order.length;
}

/**
 * What the authentication hook does on a server with labels: learns the
 * caller's clearance and keeps it with their actor; a token's claim that
 * differs from the stored one is stored.
 */
export function clearanceHook(db: Kysely<Database>, order: LabelOrder): (authentication: Authentication) => Promise<void> {
  // The clearance last stored per person by this process: a write only when a token says otherwise.
  const stored = new Map<string, string | null>();
  return async ({ actor, clearance: claimed }) => {
    let clearance: string | null;
    if (claimed === undefined) {
      const row = await db.selectFrom('actors').select('clearance').where('id', '=', actor.id).executeTakeFirst();
      clearance = row?.clearance ?? null;
    } else {
      clearance = claimed;
      if (stored.get(actor.id) !== clearance) {
        await db.updateTable('actors').set({ clearance }).where('id', '=', actor.id).execute();
        if (stored.size > 50_000) stored.clear();
        stored.set(actor.id, clearance);
      }
    }
    standings.set(actor, { order, clearance });
  };
}
