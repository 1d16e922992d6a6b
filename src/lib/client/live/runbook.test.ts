/** The runbook slice: a whole runbook replaced by an import, and moving a task (a lost race, offline). */
import { describe, expect, it, vi } from 'vitest';
import type { CutoverEvent } from '../../shared/events';
import { connected, flush, joined, lastSent, task, useFakeSocket, WINDOW_START } from './test-fixtures';
import { fakeSocket } from './test-socket';

vi.mock('../socket', () => import('./test-socket'));
useFakeSocket();

describe('the runbook slice', () => {
	it('replaces phases and tasks on runbook.imported', async () => {
		const live = await joined(10);
		fakeSocket.fire('cutover:event', {
			seq: 11,
			type: 'runbook.imported',
			at: WINDOW_START,
			actor: { id: null, name: 'system' },
			data: { phases: [{ id: 'p9', name: 'Go', position: 1 }], tasks: [task('X', { phase: 'Go' })] }
		} as CutoverEvent);
		expect(live.runbook.groups.map((g) => [g.phase.name, g.keys])).toEqual([['Go', ['X']]]);
		live.destroy();
	});

	it('sends the shown version and, on a lost race, shows the current task and says who won', async () => {
		const live = await joined(10);
		const result = live.runbook.transition('A', 'in_progress');
		await flush();
		expect(lastSent()).toMatchObject({
			name: 'task:transition',
			payload: { slug: 'demo', key: 'A', to: 'in_progress', expectedVersion: 1 }
		});
		expect(live.runbook.cell('A')!.pending).toBe(true);
		const current = task('A', { status: 'done', version: 3 });
		lastSent().resolve({
			ok: false,
			error: { code: 'conflict', message: 'task A was changed by someone else', details: { task: current } }
		});
		expect((await result).ok).toBe(false);
		expect(live.runbook.cell('A')!.task.status).toBe('done');
		expect(live.runbook.cell('A')!.pending).toBe(false);
		expect(live.message).toEqual({ kind: 'conflict', key: 'A', status: 'done' });
		live.destroy();
	});

	it('applies a newer task from the ack; no answer in time is a refusal that says so', async () => {
		const live = await joined(10);
		const late = live.runbook.transition('A', 'in_progress');
		await flush();
		lastSent().reject(new Error('operation has timed out'));
		const refused = await late;
		expect(refused).toMatchObject({ ok: false, error: { reason: 'errors.noAnswer' } });
		expect(live.message).toMatchObject({ kind: 'refused', key: 'A', refusal: { reason: 'errors.noAnswer' } });
		expect(live.runbook.cell('A')!.pending).toBe(false);

		const moved = live.runbook.transition('A', 'in_progress');
		await flush();
		lastSent().resolve({ ok: true, data: task('A', { status: 'in_progress', version: 2 }) });
		expect((await moved).ok).toBe(true);
		expect(live.runbook.cell('A')!.task.status).toBe('in_progress');
		expect(live.message).toBeNull();
		live.destroy();
	});

	it('refuses to send a move while offline', async () => {
		const live = await connected(10);
		fakeSocket.connected = false;
		fakeSocket.fire('disconnect');
		const res = await live.runbook.transition('A', 'in_progress');
		expect(res.ok).toBe(false);
		expect(live.message).toEqual({ kind: 'offline', key: 'A' });
		expect(fakeSocket.sent.filter((s) => s.name === 'task:transition')).toHaveLength(0);
		live.destroy();
	});
});
