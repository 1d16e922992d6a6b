/**
 * User notices through a real HTTP server (the production build, see harness.ts): comms staff draft a notice in
 * Finnish, Swedish and English, a second person approves it, it is published, updated, corrected and withdrawn; a
 * draft comes from an incident; the settings say which languages are required; bodies as typed are previewed.
 * Bad input is a 4xx that changes nothing: a 400 naming the field, a 403 for a viewer or for an author approving
 * their own notice, a 409 naming the missing languages or a stale version. Every answer is checked against its
 * row's schema by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { noticeSettingsView, noticeView } from '../../src/lib/shared/schemas/notices';
import { TestServer } from './harness';

const golive = new TestServer('golive-notices-');
const tokens = { admin: '', viewer: '', operator: '' };
const PASSWORD = 'notice password 1';
const sessions = { kaisa: '', sven: '' };
const C = '/api/v1/cutovers/go-live';
const N = `${C}/notices`;
const HOUR = 3_600_000;

const TEXTS = {
	fi: { title: 'Asiointipalvelu on tauolla', body: 'Palvelu palaa käyttöön **klo 12**.' },
	sv: { title: 'E-tjänsten har ett avbrott', body: 'Tjänsten är tillbaka **kl. 12**.' },
	en: { title: 'The e-service is paused', body: 'The service is back **at noon**.' }
};

async function call(...args: Parameters<TestServer['call']>) {
	const { status, body } = await golive.call(...args);
	return { status, body };
}

const lastSeq = async () => (await call('GET', C, tokens.admin)).body.lastSeq as number;

/** Sends a call that must be refused with `status`, and checks that the log did not move. */
async function refused(status: number, ...args: Parameters<TestServer['call']>) {
	const before = await lastSeq();
	const answer = await call(...args);
	expect(answer.status, JSON.stringify(answer.body)).toBe(status);
	expect(answer.body.error.message).toEqual(expect.any(String));
	expect(await lastSeq()).toBe(before);
	return answer.body.error;
}

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	tokens.operator = await golive.tokenFor('ops script', 'operator');
	await golive.addUser({ username: 'kaisa', password: PASSWORD, name: 'Kaisa Comms' }, 'comms');
	await golive.addUser({ username: 'sven', password: PASSWORD, name: 'Sven Comms' }, 'comms');
	await golive.start();
	sessions.kaisa = await golive.sessionCookie('kaisa', PASSWORD);
	sessions.sven = await golive.sessionCookie('sven', PASSWORD);
	const now = Date.now();
	const created = await call('POST', '/api/v1/cutovers', tokens.admin, {
		slug: 'go-live',
		name: 'Go live',
		timezone: 'Europe/Helsinki',
		windowStart: new Date(now - HOUR).toISOString(),
		windowEnd: new Date(now + HOUR).toISOString()
	});
	expect(created.status).toBe(201);
	for (const [key, name] of [
		['customer', 'Customer e-services'],
		['market', 'Expert marketplace']
	])
		expect((await call('POST', `${C}/services`, tokens.admin, { key, name })).status).toBe(201);
}, 600_000);

afterAll(async () => {
	await golive.stop();
});

