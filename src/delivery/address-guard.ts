import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { buildConnector } from 'undici';

/** What webhooks may reach, from ALLOW_PRIVATE_TARGETS and ALLOWED_TARGET_CIDRS. */
export interface AddressPolicy {
  /** Permits every address (development and tests). */
  allowPrivate: boolean;
  /** Ranges such as '10.1.0.0/16' or 'fd00::/8' that stay reachable though otherwise blocked. */
  allowedCidrs: readonly string[];
}

/** An AddressPolicy with its ranges parsed, so no request parses them again. */
export interface CompiledPolicy {
  readonly allowPrivate: boolean;
  readonly allowedRanges: readonly (readonly [ipaddr.IPv4 | ipaddr.IPv6, number])[];
}

/** Parses CIDR strings once; throws Error naming the bad one. */
export function compilePolicy(policy: AddressPolicy): CompiledPolicy {
  const allowedRanges = policy.allowedCidrs.map((cidr) => {
    const [address, bits, extra] = cidr.split('/');
    const family = net.isIP(address);
    // Only the usual spellings: ipaddr.js alone would also take '0x0a.1/8' and the like.
    if (family === 0 || bits === undefined || extra !== undefined || !/^\d{1,3}$/.test(bits) || Number(bits) > (family === 4 ? 32 : 128)) {
      throw new Error(`invalid CIDR in allowed target ranges: "${cidr}"`);
    }
    return Object.freeze([parseAddress(address), Number(bits)] as const);
  });
  return Object.freeze({ allowPrivate: policy.allowPrivate, allowedRanges: Object.freeze(allowedRanges) });
}

