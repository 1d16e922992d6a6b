/**
 * Programmes of many cutovers (scenario 3): what the room sends (a programme, its inventory of systems, runbook
 * templates, the waves built from them, testers' sign-offs) and what it gets (systems with their stage, waves,
 * templates, sign-offs and the weekly snapshots).
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import {
	CONTACT_MESSAGE_KINDS,
	CRITICALITIES,
	ENVIRONMENTS,
	SIGNOFF_VERDICTS,
	STEP_KINDS,
	SYSTEM_STAGES,
	type SystemStage
} from '../programmes/rules';
import { DELIVERY_STATES } from '../subscriptions/rules';
import { emailAddress, entityKey, isoInstant, line, optionalText, slug, timezone } from './common';
import { cutoverCreateInput, windowRefinement } from './runbook';

/** A programme: its slug, name, time zone and span (the window of the whole programme). */
export const programmeCreateInput = cutoverCreateInput;

/**
 * A system's key, stable across imports. Short enough that a task key built from it and a step's key
 * (`SYS-12.snapshot`) stays within a task key's 40 characters.
 */
export const systemKey = entityKey.pipe(z.string().max(24, fieldMessage('maxChars', { max: 24 })));
/** A template step's key: the second half of its tasks' keys. */
export const stepKey = entityKey.pipe(z.string().max(15, fieldMessage('maxChars', { max: 15 })));

const listedOnce = <T>(key: (item: T) => string) =>
	[(items: T[]) => new Set(items.map(key)).size === items.length, fieldMessage('listedTwice')] as const;

export const testerInput = z.object({ name: line(120), email: emailAddress }).strict();

/** One system of the inventory, as a row of an import file or a form gives it. */
export const systemInput = z
	.object({
		key: systemKey,
		name: line(200),
		agency: line(120),
		environment: z.enum(ENVIRONMENTS),
		/** How many virtual machines; with `machines`, at least their number. */
		vmCount: z.number().int(fieldMessage('wholeNumber')).min(0).max(10_000),
		machines: z.array(line(253)).max(500).default([]),
		criticality: z.enum(CRITICALITIES),
		contactName: line(120),
		contactEmail: emailAddress,
		testers: z
			.array(testerInput)
			.max(20)
			.refine(...listedOnce((t: z.infer<typeof testerInput>) => t.email))
			.default([]),
		/** The template (kind of system) its move is built from. */
		templateKey: entityKey.nullable().default(null)
	})
	.strict()
	.refine((s) => s.machines.length <= s.vmCount, {
		path: ['vmCount'],
		message: fieldMessage('fewerThanMachines')
	});

// ---- Inventory: one system edited (the inventory part) ----

/**
 * A system's fields changed by hand (not its key): only those given change, with no defaults, so a form or a
 * script that leaves testers out keeps them. Machines within the count is checked against the merged system.
 */
