import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { decisionOpenInput, outcomeInput, voteInput } from '../../shared/schemas/decisions';
import { incidentOpenInput, serviceCreateInput } from '../../shared/schemas/incidents';
import {
	noticeCreateInput,
	noticeEntryInput,
	noticePatchInput,
	noticePreviewInput,
	noticePublishInput,
	noticeSettingsInput,
	noticeWithdrawInput
} from '../../shared/schemas/notices';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { castVote, openDecision, recordOutcome } from '../decisions/decision.service';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import { eventsAfter } from '../events/event.service';
import { createService } from '../incidents/catalogue.service';
import { openIncident } from '../incidents/incident.service';
import { rejection, sessionActor, testActor, testAdmin as admin, testCutover, testUser } from '../testing';
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

const FI = { title: 'Huoltokatko', body: 'Asiointipalvelu on poissa käytöstä.' };
const SV = { title: 'Underhåll', body: 'E-tjänsten är inte tillgänglig.' };
const EN = { title: 'Maintenance', body: 'The e-service is unavailable.' };

describe.each(testDatabases())('notices on $kind', (database) => {
	let app: App;
	let users = 0;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	async function person(role: Parameters<typeof testUser>[2]) {
		const username = `${role.replace('_', '-')}-${++users}`;
		await testUser(app, username, role);
		return { username, actor: await sessionActor(app, username) };
	}

	async function cutoverWithServices() {
		const cutover = await testCutover(app);
		for (const s of [
			{ key: 'customer', name: 'Customer e-services' },
			{ key: 'market', name: 'Expert marketplace' }
		])
			await createService(app, admin, cutover.slug, serviceCreateInput.parse(s));
		return cutover;
	}

	const create = (slug: string, input: z.input<typeof noticeCreateInput>, actor = admin) =>
		createNotice(app, actor, slug, noticeCreateInput.parse(input));
	const publish = (
		slug: string,
		ref: string,
		input: z.input<typeof noticePublishInput> = {},
		actor = admin
	) => publishNotice(app, actor, slug, ref, noticePublishInput.parse(input));
	const lastSeq = async (id: string) => (await eventsAfter(app, id, 0, 10_000)).at(-1)?.seq ?? 0;

	it('drafts a notice, says which required languages it lacks, and refuses to publish it until they are there', async () => {
		const cutover = await cutoverWithServices();
		const comms = await person('comms');
		const draft = await create(
			cutover.slug,
			{ kind: 'info', services: ['customer'], texts: { fi: FI } },
			comms.actor
		);
		expect(draft).toMatchObject({
			ref: 'NTC-1',
			status: 'draft',
			services: ['customer'],
			missing: ['sv'],
			createdBy: comms.username,
			entries: [],
			version: 1
		});
		const seq = await lastSeq(cutover.id);
		const refused = await rejection(publish(cutover.slug, 'NTC-1', {}, comms.actor));
		expect(refused).toBeInstanceOf(ConflictError);
		expect(refused.reason).toBe('errors.noticeMissingLanguages');
		expect(refused.params).toMatchObject({ ref: 'NTC-1', languages: 'sv' });
		expect(await lastSeq(cutover.id)).toBe(seq);

		const edited = await updateNotice(
			app,
			comms.actor,
			cutover.slug,
			'NTC-1',
			noticePatchInput.parse({ texts: { fi: FI, sv: SV }, expectedVersion: 1 })
		);
		expect(edited).toMatchObject({ missing: [], version: 2 });
		// A stale version is refused, naming nothing changed.
		expect(
			await rejection(
				updateNotice(app, comms.actor, cutover.slug, 'NTC-1', noticePatchInput.parse({ expectedVersion: 1 }))
			)
		).toMatchObject({ status: 409, reason: 'errors.noticeChanged' });

		const published = await publish(cutover.slug, 'NTC-1', { expectedVersion: 2 }, comms.actor);
		expect(published).toMatchObject({ status: 'published', texts: { fi: FI, sv: SV } });
		expect(published.entries).toMatchObject([
			{ kind: 'published', texts: { fi: FI, sv: SV }, by: comms.actor.name }
		]);
		const events = await eventsAfter(app, cutover.id, seq);
		expect(events.map((e) => e.type)).toEqual(['notice.updated', 'notice.published']);

		// A published notice is never edited in place.
		expect(
			await rejection(
				updateNotice(app, comms.actor, cutover.slug, 'NTC-1', noticePatchInput.parse({ texts: { fi: FI } }))
			)
		).toMatchObject({ status: 409, reason: 'errors.noticeNotDraft' });
		expect((await listNotices(app, testActor('viewer'), cutover.slug)).map((n) => n.ref)).toEqual(['NTC-1']);
	});

	it('refuses bad input with a 4xx naming what is wrong, and writes nothing', async () => {
		const cutover = await cutoverWithServices();
		const seq = await lastSeq(cutover.id);
		expect(await rejection(create(cutover.slug, { kind: 'maintenance', texts: { fi: FI } }))).toMatchObject({
			status: 400,
			reason: 'errors.noticeMaintenanceWindow',
			details: [{ path: 'maintenance' }]
		});
		expect(
			await rejection(create(cutover.slug, { kind: 'info', services: ['nope'], texts: { fi: FI } }))
		).toMatchObject({ status: 400, reason: 'errors.serviceUnknown', params: { service: 'nope' } });
		expect(
			await rejection(create(cutover.slug, { kind: 'incident', incident: 'INC-9', texts: { fi: FI } }))
		).toMatchObject({ status: 400, reason: 'errors.noticeIncidentUnknown' });
		expect(() =>
			noticeCreateInput.parse({
				kind: 'maintenance',
				texts: {},
				maintenance: { startsAt: '2026-12-10T10:00:00Z', endsAt: '2026-12-10T09:00:00Z' }
			})
		).toThrow(/endsAt/);
		expect(
			await rejection(create(cutover.slug, { kind: 'info', texts: { fi: FI } }, testActor('viewer')))
		).toBeInstanceOf(ForbiddenError);
		expect(
			await rejection(create(cutover.slug, { kind: 'info', texts: { fi: FI } }, testActor('operator')))
		).toBeInstanceOf(ForbiddenError);
		expect(await rejection(getNotice(app, admin, cutover.slug, 'NTC-1'))).toBeInstanceOf(NotFoundError);
		expect(await lastSeq(cutover.id)).toBe(seq);
	});

	it('previews bodies as typed through the one renderer, for those who write notices, and saves nothing', async () => {
		const cutover = await cutoverWithServices();
		const seq = await lastSeq(cutover.id);
		const comms = await person('comms');
		const typed = noticePreviewInput.parse({
			bodies: {
				fi: 'Katko **yöllä**.\r\n<script>alert(1)</script>',
				en: '[here](javascript:alert(1))',
				sv: ''
			}
		});
		const { bodies } = await previewNoticeBodies(app, comms.actor, cutover.slug, typed);
		expect(bodies).toEqual({
			fi: '<p>Katko <strong>yöllä</strong>.<br />\n&lt;script&gt;alert(1)&lt;/script&gt;</p>\n',
			sv: '',
			en: '<p>[here](javascript:alert(1))</p>\n'
		});
		for (const role of ['viewer', 'operator'] as const)
			expect(await rejection(previewNoticeBodies(app, testActor(role), cutover.slug, typed))).toBeInstanceOf(
				ForbiddenError
			);
		expect(await rejection(previewNoticeBodies(app, comms.actor, 'no-such-cutover', typed))).toBeInstanceOf(
			NotFoundError
		);
		expect(() => noticePreviewInput.parse({ bodies: { fi: 'x'.repeat(10_001) } })).toThrow(/10000/);
		expect(() => noticePreviewInput.parse({ bodies: { de: 'Hallo' } })).toThrow();
		expect(await lastSeq(cutover.id)).toBe(seq);
	});

	it('asks for a second approval where the cutover wants one: never by the author, and an edit takes it back', async () => {
		const cutover = await cutoverWithServices();
		const author = await person('comms');
		const second = await person('comms');
		expect(await getNoticeSettings(app, author.actor, cutover.slug)).toEqual({
			requiredLanguages: ['fi', 'sv'],
			secondApproval: false,
			publicStatus: false
		});
		await create(cutover.slug, { kind: 'info', texts: { fi: FI, sv: SV } }, author.actor);
		// Without the setting there is nothing to send it to.
		expect(await rejection(submitNotice(app, author.actor, cutover.slug, 'NTC-1', {}))).toMatchObject({
			reason: 'errors.noticeApprovalOff'
		});
		expect(
			await rejection(
				setNoticeSettings(
					app,
					author.actor,
					cutover.slug,
					noticeSettingsInput.parse({ secondApproval: true })
				)
			)
		).toBeInstanceOf(ForbiddenError);
		expect(
			await setNoticeSettings(
				app,
				admin,
				cutover.slug,
				noticeSettingsInput.parse({ secondApproval: true, requiredLanguages: ['en', 'fi', 'sv'] })
			)
		).toEqual({ requiredLanguages: ['fi', 'sv', 'en'], secondApproval: true, publicStatus: false });
		expect((await getNotice(app, author.actor, cutover.slug, 'NTC-1')).missing).toEqual(['en']);
		await setNoticeSettings(
			app,
			admin,
			cutover.slug,
			noticeSettingsInput.parse({ requiredLanguages: ['fi', 'sv'] })
		);

		expect(await rejection(publish(cutover.slug, 'NTC-1', {}, author.actor))).toMatchObject({
			status: 409,
			reason: 'errors.noticeNeedsApproval'
		});
		const sent = await submitNotice(app, author.actor, cutover.slug, 'NTC-1', {});
		expect(sent).toMatchObject({ status: 'awaiting_approval', submittedBy: author.username });
		const own = await rejection(approveNotice(app, author.actor, cutover.slug, 'NTC-1', {}));
		expect(own).toBeInstanceOf(ForbiddenError);
		expect(own.reason).toBe('errors.noticeOwnApproval');
		expect(
			await rejection(approveNotice(app, testActor('operator'), cutover.slug, 'NTC-1', {}))
		).toBeInstanceOf(ForbiddenError);

		const approved = await approveNotice(app, second.actor, cutover.slug, 'NTC-1', {});
		expect(approved).toMatchObject({ status: 'awaiting_approval', approvedBy: second.username });
		// An edit after the approval sends it back to draft, unapproved.
		const edited = await updateNotice(
			app,
			author.actor,
			cutover.slug,
			'NTC-1',
			noticePatchInput.parse({ texts: { fi: FI, sv: SV, en: EN } })
		);
		expect(edited).toMatchObject({ status: 'draft', approvedBy: null, submittedBy: null });
		expect(await rejection(publish(cutover.slug, 'NTC-1', {}, author.actor))).toMatchObject({
			reason: 'errors.noticeNeedsApproval'
		});
		await submitNotice(app, author.actor, cutover.slug, 'NTC-1', {});
		await approveNotice(app, second.actor, cutover.slug, 'NTC-1', {});
		expect((await publish(cutover.slug, 'NTC-1', {}, author.actor)).status).toBe('published');
	});

	it('schedules a notice for a time to come', async () => {
		const cutover = await cutoverWithServices();
		await create(cutover.slug, { kind: 'info', texts: { fi: FI, sv: SV } });
		const at = new Date(Date.now() + 3_600_000).toISOString();
		const scheduled = await publish(cutover.slug, 'NTC-1', { at });
		expect(scheduled).toMatchObject({ status: 'scheduled', publishAt: at, entries: [], publishedAt: null });
		// Edited, it goes back to draft and off the schedule.
		const edited = await updateNotice(
			app,
			admin,
			cutover.slug,
			'NTC-1',
			noticePatchInput.parse({ services: ['market'] })
		);
		expect(edited).toMatchObject({ status: 'draft', publishAt: null, services: ['market'] });
	});

	it('adds updates and corrections as new entries, and keeps a withdrawn notice readable', async () => {
		const cutover = await cutoverWithServices();
		const other = await cutoverWithServices();
		await create(cutover.slug, { kind: 'info', texts: { fi: FI, sv: SV } });
		const first = (await publish(cutover.slug, 'NTC-1')).entries[0];
		const entry = (input: z.input<typeof noticeEntryInput>) =>
			addNoticeEntry(app, admin, cutover.slug, 'NTC-1', noticeEntryInput.parse(input));

		const fi2 = { title: 'Huoltokatko jatkuu', body: 'Palvelu palaa **klo 12**.' };
		const updated = await entry({ kind: 'update', texts: { fi: fi2, sv: SV } });
		expect(updated.texts).toEqual({ fi: fi2, sv: SV });
		expect(updated.entries.map((e) => e.kind)).toEqual(['published', 'update']);

		expect(await rejection(entry({ kind: 'update', texts: { fi: fi2 } }))).toMatchObject({
			status: 409,
			reason: 'errors.noticeMissingLanguages'
		});
		expect(() => noticeEntryInput.parse({ kind: 'correction', texts: { fi: FI, sv: SV } })).toThrow(
			/corrects/
		);
		// A correction names an entry of this notice, not another's.
		await create(other.slug, { kind: 'info', texts: { fi: FI, sv: SV } });
		const foreign = (await publish(other.slug, 'NTC-1')).entries[0];
		expect(
			await rejection(entry({ kind: 'correction', corrects: foreign.id, texts: { fi: FI, sv: SV } }))
		).toMatchObject({
			status: 400,
			reason: 'errors.noticeEntryUnknown'
		});
		expect(
			await rejection(entry({ kind: 'update', incidentStatus: 'resolved', texts: { fi: FI, sv: SV } }))
		).toMatchObject({
			status: 400,
			reason: 'errors.noticeIncidentStatusKind'
		});
		const corrected = await entry({ kind: 'correction', corrects: first.id, texts: { fi: FI, sv: SV } });
		expect(corrected.entries.at(-1)).toMatchObject({ kind: 'correction', corrects: first.id });

		const seq = await lastSeq(cutover.id);
		const withdrawn = await withdrawNotice(
			app,
			admin,
			cutover.slug,
			'NTC-1',
			noticeWithdrawInput.parse({ reason: 'Sent by mistake' })
		);
		expect(withdrawn).toMatchObject({ status: 'withdrawn', texts: { fi: FI, sv: SV } });
		expect(withdrawn.entries.map((e) => e.kind)).toEqual(['published', 'update', 'correction', 'withdrawn']);
		expect(withdrawn.entries.at(-1)).toMatchObject({ reason: 'Sent by mistake' });
		expect((await eventsAfter(app, cutover.id, seq)).map((e) => e.type)).toEqual(['notice.published']);
		expect((await getNotice(app, testActor('viewer'), cutover.slug, 'NTC-1')).status).toBe('withdrawn');
		expect(await rejection(entry({ kind: 'update', texts: { fi: FI, sv: SV } }))).toMatchObject({
			reason: 'errors.noticeWithdrawn'
		});
	});

	it('drafts an incident notice in three languages from the incident', async () => {
		const cutover = await cutoverWithServices();
		await openIncident(
			app,
			admin,
			cutover.slug,
			incidentOpenInput.parse({
				title: 'Sign-in fails',
				severity: 'P3',
				affected: [{ service: 'customer', impact: 'partial_outage' }]
			})
		);
		const draft = await draftNoticeFromIncident(app, admin, cutover.slug, 'INC-1');
		expect(draft).toMatchObject({
			kind: 'incident',
			status: 'draft',
			incident: 'INC-1',
			origin: 'INC-1',
			services: ['customer'],
			missing: []
		});
		expect(draft.texts.fi?.body).toContain('Customer e-services');
		expect(draft.texts.sv?.body).toMatch(/^Vi utreder en störning som påverkar Customer e-services/);
		expect(draft.texts.en?.title).toBe('Disruption: Sign-in fails');
		expect(await rejection(draftNoticeFromIncident(app, admin, cutover.slug, 'INC-7'))).toBeInstanceOf(
			NotFoundError
		);
	});

	it('leaves a draft among the notices when a decision records a go', async () => {
		const cutover = await cutoverWithServices();
		const chair = await person('steering');
		await openDecision(
			app,
			admin,
			cutover.slug,
			decisionOpenInput.parse({
				key: 'GO-1',
				title: 'Go live?',
				voters: [chair.username],
				chair: chair.username,
				quorum: 1,
				criteria: []
			})
		);
		await castVote(app, chair.actor, cutover.slug, 'GO-1', voteInput.parse({ vote: 'go' }));
		const seq = await lastSeq(cutover.id);
		await recordOutcome(
			app,
			chair.actor,
			cutover.slug,
			'GO-1',
			outcomeInput.parse({ kind: 'go', rationale: 'Ready' })
		);
		expect((await eventsAfter(app, cutover.id, seq)).map((e) => e.type)).toEqual([
			'decision.recorded',
			'notice.created'
		]);
		const [draft] = await listNotices(app, admin, cutover.slug);
		expect(draft).toMatchObject({ kind: 'info', status: 'draft', origin: 'GO-1', missing: [] });
		expect(draft.texts.fi?.title).toBe('Käyttöönotto vahvistettu');
		expect(draft.texts.sv?.title).toBe('Driftsättningen bekräftad');
	});
});
