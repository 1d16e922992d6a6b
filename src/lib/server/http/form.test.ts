import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import { taskCreateInput, taskKey } from '../../shared/schemas/runbook';
import { ConflictError, parse } from '../errors';
import { formAction, parsedField, safeNext, type FormFailure } from './form';

/** Runs an action body that must fail, and returns the failure. */
async function failure(run: () => Promise<unknown>, options?: Parameters<typeof formAction>[1]) {
	const result = await formAction(run, options);
	expect(isActionFailure(result)).toBe(true);
	return result as ActionFailure<FormFailure>;
}

describe('a form action’s failure', () => {
	it('carries the refusal’s reason and params next to its English message and the user’s input', async () => {
		const result = await failure(
			async () => {
				throw new ConflictError({ reason: 'errors.slugTaken', params: { slug: 'go-live' } });
			},
			{ form: 'create', values: { slug: 'go-live' } }
		);
		expect(result.status).toBe(409);
		expect(result.data).toEqual({
			form: 'create',
			message: 'the slug "go-live" is already taken',
			reason: 'errors.slugTaken',
			params: { slug: 'go-live' },
			errors: {},
			values: { slug: 'go-live' }
		});
	});

	it('has no reason for field-level validation: the fields carry their messages', async () => {
		const result = await failure(async () => parse(taskCreateInput, { key: 'A-1', title: 'Freeze' }));
		expect(result.status).toBe(400);
		expect(result.data.reason).toBeUndefined();
		expect(result.data.errors).toHaveProperty('owner');
	});
});

describe('what a form names', () => {
	it('reads a key or id with its schema: a control character is a 400 on the field, never passed on', async () => {
		const data = new FormData();
		data.set('key', 'DB-01\u0000');
		const result = await failure(async () => parsedField(data, 'key', taskKey));
		expect(result.status).toBe(400);
		expect(result.data.errors).toEqual({ key: expect.stringMatching(/letters, digits/) });
		data.set('key', ' DB-01 ');
		expect(parsedField(data, 'key', taskKey)).toBe('DB-01');
	});

	it('sends back only to a path on this site without control characters', () => {
		expect(safeNext('/c/go-live?edit=A')).toBe('/c/go-live?edit=A');
		expect(safeNext('//evil.example')).toBe('/');
		expect(safeNext('/c/go-live\r\nSet-Cookie: x=1')).toBe('/');
		expect(safeNext('/c/\u0000')).toBe('/');
	});
});
