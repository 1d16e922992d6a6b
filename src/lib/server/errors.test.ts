import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { taskCreateInput } from '../shared/schemas/runbook';
import { translator } from '../shared/i18n';
import {
	ConflictError,
	ForbiddenError,
	NotFoundError,
	parse,
	toErrorResponse,
	RateLimitedError,
	UnauthenticatedError,
	ValidationError
} from './errors';
import { log } from './observability/log';

const task = { key: 'DB-01', title: 'Freeze writes', phase: 'Freeze', owner: 'dba', durationMinutes: 30 };

describe('the validation message users see', () => {
	it('names every bad field in one sentence and lists them in details', () => {
		let error: unknown;
		try {
			parse(taskCreateInput, { ...task, owner: '', durationMinutes: 'long' });
		} catch (err) {
			error = err;
		}
		expect(error).toBeInstanceOf(ValidationError);
		const v = error as ValidationError;
		expect(v.status).toBe(400);
		expect(v.message).toMatch(/^owner: is required; durationMinutes: /);
		expect(v.details).toEqual([
			{ path: 'owner', message: 'is required', reason: 'fields.required' },
			{ path: 'durationMinutes', message: expect.any(String), reason: 'fields.number' }
		]);
	});

	it('handles input that is not an object at all', () => {
		for (const bad of [null, 42, 'text', [], undefined])
			expect(() => parse(taskCreateInput, bad)).toThrow(ValidationError);
	});
});

describe('error responses', () => {
	it('maps domain errors to their status and a body with code, message and details', () => {
		expect(toErrorResponse(new ConflictError('cannot move task A', { task: { key: 'A' } }))).toEqual({
			status: 409,
			headers: {},
			body: { error: { code: 'conflict', message: 'cannot move task A', details: { task: { key: 'A' } } } }
		});
		expect(toErrorResponse(new NotFoundError('no task "X"'))).toEqual({
			status: 404,
			headers: {},
			body: { error: { code: 'not_found', message: 'no task "X"' } }
		});
	});

	it('tells a rate-limited caller when to come back, in a header and in the details', () => {
		const limited = toErrorResponse(new RateLimitedError(900));
		expect(limited.status).toBe(429);
		expect(limited.headers).toEqual({ 'Retry-After': '900' });
		expect(limited.body.error).toMatchObject({
			code: 'rate_limited',
			message: 'too many failed attempts: try again in 15 min',
			reason: 'errors.tooManyAttempts',
			details: { retryAfterSeconds: 900 }
		});
	});

	it('carries a refusal’s reason and params, with its English text as the message', () => {
		const refusal = new ConflictError(
			{ reason: 'errors.taskWaiting', params: { key: 'DB-02', keys: 'DB-01' } },
			{ task: { key: 'DB-02' } }
		);
		expect(toErrorResponse(refusal)).toEqual({
			status: 409,
			headers: {},
			body: {
				error: {
					code: 'conflict',
					message: 'task DB-02 is waiting for DB-01 to finish',
					reason: 'errors.taskWaiting',
					params: { key: 'DB-02', keys: 'DB-01' },
					details: { task: { key: 'DB-02' } }
				}
			}
		});
		expect(toErrorResponse(new ForbiddenError({ reason: 'errors.tokenOtherCutover' })).body.error).toEqual({
			code: 'forbidden',
			message: 'this token is limited to another cutover',
			reason: 'errors.tokenOtherCutover'
		});
		// The default refusals have their reason too; the UI says them in its language.
		const signIn = toErrorResponse(new UnauthenticatedError()).body.error;
		expect(signIn).toEqual({
			code: 'unauthenticated',
			message: 'sign in first',
			reason: 'errors.signInFirst'
		});
		expect(translator('sv')(signIn.reason!, signIn.params)).toBe('logga in först');
	});

	it('gives a validation failure no reason of its own: each issue in its details carries its field’s', () => {
		const response = toErrorResponse(
			new z.ZodError([
				{ code: 'custom', path: ['owner'], message: 'is required' },
				{ code: 'custom', path: ['note'], message: 'words of its own' }
			])
		);
		expect(response.body.error).toEqual({
			code: 'validation_failed',
			message: 'owner: is required; note: words of its own',
			details: [
				{ path: 'owner', message: 'is required', reason: 'fields.required' },
				{ path: 'note', message: 'words of its own' }
			]
		});
	});

	it('never leaks an unexpected error, and gives an id to find it in the log', () => {
		const logged = vi.spyOn(log, 'error').mockImplementation(() => {});
		try {
			const response = toErrorResponse(new Error('password=hunter2 at db.internal:5432'));
			expect(response.status).toBe(500);
			expect(response.body.error.code).toBe('internal');
			expect(response.body.error.message).not.toContain('hunter2');
			const id = /error id (\w+)/.exec(response.body.error.message)?.[1];
			expect(id).toBeDefined();
			expect(response.body.error).toMatchObject({ reason: 'errors.internal', params: { id } });
			expect(JSON.stringify(logged.mock.calls)).toContain(id!);
		} finally {
			logged.mockRestore();
		}
	});
});