describe('notices over HTTP', () => {
	it('takes a notice from draft through a second approval to published, updated, corrected and withdrawn', async () => {
		const settings = await call('PUT', `${C}/notice-settings`, tokens.admin, { secondApproval: true });
		expect(noticeSettingsView.parse(settings.body)).toEqual({
			requiredLanguages: ['fi', 'sv'],
			secondApproval: true,
			publicStatus: false
		});
		await refused(403, 'PUT', `${C}/notice-settings`, sessions.kaisa, { secondApproval: false });
		expect((await call('GET', `${C}/notice-settings`, tokens.viewer)).body.secondApproval).toBe(true);

		const drafted = await call('POST', N, sessions.kaisa, {
			kind: 'info',
			services: ['customer'],
			texts: { fi: TEXTS.fi }
		});
		expect(drafted.status).toBe(201);
		expect(noticeView.parse(drafted.body)).toMatchObject({
			ref: 'NTC-1',
			status: 'draft',
			missing: ['sv'],
			createdBy: 'kaisa'
		});
		const missing = await refused(409, 'POST', `${N}/NTC-1/submit`, sessions.kaisa, {});
		expect(missing).toMatchObject({ reason: 'errors.noticeMissingLanguages', params: { languages: 'sv' } });
		expect(missing.message).toContain('sv');

		const edited = await call('PATCH', `${N}/NTC-1`, sessions.kaisa, { texts: TEXTS, expectedVersion: 1 });
		expect(edited.body).toMatchObject({ missing: [], version: 2 });
		expect(
			(await refused(409, 'PATCH', `${N}/NTC-1`, sessions.kaisa, { services: [], expectedVersion: 1 })).reason
		).toBe('errors.noticeChanged');
		expect((await refused(409, 'POST', `${N}/NTC-1/publish`, sessions.kaisa, {})).reason).toBe(
			'errors.noticeNeedsApproval'
		);

		expect(
			(await call('POST', `${N}/NTC-1/submit`, sessions.kaisa, { expectedVersion: 2 })).body.status
		).toBe('awaiting_approval');
		const own = await refused(403, 'POST', `${N}/NTC-1/approve`, sessions.kaisa, {});
		expect(own.reason).toBe('errors.noticeOwnApproval');
		await refused(403, 'POST', `${N}/NTC-1/approve`, tokens.operator, {});
		await refused(403, 'POST', `${N}/NTC-1/approve`, tokens.viewer, {});
		const approved = await call('POST', `${N}/NTC-1/approve`, sessions.sven, {});
		expect(approved.body).toMatchObject({ approvedBy: 'sven', status: 'awaiting_approval' });

		const published = await call('POST', `${N}/NTC-1/publish`, sessions.kaisa, {});
		expect(published.status).toBe(200);
		expect(noticeView.parse(published.body)).toMatchObject({ status: 'published', texts: TEXTS });
		const first = published.body.entries[0];
		expect(first).toMatchObject({ kind: 'published', by: 'Kaisa Comms' });
		expect((await refused(409, 'PATCH', `${N}/NTC-1`, sessions.kaisa, { services: [] })).reason).toBe(
			'errors.noticeNotDraft'
		);

		const update = { fi: { ...TEXTS.fi, body: 'Palvelu palaa **klo 13**.' }, sv: TEXTS.sv };
		const updated = await call('POST', `${N}/NTC-1/entries`, sessions.kaisa, {
			kind: 'update',
			texts: update
		});
		expect(updated.body.texts).toEqual(update);
		await refused(400, 'POST', `${N}/NTC-1/entries`, sessions.kaisa, { kind: 'correction', texts: update });
		const corrected = await call('POST', `${N}/NTC-1/entries`, sessions.kaisa, {
			kind: 'correction',
			corrects: first.id,
			texts: TEXTS
		});
		expect(corrected.body.entries.map((e: { kind: string }) => e.kind)).toEqual([
			'published',
			'update',
			'correction'
		]);
		expect(corrected.body.entries[2].corrects).toBe(first.id);

		await refused(400, 'POST', `${N}/NTC-1/withdraw`, sessions.kaisa, {});
		const withdrawn = await call('POST', `${N}/NTC-1/withdraw`, sessions.kaisa, { reason: 'Sent too early' });
		expect(withdrawn.body).toMatchObject({ status: 'withdrawn', texts: TEXTS });
		expect(withdrawn.body.entries.at(-1)).toMatchObject({ kind: 'withdrawn', reason: 'Sent too early' });
		const read = await call('GET', `${N}/NTC-1`, tokens.viewer);
		expect(read.status).toBe(200);
		expect(read.body.status).toBe('withdrawn');
		expect((await call('PUT', `${C}/notice-settings`, tokens.admin, { secondApproval: false })).status).toBe(
			200
		);
	});

	it('refuses bad input with a 400 naming the field, a viewer with a 403, and an unknown notice with a 404', async () => {
		const maintenance = await refused(400, 'POST', N, sessions.kaisa, { kind: 'maintenance', texts: TEXTS });
		expect(maintenance).toMatchObject({ reason: 'errors.noticeMaintenanceWindow' });
		expect(maintenance.message).toContain('maintenance');
		const window = await refused(400, 'POST', N, sessions.kaisa, {
			kind: 'maintenance',
			texts: TEXTS,
			maintenance: { startsAt: '2030-01-01T12:00:00Z', endsAt: '2030-01-01T10:00:00Z' }
		});
		expect(window.message).toContain('maintenance.endsAt');
		expect((await refused(400, 'POST', N, sessions.kaisa, { kind: 'news', texts: TEXTS })).message).toContain(
			'kind'
		);
		expect(
			(await refused(400, 'POST', N, sessions.kaisa, { kind: 'info', texts: { de: TEXTS.en } })).message
		).toContain('texts');
		expect(
			(
				await refused(400, 'POST', N, sessions.kaisa, {
					kind: 'info',
					texts: { fi: { title: '', body: 'x' } }
				})
			).message
		).toContain('texts.fi.title');
		expect(
			(await refused(400, 'POST', N, sessions.kaisa, { kind: 'info', services: ['nope'], texts: TEXTS }))
				.reason
		).toBe('errors.serviceUnknown');
		await refused(400, 'POST', `${N}/NTC-1/publish`, sessions.kaisa, { at: 'tomorrow' });
		await refused(400, 'GET', `${N}/notice-1`, tokens.admin);
		await refused(404, 'GET', `${N}/NTC-99`, tokens.admin);
		await refused(404, 'POST', `${N}/NTC-99/publish`, sessions.kaisa, {});
		await refused(403, 'POST', N, tokens.viewer, { kind: 'info', texts: TEXTS });
		await refused(403, 'POST', N, tokens.operator, { kind: 'info', texts: TEXTS });
		await refused(401, 'POST', N, undefined, { kind: 'info', texts: TEXTS });
	});

	it('previews bodies as typed through the one renderer, saves nothing, and refuses a body too long', async () => {
		const before = await lastSeq();
		const typed = { fi: TEXTS.fi.body, en: 'Read <script>alert(1)</script> [this](javascript:alert(1)).' };
		const preview = await call('POST', `${C}/notice-preview`, sessions.kaisa, { bodies: typed });
		expect(preview).toEqual({
			status: 200,
			body: {
				bodies: {
					fi: '<p>Palvelu palaa käyttöön <strong>klo 12</strong>.</p>\n',
					en: '<p>Read &lt;script&gt;alert(1)&lt;/script&gt; [this](javascript:alert(1)).</p>\n'
				}
			}
		});
		expect(await lastSeq()).toBe(before);
		const long = await refused(400, 'POST', `${C}/notice-preview`, sessions.kaisa, {
			bodies: { sv: 'x'.repeat(10_001) }
		});
		expect(long.message).toContain('bodies.sv');
		await refused(403, 'POST', `${C}/notice-preview`, tokens.viewer, { bodies: typed });
		await refused(404, 'POST', '/api/v1/cutovers/no-such/notice-preview', sessions.kaisa, { bodies: typed });
	});

	it('schedules a notice for later, and drafts one from an incident', async () => {
		const made = await call('POST', N, sessions.kaisa, { kind: 'info', texts: TEXTS });
		const ref = made.body.ref;
		const at = new Date(Date.now() + 24 * HOUR).toISOString();
		const scheduled = await call('POST', `${N}/${ref}/publish`, sessions.kaisa, { at });
		expect(scheduled.body).toMatchObject({ status: 'scheduled', publishAt: at, entries: [] });

		const incident = await call('POST', `${C}/incidents`, tokens.admin, {
			title: 'Sign-in fails',
			severity: 'P3',
			affected: [{ service: 'market', impact: 'partial_outage' }]
		});
		const drafted = await call('POST', `${N}/from-incident/${incident.body.ref}`, sessions.kaisa);
		expect(drafted.status).toBe(201);
		expect(drafted.body).toMatchObject({
			kind: 'incident',
			origin: incident.body.ref,
			incident: incident.body.ref,
			services: ['market'],
			missing: []
		});
		expect(drafted.body.texts.sv.body).toContain('Expert marketplace');
		await refused(404, 'POST', `${N}/from-incident/INC-99`, sessions.kaisa);
		await refused(400, 'POST', `${N}/from-incident/NTC-1`, sessions.kaisa);

		const list = await call('GET', N, tokens.viewer);
		expect(list.body.items.map((n: { ref: string }) => n.ref)).toEqual([drafted.body.ref, ref, 'NTC-1']);
	});
});
