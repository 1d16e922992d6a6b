/**
 * Services and incidents through a real HTTP server (the production build, see harness.ts): an operator keeps the
 * catalogue and runs an incident from its opening to its resolution, a MIM is named and handed over, people in the
 * room write on the timeline; bad input is a 4xx that changes nothing. Every answer is checked against its row's
 * schema by the harness (answer-schema.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incidentDetail, incidentView, serviceView } from '../../src/lib/shared/schemas/incidents';
import { TestServer } from './harness';

const golive = new TestServer('golive-incidents-');
const tokens = { admin: '', viewer: '' };
const PASSWORD = 'incident password 1';
const sessions = { maija: '', ville: '' };
const C = '/api/v1/cutovers/go-live';
const HOUR = 3_600_000;

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
	await golive.addUser({ username: 'maija', password: PASSWORD, name: 'Maija MIM' }, 'operator');
	await golive.addUser({ username: 'ville', password: PASSWORD, name: 'Ville Viewer' }, 'viewer');
	await golive.start();
	sessions.maija = await golive.sessionCookie('maija', PASSWORD);
	sessions.ville = await golive.sessionCookie('ville', PASSWORD);
	const now = Date.now();
	const created = await call('POST', '/api/v1/cutovers', tokens.admin, {
		slug: 'go-live',
		name: 'Go live',
		timezone: 'UTC',
		windowStart: new Date(now - HOUR).toISOString(),
		windowEnd: new Date(now + HOUR).toISOString()
	});
	expect(created.status).toBe(201);
}, 600_000);

afterAll(async () => {
	await golive.stop();
});

describe('services over HTTP', () => {
	it('keeps a catalogue, and refuses a bad or doubled service without keeping anything', async () => {
		for (const [key, name] of [
			['customer', 'Customer e-services'],
			['market', 'Expert marketplace']
		]) {
			const made = await call('POST', `${C}/services`, tokens.admin, { key, name });
			expect(made.status).toBe(201);
			expect(serviceView.parse(made.body)).toMatchObject({
				key,
				status: 'operational',
				displayedStatus: 'operational'
			});
		}
		expect(
			(await refused(409, 'POST', `${C}/services`, tokens.admin, { key: 'market', name: 'Again' })).reason
		).toBe('errors.serviceKeyTaken');
		await refused(400, 'POST', `${C}/services`, tokens.admin, { key: 'x', name: 'X', status: 'down' });
		await refused(400, 'POST', `${C}/services`, tokens.admin, { key: 'has space', name: 'X' });
		await refused(400, 'POST', `${C}/services/market/status`, tokens.admin, { status: 'major_outage' });
		await refused(404, 'POST', `${C}/services/nope/status`, tokens.admin, {
			status: 'major_outage',
			note: 'x'
		});
		await refused(403, 'POST', `${C}/services`, tokens.viewer, { key: 'viewer', name: 'Viewer' });

		const set = await call('POST', `${C}/services/market/status`, tokens.admin, {
			status: 'under_maintenance',
			note: 'Index rebuild',
			expectedVersion: 1
		});
		expect(set.body).toMatchObject({ status: 'under_maintenance', statusNote: 'Index rebuild', version: 2 });
		// Someone who saw the first version is refused.
		await refused(409, 'POST', `${C}/services/market/status`, tokens.admin, {
			status: 'operational',
			note: 'x',
			expectedVersion: 1
		});
		const list = await call('GET', `${C}/services`, tokens.viewer);
		expect(list.body.items.map((s: { key: string }) => s.key)).toEqual(['customer', 'market']);
	});
});

describe('incidents over HTTP', () => {
	it('refuses a P1 without a MIM, and any bad incident, keeping nothing', async () => {
		const p1 = { title: 'Platform down', severity: 'P1' };
		expect(await refused(400, 'POST', `${C}/incidents`, tokens.admin, p1)).toMatchObject({
			reason: 'errors.incidentNeedsMim',
			details: [{ path: 'mim', reason: 'fields.mimRequired' }]
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, { ...p1, mim: null });
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, { ...p1, mim: 'nobody' });
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			...p1,
			severity: 'P0',
			mimPending: true,
			mim: null
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			title: 'x',
			severity: 'P3',
			affected: [{ service: 'nope', impact: 'major_outage' }]
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			title: 'x',
			severity: 'P3',
			affected: [{ service: 'customer', impact: 'major_outage' }],
			priorities: ['market']
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			title: 'x',
			severity: 'P3',
			surprise: true
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			title: 'x',
			severity: 'P3',
			breach: { metric: 'p95', seq: 1 }
		});
		await refused(400, 'POST', `${C}/incidents`, tokens.admin, {
			title: 'x',
			severity: 'P3',
			suppliers: [{ name: 'Cloud Oy', organisation: 'Cloud Oy', email: 'not an email' }]
		});
		await refused(403, 'POST', `${C}/incidents`, tokens.viewer, { title: 'x', severity: 'P3' });
		expect((await call('GET', `${C}/incidents`, tokens.viewer)).body.items).toEqual([]);
		await refused(404, 'GET', `${C}/incidents/INC-9`, tokens.viewer);
		await refused(400, 'GET', `${C}/incidents/nine`, tokens.viewer);
	});

	it('runs a P1 from its opening to its resolution, its MIM named on the timeline and running it', async () => {
		const opened = await call('POST', `${C}/incidents`, tokens.admin, {
			title: 'Opening spike crashed the platform',
			severity: 'P1',
			mim: null,
			mimPending: true,
			affected: [
				{ service: 'customer', impact: 'major_outage' },
				{ service: 'market', impact: 'partial_outage' }
			],
			priorities: ['customer', 'market'],
			suppliers: [{ name: 'Sanna', organisation: 'Cloud Oy', email: 'sanna@cloud.example' }]
		});
		expect(opened.status).toBe(201);
		expect(incidentView.parse(opened.body)).toMatchObject({ ref: 'INC-1', needsMim: true });
		const I = `${C}/incidents/INC-1`;

		const services = (await call('GET', `${C}/services`, tokens.viewer)).body.items;
		expect(services.map((s: { displayedStatus: string }) => s.displayedStatus)).toEqual([
			'major_outage',
			'partial_outage'
		]);

		// A viewer runs nothing; the room names a MIM, who then runs it as themselves.
		await refused(403, 'PUT', `${I}/roles`, sessions.ville, { mim: 'ville' });
		expect((await refused(400, 'PUT', `${I}/roles`, tokens.admin, { mim: 'ville' })).reason).toBe(
			'errors.incidentMimMayNot'
		);
		const named = await call('PUT', `${I}/roles`, tokens.admin, { mim: 'maija', scribe: 'maija' });
		expect(named.body).toMatchObject({ needsMim: false, roles: { mim: 'maija', scribe: 'maija' } });
		const moved = await call('POST', `${I}/status`, sessions.maija, {
			status: 'identified',
			note: 'DB pool'
		});
		expect(moved.body.status).toBe('identified');

		await refused(409, 'POST', `${I}/status`, sessions.maija, { status: 'identified' });
		await refused(409, 'POST', `${I}/severity`, sessions.maija, { severity: 'P3', expectedVersion: 1 });
		await refused(400, 'PUT', `${I}/priorities`, sessions.maija, { priorities: ['customer', 'customer'] });
		await refused(400, 'PUT', `${I}/services`, sessions.maija, {
			affected: [
				{ service: 'customer', impact: 'major_outage' },
				{ service: 'customer', impact: 'operational' }
			]
		});

		// Notes come from people in the room, never with a token or from a viewer.
		const note = await golive.call('POST', `${I}/notes`, sessions.maija, { text: 'Supplier on the bridge' });
		expect(note.status).toBe(201);
		await refused(403, 'POST', `${I}/notes`, tokens.admin, { text: 'From a script' });
		await refused(403, 'POST', `${I}/notes`, sessions.ville, { text: 'From a viewer' });
		await refused(400, 'POST', `${I}/notes`, sessions.maija, { text: 'x', corrects: 99_999 });
		const fixed = await call('POST', `${I}/notes`, sessions.maija, {
			text: 'The supplier joined at 20:05',
			corrects: note.body.id
		});
		expect(fixed.body.detail).toEqual({ kind: 'correction', corrects: note.body.id });

		const resolved = await call('POST', `${I}/status`, sessions.maija, {
			status: 'resolved',
			note: 'All back'
		});
		expect(resolved.body).toMatchObject({ status: 'resolved' });
		expect(resolved.body.affected.every((a: { restoredAt: string | null }) => a.restoredAt !== null)).toBe(
			true
		);
		await refused(409, 'PUT', `${I}/priorities`, sessions.maija, { priorities: ['market'] });

		const detail = incidentDetail.parse((await call('GET', I, tokens.viewer)).body);
		expect(detail.timeline.map((e) => e.detail.kind)).toEqual([
			'opened',
			'services',
			'priorities',
			'suppliers',
			'role',
			'role',
			'status',
			'note',
			'correction',
			'status',
			'services'
		]);
		expect(detail.timeline[4]).toMatchObject({ detail: { role: 'mim', from: null, to: 'maija' } });
		expect(detail.mimNamedAt).not.toBeNull();

		// The board carries it, and its events say what changed.
		const board = (await call('GET', `${C}/snapshot`, tokens.viewer)).body;
		expect(board.incidents.map((i: { ref: string }) => i.ref)).toEqual(['INC-1']);
		expect(
			board.services.every((s: { displayedStatus: string }) => s.displayedStatus !== 'major_outage')
		).toBe(true);
	});
});
