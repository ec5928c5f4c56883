import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH points elsewhere. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumInstalled = existsSync(CHROMIUM_PATH);
/** CI must run the browser tests: there a missing Chromium is a failure, not a skip. */
export const inCI = /^(1|true)$/i.test(process.env.CI ?? '');

/** Where the tests keep their screenshots; `npm run screenshots` sends them to docs/screenshots. */
export const SCREENSHOT_DIR = process.env.DASHBOARD_SCREENSHOTS ?? path.join('test-results', 'screenshots');

/** Headless Chromium with a fresh profile and nothing that calls out to the internet. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught exceptions, CSP and Trusted Types violations among them. */
  problems: string[];
}

/**
 * A new browser context (its own storage, as a new user would have) on the dashboard. The
 * time zone is not UTC on purpose: the dashboard must say UTC and hint the local time.
 */
export async function openDashboard(browser: Browser, baseUrl: string, viewport = { width: 1280, height: 800 }): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport, timezoneId: 'Europe/Berlin', locale: 'en-GB', baseURL: baseUrl, reducedMotion: 'reduce' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
  // Well under the test's own timeout, so a failure names the step that did not happen.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    // GraphQL answers a rejected variable with HTTP 400, which Chromium logs; the page shows it.
    if (message.type() === 'error' && !message.text().includes('status of 400 (Bad Request)')) problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.goto('/');
  return { context, page, problems };
}

/** Writes a full-page screenshot, without the notices that come and go. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  for (const close of await page.getByRole('button', { name: 'Dismiss' }).all()) await close.click();
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
  return file;
}

/**
 * Records every status a job's lamp shows, from now on, inside the page: a MutationObserver
 * sees each change as it is rendered, however briefly, so nothing depends on polling speed.
 */
export async function recordLamp(page: Page, jobId: string): Promise<() => Promise<string[]>> {
  await page.evaluate((id) => {
    const seen: string[] = [];
    const record = () => {
      const status = document.querySelector(`[data-job-id="${id}"] .lamp`)?.getAttribute('data-status');
      if (status && seen.at(-1) !== status) seen.push(status);
    };
    record();
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
    (window as unknown as Record<string, string[]>)[`lamp:${id}`] = seen;
  }, jobId);
  return () => page.evaluate((id) => [...(window as unknown as Record<string, string[]>)[`lamp:${id}`]], jobId);
}

/** A link of the main navigation, by its exact label. */
export const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true });

/** A job's lamp showing `status`, wherever the job is listed. */
export const lamp = (page: Page, jobId: string, status: string) => page.locator(`[data-job-id="${jobId}"] .lamp[data-status="${status}"]`);

/** Signs in with the keyboard alone: Tab between the fields, Enter to submit. */
export async function signIn(page: Page, email: string, password: string) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByLabel('Email').focus();
  await page.keyboard.type(email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
}

/** The page is no wider than the viewport: nothing needs sideways scrolling. */
export async function expectNoSidewaysScroll(page: Page) {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
  expect(scrollWidth, page.url()).toBeLessThanOrEqual(clientWidth);
}
