import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
	refusedAtSchema,
	rejection,
	sessionActor,
	testAdmin as admin,
	testCutover,
	testRunbook,
	testTask,
	testUser
} from '../testing';
import type { CutoverEvent } from '../../shared/events';
import type { UserRole } from '../../shared/roles';
import {
	cutoverCreateInput,
	cutoverPatchInput,
	runbookImportInput,
	taskCreateInput,
	taskPatchInput,
	taskTransitionInput,
	type TaskView
} from '../../shared/schemas/runbook';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import { testDatabases } from '../db/test-db';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, parse } from '../errors';
import { eventsAfter, writeCutover } from '../events/event.service';
import { createCutover, updateCutover } from './cutover.service';
import { getCutover, listCutovers } from './cutover-lookup';
import { boardSnapshot } from '../board/board-snapshot';
import { parseRunbookCsv } from './runbook-csv';
import { createTask, getTask, importRunbook, listTasks, transitionTask, updateTask } from './task.service';
import { eventually } from '../testing/waiting';

const HOUR = 3_600_000;

describe.each(testDatabases())('runbook services on $kind', (database) => {
	let app: App;
	const actors = {} as Record<'operator' | 'dana' | 'ivan' | 'vera' | 'sam', Actor>;

	/** A signed-in user's actor, made the way the app makes it: create, log in, resolve the session. */
	async function userActor(username: string, role: UserRole, team: string | null): Promise<Actor> {
		await testUser(app, username, role, { displayName: username.toUpperCase(), team });
		return sessionActor(app, username);
	}

	beforeAll(async () => {
		app = await database.open();
		actors.operator = await userActor('olli', 'operator', null);
		actors.dana = await userActor('dana', 'task_owner', 'dba');
		actors.ivan = await userActor('ivan', 'task_owner', 'infra');
		actors.vera = await userActor('vera', 'viewer', 'dba');
		actors.sam = await userActor('sam', 'steering', null);
	});
	afterAll(() => database.close());

	/** A cutover whose window opened an hour ago, with a small runbook. */
	async function freshCutover(withRunbook = true) {
		const now = Date.now();
		const { slug, id } = await testCutover(app, { windowStart: now - HOUR, windowEnd: now + 10 * HOUR });
		if (withRunbook)
			await testRunbook(app, slug, [
				{ key: 'F1', title: 'Freeze writes', phase: 'Freeze', owner: 'dba', durationMinutes: 30 },
				{
					key: 'F2',
					title: 'Stop batch jobs',
					phase: 'Freeze',
					owner: 'infra',
					durationMinutes: 15,
					dependsOn: ['F1']
				},
				{
					key: 'M1',
					title: 'Move customers',
					phase: 'Migrate',
					owner: 'dana',
					durationMinutes: 60,
					dependsOn: ['F1', 'F2']
				},
				{
					key: 'M2',
					title: 'Switch DNS',
					phase: 'Migrate',
					owner: 'infra',
					durationMinutes: 10,
					notBefore: new Date(now + 5 * HOUR).toISOString()
				},
				{
					key: 'O1',
					title: 'Open the doors',
					phase: 'Open',
					owner: 'dba',
					durationMinutes: 5,
					dependsOn: ['M1', 'M2']
				}
			]);
		return { slug, id };
	}

	const move = (actor: Actor, slug: string, key: string, input: Record<string, unknown>) =>
		transitionTask(app, actor, slug, key, taskTransitionInput.parse(input));

	const seqsOf = async (cutoverId: string) =>
		(await eventsAfter(app, cutoverId, 0, 10_000)).map((e) => e.seq);

	describe('cutovers', () => {
		it('creates a cutover whose first event is its creation', async () => {
			const { slug, id } = await freshCutover(false);
			const view = await getCutover(app, actors.dana, slug);
			expect(view).toMatchObject({ slug, timezone: 'Europe/Helsinki', version: 1, lastSeq: 1 });
			const events = await eventsAfter(app, id, 0);
			expect(events.map((e) => [e.seq, e.type, e.actor.name])).toEqual([
				[1, 'cutover.created', 'test admin']
			]);
			expect((await listCutovers(app, actors.vera)).map((c) => c.slug)).toContain(slug);
		});

		it('refuses a taken slug, and cutover creation by roles that may not', async () => {
			const { slug } = await freshCutover(false);
			const input = cutoverCreateInput.parse({
				slug,
				name: 'Again',
				timezone: 'UTC',
				windowStart: '2030-01-01T00:00:00Z',
				windowEnd: '2030-01-02T00:00:00Z'
			});
			const taken = await rejection(createCutover(app, admin, input));
			expect(taken).toBeInstanceOf(ConflictError);
			expect(taken.message).toContain(slug);
			for (const who of [actors.dana, actors.vera, actors.sam])
				expect(await rejection(createCutover(app, who, { ...input, slug: 'other-slug' }))).toBeInstanceOf(
					ForbiddenError
				);
			expect(await rejection(getCutover(app, admin, 'no-such-cutover'))).toBeInstanceOf(NotFoundError);
		});

		it('updates the window with optimistic concurrency', async () => {
			const { slug } = await freshCutover(false);
			const later = new Date(Date.now() + 20 * HOUR).getTime();
			const updated = await updateCutover(app, actors.operator, slug, {
				windowEnd: later,
				expectedVersion: 1
			});
			expect(updated).toMatchObject({ version: 2, windowEnd: new Date(later).toISOString(), lastSeq: 2 });
			const stale = await rejection(
				updateCutover(app, actors.operator, slug, { name: 'x', expectedVersion: 1 })
			);
			expect(stale).toBeInstanceOf(ConflictError);
			expect(stale.details).toMatchObject({ cutover: { version: 2 } });
			const backwards = await rejection(
				updateCutover(app, actors.operator, slug, { windowEnd: Date.now() - 5 * HOUR })
			);
			expect(backwards).toBeInstanceOf(ConflictError);
			expect((await getCutover(app, admin, slug)).version).toBe(2);
		});
	});

	describe('runbook', () => {
		it('imports phases and tasks in order, as one event', async () => {
			const { slug, id } = await freshCutover();
			const tasks = await listTasks(app, actors.vera, slug);
			expect(tasks.map((t) => [t.key, t.phase, t.status, t.position])).toEqual([
				['F1', 'Freeze', 'not_started', 1],
				['F2', 'Freeze', 'not_started', 2],
				['M1', 'Migrate', 'not_started', 3],
				['M2', 'Migrate', 'not_started', 4],
				['O1', 'Open', 'not_started', 5]
			]);
			expect(tasks[2].dependsOn).toEqual(['F1', 'F2']);
			const snapshot = await boardSnapshot(app, id);
			expect(snapshot.seq).toBe(2);
			expect(snapshot.phases.map((p) => p.name)).toEqual(['Freeze', 'Migrate', 'Open']);
			// The board holds tasks by key: the snapshot leaves the database id out.
			expect(snapshot.tasks).toEqual(tasks.map(({ id: _id, ...task }) => task));
			const events = await eventsAfter(app, id, 1);
			expect(events).toHaveLength(1);
			expect(events[0].type).toBe('runbook.imported');
		});

		it('refuses a cycle and unknown dependencies with their names, and changes nothing', async () => {
			const { slug, id } = await freshCutover();
			const before = await boardSnapshot(app, id);
			const base = { title: 't', phase: 'P', owner: 'dba', durationMinutes: 5 };
			const cyclic = await rejection(
				testRunbook(app, slug, [
					{ key: 'X', ...base, dependsOn: ['Z'] },
					{ key: 'Y', ...base, dependsOn: ['X'] },
					{ key: 'Z', ...base, dependsOn: ['Y'] }
				])
			);
			expect(cyclic).toBeInstanceOf(ValidationError);
			expect(cyclic.message).toMatch(/dependency cycle: ([XYZ]) -> [XYZ] -> [XYZ] -> \1/);
			const unknown = await rejection(testRunbook(app, slug, [{ key: 'X', ...base, dependsOn: ['GHOST'] }]));
			expect(unknown).toBeInstanceOf(ValidationError);
			expect(unknown.message).toContain('X depends on GHOST');
			// Adding a task or an edit that would make a cycle is refused the same way.
			const created = await rejection(testTask(app, slug, { key: 'NEW', ...base, dependsOn: ['NOPE'] }));
			expect(created.message).toContain('NEW depends on NOPE');
			const edited = await rejection(
				updateTask(app, admin, slug, 'F1', taskPatchInput.parse({ dependsOn: ['O1'] }))
			);
			expect(edited).toBeInstanceOf(ValidationError);
			expect(edited.message).toContain('dependency cycle');
			for (const k of ['F1', 'M1', 'O1']) expect(edited.message).toContain(k);

			expect(await boardSnapshot(app, id)).toEqual(before);
			expect(await seqsOf(id)).toEqual([1, 2]);
		});

		it('creates tasks (and their new phase) and edits them with versions', async () => {
			const { slug, id } = await freshCutover();
			const task = await testTask(
				app,
				slug,
				{ key: 'V1', title: 'Verify', phase: 'Verify', owner: 'app', durationMinutes: 20, dependsOn: ['O1'] },
				actors.operator
			);
			expect(task).toMatchObject({
				key: 'V1',
				phase: 'Verify',
				version: 1,
				status: 'not_started',
				position: 6
			});
			expect((await eventsAfter(app, id, 2)).map((e) => e.type)).toEqual(['phase.created', 'task.created']);

			const dup = await rejection(
				testTask(app, slug, { key: 'V1', title: 'x', phase: 'Verify', owner: 'a', durationMinutes: 1 })
			);
			expect(dup).toBeInstanceOf(ConflictError);

			const edited = await updateTask(
				app,
				actors.operator,
				slug,
				'V1',
				taskPatchInput.parse({ durationMinutes: 45, expectedVersion: 1 })
			);
			expect(edited).toMatchObject({ durationMinutes: 45, version: 2 });
			const stale = await rejection(
				updateTask(app, actors.operator, slug, 'V1', taskPatchInput.parse({ title: 'x', expectedVersion: 1 }))
			);
			expect(stale).toBeInstanceOf(ConflictError);
			expect(stale.status).toBe(409);
			expect((stale.details as { task: TaskView }).task).toMatchObject({
				key: 'V1',
				version: 2,
				durationMinutes: 45
			});
			expect(await rejection(updateTask(app, actors.dana, slug, 'V1', { title: 'mine' }))).toBeInstanceOf(
				ForbiddenError
			);
			expect((await getTask(app, admin, slug, 'V1')).title).toBe('Verify');
		});
	});

	describe('transitions', () => {
		it('records actual start and end, the note, and the event', async () => {
			const { slug, id } = await freshCutover();
			const t0 = Date.now();
			const started = await move(actors.dana, slug, 'F1', { to: 'in_progress' });
			expect(started.status).toBe('in_progress');
			expect(Date.parse(started.actualStart!)).toBeGreaterThanOrEqual(t0 - 1000);
			expect(started.actualEnd).toBeNull();
			const done = await move(actors.dana, slug, 'F1', { to: 'done', note: 'writes frozen at 18:02' });
			expect(done).toMatchObject({
				status: 'done',
				actualStart: started.actualStart,
				lastNote: 'writes frozen at 18:02',
				version: 3
			});
			expect(Date.parse(done.actualEnd!)).toBeGreaterThanOrEqual(Date.parse(started.actualStart!));
			const events = await eventsAfter(app, id, 2);
			expect(
				events.map(
					(e) => e.type === 'task.transitioned' && [e.data.from, e.data.to, e.data.note, e.actor.name]
				)
			).toEqual([
				['not_started', 'in_progress', null, 'DANA'],
				['in_progress', 'done', 'writes frozen at 18:02', 'DANA']
			]);
		});

		it('retries a failed task and undoes a mistaken start', async () => {
			const { slug } = await freshCutover();
			await move(actors.dana, slug, 'F1', { to: 'in_progress' });
			const failed = await move(actors.dana, slug, 'F1', { to: 'failed' });
			expect(failed.actualEnd).not.toBeNull();
			const retried = await move(actors.dana, slug, 'F1', { to: 'in_progress' });
			expect(retried).toMatchObject({ status: 'in_progress', actualEnd: null });
			const undone = await move(actors.dana, slug, 'F1', { to: 'not_started' });
			expect(undone).toMatchObject({ status: 'not_started', actualStart: null, actualEnd: null });
		});

		it('refuses to start a task while predecessors are unfinished, naming them', async () => {
			const { slug } = await freshCutover();
			const waiting = await rejection(move(actors.dana, slug, 'M1', { to: 'in_progress' }));
			expect(waiting).toBeInstanceOf(ConflictError);
			expect(waiting.message).toBe('task M1 is waiting for F1, F2 to finish');
			await move(actors.dana, slug, 'F1', { to: 'in_progress' });
			await move(actors.dana, slug, 'F1', { to: 'done' });
			const still = await rejection(move(actors.dana, slug, 'M1', { to: 'in_progress' }));
			expect(still.message).toBe('task M1 is waiting for F2 to finish');
			expect((still.details as { task: TaskView }).task).toMatchObject({ key: 'M1', status: 'not_started' });
			// A task owner cannot force it; an operator can.
			expect(
				await rejection(move(actors.dana, slug, 'M1', { to: 'in_progress', force: true }))
			).toBeInstanceOf(ConflictError);
			expect((await move(actors.operator, slug, 'M1', { to: 'in_progress', force: true })).status).toBe(
				'in_progress'
			);
			// A skipped predecessor counts as finished.
			await move(actors.ivan, slug, 'F2', { to: 'skipped' });
			expect((await move(actors.dana, slug, 'M1', { to: 'not_started' })).status).toBe('not_started');
			expect((await move(actors.dana, slug, 'M1', { to: 'in_progress' })).status).toBe('in_progress');
		});

		it('refuses to start a task before its "not before" time unless an operator forces it', async () => {
			const { slug } = await freshCutover();
			const early = await rejection(move(actors.ivan, slug, 'M2', { to: 'in_progress' }));
			expect(early).toBeInstanceOf(ConflictError);
			expect(early.message).toMatch(/^task M2 may not start before /);
			expect((await move(actors.operator, slug, 'M2', { to: 'in_progress', force: true })).status).toBe(
				'in_progress'
			);
		});

		it('lets only the owner (by username or team), an operator or an admin move a task', async () => {
			const { slug } = await freshCutover();
			for (const who of [actors.ivan, actors.vera, actors.sam]) {
				const refused = await rejection(move(who, slug, 'F1', { to: 'in_progress' }));
				expect(refused).toBeInstanceOf(ForbiddenError);
				expect(refused.status).toBe(403);
				expect(refused.message).toContain('dba');
			}
			expect((await move(actors.dana, slug, 'F1', { to: 'in_progress' })).status).toBe('in_progress'); // team dba
			expect((await move(actors.operator, slug, 'F1', { to: 'done' })).status).toBe('done');
			expect((await move(actors.ivan, slug, 'F2', { to: 'in_progress' })).status).toBe('in_progress'); // team infra
			expect((await move(admin, slug, 'F2', { to: 'done' })).status).toBe('done');
			expect((await move(actors.dana, slug, 'M1', { to: 'in_progress' })).status).toBe('in_progress'); // username
			expect(await rejection(move(actors.vera, slug, 'O1', { to: 'blocked' }))).toBeInstanceOf(
				ForbiddenError
			);
		});

		it('refuses an illegal transition with 409 and the current task', async () => {
			const { slug } = await freshCutover();
			await move(actors.dana, slug, 'F1', { to: 'in_progress' });
			await move(actors.dana, slug, 'F1', { to: 'done' });
			const illegal = await rejection(move(actors.dana, slug, 'F1', { to: 'in_progress' }));
			expect(illegal).toBeInstanceOf(ConflictError);
			expect(illegal.status).toBe(409);
			expect(illegal.message).toBe('cannot move task F1 to in_progress: a done task cannot change status');
			expect((illegal.details as { task: TaskView }).task).toMatchObject({
				key: 'F1',
				status: 'done',
				version: 3
			});
			const same = await rejection(move(actors.dana, slug, 'O1', { to: 'not_started' }));
			expect(same.message).toContain('already not_started');
		});

		it('refuses a stale expectedVersion with 409 and the current task', async () => {
			const { slug } = await freshCutover();
			await move(actors.dana, slug, 'F1', { to: 'in_progress', expectedVersion: 1 });
			const stale = await rejection(move(actors.dana, slug, 'F1', { to: 'done', expectedVersion: 1 }));
			expect(stale).toBeInstanceOf(ConflictError);
			expect((stale.details as { task: TaskView }).task).toMatchObject({ status: 'in_progress', version: 2 });
			expect((await move(actors.dana, slug, 'F1', { to: 'done', expectedVersion: 2 })).version).toBe(3);
		});

		it('answers not found for an unknown task', async () => {
			const { slug } = await freshCutover();
			const missing = await rejection(move(admin, slug, 'NOPE', { to: 'in_progress' }));
			expect(missing).toBeInstanceOf(NotFoundError);
			expect(missing.message).toContain('NOPE');
		});
	});

	describe('event log', () => {
		it('appends contiguous seqs in commit order and publishes each event after its commit', async () => {
			const { slug, id } = await freshCutover();
			const published: CutoverEvent[] = [];
			const visibleAtPublish: Promise<CutoverEvent[]>[] = [];
			const unsubscribe = app.bus.subscribe((cutoverId, event) => {
				if (cutoverId !== id) return;
				published.push(event);
				// Read through the pool: an event published before its commit would not be visible yet.
				visibleAtPublish.push(eventsAfter(app, id, event.seq - 1, 1));
			});
			try {
				await move(actors.dana, slug, 'F1', { to: 'in_progress' });
				await move(actors.dana, slug, 'F1', { to: 'done' });
				await testTask(app, slug, { key: 'N1', title: 'n', phase: 'New', owner: 'x', durationMinutes: 1 });
			} finally {
				unsubscribe();
			}
			expect(published.map((e) => e.seq)).toEqual([3, 4, 5, 6]);
			expect(published.map((e) => e.type)).toEqual([
				'task.transitioned',
				'task.transitioned',
				'phase.created',
				'task.created'
			]);
			const visible = await Promise.all(visibleAtPublish);
			expect(visible.map((v) => v[0]?.seq)).toEqual([3, 4, 5, 6]);
			expect(await eventsAfter(app, id, 2)).toEqual(published);
			expect(await seqsOf(id)).toEqual([1, 2, 3, 4, 5, 6]);
			expect((await getCutover(app, admin, slug)).lastSeq).toBe(6);
		});

		it('publishes nothing and logs nothing for a write that fails', async () => {
			const { slug, id } = await freshCutover();
			const published: CutoverEvent[] = [];
			const unsubscribe = app.bus.subscribe((_c, event) => published.push(event));
			try {
				await rejection(move(actors.dana, slug, 'M1', { to: 'in_progress' }));
				await rejection(move(actors.ivan, slug, 'F1', { to: 'in_progress' }));
				// A change that records its event and then fails rolls back as a whole.
				const task = (await listTasks(app, admin, slug))[0];
				const failing = await rejection(
					writeCutover(app, admin, id, async (w) => {
						w.record('task.updated', { task, changed: ['title'] });
						throw new ConflictError('changed my mind');
					})
				);
				expect(failing.message).toBe('changed my mind');
			} finally {
				unsubscribe();
			}
			expect(published).toEqual([]);
			expect(await seqsOf(id)).toEqual([1, 2]);
			expect((await getCutover(app, admin, slug)).lastSeq).toBe(2);
		});
	});

	describe('concurrency', () => {
		it('lets exactly one of two simultaneous moves of one task win; the other sees the current task', async () => {
			const { slug, id } = await freshCutover();
			for (const [a, b] of [
				[actors.dana, actors.operator],
				[actors.operator, actors.dana]
			]) {
				const results = await Promise.allSettled([
					move(a, slug, 'F1', { to: 'in_progress' }),
					move(b, slug, 'F1', { to: 'in_progress' })
				]);
				const won = results.filter((r) => r.status === 'fulfilled');
				const lost = results.filter((r) => r.status === 'rejected');
				expect(won).toHaveLength(1);
				expect(lost).toHaveLength(1);
				const error = lost[0].reason as ConflictError;
				expect(error).toBeInstanceOf(ConflictError);
				expect((error.details as { task: TaskView }).task).toEqual(won[0].value);
				await move(admin, slug, 'F1', { to: 'not_started' });
			}
			// Two different moves from the same version: one applies, the other is refused, nothing overwritten.
			const current = await getTask(app, admin, slug, 'F1');
			const results = await Promise.allSettled([
				move(actors.dana, slug, 'F1', { to: 'in_progress', expectedVersion: current.version }),
				move(actors.operator, slug, 'F1', { to: 'blocked', expectedVersion: current.version })
			]);
			expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
			const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
			expect(lost.reason).toBeInstanceOf(ConflictError);
			const after = await getTask(app, admin, slug, 'F1');
			expect(after.version).toBe(current.version + 1);
			expect((lost.reason.details as { task: TaskView }).task).toEqual(after);
			const seqs = await seqsOf(id);
			expect(seqs).toEqual(seqs.map((_, i) => i + 1));
		});

		it('gives many concurrent writes to one cutover contiguous, unique seqs', async () => {
			const { slug, id } = await freshCutover();
			const published: number[] = [];
			const unsubscribe = app.bus.subscribe((c, e) => c === id && published.push(e.seq));
			const writes: Promise<unknown>[] = [];
			for (let i = 0; i < 24; i++)
				writes.push(
					testTask(app, slug, {
						key: `C${i}`,
						title: `c${i}`,
						phase: 'Freeze',
						owner: 'dba',
						durationMinutes: 1
					})
				);
			writes.push(
				move(actors.dana, slug, 'F1', { to: 'in_progress' }),
				move(actors.ivan, slug, 'M2', { to: 'blocked' })
			);
			const results = await Promise.allSettled(writes);
			expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
			// Every event is published in seq order, the last ones possibly just after their write returns: a
			// commit that overtook an earlier one waits for it (read from the log on PostgreSQL).
			await eventually(() => published.length >= 26);
			unsubscribe();
			const seqs = await seqsOf(id);
			expect(seqs).toEqual(Array.from({ length: 2 + 26 }, (_, i) => i + 1));
			expect([...published].sort((a, b) => a - b)).toEqual(seqs.slice(2));
			expect((await getCutover(app, admin, slug)).lastSeq).toBe(28);
			// Positions stayed unique too.
			const positions = (await listTasks(app, admin, slug)).map((t) => t.position);
			expect(new Set(positions).size).toBe(positions.length);
		});
	});

	describe('control characters', () => {
		it('refuses a NUL in any text of a cutover, a task, a move or an import at the schema, and changes nothing', async () => {
			const { slug, id } = await freshCutover();
			const everything = async () => ({
				board: await boardSnapshot(app, id),
				cutovers: await listCutovers(app, admin)
			});
			const before = await everything();
			const nul = 'Freeze\u0000writes';
			const now = Date.now();
			const window = {
				timezone: 'Europe/Helsinki',
				windowStart: new Date(now).toISOString(),
				windowEnd: new Date(now + HOUR).toISOString()
			};
			await refusedAtSchema('name', () =>
				createCutover(app, admin, parse(cutoverCreateInput, { slug: 'nul-name', name: nul, ...window }))
			);
			await refusedAtSchema('name', () =>
				updateCutover(app, admin, slug, parse(cutoverPatchInput, { name: nul }))
			);
			const task = { key: 'N1', title: 'Check', phase: 'Freeze', owner: 'dba', durationMinutes: 5 };
			for (const field of ['title', 'description', 'phase', 'owner'])
				await refusedAtSchema(field, () =>
					createTask(app, admin, slug, parse(taskCreateInput, { ...task, [field]: nul }))
				);
			await refusedAtSchema('description', () =>
				updateTask(app, admin, slug, 'F1', parse(taskPatchInput, { description: `Line\n${nul}` }))
			);
			await refusedAtSchema('note', () =>
				transitionTask(
					app,
					actors.dana,
					slug,
					'F1',
					parse(taskTransitionInput, { to: 'in_progress', note: nul })
				)
			);
			await refusedAtSchema('phases.0', () =>
				importRunbook(app, admin, slug, parse(runbookImportInput, { phases: [nul], tasks: [] }))
			);
			await refusedAtSchema('tasks.0.owner', () =>
				importRunbook(
					app,
					admin,
					slug,
					parse(runbookImportInput, { phases: ['Freeze'], tasks: [{ ...task, owner: 'd\u0007ba' }] })
				)
			);
			// A CSV cell is read with the same schema: the line and the column are named.
			const csv = `key,title,phase,owner,durationMinutes\nN1,"${nul}",Freeze,dba,5\n`;
			await refusedAtSchema('line 2: title', async () =>
				importRunbook(app, admin, slug, parseRunbookCsv(csv, 'UTC'))
			);
			expect(await everything()).toEqual(before);

			// Line breaks from a browser's textarea (CRLF) are kept as plain newlines.
			const moved = await move(actors.dana, slug, 'F1', { to: 'in_progress', note: 'Started\r\n\tby Dana' });
			expect(moved.lastNote).toBe('Started\n\tby Dana');
		});
	});
});
