/**
 * The dashboard's HTTP side on a real Dispatch: `/` and the built files with their security
 * headers, everything else still the API's JSON 404, and what happens without a bundle.
 */
import { cp, mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { WEB_ROOT } from '../../src/transports/dashboard/dashboard-build.js';
import { registerDashboard } from '../../src/transports/dashboard/dashboard.routes.js';
import { startTestApp, type TestApp } from '../helpers/app.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

const get = async (pathname: string, headers: Record<string, string> = {}) => {
  const res = await request(`${server.url}${pathname}`, { headers });
  const body = Buffer.from(await res.body.arrayBuffer());
  return { status: res.statusCode, headers: res.headers, body };
};

const assetPaths = async () => {
  const html = (await get('/')).body.toString('utf8');
  return [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
};

describe('serving the dashboard', () => {
  it('answers / and /index.html with the page and a strict policy', async () => {
    for (const pathname of ['/', '/index.html']) {
      const res = await get(pathname);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body.toString('utf8')).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-cache');

      const policy = String(res.headers['content-security-policy']);
      const directives = Object.fromEntries(policy.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));
      expect(directives['default-src']).toEqual(["'none'"]);
      expect(directives['script-src']).toEqual(["'self'"]);
      expect(directives['style-src']).toEqual(["'self'"]);
      expect(directives['frame-ancestors']).toEqual(["'none'"]);
      const host = new URL(server.url).host;
      expect(directives['connect-src']).toEqual(["'self'", `ws://${host}`, `wss://${host}`]);
      expect(policy).not.toMatch(/unsafe-inline|unsafe-eval|\*/);

      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-request-id']).toBeTruthy();
    }
  });

  it('has no inline script or style in the page', async () => {
    const html = (await get('/')).body.toString('utf8');
    for (const tag of html.match(/<script\b[^>]*>[\s\S]*?<\/script>/g) ?? []) expect(tag).toMatch(/^<script[^>]*\bsrc="\/assets\/[^"]+\.js"[^>]*><\/script>$/);
    expect(html).not.toMatch(/<style\b|\sstyle=|\son\w+=/i);
  });

  it('serves the built assets, immutable, gzipped when asked, with ETags', async () => {
    const assets = await assetPaths();
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const plain = await get(asset);
      expect(plain.status).toBe(200);
      expect(plain.headers['content-type']).toMatch(asset.endsWith('.js') ? /^text\/javascript/ : /^text\/css/);
      expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(plain.headers['x-content-type-options']).toBe('nosniff');

      const zipped = await get(asset, { 'accept-encoding': 'gzip, br' });
      expect(zipped.headers['content-encoding']).toBe('gzip');
      expect(gunzipSync(zipped.body).equals(plain.body)).toBe(true);

      const again = await get(asset, { 'if-none-match': String(plain.headers.etag) });
      expect(again.status).toBe(304);
    }
    expect((await get('/favicon.svg')).headers['content-type']).toBe('image/svg+xml');
  });

  it('leaves every other path to the JSON 404 envelope', async () => {
    for (const pathname of ['/jobs', '/assets/missing.js', '/index.htm', '/web/src/main.tsx', '/.source-fingerprint', '/assets/../package.json', '/%2e%2e/package.json']) {
      const res = await get(pathname);
      expect(res.status, pathname).toBe(404);
      expect(JSON.parse(res.body.toString('utf8')), pathname).toEqual({ status: false, message: expect.stringContaining('not found'), data: null });
    }
  });

  it('keeps a forged Host header out of the policy', async () => {
    const res = await get('/', { host: 'evil.example; script-src *' });
    expect(String(res.headers['content-security-policy'])).not.toContain('evil');
  });
});

describe('without a usable bundle', () => {
  const log = createLogger('silent');
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const tempDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'dispatch-web-'));
    dirs.push(dir);
    return dir;
  };

  it('serves a prebuilt bundle when there are no sources (the container image)', async () => {
    const webRoot = await tempDir();
    await cp(path.join(WEB_ROOT, 'dist'), path.join(webRoot, 'dist'), { recursive: true });
    const app = Fastify();
    await registerDashboard(app, { log, webRoot });
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<div id="root"></div>');
    await app.close();
  });

  it('answers / with 503 and the reason when the sources do not build, and the rest still works', async () => {
    const webRoot = await tempDir();
    await mkdir(path.join(webRoot, 'src'));
    await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><script type="module" src="/src/main.js"></script>');
    await writeFile(path.join(webRoot, 'src/main.js'), 'import "./does-not-exist.js";');
    const app = Fastify();
    app.get('/healthz', async () => 'ok');
    await registerDashboard(app, { log, webRoot });
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.body).toMatch(/dashboard is not available: .*does-not-exist/s);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    await app.close();
  });
});