/** Parses a string net.isIP() accepted. */
function parseAddress(ip: string): ipaddr.IPv4 | ipaddr.IPv6 {
  if (!net.isIPv6(ip)) return ipaddr.IPv4.parse(ip);
  // ipaddr.js reads '::a.b.c.d' as '::ffff:a.b.c.d'; spelling a dotted tail in hex keeps the
  // IPv4-compatible form (and every other) meaning what it says.
  const zone = ip.indexOf('%');
  const bare = zone < 0 ? ip : ip.slice(0, zone);
  const hex = bare.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_all, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`);
  return ipaddr.IPv6.parse(hex);
}

/**
 * Why an IP (already parsed, v4 or v6 string) may not be contacted, or null when it may.
 * Anything that is not a plain IP string is refused rather than guessed at.
 */
export function blockedReason(ip: string, policy: CompiledPolicy): string | null {
  if (net.isIP(ip) === 0) return 'not an IP address';
  if (policy.allowPrivate) return null;
  let addr: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    addr = parseAddress(ip);
  } catch {
    return 'not an IP address';
  }
  return judge(addr, policy);
}

function judge(addr: ipaddr.IPv4 | ipaddr.IPv6, policy: CompiledPolicy): string | null {
  if (isAllowed(addr, policy)) return null;
  return addr.kind() === 'ipv4' ? judgeV4(addr as ipaddr.IPv4) : judgeV6(addr as ipaddr.IPv6, policy);
}

function isAllowed(addr: ipaddr.IPv4 | ipaddr.IPv6, policy: CompiledPolicy): boolean {
  return policy.allowedRanges.some(([base, bits]) => base.kind() === addr.kind() && addr.match(base, bits));
}

const V4_REASONS: Record<string, string> = {
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  multicast: 'multicast address',
  linkLocal: 'link-local address (cloud metadata)',
  loopback: 'loopback address',
  carrierGradeNat: 'carrier-grade NAT address',
  private: 'private address',
  as112: 'AS112 anycast address',
  amt: 'AMT relay anycast address',
};

/** ipaddr.js files all of these under 'reserved'; a precise reason helps whoever reads the delivery log. */
const V4_RESERVED = ([
  ['192.0.0.0', 24, 'IETF protocol assignment address'],
  ['192.0.2.0', 24, 'documentation address (TEST-NET-1)'],
  ['198.51.100.0', 24, 'documentation address (TEST-NET-2)'],
  ['203.0.113.0', 24, 'documentation address (TEST-NET-3)'],
  ['198.18.0.0', 15, 'benchmarking address'],
  ['192.88.99.0', 24, '6to4 relay anycast address'],
] as const).map(([base, bits, reason]) => ({ base: ipaddr.IPv4.parse(base), bits, reason }));

function judgeV4(addr: ipaddr.IPv4): string | null {
  const range: string = addr.range();
  if (range === 'unicast') return null;
  if (range === 'reserved') {
    return V4_RESERVED.find(({ base, bits }) => addr.match(base, bits))?.reason ?? 'reserved address';
  }
  return V4_REASONS[range] ?? `special-purpose address (${range})`;
}

const V6_REASONS: Record<string, string> = {
  unspecified: 'unspecified address',
  loopback: 'loopback address',
  linkLocal: 'link-local address',
  multicast: 'multicast address',
  uniqueLocal: 'unique local address',
  deprecatedSiteLocal: 'site-local address',
  discard: 'discard-only address',
  reserved: 'reserved address',
  benchmarking: 'benchmarking address',
  segmentRouting: 'segment routing address',
};

function judgeV6(addr: ipaddr.IPv6, policy: CompiledPolicy): string | null {
  const p = addr.parts;
  const range: string = addr.range();
  switch (range) {
    case 'unicast':
      break;
    // Each of these carries an IPv4 address that the packet ends up at (directly, or through
    // a translator or relay), so that address is what gets judged.
    case 'ipv4Mapped':
      return embedded('IPv4-mapped', [v4(p[6], p[7])], policy);
    case 'rfc6145':
      return embedded('IPv4-translated', [v4(p[6], p[7])], policy);
    case 'rfc6052':
      // The local-use prefix 64:ff9b:1::/48 may place the IPv4 address at several offsets
      // depending on the operator's prefix length, so it cannot be decoded reliably.
      if (p[2] !== 0) return 'local-use NAT64 address';
      return embedded('NAT64', [v4(p[6], p[7])], policy);
    case '6to4':
      return embedded('6to4', [v4(p[1], p[2])], policy);
    case 'teredo':
      // Server in bits 32-63; client stored inverted in the last 32 bits. Both are reached.
      return embedded('Teredo', [v4(p[2], p[3]), v4(~p[6] & 0xffff, ~p[7] & 0xffff)], policy);
    default:
      return V6_REASONS[range] ?? `special-purpose address (${range})`;
  }
  if (p.slice(0, 6).every((part) => part === 0)) {
    // IPv4-compatible ::a.b.c.d (deprecated); :: and ::1 were already caught by range().
    return embedded('IPv4-compatible', [v4(p[6], p[7])], policy);
  }
  // Only 2000::/3 is allocated for global unicast; the rest (e.g. ::/8 leftovers such as
  // 64:ff9b:0:0:1::) is reserved or special-purpose, and ipaddr.js calls much of it unicast.
  if ((p[0] & 0xe000) !== 0x2000) return 'reserved address';
  return null;
}

function v4(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

function embedded(form: string, addresses: ipaddr.IPv4[], policy: CompiledPolicy): string | null {
  for (const addr of addresses) {
    const reason = judge(addr, policy);
    if (reason !== null) return `${form} ${reason}`;
  }
  return null;
}

/**
 * Checks a webhook URL at schedule time, without DNS: scheme, credentials, IP literals in
 * any spelling (WHATWG URL turns 127.1, 2130706433, 0x7f.1 and [::ffff:127.0.0.1] into
 * canonical forms first) and names that only ever mean this machine or a private network.
 * The connector re-checks every resolved address when the webhook is sent.
 */
export function checkWebhookUrl(url: string, policy: CompiledPolicy): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'invalid URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'URL scheme must be http or https';
  if (parsed.username !== '' || parsed.password !== '') return 'credentials in the URL are not allowed';
  if (policy.allowPrivate) return null;

  const host = parsed.hostname;
  if (host.startsWith('[')) return blockedReason(host.slice(1, -1), policy);
  if (net.isIPv4(host)) return blockedReason(host, policy);

  const name = host.replace(/\.+$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    // These always resolve to loopback (RFC 6761), so they are refused exactly when loopback is.
    const v4Reason = blockedReason('127.0.0.1', policy);
    const v6Reason = blockedReason('::1', policy);
    return v4Reason !== null && v6Reason !== null ? 'localhost name' : null;
  }
  // With allowed ranges configured, internal names may well be legitimate targets; the
  // connector still checks whatever they resolve to.
  if (policy.allowedRanges.length === 0 && /(^|\.)(internal|local)$/.test(name)) return 'internal host name';
  return null;
}

/** The error a connection refused by the guard fails with. */
export class BlockedAddressError extends Error {
  readonly code = 'DISPATCH_BLOCKED_ADDRESS';

  constructor(
    readonly reason: string,
    readonly address: string,
  ) {
    super(`blocked address: ${reason} (${address})`);
    this.name = 'BlockedAddressError';
  }
}

/** Connector options; `lookup` replaces dns.lookup for resolving host names (tests). */
export type GuardedConnectorOptions = buildConnector.BuildOptions & { lookup?: net.LookupFunction };

const systemLookup: net.LookupFunction = (hostname, options, callback) =>
  dns.lookup(hostname, { ...options, all: true }, callback);

/** The inner connector is only ever handed IP literals, for which net never resolves. */
const refuseLookup: net.LookupFunction = (hostname, _options, callback) => {
  const error: NodeJS.ErrnoException = new Error(`unexpected name lookup for ${hostname}`);
  error.code = 'DISPATCH_BLOCKED_ADDRESS';
  callback(error, '', 0);
};

/**
 * An undici `connect` function that resolves the host itself, drops every answer
 * blockedReason() refuses and connects only to a vetted address, trying the next vetted one
 * when a connection fails. TLS keeps the original host name for SNI and certificate checks,
 * and undici builds the Host header from the URL, so receivers see no difference.
 */
export function guardedConnector(policy: CompiledPolicy, options: GuardedConnectorOptions = {}): buildConnector.connector {
  const { lookup = systemLookup, ...rest } = options as GuardedConnectorOptions & { path?: string; socketPath?: string | null };
  // A Unix socket path would make net ignore the host altogether.
  if (rest.socketPath != null || rest.path != null) throw new Error('guardedConnector does not support socket paths');
  const connect = buildConnector({ ...rest, lookup: refuseLookup } as buildConnector.BuildOptions);

  return (opts, callback) => {
    const { hostname } = opts;
    // undici strips the brackets from IPv6 literals and does not resolve IP literals.
    if (net.isIP(hostname) !== 0) {
      const reason = blockedReason(hostname, policy);
      if (reason !== null) return callback(new BlockedAddressError(reason, hostname), null);
      return connect(opts, callback);
    }

    const resolved: Parameters<net.LookupFunction>[2] = (error, answer) => {
      if (error) return callback(error, null);
      const addresses = typeof answer === 'string' ? [answer] : answer.map((a) => a.address);
      if (addresses.length === 0) {
        const notFound: NodeJS.ErrnoException = new Error(`no addresses for ${hostname}`);
        notFound.code = 'ENOTFOUND';
        return callback(notFound, null);
      }
      let refused: BlockedAddressError | null = null;
      const vetted: string[] = [];
      for (const address of addresses) {
        const reason = blockedReason(address, policy);
        if (reason === null) vetted.push(address);
        else refused ??= new BlockedAddressError(reason, address);
      }
      if (vetted.length === 0) return callback(refused!, null);

      const servername = opts.servername || (rest as { servername?: string }).servername || hostname;
      const attempt = (index: number): void => {
        connect({ ...opts, hostname: vetted[index], servername }, (...result) => {
          if (result[0] !== null && index + 1 < vetted.length) return attempt(index + 1);
          callback(...result);
        });
      };
      attempt(0);
    };
    try {
      lookup(hostname, { all: true }, resolved);
    } catch (error) {
      callback(error as Error, null);
    }
  };
}
