import { createServer, type Server } from 'node:http';
import type { AddressInfo, LookupFunction } from 'node:net';
import tls from 'node:tls';
import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { blockedReason, checkWebhookUrl, compilePolicy, guardedConnector } from '../../src/delivery/address-guard.js';
import { WebhookClient } from '../../src/delivery/webhook-client.js';

const strict = compilePolicy({ allowPrivate: false, allowedCidrs: [] });
const permissive = compilePolicy({ allowPrivate: true, allowedCidrs: [] });

describe('compilePolicy', () => {
  it('accepts IPv4 and IPv6 ranges', () => {
    const policy = compilePolicy({ allowPrivate: false, allowedCidrs: ['10.1.0.0/16', 'fd00::/8', '127.0.0.1/32', '::1/128'] });
    expect(policy.allowedRanges).toHaveLength(4);
  });

  it.each(['internal', '10.0.0.0', '10.0.0.0/33', 'fd00::/129', '0x0a.1/8', '10.0.0.0/8/8', '10.0.0.0/-1', '10.0.0.0/ 8', ''])(
    'throws naming the bad range %j',
    (cidr) => {
      expect(() => compilePolicy({ allowPrivate: false, allowedCidrs: ['10.1.0.0/16', cidr] })).toThrow(`"${cidr}"`);
    },
  );
});

