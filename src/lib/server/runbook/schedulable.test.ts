import { describe, expect, it } from 'vitest';
import { rejection } from '../testing';
import { assertSchedulable } from './schedulable';

const task = (key: string, dependsOn: string[] = [], dependsOnTransfers: string[] = []) => ({
	key,
	dependsOn,
	dependsOnTransfers
});
const refusalOf = (
	tasks: ReturnType<typeof task>[],
	transfers: { key: string; dependsOn: string[] }[] = []
) => rejection(Promise.resolve().then(() => assertSchedulable(tasks, transfers)));

describe('a runbook that cannot be scheduled', () => {
	it('is refused with the reason of its one kind of problem, in the same English words', async () => {
		const unknown = await refusalOf([task('A'), task('B', ['A'], ['customers'])]);
		expect(unknown.message).toBe(
			'the runbook cannot be scheduled: unknown dependencies: B depends on transfer:customers'
		);
		expect([unknown.reason, unknown.params]).toEqual([
			'errors.unknownDependencies',
			{ dependencies: 'B depends on transfer:customers', pairs: 'B → transfer:customers' }
		]);

		const duplicate = await refusalOf([task('A'), task('A')]);
		expect(duplicate.message).toBe('the runbook cannot be scheduled: duplicate task keys: A');
		expect(duplicate.reason).toBe('errors.duplicateKeys');

		const cycle = await refusalOf([task('A', ['B']), task('B', ['A'])]);
		expect(cycle.message).toMatch(
			/^the runbook cannot be scheduled: dependency cycle: [AB] -> [AB] -> [AB]$/
		);
		expect(cycle.reason).toBe('errors.dependencyCycle');
	});

	it('keeps the English sentence alone when it has several kinds of problem', async () => {
		const both = await refusalOf([task('A', ['NOPE']), task('A')]);
		expect(both.message).toBe(
			'the runbook cannot be scheduled: duplicate task keys: A; unknown dependencies: A depends on NOPE'
		);
		expect(both.reason).toBeUndefined();
	});
});
