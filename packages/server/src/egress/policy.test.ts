import { describe, expect, it } from 'vitest';
import { EgressPolicy, compileAllowList, parseAddress } from './policy.js';
import { EgressGuard, parsePreviewUrl } from './fetcher.js';
import { egressProbe } from '../_egress-probe.js';
import { HttpProblem } from '../errors.js';

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

  it('admits nothing when off', () => {
    const policy = new EgressPolicy('off', ['127.0.0.1/32']);
    expect(allows(policy, '127.0.0.1')).toBe(false);
    expect(policy.mayResolve('example.org')).toBe(false);
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
