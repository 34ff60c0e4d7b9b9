/**
 * The one way the server fetches anything from another host (link
 * previews, their oEmbed documents and images, technology-watch feeds). Every request goes through
 * `guardedFetch`, which:
 *
 * - takes only http: and https: URLs without credentials;
 * - resolves names itself and checks EVERY resolved address against the
 *   policy, then opens the socket to exactly that checked address (the Host
 *   header and TLS name stay the URL's). There is no earlier check that a
 *   second DNS answer could contradict, so DNS rebinding gains nothing;
 * - checks IP-literal hosts (WHATWG URL has already turned 2130706433 and
 *   0177.0.0.1 into 127.0.0.1) the same way, before any socket exists;
 * - validates every redirect hop again, three at most;
 * - bounds time (connect, total) and bytes (decompressed), and content types.
 */
import { lookup as dnsLookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import { HttpProblem } from '../http/errors.js';
import { parseAddress, type EgressPolicy } from './policy.js';

/** Time to resolve and connect (TLS handshake included), in ms. */
export const CONNECT_TIMEOUT_MS = 3_000;
/** Time for a whole fetch, redirects included, in ms. */
export const TOTAL_TIMEOUT_MS = 5_000;
/** Most bytes read from one response, after decompression. */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Redirects followed before giving up. */
export const MAX_REDIRECTS = 3;
export const USER_AGENT = 'EcotonePreview/0.1 (+link previews)';

export interface EgressLimits {
  connectTimeoutMs: number;
  totalTimeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
}

export const DEFAULT_EGRESS_LIMITS: EgressLimits = {
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
  totalTimeoutMs: TOTAL_TIMEOUT_MS,
  maxBodyBytes: MAX_BODY_BYTES,
  maxRedirects: MAX_REDIRECTS,
};

export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Resolves a name to every address it has (dns.lookup with `all: true` by default). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

/** Opens a socket to an already checked address; TLS when `servername`/`secure` say so. */
export type SocketFactory = (target: { host: string; port: number; secure: boolean; servername?: string }) => net.Socket;

export const defaultResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (error, addresses) => (error ? reject(error) : resolve(addresses)));
  });

export const defaultSocketFactory: SocketFactory = ({ host, port, secure, servername }) =>
  secure
    ? tls.connect({ host, port, ...(servername ? { servername } : {}), ALPNProtocols: ['http/1.1'] })
    : net.connect({ host, port });

/** What a fetch accepts, by content type (lowercase, without parameters). */
export type ContentTypeFilter = (mediaType: string) => boolean;

export interface GuardedFetchOptions {
  accept: ContentTypeFilter;
  /** Problem when the content type is refused (HTML pages: preview_not_html). */
  refusedType?: HttpProblem['code'];
  /** Accept header sent. */
  acceptHeader: string;
  /**
   * Streams the body instead of buffering it: called once the response is
   * accepted, it returns the sink of decompressed chunks. A sink returning
   * true means "enough": the socket is closed and the fetch succeeds with
   * what was read (e.g. the HTML parser has seen </head>).
   */
  stream?: (head: { mediaType: string; charset: string | undefined }) => (chunk: Buffer) => boolean;
  signal?: AbortSignal;
  /**
   * Validators of a copy already held (feeds): sent as If-None-Match and
   * If-Modified-Since, and a 304 answer succeeds with `notModified`.
   */
  conditional?: { etag?: string | null; lastModified?: string | null };
}

export interface GuardedResponse {
  /** The URL of the last hop, after redirects: relative links resolve against it. */
  finalUrl: URL;
  mediaType: string;
  /** `charset` parameter of the content type, if any. */
  charset: string | undefined;
  /** Everything read (empty when streamed), at most `maxBodyBytes`. */
  body: Buffer;
  /** The host answered 304 to a conditional request: the copy held is current (empty body). */
  notModified?: boolean;
  /** The response's validators, for the next conditional request. */
  etag?: string;
  lastModified?: string;
}

