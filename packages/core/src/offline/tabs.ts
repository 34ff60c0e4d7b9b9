/**
 * One live stream for all the tabs of one person on one server. The tab that
 * holds a Web Lock named after the server and the person opens the stream
 * and relays every event (with its id) and every status change on a
 * BroadcastChannel of the same name; the other tabs listen there. When that
 * tab closes, the browser releases its lock and a waiting tab takes it: it
 * opens the stream with the id of the last event it received as
 * `Last-Event-ID`, so the server replays whatever came meanwhile.
 */
import { BehaviorSubject, Observable, Subject, distinctUntilChanged, share, takeUntil, type Subscription } from 'rxjs';
import type { LiveEvent } from '@ecotone/protocol';
import type { ConnectionStatus, Transport, TransportRequest } from '../types.js';

/** A transport whose live stream can resume after a given event (`HttpTransport`). */
export interface ResumableTransport extends Transport {
  /** Id of the last live event received, if any. */
  readonly lastLiveEventId: string | undefined;
  /** Makes the next stream connection resume after `lastEventId`. */
  resumeFrom(lastEventId: string): void;
}

/** What one tab tells the others: a plain object (structured-cloneable) with a `type`. */
export interface TabMessage {
  /** What the message is about, e.g. `reactions`. */
  readonly type: string;
  /** Anything else it carries. */
  readonly [field: string]: unknown;
}

/** The part of the Web Locks API this module uses (`navigator.locks` fits). */
export interface TabLocks {
  /** Runs `callback` once the exclusive lock `name` is granted, holding it until the callback's promise settles. */
  request(name: string, options: { signal?: AbortSignal }, callback: () => Promise<void>): Promise<unknown>;
}

/** The part of a BroadcastChannel this module uses. */
export interface TabChannel {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  close(): void;
}

/** Options of {@link TabsTransport}. */
export interface TabsTransportOptions {
  /** Names the lock and the channel: the normalised server URL and the person's actor id, so two people never share a stream. */
  key: string;
  /** Web Locks (defaults to `navigator.locks`). */
  locks?: TabLocks;
  /** Opens the channel (defaults to `new BroadcastChannel(name)`). */
  openChannel?: (name: string) => TabChannel;
}

/** What travels on the channel. */
type Envelope =
  | { t: 'event'; event: LiveEvent; id: string | undefined }
  | { t: 'status'; status: ConnectionStatus; id: string | undefined }
  | { t: 'hello' }
  | { t: 'message'; message: TabMessage };

/** This tab's part in the shared stream while its `events$` has subscribers. */
interface Session {
  readonly emit: (event: LiveEvent) => void;
  /** Cancels the lock request while waiting for it. */
  readonly waiting: AbortController;
  leading: boolean;
  /** Stops the stream and releases the lock (set while leading). */
  stop?: () => void;
}

/**
 * A transport that shares its inner transport's live stream with the other
 * tabs of the same key: requests go straight through; `events$` comes from
 * this tab's stream when it holds the lock, else from the tab that does;
 * `status$` is the shared stream's status in every tab.
 *
 * @example
 * const tabs = new TabsTransport(new HttpTransport({ baseUrl }), { key: `${serverKeyOf({ baseUrl })} ${me.actor.id}` });
 * tabs.events$.subscribe(apply);
 * tabs.messages$.subscribe((m) => m.type === 'reactions' && show(m));
 */
export class TabsTransport implements Transport {
  /** Live events, from whichever tab holds the stream; subscribing takes part, the last unsubscribe leaves. */
  readonly events$: Observable<LiveEvent>;
  /** The shared stream's status (`idle` while this tab has no subscriber). */
  readonly status$: Observable<ConnectionStatus>;
  /** Messages other tabs sent with {@link TabsTransport.broadcast}. */
  readonly messages$: Observable<TabMessage>;

