/**
 * Recurring schedules in the dashboard, end to end: a real Chromium, a real Dispatch and a
 * real webhook receiver. Waits are on conditions in the page or at the receiver; the one
 * fixed wait is the bounded "no further run arrives" window after a pause, which can only
 * pass more easily on a busy machine, never fail because of one.
 */
import { describe, expect, it } from 'vitest';
import { CreateProjectDocument, CreateScheduleDocument, PauseScheduleDocument, ScheduleRunsDocument } from '../generated/graphql.js';
import { gqlOk } from '../helpers/clients.js';
import { signUp } from '../helpers/app.js';
import { chromiumInstalled, expectNoSidewaysScroll, lamp, nav, recordLamp, screenshot, signIn } from './browser.js';
import { dashboardSuite } from './dashboard-suite.js';

/** How long a paused schedule must stay silent at the receiver: more than two of its 2 s intervals. */
const SILENCE_MS = 5_000;

describe.skipIf(!chromiumInstalled)('schedules in the dashboard', { timeout: 90_000 }, () => {
  const suite = dashboardSuite();
  const { open } = suite;

  /** Runs of a schedule as the API has them, by occurrence. */
  const runsOf = async (token: string, scheduleId: string) =>
    (await gqlOk(suite.server.url, ScheduleRunsDocument, { scheduleId }, { token })).jobs.jobs.sort((a, b) => a.scheduledFor!.localeCompare(b.scheduledFor!));

  it('create through the form with a live preview → the first runs fire live → pause: nothing more arrives → resume → delete', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Operations');
    await signIn(page, user.email, user.password);

    await nav(page, 'Schedules').click();
    await page.getByText('No schedules yet.').waitFor();
    await page.getByRole('link', { name: 'New schedule' }).first().click();
    await page.getByRole('heading', { name: 'New schedule', level: 1 }).waitFor();

    // The preview starts with the default expression in the browser's zone (Europe/Berlin here).
    const preview = page.getByRole('list', { name: 'Next 5 runs' });
    const runTimes = preview.locator('li');
    await runTimes.nth(4).waitFor();
    expect(await runTimes.count()).toBe(5);
    expect(await page.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin');
    for (const text of await runTimes.allTextContents()) expect(text).toMatch(/09:00:00 \(Europe\/Berlin\).*\d{4}-\d{2}-\d{2} 0[78]:00:00 UTC$/);

    // Another zone: the same wall-clock time there, other instants in UTC.
    await page.getByLabel('Time zone').fill('America/New_York');
    await runTimes.first().getByText('(America/New_York)').waitFor();
    for (const text of await runTimes.allTextContents()) expect(text).toMatch(/09:00:00 \(America\/New_York\).*\d{4}-\d{2}-\d{2} 1[34]:00:00 UTC$/);

    // The API's messages, at the field they name, while typing.
    const cronField = page.getByRole('textbox', { name: 'Cron expression' });
    await cronField.fill('61 * * * *');
    await page.locator('#cron-error').getByText(/^cron is not a valid expression/).waitFor();
    expect(await cronField.getAttribute('aria-invalid')).toBe('true');
    await page.getByText('None to show: fix the marked field.').waitFor();
    await cronField.fill('*/2 * * * * *');
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.locator('#timezone-error').getByText('timezone "Mars/Olympus_Mons" is not a known IANA time zone').waitFor();
    await page.locator('#cron-error').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Use my zone (Europe/Berlin)' }).click();
    await page.getByLabel('Start').fill('2031-01-01T00:00:00');
    await page.locator('#startAt-error').getByText(/^startAt must be an ISO 8601 timestamp in UTC with a trailing Z/).waitFor();
    await page.getByLabel('Start').fill('2031-01-01T00:00:00Z');
    await page.getByLabel('End').fill('2030-01-01T00:00:00Z');
    await page.locator('#endAt-error').getByText('endAt must be after startAt').waitFor();
    await page.getByLabel('Start').fill('');
    await page.getByLabel('End').fill('');
    await page.locator('#endAt-error').waitFor({ state: 'detached' });

    // Every two seconds: five runs two seconds apart.
    await runTimes.nth(4).waitFor();
    const instants = await preview.locator('time').evaluateAll((times) => times.map((time) => Date.parse(time.getAttribute('datetime')!)));
    expect(instants.slice(1).map((instant, n) => instant - instants[n])).toEqual([2_000, 2_000, 2_000, 2_000]);

    await page.getByLabel('Name').fill('Heartbeat');
    await page.getByLabel('Job title').fill('Heartbeat ping');
    const webhookUrl = suite.receiver.on('/heartbeat');
    await page.getByLabel('Webhook URL').fill(webhookUrl);
    await page.getByLabel('Payload').fill('{"beat": true}');
    await page.getByLabel(/^None/).check();
    await screenshot(page, 'schedules-new-1280');
    // Marks this document: a reload would lose the mark.
    await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
    await page.getByRole('button', { name: 'Create schedule' }).click();

    // The schedule page: its runs appear and their lamps follow them without a reload.
    await page.getByRole('heading', { name: 'Heartbeat', level: 1 }).waitFor();
    const scheduleId = page.url().split('#/schedules/')[1];
    await page.locator('.page-head').getByText('Active').waitFor();
    await page.getByText('*/2 * * * * * in Europe/Berlin').waitFor();
    await page.getByRole('list', { name: 'Next runs of this schedule' }).locator('li').nth(4).waitFor();
    // The runs are planned ahead: follow the second one still waiting (the first may be firing already).
    const waiting = page.locator('.runs-table tr:has(.lamp[data-status="SCHEDULED"])');
    await waiting.nth(1).waitFor();
    const nextRunId = (await waiting.nth((await waiting.count()) - 2).getAttribute('data-job-id'))!;
    const history = await recordLamp(page, nextRunId);
    await lamp(page, nextRunId, 'SUCCESS').waitFor({ timeout: 15_000 });
    expect((await history())[0]).toBe('SCHEDULED');
    await suite.receiver.waitFor(() => suite.receiver.for('/heartbeat').some((request) => request.json.jobId === nextRunId));
    const delivered = suite.receiver.for('/heartbeat')[0];
    expect(delivered.headers['x-dispatch-schedule-id']).toBe(scheduleId);
    expect(delivered.json.payload).toEqual({ beat: true });
    await screenshot(page, 'schedules-runs-1280');

    // Pause: the runs planned ahead are cancelled (live), and the receiver hears nothing more.
    await page.getByRole('button', { name: 'Pause Heartbeat' }).click();
    await page.locator('.page-head').getByText('Paused').waitFor();
    await page.getByRole('button', { name: 'Resume Heartbeat' }).waitFor();
    await page.getByText('“Heartbeat” is paused: no runs until you resume it.').waitFor();
    await page.locator('.runs-table .lamp[data-status="CANCELLED"]').first().waitFor();
    await page.locator('.runs-table .lamp[data-status="SCHEDULED"]').first().waitFor({ state: 'detached' });
    const started = (await runsOf(user.token, scheduleId)).filter((run) => run.status !== 'CANCELLED' && run.status !== 'SCHEDULED');
    expect((await runsOf(user.token, scheduleId)).filter((run) => run.status === 'SCHEDULED')).toEqual([]);
    // A run that was already under way when the pause came still lands; then nothing.
    await suite.receiver.waitFor(() => suite.receiver.for('/heartbeat').length >= started.length);
    await expect(suite.receiver.waitFor(() => suite.receiver.for('/heartbeat').length > started.length, SILENCE_MS)).rejects.toThrow(/condition not met/);
    expect(suite.receiver.for('/heartbeat')).toHaveLength(started.length);

    // Resume: catch-up None runs nothing for the paused time, then the next runs come.
    await page.getByRole('button', { name: 'Resume Heartbeat' }).click();
    await page.locator('.page-head').getByText('Active').waitFor();
    // The runs the pause cancelled are not planned again, so the first run after a resume may
    // be as far away as the planning horizon (15 s).
    await suite.receiver.waitFor(() => suite.receiver.for('/heartbeat').length > started.length, 30_000);
    const firstAfterResume = suite.receiver.for('/heartbeat')[started.length].json.jobId;
    await lamp(page, firstAfterResume, 'SUCCESS').waitFor({ timeout: 15_000 });
    // None of the occurrences missed while paused was made up for: every run fires at its occurrence.
    for (const run of (await runsOf(user.token, scheduleId)).filter((r) => r.status !== 'CANCELLED')) expect(run.fireAt).toBe(run.scheduledFor);

    // The list shows it running, with its last run.
    await nav(page, 'Schedules').click();
    const row = page.locator(`tr[data-schedule-id="${scheduleId}"]`);
    await row.getByText('Active', { exact: true }).waitFor();
    await row.locator('td[data-label="Last run"] time').waitFor();
    await row.getByRole('button', { name: 'Pause Heartbeat' }).waitFor();
    await row.getByRole('link', { name: 'Heartbeat' }).click();

    // A run's job page says whose run it is.
    await page.locator(`tr[data-job-id="${firstAfterResume}"]`).getByRole('link').click();
    await page.getByRole('heading', { name: 'Heartbeat ping', level: 1 }).waitFor();
    await page.getByText('Run of schedule').getByRole('link', { name: 'Heartbeat' }).click();
    await page.getByRole('heading', { name: 'Heartbeat', level: 1 }).waitFor();

    // Delete, after the confirmation: back on an empty list, and no more runs.
    await page.getByRole('button', { name: 'Delete schedule' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete this schedule?' });
    await dialog.getByRole('button', { name: 'Delete schedule' }).click();
    await page.getByRole('heading', { name: 'Schedules', level: 1 }).waitFor();
    await page.getByText('No schedules yet.').waitFor();
    expect((await runsOf(user.token, scheduleId)).filter((run) => run.status === 'SCHEDULED')).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
  });

  it('lists schedules with paging and filters, and pauses and resumes one from its row', async () => {
    const page = await open();
    const user = await signUp(suite.server.url, 'Main');
    const { createProject: side } = await gqlOk(suite.server.url, CreateProjectDocument, { name: 'Side project' }, { token: user.token });
    const weekday = { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin', title: 'Digest', webhookUrl: 'https://example.com/digest' };
    for (let n = 1; n <= 20; n++) await gqlOk(suite.server.url, CreateScheduleDocument, { input: { ...weekday, projectId: user.projectId, name: `Digest ${n}` } }, { token: user.token });
    await gqlOk(suite.server.url, CreateScheduleDocument, { input: { projectId: side.id, name: 'Side cleanup', every: '6h', title: 'Cleanup', webhookUrl: 'https://example.com/cleanup' } }, { token: user.token });
    await signIn(page, user.email, user.password);
    await nav(page, 'Schedules').click();

    await page.getByText('Page 1 of 2 · 21 schedules').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(20);
    const newest = page.locator('tbody tr').first();
    await newest.getByRole('link', { name: 'Side cleanup' }).waitFor();
    await newest.getByText('every 6h').waitFor();
    await newest.getByText('Side project').waitFor();
    const digest = page.locator('tbody tr', { hasText: 'Digest 20' });
    await digest.locator('td[data-label="Timing"]').getByText('0 9 * * 1-5').waitFor();
    await digest.locator('td[data-label="Timing"]').getByText('Europe/Berlin').waitFor();
    // Next run in UTC, with the local time (Europe/Berlin here) under it.
    await digest.locator('td[data-label="Next run"]').getByText(/ 0[78]:00:00 UTC$/).waitFor();
    await digest.locator('td[data-label="Next run"]').getByText(/09:00:00 \(Europe\/Berlin\)/).waitFor();
    await digest.locator('td[data-label="Last run"]').getByText('never').waitFor();
    await page.getByRole('link', { name: 'Older →' }).click();
    await page.getByText('Page 2 of 2 · 21 schedules').waitFor();
    await page.locator('tbody tr', { hasText: 'Digest 1' }).waitFor();
    expect(await page.locator('tbody tr').count()).toBe(1);
    await page.goBack();
    await page.getByText('Page 1 of 2 · 21 schedules').waitFor();

    // The toggle: a button named by what it does and for which schedule.
    await digest.getByRole('button', { name: 'Pause Digest 20' }).click();
    await digest.getByRole('button', { name: 'Resume Digest 20' }).waitFor();
    await digest.getByText('Paused', { exact: true }).waitFor();
    await digest.locator('td[data-label="Next run"]').getByText('paused').waitFor();

    await page.getByLabel('State').selectOption('paused');
    await page.getByText('Page 1 of 1 · 1 schedule').waitFor();
    await page.locator('tbody tr', { hasText: 'Digest 20' }).getByRole('button', { name: 'Resume Digest 20' }).click();
    await page.locator('tbody tr', { hasText: 'Digest 20' }).getByText('Active', { exact: true }).waitFor();
    await page.getByLabel('State').selectOption('');

    await page.getByLabel('Project').selectOption({ label: 'Side project' });
    await page.getByText('Page 1 of 1 · 1 schedule').waitFor();
    await page.locator('tbody tr', { hasText: 'Side cleanup' }).waitFor();
    expect(page.url()).toContain(`project=${side.id}`);
    await page.getByLabel('State').selectOption('paused');
    await page.getByText('No schedules match these filters.').waitFor();
  });

  it('is usable at 390 px and shows what the API returns as text, never as markup', async () => {
    const page = await open({ width: 390, height: 844 });
    const user = await signUp(suite.server.url, '<b>bold</b> project');
    const name = '<img src=x onerror="window.injected=1"> & <script>window.injected=2</script>';
    const { createSchedule } = await gqlOk(
      suite.server.url,
      CreateScheduleDocument,
      { input: { projectId: user.projectId, name, every: '2s', title: '<i>run</i>', webhookUrl: suite.receiver.on('/markup'), payload: { html: '<svg onload="window.injected=3">' } } },
      { token: user.token },
    );
    // Its first runs exist from the start; pausing cancels them, and they stay as jobs.
    await gqlOk(suite.server.url, PauseScheduleDocument, { id: createSchedule.id }, { token: user.token });
    await signIn(page, user.email, user.password);

    await nav(page, 'Schedules').click();
    await page.getByRole('link', { name }).waitFor();
    await expectNoSidewaysScroll(page);
    expect(await page.locator('thead').evaluate((head) => head.getBoundingClientRect().height)).toBeLessThanOrEqual(1);

    await page.getByRole('link', { name }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByText('<b>bold</b> project').first().waitFor();
    expect(await page.getByLabel('Payload JSON').textContent()).toContain('<svg onload=\\"window.injected=3\\">');
    await page.locator('.runs-table .lamp[data-status="CANCELLED"]').first().waitFor();
    await expectNoSidewaysScroll(page);

    await page.locator('.runs-table tbody tr').first().getByRole('link').click();
    await page.getByRole('heading', { name: '<i>run</i>', level: 1 }).waitFor();
    await page.getByText('Run of schedule').getByRole('link', { name }).waitFor();
    await expectNoSidewaysScroll(page);

    await page.evaluate(() => (location.hash = '#/schedules/new'));
    await page.getByRole('list', { name: 'Next 5 runs' }).locator('li').nth(4).waitFor();
    await expectNoSidewaysScroll(page);

    expect(await page.evaluate(() => (window as unknown as { injected?: number }).injected)).toBeUndefined();
    expect(await page.locator('main img, main script, main svg, main b, main i').count()).toBe(0);
    await page.evaluate(() => (location.hash = '#/schedules/00000000-0000-4000-8000-000000000000'));
    await page.getByText('Schedule not found.').waitFor();
  });
});
