/**
 * The board's opening form action and the runbook page's plan form, called as SvelteKit calls them: a bad field is
 * a 400 naming it (never a 409 or a 500), and the plan form saves through the plan's service.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import type { App } from '$lib/server/app';
import { testDatabases } from '$lib/server/db/test-db';
import { createMetric } from '$lib/server/metrics/metric.service';
import { advanceOpening, getOpening, setOpeningPlan } from '$lib/server/opening/opening.service';
import { testActor, testAdmin, testCutover } from '$lib/server/testing';
import { metricCreateInput } from '$lib/shared/schemas/metrics';
import { openingPlanInput } from '$lib/shared/schemas/opening';
import { openingAction } from './opening-action.server';
import { openingPlanAction } from './runbook/opening-plan-actions.server';

type Answer = { status?: number; data?: Record<string, unknown> } & Record<string, unknown>;

describe.each(testDatabases())('the opening forms on $kind', (database) => {
	let app: App;
	const operator = testActor('operator');

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** Posts `fields` to a form action as the operator, the way SvelteKit hands it a request. */
	function post<T>(
		action: (event: RequestEvent<{ slug: string }>) => Promise<T>,
		slug: string,
		fields: Record<string, string>
	): Promise<Answer> {
		const body = new FormData();
		for (const [name, value] of Object.entries(fields)) body.set(name, value);
		const request = new Request(`http://golive.invalid/c/${slug}`, { method: 'POST', body });
		const locals = { app, actor: operator, user: null, locale: 'en' };
		return action({ request, locals, params: { slug } } as unknown as RequestEvent<{
			slug: string;
		}>) as Promise<Answer>;
	}

	async function cutoverWithPlan() {
		const cutover = await testCutover(app);
		await createMetric(app, testAdmin, cutover.slug, metricCreateInput.parse({ key: 'p95', name: 'p95' }));
		await setOpeningPlan(
			app,
			testAdmin,
			cutover.slug,
			openingPlanInput.parse({
				stages: [
					{ key: 'a', name: 'A' },
					{ key: 'b', name: 'B' }
				]
			})
		);
		return cutover;
	}

	it('refuses a step back whose expectedStage is not a whole number with a 400 naming it, and a stale one with a 409', async () => {
		const { slug } = await cutoverWithPlan();
		await advanceOpening(app, operator, slug, { note: 'A in' });
		for (const bad of ['abc', '1.5', '-1']) {
			const refused = await post(openingAction, slug, { act: 'stepBack', note: 'Back', expectedStage: bad });
			expect(refused.status, bad).toBe(400);
			expect(refused.data).toMatchObject({ openingError: true, issues: [{ path: 'expectedStage' }] });
		}
		const stale = await post(openingAction, slug, { act: 'stepBack', note: 'Back', expectedStage: '0' });
		expect(stale).toMatchObject({ status: 409, data: { reason: 'errors.openingStageMoved' } });
		expect((await getOpening(app, operator, slug)).reached).toBe(1);
		expect(await post(openingAction, slug, { act: 'stepBack', note: 'Back', expectedStage: '1' })).toEqual({
			opening: 'stepBack'
		});
		expect((await getOpening(app, operator, slug)).reached).toBe(0);
	});

	it('saves the plan form through the plan service, refusing a gate over an unknown metric at its field', async () => {
		const { slug } = await cutoverWithPlan();
		const fields = {
			do: 'save',
			'stages.0.key': 'all',
			'stages.0.name': 'Everyone',
			'stages.0.audience': '',
			'stages.0.share': '100',
			'stages.0.notBefore': '',
			'stages.0.conditions.0.metric': 'cpu',
			'stages.0.conditions.0.stat': 'max',
			'stages.0.conditions.0.windowMinutes': '5',
			'stages.0.conditions.0.op': '<',
			'stages.0.conditions.0.threshold': '80',
			'stages.0.conditions.0.of': ''
		};
		const refused = await post(openingPlanAction, slug, fields);
		expect(refused.status).toBe(400);
		expect(refused.data).toMatchObject({
			form: 'openingPlan',
			issues: [{ path: 'stages.0.conditions.0.metric', reason: 'fields.metricUnknown' }],
			values: { 'stages.0.name': 'Everyone' }
		});
		const notNumber = await post(openingPlanAction, slug, {
			...fields,
			'stages.0.conditions.0.metric': 'p95',
			'stages.0.conditions.0.threshold': 'lots'
		});
		expect(notNumber.data).toMatchObject({
			issues: [{ path: 'stages.0.conditions.0.threshold', reason: 'fields.notANumber' }]
		});
		expect((await getOpening(app, operator, slug)).stages.map((s) => s.key)).toEqual(['a', 'b']);

		const saved = await post(openingPlanAction, slug, { ...fields, 'stages.0.conditions.0.metric': 'p95' });
		expect(saved).toEqual({ form: 'openingPlan', savedPlan: 1 });
		const opening = await getOpening(app, operator, slug);
		expect(opening.stages).toEqual([
			{
				key: 'all',
				name: 'Everyone',
				audience: '',
				share: 100,
				notBefore: null,
				conditions: [{ metric: 'p95', stat: 'max', windowMinutes: 5, op: '<', threshold: 80, of: null }]
			}
		]);
		// An edit button saves nothing: it answers with the draft changed.
		const edited = await post(openingPlanAction, slug, {
			...fields,
			do: 'addCondition.0',
			firstMetric: 'p95'
		});
		expect((edited.draft as { stages: { conditions: unknown[] }[] }).stages[0].conditions).toHaveLength(2);
		expect((await getOpening(app, operator, slug)).version).toBe(opening.version);
	});
});
