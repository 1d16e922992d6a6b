import { isActionFailure, type ActionFailure } from '@sveltejs/kit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldErrorTexts, translator } from '../../shared/i18n';
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
			issues: [],
			values: { slug: 'go-live' }
		});
	});

	it('has no reason for field-level validation: each field’s issue carries its own, said in the UI’s language', async () => {
		const result = await failure(async () =>
			parse(taskCreateInput, { key: 'A-1', title: 'Freeze', phase: 'P', owner: '', durationMinutes: 5 })
		);
		expect(result.status).toBe(400);
		expect(result.data.reason).toBeUndefined();
		expect(result.data.message).toBe('owner: is required');
		expect(result.data.issues).toEqual([
			{ path: 'owner', message: 'is required', reason: 'fields.required' }
		]);
		expect(fieldErrorTexts(translator('fi'), result.data.issues)).toEqual({ owner: 'pakollinen tieto' });
		expect(fieldErrorTexts(translator('sv'), result.data.issues)).toEqual({ owner: 'måste fyllas i' });
		expect(fieldErrorTexts(translator('en'), result.data.issues)).toEqual({ owner: 'is required' });
	});
});

describe('a redirect target from user input', () => {
	it('keeps paths of this site, with their query and fragment', () => {
		expect(safeNext('/c/sample?tab=my#T1')).toBe('/c/sample?tab=my#T1');
		expect(safeNext(null)).toBe('/');
		expect(safeNext('/admin', '/x')).toBe('/admin');
	});

	it('refuses what a browser would take to another site', () => {
		for (const next of [
			'/\t/evil.example/phish',
			'/\n/evil.example',
			'//evil.example',
			'/\\evil.example',
			'/\u0000/evil.example',
			'/c/go-live\r\nSet-Cookie: x=1',
			'https://evil.example/',
			'javascript:alert(1)',
			'evil.example'
		])
			expect(safeNext(next), JSON.stringify(next)).toBe('/');
	});

	it('never leaves this origin, whatever it is given', () => {
		fc.assert(
			fc.property(fc.string({ unit: 'binary' }), (next) => {
				const target = safeNext('/' + next);
				expect(new URL(target, 'https://golive.example').origin).toBe('https://golive.example');
				// eslint-disable-next-line no-control-regex -- no control character may reach a Location header
				expect(target).not.toMatch(/[\u0000-\u001f\u007f]/);
			}),
			{ numRuns: 2000 }
		);
	});
});

describe('what a form names', () => {
	it('reads a key or id with its schema: a control character is a 400 on the field, never passed on', async () => {
		const data = new FormData();
		data.set('key', 'DB-01\u0000');
		const result = await failure(async () => parsedField(data, 'key', taskKey));
		expect(result.status).toBe(400);
		expect(result.data.issues).toEqual([
			{ path: 'key', message: expect.stringMatching(/letters, digits/), reason: 'fields.keyCharacters' }
		]);
		data.set('key', ' DB-01 ');
		expect(parsedField(data, 'key', taskKey)).toBe('DB-01');
	});
});