export interface EgressGuardOptions {
  policy: EgressPolicy;
  limits?: Partial<EgressLimits>;
  resolver?: Resolver;
  socketFactory?: SocketFactory;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

const problemOf = {
  invalidUrl: (why: string) => new HttpProblem('invalid_url', why),
  blocked: (host: string) => new HttpProblem('egress_blocked', `The egress policy does not allow fetching ${host}`),
  unreachable: (why: string) => new HttpProblem('preview_unreachable', why),
  timeout: () => new HttpProblem('preview_timeout', 'The linked host took too long to answer'),
  tooLarge: () => new HttpProblem('preview_too_large', 'The linked page is too large'),
  tooManyRedirects: () => new HttpProblem('preview_too_many_redirects', 'The link redirects too many times'),
};

/**
 * Parses what a user gave: http(s) only, no credentials. Numeric host forms
 * are normalised by WHATWG URL here (http://2130706433/ is 127.0.0.1).
 */
export function parsePreviewUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    throw problemOf.invalidUrl('This is not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw problemOf.invalidUrl('Only http and https links have previews');
  if (url.username || url.password) throw problemOf.invalidUrl('Links with credentials have no previews');
  if (!url.hostname) throw problemOf.invalidUrl('The link has no host');
  return url;
}

/** The guard: one per server, shared by every preview fetch. */
export class EgressGuard {
  readonly policy: EgressPolicy;
  readonly limits: EgressLimits;
  readonly #resolve: Resolver;
  readonly #openSocket: SocketFactory;

  constructor(options: EgressGuardOptions) {
    this.policy = options.policy;
    this.limits = { ...DEFAULT_EGRESS_LIMITS, ...options.limits };
    this.#resolve = options.resolver ?? defaultResolver;
    this.#openSocket = options.socketFactory ?? defaultSocketFactory;
  }

