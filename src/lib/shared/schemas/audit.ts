/** The access audit log as admins read it. */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { isoInstant } from './common';

export const AUDIT_KINDS = [
	'signin.succeeded',
	'signin.failed',
	'signin.locked',
	'token.locked',
	'user.created',
	'user.updated',
	'user.unlocked',
	'token.created',
	'token.revoked',
	'session.ended',
	'subscriber.disabled',
	'subscriber.enabled'
] as const;
export type AuditKind = (typeof AUDIT_KINDS)[number];

/** Why a sign-in failed (the audit entry's `detail.why`). */
export const FAILED_SIGN_IN_WHYS = [
	'unknown_user',
	'wrong_password',
	'disabled',
	'sso_only',
	'no_role',
	'no_username',
	'username_taken',
	'invalid_response'
] as const;
export type FailedSignInWhy = (typeof FAILED_SIGN_IN_WHYS)[number];

export const auditView = z.object({
	id: z.string(),
	at: z.string(),
	kind: z.enum(AUDIT_KINDS),
	actor: z.string().nullable(),
	subject: z.string().nullable(),
	address: z.string().nullable(),
	detail: z.record(z.string(), z.unknown())
});
export type AuditView = z.infer<typeof auditView>;

/**
 * `?kind=&before=&limit=`: newest first; `before` is the `at` of the last entry of the previous page (an instant
 * from 1970 to 2999, as epoch ms: the year 0 was a 500 from the database).
 */
export const auditQuery = z.object({
	kind: z.enum(AUDIT_KINDS).optional(),
	before: isoInstant.optional(),
	limit: z.coerce.number().int(fieldMessage('wholeNumber')).min(1).max(500).default(100)
});
export type AuditQuery = z.infer<typeof auditQuery>;
