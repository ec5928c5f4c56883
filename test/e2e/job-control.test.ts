/**
 * Job control in the dashboard, end to end: a real Chromium, a real Dispatch and a real
 * webhook receiver. Editing and rescheduling, run now, replay, bulk cancel and replay, the
 * dead jobs view, the label filter, the New job form's options, 390 px and API text as
 * text. Waits are on conditions in the page or at the receiver; the two bounded waits for
 * a delivery that must not come can only pass more easily on a busy machine.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ReplayJobDocument, ScheduleJobDocument, type ScheduleJobInput } from '../generated/graphql.js';
import { signUp } from '../helpers/app.js';
import { gqlOk } from '../helpers/clients.js';
import { respond } from '../helpers/receiver.js';
import { chromiumInstalled, expectNoSidewaysScroll, lamp, nav, recordLamp, screenshot, signIn } from './browser.js';
import { dashboardSuite } from './dashboard-suite.js';

type User = Awaited<ReturnType<typeof signUp>>;

/** How long a job that must not be delivered (again) is given to show up anyway. */
const NOTHING_MORE_MS = 2_000;

/** `2026-06-13 09:30:00 UTC`, as the dashboard writes a time. */
const shownUtc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

describe.skipIf(!chromiumInstalled)('job control in the dashboard', { timeout: 90_000 }, () => {
  const suite = dashboardSuite({ DELIVERY_TIMEOUT: '10s' });
  const { open } = suite;

  const schedule = async (user: User, input: Omit<ScheduleJobInput, 'projectId'>) =>
    (await gqlOk(suite.server.url, ScheduleJobDocument, { input: { projectId: user.projectId, ...input } }, { token: user.token })).scheduleJob;

  /** Nothing more reaches `path` for a while: its count stays at `count`. */
  const nothingMoreAt = async (path: string, count: number) => {
    await expect(suite.receiver.waitFor(() => suite.receiver.for(path).length > count, NOTHING_MORE_MS)).rejects.toThrow(/condition not met/);
    expect(suite.receiver.for(path)).toHaveLength(count);
  };

  const openJob = async (page: Page, title: string) => {
    await page.getByRole('link', { name: title, exact: true }).click();
    await page.getByRole('heading', { name: title, level: 1, exact: true }).waitFor();
  };

  it('edit and reschedule: the job moved later fires once, at its new time, with its new title and labels', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Reminders');
    const path = '/moved';
    // Due soon enough that a delivery at the old time would be seen; far enough to edit it first.
    const job = await schedule(user, { title: 'Trial reminder', webhookUrl: suite.receiver.on(path), delay: '15s', labels: { env: 'staging' } });
    const oldFireAt = Date.parse(job.fireAt);
    const newFireAt = new Date(Math.ceil((oldFireAt + 5_000) / 1_000) * 1_000).toISOString().replace('.000Z', 'Z');
    await signIn(page, user.email, user.password);
    await openJob(page, 'Trial reminder');

    await page.getByRole('button', { name: 'Edit job' }).click();
    const form = page.locator('#job-edit');
    const heading = form.getByRole('heading', { name: 'Edit job' });
    await heading.waitFor();
    expect(await heading.evaluate((element) => element === document.activeElement)).toBe(true);
    // Filled in with what the job has now, options in effect included.
    expect(await form.getByLabel('Title', { exact: true }).inputValue()).toBe('Trial reminder');
    expect(await form.getByLabel('Label 1 key').inputValue()).toBe('env');
    expect(await form.getByLabel('Fire at').inputValue()).toBe(job.fireAt.replace(/\.\d{3}Z$/, 'Z'));
    await form.getByText('Delivery options').click();
    expect(await form.getByLabel('Timeout per attempt').inputValue()).toBe('10s');

    await form.getByLabel('Title', { exact: true }).fill('Trial reminder (moved)');
    await form.getByLabel('Label 1 value').fill('production');
    await form.getByLabel('Fire at').fill(newFireAt);
    await screenshot(page, 'job-edit-1280');
    await form.getByRole('button', { name: 'Save changes' }).click();

    await page.getByText(`Changes to “Trial reminder (moved)” saved. It fires at ${shownUtc(newFireAt)}.`).waitFor();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('heading', { name: 'Trial reminder (moved)', level: 1 }).waitFor();
    await page.locator('.fields').getByText(shownUtc(newFireAt)).waitFor();
    await page.locator('.fields').getByRole('link', { name: 'Jobs labelled env: production' }).waitFor();
    // Focus is back on the button that opened the form.
    expect(await page.getByRole('button', { name: 'Edit job' }).evaluate((button) => button === document.activeElement)).toBe(true);

    // The lamp follows it live; the receiver gets it once, after the new time (never at the old one).
    const history = await recordLamp(page, job.id);
    await lamp(page, job.id, 'SUCCESS').waitFor({ timeout: 30_000 });
    expect(await history()).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
    await suite.receiver.waitFor(() => suite.receiver.for(path).length > 0);
    const [delivery] = suite.receiver.for(path);
    // Timers round to the millisecond; the old time is five seconds earlier.
    expect(delivery.arrivedAt).toBeGreaterThanOrEqual(Date.parse(newFireAt) - 5);
    expect(delivery.json.title).toBe('Trial reminder (moved)');
    await nothingMoreAt(path, 1);
    await page.locator('.log-entry[data-attempt="1"]').getByText('Code 200').waitFor();
    await page.getByRole('button', { name: 'Edit job' }).waitFor({ state: 'detached' });
  });

  it('run now: a job due in an hour is sent at once, and its page follows it live', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Billing');
    const path = '/run-now';
    const job = await schedule(user, { title: 'Invoice run', webhookUrl: suite.receiver.on(path), delay: '1h' });
    await signIn(page, user.email, user.password);
    await openJob(page, 'Invoice run');
    const history = await recordLamp(page, job.id);

    await page.getByRole('button', { name: 'Run now' }).click();
    const dialog = page.getByRole('dialog', { name: 'Run this job now?' });
    await dialog.getByText(`“Invoice run” is sent at once instead of at ${shownUtc(job.fireAt)}.`).waitFor();
    // Escape keeps it as it is.
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(suite.receiver.for(path)).toHaveLength(0);

    await page.getByRole('button', { name: 'Run now' }).click();
    await dialog.getByRole('button', { name: 'Run now' }).click();
    await lamp(page, job.id, 'SUCCESS').waitFor({ timeout: 15_000 });
    expect(await history()).toEqual(['SCHEDULED', 'FIRING', 'SUCCESS']);
    expect(suite.receiver.for(path)).toHaveLength(1);
    expect(suite.receiver.for(path)[0].arrivedAt).toBeLessThan(Date.parse(job.fireAt) - 3_000_000);
    await page.getByText('“Invoice run” is being sent now.').waitFor();
    const timeline = page.locator('.timeline');
    await timeline.getByText('Scheduled → Firing').waitFor();
    await timeline.getByText('Firing → Success').waitFor();
    await page.locator('.log-entry[data-attempt="1"]').getByText('Code 200').waitFor();
    // A finished job offers a replay instead.
    await page.getByRole('button', { name: 'Run now' }).waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Replay job' }).waitFor();
  });

  it('New job with options (field messages at each) → it goes DEAD → replay → the replay succeeds and links to it', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Payments');
    const path = '/recovering';
    // Down for the first attempt, back for the replay.
    const webhookUrl = suite.receiver.on(path, respond(503, 'down for maintenance'), respond(200, '{"ok":true}'));
    await signIn(page, user.email, user.password);
    await nav(page, 'New job').click();
    await page.getByRole('heading', { name: 'Schedule a job' }).waitFor();

    await page.getByLabel('Title', { exact: true }).fill('Charge card');
    await page.getByLabel('Webhook URL').fill(webhookUrl);
    await page.getByLabel('After a delay').check();
    await page.getByLabel('Delay', { exact: true }).fill('soon');
    const submit = () => page.getByRole('button', { name: 'Schedule job' }).click();
    await submit();
    await page.locator('#delay-error').getByText(/^delay must be a duration/).waitFor();
    await page.getByLabel('Delay', { exact: true }).fill('2s');

    await page.getByRole('button', { name: 'Add label' }).click();
    // Add moves focus to the new row.
    expect(await page.getByLabel('Label 1 key').evaluate((input) => input === document.activeElement)).toBe(true);
    await page.keyboard.type('team');
    await page.getByLabel('Label 1 value').fill('payments');

    await page.getByText('Delivery options').click();
    await page.getByLabel('Attempts at most').fill('1');
    await page.getByLabel('Retry delays').fill('10s, later');
    await submit();
    await page.locator('#retry-delays-error').getByText(/^retry\.delays\[1\] must be a duration/).waitFor();
    await page.getByLabel('Retry delays').fill('');
    await page.getByRole('button', { name: 'Add header' }).click();
    await page.getByLabel('Header 1 name').fill('Host');
    await page.getByLabel('Header 1 value').fill('example.com');
    await submit();
    await page.getByRole('group', { name: 'Request headers' }).locator('.field-error').getByText(/^header "Host" is reserved/).waitFor();
    expect(await page.getByLabel('Header 1 name').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Header 1 name').fill('X-Tenant');
    await page.getByLabel('Header 1 value').fill('acme');
    await page.getByLabel('Timeout per attempt').fill('1h');
    await submit();
    await page.locator('#timeout-error').getByText('timeout must be at most 10s').waitFor();
    await screenshot(page, 'schedule-options-1280');
    await page.getByLabel('Timeout per attempt').fill('5s');
    await submit();

    await page.getByRole('heading', { name: 'Jobs', level: 1 }).waitFor();
    const row = page.locator('tr', { hasText: 'Charge card' });
    const jobId = (await row.getAttribute('data-job-id'))!;
    await row.getByRole('link', { name: 'Jobs labelled team: payments' }).waitFor();
    // One attempt only: no retry, straight to DEAD.
    await lamp(page, jobId, 'DEAD').waitFor({ timeout: 15_000 });
    expect(suite.receiver.for(path)).toHaveLength(1);
    expect(suite.receiver.for(path)[0].headers['x-tenant']).toBe('acme');

    await openJob(page, 'Charge card');
    await page.locator('.log-entry[data-attempt="1"]').getByText('Code 503').waitFor();
    await page.locator('.fields').getByText('1 attempt, no retries').waitFor();
    await page.locator('.fields').getByText('x-tenant: acme').waitFor();
    await page.getByRole('button', { name: 'Edit job' }).waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Replay job' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay this job?' });
    // At a time: the API's message about it, at the field.
    await dialog.getByLabel('At a time').check();
    await dialog.getByLabel('Replay at').fill('2020-01-01T00:00:00Z');
    await dialog.getByRole('button', { name: 'Replay job' }).click();
    await dialog.locator('#replay-fireAt-error').getByText('fireAt must be in the future').waitFor();
    await dialog.getByLabel('Now', { exact: true }).check();
    await dialog.getByRole('button', { name: 'Replay job' }).click();

    // The replay's own page: a new job, linked to the original, delivered this time.
    await page.getByText('“Charge card” was replayed as a new job.').waitFor();
    await page.waitForURL((url) => !url.hash.endsWith(jobId));
    const replayId = page.url().split('#/jobs/')[1];
    expect(replayId).not.toBe(jobId);
    await page.getByRole('heading', { name: 'Charge card', level: 1 }).waitFor();
    await lamp(page, replayId, 'SUCCESS').waitFor({ timeout: 15_000 });
    await suite.receiver.waitFor(() => suite.receiver.for(path).length === 2);
    const replayed = suite.receiver.for(path)[1];
    expect(replayed.json.jobId).toBe(replayId);
    expect(replayed.headers['x-tenant']).toBe('acme');
    await page.locator('.fields').getByRole('link', { name: 'Jobs labelled team: payments' }).waitFor();
    await page.getByText('Replay of').getByRole('link', { name: 'Charge card' }).click();
    await page.waitForURL((url) => url.hash.endsWith(jobId));
    await lamp(page, jobId, 'DEAD').waitFor();
  });

  it('selects scheduled jobs and cancels them after a confirmation: they turn Cancelled and never arrive', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Campaigns');
    // Due soon, with a job left alone as the witness that their time came.
    const batch = [];
    for (const title of ['Batch A', 'Batch B', 'Batch C']) batch.push(await schedule(user, { title, webhookUrl: suite.receiver.on('/bulk-cancelled'), delay: '12s' }));
    const witness = await schedule(user, { title: 'Witness', webhookUrl: suite.receiver.on('/bulk-witness'), delay: '12s' });
    await signIn(page, user.email, user.password);
    await page.locator('tbody tr').nth(3).waitFor();

    // Select all shown, and back.
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    const selectAll = bar.getByLabel('Select all shown');
    await selectAll.check();
    await bar.getByText('4 selected: 4 scheduled.').waitFor();
    for (const title of ['Batch A', 'Witness']) expect(await page.getByLabel(`Select ${title}`).isChecked()).toBe(true);
    await selectAll.uncheck();
    await bar.getByText('None selected.').waitFor();
    expect(await bar.getByRole('button', { name: 'Cancel selected' }).isDisabled()).toBe(true);

    for (const job of batch) await page.getByLabel(`Select ${job.title}`).check();
    await bar.getByText('3 selected: 3 scheduled.').waitFor();
    expect(await selectAll.evaluate((input) => (input as HTMLInputElement).indeterminate)).toBe(true);
    await screenshot(page, 'jobs-bulk-1280');
    await bar.getByRole('button', { name: 'Cancel selected' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel 3 jobs?' });
    await dialog.getByText('These 3 scheduled jobs will not be sent.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel 3 jobs' }).click();

    await page.getByText('3 jobs cancelled.').waitFor();
    for (const job of batch) await lamp(page, job.id, 'CANCELLED').waitFor();
    await bar.getByText('None selected.').waitFor();
    // The witness was due at the same time: once it has arrived, the cancelled ones would have too.
    await lamp(page, witness.id, 'SUCCESS').waitFor({ timeout: 30_000 });
    await suite.receiver.waitFor(() => suite.receiver.for('/bulk-witness').length === 1);
    await nothingMoreAt('/bulk-cancelled', 0);
  });

  it('Dead jobs: replay all shown replays every dead job listed, and the replays are delivered', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Webhooks');
    const path = '/outage';
    // The receiver is down for three requests, then back.
    const webhookUrl = suite.receiver.on(path, respond(503), respond(503), respond(503), respond(200));
    const dead = [];
    for (const title of ['Order 1', 'Order 2', 'Order 3']) dead.push(await schedule(user, { title, webhookUrl, delay: '1s', retry: { maxAttempts: 1 } }));
    await schedule(user, { title: 'Delivered fine', webhookUrl: suite.receiver.on('/fine'), delay: '1s' });
    await schedule(user, { title: 'Later', webhookUrl: 'https://example.com/later', delay: '1h' });
    await signIn(page, user.email, user.password);

    await nav(page, 'Dead jobs').click();
    await page.getByRole('heading', { name: 'Dead jobs', level: 1 }).waitFor();
    // They die while the page is open or before: either way they are listed, and only they.
    for (const job of dead) await lamp(page, job.id, 'DEAD').waitFor({ timeout: 15_000 });
    await suite.receiver.waitFor(() => suite.receiver.for('/fine').length === 1);
    await page.getByText('Page 1 of 1 · 3 jobs').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await screenshot(page, 'dead-jobs-1280');

    await page.getByRole('button', { name: 'Replay all shown' }).click();
    const dialog = page.getByRole('dialog', { name: 'Replay 3 jobs?' });
    await dialog.getByText('replaying again sends them again', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Replay 3 jobs' }).click();
    await page.getByText('3 jobs replayed: their new jobs are due now.').waitFor();

    // Three new jobs, delivered now that the receiver is back; the dead ones stay as they were.
    await suite.receiver.waitFor(() => suite.receiver.for(path).length === 6);
    const replays = suite.receiver.for(path).slice(3).map((request) => request.json.jobId);
    expect(new Set(replays).size).toBe(3);
    for (const id of replays) expect(dead.map((job) => job.id)).not.toContain(id);
    for (const job of dead) {
      await lamp(page, job.id, 'DEAD').waitFor();
      await page.locator(`tr[data-job-id="${job.id}"]`).getByRole('link', { name: 'Replayed: open the new job' }).waitFor();
    }
    await page.locator(`tr[data-job-id="${dead[0].id}"]`).getByRole('link', { name: 'Replayed: open the new job' }).click();
    await page.getByText('Replay of').getByRole('link', { name: 'Order 1' }).waitFor();
    const replayId = page.url().split('#/jobs/')[1];
    expect(replays).toContain(replayId);
    await lamp(page, replayId, 'SUCCESS').waitFor({ timeout: 15_000 });

    await nav(page, 'Jobs').click();
    for (const id of replays) await lamp(page, id, 'SUCCESS').waitFor({ timeout: 15_000 });
  });

  it('the label filter narrows the table (AND), lives in the URL, and a row’s label links to its filter', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Labels');
    const far = { webhookUrl: 'https://example.com/hook', delay: '1h' };
    await schedule(user, { title: 'Prod billing', ...far, labels: { env: 'prod', team: 'billing' } });
    await schedule(user, { title: 'Prod growth', ...far, labels: { env: 'prod', team: 'growth' } });
    await schedule(user, { title: 'Staging', ...far, labels: { env: 'staging' } });
    await schedule(user, { title: 'Unlabelled', ...far });
    await signIn(page, user.email, user.password);
    await page.getByText('Page 1 of 1 · 4 jobs').waitFor();
    const titles = () => page.locator('tbody tr .cell-title > div > a:first-child').allTextContents();

    const field = page.getByLabel('Label', { exact: true });
    await field.fill('env');
    await field.press('Enter');
    await page.locator('#filter-label-error').getByText('Write a label as key:value, like env:production.').waitFor();
    await field.fill('env:prod');
    await field.press('Enter');
    await page.getByText('Page 1 of 1 · 2 jobs').waitFor();
    expect((await titles()).sort()).toEqual(['Prod billing', 'Prod growth']);
    expect(page.url()).toContain('label=env%3Aprod');

    await field.fill('team:billing');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByText('Page 1 of 1 · 1 job').waitFor();
    expect(await titles()).toEqual(['Prod billing']);
    const filters = page.getByRole('list', { name: 'Label filters' });
    expect(await filters.locator('li').allTextContents()).toEqual(['env:prod×', 'team:billing×']);

    // The URL alone brings them back (a shared link, Back).
    const filteredUrl = await page.evaluate(() => location.hash);
    await nav(page, 'Jobs').click();
    await page.getByText('Page 1 of 1 · 4 jobs').waitFor();
    await page.evaluate((hash) => (location.hash = hash), filteredUrl);
    await page.getByText('Page 1 of 1 · 1 job').waitFor();
    expect(await filters.locator('li').count()).toBe(2);
    await page.getByRole('button', { name: 'Remove label filter env:prod' }).click();
    await page.getByText('Page 1 of 1 · 1 job').waitFor();
    expect(page.url()).not.toContain('env%3Aprod');
    await page.getByRole('button', { name: 'Remove label filter team:billing' }).click();
    await page.getByText('Page 1 of 1 · 4 jobs').waitFor();

    // A label on a row filters on it.
    await page.locator('tr', { hasText: 'Staging' }).getByRole('link', { name: 'Jobs labelled env: staging' }).click();
    await page.getByText('Page 1 of 1 · 1 job').waitFor();
    expect(await titles()).toEqual(['Staging']);
    await page.getByLabel('Status', { exact: true }).selectOption('SUCCESS');
    await page.getByText('No jobs match these filters.').waitFor();
    expect(page.url()).toContain('label=env%3Astaging');
    await page.goBack();
    await page.getByText('Page 1 of 1 · 1 job').waitFor();

    // A key the API refuses: its message at the filter.
    await field.fill('bad key:x');
    await field.press('Enter');
    await page.locator('#filter-label-error').getByText(/label key "bad key" must be/).waitFor();
  });

  it('is usable at 390 px and shows labels, headers and titles from the API as text', async () => {
    const page = await open({ width: 390, height: 844 });
    const user = await signUp(suite.server.url, 'Phone');
    const title = '<img src=x onerror="window.injected=1"> & <script>window.injected=2</script>';
    const markup = { labels: { note: '<b>bold</b>' }, headers: { 'X-Note': '<i>it</i>' } };
    const failed = await schedule(user, { title, webhookUrl: suite.receiver.on('/phone-down', respond(500)), delay: '1s', retry: { maxAttempts: 1 }, ...markup });
    await schedule(user, { title: 'Scheduled one', webhookUrl: 'https://example.com/later', delay: '1h', ...markup });
    await signIn(page, user.email, user.password);
    await lamp(page, failed.id, 'DEAD').waitFor({ timeout: 15_000 });
    const { replayJob } = await gqlOk(suite.server.url, ReplayJobDocument, { id: failed.id, fireAt: new Date(Date.now() + 3_600_000).toISOString() }, { token: user.token });

    await page.locator(`tr[data-job-id="${replayJob.id}"]`).waitFor();
    await page.getByLabel('Select Scheduled one').check();
    await page.getByRole('group', { name: 'Bulk actions' }).getByText('1 selected: 1 scheduled.').waitFor();
    await page.getByRole('link', { name: 'Jobs labelled note: <b>bold</b>' }).first().waitFor();
    await expectNoSidewaysScroll(page);
    await screenshot(page, 'jobs-bulk-390');

    await nav(page, 'Dead jobs').click();
    await lamp(page, failed.id, 'DEAD').waitFor();
    await expectNoSidewaysScroll(page);

    await page.evaluate((id) => (location.hash = `#/jobs/${id}`), replayJob.id);
    await page.getByText('Replay of').getByRole('link', { name: title }).waitFor();
    await page.locator('.fields').getByText('x-note: <i>it</i>').waitFor();
    await page.getByRole('button', { name: 'Edit job' }).click();
    await page.locator('#job-edit').getByText('Delivery options').click();
    expect(await page.getByLabel('Header 1 value').inputValue()).toBe('<i>it</i>');
    expect(await page.getByLabel('Title', { exact: true }).inputValue()).toBe(title);
    await expectNoSidewaysScroll(page);
    await page.getByRole('button', { name: 'Run now' }).click();
    await page.getByRole('dialog', { name: 'Run this job now?' }).waitFor();
    await expectNoSidewaysScroll(page);
    await page.keyboard.press('Escape');

    await nav(page, 'New job').click();
    await page.getByText('Delivery options').click();
    await page.getByRole('button', { name: 'Add label' }).click();
    await page.getByRole('button', { name: 'Add header' }).click();
    await expectNoSidewaysScroll(page);

    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
    await page.evaluate((id) => (location.hash = `#/jobs/${id}`), failed.id);
    await page.getByRole('button', { name: 'Replay job' }).waitFor();
    expect(await page.locator('main img, main script, main svg, main b, main i').count()).toBe(0);
  });
});
