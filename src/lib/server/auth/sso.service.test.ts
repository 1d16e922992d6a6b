import { describe, expect, it } from 'vitest';
import { groupsOf, roleFor, ssoFailureText, teamFor, usernameFrom } from './sso.service';

describe('mapping a person from the identity provider', () => {
	const settings = {
		roleMap: [
			['cutover-ops', 'operator'],
			['cn=golive-admins,ou=groups,dc=example,dc=org', 'admin'],
			['board', 'steering']
		] as const,
		teamMap: [
			['dba-staff', 'dba'],
			['network', 'net']
		] as const,
		defaultRole: undefined
	};

	it('gives the most powerful role any of the groups maps to, or the default, or none', () => {
		expect(roleFor(['board', 'cutover-ops'], settings)).toBe('operator');
		expect(roleFor(['cn=golive-admins,ou=groups,dc=example,dc=org', 'board'], settings)).toBe('admin');
		expect(roleFor(['canteen'], settings)).toBeNull();
		expect(roleFor([], { ...settings, defaultRole: 'viewer' })).toBe('viewer');
	});

	it('gives the first team in the map that the person is in', () => {
		expect(teamFor(['network', 'dba-staff'], settings)).toBe('dba');
		expect(teamFor(['canteen'], settings)).toBeNull();
	});

	it('reads groups sent as a list or as one string, and nothing else', () => {
		expect(groupsOf({ groups: ['a', 'b', 3] }, 'groups')).toEqual(['a', 'b']);
		expect(groupsOf({ roles: 'a' }, 'roles')).toEqual(['a']);
		expect(groupsOf({ groups: { a: 1 } }, 'groups')).toEqual([]);
	});

	it('makes a valid username from what the provider gives, or none', () => {
		expect(usernameFrom({ preferred_username: 'Anna.Virtanen' })).toBe('anna.virtanen');
		expect(usernameFrom({ email: 'Lars Öberg@example.org' })).toBe('lars-berg');
		expect(usernameFrom({ preferred_username: '@@', sub: 'x' })).toBeNull();
		expect(usernameFrom({ sub: '248289761001' })).toBe('248289761001');
	});
});

describe('why a provider’s answer did not check out', () => {
	it('names the failing claim from the error the client library wraps', () => {
		const inner = Object.assign(new Error('unexpected ID Token "nonce" claim value'), {
			code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED',
			cause: { claim: 'nonce', expected: 'secret-value' }
		});
		const outer = Object.assign(new Error('unexpected JWT claim value encountered'), { cause: inner });
		const text = ssoFailureText(outer);
		expect(text).toContain('"nonce" claim');
		expect(text).toContain('claim nonce');
		expect(text).not.toContain('secret-value');
	});
});
