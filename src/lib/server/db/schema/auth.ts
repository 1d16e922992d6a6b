import { boolean, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { cutovers } from './runbook';

export const users = pgTable('users', {
	id: uuid().primaryKey().defaultRandom(),
	username: text().notNull().unique(),
	displayName: text().notNull(),
	role: text().notNull(),
	team: text(),
	passwordHash: text().notNull(),
	disabled: boolean().notNull().default(false),
	/** One of the sample cutover's fictional people: they do not count as the install's users (setup stays open). */
	sample: boolean().notNull().default(false),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
});

/** Session ids are the SHA-256 of the cookie's token, so a leaked table does not leak sessions. */
export const sessions = pgTable(
	'sessions',
	{
		id: text().primaryKey(),
		userId: uuid()
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: timestamp({ withTimezone: true }).notNull(),
		createdAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [index().on(t.userId)]
);

export const apiTokens = pgTable('api_tokens', {
	id: uuid().primaryKey().defaultRandom(),
	name: text().notNull(),
	tokenHash: text().notNull().unique(),
	role: text().notNull(),
	cutoverId: uuid().references(() => cutovers.id, { onDelete: 'cascade' }),
	createdBy: uuid().references(() => users.id, { onDelete: 'set null' }),
	createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
	lastUsedAt: timestamp({ withTimezone: true }),
	revokedAt: timestamp({ withTimezone: true })
});

export type UserRow = typeof users.$inferSelect;
export type ApiTokenRow = typeof apiTokens.$inferSelect;
