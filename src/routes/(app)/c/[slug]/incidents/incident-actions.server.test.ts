/**
 * The incident forms, called as SvelteKit calls them: a P1 without a MIM is refused under the MIM's field with
 * nothing kept, an opened one goes to its page with the services and restoration order the form said, a move in
 * the restoration order goes through the service, and a bad version is a 400, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import type { App } from '$lib/server/app';
import { testDatabases } from '$lib/server/db/test-db';
import { createService } from '$lib/server/incidents/catalogue.service';
import { getIncident, listIncidents } from '$lib/server/incidents/incident.service';
import { testActor, testAdmin, testCutover } from '$lib/server/testing';
import { serviceCreateInput } from '$lib/shared/schemas/incidents';
import { openAction, prioritiesAction } from './incident-actions.server';

type Answer = { status?: number; data?: Record<string, unknown> } & Record<string, unknown>;
type Params = { slug: string; ref?: string };

describe.each(testDatabases())('the incident forms on $kind', (database) => {
	let app: App;
	const operator = testActor('operator');

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** Posts `fields` (a list for repeated names) to a form action as the operator; a redirect is answered. */
	async function post(
		action: (event: RequestEvent<Params & { ref: string }>) => Promise<unknown>,
		params: Params,
		fields: [string, string][]
	): Promise<Answer> {
		const body = new FormData();
		for (const [name, value] of fields) body.append(name, value);
		const request = new Request(`http://golive.invalid/c/${params.slug}/incidents`, { method: 'POST', body });
		const locals = { app, actor: operator, user: null, locale: 'en' };
		try {
			return (await action({ request, locals, params } as unknown as RequestEvent<
				Params & { ref: string }
			>)) as Answer;
		} catch (err) {
			if (isRedirect(err)) return { redirect: err.location };
			throw err;
		}
	}

	async function cutoverWithServices() {
		const cutover = await testCutover(app);
		for (const [key, name] of [
			['customer', 'Customer e-services'],
			['market', 'Expert marketplace']
		])
			await createService(app, testAdmin, cutover.slug, serviceCreateInput.parse({ key, name }));
		return cutover;
	}

	it('refuses a P1 without a MIM under the MIM field and keeps nothing; with "not known yet" it opens it', async () => {
		const { slug } = await cutoverWithServices();
		const fields: [string, string][] = [
			['title', 'Opening spike'],
			['severity', 'P1'],
			['impact:customer', 'major_outage'],
			['impact:market', 'partial_outage'],
			['mim', '']
		];
		const refused = await post(openAction, { slug }, fields);
		expect(refused.status).toBe(400);
		expect((refused.data as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain('mim');
		expect(await listIncidents(app, operator, slug)).toEqual([]);

		const opened = await post(openAction, { slug }, [...fields, ['mimPending', 'on']]);
		expect(opened.redirect).toBe(`/c/${slug}/incidents/INC-1`);
		const incident = await getIncident(app, operator, slug, 'INC-1');
		expect(incident.needsMim).toBe(true);
		expect(incident.affected.map((a) => [a.service, a.impact])).toEqual([
			['customer', 'major_outage'],
			['market', 'partial_outage']
		]);
		expect(incident.priorities).toEqual(['customer', 'market']);
	});

	it('moves a service up the restoration order, and answers a bad version with a 400', async () => {
		const { slug } = await cutoverWithServices();
		await post(openAction, { slug }, [
			['title', 'Slow'],
			['severity', 'P3'],
			['impact:customer', 'degraded_performance'],
			['impact:market', 'major_outage']
		]);
		const { version } = await getIncident(app, operator, slug, 'INC-1');
		const order: [string, string][] = [
			['order', 'customer'],
			['order', 'market']
		];
		const bad = await post(prioritiesAction, { slug, ref: 'INC-1' }, [
			...order,
			['move', 'up:market'],
			['expectedVersion', 'soon']
		]);
		expect(bad.status).toBe(400);
		expect((await getIncident(app, operator, slug, 'INC-1')).priorities).toEqual(['customer', 'market']);

		await post(prioritiesAction, { slug, ref: 'INC-1' }, [
			...order,
			['move', 'up:market'],
			['expectedVersion', String(version)]
		]);
		expect((await getIncident(app, operator, slug, 'INC-1')).priorities).toEqual(['market', 'customer']);
	});
});
