import { redirect } from '@sveltejs/kit';
import { getDecision, listPeople, openDecision } from '$lib/server/decisions/decision.service';
import { getForecast } from '$lib/server/forecast/forecast.service';
import {
	field,
	formAction,
	formValues,
	loaded,
	parseForm,
	requireRole,
	signedIn
} from '$lib/server/http/form';
import { clockTimes } from '$lib/server/http/wall-time';
import { getCutover } from '$lib/server/runbook/cutover-lookup';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { standingOutcome } from '$lib/shared/decisions';
import {
	decisionKey,
	decisionOpenInput,
	type DecisionView,
	type FollowUpView
} from '$lib/shared/schemas/decisions';
import type { Actions, PageServerLoad } from './$types';

/**
 * The point a follow-up re-reviews: its ordered items, and what the follow-up starts from (the same checkpoint, so
 * the re-review governs the gate; the same voters and chair), all of which the operator may change.
 */
type ReviewedPoint = Pick<
	DecisionView,
	'key' | 'title' | 'checkpointTask' | 'voters' | 'mandatoryVoters' | 'chair' | 'quorum'
> & { items: FollowUpView[] };

/**
 * Opening a decision point: the runbook's tasks for its checkpoint, the people to name as voters and chair, the
 * current forecast when it is opened as an extension proposal (`?evidence=forecast`; the server attaches the
 * latest forecast by itself), and an order-fixes follow-up's items (`?reviews=<key>`).
 */
export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	const { user } = await parent();
	requireRole(user.role, 'decision.open', 'open decision points');
	const actor = signedIn(locals);
	const reviewsKey = decisionKey.safeParse(url.searchParams.get('reviews')).data ?? null;
	return loaded(async () => {
		const [snapshot, people, { forecast }] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listPeople(locals.app, actor),
			getForecast(locals.app, actor, params.slug)
		]);
		let reviews: ReviewedPoint | null = null;
		if (reviewsKey) {
			const reviewed = await getDecision(locals.app, actor, params.slug, reviewsKey);
			const standing = standingOutcome(reviewed.outcomes);
			if (standing?.kind === 'order_fixes') {
				const { key, title, checkpointTask, voters, mandatoryVoters, chair, quorum } = reviewed;
				reviews = {
					key,
					title,
					checkpointTask,
					voters,
					mandatoryVoters,
					chair,
					quorum,
					items: standing.followUps
				};
			}
		}
		return {
			cutover: snapshot.cutover,
			tasks: snapshot.tasks.map((t) => ({ key: t.key, title: t.title })),
			people,
			forecast: url.searchParams.get('evidence') === 'forecast' ? forecast : null,
			reviews
		};
	});
};

/** Rows of two parallel fields (the n-th title with the n-th owner); rows left blank are dropped. */
function rows(data: FormData, titleField: string, ownerField: string) {
	const titles = data.getAll(titleField).map(String);
	const owners = data.getAll(ownerField).map(String);
	return titles
		.map((title, i) => ({ title, owner: owners[i] ?? '' }))
		.filter((r) => r.title.trim() !== '' || r.owner.trim() !== '');
}

const strings = (data: FormData, name: string) =>
	data.getAll(name).filter((v): v is string => typeof v === 'string');

export const actions: Actions = {
	default: async ({ request, locals, params }) => {
		const actor = signedIn(locals);
		const data = await request.formData();
		let opened: string | null = null;
		const failure = await formAction(
			async () => {
				const cutover = await getCutover(locals.app, actor, params.slug);
				const times = clockTimes(data, cutover.timezone);
				const quorum = field(data, 'quorum').trim();
				const reviewed = field(data, 'reviewsDecision').trim();
				const input = parseForm(
					decisionOpenInput,
					{
						key: field(data, 'key'),
						title: field(data, 'title'),
						description: field(data, 'description') || undefined,
						checkpointTask: field(data, 'checkpointTask') || null,
						voters: strings(data, 'voters'),
						mandatoryVoters: strings(data, 'mandatoryVoters'),
						chair: field(data, 'chair'),
						quorum: quorum === '' ? undefined : Number(quorum),
						closesAt: times.read('closesAt'),
						criteria: rows(data, 'criterionTitle', 'criterionOwner'),
						reviews: reviewed ? { decision: reviewed, items: strings(data, 'reviewsItems') } : null
					},
					times.issues
				);
				opened = (await openDecision(locals.app, actor, params.slug, input)).key;
			},
			{ form: 'open', values: formValues(data) }
		);
		if (opened) redirect(303, `/c/${params.slug}/decisions/${encodeURIComponent(opened)}`);
		return failure;
	}
};
