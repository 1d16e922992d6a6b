import { expect, type Browser, type BrowserContextOptions, type Page } from '@playwright/test';
import { ADMIN, gotoHydrated, login } from './helpers';
import { createUser, type NewUser } from './transfers-helpers';

const HOUR = 3_600_000;

/** The people of a go/no-go decision. */
export interface DecisionPeople {
	operator: NewUser;
	member: NewUser;
	chair: NewUser;
}

/** A user signed in on a page of their own (a new browser context, e.g. a phone's). */
export async function signedIn(
	browser: Browser,
	user: { username: string; password: string },
	options: BrowserContextOptions = {}
): Promise<Page> {
	const page = await (await browser.newContext(options)).newPage();
	await login(page, user.username, user.password);
	return page;
}

/** Opens a decision page and waits until it is live, so its forms are hydrated and it follows changes. */
export async function openDecisionPage(page: Page, path: string): Promise<void> {
	await gotoHydrated(page, path);
	await expect(page.getByTestId('live-status')).toHaveAttribute('data-state', 'live');
}

/**
 * What a decision test starts from, set up by the admin: an operator, a steering member and a chair added on the
 * users page (named after the cutover: each test has its own, and the page's list tells them apart), and through the API a cutover whose window
 * opened an hour ago and ends at `windowEnd`, with a runbook of a go/no-go checkpoint GL-01 and GL-02 after it.
 */
export async function setUpDecisionCutover(
	browser: Browser,
	cutover: { slug: string; name: string; windowEnd: number }
): Promise<DecisionPeople> {
	const person = (role: 'operator' | 'steering', who: string, name: string): NewUser => ({
		username: `${cutover.slug}-${who}`,
		displayName: `${name} (${cutover.slug})`,
		password: `e2e-${who}-password-1`,
		role
	});
	const people = {
		operator: person('operator', 'operator', 'Olli Operator'),
		member: person('steering', 'member', 'Stina Steering'),
		chair: person('steering', 'chair', 'Carl Chair')
	};

	const admin = await signedIn(browser, ADMIN);
	for (const user of Object.values(people)) await createUser(admin, user);
	const created = await admin.request.post('/api/v1/cutovers', {
		data: {
			slug: cutover.slug,
			name: cutover.name,
			timezone: 'Europe/Helsinki',
			windowStart: new Date(Date.now() - HOUR).toISOString(),
			windowEnd: new Date(cutover.windowEnd).toISOString()
		}
	});
	expect(created.ok(), await created.text()).toBe(true);
	const runbook = await admin.request.put(`/api/v1/cutovers/${cutover.slug}/runbook`, {
		data: {
			phases: ['Go-live'],
			tasks: [
				{ key: 'GL-01', title: 'Go/no-go checkpoint', phase: 'Go-live', owner: 'ops', durationMinutes: 10 },
				{
					key: 'GL-02',
					title: 'Open the service',
					phase: 'Go-live',
					owner: 'ops',
					durationMinutes: 20,
					dependsOn: ['GL-01']
				}
			]
		}
	});
	expect(runbook.ok(), await runbook.text()).toBe(true);
	await admin.context().close();
	return people;
}
