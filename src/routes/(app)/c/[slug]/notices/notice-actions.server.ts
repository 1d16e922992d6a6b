/**
 * The form actions of the notices pages (and the incident page's "Draft a public update"): each reads its form,
 * parses it with the schema the API uses and calls the one service function. A failure names the form it came
 * from and keeps what was typed. Texts come as `title_<lang>` and `body_<lang>`; a language left wholly blank is
 * not given. Times are typed in the cutover's zone.
 */
import { redirect, type RequestEvent } from '@sveltejs/kit';
import type { z } from 'zod';
import { issuesError, validationErrorFrom } from '$lib/server/errors';
import { field, formAction, formValues, parseForm, signedIn } from '$lib/server/http/form';
import { clockTimeField, clockTimes } from '$lib/server/http/wall-time';
import { listServices } from '$lib/server/incidents/catalogue.service';
import {
	addNoticeEntry,
	approveNotice,
	createNotice,
	draftNoticeFromIncident,
	publishNotice,
	setNoticeSettings,
	submitNotice,
	updateNotice,
	withdrawNotice
} from '$lib/server/notices/notice.service';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import { maintenanceNoticeTexts } from '$lib/shared/notices/drafts';
import type { FieldIssue } from '$lib/shared/i18n';
import { NOTICE_LANGS } from '$lib/shared/notices/rules';
import { incidentRefParam } from '$lib/shared/schemas/incidents';
import {
	noticeApproveInput,
	noticeCreateInput,
	noticeEntryInput,
	noticeParams,
	noticePatchInput,
	noticePublishInput,
	noticeSettingsInput,
	noticeWithdrawInput
} from '$lib/shared/schemas/notices';

type Event = RequestEvent<{ slug: string }>;
type RefEvent = RequestEvent<{ slug: string; ref: string }>;

const orNull = (text: string) => (text.trim() === '' ? null : text);
const version = (data: FormData) => {
	const text = field(data, 'expectedVersion').trim();
	return text === '' ? undefined : Number(text);
};

/** The texts of a form by language; a language whose title and body are both blank is left out. */
export function textsOf(data: FormData) {
	const texts: Record<string, { title: string; body: string }> = {};
	for (const lang of NOTICE_LANGS) {
		const title = field(data, `title_${lang}`);
		const body = field(data, `body_${lang}`);
		if (title.trim() !== '' || body.trim() !== '') texts[lang] = { title, body };
	}
	return texts;
}

/** The services ticked (a checkbox `services` per service of the catalogue). */
const servicesOf = (data: FormData) => data.getAll('services').map(String);

/** The form's fields to fill it again, the services ticked as one space-separated `services`. */
const noticeValues = (data: FormData): Record<string, string> => ({
	...formValues(data),
	services: servicesOf(data).join(' ')
});

/**
 * A maintenance window typed in the cutover's zone (fields `startsAt` and `endsAt`), or null when both are blank.
 * A time that cannot be read is an issue on `maintenance.startsAt` (or `endsAt`), as the schema names it.
 */
async function windowOf(event: Event, data: FormData) {
	const { timezone } = await getCutover(event.locals.app, signedIn(event.locals), event.params.slug);
	const issues: FieldIssue[] = [];
	const read = (name: 'startsAt' | 'endsAt') =>
		clockTimeField(issues, `maintenance.${name}`, field(data, name), timezone);
	const startsAt = read('startsAt');
	const endsAt = read('endsAt');
	const window = startsAt === null && endsAt === null && issues.length === 0 ? null : { startsAt, endsAt };
	return { timezone, window, issues };
}

/** parseForm for input with a window: the schema's complaint about a time already flagged is left out. */
function parseWithWindow<S extends z.ZodType>(schema: S, input: unknown, issues: FieldIssue[]): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success && issues.length === 0) return result.data;
	const flagged = new Set(issues.map((i) => i.path));
	const fromSchema = result.success ? [] : (validationErrorFrom(result.error).details as FieldIssue[]);
	throw issuesError([...issues, ...fromSchema.filter((i) => !flagged.has(i.path))]);
}

/** Drafts a notice and goes to its page. */
export async function createAction(event: Event) {
	const { locals, params, request } = event;
	const actor = signedIn(locals);
	const data = await request.formData();
	let created: string | null = null;
	const failure = await formAction(
		async () => {
			const kind = field(data, 'kind');
			const { window, issues } =
				kind === 'maintenance' ? await windowOf(event, data) : { window: null, issues: [] };
			const input = parseWithWindow(
				noticeCreateInput,
				{
					kind,
					services: servicesOf(data),
					texts: textsOf(data),
					incident: kind === 'incident' ? orNull(field(data, 'incident')) : null,
					maintenance: window
				},
				issues
			);
			created = (await createNotice(locals.app, actor, params.slug, input)).ref;
		},
		{ form: 'create', values: noticeValues(data) }
	);
	if (created) redirect(303, `/c/${params.slug}/notices/${created}`);
	return failure;
}

