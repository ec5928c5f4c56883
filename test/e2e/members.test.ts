/**
 * Members in the dashboard, end to end: an owner adds a colleague by email and changes
 * their role; the colleague sees the project as a developer (members, no keys or secret)
 * and leaves it; the server's refusal (the last owner) is shown where it happened.
 */
import { describe, expect, it } from 'vitest';
import { signUp } from '../helpers/app.js';
import { gqlText } from '../helpers/clients.js';
import { chromiumInstalled, nav, signIn } from './browser.js';
import { dashboardSuite } from './dashboard-suite.js';

describe.skipIf(!chromiumInstalled)('members in the dashboard', { timeout: 90_000 }, () => {
  const suite = dashboardSuite();
  const { open } = suite;

  it('owner adds a member and changes the role → the member sees the project as DEVELOPER without keys → leaves', async () => {
    const owner = await signUp(suite.server.url, 'Shared');
    const colleague = await signUp(suite.server.url, 'Own');
    const page = await open();
    await signIn(page, owner.email, owner.password);
    await nav(page, 'Projects').click();
    await page.getByRole('link', { name: 'Shared' }).click();
    await page.getByRole('heading', { name: 'Shared', level: 1 }).waitFor();
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByText('your role is OWNER').waitFor();

    // An address nobody registered: the server's message at the field.
    await members.getByLabel('Add a member by email').fill('nobody@example.com');
    await members.getByRole('button', { name: 'Add member' }).click();
    await members.getByText('User not found').waitFor();

    await members.getByLabel('Add a member by email').fill(colleague.email);
    await members.getByLabel('Role', { exact: true }).selectOption('VIEWER');
    await members.getByRole('button', { name: 'Add member' }).click();
    await page.getByText(`${colleague.email} is now a member (VIEWER).`).waitFor();
    const row = members.getByRole('row', { name: new RegExp(colleague.email) });
    await row.waitFor();
    await members.getByLabel(`Role of ${colleague.email}`).selectOption('DEVELOPER');
    await page.getByText(`${colleague.email} is now DEVELOPER.`).waitFor();

    // The last owner cannot step down: the server says why.
    await members.getByLabel(`Role of ${owner.email}`).selectOption('ADMIN');
    await members.getByRole('alert').getByText('a project must keep at least one OWNER: make another member OWNER first').waitFor();
    expect(await members.getByLabel(`Role of ${owner.email}`).inputValue()).toBe('OWNER');

    const api = await gqlText(suite.server.url, 'query ($id: ID!) { project(id: $id) { members { user { email } role } } }', { id: owner.projectId }, { token: owner.token });
    expect(api.data.project.members).toEqual([{ user: { email: owner.email }, role: 'OWNER' }, { user: { email: colleague.email }, role: 'DEVELOPER' }]);

    const theirs = await open();
    await signIn(theirs, colleague.email, colleague.password);
    await nav(theirs, 'Projects').click();
    await theirs.getByRole('link', { name: 'Shared' }).click();
    await theirs.getByRole('heading', { name: 'Shared', level: 1 }).waitFor();
    const theirMembers = theirs.getByRole('region', { name: 'Members' });
    await theirMembers.getByText('your role is DEVELOPER').waitFor();
    expect(await theirs.getByRole('heading', { name: 'API keys' }).count()).toBe(0);
    expect(await theirs.getByRole('heading', { name: 'Signing secret' }).count()).toBe(0);
    expect(await theirMembers.getByRole('combobox').count()).toBe(0);
    await theirMembers.getByRole('button', { name: 'Leave' }).click();
    await theirs.getByRole('button', { name: 'Leave project' }).click();
    await theirs.getByText('You left the project.').waitFor();
    // Leaving is not signing out: the live connection drops, comes back, and the page stays.
    await theirs.locator('.live-reconnecting').waitFor();
    await theirs.locator('.live-live').waitFor({ timeout: 15_000 });
    await nav(theirs, 'Projects').click();
    await theirs.getByRole('link', { name: 'Own' }).waitFor();
    expect(await theirs.getByRole('link', { name: 'Shared' }).count()).toBe(0);
    expect(await theirs.getByText('Your session has ended').count()).toBe(0);
    const left = await gqlText(suite.server.url, '{ projects { name } }', {}, { token: colleague.token });
    expect(left.data.projects).toEqual([{ name: 'Own' }]);
  });
});
