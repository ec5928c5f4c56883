/**
 * The Endpoints page, end to end: a real Chromium, a real Dispatch (its breaker opening
 * after 3 failures in a row, probing after 2 s) and a real webhook receiver. Health after
 * real deliveries, settings saved and refused field by field, pause and resume with the
 * held job's page saying why it waited, a breaker opening and closing on screen without a
 * reload, and the project's alert webhook. The one fixed wait is the bounded "nothing
 * arrives while paused" window, which a busy machine can only make easier to pass.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { EndpointsDocument, ScheduleJobsDocument, type ScheduleJobInput } from '../generated/graphql.js';
import { signUp } from '../helpers/app.js';
import { gqlOk, gqlText } from '../helpers/clients.js';
import { respond } from '../helpers/receiver.js';
import { chromiumInstalled, expectNoSidewaysScroll, nav, screenshot, signIn } from './browser.js';
import { dashboardSuite } from './dashboard-suite.js';

type User = Awaited<ReturnType<typeof signUp>>;

/** How long a paused endpoint must keep a due job back. */
const PAUSED_MS = 2_500;
/** Health is written every 5 s and the page reads it every 10 s. */
const HEALTH_SHOWN_MS = 30_000;

describe.skipIf(!chromiumInstalled)('endpoints in the dashboard', { timeout: 90_000 }, () => {
  const suite = dashboardSuite({ BREAKER_FAILURES: '3', BREAKER_BACKOFF: '2s' });
  const { open } = suite;

  const scheduleMany = async (user: User, inputs: Array<Omit<ScheduleJobInput, 'projectId'>>) =>
    (await gqlOk(suite.server.url, ScheduleJobsDocument, { inputs: inputs.map((input) => ({ projectId: user.projectId, ...input })) }, { token: user.token })).scheduleJobs;

  const endpointsOf = async (user: User) => (await gqlOk(suite.server.url, EndpointsDocument, { projectId: user.projectId }, { token: user.token })).endpoints;

  /** The card of the suite receiver's endpoint. */
  const card = (page: Page) => page.locator(`section.endpoint[data-origin="${suite.receiver.url}"]`);

  const openEndpoints = async (page: Page, user: User) => {
    await signIn(page, user.email, user.password);
    await nav(page, 'Endpoints').click();
    await page.getByRole('heading', { name: 'Endpoints', level: 1 }).waitFor();
    await card(page).waitFor();
  };

  /** Records every state the card's badge shows from now on (a MutationObserver sees each one). */
  const recordStates = async (page: Page): Promise<() => Promise<string[]>> => {
    await page.evaluate((origin) => {
      const seen: string[] = [];
      const record = () => {
        const state = document.querySelector(`section.endpoint[data-origin="${origin}"] .endpoint-state`)?.getAttribute('data-state');
        if (state && seen.at(-1) !== state) seen.push(state);
      };
      record();
      new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state'] });
      (window as unknown as Record<string, string[]>).endpointStates = seen;
    }, suite.receiver.url);
    return () => page.evaluate(() => [...(window as unknown as Record<string, string[]>).endpointStates]);
  };

  it('shows an endpoint with its health after deliveries, saves its rate limit and parallelism, and shows the API’s message at the field', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Webhooks');
    const path = '/healthy';
    await scheduleMany(user, [1, 2, 3].map((n) => ({ title: `Ping ${n}`, webhookUrl: suite.receiver.on(path), delay: '500ms' })));
    await suite.receiver.waitFor(() => suite.receiver.for(path).length === 3);
    await openEndpoints(page, user);

    const endpoint = card(page);
    await endpoint.getByRole('heading', { name: suite.receiver.url }).waitFor();
    await endpoint.locator('.endpoint-state[data-state="CLOSED"]').getByText('Closed').waitFor();
    // Counted by the minute and written every few seconds: the page picks it up without a reload.
    const lastHour = endpoint.locator('tr[data-span="Last hour"]');
    await lastHour.locator('td[data-label="Attempts"]').getByText('3 (3 ok)').waitFor({ timeout: HEALTH_SHOWN_MS });
    expect(await lastHour.locator('td[data-label="Success rate"]').textContent()).toBe('100 %');
    expect(await lastHour.locator('td[data-label="Latency p50"]').textContent()).toMatch(/^\d+ ms$/);
    expect(await lastHour.locator('td[data-label="Latency p95"]').textContent()).toMatch(/^\d+ ms$/);
    expect(await endpoint.locator('tr[data-span="Last day"] td[data-label="Attempts"]').textContent()).toBe('3 (3 ok)');
    expect(await endpoint.locator('.endpoint-last-error').textContent()).toBe('Last error: none');

    // Limits: empty means none; saved as typed.
    const [{ id }] = await endpointsOf(user);
    const rate = endpoint.getByLabel('Rate limit (per second)');
    const burst = endpoint.getByLabel('Burst');
    const parallelism = endpoint.getByLabel('Parallelism');
    expect([await rate.inputValue(), await burst.inputValue(), await parallelism.inputValue()]).toEqual(['', '', '']);
    await rate.fill('2.5');
    await burst.fill('10');
    await parallelism.fill('4');
    await endpoint.getByRole('button', { name: /^Save settings/ }).click();
    await page.getByText(`Settings of ${suite.receiver.url} saved.`).waitFor();
    expect((await endpointsOf(user))[0]).toMatchObject({ id, rateLimit: 2.5, burst: 10, parallelism: 4 });
    await screenshot(page, 'endpoints-1280');

    // The API's messages, at the field they name; nothing changes.
    await parallelism.fill('0');
    await endpoint.getByRole('button', { name: /^Save settings/ }).click();
    await page.locator(`#parallelism-${id}-error`).getByText('parallelism must be an integer from 1 to 10000, or null').waitFor();
    expect(await parallelism.getAttribute('aria-invalid')).toBe('true');
    await parallelism.fill('4');
    await rate.fill('');
    await endpoint.getByRole('button', { name: /^Save settings/ }).click();
    await page.locator(`#burst-${id}-error`).getByText('burst needs a rateLimit').waitFor();
    // Text that is no number is stopped in the browser, at its field.
    await rate.fill('fast');
    await endpoint.getByRole('button', { name: /^Save settings/ }).click();
    await page.locator(`#rateLimit-${id}-error`).getByText(/^Enter a number of deliveries per second/).waitFor();
    expect((await endpointsOf(user))[0]).toMatchObject({ rateLimit: 2.5, burst: 10, parallelism: 4 });

    // Clearing the rate (and with it the burst) and the parallelism lifts the limits.
    await rate.fill('');
    await burst.fill('');
    await parallelism.fill('');
    await endpoint.getByRole('button', { name: /^Save settings/ }).click();
    await page.locator(`#burst-${id}-error`).waitFor({ state: 'detached' });
    await page.getByText(`Settings of ${suite.receiver.url} saved.`).first().waitFor();
    await expect.poll(async () => (await endpointsOf(user))[0]).toMatchObject({ rateLimit: null, burst: null, parallelism: null });

    // Read again after leaving the page: what was stored.
    await nav(page, 'Jobs').click();
    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    await nav(page, 'Endpoints').click();
    await card(page).waitFor();
    expect(await card(page).getByLabel('Parallelism').inputValue()).toBe('');
  });

  it('pause holds a due job without using an attempt, resume lets it go, and its page says how long it was held and why', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Deploys');
    const path = '/paused';
    // The endpoint is made by its first job.
    await scheduleMany(user, [{ title: 'Maker', webhookUrl: suite.receiver.on('/paused-maker'), delay: '1h' }]);
    await openEndpoints(page, user);
    const endpoint = card(page);

    await endpoint.getByRole('button', { name: `Pause ${suite.receiver.url}` }).click();
    await endpoint.locator('.endpoint-state[data-state="PAUSED"]').getByText('Paused').waitFor();
    await page.getByText(`${suite.receiver.url} is paused`).waitFor();
    expect((await endpointsOf(user))[0]).toMatchObject({ paused: true, state: 'PAUSED' });

    const [job] = await scheduleMany(user, [{ title: 'Release note', webhookUrl: suite.receiver.on(path), delay: '200ms' }]);
    await expect(suite.receiver.waitFor(() => suite.receiver.for(path).length > 0, PAUSED_MS)).rejects.toThrow(/condition not met/);

    // Its page says why it has not fired, and leads to the endpoint.
    await page.goto(`/#/jobs/${job.id}`);
    await page.getByRole('heading', { name: 'Release note', level: 1 }).waitFor();
    const waiting = page.locator('.held[data-endpoint-state="PAUSED"]');
    await waiting.getByText('Its attempts wait: its endpoint is paused: nothing is sent until it is resumed.').waitFor();
    expect(await page.locator('.lamp[data-status="SCHEDULED"]').count()).toBeGreaterThan(0);
    await waiting.getByRole('link', { name: 'its endpoint' }).click();
    await card(page).waitFor();

    await endpoint.getByRole('button', { name: `Resume ${suite.receiver.url}` }).click();
    await endpoint.locator('.endpoint-state[data-state="CLOSED"]').waitFor();
    await suite.receiver.waitFor(() => suite.receiver.for(path).length === 1);

    await page.goto(`/#/jobs/${job.id}`);
    await page.getByRole('heading', { name: 'Release note', level: 1 }).waitFor();
    await page.locator('.lamp[data-status="SUCCESS"]').first().waitFor();
    const held = page.locator('.held[data-held-reason="endpoint paused"]');
    await held.getByText(/^Held by endpoint paused for \d+(\.\d)? s/).waitFor();
    const seconds = Number((await held.locator('dd').textContent())!.match(/for (\d+(?:\.\d)?) s/)![1]);
    expect(seconds).toBeGreaterThanOrEqual(2);
    // One attempt: waiting was not failing.
    expect(await page.locator('.log-entry').count()).toBe(1);
    expect(await page.locator('.held[data-endpoint-state]').count()).toBe(0);
  });

  it('a failing receiver opens the breaker, and its recovery closes it, on screen without a reload', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Partners');
    const path = '/flaky';
    // Three failures (the breaker opens at 3 in a row), then the receiver is back.
    const webhookUrl = suite.receiver.on(path, respond(500, 'upstream down'), respond(500, 'upstream down'), respond(500, 'upstream down'), respond(200, '{}'));
    await scheduleMany(user, [{ title: 'Maker', webhookUrl: suite.receiver.on('/flaky-maker'), delay: '1h' }]);
    await openEndpoints(page, user);
    const endpoint = card(page);
    await endpoint.locator('.endpoint-state[data-state="CLOSED"]').waitFor();
    const states = await recordStates(page);

    await scheduleMany(user, [1, 2, 3].map((n) => ({ title: `Sync ${n}`, webhookUrl, delay: '300ms', retry: { maxAttempts: 1 } })));
    await endpoint.locator('.endpoint-state[data-state="OPEN"]').getByText('Open').waitFor({ timeout: 15_000 });
    await endpoint.getByText('Breaker opened').waitFor();
    await screenshot(page, 'endpoints-open-1280');

    // Due while open: held until the probe, which succeeds and closes the breaker.
    await scheduleMany(user, [{ title: 'Sync 4', webhookUrl, delay: '200ms', retry: { maxAttempts: 1 } }]);
    await endpoint.locator('.endpoint-state[data-state="CLOSED"]').waitFor({ timeout: 20_000 });
    await suite.receiver.waitFor(() => suite.receiver.for(path).length === 4);
    const seen = await states();
    expect(seen[0]).toBe('CLOSED');
    expect(seen).toContain('OPEN');
    expect(seen.at(-1)).toBe('CLOSED');
    // The last error stays on record; the failures in a row start again.
    await endpoint.locator('.endpoint-last-error').getByText(/500/).waitFor({ timeout: HEALTH_SHOWN_MS });
    expect(await endpoint.locator('.endpoint-facts').getByText('Failures in a row').locator('xpath=following-sibling::dd').textContent()).toBe('0');
  });

  it('the project page sets the alert webhook, with the API’s message for a bad URL, and the Endpoints page fits a phone', async () => {
    const page = await open({ width: 390, height: 844 });
    const user = await signUp(suite.server.url, 'Alerts');
    await scheduleMany(user, [{ title: 'Maker', webhookUrl: suite.receiver.on('/alerts-maker'), delay: '1h' }]);
    await signIn(page, user.email, user.password);
    await page.goto(`/#/projects/${user.projectId}`);
    await page.getByRole('heading', { name: 'Alerts', level: 2 }).waitFor();
    const field = page.getByLabel('Alert webhook URL');

    await field.fill('not a url');
    await page.getByRole('button', { name: 'Save alert URL' }).click();
    await page.locator('#alertWebhookUrl-error').getByText(/^alertWebhookUrl /).waitFor();
    expect(await field.getAttribute('aria-invalid')).toBe('true');

    const alerts = suite.receiver.on('/alerts');
    await field.fill(alerts);
    await page.getByRole('button', { name: 'Save alert URL' }).click();
    await page.getByText(`Alerts go to ${alerts}.`).waitFor();
    await page.locator('#alertWebhookUrl-error').waitFor({ state: 'detached' });
    const stored = async () =>
      (await gqlText<{ project: { alertWebhookUrl: string | null } }>(suite.server.url, 'query($id: ID!) { project(id: $id) { alertWebhookUrl } }', { id: user.projectId }, { token: user.token })).data?.project.alertWebhookUrl;
    expect(await stored()).toBe(alerts);

    await field.fill('');
    await page.getByRole('button', { name: 'Save alert URL' }).click();
    await page.getByText('Alerts are off.').waitFor();
    expect(await stored()).toBeNull();
    await expectNoSidewaysScroll(page);

    await page.getByRole('link', { name: 'Endpoints', exact: true }).last().click();
    await card(page).waitFor();
    expect(page.url()).toContain(`project=${user.projectId}`);
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'endpoints-390');
  });
});
