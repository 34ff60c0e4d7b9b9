import ipaddr from 'ipaddr.js';
import type { AuthConfig } from './authenticate.js';

/**
 * Whether binding to `host` keeps the server on this machine: `localhost`,
 * 127.0.0.0/8 or ::1 (also written as IPv4-mapped `::ffff:127.x.y.z`).
 */
export function isLoopbackHost(host: string): boolean {
  const bare = host.trim().toLowerCase();
  if (bare === 'localhost') return true;
  if (!ipaddr.isValid(bare)) return false;
  return ipaddr.process(bare).range() === 'loopback';
}

/**
 * Development sign-in lets anyone who reaches the server act as anyone, so
 * it listens on loopback only unless the caller says, loudly, that it may
 * be reached from the network. Throws with the administrator's options.
 */
export function checkDevAuthExposure(auth: AuthConfig, host: string, insecureDevAuthOnNetwork: boolean): void {
  if (auth.mode !== 'dev' || insecureDevAuthOnNetwork || isLoopbackHost(host)) return;
  throw new Error(
    `Refusing to listen on ${host}: --auth dev lets anyone who reaches the server act as anyone. ` +
      'Listen on loopback (127.0.0.1, ::1 or localhost), use --auth jwt, or, for a throwaway demo on a trusted network only, ' +
      'pass --insecure-dev-auth-on-network (insecureDevAuthOnNetwork: true).',
  );
}
