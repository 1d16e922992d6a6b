/**
 * Supplier reports through a real HTTP server (the production build, see harness.ts): the MIM asks a supplier for
 * a report, the supplier sends it with the link's token and no account; a used, expired or misdirected token is
 * refused and changes nothing; the root-cause analysis is recorded; the incident report exports as Markdown with
 * headings in the reader's language. Every answer is checked against its row's schema by the harness.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reportRequestCreated, reportView } from '../../src/lib/shared/schemas/reports';
import { TestServer } from './harness';

const golive = new TestServer('golive-reports-');
let admin = '';
const C = '/api/v1/cutovers/go-live';
const HOUR = 3_600_000;
const ACME = { name: 'Aino Acme', organisation: 'Acme Hosting', email: 'aino@acme.example' };

const report = (incident: string, what: string) => ({
	incident,
	when: '18:02 to 18:40',
	how: 'The load balancer dropped sessions',
	what,
	why: 'A connection limit of 10,000',
	consequences: 'Customers could not sign in for 38 minutes',
	actions: [{ text: 'Raise the limit', owner: 'Acme ops', due: '2026-12-20' }]
});

const lastSeq = async () => (await golive.call('GET', C, admin)).body.lastSeq as number;
const reportCount = async (ref: string) =>
	(await golive.call('GET', `${C}/incidents/${ref}/reports`, admin)).body.reports.length as number;

/** A send that must be refused with `status` and `reason`, leaving the log and the reports as they were. */
async function refused(status: number, reason: string, token: string, body: unknown, ref: string) {
	const [seq, count] = [await lastSeq(), await reportCount(ref)];
	const answer = await golive.call('POST', `/api/v1/reports/${token}`, undefined, body);
	expect(answer.status, answer.text).toBe(status);
	expect(answer.body.error.reason).toBe(reason);
	expect(answer.body.error.message).toEqual(expect.any(String));
	expect(await lastSeq()).toBe(seq);
	expect(await reportCount(ref)).toBe(count);
}

async function openIncident(title: string): Promise<string> {
	const opened = await golive.call('POST', `${C}/incidents`, admin, {
		title,
		severity: 'P3',
		suppliers: [ACME]
	});
	expect(opened.status, opened.text).toBe(201);
	return opened.body.ref;
}

async function ask(ref: string, extra: Record<string, unknown> = {}) {
	const asked = await golive.call('POST', `${C}/incidents/${ref}/report-requests`, admin, {
		email: ACME.email,
		...extra
	});
	expect(asked.status, asked.text).toBe(201);
	return reportRequestCreated.parse(asked.body);
}

beforeAll(async () => {
	admin = await golive.tokenFor('setup', 'admin');
	// A server with users (else every page leads to the first-run setup).
	await golive.addUser({ username: 'maija', password: 'report password 1', name: 'Maija MIM' }, 'operator');
	await golive.start();
	const now = Date.now();
	const created = await golive.call('POST', '/api/v1/cutovers', admin, {
		slug: 'go-live',
		name: 'Go live',
		timezone: 'UTC',
		windowStart: new Date(now - HOUR).toISOString(),
		windowEnd: new Date(now + HOUR).toISOString()
	});
	expect(created.status).toBe(201);
}, 600_000);

afterAll(async () => {
	await golive.stop();
});

describe('supplier reports over HTTP', () => {
	it('takes a report once per link, without an account; refuses a used, expired or misdirected token', async () => {
		const ref = await openIncident('Sign-in down');
		const other = await openIncident('Search slow');
		const asked = await ask(ref);
		expect(asked.path).toBe(`/report/${asked.token}`);

		await refused(403, 'errors.reportTokenOtherIncident', asked.token, report(other, 'Wrong one'), ref);
		await refused(404, 'errors.reportTokenUnknown', 'A'.repeat(43), report(ref, 'Guessed'), ref);

		const sent = await golive.call(
			'POST',
			`/api/v1/reports/${asked.token}`,
			undefined,
			report(ref, 'Dropped')
		);
		expect(sent.status, sent.text).toBe(201);
		expect(reportView.parse(sent.body)).toMatchObject({ version: 1, what: 'Dropped', supplier: ACME });

		await refused(409, 'errors.reportTokenUsed', asked.token, report(ref, 'Twice'), ref);

		// A link that lives one second: once its time has passed, it is refused.
		const short = await ask(ref, { expiresInSeconds: 1 });
		await new Promise((resolve) => setTimeout(resolve, Date.parse(short.expiresAt) - Date.now() + 50));
		await refused(409, 'errors.reportTokenExpired', short.token, report(ref, 'Late'), ref);

		// The page the link opens says the same, without an account.
		const page = await fetch(`${golive.base}/report/${asked.token}`, { redirect: 'manual' });
		expect(page.status).toBe(409);
		expect(await page.text()).toContain('already used');
	});

	it('exports the report and the root-cause analysis as Markdown, with headings in Finnish', async () => {
		const ref = await openIncident('Platform crashed at the opening');
		const first = await ask(ref);
		expect(
			(await golive.call('POST', `/api/v1/reports/${first.token}`, undefined, report(ref, 'First account')))
				.status
		).toBe(201);
		const second = await ask(ref);
		expect(
			(
				await golive.call(
					'POST',
					`/api/v1/reports/${second.token}`,
					undefined,
					report(ref, 'Corrected account')
				)
			).status
		).toBe(201);
		const rca = await golive.call('POST', `${C}/incidents/${ref}/rca`, admin, {
			cause: 'A connection limit of 10,000 on the load balancer',
			contributing: 'No load test at full scale',
			wentWell: 'The MIM was named in two minutes',
			wentBadly: 'Suppliers were reached late',
			actions: [{ text: 'Load test', owner: 'Platform team', due: '2027-01-15' }]
		});
		expect(rca.status, rca.text).toBe(201);

		const fi = await golive.call('GET', `${C}/incidents/${ref}/report?format=md&lang=fi`, admin);
		expect(fi.status).toBe(200);
		expect(fi.headers.get('content-type')).toContain('text/markdown');
		expect(fi.text).toContain(`# Häiriöraportti ${ref}: Platform crashed at the opening`);
		expect(fi.text).toContain('## Aikajana');
		expect(fi.text).toContain('## Toimittajien raportit');
		expect(fi.text).toContain('> Corrected account');
		expect(fi.text).not.toContain('First account');
		expect(fi.text).toContain('Aiempi versio on tallessa');
		expect(fi.text).toContain('## Juurisyyanalyysi');
		expect(fi.text).toContain('> A connection limit of 10,000 on the load balancer');

		// Without lang, the Accept-Language header chooses.
		const res = await fetch(`${golive.base}${C}/incidents/${ref}/report`, {
			headers: { authorization: `Bearer ${admin}`, 'accept-language': 'sv-FI,sv;q=0.9' }
		});
		const sv = await res.text();
		expect(sv).toContain('## Rotorsaksanalys');
		expect(sv).toContain('## Leverantörernas rapporter');
	});
});
