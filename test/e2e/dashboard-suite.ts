import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { Receiver } from '../helpers/receiver.js';
import { launchChromium, openDashboard, type DashboardPage } from './browser.js';

export interface DashboardSuite {
  /** Set once the suite's beforeAll has run. */
  server: TestApp;
  receiver: Receiver;
  browser: Browser;
  /** A dashboard page in a fresh browser context (a new user's storage). */
  open(viewport?: { width: number; height: number }): Promise<Page>;
}

/**
 * What each browser test file needs, set up once for its describe block: a Dispatch with
 * `env` over a fresh database, a webhook receiver and Chromium. After every test each page
 * it opened is closed and must have had no console error, CSP or Trusted Types violation or
 * uncaught exception, whatever the test did.
 */
export function dashboardSuite(env: Record<string, string> = {}): DashboardSuite {
  const opened: DashboardPage[] = [];
  const suite = {
    async open(viewport?: { width: number; height: number }) {
      const dashboard = await openDashboard(suite.browser, suite.server.url, viewport);
      opened.push(dashboard);
      return dashboard.page;
    },
  } as DashboardSuite;

  beforeAll(async () => {
    [suite.server, suite.receiver, suite.browser] = await Promise.all([startTestApp(env), new Receiver().start(), launchChromium()]);
  }, 60_000);
  afterAll(async () => {
    await suite.browser?.close();
    await suite.receiver?.stop();
    await suite.server?.stop();
  });
  afterEach(async () => {
    for (const { problems, context } of opened.splice(0)) {
      await context.close();
      expect(problems).toEqual([]);
    }
  });
  return suite;
}
