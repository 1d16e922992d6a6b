import { z } from 'zod';
import { ROLES, TOKEN_ROLES } from '../roles';
import { fieldMessage } from '../i18n/field-issues';
import { CONTROL_CHARACTERS, line, optionalLine, slug } from './common';

/** What a username may hold (lowercased first): also the rule for people named in other records. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
export const USERNAME_MESSAGE = fieldMessage('usernameCharacters');

export const username = z
	.string()
	.trim()
	.toLowerCase()
	.min(2, fieldMessage('minChars', { min: 2 }))
	.max(40, fieldMessage('maxChars', { max: 40 }))
	.regex(USERNAME_PATTERN, USERNAME_MESSAGE);

/** Any C0 control character or DEL: a password may hold anything printable, but not these. */
const hasControl = (s: string) => [...s].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\u007f');

export const password = z
	.string()
	.min(10, fieldMessage('minChars', { min: 10 }))
	.max(200, fieldMessage('maxChars', { max: 200 }))
	.refine((s) => !hasControl(s), CONTROL_CHARACTERS);

export const role = z.enum(ROLES);
/** A token's role: a person's, or one that only feeds a cutover (`metrics`). */
export const tokenRole = z.enum(TOKEN_ROLES);

export const userCreateInput = z
	.object({
		username,
		displayName: line(80),
		role,
		team: optionalLine(80).transform((t) => t || null),
		password
	})
	.strict();

export const userUpdateInput = z
	.object({
		displayName: line(80).optional(),
		role: role.optional(),
		team: optionalLine(80).transform((t) => (t === undefined ? undefined : t || null)),
		password: password.optional(),
		disabled: z.boolean().optional()
	})
	.strict();

// Signing in takes the password as it was set (older ones too), but never a NUL.
export const loginInput = z
	.object({
		username,
		password: z
			.string()
			.min(1, fieldMessage('required'))
			.max(200)
			.refine((s) => !s.includes('\u0000'), CONTROL_CHARACTERS)
	})
	.strict();

export const tokenCreateInput = z
	.object({
		name: line(80),
		role: tokenRole,
		/** Limits the token to one cutover; left empty, the token may reach every cutover. */
		cutoverSlug: z
			.string()
			.trim()
			.transform((s) => s || null)
			.pipe(slug.nullable())
			.optional()
			.transform((s) => s ?? null)
	})
	.strict();

export const userView = z.object({
	id: z.string(),
	username: z.string(),
	displayName: z.string(),
	role,
	team: z.string().nullable(),
	disabled: z.boolean(),
	/** One of the sample cutover's fictional people (nobody knows their password until an admin sets one). */
	sample: z.boolean(),
	/** Signs in through the identity provider (single sign-on), with no password here. */
	sso: z.boolean(),
	createdAt: z.string()
});

export type UserCreateInput = z.infer<typeof userCreateInput>;
export type UserUpdateInput = z.infer<typeof userUpdateInput>;
export type TokenCreateInput = z.infer<typeof tokenCreateInput>;
export type UserView = z.infer<typeof userView>;
