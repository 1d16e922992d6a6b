/**
 * Supplier reports and the root-cause analysis of an incident: the request for a report (a one-use link for a
 * supplier contact of the incident), the report a supplier sends through it, the MIM's analysis, and what readers
 * get back. Reports and analyses are versioned: a correction is a new version, the earlier ones stay readable.
 */
import { z } from 'zod';
import { fieldMessage } from '../i18n/field-issues';
import { text } from './common';
import { incidentRefParam } from './incidents';

const long = text(8000);
const HOUR = 3600;

/** A token's lifetime unless the request says otherwise: 72 hours. */
export const REPORT_TOKEN_DEFAULT_SECONDS = 72 * HOUR;
/** The longest a report link may stay open: 30 days. */
export const REPORT_TOKEN_MAX_SECONDS = 30 * 24 * HOUR;

/** One action a report or an analysis commits to, with who owns it and when it is due. */
export const reportAction = z
	.object({
		text: text(2000),
		owner: text(200),
		due: z.iso.date(fieldMessage('invalid'))
	})
	.strict();

/** Asks one supplier contact of the incident (by email) for a report. */
export const reportRequestInput = z
	.object({
		email: z
			.string()
			.trim()
			.toLowerCase()
			.max(254, fieldMessage('maxChars', { max: 254 })),
		/** How long the link stays usable, in seconds (72 hours when left out). */
		expiresInSeconds: z
			.number()
			.int(fieldMessage('wholeNumber'))
			.min(1, fieldMessage('atLeast', { min: 1 }))
			.max(REPORT_TOKEN_MAX_SECONDS, fieldMessage('atMost', { max: REPORT_TOKEN_MAX_SECONDS }))
			.default(REPORT_TOKEN_DEFAULT_SECONDS),
		note: text(2000).optional()
	})
	.strict();

/** What a supplier fills in through the link. `incident` names the incident the supplier reports on. */
export const reportSubmitInput = z
	.object({
		incident: incidentRefParam,
		when: long,
		how: long,
		what: long,
		why: long,
		consequences: long,
		actions: z.array(reportAction).max(50).default([])
	})
	.strict();

export const rcaInput = z
	.object({
		cause: long,
		contributing: long,
		wentWell: long,
		wentBadly: long,
		actions: z.array(reportAction).max(50).default([])
	})
	.strict();

/** A report link's secret: what `/report/{token}` and `POST /api/v1/reports/{token}` carry. */
export const reportToken = z
	.string()
	.trim()
	.min(20, fieldMessage('invalid'))
	.max(100, fieldMessage('invalid'))
	.regex(/^[A-Za-z0-9_-]+$/, fieldMessage('invalid'));
export const reportTokenParams = z.object({ token: reportToken });

export const reportFormat = z.enum(['md']);
export const incidentReportQuery = z
	.object({ format: reportFormat.default('md'), lang: z.enum(['en', 'fi', 'sv']).optional() })
	.strict();

export const supplierView = z.object({ name: z.string(), organisation: z.string(), email: z.string() });

/** A request as the room sees it (never its token, which only the requester gets once). */
export const reportRequestView = z.object({
	id: z.string(),
	supplier: supplierView,
	requestedBy: z.string(),
	requestedAt: z.string(),
	expiresAt: z.string(),
	usedAt: z.string().nullable()
});

/** A new request: the view and the link's token, shown once. */
export const reportRequestCreated = reportRequestView.extend({ token: z.string(), path: z.string() });

export const reportView = z.object({
	/** The supplier's versions count from 1; the highest is the report. */
	version: z.number(),
	supplier: supplierView,
	requestId: z.string(),
	when: z.string(),
	how: z.string(),
	what: z.string(),
	why: z.string(),
	consequences: z.string(),
	actions: z.array(reportAction),
	submittedAt: z.string(),
	seq: z.number()
});

export const rcaView = z.object({
	version: z.number(),
	cause: z.string(),
	contributing: z.string(),
	wentWell: z.string(),
	wentBadly: z.string(),
	actions: z.array(reportAction),
	recordedBy: z.string(),
	recordedAt: z.string(),
	seq: z.number()
});

/** An incident's requests, every version of every report (oldest first) and every version of its analysis. */
export const incidentReports = z.object({
	ref: z.string(),
	requests: z.array(reportRequestView),
	reports: z.array(reportView),
	rcas: z.array(rcaView)
});

/** What the link's page shows a supplier before they fill it in: only the incident the token is for. */
export const reportFormView = z.object({
	ref: z.string(),
	title: z.string(),
	cutover: z.string(),
	/** The cutover's time zone, for the link's expiry. */
	timezone: z.string(),
	supplier: supplierView,
	expiresAt: z.string(),
	/** The supplier's latest report on it, for a correction. */
	previous: reportView.nullable()
});

export type ReportAction = z.infer<typeof reportAction>;
export type ReportRequestInput = z.infer<typeof reportRequestInput>;
export type ReportSubmitInput = z.infer<typeof reportSubmitInput>;
export type RcaInput = z.infer<typeof rcaInput>;
export type ReportRequestView = z.infer<typeof reportRequestView>;
export type ReportRequestCreated = z.infer<typeof reportRequestCreated>;
export type ReportView = z.infer<typeof reportView>;
export type RcaView = z.infer<typeof rcaView>;
export type IncidentReports = z.infer<typeof incidentReports>;
export type ReportFormView = z.infer<typeof reportFormView>;
export type SupplierView = z.infer<typeof supplierView>;