describe('blockedReason', () => {
  it.each([
    ['127.0.0.1', 'loopback address'],
    ['127.255.255.254', 'loopback address'],
    ['10.0.0.1', 'private address'],
    ['10.255.255.255', 'private address'],
    ['172.16.0.1', 'private address'],
    ['172.31.255.255', 'private address'],
    ['192.168.1.1', 'private address'],
    ['169.254.169.254', 'link-local address (cloud metadata)'],
    ['169.254.0.1', 'link-local address (cloud metadata)'],
    ['100.64.0.1', 'carrier-grade NAT address'],
    ['100.127.255.255', 'carrier-grade NAT address'],
    ['0.0.0.0', 'unspecified address'],
    ['0.1.2.3', 'unspecified address'],
    ['240.0.0.1', 'reserved address'],
    ['254.255.255.255', 'reserved address'],
    ['255.255.255.255', 'broadcast address'],
    ['224.0.0.1', 'multicast address'],
    ['239.255.255.250', 'multicast address'],
    ['198.18.0.1', 'benchmarking address'],
    ['198.19.255.255', 'benchmarking address'],
    ['192.0.2.1', 'documentation address (TEST-NET-1)'],
    ['198.51.100.7', 'documentation address (TEST-NET-2)'],
    ['203.0.113.9', 'documentation address (TEST-NET-3)'],
    ['192.0.0.8', 'IETF protocol assignment address'],
    ['::1', 'loopback address'],
    ['0:0:0:0:0:0:0:1', 'loopback address'],
    ['::', 'unspecified address'],
    ['fe80::1', 'link-local address'],
    ['fe80::1%eth0', 'link-local address'],
    ['febf::1', 'link-local address'],
    ['fc00::1', 'unique local address'],
    ['fd00:ec2::254', 'unique local address'],
    ['ff02::1', 'multicast address'],
    ['ff0e::1', 'multicast address'],
    ['fec0::1', 'site-local address'],
    ['2001:db8::1', 'reserved address'],
    ['100::1', 'discard-only address'],
    ['4000::1', 'reserved address'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback address'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback address'],
    ['::ffff:169.254.169.254', 'IPv4-mapped link-local address (cloud metadata)'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private address'],
    ['0:0:0:0:0:ffff:c0a8:101', 'IPv4-mapped private address'],
    ['::ffff:0:127.0.0.1', 'IPv4-translated loopback address'],
    ['64:ff9b::127.0.0.1', 'NAT64 loopback address'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 link-local address (cloud metadata)'],
    ['64:ff9b:1::1', 'local-use NAT64 address'],
    ['2002:7f00:1::', '6to4 loopback address'],
    ['2002:a00:1:1::1', '6to4 private address'],
    ['2002:a9fe:a9fe::', '6to4 link-local address (cloud metadata)'],
    ['::127.0.0.1', 'IPv4-compatible loopback address'],
    ['::7f00:1', 'IPv4-compatible loopback address'],
    ['::10.1.2.3', 'IPv4-compatible private address'],
    // Teredo: server 65.54.227.120, client stored inverted (~c000:22d = 63.255.253.210 -> 192.0.2.45).
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo documentation address (TEST-NET-1)'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'Teredo loopback address'],
    ['2001:0:7f00:1:8000:63bf:3fff:fdd2', 'Teredo loopback address'],
  ])('blocks %s (%s)', (ip, reason) => {
    expect(blockedReason(ip, strict)).toBe(reason);
  });

  it.each([
    '93.184.216.34', '1.1.1.1', '8.8.8.8', '172.15.255.255', '172.32.0.1', '100.63.255.255', '100.128.0.1',
    '169.253.255.255', '198.17.255.255', '198.20.0.1', '223.255.255.254', '11.0.0.1',
    '2606:4700::1111', '2a00:1450:4001:81b::200e', '2001:4860:4860::8888',
    // Wrapped public IPv4 addresses reach public hosts.
    '::ffff:93.184.216.34', '64:ff9b::93.184.216.34', '2002:5db8:d822::1',
    '2001:0:4136:e378:8000:63bf:a247:27dd',
  ])('allows public %s', (ip) => {
    expect(blockedReason(ip, strict)).toBeNull();
  });

  it.each(['127.1', '2130706433', 'example.com', '', '1.2.3.4.5', '[::1]', '127.0.0.1/8'])('refuses %j, which is not an IP string', (ip) => {
    expect(blockedReason(ip, strict)).toBe('not an IP address');
    expect(blockedReason(ip, permissive)).toBe('not an IP address');
  });

  it('allows everything when allowPrivate is set', () => {
    for (const ip of ['127.0.0.1', '10.0.0.1', '169.254.169.254', '::1', '::', 'fd00:ec2::254', '::ffff:127.0.0.1', '255.255.255.255']) {
      expect(blockedReason(ip, permissive)).toBeNull();
    }
  });

  describe('ALLOWED_TARGET_CIDRS', () => {
    const policy = compilePolicy({
      allowPrivate: false,
      allowedCidrs: ['10.1.0.0/16', 'fd00::/8', '169.254.170.2/32', '::ffff:192.168.7.0/120'],
    });

    it.each(['10.1.0.1', '10.1.255.255', 'fd00:ec2::254', 'fdff::1', '169.254.170.2', '::ffff:192.168.7.9'])('allows %s inside a range', (ip) => {
      expect(blockedReason(ip, policy)).toBeNull();
    });

    it.each(['::ffff:10.1.2.3', '64:ff9b::10.1.2.3', '2002:a01:203::', '::10.1.2.3'])('allows %s, which wraps an allowed IPv4 address', (ip) => {
      expect(blockedReason(ip, policy)).toBeNull();
    });

    it.each([
      ['10.2.0.1', 'private address'],
      ['10.0.255.255', 'private address'],
      ['fc00::1', 'unique local address'],
      ['169.254.169.254', 'link-local address (cloud metadata)'],
      ['127.0.0.1', 'loopback address'],
      ['::1', 'loopback address'],
      ['::ffff:10.2.0.1', 'IPv4-mapped private address'],
      ['192.168.8.1', 'private address'],
    ])('still blocks %s outside them', (ip, reason) => {
      expect(blockedReason(ip, policy)).toBe(reason);
    });

    it('keeps 127.0.0.0/8 and ::1 separate', () => {
      const loopbackV4 = compilePolicy({ allowPrivate: false, allowedCidrs: ['127.0.0.0/8'] });
      expect(blockedReason('127.0.0.1', loopbackV4)).toBeNull();
      expect(blockedReason('::ffff:127.0.0.1', loopbackV4)).toBeNull();
      expect(blockedReason('::1', loopbackV4)).toBe('loopback address');
    });
  });
});

describe('checkWebhookUrl', () => {
  it.each([
    ['http://127.0.0.1/', 'loopback address'],
    ['http://127.1/', 'loopback address'],
    ['http://127.0.1/', 'loopback address'],
    ['http://2130706433/', 'loopback address'],
    ['http://0x7f000001/', 'loopback address'],
    ['http://0x7f.1/', 'loopback address'],
    ['http://0x7f.0x0.0x0.0x1/', 'loopback address'],
    ['http://0177.0.0.1/', 'loopback address'],
    ['http://0177.1/', 'loopback address'],
    ['http://017700000001/', 'loopback address'],
    ['http://127.0.0.1.:8080/', 'loopback address'],
    ['http://%31%32%37.0.0.1/', 'loopback address'],
    ['http://０x7f.1/', 'loopback address'],
    ['https://[::1]/', 'loopback address'],
    ['http://[0:0:0:0:0:0:0:1]:8080/hook', 'loopback address'],
    ['http://[::]/', 'unspecified address'],
    ['http://0/', 'unspecified address'],
    ['http://0.0.0.0:4000/', 'unspecified address'],
    ['http://[::ffff:127.0.0.1]/', 'IPv4-mapped loopback address'],
    ['http://[::ffff:7f00:1]/', 'IPv4-mapped loopback address'],
    ['http://[::ffff:169.254.169.254]/latest/meta-data/', 'IPv4-mapped link-local address (cloud metadata)'],
    ['http://[64:ff9b::127.0.0.1]/', 'NAT64 loopback address'],
    ['http://[64:ff9b::10.0.0.1]/', 'NAT64 private address'],
    ['http://[2002:c0a8:101::]/', '6to4 private address'],
    ['http://[2002:7f00:1::1]/', '6to4 loopback address'],
    ['http://[::127.0.0.1]/', 'IPv4-compatible loopback address'],
    ['http://[2001:0:4136:e378:8000:63bf:80ff:fffe]/', 'Teredo loopback address'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local address (cloud metadata)'],
    ['http://2852039166/', 'link-local address (cloud metadata)'],
    ['http://[fd00:ec2::254]/', 'unique local address'],
    ['http://[fe80::1]/', 'link-local address'],
    ['http://[ff02::1]/', 'multicast address'],
    ['http://10.0.0.1/', 'private address'],
    ['http://172.16.0.1/', 'private address'],
    ['http://192.168.0.1/', 'private address'],
    ['http://0xc0a80001/', 'private address'],
    ['http://100.64.0.1/', 'carrier-grade NAT address'],
    ['http://240.0.0.1/', 'reserved address'],
    ['http://255.255.255.255/', 'broadcast address'],
    ['http://224.0.0.251/', 'multicast address'],
    ['http://198.18.0.1/', 'benchmarking address'],
    ['http://192.0.2.1/', 'documentation address (TEST-NET-1)'],
  ])('rejects %s (%s)', (url, reason) => {
    expect(checkWebhookUrl(url, strict)).toBe(reason);
  });

  it.each([
    'http://localhost/', 'http://LOCALHOST:3000/', 'http://localhost./', 'http://api.localhost/', 'http://a.b.localhost./',
  ])('rejects the loopback name in %s', (url) => {
    expect(checkWebhookUrl(url, strict)).toBe('localhost name');
  });

  it.each([
    'http://metadata.google.internal/computeMetadata/v1/', 'http://billing.internal/', 'http://host.docker.internal:8080/',
    'http://printer.local/', 'http://NAS.LOCAL./', 'http://internal/', 'http://local/',
  ])('rejects the internal name in %s', (url) => {
    expect(checkWebhookUrl(url, strict)).toBe('internal host name');
  });

  it.each([
    'https://example.com', 'https://example.com/hooks?x=1#frag', 'http://example.com:8080/', 'https://EXAMPLE.com./',
    'http://93.184.216.34/', 'http://1572395042/', 'https://[2606:4700::1111]/', 'https://[2606:4700::1111]:8443/hook',
    'https://localhost.example.com/', 'https://internal.example.com/', 'https://local.example.com/', 'https://xn--bcher-kva.example/',
  ])('accepts %s', (url) => {
    expect(checkWebhookUrl(url, strict)).toBeNull();
  });

  it.each(['ftp://example.com/', 'file:///etc/passwd', 'ws://example.com/', 'wss://example.com/', 'gopher://example.com/', 'data:text/plain,hi', 'javascript:alert(1)'])(
    'rejects the scheme of %s',
    (url) => {
      expect(checkWebhookUrl(url, strict)).toBe('URL scheme must be http or https');
      expect(checkWebhookUrl(url, permissive)).toBe('URL scheme must be http or https');
    },
  );

  it.each(['https://user:pass@example.com/', 'https://user@example.com/', 'https://:pass@example.com/', 'http://a%40b:c@93.184.216.34/'])(
    'rejects credentials in %s',
    (url) => {
      expect(checkWebhookUrl(url, strict)).toBe('credentials in the URL are not allowed');
      expect(checkWebhookUrl(url, permissive)).toBe('credentials in the URL are not allowed');
    },
  );

  it.each(['', 'example.com', '/relative', 'http://', 'http://256.0.0.1/', 'http://1.2.3.4.5/', 'http://[::1/', 'http://exa mple.com/'])(
    'rejects the invalid URL %j',
    (url) => {
      expect(checkWebhookUrl(url, strict)).toBe('invalid URL');
    },
  );

  it('accepts every address and name when allowPrivate is set', () => {
    for (const url of ['http://127.0.0.1:4000/', 'http://127.1/', 'http://[::1]/', 'http://localhost:4000/', 'http://billing.internal/', 'http://10.0.0.1/']) {
      expect(checkWebhookUrl(url, permissive)).toBeNull();
    }
  });

  it('honours ALLOWED_TARGET_CIDRS for literals in any spelling', () => {
    const policy = compilePolicy({ allowPrivate: false, allowedCidrs: ['10.1.0.0/16'] });
    expect(checkWebhookUrl('http://10.1.2.3/', policy)).toBeNull();
    expect(checkWebhookUrl('http://0x0a010203/', policy)).toBeNull();
    expect(checkWebhookUrl('http://[::ffff:10.1.2.3]/', policy)).toBeNull();
    expect(checkWebhookUrl('http://10.2.0.1/', policy)).toBe('private address');
    expect(checkWebhookUrl('http://127.0.0.1/', policy)).toBe('loopback address');
  });

  it('leaves internal names to the connector once private ranges are allowed', () => {
    const policy = compilePolicy({ allowPrivate: false, allowedCidrs: ['10.1.0.0/16'] });
    expect(checkWebhookUrl('http://billing.internal/', policy)).toBeNull();
    expect(checkWebhookUrl('http://printer.local/', policy)).toBeNull();
    expect(checkWebhookUrl('http://localhost/', policy)).toBe('localhost name');
  });

  it('accepts localhost when a loopback range is allowed', () => {
    expect(checkWebhookUrl('http://localhost:4000/', compilePolicy({ allowPrivate: false, allowedCidrs: ['127.0.0.0/8'] }))).toBeNull();
    expect(checkWebhookUrl('http://localhost:4000/', compilePolicy({ allowPrivate: false, allowedCidrs: ['::1/128'] }))).toBeNull();
  });
});

/** Blocked IPv4 ranges as [first address, prefix length]. */
const BLOCKED_V4: readonly (readonly [number, number])[] = [
  [0x0a000000, 8], // 10/8
  [0xac100000, 12], // 172.16/12
  [0xc0a80000, 16], // 192.168/16
  [0x7f000000, 8], // 127/8
  [0xa9fe0000, 16], // 169.254/16
  [0x64400000, 10], // 100.64/10
  [0x00000000, 8], // 0/8
  [0xf0000000, 4], // 240/4
];

/** Every range the guard refuses, written out independently of ipaddr.js. */
const NOT_PUBLIC_V4: readonly (readonly [number, number])[] = [
  ...BLOCKED_V4,
  [0xe0000000, 4], // multicast
  [0xc0000000, 24], // 192.0.0/24
  [0xc0000200, 24], // TEST-NET-1
  [0xc633_6400, 24], // TEST-NET-2
  [0xcb007100, 24], // TEST-NET-3
  [0xc6120000, 15], // benchmarking
  [0xc0586300, 24], // 6to4 relay anycast
  [0xc0af3000, 24], // AS112
  [0xc01fc400, 24], // AS112
  [0xc034c100, 24], // AMT
];

const inRange = (n: number, [base, bits]: readonly [number, number]) => bits === 0 || n >>> (32 - bits) === base >>> (32 - bits);

const blockedV4 = fc
  .tuple(fc.constantFrom(...BLOCKED_V4), fc.nat({ max: 0xffffffff }))
  .map(([[base, bits], noise]) => (base | (noise & (bits === 32 ? 0 : 0xffffffff >>> bits))) >>> 0);

const publicV4 = fc.nat({ max: 0xffffffff }).filter((n) => !NOT_PUBLIC_V4.some((range) => inRange(n, range)));

function octets(n: number): [number, number, number, number] {
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** The host part of a URL for one IPv4 address, in each spelling WHATWG URL accepts. */
function spellings(n: number): string[] {
  const [a, b, c, d] = octets(n);
  const dotted = `${a}.${b}.${c}.${d}`;
  const hex16 = (x: number) => x.toString(16);
  return [
    dotted,
    `${dotted}.`,
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    [a, b, c, d].map((o) => `0x${o.toString(16)}`).join('.'),
    [a, b, c, d].map((o) => `0${o.toString(8)}`).join('.'),
    `${a}.${(b << 16) | (c << 8) | d}`,
    `${a}.${b}.${(c << 8) | d}`,
    `0x${a.toString(16)}.${((b << 16) | (c << 8) | d).toString(10)}`,
    `[::ffff:${dotted}]`,
    `[::ffff:${hex16((a << 8) | b)}:${hex16((c << 8) | d)}]`,
    `[64:ff9b::${dotted}]`,
    `[2002:${hex16((a << 8) | b)}:${hex16((c << 8) | d)}::1]`,
  ];
}

describe('checkWebhookUrl properties', () => {
  it('rejects every spelling of an address in a blocked IPv4 range', () => {
    fc.assert(
      fc.property(blockedV4, (n) => {
        for (const host of spellings(n)) {
          const reason = checkWebhookUrl(`http://${host}/`, strict);
          expect(reason, host).not.toBeNull();
          expect(reason, host).not.toBe('invalid URL');
        }
      }),
      { numRuns: 500 },
    );
  });

  it('accepts public IPv4 addresses in dotted form', () => {
    fc.assert(
      fc.property(publicV4, (n) => {
        expect(checkWebhookUrl(`http://${octets(n).join('.')}/`, strict)).toBeNull();
        expect(checkWebhookUrl(`https://${octets(n).join('.')}:8443/hook`, strict)).toBeNull();
      }),
      { numRuns: 1000 },
    );
  });

  it('judges any spelling of any IPv4 address the same way', () => {
    fc.assert(
      fc.property(fc.nat({ max: 0xffffffff }), (n) => {
        const verdict = blockedReason(octets(n).join('.'), strict) === null;
        for (const host of spellings(n)) expect(checkWebhookUrl(`http://${host}/`, strict) === null, host).toBe(verdict);
      }),
      { numRuns: 500 },
    );
  });

  it('accepts every spelling of every address under allowPrivate', () => {
    fc.assert(
      fc.property(blockedV4, (n) => {
        for (const host of spellings(n)) expect(checkWebhookUrl(`http://${host}/`, permissive), host).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});

describe('guardedConnector', () => {
  /** Plays the private service that must stay unreachable. */
  let internal: Server;
  /** Plays a public receiver; on 127.0.0.2 so tests need no network access. */
  let external: Server;
  let internalPort: number;
  let externalPort: number;
  const seen = { internal: 0, external: 0, hosts: [] as string[] };
  const agents: Agent[] = [];

  const listen = async (host: string, name: 'internal' | 'external') => {
    const server = createServer((req, res) => {
      seen.hosts.push(req.headers.host ?? '');
      res.writeHead(200, { connection: 'close' }).end(name);
    });
    server.on('connection', () => seen[name]++);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return server;
  };

  beforeAll(async () => {
    internal = await listen('127.0.0.1', 'internal');
    external = await listen('127.0.0.2', 'external');
    internalPort = (internal.address() as AddressInfo).port;
    externalPort = (external.address() as AddressInfo).port;
  });

  beforeEach(() => {
    seen.internal = 0;
    seen.external = 0;
    seen.hosts.length = 0;
  });

  afterAll(async () => {
    await Promise.all(agents.map((agent) => agent.close()));
    for (const server of [internal, external]) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  const get = async (url: string, connect: ReturnType<typeof guardedConnector>) => {
    const agent = new Agent({ connect });
    agents.push(agent);
    const res = await request(url, { dispatcher: agent });
    return { status: res.statusCode, body: await res.body.text() };
  };

  /** A resolver that answers from a script, one answer per call (the last one repeats). */
  const scripted = (...answers: string[][]) => {
    const calls: Array<{ hostname: string; all: boolean | undefined }> = [];
    const lookup: LookupFunction = (hostname, options, callback) => {
      calls.push({ hostname, all: options.all });
      const answer = answers[Math.min(calls.length - 1, answers.length - 1)];
      callback(null, answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));
    };
    return { lookup, calls };
  };

  const blocked = (reason: string, ip: string) => ({ code: 'DISPATCH_BLOCKED_ADDRESS', message: `blocked address: ${reason} (${ip})` });

  /** 127.0.0.2 stands in for a public address; 127.0.0.1 is the internal one. */
  const rebindPolicy = compilePolicy({ allowPrivate: false, allowedCidrs: ['127.0.0.2/32'] });

  it('refuses an IP literal without connecting', async () => {
    await expect(get(`http://127.0.0.1:${internalPort}/`, guardedConnector(strict))).rejects.toMatchObject(blocked('loopback address', '127.0.0.1'));
    await expect(get(`http://[::1]:${internalPort}/`, guardedConnector(strict))).rejects.toMatchObject(blocked('loopback address', '::1'));
    await expect(get(`http://[::ffff:127.0.0.1]:${internalPort}/`, guardedConnector(strict))).rejects.toMatchObject(
      blocked('IPv4-mapped loopback address', '::ffff:7f00:1'),
    );
    expect(seen.internal).toBe(0);
  });

  it('refuses localhost after resolving it with the system resolver', async () => {
    const error = await get(`http://localhost:${internalPort}/`, guardedConnector(strict)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DISPATCH_BLOCKED_ADDRESS' });
    expect((error as Error).message).toMatch(/^blocked address: loopback address \((127\.0\.0\.1|::1)\)$/);
    expect(seen.internal).toBe(0);
  });

  it('connects when ALLOWED_TARGET_CIDRS covers the address', async () => {
    const policy = compilePolicy({ allowPrivate: false, allowedCidrs: ['127.0.0.0/8'] });
    expect(await get(`http://127.0.0.1:${internalPort}/`, guardedConnector(policy))).toEqual({ status: 200, body: 'internal' });
    // Should localhost also resolve to ::1, that answer is dropped and 127.0.0.1 used.
    expect(await get(`http://localhost:${internalPort}/`, guardedConnector(policy))).toEqual({ status: 200, body: 'internal' });
    expect(seen.hosts).toEqual([`127.0.0.1:${internalPort}`, `localhost:${internalPort}`]);
  });

  it('connects anywhere when allowPrivate is set', async () => {
    expect(await get(`http://127.0.0.1:${internalPort}/`, guardedConnector(permissive))).toEqual({ status: 200, body: 'internal' });
    expect(await get(`http://localhost:${internalPort}/`, guardedConnector(permissive))).toEqual({ status: 200, body: 'internal' });
  });

  it('asks the resolver for every address', async () => {
    const { lookup, calls } = scripted(['127.0.0.2']);
    await get(`http://rebind.example:${externalPort}/`, guardedConnector(rebindPolicy, { lookup }));
    expect(calls).toEqual([{ hostname: 'rebind.example', all: true }]);
  });

  it('never connects to a refused answer, whatever its position', async () => {
    for (const answer of [['127.0.0.2', '127.0.0.1'], ['127.0.0.1', '127.0.0.2'], ['10.0.0.1', '::1', '127.0.0.1', '127.0.0.2']]) {
      const { lookup } = scripted(answer);
      expect(await get(`http://rebind.example:${externalPort}/`, guardedConnector(rebindPolicy, { lookup }))).toEqual({ status: 200, body: 'external' });
    }
    expect(seen.internal).toBe(0);
    expect(seen.external).toBe(3);
    // The receiver still sees the name it was addressed by.
    expect(seen.hosts).toEqual(Array(3).fill(`rebind.example:${externalPort}`));
  });

  it('fails an innocent-looking name that resolves only to refused addresses', async () => {
    const { lookup } = scripted(['127.0.0.1']);
    await expect(get(`http://rebind.example:${internalPort}/`, guardedConnector(rebindPolicy, { lookup }))).rejects.toMatchObject(
      blocked('loopback address', '127.0.0.1'),
    );
    const metadata = scripted(['169.254.169.254', 'fd00:ec2::254']);
    await expect(get(`http://rebind.example:${internalPort}/`, guardedConnector(rebindPolicy, { lookup: metadata.lookup }))).rejects.toMatchObject(
      blocked('link-local address (cloud metadata)', '169.254.169.254'),
    );
    expect(seen.internal).toBe(0);
  });

  it('checks the answer again for each new connection (DNS rebinding)', async () => {
    const { lookup, calls } = scripted(['127.0.0.2'], ['127.0.0.1']);
    const agent = new Agent({ connect: guardedConnector(rebindPolicy, { lookup }) });
    agents.push(agent);
    const first = await request(`http://rebind.example:${externalPort}/`, { dispatcher: agent });
    expect(await first.body.text()).toBe('external');
    // The receiver closed that connection, so the next request resolves again and gets 127.0.0.1.
    await expect(request(`http://rebind.example:${externalPort}/`, { dispatcher: agent })).rejects.toMatchObject(
      blocked('loopback address', '127.0.0.1'),
    );
    expect(calls).toHaveLength(2);
    expect(seen.internal).toBe(0);
  });

  it('accepts a resolver that answers with one address string', async () => {
    const lookup: LookupFunction = (_hostname, _options, callback) => callback(null, '127.0.0.1', 4);
    await expect(get(`http://rebind.example:${internalPort}/`, guardedConnector(rebindPolicy, { lookup }))).rejects.toMatchObject(
      blocked('loopback address', '127.0.0.1'),
    );
  });

  it('passes resolver errors on', async () => {
    const lookup: LookupFunction = (hostname, _options, callback) =>
      callback(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), []);
    await expect(get(`http://nowhere.example:${externalPort}/`, guardedConnector(rebindPolicy, { lookup }))).rejects.toMatchObject({ code: 'ENOTFOUND' });
    const empty = scripted([]);
    await expect(get(`http://nowhere.example:${externalPort}/`, guardedConnector(rebindPolicy, { lookup: empty.lookup }))).rejects.toMatchObject({
      code: 'ENOTFOUND',
    });
  });

  it('tries the next allowed address when one refuses the connection', async () => {
    // Nothing listens on 127.0.0.3 at this port.
    const { lookup } = scripted(['127.0.0.3', '127.0.0.1']);
    expect(await get(`http://rebind.example:${internalPort}/`, guardedConnector(permissive, { lookup }))).toEqual({ status: 200, body: 'internal' });
    const none = scripted(['127.0.0.3']);
    await expect(get(`http://rebind.example:${internalPort}/`, guardedConnector(permissive, { lookup: none.lookup }))).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
  });

  it('keeps the host name for TLS server name indication', async () => {
    const names: string[] = [];
    const server = tls.createServer({
      SNICallback: (name, cb) => {
        names.push(name);
        cb(new Error('no certificate here'), undefined);
      },
    });
    server.on('tlsClientError', () => {});
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
    try {
      const { lookup } = scripted(['127.0.0.1', '127.0.0.2']);
      const port = (server.address() as AddressInfo).port;
      await expect(get(`https://sni.example:${port}/`, guardedConnector(rebindPolicy, { lookup }))).rejects.toThrow();
      expect(names).toEqual(['sni.example']);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects a socket path, which would bypass the address', () => {
    expect(() => guardedConnector(strict, { socketPath: '/tmp/x.sock' })).toThrow(/socket path/);
  });

  it('reports a blocked address through the webhook client', async () => {
    const client = new WebhookClient({ connect: guardedConnector(strict) });
    try {
      const result = await client.deliver({ url: `http://127.0.0.1:${internalPort}/`, body: '{}', timeoutMs: 5_000 });
      expect(result).toMatchObject({ ok: false, responseCode: null, error: 'blocked address: loopback address (127.0.0.1)' });
    } finally {
      await client.close();
    }
    expect(seen.internal).toBe(0);
  });
});
