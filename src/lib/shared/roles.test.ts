import { describe, expect, it } from 'vitest';
import { ROLES, TOKEN_ROLES, can, mayRead, readOnly, type Permission } from './roles';

describe('roles', () => {
	it('gives a metrics token one right, to push samples: it reads nothing and is no wall token', () => {
		const all: Permission[] = [
			'runbook.edit',
			'task.move_own',
			'transfer.report',
			'decision.open',
			'users.manage'
		];
		expect(can('metrics', 'metrics.write')).toBe(true);
		for (const p of all) expect(can('metrics', p), p).toBe(false);
		expect(mayRead('metrics')).toBe(false);
		expect(readOnly('metrics')).toBe(false);
	});

	it('lets every person read, and only admins and operators push samples among them', () => {
		expect(TOKEN_ROLES.filter((r) => !(ROLES as readonly string[]).includes(r))).toEqual(['metrics']);
		for (const role of ROLES) expect(mayRead(role), role).toBe(true);
		expect(ROLES.filter((r) => can(r, 'metrics.write'))).toEqual(['admin', 'operator']);
		expect(readOnly('viewer')).toBe(true);
	});

	it('lets admins and operators run incidents and the services, and everyone in the room but viewers take notes', () => {
		expect(ROLES.filter((r) => can(r, 'incident.manage'))).toEqual(['admin', 'operator']);
		expect(ROLES.filter((r) => can(r, 'service.manage'))).toEqual(['admin', 'operator']);
		expect(ROLES.filter((r) => can(r, 'incident.note'))).toEqual([
			'admin',
			'operator',
			'steering',
			'task_owner',
			'comms'
		]);
		expect(can('metrics', 'incident.note')).toBe(false);
		expect(readOnly('viewer')).toBe(true);
	});
});
