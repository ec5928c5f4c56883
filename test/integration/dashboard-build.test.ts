/** Build on start: a bundle is built when missing or stale, and only then. Real Vite builds of a tiny page. */
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { ensureDashboardBuilt, sourceFingerprint } from '../../src/transports/dashboard/dashboard-build.js';

const log = createLogger('silent');
let webRoot = '';
afterEach(async () => {
  if (webRoot) await rm(webRoot, { recursive: true, force: true });
});

async function tinyDashboard() {
  webRoot = await mkdtemp(path.join(tmpdir(), 'dispatch-web-'));
  await mkdir(path.join(webRoot, 'src'));
  await writeFile(path.join(webRoot, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/src/main.js"></script>');
  await writeFile(path.join(webRoot, 'src/main.js'), 'document.getElementById("root").textContent = "one";');
  return webRoot;
}

it('builds a missing bundle, keeps a current one, and rebuilds after a source change', async () => {
  const root = await tinyDashboard();
  expect(await ensureDashboardBuilt(log, { webRoot: root })).toEqual({ ok: true, distDir: path.join(root, 'dist'), built: true });
  const firstHtml = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  expect(firstHtml).toMatch(/src="\/assets\/index-[\w-]+\.js"/);

  expect(await ensureDashboardBuilt(log, { webRoot: root })).toMatchObject({ ok: true, built: false });

  await writeFile(path.join(root, 'src/main.js'), 'document.getElementById("root").textContent = "two";');
  expect(await ensureDashboardBuilt(log, { webRoot: root })).toMatchObject({ ok: true, built: true });
  const bundle = (await readFile(path.join(root, 'dist/index.html'), 'utf8')).match(/src="(\/assets\/[^"]+)"/)![1];
  expect(await readFile(path.join(root, 'dist', bundle), 'utf8')).toContain('two');
});

it('concurrent starts in one process share one build', async () => {
  const root = await tinyDashboard();
  const results = await Promise.all([ensureDashboardBuilt(log, { webRoot: root }), ensureDashboardBuilt(log, { webRoot: root })]);
  expect(results.map((r) => r.ok && r.built)).toEqual([true, true]);
  expect(await ensureDashboardBuilt(log, { webRoot: root })).toMatchObject({ built: false });
});

it('the fingerprint covers the sources only, not the output or dotfiles', async () => {
  const root = await tinyDashboard();
  const before = await sourceFingerprint(root);
  expect(before).toMatch(/^[0-9a-f]{64}$/);
  await mkdir(path.join(root, 'dist'));
  await writeFile(path.join(root, 'dist/index.html'), 'old build');
  await writeFile(path.join(root, '.eslintcache'), 'x');
  expect(await sourceFingerprint(root)).toBe(before);
  await writeFile(path.join(root, 'src/extra.css'), 'body{}');
  expect(await sourceFingerprint(root)).not.toBe(before);
});

it('without sources there is nothing to build: a shipped bundle is used as it is', async () => {
  webRoot = await mkdtemp(path.join(tmpdir(), 'dispatch-web-'));
  expect(await sourceFingerprint(webRoot)).toBeNull();
  expect(await ensureDashboardBuilt(log, { webRoot })).toMatchObject({ ok: false, reason: expect.stringContaining('no dashboard sources') });
  await mkdir(path.join(webRoot, 'dist'));
  await writeFile(path.join(webRoot, 'dist/index.html'), '<!doctype html>');
  expect(await ensureDashboardBuilt(log, { webRoot })).toMatchObject({ ok: true, built: false });
});

it('a broken source is reported with Vite\'s message, and the live bundle stays', async () => {
  const root = await tinyDashboard();
  expect(await ensureDashboardBuilt(log, { webRoot: root })).toMatchObject({ ok: true, built: true });
  const liveHtml = await readFile(path.join(root, 'dist/index.html'), 'utf8');
  await writeFile(path.join(root, 'src/main.js'), 'document.getElementById("root").textContent = ;');
  const result = await ensureDashboardBuilt(log, { webRoot: root });
  expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/vite build ended with exit code 1: .*main\.js/s) });
  expect(await readFile(path.join(root, 'dist/index.html'), 'utf8')).toBe(liveHtml);
});
