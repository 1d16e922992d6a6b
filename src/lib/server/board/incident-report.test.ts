import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { translator } from '../../shared/i18n';
import { incidentReportMarkdown } from '../../shared/incidents/report-doc';
import { incidentOpenInput, serviceCreateInput } from '../../shared/schemas/incidents';
import { metricCreateInput, metricSamplesInput } from '../../shared/schemas/metrics';
import type { App } from '../app';
import { testDatabases } from '../db/test-db';
import { createService } from '../incidents/catalogue.service';
import { openIncident } from '../incidents/incident.service';
import { createMetric, pushSamples } from '../metrics/metric.service';
import { testAdmin as admin, testCutover } from '../testing';
import { incidentReportDocument } from './incident-report';

const MINUTE = 60_000;

describe.each(testDatabases())('the incident report with the metrics of its span, on $kind', (database) => {
	let app: App;

	beforeAll(async () => {
		app = await database.open();
	});
	afterAll(() => database.close());

	it('carries the readings of the metrics measuring what the incident hurt, over its span, and says so in Markdown', async () => {
		const { slug } = await testCutover(app);
		for (const [key, name] of [
			['customer', 'Customer e-services'],
			['cases', 'Case handling']
		])
			await createService(app, admin, slug, serviceCreateInput.parse({ key, name }));
		const define = (key: string, services: string[]) =>
			createMetric(
				app,
				admin,
				slug,
				metricCreateInput.parse({ key, name: key, unit: 'users', warning: 40, critical: 50, services })
			);
		await define('users', ['customer']);
		await define('queue', []);
		const now = Date.now();
		const samples = Array.from({ length: 20 }, (_, i) => ({
			metric: 'users',
			at: now - (19 - i) * MINUTE,
			value: i === 15 ? 55 : 30
		}));
		await pushSamples(app, admin, slug, metricSamplesInput.parse({ samples }));

		const hurt = await openIncident(
			app,
			admin,
			slug,
			incidentOpenInput.parse({
				title: 'Sign-in slow',
				severity: 'P3',
				affected: [{ service: 'customer', impact: 'degraded_performance' }],
				startedAt: new Date(now - 8 * MINUTE).toISOString()
			})
		);
		const doc = await incidentReportDocument(app, admin, slug, hurt.ref);
		expect(doc.metrics.map((m) => m.key)).toEqual(['users']);
		const [users] = doc.metrics;
		// From ten minutes before its start to now (it is not resolved): the readings of that stretch only.
		expect(Date.parse(users!.from)).toBe(now - 18 * MINUTE);
		expect(users!.points.length).toBeGreaterThan(10);
		expect(users!.points.every((p) => p[0] >= now - 18 * MINUTE - MINUTE)).toBe(true);
		expect(Math.max(...users!.points.map((p) => p[3]))).toBe(55);
		const md = incidentReportMarkdown(translator('en'), doc);
		expect(md).toContain('## Metrics during the incident');
		expect(md).toContain('warning line 40 users, critical line 50 users');
		expect(md).toContain('| From | Highest | Average |');
		expect(md).toMatch(/\| 55 users \|/);

		const elsewhere = await openIncident(
			app,
			admin,
			slug,
			incidentOpenInput.parse({
				title: 'Case queue stuck',
				severity: 'P4',
				affected: [{ service: 'cases', impact: 'partial_outage' }]
			})
		);
		const none = await incidentReportDocument(app, admin, slug, elsewhere.ref);
		expect(none.metrics).toEqual([]);
		expect(incidentReportMarkdown(translator('fi'), none)).toContain('Häiriöön ei liity mittaria');
	});
});
