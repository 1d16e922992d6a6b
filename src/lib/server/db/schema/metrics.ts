import {
	doublePrecision,
	index,
	integer,
	jsonb,
	pgTable,
	primaryKey,
	text,
	timestamp,
	unique,
	uuid
} from 'drizzle-orm/pg-core';
import {
	METRIC_DIRECTIONS,
	METRIC_KINDS,
	METRIC_LEVELS,
	type LineTrack
} from '../../../shared/metrics/state';
import { SOURCE_KINDS, SOURCE_STATES } from '../../../shared/schemas/metric-sources';
import { oneOf } from './checks';
import { cutovers } from './runbook';

/**
 * A metric of a cutover: its definition (kept with the runbook) and its breach state, which the metrics feed
 * moves under the cutover's lock, so it survives restarts and holds across instances.
 */
export const metrics = pgTable(
	'metrics',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		name: text().notNull(),
		unit: text().notNull().default(''),
		kind: text({ enum: METRIC_KINDS }).notNull(),
		direction: text({ enum: METRIC_DIRECTIONS }).notNull(),
		warning: doublePrecision(),
		critical: doublePrecision(),
		sustainSeconds: integer().notNull().default(60),
		clearMargin: doublePrecision().notNull().default(0),
		position: integer().notNull(),
		version: integer().notNull().default(1),
		level: text({ enum: METRIC_LEVELS }).notNull().default('ok'),
		levelSince: timestamp({ withTimezone: true }),
		/** Each line's run toward breaching or clearing (see shared/metrics/state.ts). */
		tracks: jsonb()
			.$type<{ warning: LineTrack; critical: LineTrack }>()
			.notNull()
			.default({ warning: { breached: false, since: null }, critical: { breached: false, since: null } }),
		/** The latest sample judged (later ones move the state), as pushed and as read. */
		lastAt: timestamp({ withTimezone: true, precision: 3 }),
		lastRaw: doublePrecision(),
		lastValue: doublePrecision(),
		/** Pulled from this source of the cutover (null: pushed), read by the selector (see metric-sources.ts). */
		sourceKey: text(),
		selector: text(),
		/** The services of the catalogue it measures: an incident opened from its breach names them. */
		services: jsonb().$type<string[]>().notNull().default([]),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.cutoverId, t.key),
		oneOf('metrics_kind_check', t.kind, METRIC_KINDS),
		oneOf('metrics_direction_check', t.direction, METRIC_DIRECTIONS),
		oneOf('metrics_level_check', t.level, METRIC_LEVELS)
	]
);

/**
 * Where golive pulls a cutover's metrics from (a page it scrapes, or a Prometheus it queries), with how the last
 * pull went. One instance of the cluster pulls, under the lease.
 */
export const metricSources = pgTable(
	'metric_sources',
	{
		id: uuid().primaryKey().defaultRandom(),
		cutoverId: uuid()
			.notNull()
			.references(() => cutovers.id, { onDelete: 'cascade' }),
		key: text().notNull(),
		kind: text({ enum: SOURCE_KINDS }).notNull(),
		url: text().notNull(),
		intervalSeconds: integer().notNull().default(15),
		timeoutMs: integer().notNull().default(5000),
		state: text({ enum: SOURCE_STATES }).notNull().default('unknown'),
		lastError: text(),
		lastPullAt: timestamp({ withTimezone: true, precision: 3 }),
		lastSuccessAt: timestamp({ withTimezone: true, precision: 3 }),
		version: integer().notNull().default(1),
		updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow()
	},
	(t) => [
		unique().on(t.cutoverId, t.key),
		oneOf('metric_sources_kind_check', t.kind, SOURCE_KINDS),
		oneOf('metric_sources_state_check', t.state, SOURCE_STATES)
	]
);

export type MetricSourceRow = typeof metricSources.$inferSelect;

/** Samples as pushed, kept raw for GOLIVE_SAMPLES_RAW_HOURS, then rolled up into minutes. No key: never updated. */
export const metricSamples = pgTable(
	'metric_samples',
	{
		metricId: uuid()
			.notNull()
			.references(() => metrics.id, { onDelete: 'cascade' }),
		at: timestamp({ withTimezone: true, precision: 3 }).notNull(),
		value: doublePrecision().notNull()
	},
	(t) => [index().on(t.metricId, t.at), index().on(t.at)]
);

/** One-minute rollups of samples past the raw age, kept for GOLIVE_SAMPLES_RETENTION_DAYS. */
export const metricRollups = pgTable(
	'metric_rollups',
	{
		metricId: uuid()
			.notNull()
			.references(() => metrics.id, { onDelete: 'cascade' }),
		/** The minute's start. */
		bucket: timestamp({ withTimezone: true }).notNull(),
		count: integer().notNull(),
		sum: doublePrecision().notNull(),
		min: doublePrecision().notNull(),
		max: doublePrecision().notNull(),
		/** The minute's latest sample (a counter is read from these). */
		last: doublePrecision().notNull(),
		lastAt: timestamp({ withTimezone: true, precision: 3 }).notNull()
	},
	(t) => [primaryKey({ columns: [t.metricId, t.bucket] }), index().on(t.bucket)]
);

export type MetricRow = typeof metrics.$inferSelect;
