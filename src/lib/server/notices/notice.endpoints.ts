/** The API of user notices: drafts, second approval, publication, the public timeline, and the cutover's settings. */
import { z } from 'zod';
import { fieldMessage } from '../../shared/i18n/field-issues';
import { cutoverParams } from '../../shared/schemas/api';
import { slug } from '../../shared/schemas/common';
import {
	noticeApproveInput,
	noticeCreateInput,
	noticeEntryInput,
	noticeParams,
	noticePatchInput,
	noticePreviewInput,
	noticePreviewView,
	noticePublishInput,
	noticeSettingsInput,
	noticeSettingsView,
	noticeView,
	noticeWithdrawInput,
	type NoticeView
} from '../../shared/schemas/notices';
import type { Actor } from '../auth/actor';
import type { Ctx } from '../context';
import { endpoint } from '../http/endpoint';
import {
	addNoticeEntry,
	approveNotice,
	createNotice,
	draftNoticeFromIncident,
	getNotice,
	getNoticeSettings,
	listNotices,
	previewNoticeBodies,
	publishNotice,
	setNoticeSettings,
	submitNotice,
	updateNotice,
	withdrawNotice
} from './notice.service';

const NOTICES = '/api/v1/cutovers/{slug}/notices';
const WRITE = { permission: 'notice.write' } as const;
const STALE =
	"expectedVersion (the notice's version the caller saw) refuses it with 409 when someone changed it meanwhile.";

/** One act on a notice: answered with the notice after it. */
function noticeAct<B extends z.ZodType>(
	id: string,
	path: string,
	summary: string,
	description: string,
	access: { permission: 'notice.write' | 'notice.approve' },
	body: B,
	run: (ctx: Ctx, actor: Actor, slug: string, ref: string, input: z.output<B>) => Promise<NoticeView>
) {
	return endpoint({
		id,
		method: 'POST',
		path: `${NOTICES}/{ref}/${path}`,
		tag: 'notices',
		summary,
		description: `${description} ${STALE}`.trim(),
		access,
		params: noticeParams,
		body,
		idempotent: true,
		ok: { schema: noticeView, description: 'The notice after the act' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body: input }) =>
			run(ctx, actor, params.slug, params.ref, input as z.output<B>)
	});
}

