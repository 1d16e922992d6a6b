import {
	bigint,
	bigserial,
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	real,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import type { ForecastView } from '../../../shared/schemas/transfers';
import { cutovers } from './runbook';

/** A data transfer stream: progress pushed by a migration script (or entered by hand) against its plan. */
export const transfers = pgTable(
	'transfers',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		name: text().notNull(),
		unit: text().notNull(),
		total: doublePrecision().notNull(),
		done: doublePrecision().notNull().default(0),
		startedAt: timestamp({ withTimezone: true }),
		finishedAt: timestamp({ withTimezone: true }),
		lastProgressAt: timestamp({ withTimezone: true }),
		plannedRatePerHour: doublePrecision(),
		plannedMinutes: integer(),
		stallAfterMinutes: integer().notNull().default(15),
		/** Task keys that must finish before the transfer starts. */
		dependsOn: text().array().notNull().default([]),
		position: integer().notNull(),
		version: integer().notNull().default(1),
		/** Bumped by every reset: the samples of the current series are the ones with this series. */
		series: integer().notNull().default(1),
		/** When a report was last kept as a sample (reports in between only move `done`). */
		lastSampleAt: timestamp({ withTimezone: true }),
		/** The rate estimated from recent samples, with its P10-P90 band; the ETA follows from these and `done`. */
		ratePerHour: doublePrecision(),
		rateLowPerHour: doublePrecision(),
		rateHighPerHour: doublePrecision(),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [unique().on(t.cutoverId, t.key)]
);

/** Every progress report, kept for rate estimates and the chart of done over time. */
export const transferSamples = pgTable(
	'transfer_samples',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		transferId: uuid()
			.notNull()
			.references(() => transfers.id, { onDelete: 'cascade' }),
		series: integer().notNull(),
		at: timestamp({ withTimezone: true }).notNull(),
		done: doublePrecision().notNull(),
		total: doublePrecision().notNull()
	},
	(t) => [index().on(t.transferId, t.series, t.at)]
);

/** Each forecast as published: GET .../forecast serves the newest, the board charts how the end moved. */
export const forecasts = pgTable(
	'forecasts',
	{
		id: bigserial({ mode: 'number' }).primaryKey(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		basedOnSeq: bigint({ mode: 'number' }).notNull(),
		computedAt: timestamp({ withTimezone: true }).notNull(),
		p50: timestamp({ withTimezone: true }).notNull(),
		p90: timestamp({ withTimezone: true }).notNull(),
		probability: real().notNull(),
		view: jsonb().$type<ForecastView>().notNull()
	},
	(t) => [index().on(t.cutoverId, t.computedAt)]
);

export type TransferRow = typeof transfers.$inferSelect;
export type TransferSampleRow = typeof transferSamples.$inferSelect;
export type ForecastRow = typeof forecasts.$inferSelect;
