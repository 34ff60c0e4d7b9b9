/**
 * Classification labels and flow control (docs/security.md#classification):
 * the server is configured with an ordered list of labels, lowest first
 * (PUBLIC < INTERNAL < RESTRICTED < CONFIDENTIAL, say); each space carries
 * one and everything in it inherits it; each person carries a clearance,
 * from the company's SSO. Content flows up, never down: nothing of a space
 * may be copied, moved, promoted or mentioned into a space of a lower label,
 * and nobody reads a space above their clearance.
 *
 * A server without labels (the default) classifies nothing: every rule here
 * then allows. A label or clearance the order does not know counts as the
 * highest label for content (nothing flows out of it) and as the lowest for
 * a clearance (it opens nothing): an unknown value never widens access.
 */

/** The configured order of labels, lowest first, by id. Empty: no classification. */
export type LabelOrder = readonly string[];

/** A space's label's rank: 0 for the lowest (and for a space without one), the order's length for an unknown label. */
export function labelRank(order: LabelOrder, label: string | null | undefined): number {
  if (label === null || label === undefined) return 0;
  const rank = order.indexOf(label);
  return rank === -1 ? order.length : rank;
}

/** A person's clearance's rank: 0 without a claim or with one the order does not know. */
export function clearanceRank(order: LabelOrder, clearance: string | null | undefined): number {
  if (clearance === null || clearance === undefined) return 0;
  return Math.max(0, order.indexOf(clearance));
}

/** Whether a person with `clearance` may read content labelled `label`. */
export function isCleared(order: LabelOrder, clearance: string | null | undefined, label: string | null | undefined): boolean {
  if (order.length === 0) return true;
  return clearanceRank(order, clearance) >= labelRank(order, label);
}

/**
 * Whether content labelled `from` may end up in a place labelled `to`
 * (a note promoted into another space, a post moved, an export): only to
 * the same label or a higher one.
 */
export function mayFlow(order: LabelOrder, from: string | null | undefined, to: string | null | undefined): boolean {
  if (order.length === 0) return true;
  return labelRank(order, to) >= labelRank(order, from);
}

/** The label a space without one carries: the lowest, or none on a server without labels. */
export function effectiveLabel(order: LabelOrder, label: string | null | undefined): string | null {
  if (order.length === 0) return null;
  return label !== null && label !== undefined ? label : order[0]!;
}
