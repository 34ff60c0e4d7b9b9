import { expect } from '@open-wc/testing';
import type { ConnectionState } from '@ecotone/core';
import { ConnectionAnnouncer, type AnnouncerTimers } from './connection-announcer.js';

/** A clock the test moves by hand: nothing here depends on real time. */
class HandTimers implements AnnouncerTimers {
  private next = 0;
  readonly scheduled = new Map<number, { fn: () => void; ms: number }>();
  set(fn: () => void, ms: number): number {
    this.scheduled.set(++this.next, { fn, ms });
    return this.next;
  }
  clear(handle: unknown): void {
    this.scheduled.delete(handle as number);
  }
  /** Runs every call due now (as if their delay had passed). */
  elapse(): void {
    const due = [...this.scheduled.values()];
    this.scheduled.clear();
    for (const { fn } of due) fn();
  }
}

describe('ConnectionAnnouncer', () => {
  let timers: HandTimers;
  let said: ConnectionState[];
  let announcer: ConnectionAnnouncer;
  beforeEach(() => {
    timers = new HandTimers();
    said = [];
    announcer = new ConnectionAnnouncer((state) => said.push(state), timers);
  });

  it('does not announce the state the page starts in', () => {
    announcer.update('offline', 3000);
    expect(timers.scheduled.size).to.equal(0);
    timers.elapse();
    expect(said).to.deep.equal([]);
  });

  it('announces a change once it has lasted the delay, once', () => {
    announcer.update('online', 3000);
    announcer.update('offline', 3000);
    expect([...timers.scheduled.values()].map((t) => t.ms)).to.deep.equal([3000]);
    expect(said).to.deep.equal([]);
    announcer.update('offline', 3000);
    expect(timers.scheduled.size).to.equal(1);
    timers.elapse();
    expect(said).to.deep.equal(['offline']);
    announcer.update('online', 3000);
    timers.elapse();
    expect(said).to.deep.equal(['offline', 'online']);
  });

  it('says nothing of a network that flaps back before the delay', () => {
    announcer.update('online', 3000);
    announcer.update('offline', 3000);
    announcer.update('online', 3000);
    expect(timers.scheduled.size).to.equal(0);
    announcer.update('reconnecting', 3000);
    announcer.update('offline', 3000);
    announcer.update('online', 3000);
    timers.elapse();
    expect(said).to.deep.equal([]);
  });

  it('announces only the state that lasted when it changed several times', () => {
    announcer.update('online', 3000);
    announcer.update('reconnecting', 3000);
    announcer.update('cache-only', 3000);
    expect(timers.scheduled.size).to.equal(1);
    timers.elapse();
    expect(said).to.deep.equal(['cache-only']);
  });

  it('forgets a pending change when cancelled', () => {
    announcer.update('online', 3000);
    announcer.update('offline', 3000);
    announcer.cancel();
    timers.elapse();
    expect(said).to.deep.equal([]);
  });
});
