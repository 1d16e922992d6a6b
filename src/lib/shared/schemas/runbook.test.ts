import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
	cutoverCreateInput,
	cutoverPatchInput,
	runbookImportInput,
	taskCreateInput,
	taskPatchInput,
	taskTransitionInput
} from './runbook';

/** The issues of a failed parse as "path: message", the shape users see in a 400 or an error ack. */
function problems(schema: z.ZodType, input: unknown): string[] {
	const result = schema.safeParse(input);
	expect(result.success).toBe(false);
	return result.error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

const cutover = {
	slug: 'tyopolku-2024',
	name: 'Työmarkkinatori go-live',
	timezone: 'Europe/Helsinki',
	windowStart: '2024-10-10T18:00:00+03:00',
	windowEnd: '2024-10-14T06:00:00+03:00'
};

const task = { key: 'DB-01', title: 'Freeze writes', phase: 'Freeze', owner: 'dba', durationMinutes: 30 };

describe('cutover input', () => {
	it('accepts a valid cutover and turns times into instants', () => {
		const parsed = cutoverCreateInput.parse(cutover);
		expect(parsed.windowStart).toBe(Date.parse('2024-10-10T15:00:00Z'));
		expect(parsed.windowEnd).toBe(Date.parse('2024-10-14T03:00:00Z'));
	});

	it('refuses a window that ends before (or when) it starts, on windowEnd', () => {
		expect(problems(cutoverCreateInput, { ...cutover, windowEnd: '2024-10-10T17:00:00+03:00' })).toEqual([
			'windowEnd: must be after windowStart'
		]);
		expect(problems(cutoverCreateInput, { ...cutover, windowEnd: cutover.windowStart })).toEqual([
			'windowEnd: must be after windowStart'
		]);
		expect(
			problems(cutoverPatchInput, { windowStart: '2024-10-11T00:00:00Z', windowEnd: '2024-10-10T00:00:00Z' })
		).toEqual(['windowEnd: must be after windowStart']);
	});

	it('names each bad field', () => {
		const found = problems(cutoverCreateInput, {
			slug: 'Not A Slug',
			name: '   ',
			timezone: 'Europe/Atlantis',
			windowStart: '2024-10-10 18:00',
			windowEnd: '2024-10-14T06:00:00+03:00'
		});
		expect(found).toEqual([
			'slug: may contain lowercase letters, digits and single dashes',
			'name: is required',
			'timezone: is not a known IANA time zone (e.g. Europe/Helsinki)',
			'windowStart: must be an ISO 8601 time with an offset, e.g. 2024-10-10T18:00:00+03:00'
		]);
	});

	it('refuses a time without an offset (it would be read in the server zone)', () => {
		expect(problems(cutoverCreateInput, { ...cutover, windowStart: '2024-10-10T18:00:00' })[0]).toMatch(
			/^windowStart: /
		);
	});

	it('refuses unknown fields, naming them', () => {
		const found = problems(cutoverCreateInput, { ...cutover, owner: 'me' });
		expect(found).toHaveLength(1);
		expect(found[0]).toContain('owner');
	});
});

describe('task input', () => {
	it('accepts a minimal task with defaults', () => {
		expect(taskCreateInput.parse(task)).toEqual({
			...task,
			dependsOn: [],
			dependsOnTransfers: [],
			rehearsalMinutes: []
		});
	});

	it('names each bad field, including bad dependency keys by index', () => {
		const found = problems(taskCreateInput, {
			...task,
			key: '-bad key',
			durationMinutes: 1.5,
			dependsOn: ['OK', 'no spaces']
		});
		expect(found).toEqual([
			'key: may contain letters, digits, dots, dashes and underscores',
			'durationMinutes: must be whole minutes',
			'dependsOn.1: may contain letters, digits, dots, dashes and underscores'
		]);
	});

	it('refuses a negative duration and a missing title', () => {
		const { title: _, ...untitled } = task;
		expect(
			problems(taskCreateInput, { ...untitled, durationMinutes: -5 }).map((p) => p.split(':')[0])
		).toEqual(['title', 'durationMinutes']);
	});

	it('requires optimistic <= likely <= pessimistic estimates', () => {
		expect(
			taskCreateInput.safeParse({ ...task, estimate: { optimistic: 10, likely: 20, pessimistic: 30 } })
				.success
		).toBe(true);
		expect(
			problems(taskCreateInput, { ...task, estimate: { optimistic: 30, likely: 20, pessimistic: 40 } })
		).toEqual(['estimate: must satisfy optimistic <= likely <= pessimistic']);
		expect(
			problems(taskCreateInput, { ...task, estimate: { optimistic: 1, likely: 20, pessimistic: 10 } })
		).toEqual(['estimate: must satisfy optimistic <= likely <= pessimistic']);
	});

	it('refuses unknown fields in a task, a patch, a transition and an import', () => {
		expect(problems(taskCreateInput, { ...task, status: 'done' })[0]).toContain('status');
		expect(problems(taskPatchInput, { status: 'done' })[0]).toContain('status');
		expect(problems(taskTransitionInput, { to: 'done', actualEnd: 'now' })[0]).toContain('actualEnd');
		expect(problems(runbookImportInput, { phases: ['A'], tasks: [], extra: 1 })[0]).toContain('extra');
		expect(problems(runbookImportInput, { phases: ['A'], tasks: [{ ...task, colour: 'red' }] })[0]).toMatch(
			/^tasks\.0: .*colour/
		);
	});

	it('refuses a transition to a status that does not exist', () => {
		expect(problems(taskTransitionInput, { to: 'finished' })[0]).toMatch(/^to: /);
	});

	it('needs at least one phase in an import', () => {
		expect(problems(runbookImportInput, { phases: [], tasks: [] })[0]).toMatch(/^phases: /);
	});
});