  private readonly status = new BehaviorSubject<ConnectionStatus>('idle');
  private readonly messages = new Subject<TabMessage>();
  private readonly closed = new Subject<void>();
  private readonly channel: TabChannel;
  private readonly locks: TabLocks;
  private readonly lockName: string;
  private session: Session | undefined;
  /** Id of the last event this tab received, from its stream or the channel: where a take-over resumes. */
  private lastId: string | undefined;

  constructor(
    private readonly inner: ResumableTransport,
    options: TabsTransportOptions,
  ) {
    this.lockName = `ecotone-live ${options.key}`;
    this.locks = options.locks ?? navigator.locks;
    this.channel = (options.openChannel ?? ((name) => new BroadcastChannel(name)))(this.lockName);
    this.channel.onmessage = (e) => this.receive(e.data as Envelope);
    this.status$ = this.status.pipe(distinctUntilChanged());
    this.messages$ = this.messages.asObservable();
    this.events$ = new Observable<LiveEvent>((subscriber) => {
      this.join((event) => subscriber.next(event));
      return () => this.leave();
    }).pipe(takeUntil(this.closed), share());
  }

  /** Whether this tab holds the stream now. */
  get leading(): boolean {
    return this.session?.leading === true;
  }

  /** Sends one request through the inner transport. */
  request<T>(req: TransportRequest): Promise<T> {
    return this.inner.request<T>(req);
  }

  /** Sends `message` to the other tabs of the same key (not to this one). */
  broadcast(message: TabMessage): void {
    this.post({ t: 'message', message });
  }

  /** Leaves the shared stream (another tab takes it over), closes the channel and the inner transport. */
  close(): void {
    this.closed.next();
    this.leave();
    this.channel.onmessage = null;
    this.channel.close();
    this.inner.close();
  }

  private join(emit: (event: LiveEvent) => void): void {
    const session: Session = { emit, waiting: new AbortController(), leading: false };
    this.session = session;
    this.status.next('connecting');
    // The tab holding the stream answers with its status and position.
    this.post({ t: 'hello' });
    this.locks
      .request(this.lockName, { signal: session.waiting.signal }, () => this.lead(session))
      // Aborted: this tab left before its turn came.
      .catch(() => undefined);
  }

  /** Holds the stream until the session ends; the lock is released when the returned promise settles. */
  private lead(session: Session): Promise<void> {
    if (this.session !== session) return Promise.resolve();
    session.leading = true;
    if (this.lastId !== undefined) this.inner.resumeFrom(this.lastId);
    return new Promise<void>((release) => {
      const subscriptions: Subscription[] = [
        this.inner.events$.subscribe((event) => {
          const id = this.inner.lastLiveEventId;
          this.lastId = id;
          session.emit(event);
          this.post({ t: 'event', event, id });
        }),
        // After events$: the stream has started, so 'idle' before it is not relayed.
        this.inner.status$.subscribe((status) => {
          if (status === 'idle') return;
          this.status.next(status);
          this.post({ t: 'status', status, id: this.lastId });
        }),
      ];
      session.stop = () => {
        for (const s of subscriptions) s.unsubscribe();
        release();
      };
    });
  }

  private leave(): void {
    const session = this.session;
    if (!session) return;
    this.session = undefined;
    session.waiting.abort();
    session.stop?.();
    this.status.next('idle');
  }

  private receive(envelope: Envelope): void {
    const session = this.session;
    switch (envelope.t) {
      case 'message':
        this.messages.next(envelope.message);
        return;
      case 'hello':
        if (session?.leading) this.post({ t: 'status', status: this.status.value, id: this.lastId });
        return;
      case 'status':
        // A message posted by the previous holder may arrive after this tab took over: its own stream decides.
        if (!session || session.leading) return;
        if (envelope.id !== undefined) this.lastId = envelope.id;
        this.status.next(envelope.status);
        return;
      case 'event':
        if (!session || session.leading) return;
        if (envelope.id !== undefined) this.lastId = envelope.id;
        session.emit(envelope.event);
    }
  }

  private post(envelope: Envelope): void {
    try {
      this.channel.postMessage(envelope);
    } catch {
      // A closed channel (the client is closing): nobody left to tell.
    }
  }
}
