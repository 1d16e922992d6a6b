import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tally } from '../../shared/decisions';
import { translator } from '../../shared/i18n';
import type { CutoverEvent } from '../../shared/events';
import {
	criterionUpdateInput,
	decisionOpenInput,
	outcomeInput,
	voteInput,
	type DecisionView
} from '../../shared/schemas/decisions';
import { userUpdateInput } from '../../shared/schemas/auth';
import type { ForecastView } from '../../shared/schemas/transfers';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import { updateUser } from '../auth/auth.service';
import { testDatabases } from '../db/test-db';
import { parse } from '../errors';
import { eventsAfter } from '../events/event.service';
import { insertForecast } from '../forecast/forecast.queries';
import { updateCutover } from '../runbook/cutover.service';
import { getCutover } from '../runbook/cutover-lookup';
import { boardSnapshot } from '../board/board-snapshot';
import { getTask, transitionTask } from '../runbook/task.service';
import {
	refusedAtSchema,
	rejection,
	sessionActor,
	testActor,
	testAdmin as admin,
	testCutover,
	testRunbook,
	testUser
} from '../testing';
import {
	castVote,
	getDecision,
	listDecisions,
	listNoticeDrafts,
	listPeople,
	openDecision,
	recordOutcome,
	updateCriterion
} from './decision.service';
import { windowHistory } from '../runbook/window-history';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const PEOPLE = [
	{ username: 'chair', displayName: 'Chair Person', role: 'steering', team: null },
	{ username: 'alice', displayName: 'Alice Steering', role: 'steering', team: null },
	{ username: 'bob', displayName: 'Bob Steering', role: 'steering', team: null },
	{ username: 'carol', displayName: 'Carol Steering', role: 'steering', team: null },
	{ username: 'ops', displayName: 'Olli Operator', role: 'operator', team: null },
	{ username: 'sec', displayName: 'Sanna Security', role: 'task_owner', team: 'security' },
	{ username: 'view', displayName: 'Ville Viewer', role: 'viewer', team: null }
] as const;
type Person = (typeof PEOPLE)[number]['username'];

const as = (username: Person): Actor => {
	const p = PEOPLE.find((x) => x.username === username)!;
	return testActor(p.role, { name: p.displayName, username, team: p.team });
};
const token = testActor('admin', { kind: 'token', name: 'script' });

