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
 * unspecified, multicast, broadcast, reserved and IPv6 addresses that embed
 * an IPv4 address stay blocked even for allow-listed names; only a CIDR entry
 * opens them.
 */
const RANGES_FOR_LISTED_HOSTS: ReadonlySet<string> = new Set(['unicast', 'private', 'uniqueLocal', 'carrierGradeNat']);

/**
 * An IPv6 form that carries an IPv4 address. The operating system, a tunnel
 * or a translator on the path may deliver such a packet to the embedded IPv4
 * address, which can be loopback or private: the IPv4 checks never see it. So
 * every form is refused whatever it embeds, and the IPv4 is never extracted
 * to be judged on its own (a translator's behaviour is not ours to guess).
 */
interface Ipv4Embedding {
  name: string;
  /**
   * How many leading bits fix the form. An allow-list range names the form
   * on purpose when it is at least this long and lies inside the form.
   */
  bits: number;
  matches: (address: ipaddr.IPv6) => boolean;
}

const inRange = (name: string, cidr: string): Ipv4Embedding => {
  const [range, bits] = ipaddr.IPv6.parseCIDR(cidr);
  return { name, bits, matches: (address) => address.match(range, bits) };
};
const ipv4Compatible = inRange('IPv4-compatible', '::/96');

/**
 * Every IPv6 form we know to embed an IPv4 address: RFC 4291 (compatible,
 * mapped), RFC 2765 (translated), RFC 6052 and RFC 8215 (NAT64 well-known
 * and local-use prefixes), RFC 3056 (6to4), RFC 4380 (Teredo), RFC 5214
 * (ISATAP, whose marker is in the interface identifier of any prefix).
 * Network-specific NAT64 prefixes and 6rd use prefixes chosen by an
 * operator: no address test can know them (see docs/security.md).
 */
export const IPV4_EMBEDDINGS: readonly Ipv4Embedding[] = [
  {
    ...ipv4Compatible,
    // :: and ::1 are in ::/96 but are the unspecified and loopback addresses,
    // refused as such (and allow-listed as such by `::1/128`).
    matches: (address) => ipv4Compatible.matches(address) && (address.parts[6] !== 0 || address.parts[7]! > 1),
  },
  inRange('IPv4-mapped', '::ffff:0:0/96'),
  inRange('IPv4-translated', '::ffff:0:0:0/96'),
  inRange('NAT64', '64:ff9b::/96'),
  inRange('local-use NAT64', '64:ff9b:1::/48'),
  inRange('6to4', '2002::/16'),
  inRange('Teredo', '2001::/32'),
  {
    name: 'ISATAP',
    bits: 96,
    // 0000:5efe or 0200:5efe (universal/local bit set) before the IPv4 address.
    matches: (address) => (address.parts[4] === 0 || address.parts[4] === 0x200) && address.parts[5] === 0x5efe,
  },
];

/** The IPv4-embedding form an address is in, if any. */
export function ipv4EmbeddingOf(address: Address): Ipv4Embedding | undefined {
  if (address.kind() !== 'ipv6') return undefined;
  return IPV4_EMBEDDINGS.find((form) => form.matches(address as ipaddr.IPv6));
}

/** IANA allocates global unicast IPv6 from 2000::/3 only; anything else ipaddr calls unicast is not a public host. */
const GLOBAL_UNICAST_IPV6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** ipaddr's range name, except that IPv6 "unicast" outside 2000::/3 counts as reserved. */
function rangeOf(address: Address): string {
  const range = address.range();
  if (range === 'unicast' && address.kind() === 'ipv6' && !address.match(GLOBAL_UNICAST_IPV6)) return 'reserved';
  return range;
}

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
  if (!bare.includes(':')) return ipaddr.IPv4.isValidFourPartDecimal(bare) ? ipaddr.parse(bare) : null;
  // ipaddr reads `::a.b.c.d` (what getaddrinfo prints for IPv4-compatible
  // addresses) as `::ffff:a.b.c.d`, another address. The WHATWG parser
  // implements RFC 4291 exactly, so its canonical text is what ipaddr reads.
  let canonical: string;
  try {
    canonical = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  } catch {
    return null;
  }
  return ipaddr.IPv6.parse(canonical);
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

  /**
   * Whether an address is inside one of the allow-listed CIDR ranges (same
   * family only). An address that embeds an IPv4 address is admitted only by
   * a range that names its form on purpose (`64:ff9b::/96`, or a part of it):
   * a broad range such as `2000::/3` or `::/0` does not open 6to4 or Teredo
   * paths to whatever IPv4 address they carry.
   */
  addressListed(address: Address): boolean {
    const embedding = ipv4EmbeddingOf(address);
    return this.#allow.cidrs.some(
      ([range, bits]) =>
        range.kind() === address.kind() &&
        address.match(range, bits) &&
        (!embedding || (bits >= embedding.bits && embedding.matches(range as ipaddr.IPv6))),
    );
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
   * Whether a link to `host` (a name, or an address literal without
   * brackets) may be shown, as a talk-show's stream link: decided from the
   * name or the literal alone, nothing is resolved or fetched. Off: none;
   * allowlist: names listed (`host`, `*.suffix`) and literals the list
   * admits; public: any name but `localhost`'s, and public addresses.
   */
  permitsLinkHost(host: string): boolean {
    if (this.mode === 'off') return false;
    const name = host.toLowerCase().replace(/\.$/, '');
    const address = parseAddress(name);
    if (address) return this.allows(address, name);
    if (this.hostListed(name)) return true;
    return this.mode === 'public' && name !== 'localhost' && !name.endsWith('.localhost');
  }

  /**
   * The decision for one address the fetcher is about to connect to, reached
   * through `hostname` (the URL's host; the address itself for literals).
   */
  allows(address: Address, hostname: string): boolean {
    if (this.mode === 'off') return false;
    if (this.addressListed(address)) return true;
    // Mapped (::ffff:127.0.0.1), compatible (::7f00:1), NAT64, 6to4, Teredo…
    // reach IPv4 hosts through IPv6 sockets or translators and have slipped
    // past block lists before: refused outright unless a CIDR entry names
    // them (above), whatever the embedded address is.
    if (ipv4EmbeddingOf(address)) return false;
    const range = rangeOf(address);
    if (this.hostListed(hostname) && RANGES_FOR_LISTED_HOSTS.has(range)) return true;
    // Only plain unicast: private ranges are never public.
    return this.mode === 'public' && range === 'unicast';
  }
}