/**
 * "Fill in from the window": the maintenance draft's texts in every language from the services and the window
 * typed so far, written into the form (nothing is saved); a window that cannot be read is said under its field.
 */
export async function fillAction(event: Event) {
	const { locals, params, request } = event;
	const actor = signedIn(locals);
	const data = await request.formData();
	const values = noticeValues(data);
	return formAction(
		async () => {
			const { timezone, window, issues } = await windowOf(event, data);
			const { maintenance } = parseWithWindow(
				noticeCreateInput.pick({ maintenance: true }),
				{ maintenance: window ?? { startsAt: null, endsAt: null } },
				issues
			);
			const catalogue = await listServices(locals.app, actor, params.slug);
			const chosen = new Set(servicesOf(data));
			const texts = maintenanceNoticeTexts({
				services: catalogue.filter((s) => chosen.has(s.key)).map((s) => s.name),
				startsAt: maintenance!.startsAt,
				endsAt: maintenance!.endsAt,
				timezone
			});
			for (const lang of NOTICE_LANGS) {
				const text = texts[lang];
				if (!text) continue;
				values[`title_${lang}`] = text.title;
				values[`body_${lang}`] = text.body;
			}
			return { form: 'create', filled: true, values };
		},
		{ form: 'create', values }
	);
}

export async function settingsAction({ locals, params, request }: Event) {
	const actor = signedIn(locals);
	const data = await request.formData();
	return formAction(
		async () => {
			const input = parseForm(noticeSettingsInput, {
				requiredLanguages: data.getAll('requiredLanguages').map(String),
				secondApproval: data.get('secondApproval') === 'on',
				publicStatus: data.get('publicStatus') === 'on'
			});
			await setNoticeSettings(locals.app, actor, params.slug, input);
			return { form: 'settings', saved: 'settings' };
		},
		{ form: 'settings', values: formValues(data) }
	);
}

/** One act on the notice of the page, through its service function. */
function noticeAct(form: string, run: (event: RefEvent, data: FormData, ref: string) => Promise<unknown>) {
	return async (event: RefEvent) => {
		signedIn(event.locals);
		const data = await event.request.formData();
		return formAction(
			async () => {
				const { ref } = parseForm(noticeParams, event.params);
				await run(event, data, ref);
				return { form, saved: form };
			},
			{ form, values: noticeValues(data) }
		);
	};
}

export const editAction = noticeAct('edit', async (event, data, ref) => {
	const { window, issues } = data.has('startsAt')
		? await windowOf(event, data)
		: { window: undefined, issues: [] };
	const input = parseWithWindow(
		noticePatchInput,
		{
			services: servicesOf(data),
			texts: textsOf(data),
			...(window === undefined ? {} : { maintenance: window }),
			expectedVersion: version(data)
		},
		issues
	);
	return updateNotice(event.locals.app, signedIn(event.locals), event.params.slug, ref, input);
});

export const submitAction = noticeAct('submit', ({ locals, params }, data, ref) =>
	submitNotice(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(noticeApproveInput, { expectedVersion: version(data) })
	)
);

export const approveAction = noticeAct('approve', ({ locals, params }, data, ref) =>
	approveNotice(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(noticeApproveInput, { expectedVersion: version(data) })
	)
);

/** Publishes now, or at the time typed (in the cutover's zone). */
export const publishAction = noticeAct('publish', async (event, data, ref) => {
	const { locals, params } = event;
	const actor = signedIn(locals);
	const { timezone } = await getCutover(locals.app, actor, params.slug);
	const times = clockTimes(data, timezone);
	const input = parseForm(
		noticePublishInput,
		{ at: times.read('at'), expectedVersion: version(data) },
		times.issues
	);
	return publishNotice(locals.app, actor, params.slug, ref, input);
});

export const entryAction = noticeAct('entry', ({ locals, params }, data, ref) => {
	const corrects = field(data, 'corrects').trim();
	return addNoticeEntry(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(noticeEntryInput, {
			kind: field(data, 'kind'),
			texts: textsOf(data),
			corrects: corrects === '' ? null : Number(corrects),
			incidentStatus: orNull(field(data, 'incidentStatus')),
			expectedVersion: version(data)
		})
	);
});

export const withdrawAction = noticeAct('withdraw', ({ locals, params }, data, ref) =>
	withdrawNotice(
		locals.app,
		signedIn(locals),
		params.slug,
		ref,
		parseForm(noticeWithdrawInput, { reason: field(data, 'reason'), expectedVersion: version(data) })
	)
);

/** The incident page's "Draft a public update": a draft prefilled from the incident, then its page. */
export async function draftFromIncidentAction({ locals, params, request }: RefEvent) {
	const actor = signedIn(locals);
	const data = await request.formData();
	let drafted: string | null = null;
	const failure = await formAction(
		async () => {
			const incident = parseForm(incidentRefParam, params.ref);
			drafted = (await draftNoticeFromIncident(locals.app, actor, params.slug, incident)).ref;
		},
		{ form: 'draftNotice', values: formValues(data) }
	);
	if (drafted) redirect(303, `/c/${params.slug}/notices/${drafted}`);
	return failure;
}
