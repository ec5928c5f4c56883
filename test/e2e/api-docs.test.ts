/** The API reference page (/api/docs) in a real Chromium against a real Dispatch: Redoc renders the served document under the page's policy. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { chromiumInstalled, inCI, launchChromium } from './browser.js';

let server: TestApp;
beforeAll(async () => {
  server = await startTestApp();
});
afterAll(async () => server?.stop());

it.skipIf(!chromiumInstalled && !inCI)('renders every operation in a browser with no policy violation', async () => {
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      // The policy keeps the renderer's footer logo from loading from its vendor's CDN: that refusal is the policy working.
      if (message.type() === 'error' && !/Loading the image 'https:\/\/cdn\.redoc\.ly\//.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${server.url}/api/docs`);
    await page.getByRole('heading', { name: /Dispatch REST API/ }).first().waitFor({ timeout: 30_000 });
    await page.getByRole('heading', { name: 'Schedule a job' }).waitFor();
    // Every tag of the document is in the menu.
    for (const tag of ['Jobs', 'Logs', 'Schedules', 'Endpoints', 'Operations']) expect(await page.getByRole('menuitem', { name: tag }).count(), tag).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Create a recurring schedule' }).count()).toBe(1);
    expect(problems).toEqual([]);
  } finally {
    await browser.close();
  }
}, 60_000);
