import { describe, expect, it } from 'vitest';
import { ValidationError } from '$lib/server/errors';
import { parseForm } from '$lib/server/http/form';
import { taskCreateInput, taskPatchInput } from '$lib/shared/schemas/runbook';
import { transferPatchInput } from '$lib/shared/schemas/transfers';
import { FormReader, taskFields, transferFields } from './form-fields';

const ZONE = 'Europe/Helsinki';
const TASK = { key: 'V-01', title: 'Validate', phase: 'Check', owner: 'dba', durationMinutes: '30' };

function reader(fields: Record<string, string>) {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return new FormReader(data);
}

function refusal(run: () => unknown): ValidationError {
	try {
		run();
	} catch (err) {
		if (err instanceof ValidationError) return err;
		throw err;
	}
	throw new Error('expected a validation error');
}

describe('the task form', () => {
	it('reads transfers to wait for, a three-point estimate and rehearsal actuals', () => {
		const form = reader({
			...TASK,
			dependsOnTransfers: 'customers, orders',
			estimateOptimistic: '20',
			estimateLikely: '30',
			estimatePessimistic: '55',
			rehearsalMinutes: '42, 51;39'
		});
		const input = parseForm(
			taskCreateInput,
			{ key: form.text('key'), ...taskFields(form, ZONE) },
			form.issues
		);
		expect(input).toMatchObject({
			durationMinutes: 30,
			dependsOnTransfers: ['customers', 'orders'],
			estimate: { optimistic: 20, likely: 30, pessimistic: 55 },
			rehearsalMinutes: [42, 51, 39]
		});
	});

	it('clears the estimate and the actuals on edit when their fields are empty', () => {
		const form = reader({ ...TASK, estimateOptimistic: ' ', rehearsalMinutes: '' });
		const input = parseForm(taskPatchInput, taskFields(form, ZONE), form.issues);
		expect(input.estimate).toBeNull();
		expect(input.rehearsalMinutes).toEqual([]);
		expect(input.dependsOnTransfers).toEqual([]);
	});

	it('names text that is not a number instead of passing NaN on, together with the schema’s complaints', () => {
		const form = reader({ ...TASK, title: '', durationMinutes: 'half an hour', rehearsalMinutes: '40, abc' });
		const err = refusal(() => parseForm(taskPatchInput, taskFields(form, ZONE), form.issues));
		expect(err.status).toBe(400);
		expect(err.message).toContain('durationMinutes: “half an hour” is not a number');
		expect(err.message).toContain('rehearsalMinutes: “abc” is not a number');
		expect(err.message).toContain('title: is required');
		expect(err.details).toHaveLength(3);
	});

	it('reads “not before” as clock time in the cutover’s zone, as any of the UI’s languages writes it', () => {
		for (const notBefore of ['4.12.2026 klo 20.00', '4 Dec 2026, 20:00', '2026-12-04 20:00']) {
			const form = reader({ ...TASK, notBefore });
			const input = parseForm(taskCreateInput, { key: 'V-01', ...taskFields(form, ZONE) }, form.issues);
			expect(input.notBefore, notBefore).toBe(Date.parse('2026-12-04T18:00:00Z'));
		}
		const blank = reader({ ...TASK, notBefore: ' ' });
		expect(parseForm(taskPatchInput, taskFields(blank, ZONE), blank.issues).notBefore).toBeNull();
	});

	it('names a “not before” it cannot read, or one the clocks skip, on the field', () => {
		const vague = reader({ ...TASK, notBefore: 'tomorrow 8 pm' });
		expect(refusal(() => parseForm(taskPatchInput, taskFields(vague, ZONE), vague.issues)).details).toEqual([
			{
				path: 'notBefore',
				message: 'must be a date and a 24-hour time, e.g. 4 Dec 2026, 20:00',
				reason: 'fields.clockTime'
			}
		]);
		const skipped = reader({ ...TASK, notBefore: '29.3.2026 klo 3.30' });
		const err = refusal(() => parseForm(taskPatchInput, taskFields(skipped, ZONE), skipped.issues));
		expect(err.details).toEqual([
			{
				path: 'notBefore',
				message:
					'29.3.2026 klo 3.30 does not exist in Europe/Helsinki: the clocks skip that hour when daylight saving time begins',
				reason: 'fields.clockTimeSkipped',
				params: { time: '29.3.2026 klo 3.30', zone: ZONE }
			}
		]);
	});

	it('refuses an estimate with only some of its three points', () => {
		const form = reader({ ...TASK, estimateOptimistic: '20', estimatePessimistic: '50' });
		const err = refusal(() => parseForm(taskPatchInput, taskFields(form, ZONE), form.issues));
		expect(err.details).toEqual([
			{ path: 'estimate', message: 'give all three estimates or none', reason: 'fields.estimateIncomplete' }
		]);
	});

	it('leaves the order of the three points to the schema', () => {
		const form = reader({
			...TASK,
			estimateOptimistic: '50',
			estimateLikely: '30',
			estimatePessimistic: '60'
		});
		const err = refusal(() => parseForm(taskPatchInput, taskFields(form, ZONE), form.issues));
		expect(err.message).toContain('optimistic <= likely <= pessimistic');
	});
});

describe('the transfer form', () => {
	it('reads an empty plan as no plan and an empty stall time as unchanged', () => {
		const form = reader({ name: 'Customers', unit: 'records', total: '1000000', plannedRatePerHour: '' });
		const input = parseForm(transferPatchInput, transferFields(form), form.issues);
		expect(input).toMatchObject({ total: 1_000_000, plannedRatePerHour: null, plannedMinutes: null });
		expect(input.stallAfterMinutes).toBeUndefined();
	});

	it('refuses a total that is not a number', () => {
		const form = reader({ name: 'Customers', unit: 'records', total: '1e', plannedMinutes: '60' });
		const err = refusal(() => parseForm(transferPatchInput, transferFields(form), form.issues));
		expect(err.details).toEqual([
			{ path: 'total', message: '“1e” is not a number', reason: 'fields.notANumber', params: { value: '1e' } }
		]);
	});
});
