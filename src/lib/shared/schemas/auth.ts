import { z } from 'zod';
import { ROLES } from '../roles';
import { line, optionalText } from './common';

export const username = z
	.string()
	.trim()
	.toLowerCase()
	.min(2, 'must be at least 2 characters')
	.max(40, 'must be at most 40 characters')
	.regex(/^[a-z0-9][a-z0-9._-]*$/, 'may contain lowercase letters, digits, dots, dashes and underscores');

export const password = z
	.string()
	.min(10, 'must be at least 10 characters')
	.max(200, 'must be at most 200 characters');

export const role = z.enum(ROLES);

export const userCreateInput = z
	.object({
		username,
		displayName: line(80),
		role,
		team: optionalText(80).transform((t) => t || null),
		password
	})
	.strict();

export const userUpdateInput = z
	.object({
		displayName: line(80).optional(),
		role: role.optional(),
		team: optionalText(80).transform((t) => (t === undefined ? undefined : t || null)),
		password: password.optional(),
		disabled: z.boolean().optional()
	})
	.strict();

export const loginInput = z
	.object({ username, password: z.string().min(1, 'is required').max(200) })
	.strict();

export const tokenCreateInput = z
	.object({
		name: line(80),
		role,
		cutoverSlug: z
			.string()
			.trim()
			.max(64)
			.optional()
			.transform((s) => s || null)
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
