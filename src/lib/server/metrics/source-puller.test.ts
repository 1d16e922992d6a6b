/** The metric source lease: two instances on one PostgreSQL, one pulling; the other takes over when it is gone. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceCreateInput } from '../../shared/schemas/metric-sources';
import { metricCreateInput } from '../../shared/schemas/metrics';
import { createApp, type App } from '../app';
import { createPostgresDatabase, postgresReachable } from '../db/test-db';
import { eventually, testAdmin as admin, testCutover } from '../testing';
import { startExporter, type TestExporter } from '../testing/exporter';
import { createMetric } from './metric.service';
import { PULL_ROUND_MS } from './source-puller';
import { createSource, listSources } from './source.service';

const LEASE_EVERY_MS = 200;
const INTERVAL_S = 5;

describe.runIf(postgresReachable())('the metric source lease, two instances on one PostgreSQL', () => {
	let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
	let exporter: TestExporter;
	const apps: App[] = [];
	beforeAll(async () => {
		exporter = await startExporter();
		exporter.users.set(42);
		database = await createPostgresDatabase();
		for (let i = 0; i < 2; i++)
			apps.push(await createApp({ url: database.url, metricSources: true, leaseEveryMs: LEASE_EVERY_MS }));
	});
	afterAll(async () => {
		for (const app of apps) await app.close();
		await database?.drop();
		await exporter?.stop();
	});

	it('lets one instance pull, and hands the pulls to the other within a pull interval when the holder is gone', async () => {
		expect(apps.map((a) => a.sourcePuller !== null).sort()).toEqual([false, true]);
		const holder = apps.find((a) => a.sourcePuller !== null)!;
		const other = apps.find((a) => a !== holder)!;
		const { slug } = await testCutover(other);
		const source = { key: 'app', kind: 'scrape', url: exporter.url, intervalSeconds: INTERVAL_S };
		await createSource(other, admin, slug, sourceCreateInput.parse(source));
		await createMetric(
			other,
			admin,
			slug,
			metricCreateInput.parse({ key: 'users', name: 'Users', source: 'app', selector: 'app_logged_in_users' })
		);
		const lastPull = async () => (await listSources(other, admin, slug))[0].lastPullAt;
		// The holder pulls the new source at its next round, though the other instance defined it.
		expect(await eventually(async () => (await lastPull()) !== null, 5_000, 50)).toBe(true);
		const pulledBefore = Date.parse((await lastPull())!);

		await holder.close();
		apps.splice(apps.indexOf(holder), 1);
		expect(await eventually(() => other.sourcePuller !== null, 10 * LEASE_EVERY_MS)).toBe(true);
		// The next pull is the other instance's, due one interval after the holder's last.
		const due = pulledBefore + INTERVAL_S * 1000;
		const slack = PULL_ROUND_MS + 10 * LEASE_EVERY_MS;
		let pulled = pulledBefore;
		const taken = await eventually(
			async () => (pulled = Date.parse((await lastPull())!)) > pulledBefore,
			due + slack - Date.now(),
			50
		);
		expect(taken).toBe(true);
		expect(pulled).toBeLessThanOrEqual(due + slack);
		expect((await listSources(other, admin, slug))[0].state).toBe('up');
	}, 20_000);
});
