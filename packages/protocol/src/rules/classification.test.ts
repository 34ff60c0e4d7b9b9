import { describe, expect, it } from 'vitest';
import { clearanceRank, effectiveLabel, isCleared, labelRank, mayFlow } from './classification.js';

const ORDER = ['public', 'internal', 'restricted', 'confidential'];

describe('classification labels', () => {
  it('reads only at or below the clearance, over every pair', () => {
    for (const [c, clearance] of ORDER.entries()) {
      for (const [l, label] of ORDER.entries()) expect(isCleared(ORDER, clearance, label), `${clearance} reads ${label}`).toBe(c >= l);
    }
  });

  it('lets content flow up or across, never down, over every pair', () => {
    for (const [f, from] of ORDER.entries()) {
      for (const [t, to] of ORDER.entries()) expect(mayFlow(ORDER, from, to), `${from} → ${to}`).toBe(t >= f);
    }
  });

  it('gives no claim the lowest clearance and a space without a label the lowest label', () => {
    expect(isCleared(ORDER, undefined, null)).toBe(true);
    expect(isCleared(ORDER, null, 'internal')).toBe(false);
    expect(effectiveLabel(ORDER, null)).toBe('public');
    expect(effectiveLabel(ORDER, 'restricted')).toBe('restricted');
  });

  it('never widens access with a value the order does not know', () => {
    // An unknown clearance opens nothing above the lowest label.
    expect(clearanceRank(ORDER, 'cosmic')).toBe(0);
    expect(isCleared(ORDER, 'cosmic', 'internal')).toBe(false);
    // Content with an unknown label is above everything: only no flow at all out of it.
    expect(labelRank(ORDER, 'cosmic')).toBe(4);
    expect(isCleared(ORDER, 'confidential', 'cosmic')).toBe(false);
    expect(mayFlow(ORDER, 'cosmic', 'confidential')).toBe(false);
  });

  it('allows everything on a server without labels', () => {
    expect(isCleared([], undefined, 'anything')).toBe(true);
    expect(mayFlow([], 'a', 'b')).toBe(true);
    expect(effectiveLabel([], 'a')).toBeNull();
  });
});
