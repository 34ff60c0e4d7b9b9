import { describe, expect, it } from 'vitest';
import { EgressPolicy, compileAllowList, ipv4EmbeddingOf, parseAddress } from './policy.js';
import { EgressGuard, parsePreviewUrl } from './fetcher.js';
import { egressProbe } from '../_egress-probe.js';
import { HttpProblem } from '../http/errors.js';

const allows = (policy: EgressPolicy, address: string, host = address) => policy.allows(parseAddress(address)!, host);

describe('EgressPolicy', () => {
  it('in public mode admits plain unicast only', () => {
    const policy = new EgressPolicy('public');
    expect(allows(policy, '93.184.216.34')).toBe(true);
    expect(allows(policy, '2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
    for (const address of [
      '127.0.0.1', '0.0.0.0', '10.0.0.1', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '224.0.0.1',
      '255.255.255.255', '240.0.0.1', '192.0.2.1', '::1', '::', 'fe80::1', 'fc00::1', 'fd12::1', 'ff02::1',
      '::ffff:7f00:1', '::ffff:93.184.216.34', '2002:7f00:1::', '2001::1', '64:ff9b::7f00:1', '2001:db8::1',
    ]) {
      expect({ address, allowed: allows(policy, address) }).toEqual({ address, allowed: false });
    }
  });

  it('in allowlist mode admits only listed ranges and names', () => {
    const policy = new EgressPolicy('allowlist', ['10.1.0.0/16', 'wiki.corp.example', '*.partner.example', '::1/128']);
    expect(allows(policy, '10.1.2.3')).toBe(true);
    expect(allows(policy, '10.2.0.1')).toBe(false);
    expect(allows(policy, '::1')).toBe(true);
    expect(allows(policy, '93.184.216.34')).toBe(false);
    // A listed name reaches public and private addresses…
    expect(allows(policy, '10.9.9.9', 'wiki.corp.example')).toBe(true);
    expect(allows(policy, '93.184.216.34', 'docs.partner.example')).toBe(true);
    // …but never loopback, link-local (metadata) or mapped forms without a CIDR entry.
    expect(allows(policy, '127.0.0.1', 'wiki.corp.example')).toBe(false);
    expect(allows(policy, '169.254.169.254', 'wiki.corp.example')).toBe(false);
    expect(allows(policy, '::ffff:10.9.9.9', 'wiki.corp.example')).toBe(false);
    expect(allows(policy, '93.184.216.34', 'partner.example')).toBe(false);
    expect(policy.mayResolve('elsewhere.example')).toBe(true);
    expect(new EgressPolicy('allowlist', ['wiki.corp.example']).mayResolve('elsewhere.example')).toBe(false);
  });

  it('admits mapped addresses only through an IPv6 CIDR entry', () => {
    expect(allows(new EgressPolicy('public', ['127.0.0.1/32']), '::ffff:127.0.0.1')).toBe(false);
    expect(allows(new EgressPolicy('public', ['::ffff:127.0.0.1/128']), '::ffff:127.0.0.1')).toBe(true);
  });

  it('refuses every IPv6 form that embeds an IPv4 address, whatever the IPv4 is', () => {
    const embedded = {
      'IPv4-compatible': ['::7f00:1', '::a00:1', '::8.8.8.8', '::127.0.0.1', '::5db8:d822'],
      'IPv4-mapped': ['::ffff:7f00:1', '::ffff:8.8.8.8'],
      'IPv4-translated': ['::ffff:0:7f00:1', '::ffff:0:808:808'],
      NAT64: ['64:ff9b::7f00:1', '64:ff9b::808:808'],
      'local-use NAT64': ['64:ff9b:1::a00:1', '64:ff9b:1:ffff::808:808'],
      '6to4': ['2002:7f00:1::', '2002:808:808::1'],
      Teredo: ['2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2'],
      ISATAP: ['2606:2800:220:1:0:5efe:a00:1', '2606:2800:220:1:200:5efe:808:808', 'fe80::5efe:7f00:1'],
    };
    const publicMode = new EgressPolicy('public');
    const listedHost = new EgressPolicy('allowlist', ['wiki.corp.example']);
    for (const [form, addresses] of Object.entries(embedded)) {
      for (const address of addresses) {
        expect({ address, form: ipv4EmbeddingOf(parseAddress(address)!)?.name }).toEqual({ address, form });
        expect({ address, public: allows(publicMode, address), listed: allows(listedHost, address, 'wiki.corp.example') }).toEqual({
          address,
          public: false,
          listed: false,
        });
      }
    }
    // Public unicast and the unspecified and loopback addresses are not embeddings.
    for (const address of ['2606:2800:220:1:248:1893:25c8:1946', '::', '::1', '93.184.216.34']) {
      expect({ address, form: ipv4EmbeddingOf(parseAddress(address)!) }).toEqual({ address, form: undefined });
    }
  });

  it('reads IPv4-compatible text as getaddrinfo prints it, not as a mapped address', () => {
    expect(parseAddress('::8.8.8.8')!.toString()).toBe('::808:808');
    expect(parseAddress('::ffff:8.8.8.8')!.toString()).toBe('::ffff:808:808');
    expect(parseAddress('[::127.0.0.1]')!.toString()).toBe('::7f00:1');
  });

  it('takes IPv6 outside 2000::/3 for public only when IANA allocates it', () => {
    const policy = new EgressPolicy('public');
    expect(allows(policy, '::1:7f00:1')).toBe(false);
    expect(allows(policy, '100:0:0:1::1')).toBe(false);
    expect(allows(policy, '4000::1')).toBe(false);
  });

  it('admits an embedding form only through a CIDR entry that names it on purpose', () => {
    const broad = new EgressPolicy('allowlist', ['::/0', '2000::/3']);
    expect(allows(broad, '2606:2800:220:1:248:1893:25c8:1946')).toBe(true);
    for (const address of ['::7f00:1', '2002:7f00:1::', '2001::1', '64:ff9b::a00:1', '2606:2800:220:1:0:5efe:a00:1']) {
      expect({ address, allowed: allows(broad, address) }).toEqual({ address, allowed: false });
    }
    const named = new EgressPolicy('allowlist', ['64:ff9b::/96', '2002:a14::/32', '::a00:1', '2606:2800:220:1:0:5efe::/96']);
    expect(allows(named, '64:ff9b::a00:1')).toBe(true);
    expect(allows(named, '2002:a14:1::1')).toBe(true);
    expect(allows(named, '2002:7f00:1::')).toBe(false);
    expect(allows(named, '::a00:1')).toBe(true);
    expect(allows(named, '::7f00:1')).toBe(false);
    expect(allows(named, '2606:2800:220:1:0:5efe:a00:1')).toBe(true);
  });

  it('admits nothing when off', () => {
    const policy = new EgressPolicy('off', ['127.0.0.1/32']);
    expect(allows(policy, '127.0.0.1')).toBe(false);
    expect(policy.mayResolve('example.org')).toBe(false);
  });

  it('decides which hosts a link may name, by name or literal alone (talk-show stream links)', () => {
    const off = new EgressPolicy('off');
    expect(off.permitsLinkHost('stream.corp.example')).toBe(false);
    const listed = new EgressPolicy('allowlist', ['stream.corp.example', '*.video.corp.example', '10.20.0.0/16']);
    expect(['stream.corp.example', 'STREAM.corp.example.', 'eu.video.corp.example', '10.20.1.2'].map((h) => listed.permitsLinkHost(h))).toEqual([true, true, true, true]);
    expect(['evil.example', 'video.corp.example', '10.30.0.1', '127.0.0.1', '::ffff:10.20.1.2'].map((h) => listed.permitsLinkHost(h))).toEqual([false, false, false, false, false]);
    const open = new EgressPolicy('public');
    expect(['stream.example.com', '203.0.113.9', '2001:db8::1'].map((h) => open.permitsLinkHost(h))).toEqual([true, false, false]);
    expect(['8.8.8.8', 'localhost', 'a.localhost', '127.0.0.1', '10.0.0.1', '::1'].map((h) => open.permitsLinkHost(h))).toEqual([true, false, false, false, false, false]);
  });

  it('refuses allow-list entries it cannot read', () => {
    expect(() => compileAllowList(['10.0.0.0/33'])).toThrow(/10\.0\.0\.0\/33/);
    expect(() => compileAllowList(['http://example.org'])).toThrow();
    expect(() => compileAllowList(['0x7f.1'])).toThrow();
    expect(compileAllowList(['Example.ORG', '[::1]', '127.0.0.1']).cidrs).toHaveLength(2);
  });
});

describe('parsePreviewUrl', () => {
  it('normalises numeric hosts before they are checked', () => {
    expect(parsePreviewUrl('http://2130706433/').hostname).toBe('127.0.0.1');
    expect(parsePreviewUrl('http://0177.0.0.1/').hostname).toBe('127.0.0.1');
    expect(parsePreviewUrl('http://0x7f.1/').hostname).toBe('127.0.0.1');
    expect(parsePreviewUrl('http://[::ffff:127.0.0.1]/').hostname).toBe('[::ffff:7f00:1]');
  });

  it('refuses other schemes and credentials', () => {
    for (const url of ['javascript:alert(1)', 'data:,x', 'file:///etc/passwd', 'gopher://x/', 'http://a:b@example.org/', 'http://a@example.org/']) {
      expect(() => parsePreviewUrl(url)).toThrow(HttpProblem);
    }
  });
});

describe('EgressGuard', () => {
  it('does not even resolve a name no allow-list entry could admit', async () => {
    const probe = egressProbe({ 'elsewhere.example': ['10.0.0.1'] });
    const guard = new EgressGuard({ policy: new EgressPolicy('allowlist', ['wiki.corp.example']), ...probe });
    await expect(guard.fetch(new URL('https://elsewhere.example/'), { accept: () => true, acceptHeader: '*/*' })).rejects.toMatchObject({
      code: 'egress_blocked',
    });
    expect(probe.lookups).toEqual([]);
    expect(probe.sockets).toEqual([]);
  });

  it('checks every address a name resolves to, and connects to the checked one only', async () => {
    const probe = egressProbe({ 'wiki.corp.example': ['10.0.0.5', '127.0.0.1'] });
    const guard = new EgressGuard({ policy: new EgressPolicy('allowlist', ['wiki.corp.example']), ...probe });
    await expect(guard.fetch(new URL('http://wiki.corp.example/'), { accept: () => true, acceptHeader: '*/*' })).rejects.toMatchObject({
      code: 'egress_blocked',
    });
    expect(probe.lookups).toEqual(['wiki.corp.example']);
    expect(probe.sockets).toEqual([]);
  });
});