  /** Fetches `url` under the policy, following up to `maxRedirects` checked redirects. */
  async fetch(url: URL, options: GuardedFetchOptions): Promise<GuardedResponse> {
    // Defence in depth: the routes refuse earlier, but nothing leaves when off.
    if (this.policy.mode === 'off') throw new HttpProblem('previews_disabled', 'Link previews are disabled on this server');
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(problemOf.timeout()), this.limits.totalTimeoutMs);
    const onOuterAbort = () => deadline.abort(options.signal?.reason);
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    try {
      let current = url;
      for (let hop = 0; ; hop++) {
        const outcome = await this.#fetchOnce(current, options, deadline.signal);
        if (outcome.kind === 'response') return outcome.response;
        if (hop >= this.limits.maxRedirects) throw problemOf.tooManyRedirects();
        // Each hop is a new URL with the same checks; its address is checked when connecting.
        try {
          current = parsePreviewUrl(outcome.location, current);
        } catch {
          // The user's URL was fine; the page sent us somewhere no preview goes (javascript:, file:…).
          throw problemOf.unreachable('The link redirects to an address previews do not follow');
        }
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  /** Resolves and checks the target, then opens the socket to the checked address. */
  async #connect(url: URL, signal: AbortSignal): Promise<net.Socket> {
    const secure = url.protocol === 'https:';
    const port = url.port ? Number(url.port) : secure ? 443 : 80;
    const literal = parseAddress(url.hostname);
    let address: string;
    if (literal) {
      // Node connects to literals without a lookup: the literal is the address.
      if (!this.policy.allows(literal, url.hostname)) throw problemOf.blocked(url.hostname);
      address = literal.toString();
    } else {
      if (url.hostname.startsWith('[') || /^[0-9.]+$/.test(url.hostname)) throw problemOf.invalidUrl('The link has an unusable host');
      if (!this.policy.mayResolve(url.hostname)) throw problemOf.blocked(url.hostname);
      let resolved: ResolvedAddress[];
      try {
        resolved = await this.#resolve(url.hostname);
      } catch {
        throw problemOf.unreachable(`${url.hostname} has no address`);
      }
      if (signal.aborted) throw signal.reason;
      if (resolved.length === 0) throw problemOf.unreachable(`${url.hostname} has no address`);
      // Every address must pass: a name mixing public and internal answers is refused.
      for (const entry of resolved) {
        const parsed = parseAddress(entry.address);
        if (!parsed || !this.policy.allows(parsed, url.hostname)) throw problemOf.blocked(url.hostname);
      }
      address = resolved[0]!.address;
    }
    return this.#openSocket({ host: address, port, secure, ...(secure && !literal ? { servername: url.hostname } : {}) });
  }

  #fetchOnce(
    url: URL,
    options: GuardedFetchOptions,
    signal: AbortSignal,
  ): Promise<{ kind: 'response'; response: GuardedResponse } | { kind: 'redirect'; location: string }> {
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(signal.reason);
      let settled = false;
      let socket: net.Socket | undefined;
      const cleanup = () => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
      };
      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        cleanup();
        req.destroy();
        socket?.destroy();
        reject(error instanceof HttpProblem ? error : problemOf.unreachable(`${url.hostname} could not be reached`));
      };
      const succeed = (value: Parameters<typeof resolve>[0]) => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve(value);
      };
      const onAbort = () => fail(signal.reason instanceof HttpProblem ? signal.reason : problemOf.unreachable('The fetch was cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      // Resolving, connecting and the TLS handshake share this budget.
      const connectTimer = setTimeout(() => fail(problemOf.timeout()), this.limits.connectTimeoutMs);

      const secure = url.protocol === 'https:';
      const request = secure ? https.request : http.request;
      const req = request({
        protocol: url.protocol,
        hostname: url.hostname.replace(/^\[|\]$/g, ''),
        port: url.port || (secure ? 443 : 80),
        path: `${url.pathname}${url.search}`,
        method: 'GET',
        headers: {
          'user-agent': USER_AGENT,
          accept: options.acceptHeader,
          'accept-encoding': 'gzip, deflate, br',
          'accept-language': 'en, fr;q=0.8, de;q=0.8, *;q=0.5',
          ...(options.conditional?.etag ? { 'if-none-match': options.conditional.etag } : {}),
          ...(options.conditional?.lastModified ? { 'if-modified-since': options.conditional.lastModified } : {}),
        },
        // No agent: no pooled socket, opened before the checks, is ever reused.
        agent: undefined,
        createConnection: ((_opts: unknown, oncreate: (error: Error | null, socket?: net.Socket) => void) => {
          this.#connect(url, signal).then(
            (opened) => {
              socket = opened;
              opened.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
              if (settled) opened.destroy();
              else oncreate(null, opened);
            },
            (error: unknown) => fail(error),
          );
          return undefined;
        }) as unknown as http.RequestOptions['createConnection'],
      });
      req.on('error', fail);
      req.on('response', (res) => {
        clearTimeout(connectTimer);
        const status = res.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
          const location = res.headers.location;
          res.resume();
          req.destroy();
          if (!location) return fail(problemOf.unreachable('A redirect without a Location'));
          return succeed({ kind: 'redirect', location });
        }
        if (status === 304 && options.conditional) {
          res.resume();
          return succeed({ kind: 'response', response: { finalUrl: url, mediaType: '', charset: undefined, body: Buffer.alloc(0), notModified: true } });
        }
        if (status < 200 || status > 299) {
          res.resume();
          return fail(problemOf.unreachable(`The linked host answered ${status}`));
        }
        const [mediaType = '', ...params] = (res.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
        if (!options.accept(mediaType)) {
          res.resume();
          return fail(new HttpProblem(options.refusedType ?? 'preview_not_html', 'The link is not of a type previews read'));
        }
        const charset = params.find((p) => p.startsWith('charset='))?.slice('charset='.length).replace(/"/g, '');
        let body: Readable = res;
        const encoding = (res.headers['content-encoding'] ?? 'identity').toLowerCase().trim();
        if (encoding === 'gzip' || encoding === 'x-gzip') body = res.pipe(zlib.createGunzip());
        else if (encoding === 'deflate') body = res.pipe(zlib.createInflate());
        else if (encoding === 'br') body = res.pipe(zlib.createBrotliDecompress());
        else if (encoding !== 'identity') return fail(problemOf.unreachable(`Unknown content encoding ${encoding}`));
        const sink = options.stream?.({ mediaType, charset });
        const chunks: Buffer[] = [];
        let size = 0;
        const validators = {
          ...(typeof res.headers.etag === 'string' ? { etag: res.headers.etag } : {}),
          ...(typeof res.headers['last-modified'] === 'string' ? { lastModified: res.headers['last-modified'] } : {}),
        };
        const finish = () =>
          succeed({ kind: 'response', response: { finalUrl: url, mediaType, charset, body: Buffer.concat(chunks), ...validators } });
        body.on('data', (chunk: Buffer) => {
          if (settled) return;
          // Counted after decompression: a small gzip bomb cannot exceed the limit.
          size += chunk.length;
          if (size > this.limits.maxBodyBytes) {
            body.destroy();
            return fail(problemOf.tooLarge());
          }
          if (sink) {
            if (sink(chunk)) {
              body.destroy();
              req.destroy();
              finish();
            }
          } else chunks.push(chunk);
        });
        body.on('end', finish);
        body.on('error', fail);
        res.on('error', fail);
      });
      req.end();
    });
  }
}
