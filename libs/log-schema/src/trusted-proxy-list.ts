// The `--trusted-proxies` / `trustedProxies` text (ARCHITECTURE.md section 3), read the same way by
// `fleetlog parse` and `npm start`: a comma-separated list of addresses and CIDR blocks.

/**
 * The entries of a comma-separated trusted-proxy list, trimmed, empty entries dropped. Throws a
 * one-line Error when no entry is left (`''`, `',,,'`): an empty list would silently trust no
 * proxy, which is never what a user who typed the option meant. Entries are checked later, by
 * `TrustedProxies` (through compileLogFormat).
 */
export function trustedProxyList(text: string): string[] {
  const blocks = text
    .split(',')
    .map((block) => block.trim())
    .filter((block) => block !== '');
  if (blocks.length === 0) {
    throw new Error(
      `trusted proxies ${JSON.stringify(text)} list no address or CIDR block (expected e.g. 10.0.0.0/8,192.168.1.10)`,
    );
  }
  return blocks;
}
