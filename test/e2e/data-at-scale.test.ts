/**
 * Lists larger than a page in the dashboard, end to end: a real Chromium, a real Dispatch
 * and a real webhook receiver. The jobs table pages by cursor (no job skipped or repeated
 * while others are added), the search box narrows it with the other filters, and the Logs
 * view loads the next page as it is scrolled and filters by outcome and time. The data is
 * made through the API in batches; every wait is on a condition in the page or the API.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CreateScheduleDocument, ScheduleJobsDocument, type ScheduleJobInput } from '../generated/graphql.js';
import { signUp } from '../helpers/app.js';
import { gqlOk, gqlText } from '../helpers/clients.js';
import { until } from '../helpers/jobs.js';
import { respond } from '../helpers/receiver.js';
import { chromiumInstalled, expectNoSidewaysScroll, nav, screenshot, signIn } from './browser.js';
import { dashboardSuite } from './dashboard-suite.js';

type User = Awaited<ReturnType<typeof signUp>>;

describe.skipIf(!chromiumInstalled)('lists larger than a page in the dashboard', { timeout: 120_000 }, () => {
  const suite = dashboardSuite();
  const { open } = suite;

  const scheduleMany = async (user: User, inputs: Array<Omit<ScheduleJobInput, 'projectId'>>) =>
    (await gqlOk(suite.server.url, ScheduleJobsDocument, { inputs: inputs.map((input) => ({ projectId: user.projectId, ...input })) }, { token: user.token })).scheduleJobs;

  /** How many of the project's jobs are in `status`, as the API counts them. */
  const countOf = async (user: User, status: string) => {
    const result = await gqlText<{ jobsConnection: { totalCount: number } }>(
      suite.server.url,
      'query($filter: JobFilter) { jobsConnection(filter: $filter, first: 1) { totalCount } }',
      { filter: { projectId: user.projectId, status } },
      { token: user.token },
    );
    return result.data!.jobsConnection.totalCount;
  };

  const rowIds = (page: Page) => page.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-job-id')!));
  const status = (page: Page) => page.locator('.pagination-status');

  it('pages through the jobs by cursor with no job skipped or repeated while others are added, and search narrows them with the other filters', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Ledger');
    // 45 jobs, newest first: Receipt 15 … Receipt 1, then Invoice 30 … Invoice 1; odd receipts labelled.
    const invoices = await scheduleMany(user, Array.from({ length: 30 }, (_, n) => ({ title: `Invoice ${n + 1}`, webhookUrl: 'https://example.com/invoices', delay: '1h' })));
    const receipts = await scheduleMany(
      user,
      Array.from({ length: 15 }, (_, n) => ({ title: `Receipt ${n + 1}`, webhookUrl: 'https://example.com/receipts', delay: '1h', labels: n % 2 === 0 ? { batch: 'odd' } : {} })),
    );
    const newestFirst = [...invoices, ...receipts].map((job) => job.id).reverse();
    await signIn(page, user.email, user.password);

    await status(page).getByText('Page 1 of 3 · 45 jobs').waitFor();
    const first = await rowIds(page);
    expect(first).toEqual(newestFirst.slice(0, 20));

    // Jobs added while paging go on top of the first page; the pages after it do not move.
    const added = await scheduleMany(user, [1, 2, 3].map((n) => ({ title: `Late ${n}`, webhookUrl: 'https://example.com/late', delay: '1h' })));
    await page.locator(`tbody tr[data-job-id="${added[2].id}"]`).waitFor();
    expect((await rowIds(page)).slice(0, 4)).toEqual([added[2].id, added[1].id, added[0].id, first[0]]);

    await page.getByRole('link', { name: 'Older →' }).click();
    await status(page).getByText(/^Page 2 of 3 · 4[58] jobs$/).waitFor();
    expect(page.url()).toContain('after=');
    const second = await rowIds(page);
    await page.getByRole('link', { name: 'Older →' }).click();
    await status(page).getByText(/^Page 3 of 3 · 4[58] jobs$/).waitFor();
    const third = await rowIds(page);
    expect([...first, ...second, ...third]).toEqual(newestFirst);
    expect(await page.getByRole('link', { name: 'Older →' }).count()).toBe(0);

    // Newer goes back the way it came, and so does Back.
    await page.getByRole('link', { name: '← Newer' }).click();
    await status(page).getByText(/^Page 2 of 3/).waitFor();
    expect(await rowIds(page)).toEqual(second);
    await page.goBack();
    await status(page).getByText(/^Page 3 of 3/).waitFor();
    expect(await rowIds(page)).toEqual(third);

    // The search box: in the URL once typing pauses, from the newest job again.
    await nav(page, 'Jobs').click();
    await status(page).getByText('Page 1 of 3 · 48 jobs').waitFor();
    await page.getByLabel('Search titles').fill('RECEIPT');
    await status(page).getByText('Page 1 of 1 · 15 jobs').waitFor();
    expect(page.url()).toContain('search=RECEIPT');
    expect(page.url()).not.toContain('after=');
    expect(await rowIds(page)).toEqual(receipts.map((job) => job.id).reverse());
    // With a label filter and a status filter too: every condition holds.
    await page.getByLabel('Label', { exact: true }).fill('batch:odd');
    await page.keyboard.press('Enter');
    await status(page).getByText('Page 1 of 1 · 8 jobs').waitFor();
    await page.getByLabel('Status').selectOption({ label: 'Scheduled' });
    await status(page).getByText('Page 1 of 1 · 8 jobs').waitFor();
    expect((await page.locator('tbody td[data-label="Title"] > div > a').allTextContents()).sort()).toEqual([1, 3, 5, 7, 9, 11, 13, 15].map((n) => `Receipt ${n}`).sort());
    await screenshot(page, 'jobs-search-1280');
    await page.getByLabel('Search titles').fill('receipt 1');
    // Receipt 1, 11, 13, 15 (case-insensitive substring).
    await status(page).getByText('Page 1 of 1 · 4 jobs').waitFor();
    await page.getByLabel('Search titles').fill('no such title');
    await page.getByText('No jobs match these filters.').waitFor();

    // The filters come back from the URL alone; Clear filters empties the box too.
    await page.goto(`/#/jobs?search=invoice%202`);
    // Invoice 2, 20 … 29.
    await status(page).getByText('Page 1 of 1 · 11 jobs').waitFor();
    expect(await page.getByLabel('Search titles').inputValue()).toBe('invoice 2');
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await status(page).getByText('Page 1 of 3 · 48 jobs').waitFor();
    expect(await page.getByLabel('Search titles').inputValue()).toBe('');
  });

  it('filters the jobs by schedule, from the schedule’s page', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Cron');
    const path = '/scheduled-run';
    const { createSchedule } = await gqlOk(
      suite.server.url,
      CreateScheduleDocument,
      { input: { projectId: user.projectId, name: 'Every 2 s', every: '2s', title: 'Tick', webhookUrl: suite.receiver.on(path) } },
      { token: user.token },
    );
    await scheduleMany(user, [{ title: 'One-off', webhookUrl: 'https://example.com/one-off', delay: '1h' }]);
    await signIn(page, user.email, user.password);
    await page.goto(`/#/schedules/${createSchedule.id}`);
    await page.getByRole('link', { name: 'Search and filter the runs in the jobs list' }).click();
    await page.getByRole('list', { name: 'Schedule filter' }).getByText('Runs of “Every 2 s”').waitFor();
    await page.locator('tbody tr', { hasText: 'Tick' }).first().waitFor({ timeout: 20_000 });
    expect(await page.locator('tbody tr', { hasText: 'One-off' }).count()).toBe(0);
    expect(page.url()).toContain(`schedule=${createSchedule.id}`);
    await page.getByRole('button', { name: 'Remove the schedule filter' }).click();
    await page.locator('tbody tr', { hasText: 'One-off' }).waitFor();
  });

  it('the Logs view loads more as it is scrolled, filters by outcome and time, and links each attempt to its job', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Deliveries');
    const ok = suite.receiver.on('/logs-ok');
    const down = suite.receiver.on('/logs-down', respond(500, 'down'));
    // 110 attempts (15 of them failed), then 10 more after `between`: three pages of 50.
    await scheduleMany(user, [
      ...Array.from({ length: 95 }, (_, n) => ({ title: `Delivery ${n + 1}`, webhookUrl: ok, delay: '300ms' })),
      ...Array.from({ length: 15 }, (_, n) => ({ title: `Broken ${n + 1}`, webhookUrl: down, delay: '300ms', retry: { maxAttempts: 1 } })),
    ]);
    await until('the first 110 attempts logged', async () => (await countOf(user, 'SUCCESS')) === 95 && (await countOf(user, 'DEAD')) === 15, 60_000);
    const between = new Date().toISOString();
    await scheduleMany(user, Array.from({ length: 10 }, (_, n) => ({ title: `Late delivery ${n + 1}`, webhookUrl: ok, delay: '300ms' })));
    await until('all 120 attempts logged', async () => (await countOf(user, 'SUCCESS')) === 105, 60_000);

    await signIn(page, user.email, user.password);
    await nav(page, 'Logs').click();
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor();
    const rows = page.locator('tbody tr');
    const logIds = () => rows.evaluateAll((all) => all.map((row) => row.getAttribute('data-log-id')!));
    await page.getByText('50 attempts shown; more load as you scroll.').waitFor();
    expect(await rows.count()).toBe(50);
    // Newest first: the late ones on top.
    expect(await rows.first().locator('td[data-label="Job"]').textContent()).toMatch(/^Late delivery/);

    // Scrolling to the end loads the next page, and the next.
    await page.mouse.wheel(0, 100_000);
    await page.getByText('100 attempts shown; more load as you scroll.').waitFor();
    await page.mouse.wheel(0, 100_000);
    await page.getByText('All 120 attempts shown.').waitFor();
    expect(new Set(await logIds()).size).toBe(120);
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // Outcome: the 15 failures, each with its code and error.
    await page.getByLabel('Outcome').selectOption({ label: 'Failed' });
    await page.getByText('All 15 attempts shown.').waitFor();
    expect(page.url()).toContain('status=FAILED');
    expect(await rows.locator('td[data-label="Outcome"]').allTextContents()).toEqual(Array(15).fill('FAILED'));
    expect(await rows.locator('td[data-label="Code"]').allTextContents()).toEqual(Array(15).fill('500'));
    await screenshot(page, 'logs-1280');

    // Time: sent from `between` on are the 10 late ones; before it, the other 110.
    await page.getByLabel('Outcome').selectOption({ label: 'All outcomes' });
    await page.getByLabel('Sent from').fill(between.slice(0, 19));
    await page.getByText('End the time with Z: it is read as UTC.').waitFor();
    await page.getByLabel('Sent from').fill(between);
    await page.getByText('All 10 attempts shown.').waitFor();
    for (const text of await rows.locator('td[data-label="Job"]').allTextContents()) expect(text).toMatch(/^Late delivery/);
    await page.getByLabel('Sent from').fill('');
    await page.getByLabel('Sent before').fill(between);
    // The unfiltered list also shows 50 at first: wait for the filtered one (no late delivery on top).
    await rows.first().locator('td[data-label="Job"]').filter({ hasNotText: /^Late delivery/ }).waitFor();
    await page.getByText('50 attempts shown; more load as you scroll.').waitFor();
    await page.mouse.wheel(0, 100_000);
    await page.getByText('100 attempts shown; more load as you scroll.').waitFor();
    await page.mouse.wheel(0, 100_000);
    await page.getByText('All 110 attempts shown.').waitFor();
    expect(page.url()).toContain('until=');
    expect(page.url()).not.toContain('since=');

    // Each attempt links to its job.
    await rows.filter({ hasText: 'Broken 7' }).getByRole('link', { name: 'Broken 7' }).click();
    await page.getByRole('heading', { name: 'Broken 7', level: 1 }).waitFor();
    await page.locator('.log-entry[data-attempt="1"]').getByText('Code 500').waitFor();
  });

  it('the Logs view and the searchable jobs list fit a phone', async () => {
    const page = await open({ width: 390, height: 844 });
    const user = await signUp(suite.server.url, 'Phone');
    await scheduleMany(user, [{ title: 'Pocket delivery', webhookUrl: suite.receiver.on('/pocket'), delay: '300ms' }]);
    await until('delivered', async () => (await countOf(user, 'SUCCESS')) === 1, 20_000);
    await signIn(page, user.email, user.password);
    await page.getByLabel('Search titles').fill('pocket');
    await status(page).getByText('Page 1 of 1 · 1 job').waitFor();
    await expectNoSidewaysScroll(page);
    await nav(page, 'Logs').click();
    await page.getByText('All 1 attempt shown.').waitFor();
    await expectNoSidewaysScroll(page);
  });
});
