import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';
import { incidentReportMarkdown } from '../../shared/incidents/report-doc';
import { incidentOpenInput } from '../../shared/schemas/incidents';
import { rcaInput, reportRequestInput, reportSubmitInput } from '../../shared/schemas/reports';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { incidentReportDocument } from '../board/incident-report';
import { eventsAfter } from '../events/event.service';
import { getCutover } from '../runbook/cutover-lookup';
import { ManualClock, rejection, testActor, testAdmin as admin, testCutover } from '../testing';
import { openIncident, setIncidentStatus } from './incident.service';
import { getIncidentReports, recordRca, reportForm, requestReport, submitReport } from './report.service';

const HOUR = 3_600_000;
const ACME = { name: 'Aino Acme', organisation: 'Acme Hosting', email: 'aino@acme.example' };
const BETA = { name: 'Bo Beta', organisation: 'Beta Networks', email: 'bo@beta.example' };

const report = (incident: string, what: string) =>
	reportSubmitInput.parse({
		incident,
		when: '18:02 to 18:40',
		how: 'The load balancer dropped sessions',
		what,
		why: 'A connection limit of 10,000',
		consequences: 'Customers could not sign in for 38 minutes',
		actions: [{ text: 'Raise the limit', owner: 'Acme ops', due: '2026-12-20' }]
	});

