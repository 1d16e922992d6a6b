/**
 * User notices: what communications staff send (a notice's kind, services and texts in fi, sv and en; its
 * approval, publication, updates, corrections and withdrawal; the cutover's notice settings) and what they get
 * (a notice with its state and its public timeline).
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import {
	MAINTENANCE_STATES,
	NOTICE_ENTRY_KINDS,
	NOTICE_KINDS,
	NOTICE_LANGS,
	NOTICE_STATUSES
} from '../notices/rules';
import { INCIDENT_STATUSES } from '../incidents/rules';
import { entityKey, isoInstant, line, optionalText, slug, text } from './common';

const lang = z.enum(NOTICE_LANGS);
const expectedVersion = z.number().int().min(1).optional();

/** One language's text: a title line and a body in a small Markdown subset (rendered inert). */
export const noticeTextInput = z.object({ title: line(200), body: text(10_000) }).strict();

/** The texts by language; a language may be left out (the cutover's settings say which must be there). */
export const noticeTextsInput = z
	.object({ fi: noticeTextInput.optional(), sv: noticeTextInput.optional(), en: noticeTextInput.optional() })
	.strict();

const serviceKeys = z
	.array(entityKey)
	.max(100)
	.refine((keys) => new Set(keys).size === keys.length, fieldMessage('listedTwice'));

/** A planned maintenance's window (its start before its end). */
const maintenanceWindow = z
	.object({ startsAt: isoInstant, endsAt: isoInstant })
	.strict()
	.refine((w) => w.startsAt < w.endsAt, {
		path: ['endsAt'],
		message: fieldMessage('endsAfterStart')
	});

export const noticeCreateInput = z
	.object({
		kind: z.enum(NOTICE_KINDS),
		services: serviceKeys.default([]),
		texts: noticeTextsInput,
		/** For an incident update: the incident it tells of (INC-n). */
		incident: z
			.string()
			.regex(/^INC-\d{1,9}$/, fieldMessage('incidentRef'))
			.nullable()
			.default(null),
		/** For a planned maintenance: required. */
		maintenance: maintenanceWindow.nullable().default(null)
	})
	.strict();

/** A draft edited (only a draft, or one awaiting approval, which goes back to draft). */
export const noticePatchInput = z
	.object({
		services: serviceKeys.optional(),
		texts: noticeTextsInput.optional(),
		maintenance: maintenanceWindow.nullable().optional(),
		expectedVersion
	})
	.strict();

/** Publish now (no `at`) or at a scheduled time. */
export const noticePublishInput = z
	.object({ at: isoInstant.nullable().default(null), expectedVersion })
	.strict();

export const noticeApproveInput = z.object({ expectedVersion }).strict();

/** A published notice's update or correction: new texts; a correction names the entry it corrects. */
export const noticeEntryInput = z
	.object({
		kind: z.enum(['update', 'correction']),
		texts: noticeTextsInput,
		/** A correction: the id of the entry it corrects. */
		corrects: z.number().int().min(1).nullable().default(null),
		/** An incident update may tell the incident's public status with it. */
		incidentStatus: z.enum(INCIDENT_STATUSES).nullable().default(null),
		expectedVersion
	})
	.strict()
	.refine((e) => e.kind !== 'correction' || e.corrects !== null, {
		path: ['corrects'],
		message: fieldMessage('required')
	});

export const noticeWithdrawInput = z.object({ reason: line(500), expectedVersion }).strict();

export const noticeSettingsInput = z
	.object({
		requiredLanguages: z
			.array(lang)
			.max(3)
			.refine((l) => new Set(l).size === l.length, fieldMessage('listedTwice'))
			.optional(),
		secondApproval: z.boolean().optional(),
		publicStatus: z.boolean().optional()
	})
	.strict();

const previewBody = optionalText(10_000);
/** Bodies as typed, by language, to render as the public will see them (the editor's preview; nothing is saved). */
export const noticePreviewInput = z
	.object({ bodies: z.object({ fi: previewBody, sv: previewBody, en: previewBody }).strict() })
	.strict();

export const noticeParams = z.object({
	slug,
	ref: z.string().regex(/^NTC-\d{1,9}$/, fieldMessage('noticeRef'))
});

// ---- Views ----

const noticeText = z.object({ title: z.string(), body: z.string() });
export const noticeTextsView = z.object({
	fi: noticeText.optional(),
	sv: noticeText.optional(),
	en: noticeText.optional()
});

export const noticeEntryView = z.object({
	id: z.number(),
	kind: z.enum(NOTICE_ENTRY_KINDS),
	at: z.string(),
	by: z.string(),
	texts: noticeTextsView,
	corrects: z.number().nullable(),
	incidentStatus: z.enum(INCIDENT_STATUSES).nullable(),
	/** A withdrawal's reason. */
	reason: z.string().nullable()
});

export const noticeView = z.object({
	ref: z.string(),
	kind: z.enum(NOTICE_KINDS),
	status: z.enum(NOTICE_STATUSES),
	services: z.array(z.string()),
	incident: z.string().nullable(),
	/** The draft's texts; once published, what the latest entry says. */
	texts: noticeTextsView,
	/** Required languages still missing (empty when it may be published). */
	missing: z.array(lang),
	maintenance: z
		.object({ startsAt: z.string(), endsAt: z.string(), state: z.enum(MAINTENANCE_STATES) })
		.nullable(),
	/** Where the draft came from: a decision (D-n) or an incident (INC-n), else null. */
	origin: z.string().nullable(),
	createdBy: z.string(),
	createdAt: z.string(),
	submittedBy: z.string().nullable(),
	approvedBy: z.string().nullable(),
	approvedAt: z.string().nullable(),
	publishAt: z.string().nullable(),
	publishedAt: z.string().nullable(),
	withdrawnAt: z.string().nullable(),
	/** The public timeline, oldest first. */
	entries: z.array(noticeEntryView),
	version: z.number()
});

/** Each language's body as the one renderer makes it: sanitized HTML. */
export const noticePreviewView = z.object({
	bodies: z.object({ fi: z.string().optional(), sv: z.string().optional(), en: z.string().optional() })
});

export const noticeSettingsView = z.object({
	requiredLanguages: z.array(lang),
	secondApproval: z.boolean(),
	publicStatus: z.boolean()
});

export type NoticeCreateInput = z.infer<typeof noticeCreateInput>;
export type NoticePatchInput = z.infer<typeof noticePatchInput>;
export type NoticePublishInput = z.infer<typeof noticePublishInput>;
export type NoticeEntryInput = z.infer<typeof noticeEntryInput>;
export type NoticeWithdrawInput = z.infer<typeof noticeWithdrawInput>;
export type NoticeSettingsInput = z.infer<typeof noticeSettingsInput>;
export type NoticeTextsView = z.infer<typeof noticeTextsView>;
export type NoticeEntryView = z.infer<typeof noticeEntryView>;
export type NoticeView = z.infer<typeof noticeView>;
export type NoticeSettingsView = z.infer<typeof noticeSettingsView>;
export type NoticePreviewInput = z.infer<typeof noticePreviewInput>;
export type NoticePreviewView = z.infer<typeof noticePreviewView>;
