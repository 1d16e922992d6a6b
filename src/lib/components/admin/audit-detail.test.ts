import { describe, expect, it } from 'vitest';
import { translator } from '$lib/shared/i18n';
import { auditDetail } from './audit-detail';

describe('an audit entry’s details', () => {
	const en = translator('en');
	const fi = translator('fi');

	it('says why a sign-in failed and what a lock covers, in the UI’s language', () => {
		expect(auditDetail({ kind: 'signin.failed', detail: { why: 'wrong_password' } }, en)).toBe(
			'wrong password'
		);
		expect(auditDetail({ kind: 'signin.failed', detail: { why: 'wrong_password' } }, fi)).toBe(
			'väärä salasana'
		);
		expect(auditDetail({ kind: 'signin.locked', detail: { scope: 'signInPair', minutes: 15 } }, en)).toBe(
			'this account from this address, for 15 min'
		);
		expect(
			auditDetail(
				{ kind: 'signin.failed', detail: { via: 'sso', why: 'invalid_response', error: 'claim nonce' } },
				en
			)
		).toBe('with single sign-on; the identity provider’s answer did not check out; claim nonce');
	});

	it('shows what an update changed, with role names, and never raw field names', () => {
		const text = auditDetail(
			{
				kind: 'user.updated',
				detail: {
					role: { from: 'operator', to: 'viewer' },
					team: { from: null, to: 'dba' },
					password: 'changed'
				}
			},
			en
		);
		expect(text).toBe('Role: Operator → Viewer; Team: — → dba; password changed');
		expect(auditDetail({ kind: 'user.updated', detail: { disabled: { from: false, to: true } } }, en)).toBe(
			'Disabled'
		);
	});

	it('ignores what it does not know instead of showing it raw', () => {
		expect(auditDetail({ kind: 'signin.failed', detail: { why: 'made up', extra: 1 } }, en)).toBe('');
	});
});
