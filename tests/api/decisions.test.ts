/**
 * Go/no-go decisions through a real HTTP server, as the steering group's devices and scripts meet them: operators
 * open decision points with a token, voters and the chair act signed in (votes and outcomes go by name), an
 * extension moves the window for every board at once, and the log downloads as Markdown and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from './harness';

const golive = new TestServer('golive-decisions-');
const tokens = { admin: '', operator: '', viewer: '' };
const cookies = { alice: '', chair: '', olli: '' };
const PASSWORD = 'correct horse battery';

const call = golive.call.bind(golive);
const sessionCookie = (username: string) => golive.sessionCookie(username, PASSWORD);

const HOUR = 3_600_000;
const now = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const C = '/api/v1/cutovers/go-live';
const D = `${C}/decisions`;
const windowEnd = now + 6 * HOUR;

const point = {
	key: 'GO-1',
	title: 'Go for migration',
	checkpointTask: 'GATE',
	voters: ['alice', 'bob'],
	mandatoryVoters: ['alice'],
	chair: 'chair',
	quorum: 1,
	criteria: [
		{ title: 'Security audit report', owner: 'security' },
		{ title: 'Rollback rehearsed', owner: 'olli' }
	]
};

beforeAll(async () => {
	tokens.admin = await golive.tokenFor('setup', 'admin');
	tokens.operator = await golive.tokenFor('runbook script', 'operator');
	tokens.viewer = await golive.tokenFor('wall screen', 'viewer');
	for (const [username, name, role] of [
		['alice', 'Alice Steering', 'steering'],
		['bob', 'Bob Steering', 'steering'],
		['chair', 'Chair Person', 'steering'],
		['olli', 'Olli Operator', 'operator']
	]) {
		const added = await golive.cli(['user', 'add', '--username', username, '--name', name, '--role', role], {
			GOLIVE_PASSWORD: PASSWORD
		});
		if (added.code !== 0) throw new Error(added.stderr);
	}
	await golive.start();
	cookies.alice = await sessionCookie('alice');
	cookies.chair = await sessionCookie('chair');
	cookies.olli = await sessionCookie('olli');
	const created = await call('POST', '/api/v1/cutovers', tokens.admin, {
		slug: 'go-live',
		name: 'Go live',
		timezone: 'Europe/Helsinki',
		windowStart: iso(now - HOUR),
		windowEnd: iso(windowEnd)
	});
	if (created.status !== 201) throw new Error(created.text);
	const step = (key: string, dependsOn: string[] = []) => ({
		key,
		title: key,
		phase: 'Go-live',
		owner: 'olli',
		durationMinutes: 30,
		dependsOn
	});
	const runbook = await call('PUT', `${C}/runbook`, tokens.admin, {
		phases: ['Go-live'],
		tasks: [step('GATE'), step('MIGRATE', ['GATE'])]
	});
	if (runbook.status !== 200) throw new Error(runbook.text);
}, 600_000);

afterAll(() => golive.stop());

describe('go/no-go decisions over HTTP', () => {
	it('lists the decision paths in the OpenAPI document', async () => {
		const doc = await call('GET', '/api/v1/openapi.json');
		expect(Object.keys(doc.body.paths)).toEqual(
			expect.arrayContaining([
				'/api/v1/cutovers/{slug}/decisions',
				'/api/v1/cutovers/{slug}/decisions/log',
				'/api/v1/cutovers/{slug}/decisions/{key}',
				'/api/v1/cutovers/{slug}/decisions/{key}/criteria/{id}',
				'/api/v1/cutovers/{slug}/decisions/{key}/votes',
				'/api/v1/cutovers/{slug}/decisions/{key}/outcomes',
				'/api/v1/cutovers/{slug}/window-history',
				'/api/v1/cutovers/{slug}/notice-drafts'
			])
		);
		expect(doc.body.components.schemas.OpenDecisionInput.additionalProperties).toBe(false);
	});

	it('opens a decision point with an operator token, and refuses bad ones with a clear 4xx', async () => {
		expect((await call('POST', D, tokens.viewer, point)).status).toBe(403);
		const unknown = await call('POST', D, tokens.operator, { ...point, voters: ['alice', 'nobody'] });
		expect(unknown.status).toBe(400);
		expect(unknown.body.error.message).toContain('nobody');
		const extra = await call('POST', D, tokens.operator, { ...point, sneaky: true });
		expect(extra.status).toBe(400);
		expect((await call('GET', D, tokens.viewer)).body).toEqual({ items: [] });

		const opened = await call('POST', D, tokens.operator, point);
		expect(opened.status).toBe(201);
		expect(opened.body).toMatchObject({ key: 'GO-1', status: 'open', voters: ['alice', 'bob'], votes: [] });
		expect((await call('POST', D, tokens.operator, point)).status).toBe(409);
		expect((await call('GET', `${D}/GO-1`, tokens.viewer)).body).toEqual(opened.body);
		expect((await call('GET', `${D}/NOPE`, tokens.viewer)).status).toBe(404);
	});

	it('updates a criterion with its evidence', async () => {
		const [, rollback] = (await call('GET', `${D}/GO-1`, tokens.viewer)).body.criteria;
		const path = `${D}/GO-1/criteria/${rollback.id}`;
		const waived = await call('PATCH', path, cookies.olli, { state: 'waived' });
		expect(waived.status).toBe(400);
		expect(waived.body.error.message).toContain('reason');
		expect((await call('PATCH', path, tokens.viewer, { state: 'met' })).status).toBe(403);
		const met = await call('PATCH', path, cookies.olli, {
			state: 'met',
			evidenceLink: 'https://wiki.example.org/rollback-rehearsal',
			expectedVersion: 1
		});
		expect(met.status).toBe(200);
		expect(met.body).toMatchObject({ state: 'met', version: 2, updatedBy: 'olli' });
		expect((await call('PATCH', path, cookies.olli, { state: 'met', expectedVersion: 1 })).status).toBe(409);
	});

	it('takes votes by name only: signed-in voters, not tokens or other users', async () => {
		const votes = `${D}/GO-1/votes`;
		const token = await call('POST', votes, tokens.admin, { vote: 'go' });
		expect(token.status).toBe(403);
		expect(token.body.error.message).toMatch(/API token cannot vote/);
		expect((await call('POST', votes, cookies.olli, { vote: 'go' })).status).toBe(403);
		const noReason = await call('POST', votes, cookies.alice, { vote: 'no_go' });
		expect(noReason.status).toBe(400);
		expect(noReason.body.error.message).toMatch(/comment: is required with a no-go/);

		const first = await call('POST', votes, cookies.alice, { vote: 'no_go', comment: 'Audit missing' });
		expect(first.status).toBe(200);
		expect(first.body.tally).toMatchObject({ noGo: 1, blockedBy: ['alice'] });
		const changed = await call('POST', votes, cookies.alice, { vote: 'go', comment: 'Audit arrived' });
		expect(changed.body.vote).toMatchObject({ voter: 'alice', vote: 'go', supersedes: first.body.vote.id });
		expect(changed.body.tally).toMatchObject({ go: 1, noGo: 0, cast: 1, quorumMet: true, blockedBy: [] });
	});

	it('holds the checkpoint: the next task cannot start before a go, even with force', async () => {
		const moved = await call('POST', `${C}/tasks/MIGRATE/transition`, tokens.admin, {
			to: 'in_progress',
			force: true
		});
		expect(moved.status).toBe(409);
		expect(moved.body.error.message).toMatch(/after checkpoint GATE.*"GO-1"/);
	});

	it('lets only the signed-in chair record the outcome; an extension moves the window for everyone', async () => {
		const outcomes = `${D}/GO-1/outcomes`;
		const extension = {
			kind: 'extend',
			rationale: 'Transfers are slow',
			newWindowEnd: iso(windowEnd + 2 * HOUR)
		};
		const token = await call('POST', outcomes, tokens.admin, extension);
		expect(token.status).toBe(403);
		expect(token.body.error.message).toMatch(/API token cannot record/);
		expect((await call('POST', outcomes, cookies.alice, extension)).status).toBe(403);
		const before = await call('POST', outcomes, cookies.chair, { ...extension, newWindowEnd: iso(now) });
		expect(before.status).toBe(400);
		expect(before.body.error.message).toBe('newWindowEnd: must be after the current window end');
		const noWhy = await call('POST', outcomes, cookies.chair, { ...extension, rationale: '' });
		expect(noWhy.status).toBe(400);
		const { lastSeq } = (await call('GET', C, tokens.viewer)).body;

		const recorded = await call('POST', outcomes, cookies.chair, extension);
		expect(recorded.status).toBe(201);
		expect(recorded.body.outcome).toMatchObject({ kind: 'extend', recordedBy: 'chair' });
		expect(recorded.body.outcome.evidence.tally).toMatchObject({ go: 1 });
		const cutover = (await call('GET', C, tokens.viewer)).body;
		expect(Date.parse(cutover.windowEnd)).toBe(windowEnd + 2 * HOUR);
		const events = (await call('GET', `${C}/events?after=${lastSeq}`, tokens.viewer)).body.items;
		expect(events.slice(0, 2).map((e: { type: string }) => e.type)).toEqual([
			'decision.recorded',
			'cutover.updated'
		]);
		const history = (await call('GET', `${C}/window-history`, tokens.viewer)).body.items;
		expect(history.map((h: { by: string; decision: string | null }) => [h.by, h.decision])).toEqual([
			['token setup', null],
			['chair', 'GO-1']
		]);
		const drafts = (await call('GET', `${C}/notice-drafts`, tokens.viewer)).body.items;
		expect(drafts).toHaveLength(1);
		expect(Object.keys(drafts[0].texts).sort()).toEqual(['en', 'fi', 'sv']);

		const second = await call('POST', outcomes, cookies.chair, { kind: 'go', rationale: 'Go' });
		expect(second.status).toBe(409);
		const late = await call('POST', `${D}/GO-1/votes`, cookies.alice, { vote: 'go' });
		expect(late.status).toBe(409);
	});

	it('exports the decision log as Markdown and CSV downloads', async () => {
		const md = await call('GET', `${D}/log`, tokens.viewer);
		expect(md.status).toBe(200);
		expect(md.headers.get('content-type')).toMatch(/^text\/markdown/);
		expect(md.headers.get('content-disposition')).toBe('attachment; filename="go-live-decisions.md"');
		expect(md.text).toContain('## GO-1: Go for migration');
		expect(md.text).toContain('#### Extend the window');
		const csv = await call('GET', `${D}/log?format=csv`, tokens.viewer);
		expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
		const lines = csv.text.trim().split('\r\n');
		// Header, two criteria, two votes, one outcome.
		expect(lines).toHaveLength(6);
		expect((await call('GET', `${D}/log?format=xml`, tokens.viewer)).status).toBe(400);
	});
});
