/**
 * Records space-wide notices in batches (notifier.ts `fanOutBatch`): an
 * announcement asking 10,000 people to confirm it is 40 short transactions
 * of 250 rows, with the event loop free between them, not one statement
 * that stalls every other request for a fifth of a second (measured in
 * bench/notify-fanout.bench.mjs). Jobs live in the database, so one left
 * half done (a restart, another instance's crash) is finished by the next
 * scan; on PostgreSQL each batch locks its job, so instances never record
 * the same members twice.
 */
import type { ServerContext } from '../context.js';
import { afterCommit, eventTransaction } from '../live/record.js';
import { fanOutBatch } from './notifier.js';
import { findVisibleNotifications } from './notification-repository.js';

/** How often unfinished jobs are looked for (another instance's, or left by a restart), in ms. */
const FANOUT_RESCAN_MS = 30_000;

type FanoutContext = Pick<ServerContext, 'db' | 'bus' | 'retention' | 'now' | 'notify' | 'classification'>;

export class NotificationFanout {
  readonly #ctx: FanoutContext;
  #running: Promise<void> | null = null;
  #again = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(ctx: FanoutContext, private readonly onError: (error: unknown) => void) {
    this.#ctx = ctx;
  }

  /** Works through the jobs now (again once the current pass ends, if one is running). */
  kick(): void {
    if (this.#stopped) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.#pass()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.kick();
        }
      });
  }

  /** Resolves once no job is being worked on (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** Starts the periodic scan; resolves once the jobs left from before are done. */
  start(): Promise<void> {
    this.#stopped = false;
    this.kick();
    this.#timer = setInterval(() => this.kick(), FANOUT_RESCAN_MS);
    this.#timer.unref();
    return this.idle();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.idle();
  }

  /** Hands a batch's notifications to the delivery module, as each person sees theirs (one read each, off any request). */
  async #deliver(recorded: ReadonlyMap<string, number>): Promise<void> {
    const now = this.#ctx.now();
    const delivered = [];
    for (const [recipientId, id] of recorded) {
      const [notification] = await findVisibleNotifications(this.#ctx.db, recipientId, [id], now);
      if (notification) delivered.push({ recipientId, notification });
    }
    this.#ctx.notify?.deliver(delivered);
  }

  async #pass(): Promise<void> {
    for (;;) {
      if (this.#stopped) return;
      const job = await this.#ctx.db.selectFrom('notification_fanouts').select('id').orderBy('id').limit(1).executeTakeFirst();
      if (!job) return;
      for (;;) {
        if (this.#stopped) return;
        const { done, event, recorded } = await eventTransaction(this.#ctx.db, (trx) => fanOutBatch(trx, Number(job.id), this.#ctx.classification.order));
        if (event) await afterCommit(this.#ctx, [event]);
        if (this.#ctx.notify && recorded.size > 0) await this.#deliver(recorded);
        if (done) break;
        // Between two batches, every other request gets its turn.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
  }
}
