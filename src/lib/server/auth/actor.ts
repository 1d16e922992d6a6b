import type { Role } from '../../shared/roles';
import { can, mayRead, ownsTask, type Permission } from '../../shared/roles';
import { ForbiddenError } from '../errors';

/** Who is acting: a signed-in user, an API token, or the system (sample seed, simulator). */
export interface Actor {
	kind: 'user' | 'token' | 'system';
	id: string | null;
	name: string;
	role: Role;
	username: string | null;
	team: string | null;
	/** A token limited to one cutover carries its id. */
	cutoverId: string | null;
}

export const systemActor = (name: string): Actor => ({
	kind: 'system',
	id: null,
	name,
	role: 'admin',
	username: null,
	team: null,
	cutoverId: null
});

export function require(actor: Actor, permission: Permission, what: string): void {
	if (!can(actor.role, permission))
		throw new ForbiddenError({ reason: 'errors.roleMayNot', params: { role: actor.role, action: what } });
}

export function requireCutoverScope(actor: Actor, cutoverId: string): void {
	if (actor.cutoverId !== null && actor.cutoverId !== cutoverId)
		throw new ForbiddenError({ reason: 'errors.tokenOtherCutover' });
}

export function actorOwns(actor: Actor, owner: string): boolean {
	return actor.username !== null && ownsTask(owner, { username: actor.username, team: actor.team });
}

/** A role that only feeds cutovers (a metrics token) may not read them. */
export function requireReader(actor: Actor): void {
	if (!mayRead(actor.role))
		throw new ForbiddenError({
			reason: 'errors.roleMayNot',
			params: { role: actor.role, action: 'read cutovers' }
		});
}