describe.each(testDatabases())('supplier reports and the root-cause analysis on $kind', (database) => {
	let app: App;
	let clock: ManualClock;
	let ctx: App;
	const operator = testActor('operator');

	beforeAll(async () => {
		app = await database.open();
		clock = new ManualClock(Date.now());
		ctx = { ...app, clock };
	});
	afterAll(() => database.close());

	async function incident(suppliers = [ACME, BETA]) {
		const cutover = await testCutover(app);
		const opened = await openIncident(
			ctx,
			operator,
			cutover.slug,
			incidentOpenInput.parse({ title: 'Sign-in down', severity: 'P3', suppliers })
		);
		return { slug: cutover.slug, ref: opened.ref };
	}

	const seqOf = async (slug: string) => (await getCutover(app, admin, slug)).lastSeq;

	it('a supplier reports once through their link; a second use, an expired link and another incident are refused', async () => {
		const { slug, ref } = await incident();
		const other = await openIncident(
			ctx,
			operator,
			slug,
			incidentOpenInput.parse({ title: 'Other', severity: 'P4', suppliers: [ACME] })
		);
		const asked = await requestReport(
			ctx,
			operator,
			slug,
			ref,
			reportRequestInput.parse({ email: ACME.email })
		);
		expect(asked.expiresAt).toBe(new Date(clock.now() + 72 * HOUR).toISOString());
		expect(asked.path).toBe(`/report/${asked.token}`);
		// The token is never stored nor logged as such.
		const stored = await app.db.execute(sql`select token_hash from incident_report_requests`);
		expect(JSON.stringify(stored)).not.toContain(asked.token);
		const logged = await eventsAfter(app, (await getCutover(app, admin, slug)).id, 0, 100);
		expect(JSON.stringify(logged)).not.toContain(asked.token);

		const form = await reportForm(ctx, asked.token);
		expect(form).toMatchObject({ ref, title: 'Sign-in down', supplier: ACME, previous: null });

		const before = await seqOf(slug);
		const wrong = await rejection(submitReport(ctx, asked.token, report(other.ref, 'x')));
		expect(wrong).toBeInstanceOf(ForbiddenError);
		expect(wrong.reason).toBe('errors.reportTokenOtherIncident');
		expect(await seqOf(slug)).toBe(before);

		const sent = await submitReport(ctx, asked.token, report(ref, 'Sessions dropped'));
		expect(sent).toMatchObject({ version: 1, supplier: ACME, what: 'Sessions dropped' });
		const again = await rejection(submitReport(ctx, asked.token, report(ref, 'Again')));
		expect(again).toBeInstanceOf(ConflictError);
		expect(again.reason).toBe('errors.reportTokenUsed');
		expect((await rejection(reportForm(ctx, asked.token))).reason).toBe('errors.reportTokenUsed');

		const late = await requestReport(
			ctx,
			operator,
			slug,
			ref,
			reportRequestInput.parse({ email: BETA.email, expiresInSeconds: 60 })
		);
		clock.advance(61_000);
		const afterRequests = await seqOf(slug);
		const expired = await rejection(submitReport(ctx, late.token, report(ref, 'Late')));
		expect(expired.reason).toBe('errors.reportTokenExpired');
		expect(await rejection(submitReport(ctx, 'x'.repeat(43), report(ref, 'x')))).toBeInstanceOf(
			NotFoundError
		);
		expect(await seqOf(slug)).toBe(afterRequests);

		const all = await getIncidentReports(app, admin, slug, ref);
		expect(all.reports).toHaveLength(1);
		expect(all.requests.map((r) => [r.supplier.email, r.usedAt !== null])).toEqual([
			[ACME.email, true],
			[BETA.email, false]
		]);
	});

	it('asks only the incident’s suppliers, and only as someone who may run the incident', async () => {
		const { slug, ref } = await incident([ACME]);
		const stranger = await rejection(
			requestReport(ctx, operator, slug, ref, reportRequestInput.parse({ email: 'eve@example.com' }))
		);
		expect(stranger).toBeInstanceOf(ValidationError);
		expect(stranger.reason).toBe('errors.reportSupplierUnknown');
		expect(
			await rejection(
				requestReport(ctx, testActor('viewer'), slug, ref, reportRequestInput.parse({ email: ACME.email }))
			)
		).toBeInstanceOf(ForbiddenError);
		expect(
			await rejection(recordRca(ctx, testActor('task_owner'), slug, ref, rcaInput.parse(rca('x'))))
		).toBeInstanceOf(ForbiddenError);
	});

	const rca = (cause: string) => ({
		cause,
		contributing: 'No load test at full scale',
		wentWell: 'The MIM was named in two minutes',
		wentBadly: 'Suppliers were reached late',
		actions: [{ text: 'Load test', owner: 'Platform team', due: '2027-01-15' }]
	});

	it('keeps every version of a report and of the analysis; the database refuses to edit one', async () => {
		const { slug, ref } = await incident([ACME]);
		const first = await requestReport(
			ctx,
			operator,
			slug,
			ref,
			reportRequestInput.parse({ email: ACME.email })
		);
		await submitReport(ctx, first.token, report(ref, 'First account'));
		const second = await requestReport(
			ctx,
			operator,
			slug,
			ref,
			reportRequestInput.parse({ email: ACME.email })
		);
		expect((await reportForm(ctx, second.token)).previous?.what).toBe('First account');
		const corrected = await submitReport(ctx, second.token, report(ref, 'Corrected account'));
		expect(corrected.version).toBe(2);
		await recordRca(ctx, operator, slug, ref, rcaInput.parse(rca('A connection limit')));
		const v2 = await recordRca(ctx, operator, slug, ref, rcaInput.parse(rca('A connection limit of 10,000')));
		expect(v2.version).toBe(2);

		const all = await getIncidentReports(app, admin, slug, ref);
		expect(all.reports.map((r) => [r.version, r.what])).toEqual([
			[1, 'First account'],
			[2, 'Corrected account']
		]);
		expect(all.rcas.map((r) => r.version)).toEqual([1, 2]);
		await expect(app.db.execute(sql`update incident_reports set what = 'edited'`)).rejects.toThrow();
		await expect(app.db.execute(sql`delete from incident_rcas`)).rejects.toThrow();
		expect((await getIncidentReports(app, admin, slug, ref)).reports[0].what).toBe('First account');

		const events = await eventsAfter(app, (await getCutover(app, admin, slug)).id, 0, 100);
		expect(events.map((e) => e.type).filter((t) => t.startsWith('incident.r'))).toEqual([
			'incident.report_requested',
			'incident.report_submitted',
			'incident.report_requested',
			'incident.report_submitted',
			'incident.rca_recorded',
			'incident.rca_recorded'
		]);

		// The export: the latest version of each, a note of the earlier, the latest analysis; headings in Finnish.
		await setIncidentStatus(ctx, operator, slug, ref, { status: 'resolved' });
		const doc = await incidentReportDocument(app, admin, slug, ref);
		const fi = incidentReportMarkdown(translator('fi'), doc);
		expect(fi).toContain(`# Häiriöraportti ${ref}: Sign-in down`);
		expect(fi).toContain('## Toimittajien raportit');
		expect(fi).toContain('### Toimittajan Acme Hosting raportti (Aino Acme), versio 2');
		expect(fi).toContain('> Corrected account');
		expect(fi).not.toContain('First account');
		expect(fi).toContain('Aiempi versio on tallessa');
		expect(fi).toContain('## Juurisyyanalyysi');
		expect(fi).toContain('> A connection limit of 10,000');
		expect(fi).toContain('- Load test (vastuu: Platform team, määräpäivä 2027-01-15)');
		expect(fi).toContain('## Aikajana');
	});
});
