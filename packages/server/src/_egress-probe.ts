/**
 * Test helper: a resolver and a socket factory that record every call, for
 * the egress options of a test server. The socket factory is also a
 * tripwire: it refuses to connect anywhere but 127.0.0.1 (the fixture), so a
 * broken guard fails the test instead of reaching a real address.
 */
import { defaultSocketFactory, type Resolver, type SocketFactory } from './egress/fetcher.js';

export interface EgressProbe {
  /** Names resolved, in order. */
  lookups: string[];
  /** `host:port` of every socket opened, in order. */
  sockets: string[];
  resolver: Resolver;
  socketFactory: SocketFactory;
  reset: () => void;
}

/** `names` is the fake DNS: name → addresses. Unknown names do not resolve. */
export function egressProbe(names: Record<string, string[]> = {}): EgressProbe {
  const probe: EgressProbe = {
    lookups: [],
    sockets: [],
    resolver: async (hostname) => {
      probe.lookups.push(hostname);
      const addresses = names[hostname];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
    socketFactory: (target) => {
      probe.sockets.push(`${target.host}:${target.port}`);
      if (target.host !== '127.0.0.1') throw new Error(`test tripwire: refused to connect to ${target.host}`);
      return defaultSocketFactory(target);
    },
    reset: () => {
      probe.lookups = [];
      probe.sockets = [];
    },
  };
  return probe;
}
