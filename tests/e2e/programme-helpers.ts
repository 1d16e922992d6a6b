/** What the programme tests share: an inventory's systems, the VM template, and the API calls that set them up. */
import { expect, type APIRequestContext, type APIResponse } from '@playwright/test';

export const TESTER = { name: 'Tove Tester', email: 'tove@example.org' };
export const CONTACT = { name: 'Kari Kontakt', email: 'kari@example.org' };
/** A machine's internal host name: the public pages must never show it. */
export const HOST = 'db01.oslo.internal';
const DAY = 86_400_000;

/** One system of an inventory as the API takes it: 3 machines, a contact and a tester unless `fields` say else. */
export const system = (key: string, fields: Record<string, unknown> = {}) => ({
	key,
	name: `System ${key}`,
	agency: 'Skatteetaten',
	environment: 'test',
	vmCount: 3,
	machines: [HOST],
	criticality: 'medium',
	contactName: CONTACT.name,
	contactEmail: CONTACT.email,
	testers: [TESTER],
	...fields
});

/** "VM lift and shift": three work steps (a system is moved when they are done), then the testers' sign-off. */
export const VM_STEPS = [
	{
		key: 'stop',
		title: 'Stop the machines',
		phase: 'Move',
		durationMinutes: 10,
		owner: '@contact',
		kind: 'work'
	},
	{ key: 'copy', title: 'Copy the disks', phase: 'Move', durationMinutes: 20, owner: 'ops', kind: 'work' },
	{
		key: 'start',
		title: 'Start in the new hall',
		phase: 'Move',
		durationMinutes: 10,
		owner: 'ops',
		kind: 'work'
	},
	{
		key: 'signoff',
		title: 'Testers sign off',
		phase: 'Check',
		durationMinutes: 60,
		owner: '@tester',
		kind: 'signoff'
	}
] as const;
/** The work steps' keys, in order. */
export const WORK_STEPS = VM_STEPS.filter((s) => s.kind === 'work').map((s) => s.key);

/** The template's steps one a line, as its page takes them. */
export const stepLines = (steps: readonly (typeof VM_STEPS)[number][]) =>
	steps.map((s) => [s.key, s.title, s.phase, s.durationMinutes, s.owner, s.kind].join(' | ')).join('\n');

/** Asserts the answer's status, saying what the server said when it differs. */
export async function expectStatus(pending: Promise<APIResponse>, status: number): Promise<APIResponse> {
	const response = await pending;
	expect(response.status(), `${response.url()}: ${await response.text()}`).toBe(status);
	return response;
}

/** Creates a programme through the API (`request` is signed in), its span from yesterday for a year. */
export async function createProgramme(
	request: APIRequestContext,
	programme: { slug: string; name: string; timezone: string }
): Promise<void> {
	const now = Date.now();
	const data = {
		...programme,
		windowStart: new Date(now - DAY).toISOString(),
		windowEnd: new Date(now + 365 * DAY).toISOString()
	};
	await expectStatus(request.post('/api/v1/programmes', { data }), 201);
}

/** Imports systems into the programme's inventory (new keys added, known ones changed). */
export async function importSystems(
	request: APIRequestContext,
	slug: string,
	systems: unknown[]
): Promise<void> {
	await expectStatus(request.put(`/api/v1/programmes/${slug}/systems`, { data: { systems } }), 200);
}

/** Lets the public progress view show the programme. */
export async function publishProgress(request: APIRequestContext, slug: string): Promise<void> {
	const data = { publicStatus: true };
	await expectStatus(request.put(`/api/v1/cutovers/${slug}/notice-settings`, { data }), 200);
}

/** Asks a system's tester for their word through a one-use link; answers the path of the page the link opens. */
export async function signoffLink(
	request: APIRequestContext,
	slug: string,
	system: string,
	testerEmail: string
): Promise<string> {
	const path = `/api/v1/programmes/${slug}/systems/${system}/signoff-links`;
	const asked = await expectStatus(request.post(path, { data: { testerEmail } }), 201);
	return (await asked.json()).path;
}

interface ProgrammeRead {
	systems: { key: string; stage: string }[];
	counts: { done: { systems: number; machines: number }; toGo: { systems: number; machines: number } };
}

/** The programme as the API reads it now: its systems and counts. */
export async function readProgramme(request: APIRequestContext, slug: string): Promise<ProgrammeRead> {
	return (await expectStatus(request.get(`/api/v1/programmes/${slug}`), 200)).json();
}
