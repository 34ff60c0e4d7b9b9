/**
 * The egress policy: which addresses the server may connect to when it
 * fetches link previews. Pure decisions, no I/O; the fetcher asks them for
 * every address it is about to connect to (see fetcher.ts).
 */
import ipaddr from 'ipaddr.js';
import type { EGRESS_POLICIES } from '@ecotone/protocol';

export type EgressMode = (typeof EGRESS_POLICIES)[number];

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

/**
 * Ranges a host entry may reach besides public unicast: an administrator who
 * allow-lists `wiki.corp.example` means the intranet wiki on a private
 * address. Loopback, link-local (cloud metadata at 169.254.169.254),
 * unspecified, multicast, broadcast, reserved and IPv4-mapped addresses stay
 * blocked even for allow-listed names; only a CIDR entry opens them.
 */
const RANGES_FOR_LISTED_HOSTS: ReadonlySet<string> = new Set(['unicast', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** `host`, `*.suffix`, `a.b.c.d/n`, `a:b::/n`, or a bare address (a /32 or /128). */
export interface CompiledAllowList {
  hosts: ReadonlySet<string>;
  /** Suffixes of `*.example.org` entries, with their leading dot: `.example.org`. */
  suffixes: readonly string[];
  cidrs: readonly Cidr[];
}

/** WHATWG URL reads a host whose last label is a number (0x7f.1) as an IPv4 address: not a name. */
const NUMERIC_LAST_LABEL = /(^|\.)(0x[0-9a-f]*|[0-9]+)$/;
const HOSTNAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/;

/** Parses allow-list entries; throws with the offending entry so the CLI can say which. */
export function compileAllowList(entries: readonly string[]): CompiledAllowList {
  const hosts = new Set<string>();
  const suffixes: string[] = [];
  const cidrs: Cidr[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    const bare = entry.startsWith('[') && entry.endsWith(']') ? entry.slice(1, -1) : entry;
    if (ipaddr.isValidCIDR(bare)) {
      cidrs.push(ipaddr.parseCIDR(bare));
    } else if (ipaddr.isValid(bare) && (ipaddr.IPv6.isValid(bare) || ipaddr.IPv4.isValidFourPartDecimal(bare))) {
      const address = ipaddr.parse(bare);
      cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
    } else if (entry.startsWith('*.') && HOSTNAME.test(entry.slice(2))) {
      suffixes.push(entry.slice(1));
    } else if (HOSTNAME.test(entry) && !NUMERIC_LAST_LABEL.test(entry)) {
      hosts.add(entry);
    } else {
      throw new Error(`Not a host name, *.suffix or CIDR range: "${raw}"`);
    }
  }
  return { hosts, suffixes, cidrs };
}

/** Parses an address as a socket reports it; null when it is not one (or has a zone id). */
export function parseAddress(text: string): Address | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  // A zone id (fe80::1%eth0) names an interface: never a preview target.
  if (bare.includes('%') || !ipaddr.isValid(bare)) return null;
  // ipaddr accepts "0x7f.1" and other legacy forms; only canonical text counts
  // as an address here (WHATWG URL has already normalised URL hosts).
  if (!bare.includes(':') && !ipaddr.IPv4.isValidFourPartDecimal(bare)) return null;
  return ipaddr.parse(bare);
}

export class EgressPolicy {
  readonly mode: EgressMode;
  readonly #allow: CompiledAllowList;

  constructor(mode: EgressMode, allow: readonly string[] = []) {
    this.mode = mode;
    this.#allow = compileAllowList(allow);
  }

  /** Whether a host name is listed by name (exactly or under a `*.` suffix). */
  hostListed(hostname: string): boolean {
    const host = hostname.toLowerCase().replace(/\.$/, '');
    return this.#allow.hosts.has(host) || this.#allow.suffixes.some((suffix) => host.endsWith(suffix));
  }

  /** Whether an address is inside one of the allow-listed CIDR ranges (same family only). */
  addressListed(address: Address): boolean {
    return this.#allow.cidrs.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }

  /**
   * Whether a name that is not an address could be fetched at all, before
   * resolving it. Only a refusal is decided here (no lookup is needed to
   * refuse an unlisted name when no range could admit it); an admission
   * still checks every resolved address at connect time.
   */
  mayResolve(hostname: string): boolean {
    if (this.mode === 'off') return false;
    if (this.mode === 'public') return true;
    return this.hostListed(hostname) || this.#allow.cidrs.length > 0;
  }

  /**
   * The decision for one address the fetcher is about to connect to, reached
   * through `hostname` (the URL's host; the address itself for literals).
   */
  allows(address: Address, hostname: string): boolean {
    if (this.mode === 'off') return false;
    if (this.addressListed(address)) return true;
    // Mapped forms (::ffff:127.0.0.1) reach IPv4 hosts through IPv6 sockets and
    // have slipped past block lists before: refused outright unless a CIDR
    // entry admits them (above), whatever the embedded address is.
    if (address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()) return false;
    const range = address.range();
    if (this.hostListed(hostname) && RANGES_FOR_LISTED_HOSTS.has(range)) return true;
    // Only plain unicast: 6to4, Teredo, NAT64 (rfc6052) and the like embed
    // other addresses, and private ranges are never public.
    return this.mode === 'public' && range === 'unicast';
  }
}
