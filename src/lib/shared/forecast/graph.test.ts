import { describe, expect, it } from 'vitest';
import { parseNodeKey, projectEnd, scheduleNodes, transferNodeKey } from './graph';
import { task, transfer, W } from './test-fixtures';

const MIN = 60_000;
const NOW = W + 60 * MIN;

describe('node keys', () => {
	it('tells transfer nodes from tasks', () => {
		expect(transferNodeKey('orders')).toBe('transfer:orders');
		expect(parseNodeKey(transferNodeKey('orders'))).toEqual({ kind: 'transfer', key: 'orders' });
		expect(parseNodeKey('orders')).toEqual({ kind: 'task', key: 'orders' });
	});
});

describe('scheduleNodes', () => {
	const byKey = (nodes: ReturnType<typeof scheduleNodes>) => new Map(nodes.map((n) => [n.key, n]));

	it('links tasks to the transfers they wait for, and transfers to the tasks they wait for', () => {
		const nodes = byKey(
			scheduleNodes(
				[task('A', 10), task('B', 10, { dependsOn: ['A'], dependsOnTransfers: ['orders'] })],
				[transfer('orders', { dependsOn: ['A'] })],
				NOW
			)
		);
		expect(nodes.get('B')!.dependsOn).toEqual(['A', 'transfer:orders']);
		expect(nodes.get('transfer:orders')!.dependsOn).toEqual(['A']);
	});

	it('drops dependencies on unknown keys', () => {
		const nodes = byKey(
			scheduleNodes(
				[task('A', 10, { dependsOn: ['GONE'], dependsOnTransfers: ['nowhere'] })],
				[transfer('orders', { dependsOn: ['MISSING', 'A'] })],
				NOW
			)
		);
		expect(nodes.get('A')!.dependsOn).toEqual([]);
		expect(nodes.get('transfer:orders')!.dependsOn).toEqual(['A']);
	});

	it('makes a finished transfer a done node with its actual times', () => {
		const [node] = scheduleNodes(
			[],
			[transfer('t', { startedAt: W, finishedAt: W + 30 * MIN, done: 1000 })],
			NOW
		);
		expect(node).toMatchObject({ status: 'done', actualStart: W, actualEnd: W + 30 * MIN });
	});

	it('ends a complete transfer not yet marked finished at its ETA', () => {
		const complete = transfer('t', { startedAt: W, done: 1000, eta: W + 20 * MIN });
		expect(scheduleNodes([], [complete], NOW)[0]).toMatchObject({ status: 'done', actualEnd: W + 20 * MIN });
	});

	it('makes a running transfer last from its start to its ETA, else its planned duration, else nothing', () => {
		const running = { startedAt: W, done: 500 };
		const [withEta, planned, unknown] = scheduleNodes(
			[],
			[
				transfer('a', { ...running, eta: W + 90 * MIN, plannedDurationMs: 10 * MIN }),
				transfer('b', { ...running, plannedDurationMs: 45 * MIN }),
				transfer('c', running)
			],
			NOW
		);
		expect(withEta).toMatchObject({ status: 'in_progress', actualStart: W, durationMinutes: 90 });
		expect(planned).toMatchObject({ status: 'in_progress', actualStart: W, durationMinutes: 45 });
		expect(unknown).toMatchObject({ status: 'in_progress', actualStart: W, durationMinutes: 0 });
	});

	it('gives a waiting transfer its planned duration, else what remains at its rate', () => {
		const rate = { perMs: 10 / MIN, lowPerMs: 5 / MIN, highPerMs: 20 / MIN, basis: 'planned' as const };
		const [planned, atRate] = scheduleNodes(
			[],
			[transfer('a', { plannedDurationMs: 75 * MIN, rate }), transfer('b', { done: 100, total: 1000, rate })],
			NOW
		);
		expect(planned).toMatchObject({ status: 'not_started', durationMinutes: 75, actualStart: null });
		expect(atRate.durationMinutes).toBeCloseTo(90, 9);
	});
});

describe('projectEnd', () => {
	it('starts a task waiting for a running transfer at the transfer ETA, on the critical path', () => {
		const tasks = [
			task('prep', 10, { status: 'done', actualStart: W, actualEnd: W + 10 * MIN }),
			task('load', 30, { dependsOn: ['prep'], dependsOnTransfers: ['orders'] }),
			task('smoke', 5, { dependsOn: ['prep'] })
		];
		const orders = transfer('orders', { dependsOn: ['prep'], startedAt: W + 10 * MIN, eta: NOW + 120 * MIN });
		const { end, criticalPath } = projectEnd(tasks, [orders], W, NOW);
		expect(end).toBe(NOW + 150 * MIN);
		expect(criticalPath).toEqual([
			{ kind: 'task', key: 'prep' },
			{ kind: 'transfer', key: 'orders' },
			{ kind: 'task', key: 'load' }
		]);
	});

	it('places a waiting transfer after the tasks it waits for', () => {
		const tasks = [task('freeze', 20), task('verify', 10, { dependsOnTransfers: ['orders'] })];
		const orders = transfer('orders', { dependsOn: ['freeze'], plannedDurationMs: 60 * MIN });
		expect(projectEnd(tasks, [orders], W, W).end).toBe(W + 90 * MIN);
	});

	it('uses the actual end of finished work, however it compares with the plan', () => {
		const tasks = [
			task('A', 10, { status: 'done', actualStart: W, actualEnd: W + 200 * MIN }),
			task('B', 10, { status: 'skipped', actualStart: W, actualEnd: W + 1 * MIN })
		];
		expect(projectEnd(tasks, [], W, W + 300 * MIN)).toEqual({
			end: W + 200 * MIN,
			criticalPath: [{ kind: 'task', key: 'A' }]
		});
	});

	it('ends at the window start when there is nothing to do', () => {
		expect(projectEnd([], [], W, NOW)).toEqual({ end: W, criticalPath: [] });
	});
});
