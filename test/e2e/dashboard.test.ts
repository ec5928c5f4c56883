/**
 * The dashboard end to end, in a real Chromium against a real Dispatch and a real webhook
 * receiver: nothing is mocked. Every wait is on a condition in the page (Playwright's
 * auto-waiting locators), never a sleep. Screenshots go to SCREENSHOT_DIR for the docs.
 *
 * Without Chromium (a machine with only Node and npm) these tests say they were skipped;
 * in CI (CI=true) a missing Chromium fails the run instead, as .ci/run installs it.
 */
import type { ServerResponse } from 'node:http';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CreateProjectDocument, LogoutDocument, MeDocument, ScheduleJobDocument } from '../generated/graphql.js';
import { inMs, signUp } from '../helpers/app.js';
import { CHROMIUM_PATH, chromiumInstalled, expectNoSidewaysScroll, inCI, lamp, nav, recordLamp, screenshot, signIn } from './browser.js';
import { gql, gqlOk, rest } from '../helpers/clients.js';
import { respond } from '../helpers/receiver.js';
import { dashboardSuite } from './dashboard-suite.js';

if (!chromiumInstalled && inCI) {
  it('Chromium is installed for the dashboard tests', () => {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: CI must run the browser tests (.ci/run installs it with apt-get install chromium).`);
  });
} else if (!chromiumInstalled) {
  console.warn(`SKIPPED: dashboard end-to-end tests (no Chromium at ${CHROMIUM_PATH}; apt-get install chromium, or set CHROMIUM_PATH)`);
}

const PASSWORD = 'correct horse battery';
let counter = 0;
const newEmail = () => `browser${Date.now()}${counter++}@example.com`;

describe.skipIf(!chromiumInstalled)('dashboard in Chromium', { timeout: 60_000 }, () => {
  // A short retry and two attempts make the failing job go FAILED → retry → DEAD quickly;
  // a long delivery timeout lets a test hold a delivery open to watch FIRING.
  const suite = dashboardSuite({ RETRY_DELAYS: '1s', MAX_ATTEMPTS: '2', DELIVERY_TIMEOUT: '30s' });
  const { open } = suite;

  it('register → project → key → a job 3 s ahead turns FIRING then SUCCESS live → its log shows attempt 1 with code 200', async () => {
    const page = await open();
    await register(page, newEmail());

    // No projects yet: the jobs page says what to do first.
    await page.getByText('No projects yet.').waitFor();
    await page.getByRole('link', { name: 'Create a project' }).click();
    await page.getByLabel('New project name').fill('Production');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Production', level: 1 }).waitFor();
    await page.getByText('No API keys yet.').waitFor();

    // The key is shown once, can be copied, and is listed by its last four characters.
    await page.getByLabel('Label for a new key').fill('Backend server');
    await page.getByRole('button', { name: 'Create key' }).click();
    const keyField = page.getByLabel('The new API key');
    await keyField.waitFor();
    const key = await keyField.inputValue();
    expect(key).toMatch(/^sk_[0-9a-f]{64}$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.getByText('Copied to the clipboard.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const keyRow = page.getByRole('row', { name: /Backend server/ });
    await keyRow.getByText(`sk_…${key.slice(-4)}`).waitFor();
    await keyRow.getByText('never').waitFor();
    expect(await keyRow.textContent()).not.toContain(key);
    // The key the page showed is a working key.
    const probe = await rest(suite.server.url, 'POST', '/api/v1/jobs', {
      credentials: { apiKey: key },
      body: { title: 'Key check', webhookUrl: suite.receiver.on('/key-check'), fireAt: inMs(3_600_000) },
    });
    expect(probe.status).toBe(201);
    await screenshot(page, 'project-1280');

    // A delivery the receiver holds open until the page has shown FIRING.
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    const webhookUrl = suite.receiver.on('/trial-expiry', (_request, res: ServerResponse) => {
      void answered.then(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"received":true}');
      });
    });
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    await nav(page, 'New job').click();
    await page.getByLabel('Title').fill('Trial expiry reminder');
    await page.getByLabel('Webhook URL').fill(webhookUrl);
    await page.getByLabel('Payload').fill('{"userId": "usr_812", "plan": "pro"}');
    await page.getByLabel('Fire at').fill(inMs(3_000));
    await page.getByText(/Your local time: .*\(Europe\/Berlin\)/).waitFor();
    await page.getByRole('button', { name: 'Schedule job' }).click();

    // Back on the jobs table: the lamp follows the job without a reload.
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const row = page.locator('tr', { hasText: 'Trial expiry reminder' });
    const jobId = (await row.getAttribute('data-job-id'))!;
    const history = await recordLamp(page, jobId);
    await lamp(page, jobId, 'SCHEDULED').waitFor();
    await lamp(page, jobId, 'FIRING').waitFor({ timeout: 15_000 });
    await screenshot(page, 'jobs-1280');
    answer();
    await lamp(page, jobId, 'SUCCESS').waitFor({ timeout: 15_000 });
    expect(await history()).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
    expect(suite.receiver.for('/trial-expiry')).toHaveLength(1);
    expect(suite.receiver.for('/trial-expiry')[0].json.payload).toEqual({ userId: 'usr_812', plan: 'pro' });

    // The job page: fields, pretty payload, and attempt 1 with its code, body and duration.
    await row.getByRole('link', { name: 'Trial expiry reminder' }).click();
    await page.getByRole('heading', { name: 'Trial expiry reminder', level: 1 }).waitFor();
    const attempt = page.locator('.log-entry[data-attempt="1"]');
    await attempt.getByText('Attempt 1').waitFor();
    await attempt.getByText('SUCCESS').waitFor();
    await attempt.getByText('Code 200').waitFor();
    await attempt.getByText('{"received":true}').waitFor();
    await attempt.getByText(/^\d+ ms$/).waitFor();
    // In the order it was typed: payloads are kept as sent.
    expect(await page.getByLabel('Payload JSON').textContent()).toBe('{\n  "userId": "usr_812",\n  "plan": "pro"\n}');
    await page.getByText(webhookUrl).waitFor();
    const timeline = page.locator('.timeline');
    await timeline.getByText('Scheduled → Firing').waitFor();
    await timeline.getByText('Firing → Success').waitFor();
    await page.getByRole('button', { name: 'Cancel job' }).waitFor({ state: 'detached' });
    await screenshot(page, 'job-1280');

    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('cancels a scheduled job after a confirmation, all by keyboard', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Billing');
    await signIn(page, user.email, user.password);
    const webhookUrl = suite.receiver.on('/never');

    await nav(page, 'New job').click();
    await page.getByLabel('Title').fill('Renewal notice');
    await page.getByLabel('Webhook URL').fill(webhookUrl);
    await page.getByRole('button', { name: '+1 hour' }).click();
    await page.getByRole('button', { name: 'Schedule job' }).click();
    await page.getByRole('link', { name: 'Renewal notice' }).click();
    await page.getByRole('heading', { name: 'Renewal notice', level: 1 }).waitFor();
    await page.getByText('No attempts yet.').waitFor();

    const cancel = page.getByRole('button', { name: 'Cancel job' });
    await cancel.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Cancel this job?' });
    await dialog.waitFor();
    // Escape keeps the job, and focus goes back to the button.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await cancel.evaluate((button) => button === document.activeElement)).toBe(true);
    await page.locator('.page-head .lamp[data-status="SCHEDULED"]').waitFor();

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    // Focus starts on the safe choice; Tab reaches the confirmation.
    expect(await dialog.getByRole('button', { name: 'Keep it' }).evaluate((button) => button === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('.page-head .lamp[data-status="CANCELLED"]').waitFor();
    await cancel.waitFor({ state: 'detached' });
    await page.getByText('“Renewal notice” was cancelled.').waitFor();
    await page.locator('.timeline').getByText('Scheduled → Cancelled').waitFor();

    // The jobs table agrees, and the status filter finds it under Cancelled only.
    await nav(page, 'Jobs').click();
    // The job page's "Live status changes" must be gone before the filter is looked for.
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('CANCELLED');
    await page.locator('tr', { hasText: 'Renewal notice' }).locator('.lamp[data-status="CANCELLED"]').waitFor();
    await page.getByLabel('Status', { exact: true }).selectOption('SCHEDULED');
    await page.getByText('No jobs match these filters.').waitFor();
    expect(suite.receiver.for('/never')).toHaveLength(0);
  });

  it('a failing job shows FAILED, its retry, and DEAD, with both attempts logged', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Payments');
    await signIn(page, user.email, user.password);
    const webhookUrl = suite.receiver.on('/fail', respond(500, 'upstream down'));

    await nav(page, 'New job').click();
    await page.getByLabel('Title').fill('Charge card');
    await page.getByLabel('Webhook URL').fill(webhookUrl);
    await page.getByLabel('Fire at').fill(inMs(3_000));
    await page.getByRole('button', { name: 'Schedule job' }).click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const row = page.locator('tr', { hasText: 'Charge card' });
    const jobId = (await row.getAttribute('data-job-id'))!;
    const history = await recordLamp(page, jobId);

    await lamp(page, jobId, 'FAILED').waitFor({ timeout: 15_000 });
    await row.getByText('retry 1').waitFor();
    await lamp(page, jobId, 'DEAD').waitFor({ timeout: 15_000 });
    const seen = await history();
    expect(seen[0]).toBe('SCHEDULED');
    expect(seen.at(-1)).toBe('DEAD');
    expect(seen.indexOf('FIRING')).toBeGreaterThan(-1);
    expect(seen.indexOf('FAILED')).toBeGreaterThan(seen.indexOf('FIRING'));
    expect(suite.receiver.for('/fail')).toHaveLength(2);

    await row.getByRole('link', { name: 'Charge card' }).click();
    await page.getByRole('heading', { name: 'Charge card', level: 1 }).waitFor();
    const timeline = page.locator('.timeline');
    for (const step of ['Scheduled → Firing', 'Firing → Failed', 'Failed → Scheduled', 'retry 1 armed', 'Failed → Dead']) await timeline.getByText(step).first().waitFor();
    for (const attempt of [1, 2]) {
      const entry = page.locator(`.log-entry[data-attempt="${attempt}"]`);
      await entry.getByText('FAILED').waitFor();
      await entry.getByText('Code 500').waitFor();
      await entry.getByText('upstream down').waitFor();
      await entry.getByText(/Error: /).waitFor();
    }
    // Newest attempt first.
    expect(await page.locator('.log-entry').evaluateAll((entries) => entries.map((e) => e.getAttribute('data-attempt')))).toEqual(['2', '1']);
    await page.getByText('Retries armed').locator('..').getByText('1', { exact: true }).waitFor();
    await screenshot(page, 'job-failed-1280');
  });

  it('shows API validation messages next to the fields they are about', async () => {
    const page = await open();
    const user = await signUp(suite.server.url);
    await signIn(page, user.email, user.password);
    await nav(page, 'New job').click();
    await page.getByRole('heading', { name: 'Schedule a job' }).waitFor();

    const submit = () => page.getByRole('button', { name: 'Schedule job' }).click();
    await submit();
    await page.locator('#title-error').getByText('title must not be empty').waitFor();

    await page.getByLabel('Title').fill('Reminder');
    await page.getByLabel('Webhook URL').fill('ftp://example.com/hook');
    await submit();
    await page.locator('#webhookUrl-error').getByText('webhookUrl must use http or https').waitFor();

    await page.getByLabel('Webhook URL').fill('https://example.com/hook');
    await page.getByLabel('Fire at').fill('2027-01-01T09:00:00+02:00');
    await page.getByText('Use UTC with a trailing Z, not an offset.').waitFor();
    await submit();
    await page.locator('#fireAt-error').getByText(/fireAt must be an ISO 8601 timestamp in UTC with a trailing Z/).waitFor();
    await page.getByLabel('Fire at').fill('2020-01-01T09:00:00Z');
    await submit();
    await page.locator('#fireAt-error').getByText('fireAt must be in the future').waitFor();

    await page.getByLabel('Fire at').fill(inMs(3_600_000));
    await page.getByLabel('Payload').fill('{"plan": pro}');
    await submit();
    await page.locator('#payload-error').getByText(/^Not valid JSON: /).waitFor();
    await page.getByLabel('Payload').fill('[1, 2]');
    await submit();
    await page.locator('#payload-error').getByText(/JSONObject cannot represent non-object value/).waitFor();
    expect(await page.getByLabel('Payload').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'schedule-errors-1280');

    await page.getByLabel('Payload').fill('{"plan":"pro","seats":3}');
    await page.getByRole('button', { name: 'Format JSON' }).click();
    expect(await page.getByLabel('Payload').inputValue()).toBe('{\n  "plan": "pro",\n  "seats": 3\n}');
    await submit();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await page.locator('tr', { hasText: 'Reminder' }).waitFor();
  });

  it('pages and filters the table, adds jobs created elsewhere live, and signs out for real', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Main');
    const { createProject: other } = await gqlOk(suite.server.url, CreateProjectDocument, { name: 'Side project' }, { token: user.token });
    for (let n = 1; n <= 21; n++) {
      const res = await rest(suite.server.url, 'POST', '/api/v1/jobs', { credentials: { apiKey: user.apiKey }, body: { title: `Batch ${n}`, webhookUrl: 'https://example.com/hook', fireAt: inMs(3_600_000) } });
      expect(res.status).toBe(201);
    }
    await signIn(page, user.email, user.password);

    await page.getByText('Page 1 of 2 · 21 jobs').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(20);
    // Newest first: the last one created is on top.
    expect(await page.locator('tbody tr').first().textContent()).toContain('Batch 21');
    await page.getByRole('link', { name: 'Older →' }).click();
    await page.getByText('Page 2 of 2 · 21 jobs').waitFor();
    await page.locator('tbody tr', { hasText: 'Batch 1' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.goBack();
    await page.getByText('Page 1 of 2 · 21 jobs').waitFor();

    // A job scheduled through the API while the table is open appears at the top.
    const created = await rest(suite.server.url, 'POST', '/api/v1/jobs', { credentials: { apiKey: user.apiKey }, body: { title: 'From the API', webhookUrl: suite.receiver.on('/live-insert'), fireAt: inMs(2_000) } });
    const row = page.locator(`tr[data-job-id="${created.body.data.id}"]`);
    await row.locator('.lamp[data-status="SCHEDULED"]').waitFor();
    expect(await page.locator('tbody tr').first().getAttribute('data-job-id')).toBe(created.body.data.id);
    await page.getByText('Page 1 of 2 · 22 jobs').waitFor();
    await row.locator('.lamp[data-status="SUCCESS"]').waitFor({ timeout: 15_000 });

    // The project filter.
    await page.getByLabel('Project').selectOption({ label: 'Side project' });
    await page.getByText('No jobs match these filters.').waitFor();
    await gqlOk(suite.server.url, ScheduleJobDocument, { input: { projectId: other.id, title: 'Side job', webhookUrl: 'https://example.com/side', fireAt: inMs(3_600_000) } }, { token: user.token });
    await page.locator('tr', { hasText: 'Side job' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(page.url()).toContain(`project=${other.id}`);

    // The token lives in sessionStorage only: not in a cookie, localStorage or the URL.
    const storage = await page.evaluate(() => ({ session: sessionStorage.getItem('dispatch.session'), local: localStorage.length, cookie: document.cookie, url: location.href }));
    const token = JSON.parse(storage.session!).token as string;
    expect(token.length).toBeGreaterThan(20);
    expect(storage).toMatchObject({ local: 0, cookie: '' });
    expect(storage.url).not.toContain(token);
    expect(await page.context().cookies()).toEqual([]);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('dispatch.session'))).toBeNull();
    // Signing out ended the session on the server too.
    expect((await gql(suite.server.url, MeDocument, {}, { token })).data?.me ?? null).toBeNull();
  });

  it('revokes a key after confirmation, reveals and rotates the signing secret', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Secrets');
    await signIn(page, user.email, user.password);
    await nav(page, 'Projects').click();
    await page.getByRole('link', { name: 'Secrets' }).click();
    await page.getByRole('heading', { name: 'Secrets', level: 1 }).waitFor();

    await page.getByRole('button', { name: 'Revoke key test' }).click();
    const dialog = page.getByRole('dialog', { name: 'Revoke this key?' });
    await dialog.getByText(`sk_…${user.apiKey.slice(-4)}`).waitFor();
    await dialog.getByRole('button', { name: 'Revoke key' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('row', { name: /test/ }).getByText(/^Revoked/).waitFor();
    const refused = await rest(suite.server.url, 'POST', '/api/v1/jobs', { credentials: { apiKey: user.apiKey }, body: { title: 'x', webhookUrl: 'https://example.com', fireAt: inMs(60_000) } });
    expect(refused.status).toBe(401);

    await page.getByLabel('Signing secret (hidden)').waitFor();
    await page.getByRole('button', { name: 'Reveal secret' }).click();
    const first = await page.getByLabel('Signing secret value').inputValue();
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await page.getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByRole('dialog', { name: 'Rotate the signing secret?' }).getByRole('button', { name: 'Rotate secret' }).click();
    await page.getByText('New signing secret created.', { exact: false }).waitFor();
    const second = await page.getByLabel('Signing secret value').inputValue();
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    await page.getByRole('button', { name: 'Hide' }).click();
    await page.getByLabel('Signing secret (hidden)').waitFor();
  });

  it('is usable at 390 px: no sideways scrolling, tables become cards', async () => {
    const page = await open({ width: 390, height: 844 });
    const user = await signUp(suite.server.url, 'Mobile app');
    const jobs = [
      { title: 'Welcome email', webhookUrl: suite.receiver.on('/mobile-ok'), fireAt: inMs(1_500) },
      { title: 'Abandoned cart', webhookUrl: suite.receiver.on('/mobile-fail', respond(503, 'maintenance')), fireAt: inMs(1_500) },
      { title: 'Weekly digest', webhookUrl: 'https://example.com/digest', fireAt: inMs(86_400_000), payload: { week: 23 } },
    ];
    const ids: string[] = [];
    for (const body of jobs) ids.push((await rest(suite.server.url, 'POST', '/api/v1/jobs', { credentials: { apiKey: user.apiKey }, body })).body.data.id);
    await signIn(page, user.email, user.password);

    await lamp(page, ids[0], 'SUCCESS').waitFor({ timeout: 15_000 });
    await lamp(page, ids[1], 'DEAD').waitFor({ timeout: 15_000 });
    await expectNoSidewaysScroll(page);
    expect(await page.locator('thead').evaluate((head) => head.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
    await screenshot(page, 'jobs-390');

    await page.getByRole('link', { name: 'Abandoned cart' }).click();
    await page.locator('.log-entry[data-attempt="2"]').getByText('Code 503').waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'job-390');

    for (const section of ['New job', 'Schedules', 'Projects']) {
      await nav(page, section).click();
      await page.getByRole('heading', { level: 1 }).waitFor();
      await expectNoSidewaysScroll(page);
    }
    await page.getByRole('link', { name: 'Mobile app' }).click();
    await page.getByRole('heading', { name: 'Mobile app', level: 1 }).waitFor();
    await expectNoSidewaysScroll(page);

    // The same jobs on a desktop, for the docs.
    await page.setViewportSize({ width: 1280, height: 800 });
    await nav(page, 'Jobs').click();
    await lamp(page, ids[1], 'DEAD').waitFor();
    await screenshot(page, 'jobs-overview-1280');
  });

  it('shows what the API returns as text, never as markup', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, '<b>bold</b> project');
    const title = '<img src=x onerror="window.injected=1"> & <script>window.injected=2</script>';
    const created = await rest(suite.server.url, 'POST', '/api/v1/jobs', {
      credentials: { apiKey: user.apiKey },
      body: { title, webhookUrl: 'https://example.com/hook', fireAt: inMs(3_600_000), payload: { html: '<svg onload="window.injected=3">' } },
    });
    await signIn(page, user.email, user.password);
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    await page.getByText('<b>bold</b> project').first().waitFor();
    expect(await page.getByLabel('Payload JSON').textContent()).toContain('<svg onload=\\"window.injected=3\\">');
    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
    expect(await page.locator('main img, main script, main svg, main b').count()).toBe(0);
    // Unknown and foreign ids get an empty state, not an error.
    await page.evaluate(() => (location.hash = '#/jobs/00000000-0000-4000-8000-000000000000'));
    await page.getByText('Job not found.').waitFor();
    await page.evaluate(() => (location.hash = '#/projects/00000000-0000-4000-8000-000000000000'));
    await page.getByText('Project not found.').waitFor();
    await page.evaluate(() => (location.hash = '#/nowhere'));
    await page.getByText('There is no such page.').waitFor();
    expect(created.status).toBe(201);
  });

  it('ends a session the server no longer knows, with a message', async () => {
    const page = await open();
    const user = await signUp(suite.server.url);
    await signIn(page, user.email, user.password);
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const token = await page.evaluate(() => JSON.parse(sessionStorage.getItem('dispatch.session')!).token as string);
    // Logged out elsewhere: the live connection is closed (4403) and the page goes back to sign-in.
    await gqlOk(suite.server.url, LogoutDocument, {}, { token });
    await page.getByText('Your session has ended. Sign in again.').waitFor();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    // A wrong password is the API's message.
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText(/invalid|incorrect/i).waitFor();
  });
});

async function register(page: Page, email: string) {
  await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
}
