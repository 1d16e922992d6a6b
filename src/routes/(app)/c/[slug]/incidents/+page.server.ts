import { listPeople } from '$lib/server/decisions/decision.service';
import { latestEvents } from '$lib/server/events/event.service';
import { loaded, signedIn } from '$lib/server/http/form';
import { getBoardSnapshot } from '$lib/server/board/board-snapshot';
import { problemsSignoff } from '$lib/server/programmes/wave-signoffs.service';
import { breachImpact, SERVICE_STATUSES, type ServiceStatus } from '$lib/shared/incidents/rules';
import { entityKey } from '$lib/shared/schemas/common';
import { openAction, serviceStatusAction } from './incident-actions.server';
import type { Actions, PageServerLoad } from './$types';

/** How far back the log is read for the breach an incident is opened from. */
const BREACH_LOOKBACK = 500;

/**
 * The incidents of a cutover (live from the board's snapshot) and the form to open one, prefilled from the
 * address when it comes from a breach: `?metric=<key>` (its latest breach in the log, or `&breach=<seq>`), and the
 * services the metric measures as affected, or `&service=<key>:<impact>` for each service known to be affected;
 * in a wave, `?signoff=<seq>` prefills it from a tester's "problems" sign-off (the sign-off travels with the form).
 */
export const load: PageServerLoad = async ({ locals, params, parent, url }) => {
	await parent(); // the (app) layout sends visitors who are not signed in to the login page
	const actor = signedIn(locals);
	return loaded(async () => {
		const [snapshot, people] = await Promise.all([
			getBoardSnapshot(locals.app, actor, params.slug),
			listPeople(locals.app, actor)
		]);
		const metricKey = entityKey.safeParse(url.searchParams.get('metric')).data ?? null;
		const metric = snapshot.metrics.find((m) => m.key === metricKey) ?? null;
		let breach: { metric: string; name: string; seq: number; level: string } | null = null;
		if (metric) {
			const asked = Number(url.searchParams.get('breach'));
			const events = await latestEvents(locals.app, snapshot.cutover.id, BREACH_LOOKBACK);
			const found = events.find(
				(e) =>
					e.type === 'metric.breached' &&
					e.data.metric === metric.key &&
					(!Number.isInteger(asked) || asked <= 0 || e.seq === asked)
			);
			if (found?.type === 'metric.breached')
				breach = { metric: metric.key, name: metric.name, seq: found.seq, level: found.data.level };
		}
		// The services the breached metric measures, as hurt as its breach says, unless the address names others.
		const affected: Record<string, ServiceStatus> = {};
		if (breach && metric && url.searchParams.getAll('service').length === 0)
			for (const key of metric.services)
				if (snapshot.services.some((s) => s.key === key)) affected[key] = breachImpact(breach.level);
		for (const item of url.searchParams.getAll('service')) {
			const [key, impact = 'major_outage'] = item.split(':');
			if (snapshot.services.some((s) => s.key === key) && SERVICE_STATUSES.includes(impact as ServiceStatus))
				affected[key!] = impact as ServiceStatus;
		}
		const signoffSeq = Number(url.searchParams.get('signoff'));
		const signoff =
			Number.isInteger(signoffSeq) && signoffSeq > 0
				? await problemsSignoff(locals.app, actor, params.slug, signoffSeq)
				: null;
		return {
			snapshot,
			people: people.filter((p) => p.role !== 'viewer'),
			names: Object.fromEntries(people.map((p) => [p.username, p.displayName])),
			prefill: { breach, affected, signoff },
			now: Date.now()
		};
	});
};

export const actions: Actions = {
	open: openAction,
	serviceStatus: serviceStatusAction
};
