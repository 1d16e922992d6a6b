import {
	boolean,
	index,
	integer,
	jsonb,
	pgTable,
	text,
	timestamp,
	uniqueIndex,
	uuid
} from 'drizzle-orm/pg-core';
import { ROLES, TOKEN_ROLES } from '../../../shared/roles';
import { oneOf } from './checks';
import { cutovers } from './runbook';

export const users = pgTable(
	'users',
	{
		id: uuid().primaryKey().defaultRandom(),
		username: text().notNull().unique(),
		displayName: text().notNull(),
		role: text({ enum: ROLES }).notNull(),
		team: text(),
		/** Null for people who sign in only through single sign-on. */
		passwordHash: text(),
		disabled: boolean().notNull().default(false),
		/** One of the sample cutover's fictional people: they do not count as the install's users (setup stays open). */
		sample: boolean().notNull().default(false),
		/** The identity provider and its subject, for people created by single sign-on. */
		oidcIssuer: text(),
		oidcSubject: text(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [oneOf('users_role_check', t.role, ROLES), uniqueIndex().on(t.oidcIssuer, t.oidcSubject)]
);

/** Session ids are the SHA-256 of the cookie's token, so a leaked table does not leak sessions. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		/** How the user signed in: 'password' or 'sso'. */
		via: text().notNull().default('password'),
		/** The identity provider's ID token of an SSO sign-in, as the hint for signing out there too. */
		idToken: text(),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId)]
);

export const apiTokens = pgTable(
	'api_tokens',
	{
		id: uuid().primaryKey().defaultRandom(),
		name: text().notNull(),
		tokenHash: text().notNull().unique(),
		role: text({ enum: TOKEN_ROLES }).notNull(),
		cutoverId: uuid().references(() => cutovers.id, { onDelete: 'cascade' }),
		createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
		lastUsedAt: timestamp({ withTimezone: true }),
		revokedAt: timestamp({ withTimezone: true })
	},
	(t) => [oneOf('api_tokens_role_check', t.role, TOKEN_ROLES)]
);

/**
 * Who did what to access: sign-ins (also failed and refused ones), lockouts, changes to users and tokens. Kept
 * apart from the cutovers' event logs, which are per cutover and public to everyone who may see the board.
 */
export const auditLog = pgTable(
	'audit_log',
	{
		id: uuid().primaryKey().defaultRandom(),
		at: timestamp({ withTimezone: true }).notNull().defaultNow(),
		kind: text().notNull(),
		/** Who acted: a username, "token <name>", or "system"; null for someone not signed in. */
		actor: text(),
		/** Whom or what it concerns: a username (as typed, for a failed sign-in), a token name. */
		subject: text(),
		/** The client's address, when the act came over the network. */
		address: text(),
		detail: jsonb().$type<Record<string, unknown>>().notNull().default({})
	},
	(t) => [index().on(t.at), index().on(t.kind, t.at)]
);

/** Counters of failed sign-ins and tokens, shared by every instance (the rate limiter's store). */
export const rateLimits = pgTable('rate_limits', {
	key: text().primaryKey(),
	points: integer().notNull().default(0),
	expire: timestamp({ withTimezone: true })
});

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
export type AuditRow = typeof auditLog.$inferSelect;