describe.each(testDatabases())('go/no-go decisions on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
		for (const p of PEOPLE)
			await testUser(app, p.username, p.role, { displayName: p.displayName, team: p.team });
	});
	afterAll(() => database.close());

	/** A cutover whose window opened an hour ago: PREP -> GATE (checkpoint) -> MIGRATE -> VERIFY. */
	async function cutover() {
		const view = await testCutover(app, { name: 'Patient records' });
		await testRunbook(app, view.slug, [
			{ key: 'PREP', title: 'Prepare', phase: 'Go-live', owner: 'ops', durationMinutes: 30 },
			{
				key: 'GATE',
				title: 'Go/no-go',
				phase: 'Go-live',
				owner: 'chair',
				durationMinutes: 15,
				dependsOn: ['PREP']
			},
			{
				key: 'MIGRATE',
				title: 'Migrate',
				phase: 'Go-live',
				owner: 'ops',
				durationMinutes: 60,
				dependsOn: ['GATE']
			},
			{
				key: 'VERIFY',
				title: 'Verify',
				phase: 'Go-live',
				owner: 'ops',
				durationMinutes: 30,
				dependsOn: ['MIGRATE']
			}
		]);
		return { slug: view.slug, cutover: view };
	}

	const open = (slug: string, body: Record<string, unknown> = {}, actor: Actor = as('ops')) =>
		openDecision(
			app,
			actor,
			slug,
			decisionOpenInput.parse({
				key: 'GO-1',
				title: 'Go for migration',
				checkpointTask: 'GATE',
				voters: ['alice', 'bob', 'carol'],
				mandatoryVoters: ['alice'],
				chair: 'chair',
				quorum: 2,
				criteria: [
					{ title: 'Security audit report', owner: 'security' },
					{ title: 'Rollback rehearsed', owner: 'ops' }
				],
				...body
			})
		);
	const vote = (slug: string, who: Person, body: Record<string, unknown>, key = 'GO-1') =>
		castVote(app, as(who), slug, key, voteInput.parse(body));
	const outcome = (slug: string, body: Record<string, unknown>, actor: Actor = as('chair'), key = 'GO-1') =>
		recordOutcome(app, actor, slug, key, outcomeInput.parse(body));

	/** What a refused call must leave as it was: the event log's seq and every decision. */
	async function state(slug: string) {
		const c = await getCutover(app, admin, slug);
		return {
			seq: c.lastSeq,
			windowEnd: c.windowEnd,
			decisions: await listDecisions(app, admin, slug),
			drafts: await listNoticeDrafts(app, admin, slug)
		};
	}

	it('opens a decision point with criteria and the stored forecast, into the event log and the board', async () => {
		const { slug, cutover: c } = await cutover();
		const forecast = { basedOnSeq: 3, p50: new Date().toISOString(), probability: 0.42 } as ForecastView;
		await app.db.transaction((tx) =>
			insertForecast(tx, {
				cutoverId: c.id,
				basedOnSeq: 3,
				computedAt: new Date(),
				p50: new Date(),
				p90: new Date(),
				probability: 0.42,
				view: forecast
			})
		);
		const seq = (await getCutover(app, admin, slug)).lastSeq;
		const decision = await open(slug, { voters: ['Alice', 'bob', 'carol'] });
		expect(decision).toMatchObject({
			key: 'GO-1',
			status: 'open',
			checkpointTask: 'GATE',
			voters: ['alice', 'bob', 'carol'],
			createdBy: 'ops',
			openedWith: { forecast: { probability: 0.42 } }
		});
		expect(decision.criteria.map((cr) => [cr.title, cr.owner, cr.state])).toEqual([
			['Security audit report', 'security', 'pending'],
			['Rollback rehearsed', 'ops', 'pending']
		]);
		const events = await eventsAfter(app, c.id, seq);
		expect(events.map((e) => e.type)).toEqual(['decision.opened']);
		const snapshot = await boardSnapshot(app, c.id);
		expect(snapshot.decisions).toEqual([decision]);
		expect(snapshot.windowHistory).toEqual([
			expect.objectContaining({ from: null, to: c.windowEnd, by: 'test admin', decision: null })
		]);
		expect(await getDecision(app, as('view'), slug, 'GO-1')).toEqual(decision);
		expect((await listPeople(app, as('view'))).map((p) => p.username)).toContain('alice');
	});

	it('refuses a bad decision point with a clear error and changes nothing', async () => {
		const { slug } = await cutover();
		await open(slug);
		const before = await state(slug);
		const taken = await rejection(open(slug));
		expect([taken.status, taken.message]).toEqual([409, expect.stringMatching(/key "GO-1" already exists/)]);
		const unknown = await rejection(
			open(slug, { key: 'GO-2', voters: ['alice', 'nobody', 'ghost'], chair: 'who' })
		);
		expect(unknown.status).toBe(400);
		expect(unknown.message).toMatch(/voters: no user named nobody, ghost; chair: no user named who/);
		const task = await rejection(open(slug, { key: 'GO-2', checkpointTask: 'NOPE' }));
		expect([task.status, task.message]).toEqual([400, expect.stringMatching(/checkpointTask: no task NOPE/)]);
		const reviews = await rejection(
			open(slug, { key: 'GO-2', reviews: { decision: 'GO-1', items: [crypto.randomUUID()] } })
		);
		expect([reviews.status, reviews.message]).toEqual([400, expect.stringMatching(/did not order fixes/)]);
		const steering = await rejection(open(slug, { key: 'GO-2' }, as('alice')));
		expect([steering.status, steering.message]).toEqual([
			403,
			expect.stringMatching(/steering.*open decision/)
		]);
		const reserved = await rejection(open(slug, { key: 'log' }));
		expect(reserved.status).toBe(400);
		expect(await state(slug)).toEqual(before);
	});

	it('names as voters and chair only people whose role may vote and chair, and writes nothing otherwise', async () => {
		const { slug } = await cutover();
		const before = await state(slug);
		const chair = await rejection(open(slug, { chair: 'ops' }));
		expect([chair.status, chair.message]).toEqual([
			400,
			'chair: ops (operator) may not chair a decision point (only steering members and admins do)'
		]);
		expect([chair.reason, chair.params]).toEqual([
			'errors.chairMayNot',
			{ field: 'chair', names: 'ops (operator)' }
		]);
		const voters = await rejection(
			open(slug, { voters: ['alice', 'view', 'ops'], mandatoryVoters: ['ops'], quorum: 1 })
		);
		expect([voters.status, voters.message]).toEqual([
			400,
			'voters: view (viewer), ops (operator) may not vote on a decision point (only steering members and admins do)'
		]);
		expect(voters.reason).toBe('errors.votersMayNot');
		const both = await rejection(open(slug, { voters: ['alice', 'sec'], quorum: 1, chair: 'view' }));
		expect([both.status, both.message]).toEqual([
			400,
			'voters: sec (task_owner) may not vote on a decision point (only steering members and admins do); ' +
				'chair: view (viewer) may not chair a decision point (only steering members and admins do)'
		]);
		expect(await state(slug)).toEqual(before);
	});

	it('checks the role again at the act: a member demoted since the point opened may not vote or chair', async () => {
		const { slug } = await cutover();
		const added = {
			dora: await testUser(app, `dora-${slug}`, 'steering', { displayName: 'Dora Demoted' }),
			dan: await testUser(app, `dan-${slug}`, 'steering', { displayName: 'Dan Demoted' })
		};
		await open(slug, {
			voters: ['alice', added.dora.username],
			mandatoryVoters: [],
			quorum: 1,
			chair: added.dan.username
		});
		await vote(slug, 'alice', { vote: 'go' });
		await updateUser(app, admin, added.dora.id, userUpdateInput.parse({ role: 'viewer' }));
		await updateUser(app, admin, added.dan.id, userUpdateInput.parse({ role: 'operator' }));
		// Their rights now, as a request resolves them: from their session, with the role they have today.
		const current = (username: string) => sessionActor(app, username);
		const before = await state(slug);
		const demotedVoter = await rejection(
			castVote(app, await current(added.dora.username), slug, 'GO-1', { vote: 'go' })
		);
		expect([demotedVoter.status, demotedVoter.reason, demotedVoter.params]).toEqual([
			403,
			'errors.roleMayNot',
			{ role: 'viewer', action: 'vote on decision points' }
		]);
		const demotedChair = await rejection(
			recordOutcome(app, await current(added.dan.username), slug, 'GO-1', {
				kind: 'go',
				rationale: 'Ready',
				followUps: []
			})
		);
		expect([demotedChair.status, demotedChair.reason, demotedChair.params]).toEqual([
			403,
			'errors.roleMayNot',
			{ role: 'operator', action: 'chair decision points' }
		]);
		expect(await state(slug)).toEqual(before);
		// An admin keeps the override.
		const recorded = await outcome(slug, { kind: 'no_go', rationale: 'Chair unavailable' }, admin);
		expect(recorded.outcome.recordedBy).toBe('test admin');
	});

	it('refuses a NUL in any text of a point, a vote, a criterion or an outcome at the schema, and changes nothing', async () => {
		const { slug } = await cutover();
		const decision = await open(slug, { mandatoryVoters: [], quorum: 1 });
		const before = await state(slug);
		const nul = 'Audit\u0000report';
		const point = {
			key: 'GO-2',
			title: 'Go?',
			voters: ['alice'],
			chair: 'chair',
			quorum: 1,
			criteria: [{ title: 'Audit', owner: 'security' }]
		};
		const opening = (body: Record<string, unknown>) => () =>
			openDecision(app, as('ops'), slug, parse(decisionOpenInput, { ...point, ...body }));
		await refusedAtSchema('title', opening({ title: nul }));
		await refusedAtSchema('description', opening({ description: `Why:\n${nul}` }));
		await refusedAtSchema('criteria.0.title', opening({ criteria: [{ title: nul, owner: 'security' }] }));
		await refusedAtSchema(
			'criteria.0.owner',
			opening({ criteria: [{ title: 'Audit', owner: 'sec\u0000' }] })
		);
		// A person's name with a NUL is no username at all.
		const voter = await rejection(Promise.resolve().then(opening({ voters: ['alice\u0000'] })));
		expect([voter.status, voter.message]).toEqual([400, expect.stringMatching(/^voters\.0: may contain/)]);

		await refusedAtSchema('comment', () =>
			castVote(app, as('alice'), slug, 'GO-1', parse(voteInput, { vote: 'no_go', comment: nul }))
		);
		const criterion = decision.criteria[0].id;
		const keeping = (body: Record<string, unknown>) => () =>
			updateCriterion(app, as('ops'), slug, 'GO-1', criterion, parse(criterionUpdateInput, body));
		await refusedAtSchema('evidenceNote', keeping({ state: 'met', evidenceNote: nul }));
		await refusedAtSchema('reason', keeping({ state: 'waived', reason: nul }));
		await refusedAtSchema(
			'evidenceLink',
			keeping({ state: 'met', evidenceLink: 'https://example.org/a\u0000b' })
		);
		const deciding = (body: Record<string, unknown>) => () =>
			recordOutcome(
				app,
				as('chair'),
				slug,
				'GO-1',
				parse(outcomeInput, { kind: 'no_go', rationale: 'No', ...body })
			);
		await refusedAtSchema('rationale', deciding({ rationale: nul }));
		await refusedAtSchema('riskAccepted', deciding({ kind: 'accept_risk', riskAccepted: nul }));
		await refusedAtSchema(
			'followUps.0.title',
			deciding({ kind: 'order_fixes', followUps: [{ title: nul, owner: 'security' }] })
		);
		expect(await state(slug)).toEqual(before);

		// A rationale is prose: its paragraphs stay, with the browser's CRLF as newlines.
		const recorded = await outcome(slug, { kind: 'no_go', rationale: 'Not ready.\r\n\r\nAudit first.' });
		expect(recorded.outcome.rationale).toBe('Not ready.\n\nAudit first.');
	});

	it('counts each voter’s latest vote; a changed vote is a new vote that supersedes the last', async () => {
		const { slug, cutover: c } = await cutover();
		await open(slug);
		const seq = (await getCutover(app, admin, slug)).lastSeq;
		const first = await vote(slug, 'alice', { vote: 'no_go', comment: 'Audit report missing' });
		expect(first.tally).toMatchObject({
			noGo: 1,
			cast: 1,
			blockedBy: ['alice'],
			waitingFor: ['bob', 'carol']
		});
		const changed = await vote(slug, 'alice', { vote: 'go', comment: 'Audit report arrived' });
		expect(changed.vote).toMatchObject({
			voter: 'alice',
			voterName: 'Alice Steering',
			supersedes: first.vote.id
		});
		expect(changed.tally).toMatchObject({ go: 1, noGo: 0, cast: 1, quorumMet: false, blockedBy: [] });
		const decision = await getDecision(app, admin, slug, 'GO-1');
		expect(decision.votes.map((v) => v.vote)).toEqual(['no_go', 'go']);
		const events = await eventsAfter(app, c.id, seq);
		expect(events.map((e) => e.type)).toEqual(['decision.voted', 'decision.voted']);
		const last = events[1] as Extract<CutoverEvent, { type: 'decision.voted' }>;
		expect(last.data).toEqual({ decision: 'GO-1', vote: changed.vote, tally: changed.tally });
	});

	it('refuses votes from non-voters, tokens and after closing, changing nothing', async () => {
		const { slug } = await cutover();
		await open(slug);
		await open(slug, {
			key: 'CLOSED',
			checkpointTask: null,
			closesAt: new Date(Date.now() - MINUTE).toISOString()
		});
		const before = await state(slug);
		const outsider = await rejection(vote(slug, 'chair', { vote: 'go' }));
		expect([outsider.status, outsider.message]).toEqual([403, 'chair is not a voter on this decision']);
		expect([outsider.reason, outsider.params]).toEqual(['errors.notAVoter', { voter: 'chair' }]);
		const script = await rejection(castVote(app, token, slug, 'GO-1', { vote: 'go' }));
		expect([script.status, script.message]).toEqual([403, expect.stringMatching(/API token cannot vote/)]);
		const late = await rejection(vote(slug, 'alice', { vote: 'go' }, 'CLOSED'));
		expect([late.status, late.message]).toEqual([409, expect.stringMatching(/closing time/)]);
		const missing = await rejection(vote(slug, 'alice', { vote: 'go' }, 'NOPE'));
		expect(missing.status).toBe(404);
		expect(() => voteInput.parse({ vote: 'no_go' })).toThrow(/required with a no-go/);
		expect(await state(slug)).toEqual(before);
	});

	it('counts votes arriving at once, each once', async () => {
		const { slug } = await cutover();
		await open(slug);
		const results = await Promise.all([
			vote(slug, 'alice', { vote: 'go' }),
			vote(slug, 'bob', { vote: 'go' }),
			vote(slug, 'carol', { vote: 'abstain' }),
			vote(slug, 'bob', { vote: 'no_go', comment: 'Changed my mind' })
		]);
		expect(Math.max(...results.map((r) => r.tally.cast))).toBe(3);
		const decision = await getDecision(app, admin, slug, 'GO-1');
		expect(decision.votes).toHaveLength(4);
		const bobs = decision.votes.filter((v) => v.voter === 'bob');
		// Serialized by the cutover's lock: the later of bob's two votes supersedes the earlier one.
		expect(bobs[1].supersedes).toBe(bobs[0].id);
		expect(tally(decision)).toMatchObject({ cast: 3, abstain: 1, go: 1 + (bobs[1].vote === 'go' ? 1 : 0) });
	});

	it('never edits a vote or an outcome: the database refuses an UPDATE', async () => {
		const { slug } = await cutover();
		await open(slug);
		await vote(slug, 'alice', { vote: 'go' });
		await vote(slug, 'bob', { vote: 'go' });
		await outcome(slug, { kind: 'no_go', rationale: 'Not ready' });
		// drizzle wraps the database's error: the trigger's message is its cause.
		const refused = async (statement: ReturnType<typeof sql>) => {
			const err = await app.db.execute(statement).then(
				() => null,
				(e: Error) => e
			);
			return String((err?.cause as Error | undefined)?.message ?? err?.message);
		};
		expect(await refused(sql`update decision_votes set vote = 'no_go'`)).toMatch(
			/decision_votes rows are never edited/
		);
		expect(await refused(sql`update decision_outcomes set kind = 'go'`)).toMatch(
			/decision_outcomes rows are never edited/
		);
		const decision = await getDecision(app, admin, slug, 'GO-1');
		expect(decision.votes.map((v) => v.vote)).toEqual(['go', 'go']);
		expect(decision.outcomes.map((o) => o.kind)).toEqual(['no_go']);
	});

	it('refuses outcomes that break the rules with a clear 4xx, changing nothing', async () => {
		const { slug } = await cutover();
		await open(slug);
		await vote(slug, 'bob', { vote: 'go' });
		let before = await state(slug);
		const noQuorum = await rejection(outcome(slug, { kind: 'go', rationale: 'Looks fine' }));
		expect([noQuorum.status, noQuorum.message]).toEqual([409, 'no quorum yet: 1 of 2 votes cast']);
		expect(await state(slug)).toEqual(before);
		await vote(slug, 'alice', { vote: 'no_go', comment: 'Rollback not rehearsed' });
		before = await state(slug);
		const blocked = await rejection(outcome(slug, { kind: 'go', rationale: 'Looks fine' }));
		expect([blocked.status, blocked.message]).toEqual([409, 'a mandatory voter says no-go: alice']);
		expect([blocked.reason, blocked.params]).toEqual(['errors.mandatoryNoGo', { voters: 'alice' }]);
		const risk = await rejection(
			outcome(slug, { kind: 'accept_risk', rationale: 'Go', riskAccepted: 'Slow reports' })
		);
		expect(risk.status).toBe(409);
		const notChair = await rejection(outcome(slug, { kind: 'no_go', rationale: 'No' }, as('alice')));
		expect([notChair.status, notChair.message]).toEqual([
			403,
			expect.stringMatching(/only the chair \(chair\) or an admin/)
		]);
		const operator = await rejection(outcome(slug, { kind: 'no_go', rationale: 'No' }, as('ops')));
		expect(operator.status).toBe(403);
		const script = await rejection(outcome(slug, { kind: 'no_go', rationale: 'No' }, token));
		expect([script.status, script.message]).toEqual([403, expect.stringMatching(/API token cannot record/)]);
		const earlier = await rejection(
			outcome(slug, {
				kind: 'extend',
				rationale: 'More time',
				newWindowEnd: new Date(Date.now()).toISOString()
			})
		);
		expect([earlier.status, earlier.message]).toEqual([
			400,
			'newWindowEnd: must be after the current window end'
		]);
		expect(() => outcomeInput.parse({ kind: 'no_go', rationale: '  ' })).toThrow(/rationale/);
		expect(() => outcomeInput.parse({ kind: 'extend', rationale: 'x' })).toThrow(/newWindowEnd/);
		expect(await state(slug)).toEqual(before);

		await outcome(slug, { kind: 'no_go', rationale: 'Rollback not rehearsed' });
		before = await state(slug);
		const second = await rejection(outcome(slug, { kind: 'rollback', rationale: 'Roll back' }));
		expect([second.status, second.message]).toEqual([409, expect.stringMatching(/already has an outcome/)]);
		const late = await rejection(vote(slug, 'carol', { vote: 'go' }));
		expect([late.status, late.message]).toEqual([409, 'the decision has been made: votes are closed']);
		expect(await state(slug)).toEqual(before);
	});

	it('extends the window: the cutover, its history, the forecast trigger and a notice draft in one write', async () => {
		const { slug, cutover: c } = await cutover();
		await open(slug, { key: 'EXT', checkpointTask: null, mandatoryVoters: [] });
		await vote(slug, 'alice', { vote: 'go' }, 'EXT');
		await updateCriterion(
			app,
			as('sec'),
			slug,
			'EXT',
			(await getDecision(app, admin, slug, 'EXT')).criteria[0].id,
			{
				state: 'met',
				evidenceLink: 'https://example.org/audit.pdf'
			}
		);
		const seq = (await getCutover(app, admin, slug)).lastSeq;
		const newEnd = Date.parse(c.windowEnd) + 2 * HOUR;
		const recorded = await outcome(
			slug,
			{ kind: 'extend', rationale: 'Transfer is slow', newWindowEnd: new Date(newEnd).toISOString() },
			as('chair'),
			'EXT'
		);
		expect(recorded.outcome).toMatchObject({
			kind: 'extend',
			newWindowEnd: new Date(newEnd).toISOString(),
			previousWindowEnd: c.windowEnd,
			recordedBy: 'chair'
		});
		expect(recorded.outcome.evidence.tally).toMatchObject({ go: 1, cast: 1 });
		expect(recorded.outcome.evidence.readiness.map((r) => r.state)).toEqual(['met', 'pending']);
		expect(recorded.decision.status).toBe('decided');

		const after = await getCutover(app, admin, slug);
		expect(after).toMatchObject({ windowEnd: new Date(newEnd).toISOString(), version: c.version + 1 });
		expect(recorded.window?.cutover).toEqual(after);
		const events = await eventsAfter(app, c.id, seq);
		expect(events.map((e) => [e.seq, e.type])).toEqual([
			[seq + 1, 'decision.recorded'],
			[seq + 2, 'cutover.updated'],
			[seq + 3, 'notice.created']
		]);
		expect(events[1].data).toEqual({ cutover: after, changed: ['windowEnd'] });

		const history = await windowHistory(app, as('view'), slug);
		expect(history.map((h) => [h.from, h.to, h.by, h.rationale, h.decision])).toEqual([
			[null, c.windowEnd, 'test admin', null, null],
			[c.windowEnd, after.windowEnd, 'chair', 'Transfer is slow', 'EXT']
		]);
		const [draft] = await listNoticeDrafts(app, admin, slug);
		expect(draft).toEqual(recorded.notice);
		expect(draft).toMatchObject({ decision: 'EXT', outcomeKind: 'extend', status: 'draft' });
		// The new end in the cutover's time zone (Helsinki), in every language.
		const local = new Intl.DateTimeFormat('fi-FI', {
			timeStyle: 'short',
			timeZone: 'Europe/Helsinki'
		}).format(newEnd);
		expect(draft.texts.fi.body).toContain(local);
		expect(draft.texts.fi.title).toMatch(/Käyttökatko/);
		expect(draft.texts.sv.body).toMatch(/förlängts/);
		expect(draft.texts.en.body).toMatch(/extended/);
		const snapshot = await boardSnapshot(app, c.id);
		expect(snapshot.noticeDrafts).toEqual([draft]);
		expect(snapshot.windowHistory).toEqual(history);

		// A plain edit of the window end is history too (no decision, no rationale).
		await updateCutover(app, admin, slug, { windowEnd: newEnd + HOUR });
		expect((await windowHistory(app, admin, slug)).at(-1)).toMatchObject({
			from: after.windowEnd,
			rationale: null,
			decision: null
		});
	});

	it('holds the runbook at a checkpoint until the decision is go, even against force', async () => {
		const { slug, cutover: c } = await cutover();
		await transitionTask(app, admin, slug, 'PREP', { to: 'in_progress' });
		await transitionTask(app, admin, slug, 'PREP', { to: 'done' });
		await open(slug);
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'in_progress' });
		const done = await rejection(transitionTask(app, admin, slug, 'GATE', { to: 'done' }));
		expect([done.status, done.message]).toEqual([
			409,
			expect.stringMatching(/GATE is a go\/no-go checkpoint.*"GO-1" \(not decided yet\)/)
		]);
		// The board says the same in the user's language, from the reason and its params.
		expect([done.reason, done.params]).toEqual([
			'errors.checkpointUndecided',
			{ key: 'GATE', decision: 'GO-1' }
		]);
		expect(translator('fi')(done.reason!, done.params)).toBe(
			'tehtävä GATE on tarkistuspiste: sen voi merkitä valmiiksi vasta, kun päätöspisteessä ”GO-1” on päätetty jatkaa (päätöstä ei ole vielä tehty)'
		);
		const forced = await rejection(
			transitionTask(app, admin, slug, 'MIGRATE', { to: 'in_progress', force: true })
		);
		expect([forced.status, forced.message]).toEqual([
			409,
			expect.stringMatching(/MIGRATE comes after checkpoint GATE.*"GO-1"/)
		]);
		expect([forced.reason, forced.params]).toEqual([
			'errors.afterCheckpointUndecided',
			{ key: 'MIGRATE', checkpoint: 'GATE', decision: 'GO-1' }
		]);
		const further = await rejection(
			transitionTask(app, admin, slug, 'VERIFY', { to: 'in_progress', force: true })
		);
		expect(further.message).toMatch(/VERIFY comes after checkpoint GATE/);
		expect((await getTask(app, admin, slug, 'MIGRATE')).status).toBe('not_started');

		await vote(slug, 'alice', { vote: 'go' });
		await vote(slug, 'bob', { vote: 'go' });
		const seq = (await getCutover(app, admin, slug)).lastSeq;
		const recorded = await outcome(slug, { kind: 'go', rationale: 'All criteria met' });
		expect(recorded.notice?.texts.en.title).toMatch(/Go-live confirmed/);
		const events = await eventsAfter(app, c.id, seq);
		expect(events.map((e) => e.type)).toEqual(['decision.recorded', 'task.transitioned', 'notice.created']);
		expect(events[1].data).toMatchObject({
			task: { key: 'GATE', status: 'done' },
			to: 'done',
			note: 'go decision GO-1'
		});
		expect((await getTask(app, admin, slug, 'GATE')).status).toBe('done');
		await transitionTask(app, admin, slug, 'MIGRATE', { to: 'in_progress' });
		expect((await getTask(app, admin, slug, 'MIGRATE')).status).toBe('in_progress');
	});

	it('lets a closed checkpoint only start or go back: no block, skip or fail, even with force or for an admin', async () => {
		const { slug } = await cutover();
		await transitionTask(app, admin, slug, 'PREP', { to: 'in_progress' });
		await transitionTask(app, admin, slug, 'PREP', { to: 'done' });
		await open(slug, { mandatoryVoters: [] });
		const gate = async () => (await getTask(app, admin, slug, 'GATE')).status;
		const refused = async (actor: Actor, to: 'blocked' | 'skipped' | 'failed', force?: boolean) => {
			const before = await state(slug);
			const err = await rejection(
				transitionTask(app, actor, slug, 'GATE', { to, note: 'Waiting for the audit', force })
			);
			expect(await state(slug)).toEqual(before);
			return err;
		};

		// Not started: the owner may neither block nor skip it, and neither may an admin with force.
		const blocked = await refused(as('chair'), 'blocked');
		expect([blocked.status, blocked.reason, blocked.params]).toEqual([
			409,
			'errors.checkpointHeldUndecided',
			{ key: 'GATE', to: 'blocked', decision: 'GO-1' }
		]);
		expect(blocked.message).toBe(
			'task GATE is a go/no-go checkpoint: until a go from the go/no-go decision "GO-1" it can only be started or set back to not started, not blocked (not decided yet)'
		);
		expect((await refused(as('chair'), 'skipped')).reason).toBe('errors.checkpointHeldUndecided');
		expect((await refused(as('ops'), 'skipped', true)).status).toBe(409);
		expect((await refused(admin, 'blocked', true)).status).toBe(409);
		expect(await gate()).toBe('not_started');

		// Running: it may go back, but not fail or be blocked.
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'in_progress' });
		expect((await refused(as('chair'), 'failed')).status).toBe(409);
		expect((await refused(admin, 'blocked', true)).status).toBe(409);
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'not_started' });
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'in_progress' });

		// A no-go keeps it held, and the refusal says so.
		await vote(slug, 'alice', { vote: 'no_go', comment: 'Audit missing' });
		await vote(slug, 'bob', { vote: 'no_go', comment: 'Audit missing' });
		await outcome(slug, { kind: 'no_go', rationale: 'Audit missing' });
		const afterNoGo = await refused(as('chair'), 'failed');
		expect([afterNoGo.reason, afterNoGo.params]).toEqual([
			'errors.checkpointHeldNotGo',
			{ key: 'GATE', to: 'failed', decision: 'GO-1', outcome: 'no_go' }
		]);
		expect(translator('fi')(afterNoGo.reason!, afterNoGo.params)).toMatch(/GATE.*”GO-1”/);
		expect(await gate()).toBe('in_progress');

		// A go with a risk accepted opens the gate without completing the task (a plain go completes it): now it
		// moves as any task does.
		await open(slug, { key: 'GO-2', mandatoryVoters: [], quorum: 1 });
		await vote(slug, 'carol', { vote: 'go' }, 'GO-2');
		await outcome(
			slug,
			{ kind: 'accept_risk', rationale: 'Audit follows', riskAccepted: 'Audit report a day late' },
			as('chair'),
			'GO-2'
		);
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'failed', note: 'Meeting ran out of time' });
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'blocked', note: 'Room booked' });
		await transitionTask(app, as('chair'), slug, 'GATE', { to: 'skipped' });
		expect(await gate()).toBe('skipped');
	});

	it('keeps the gate closed after a no-go, and a later go decision on the same checkpoint opens it', async () => {
		const { slug } = await cutover();
		await open(slug, { mandatoryVoters: [] });
		await outcome(slug, { kind: 'no_go', rationale: 'Audit missing' }, as('chair'));
		const forced = await rejection(
			transitionTask(app, admin, slug, 'MIGRATE', { to: 'in_progress', force: true })
		);
		expect(forced.message).toMatch(/its outcome is no_go/);
		expect(forced.reason).toBe('errors.afterCheckpointNotGo');
		await open(slug, { key: 'GO-2', mandatoryVoters: [], quorum: 1 });
		await vote(slug, 'carol', { vote: 'go' }, 'GO-2');
		// An admin may record the outcome too.
		await outcome(
			slug,
			{ kind: 'accept_risk', rationale: 'Audit follows', riskAccepted: 'Audit report a day late' },
			admin,
			'GO-2'
		);
		await transitionTask(app, admin, slug, 'MIGRATE', { to: 'in_progress', force: true });
		expect((await getTask(app, admin, slug, 'MIGRATE')).status).toBe('in_progress');
	});

	it('orders fixes with owners, and a later point re-reviews only those items', async () => {
		const { slug } = await cutover();
		await open(slug, { checkpointTask: null });
		const recorded = await outcome(slug, {
			kind: 'order_fixes',
			rationale: 'Two gaps',
			followUps: [
				{ title: 'Finish the audit', owner: 'security' },
				{ title: 'Rehearse rollback', owner: 'ops' }
			]
		});
		const [audit] = recorded.outcome.followUps;
		expect(recorded.notice).toBeNull();
		const review = await open(slug, {
			key: 'GO-1-REVIEW',
			checkpointTask: null,
			reviews: { decision: 'GO-1', items: [audit.id] }
		});
		expect(review.reviews).toEqual({ decision: 'GO-1', items: [audit.id] });
		const bad = await rejection(
			open(slug, { key: 'GO-1-R2', reviews: { decision: 'GO-1', items: [crypto.randomUUID()] } })
		);
		expect([bad.status, bad.message]).toEqual([
			400,
			expect.stringMatching(/not follow-up items of decision "GO-1"/)
		]);
	});

	it('corrects an outcome only by a new one that supersedes the standing one', async () => {
		const { slug } = await cutover();
		await open(slug, { checkpointTask: null });
		const first = await outcome(slug, { kind: 'no_go', rationale: 'Not ready' });
		const corrected = await outcome(slug, {
			kind: 'rollback',
			rationale: 'Roll back instead',
			supersedes: first.outcome.id
		});
		expect(corrected.outcome.supersedes).toBe(first.outcome.id);
		const stale = await rejection(
			outcome(slug, { kind: 'no_go', rationale: 'Again', supersedes: first.outcome.id })
		);
		expect(stale.status).toBe(409);
		const decision: DecisionView = await getDecision(app, admin, slug, 'GO-1');
		expect(decision.outcomes.map((o) => o.kind)).toEqual(['no_go', 'rollback']);
		expect((await listNoticeDrafts(app, admin, slug)).map((d) => d.outcomeKind)).toEqual(['rollback']);
	});

	it('lets owners and operators keep criteria, with versions and evidence', async () => {
		const { slug } = await cutover();
		const decision = await open(slug);
		const [audit] = decision.criteria;
		const update = (actor: Actor, body: Record<string, unknown>) =>
			updateCriterion(app, actor, slug, 'GO-1', audit.id, criterionUpdateInput.parse(body));
		const met = await update(as('sec'), { state: 'met', evidenceNote: 'Report v2', expectedVersion: 1 });
		expect(met).toMatchObject({ state: 'met', evidenceNote: 'Report v2', version: 2, updatedBy: 'sec' });
		const before = await state(slug);
		const other = await rejection(update(as('alice'), { state: 'not_met' }));
		expect([other.status, other.message]).toEqual([
			403,
			expect.stringMatching(/only security or an operator/)
		]);
		const stale = await rejection(update(as('ops'), { state: 'not_met', expectedVersion: 1 }));
		expect(stale.status).toBe(409);
		expect(() => criterionUpdateInput.parse({ state: 'waived' })).toThrow(/reason/);
		const gone = await rejection(
			updateCriterion(app, as('ops'), slug, 'GO-1', crypto.randomUUID(), { state: 'met' })
		);
		expect(gone.status).toBe(404);
		expect(await state(slug)).toEqual(before);
		const waived = await update(as('ops'), {
			state: 'waived',
			reason: 'Audit not required for this release'
		});
		expect(waived).toMatchObject({ state: 'waived', evidenceNote: 'Report v2', version: 3 });
	});
});
