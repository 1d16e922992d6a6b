/** Cutovers and what they hold (runbooks, tasks, data transfers), made through the services as a user would. */
import type { z } from 'zod';
import {
	cutoverCreateInput,
	runbookImportInput,
	taskCreateInput,
	type CutoverView
} from '../../shared/schemas/runbook';
import { transferCreateInput } from '../../shared/schemas/transfers';
import type { App } from '../app';
import type { Actor } from '../auth/actor';
import type { ForecastSettings } from '../forecast/forecast.service';
import { createCutover } from '../runbook/cutover.service';
import { createTask, importRunbook } from '../runbook/task.service';
import { createTransfer } from '../transfers/transfer.service';
import { testAdmin } from './people';

const HOUR = 3_600_000;
let cutovers = 0;

/** A task as a client sends it (the schema fills in what it leaves out). */
export type TestTask = z.input<typeof taskCreateInput>;

/** The fields of a test's cutover; an instant is milliseconds or an ISO string. */
export interface TestCutoverFields {
	slug?: string;
	name?: string;
	timezone?: string;
	windowStart?: number | string;
	windowEnd?: number | string;
}

const isoOf = (instant: number | string) =>
	typeof instant === 'number' ? new Date(instant).toISOString() : instant;

/**
 * A cutover made by `actor` (the test admin). Unless told otherwise: a slug of its own, named after it, in
 * Helsinki, with an eight-hour window that opened an hour ago.
 */
export async function testCutover(
	app: App,
	fields: TestCutoverFields = {},
	actor: Actor = testAdmin
): Promise<CutoverView> {
	const now = Date.now();
	const slug = fields.slug ?? `cutover-${++cutovers}`;
	return createCutover(
		app,
		actor,
		cutoverCreateInput.parse({
			slug,
			name: fields.name ?? slug,
			timezone: fields.timezone ?? 'Europe/Helsinki',
			windowStart: isoOf(fields.windowStart ?? now - HOUR),
			windowEnd: isoOf(fields.windowEnd ?? now + 7 * HOUR)
		})
	);
}

/** Imports `tasks` as the cutover's runbook, its phases in the order the tasks first name them. */
export const testRunbook = (app: App, slug: string, tasks: TestTask[], actor: Actor = testAdmin) =>
	importRunbook(
		app,
		actor,
		slug,
		runbookImportInput.parse({ phases: [...new Set(tasks.map((t) => t.phase))], tasks })
	);

/** Adds one task to the cutover's runbook. */
export const testTask = (app: App, slug: string, task: TestTask, actor: Actor = testAdmin) =>
	createTask(app, actor, slug, taskCreateInput.parse(task));

/** Defines a data transfer stream in the cutover. */
export const testTransfer = (
	app: App,
	slug: string,
	transfer: z.input<typeof transferCreateInput>,
	actor: Actor = testAdmin
) => createTransfer(app, actor, slug, transferCreateInput.parse(transfer));

/** Forecast settings for a test: a few samples, and no waiting before a forecast unless `overrides` ask for it. */
export const testForecastSettings = (overrides: Partial<ForecastSettings> = {}): ForecastSettings => ({
	samples: 200,
	threshold: 0.8,
	marginMinutes: 30,
	debounceMs: 0,
	maxWaitMs: 0,
	refreshMs: 60_000,
	...overrides
});