export const systemPatchInput = z
	.object({
		name: line(200).optional(),
		agency: line(120).optional(),
		environment: z.enum(ENVIRONMENTS).optional(),
		vmCount: z.number().int(fieldMessage('wholeNumber')).min(0).max(10_000).optional(),
		machines: z.array(line(253)).max(500).optional(),
		criticality: z.enum(CRITICALITIES).optional(),
		contactName: line(120).optional(),
		contactEmail: emailAddress.optional(),
		testers: z
			.array(testerInput)
			.max(20)
			.refine(...listedOnce((t: z.infer<typeof testerInput>) => t.email))
			.optional(),
		templateKey: entityKey.nullable().optional(),
		/** Optimistic concurrency: the version the editor started from. */
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();
export type SystemPatchInput = z.infer<typeof systemPatchInput>;

/** The counts of an inventory import (the systems themselves are in the programme's event). */
export const inventoryImportView = z.object({
	created: z.number(),
	updated: z.number(),
	unchanged: z.number()
});

/** One step of a runbook template; each waits for the one before it. */
export const templateStepInput = z
	.object({
		key: stepKey,
		title: line(200),
		/** The phase of the wave's runbook the step's tasks go in. */
		phase: line(80),
		durationMinutes: z.number().int(fieldMessage('wholeNumber')).min(1).max(10_080),
		/** A username or team; `@contact` is the system's contact person, `@tester` its first tester. */
		owner: line(120),
		kind: z.enum(STEP_KINDS).default('work')
	})
	.strict();

export const templateInput = z
	.object({
		key: entityKey,
		name: line(120),
		steps: z
			.array(templateStepInput)
			.min(1)
			.max(50)
			.refine(...listedOnce((s: z.infer<typeof templateStepInput>) => s.key))
			// The sign-off closes a system's move: at most one, and nothing after it.
			.refine((steps) => {
				const at = steps.findIndex((s) => s.kind === 'signoff');
				return at < 0 || at === steps.length - 1;
			}, fieldMessage('signoffLast')),
		/** Optimistic concurrency: the version the editor started from. */
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict();

/** A wave: a new cutover of the programme, with the systems it moves (each in its own window, or the wave's). */
export const waveBuildInput = z
	.object({
		slug,
		name: line(120),
		timezone: timezone.optional(),
		windowStart: isoInstant,
		windowEnd: isoInstant,
		systems: z
			.array(
				z
					.object({
						key: systemKey,
						windowStart: isoInstant.optional(),
						windowEnd: isoInstant.optional()
					})
					.strict()
			)
			.min(1)
			.max(2_000)
			.refine(...listedOnce((s: { key: string }) => s.key))
	})
	.strict()
	.superRefine(windowRefinement);

/** A system's migration window moved (after its wave was built): its downtime, notice and contact follow. */
export const systemWindowInput = z
	.object({
		windowStart: isoInstant,
		windowEnd: isoInstant,
		/** Optimistic concurrency: the version the editor started from. */
		expectedVersion: z.number().int().min(1).optional()
	})
	.strict()
	.superRefine(windowRefinement);

/** A programme's settings: how many days before a system's window its downtime is announced. */
export const programmeSettingsInput = z
	.object({ announceDaysAhead: z.number().int(fieldMessage('wholeNumber')).min(1).max(90) })
	.strict();
export const programmeSettingsView = z.object({ announceDaysAhead: z.number().int() });

/** A message queued to a system's contact person (the address is not repeated in the log). */
export const contactMessageView = z.object({
	system: z.string(),
	kind: z.enum(CONTACT_MESSAGE_KINDS),
	windowRevision: z.number().int(),
	windowStart: z.string(),
	windowEnd: z.string()
});

/** A message to a system's contact as the outbox holds it: where its sending stands. */
export const contactMessageRecord = contactMessageView.omit({ system: true }).extend({
	state: z.enum(DELIVERY_STATES),
	attempts: z.number().int(),
	createdAt: z.string(),
	sentAt: z.string().nullable(),
	lastError: z.string().nullable()
});

/** A tester's word, through a link or recorded by someone signed in on the tester's behalf. */
export const signoffInput = z
	.object({
		verdict: z.enum(SIGNOFF_VERDICTS),
		note: optionalText(4_000).default('')
	})
	.strict()
	.refine((s) => s.verdict === 'works' || s.note.length > 0, {
		path: ['note'],
		message: fieldMessage('problemsNeedNote')
	});

// ---- Waves: templates saved by key, sign-off links and sign-offs recorded for a tester ----

/** A template as its editor saves it (its key is the path's). */
export const templateSaveInput = templateInput.omit({ key: true });

/** A signed-in manager asks one of a system's testers for their word through a link (7 days unless told). */
export const SIGNOFF_LINK_DEFAULT_SECONDS = 7 * 86_400;
export const SIGNOFF_LINK_MAX_SECONDS = 30 * 86_400;
export const signoffLinkInput = z
	.object({
		testerEmail: emailAddress,
		expiresInSeconds: z
			.number()
			.int(fieldMessage('wholeNumber'))
			.min(60, fieldMessage('atLeast', { min: 60 }))
			.max(SIGNOFF_LINK_MAX_SECONDS, fieldMessage('atMost', { max: SIGNOFF_LINK_MAX_SECONDS }))
			.default(SIGNOFF_LINK_DEFAULT_SECONDS)
	})
	.strict();

/** A tester's word recorded by someone signed in, on the tester's behalf. */
export const signoffForInput = z
	.object({
		testerEmail: emailAddress,
		verdict: z.enum(SIGNOFF_VERDICTS),
		note: optionalText(4_000).default('')
	})
	.strict()
	.refine((s) => s.verdict === 'works' || s.note.length > 0, {
		path: ['note'],
		message: fieldMessage('problemsNeedNote')
	});

export const systemParams = z.object({ slug, key: systemKey });
export const templateParams = z.object({ slug, key: entityKey });
export const waveParams = z.object({ slug, wave: slug });

export const systemView = z.object({
	key: z.string(),
	name: z.string(),
	agency: z.string(),
	environment: z.enum(ENVIRONMENTS),
	vmCount: z.number(),
	machines: z.array(z.string()),
	criticality: z.enum(CRITICALITIES),
	contactName: z.string(),
	contactEmail: z.string(),
	testers: z.array(z.object({ name: z.string(), email: z.string() })),
	templateKey: z.string().nullable(),
	/** The slug of its wave. */
	wave: z.string().nullable(),
	windowStart: z.string().nullable(),
	windowEnd: z.string().nullable(),
	builtFromVersion: z.number().nullable(),
	stage: z.enum(SYSTEM_STAGES),
	startedAt: z.string().nullable(),
	movedAt: z.string().nullable(),
	migratedAt: z.string().nullable(),
	verdicts: z.record(z.string(), z.enum(SIGNOFF_VERDICTS)),
	version: z.number()
});

export const templateView = z.object({
	key: z.string(),
	name: z.string(),
	version: z.number(),
	steps: z.array(
		z.object({
			key: z.string(),
			title: z.string(),
			phase: z.string(),
			durationMinutes: z.number(),
			owner: z.string(),
			kind: z.enum(STEP_KINDS)
		})
	),
	updatedBy: z.string(),
	updatedAt: z.string()
});

export const waveView = z.object({
	slug: z.string(),
	name: z.string(),
	timezone: z.string(),
	windowStart: z.string(),
	windowEnd: z.string()
});

export const signoffView = z.object({
	system: z.string(),
	testerName: z.string(),
	testerEmail: z.string(),
	verdict: z.enum(SIGNOFF_VERDICTS),
	note: z.string(),
	via: z.string(),
	at: z.string(),
	followUpTask: z.string().nullable(),
	/** The seq of its programme.signed_off event in the programme's log (an incident opened from it names it). */
	seq: z.number()
});

/** A system of a wave with every sign-off recorded on it in the wave, oldest first (its report and its page). */
export const waveSystemSignoffs = z.object({
	key: z.string(),
	name: z.string(),
	stage: z.enum(SYSTEM_STAGES),
	testers: z.array(z.object({ name: z.string(), email: z.string() })),
	/** Each tester's latest verdict, by e-mail (lower case). */
	verdicts: z.record(z.string(), z.enum(SIGNOFF_VERDICTS)),
	signoffs: z.array(signoffView)
});

/** A sign-off link, answered once: its token is not kept and cannot be read again. */
export const signoffLinkCreated = z.object({
	system: z.string(),
	testerEmail: z.string(),
	expiresAt: z.string(),
	token: z.string(),
	/** The page the tester opens (prefix the server's address). */
	path: z.string()
});

/** What a sign-off link's page shows the tester: the system, its agency and its window. */
export const signoffFormView = z.object({
	system: z.string(),
	systemName: z.string(),
	agency: z.string(),
	testerName: z.string(),
	windowStart: z.string().nullable(),
	windowEnd: z.string().nullable(),
	timezone: z.string(),
	expiresAt: z.string()
});

/** A wave built or re-applied: the wave and its systems after the act. */
export const waveBuilt = z.object({ wave: waveView, systems: z.array(systemView) });

/** A programme's part of its board: its systems, waves and templates (the counts derive from them). */
export const programmePart = z.object({
	systems: z.array(systemView),
	waves: z.array(waveView),
	templates: z.array(templateView)
});

export type ProgrammePart = z.infer<typeof programmePart>;

/** The programme forecast of shared/programmes/forecast.ts, times as ISO strings. */
export const programmeForecastView = z.object({
	plannedEnd: z.string().nullable(),
	p50: z.string().nullable(),
	p90: z.string().nullable(),
	drivers: z.array(z.object({ wave: z.string(), share: z.number() })),
	basis: z.object({ finishedWaves: z.number(), signoffDelays: z.number(), prior: z.boolean() }),
	runs: z.number()
});

const tally = z.object({ systems: z.number(), machines: z.number() });
const groupCount = z.object({ total: tally, done: tally, moved: tally });

/** The counts of shared/programmes/counts.ts, as the API gives them. */
export const programmeCountsView = z.object({
	total: tally,
	done: tally,
	moved: tally,
	inCurrentWave: tally,
	toGo: tally,
	byStage: z.object(
		Object.fromEntries(SYSTEM_STAGES.map((s) => [s, tally])) as Record<SystemStage, typeof tally>
	),
	byEnvironment: z.object({ test: groupCount, production: groupCount }),
	byAgency: z.array(groupCount.extend({ agency: z.string() })),
	byWave: z.array(groupCount.extend({ wave: z.string().nullable() }))
});
export type TemplateStep = z.infer<typeof templateStepInput>;
export type ProgrammeCreateInput = z.infer<typeof programmeCreateInput>;
export type SystemInput = z.infer<typeof systemInput>;
export type TemplateInput = z.infer<typeof templateInput>;
export type WaveBuildInput = z.infer<typeof waveBuildInput>;
export type SignoffInput = z.infer<typeof signoffInput>;
export type SystemView = z.infer<typeof systemView>;
export type TemplateView = z.infer<typeof templateView>;
export type WaveView = z.infer<typeof waveView>;
export type SignoffView = z.infer<typeof signoffView>;
export type WaveSystemSignoffs = z.infer<typeof waveSystemSignoffs>;
export type SignoffLinkCreated = z.infer<typeof signoffLinkCreated>;
export type SignoffFormView = z.infer<typeof signoffFormView>;
export type WaveBuilt = z.infer<typeof waveBuilt>;
export type SystemWindowInput = z.infer<typeof systemWindowInput>;
export type ProgrammeSettingsInput = z.infer<typeof programmeSettingsInput>;
export type ProgrammeSettingsView = z.infer<typeof programmeSettingsView>;
export type ContactMessageView = z.infer<typeof contactMessageView>;
export type ContactMessageRecord = z.infer<typeof contactMessageRecord>;
export type TemplateSaveInput = z.infer<typeof templateSaveInput>;
export type SignoffLinkInput = z.infer<typeof signoffLinkInput>;
export type SignoffForInput = z.infer<typeof signoffForInput>;
