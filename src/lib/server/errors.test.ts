import { describe, expect, it } from 'vitest';
import { taskCreateInput } from '../shared/schemas/runbook';
import { ConflictError, NotFoundError, parse, toErrorResponse, ValidationError } from './errors';

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
			{ path: 'owner', message: 'is required' },
			{ path: 'durationMinutes', message: expect.any(String) }
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
			body: { error: { code: 'conflict', message: 'cannot move task A', details: { task: { key: 'A' } } } }
		});
		expect(toErrorResponse(new NotFoundError('no task "X"'))).toEqual({
			status: 404,
			body: { error: { code: 'not_found', message: 'no task "X"' } }
		});
	});

	it('never leaks an unexpected error, and gives an id to find it in the log', () => {
		const logged: unknown[] = [];
		const original = console.error;
		console.error = (...args: unknown[]) => logged.push(args);
		try {
			const response = toErrorResponse(new Error('password=hunter2 at db.internal:5432'));
			expect(response.status).toBe(500);
			expect(response.body.error.code).toBe('internal');
			expect(response.body.error.message).not.toContain('hunter2');
			const id = /error id (\w+)/.exec(response.body.error.message)?.[1];
			expect(id).toBeDefined();
			expect(JSON.stringify(logged)).toContain(id!);
		} finally {
			console.error = original;
		}
	});
});
