/**
 * The notice forms, called as SvelteKit calls them: a maintenance window typed in the cutover's zone is read in
 * it, a time that cannot be read is refused under its field with nothing kept and everything typed given back,
 * "Fill in from the window" writes the texts into the form and saves nothing, a language left blank is not
 * given, and a correction that names no entry is refused under "corrects".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRedirect, type RequestEvent } from '@sveltejs/kit';
import type { App } from '$lib/server/app';
import { testDatabases } from '$lib/server/db/test-db';
import { createService } from '$lib/server/incidents/catalogue.service';
import { getNotice, listNotices, publishNotice } from '$lib/server/notices/notice.service';
import { testActor, testAdmin, testCutover } from '$lib/server/testing';
import { serviceCreateInput } from '$lib/shared/schemas/incidents';
import { noticePublishInput } from '$lib/shared/schemas/notices';
import { createAction, entryAction, fillAction } from './notice-actions.server';

type Answer = { status?: number; data?: Record<string, unknown>; redirect?: string } & Record<
	string,
	unknown
>;
type Params = { slug: string; ref?: string };
type Issues = { issues: { path: string }[]; values: Record<string, string> };

describe.each(testDatabases())('the notice forms on $kind', (database) => {
	let app: App;
	const comms = testActor('comms');

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	/** Posts `fields` (a list for repeated names) to a form action as a comms user; a redirect is answered. */
	async function post(
		action: (event: RequestEvent<Params & { ref: string }>) => Promise<unknown>,
		params: Params,
		fields: [string, string][]
	): Promise<Answer> {
		const body = new FormData();
		for (const [name, value] of fields) body.append(name, value);
		const request = new Request(`http://golive.invalid/c/${params.slug}/notices`, { method: 'POST', body });
		const locals = { app, actor: comms, user: null, locale: 'en' };
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
		const cutover = await testCutover(app, { timezone: 'Europe/Helsinki' });
		for (const [key, name] of [
			['customer', 'Customer e-services'],
			['market', 'Expert marketplace']
		])
			await createService(app, testAdmin, cutover.slug, serviceCreateInput.parse({ key, name }));
		return cutover;
	}

	const maintenance: [string, string][] = [
		['kind', 'maintenance'],
		['services', 'customer'],
		['services', 'market'],
		['title_fi', 'Huoltokatko'],
		['body_fi', 'Palvelu on suljettu.'],
		['title_sv', 'Underhåll'],
		['body_sv', 'Tjänsten är stängd.'],
		['title_en', ''],
		['body_en', '']
	];

	it('refuses a window it cannot read under its field, keeping nothing; a good one is read in the zone', async () => {
		const { slug } = await cutoverWithServices();
		const refused = await post(createAction, { slug }, [
			...maintenance,
			['startsAt', '2026-12-20 25:00'],
			['endsAt', '2026-12-20 06:00']
		]);
		expect(refused.status).toBe(400);
		const { issues, values } = refused.data as Issues;
		expect(issues.map((i) => i.path)).toEqual(['maintenance.startsAt']);
		// What was typed comes back, the services ticked among it.
		expect(values).toMatchObject({ title_fi: 'Huoltokatko', services: 'customer market' });
		expect(await listNotices(app, comms, slug)).toEqual([]);

		const created = await post(createAction, { slug }, [
			...maintenance,
			['startsAt', '20.12.2026 klo 2.00'],
			['endsAt', '2026-12-20 06:00']
		]);
		expect(created.redirect).toMatch(new RegExp(`^/c/${slug}/notices/NTC-\\d+$`));
		const notice = await getNotice(app, comms, slug, created.redirect!.split('/').at(-1)!);
		// Helsinki is UTC+2 in December.
		expect(notice.maintenance).toMatchObject({
			startsAt: new Date('2026-12-20T00:00:00Z').toISOString(),
			endsAt: new Date('2026-12-20T04:00:00Z').toISOString()
		});
		expect(notice.services).toEqual(['customer', 'market']);
		// English was left blank: not given, and not required by default.
		expect(Object.keys(notice.texts).sort()).toEqual(['fi', 'sv']);
		expect(notice.missing).toEqual([]);
	});

	it('fills the texts in from the window without saving anything', async () => {
		const { slug } = await cutoverWithServices();
		const filled = await post(fillAction, { slug }, [
			['kind', 'maintenance'],
			['services', 'customer'],
			['startsAt', '2026-12-20 02:00'],
			['endsAt', '2026-12-20 06:00']
		]);
		expect(filled.filled).toBe(true);
		const values = filled.values as Record<string, string>;
		for (const lang of ['fi', 'sv', 'en']) {
			expect(values[`title_${lang}`]?.trim()).not.toBe('');
			expect(values[`body_${lang}`]?.trim()).not.toBe('');
		}
		expect(values.services).toBe('customer');
		expect(await listNotices(app, comms, slug)).toEqual([]);

		const unreadable = await post(fillAction, { slug }, [
			['kind', 'maintenance'],
			['startsAt', 'soon']
		]);
		expect(unreadable.status).toBe(400);
		expect((unreadable.data as Issues).issues.map((i) => i.path)).toContain('maintenance.startsAt');
	});

	it('refuses a correction that names no entry under "corrects", and publishes one that does', async () => {
		const { slug } = await cutoverWithServices();
		const created = await post(createAction, { slug }, [...maintenance.slice(3), ['kind', 'info']]);
		const ref = created.redirect!.split('/').at(-1)!;
		await publishNotice(app, comms, slug, ref, noticePublishInput.parse({}));
		const published = await getNotice(app, comms, slug, ref);
		const correction: [string, string][] = [
			['kind', 'correction'],
			['title_fi', 'Huoltokatko'],
			['body_fi', 'Palvelu on suljettu klo 2–6.'],
			['title_sv', 'Underhåll'],
			['body_sv', 'Tjänsten är stängd kl. 2–6.'],
			['expectedVersion', String(published.version)]
		];
		const refused = await post(entryAction, { slug, ref }, [...correction, ['corrects', '']]);
		expect(refused.status).toBe(400);
		expect((refused.data as Issues).issues.map((i) => i.path)).toEqual(['corrects']);
		expect((await getNotice(app, comms, slug, ref)).entries).toHaveLength(1);

		const first = published.entries[0]!.id;
		const done = await post(entryAction, { slug, ref }, [...correction, ['corrects', String(first)]]);
		expect(done.saved).toBe('entry');
		const entries = (await getNotice(app, comms, slug, ref)).entries;
		expect(entries.map((e) => [e.kind, e.corrects])).toEqual([
			['published', null],
			['correction', first]
		]);
	});
});