export const noticeEndpoints = [
	endpoint({
		id: 'listNotices',
		method: 'GET',
		path: NOTICES,
		tag: 'notices',
		summary: 'The notices, newest first, each with its texts by language, its state and its public timeline',
		params: cutoverParams,
		ok: { schema: z.object({ items: z.array(noticeView) }), description: 'Every notice' },
		errors: [400, 401, 403, 404],
		handle: async ({ ctx, actor, params }) => ({ items: await listNotices(ctx, actor, params.slug) })
	}),
	endpoint({
		id: 'getNotice',
		method: 'GET',
		path: `${NOTICES}/{ref}`,
		tag: 'notices',
		summary: 'One notice with its public timeline',
		params: noticeParams,
		ok: { schema: noticeView, description: 'The notice' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getNotice(ctx, actor, params.slug, params.ref)
	}),
	endpoint({
		id: 'createNotice',
		method: 'POST',
		path: NOTICES,
		tag: 'notices',
		summary:
			'Draft a notice: its kind, the services it concerns and its title and body per language (fi, sv, en)',
		description:
			'Bodies are a small Markdown subset (paragraphs, emphasis, lists, links, line breaks). A planned maintenance needs its window (maintenance: { startsAt, endsAt }); an incident update may name its incident (INC-n). `missing` lists the required languages it still lacks.',
		access: WRITE,
		params: cutoverParams,
		body: noticeCreateInput,
		idempotent: true,
		ok: { status: 201, schema: noticeView, description: 'Drafted, with its reference (NTC-n)' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => createNotice(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'draftNoticeFromIncident',
		method: 'POST',
		path: `${NOTICES}/from-incident/{incidentRef}`,
		tag: 'notices',
		summary:
			'Draft an incident notice from an incident: its title, status and affected services, in fi, sv and en',
		access: WRITE,
		params: z.object({
			slug,
			incidentRef: z.string().regex(/^INC-\d{1,9}$/, fieldMessage('incidentRef'))
		}),
		idempotent: true,
		ok: { status: 201, schema: noticeView, description: 'Drafted, its origin the incident' },
		errors: [400, 401, 403, 404, 409],
		handle: ({ ctx, actor, params }) => draftNoticeFromIncident(ctx, actor, params.slug, params.incidentRef)
	}),
	endpoint({
		id: 'updateNotice',
		method: 'PATCH',
		path: `${NOTICES}/{ref}`,
		tag: 'notices',
		summary: 'Edit a notice not yet published: its services, texts or maintenance window',
		description: `One awaiting approval, or scheduled, goes back to draft (its approval is of the texts it had). A published notice is never edited: add an entry instead. ${STALE}`,
		access: WRITE,
		params: noticeParams,
		body: noticePatchInput,
		ok: { schema: noticeView, description: 'The notice after the edit' },
		errors: [400, 401, 403, 404, 409, 413],
		handle: ({ ctx, actor, params, body }) => updateNotice(ctx, actor, params.slug, params.ref, body)
	}),
	noticeAct(
		'submitNotice',
		'submit',
		'Send a draft for a second approval',
		'Only where the cutover asks for one (notice settings: secondApproval), with every required language written.',
		WRITE,
		noticeApproveInput,
		submitNotice
	),
	noticeAct(
		'approveNotice',
		'approve',
		'Approve a notice awaiting approval',
		'The approver is neither its author nor the one who sent it (403 otherwise).',
		{ permission: 'notice.approve' },
		noticeApproveInput,
		approveNotice
	),
	noticeAct(
		'publishNotice',
		'publish',
		'Publish a notice now, or schedule it (at: a time to come)',
		'Refused with 409 while a required language is missing (the message names them) or a second approval is asked for and not given. A scheduled notice is checked again when it falls due.',
		WRITE,
		noticePublishInput,
		publishNotice
	),
	noticeAct(
		'addNoticeEntry',
		'entries',
		"Add an update or a correction to a published notice's public timeline",
		'The entry carries the texts by language (the required ones written); a correction names the entry it corrects (corrects: its id). The notice shows the latest texts.',
		WRITE,
		noticeEntryInput,
		addNoticeEntry
	),
	noticeAct(
		'withdrawNotice',
		'withdraw',
		'Withdraw a notice, with the reason',
		'It stays readable in the history, with a withdrawn entry giving the reason; a maintenance in progress lets its services go.',
		WRITE,
		noticeWithdrawInput,
		withdrawNotice
	),
	endpoint({
		id: 'previewNotice',
		method: 'POST',
		path: '/api/v1/cutovers/{slug}/notice-preview',
		tag: 'notices',
		summary:
			'Render notice bodies as typed, as the public page and the mails will show them; nothing is saved',
		description:
			"The editor's preview before saving: each language's body (the Markdown subset, up to 10,000 characters) through the one renderer, as sanitized HTML.",
		access: WRITE,
		params: cutoverParams,
		body: noticePreviewInput,
		ok: { schema: noticePreviewView, description: "Each language's body as sanitized HTML" },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => previewNoticeBodies(ctx, actor, params.slug, body)
	}),
	endpoint({
		id: 'getNoticeSettings',
		method: 'GET',
		path: '/api/v1/cutovers/{slug}/notice-settings',
		tag: 'notices',
		summary:
			"The cutover's notice settings: required languages, second approval, shown on the public status page",
		params: cutoverParams,
		ok: { schema: noticeSettingsView, description: 'The settings' },
		errors: [400, 401, 403, 404],
		handle: ({ ctx, actor, params }) => getNoticeSettings(ctx, actor, params.slug)
	}),
	endpoint({
		id: 'setNoticeSettings',
		method: 'PUT',
		path: '/api/v1/cutovers/{slug}/notice-settings',
		tag: 'notices',
		summary: "Change the cutover's notice settings (those left out stay)",
		access: { permission: 'cutover.edit' },
		params: cutoverParams,
		body: noticeSettingsInput,
		ok: { schema: noticeSettingsView, description: 'The settings after the change' },
		errors: [400, 401, 403, 404, 413],
		handle: ({ ctx, actor, params, body }) => setNoticeSettings(ctx, actor, params.slug, body)
	})
];
