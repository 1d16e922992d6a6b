/**
 * The process-wide app: one database handle and one event bus. Kept on a globalThis symbol for Vite's dev and
 * preview servers, where the realtime plugin loads this module apart from SvelteKit's server modules, and the dev
 * server loads those again after an edit: there must still be one app (one open database) per process. The build
 * has one module graph (see server-build.js) and would not need it.
 */
import { openDatabase, type Database } from './db/client';
import { systemClock } from './clock';
import type { Ctx } from './context';
import { env, publicBaseUrl } from './env';
import { AccessWatch } from './auth/access-watch';
import { Throttle } from './auth/throttle';
import { SnapshotCache } from './board/snapshot-cache';
import { StatusCache } from './status/status-cache';
import { ProgressCache } from './progress/progress-cache';
import { CutoverCache } from './runbook/cutover-cache';
import { Lease, LEASES } from './db/lease';
import { EventBus } from './events/event-bus';
import { relayEvents } from './events/event-relay';
import { createForecastRunner } from './forecast/forecast-runner';
import { ForecastScheduler } from './forecast/forecast.service';
import { ensureSampleCutover } from './sample/sample.service';
import { CoalescingFeed } from './events/coalescing-feed';
import { METRICS_EVERY_MS, MetricStorageKeeper, publishMetrics } from './metrics/metric.service';
import { GateWatcher } from './opening/gate-watcher';
import { SourcePuller } from './metrics/source-puller';
import { ProgressFeed } from './transfers/progress-feed';
import { publishProgress } from './transfers/transfer.service';
import { log } from './observability/log';
import { WebhookDispatcher } from './webhooks/webhook.dispatcher';
import { createMailTransport } from './subscriptions/mail-transport';
import { SubscriptionSender } from './subscriptions/subscription.sender';
import { NoticeScheduler } from './notices/notice-scheduler';
import { ProgrammeScheduler } from './programmes/programme-scheduler';

export interface App extends Ctx {
	database: Database;
	snapshots: SnapshotCache;
	cutovers: CutoverCache;
	/** The public status page, rendered once per change and served from memory (status/status-cache.ts). */
	status: StatusCache;
	/** Programmes' public progress views, rendered once per change and served from memory (progress/). */
	progressViews: ProgressCache;
	/** Keeps forecasts current; null where forecasts are not wanted (CLI, most tests) or another instance holds the lease. */
	forecasts: ForecastScheduler | null;
	/** The forecast lease, when forecasts are wanted: this instance forecasts only while it holds it. */
	forecastLease: Lease | null;
	/** The lease of metric storage (rollups and retention), when wanted: one instance of the cluster keeps it. */
	metricStorageLease: Lease | null;
	/** The lease of the opening gates' evaluation, when wanted: one instance of the cluster evaluates them. */
	openingGateLease: Lease | null;
	/** The lease of webhook deliveries, when wanted: one instance of the cluster sends them. */
	webhookLease: Lease | null;
	/** The lease of metric source pulls, when wanted: one instance of the cluster pulls every source. */
	metricSourceLease: Lease | null;
	/** The lease of the subscribers' outbox, when wanted: one instance of the cluster sends it. */
	subscriptionLease: Lease | null;
	/** The lease of the notice scheduler, when wanted: one instance publishes scheduled notices and moves maintenances. */
	noticeLease: Lease | null;
	/** The lease of programmes' clock work, when wanted: one instance announces downtimes and takes each week's snapshot. */
	programmeLease: Lease | null;
	/** Pulls the metric sources; null where pulls are not wanted or another instance holds the lease. */
	sourcePuller: SourcePuller | null;
	close(): Promise<void>;
}

const KEY = Symbol.for('golive.app');
type Holder = { [KEY]?: Promise<App> };

/** Opens and migrates a database and wires the bus; used by the server and by tests (with their own DB). */
export async function createApp(options: {
	url?: string;
	dataDir?: string | null;
	sample?: boolean;
	/** Recompute and publish forecasts (the server does; tests that count events may not want them). */
	forecasts?: boolean;
	/** How often an instance without the forecast lease tries to take it (and the holder checks it). */
	leaseEveryMs?: number;
	/** Roll up and prune metric samples on the clock (the server does; tests call keepMetricStorage themselves). */
	metricStorage?: boolean;
	/** Evaluate the opening gates on the clock (the server does; tests call watchGate themselves). */
	openingGates?: boolean;
	/** Send webhooks (the server does; tests run a dispatcher of their own on their own clock). */
	webhooks?: boolean;
	/** Pull the metric sources on the clock (the server does; most tests pull themselves). */
	metricSources?: boolean;
	/** Send the subscribers' outbox (the server does; tests run a sender of their own on their own clock). */
	subscriptions?: boolean;
	/** Publish scheduled notices and move maintenances on the clock (the server does; tests run their own). */
	notices?: boolean;
	/** Run programmes' clock work: announcements, reminders, weekly snapshots (the server does; tests run their own). */
	programmes?: boolean;
}): Promise<App> {
	const database = await openDatabase(options);
	try {
		await database.migrate();
		const e = env();
		const app: App = {
			database,
			db: database.db,
			dbKind: database.kind,
			clock: systemClock,
			bus: new EventBus(),
			access: new AccessWatch(),
			throttle: new Throttle(database.db),
			progress: new ProgressFeed((cutoverId, keys) => publishProgress(app, cutoverId, keys)),
			metricFeed: new CoalescingFeed(
				'metric readings',
				(cutoverId, keys) => publishMetrics(app, cutoverId, keys),
				METRICS_EVERY_MS
			),
			snapshots: new SnapshotCache(),
			cutovers: new CutoverCache(),
			status: new StatusCache({ db: database.db, clock: systemClock }, e.ORIGIN ?? ''),
			progressViews: new ProgressCache({ db: database.db, clock: systemClock }),
			lifecycle: { draining: false },
			forecasts: null,
			forecastLease: null,
			metricStorageLease: null,
			openingGateLease: null,
			webhookLease: null,
			metricSourceLease: null,
			subscriptionLease: null,
			noticeLease: null,
			programmeLease: null,
			sourcePuller: null,
			close: async () => {
				app.status.close();
				app.progressViews.close();
				// Pulls end first: their samples go to the feed flushed next.
				await app.metricSourceLease?.close();
				await app.progress.flush();
				await app.metricFeed.flush();
				await app.forecastLease?.close();
				await app.metricStorageLease?.close();
				await app.openingGateLease?.close();
				await app.webhookLease?.close();
				await app.subscriptionLease?.close();
				await app.noticeLease?.close();
				await app.programmeLease?.close();
				app.throttle.close();
				await database.close();
			}
		};
		await app.access.start(database);
		await relayEvents(database, app.bus);
		app.status.watch(app.bus);
		app.progressViews.watch(app.bus);
		// The cache learns each new seq from the bus, so it never hands out a board older than one it has seen.
		// The row cache drops a cutover at each of its events: its seq moved, and maybe its window or name.
		app.bus.subscribe((cutoverId, event) => {
			app.snapshots.noteSeq(cutoverId, event.seq);
			app.cutovers.forget(cutoverId);
		});
		if (options.forecasts) {
			const settings = {
				samples: e.GOLIVE_FORECAST_SAMPLES,
				threshold: e.GOLIVE_FORECAST_THRESHOLD,
				// The demo plays its cutover at GOLIVE_DEMO_SPEED: its margin is in the demo's time too.
				marginMinutes: e.GOLIVE_FORECAST_MARGIN_MINUTES / (e.GOLIVE_DEMO ? e.GOLIVE_DEMO_SPEED : 1),
				debounceMs: e.GOLIVE_FORECAST_DEBOUNCE_MS,
				maxWaitMs: Math.max(10_000, e.GOLIVE_FORECAST_DEBOUNCE_MS),
				refreshMs: e.GOLIVE_FORECAST_REFRESH_SECONDS * 1000
			};
			// One instance of the cluster forecasts; another takes over when it is gone.
			app.forecastLease = await new Lease(
				database,
				LEASES.forecast,
				(takeover) => {
					const scheduler = new ForecastScheduler(app, createForecastRunner(), settings).start();
					app.forecasts = scheduler;
					// Taken over from an instance that is gone: its last changes may not be forecast yet.
					if (takeover)
						void scheduler.refreshOpen().catch((err) => log.error({ err }, 'forecast refresh failed'));
					return async () => {
						if (app.forecasts === scheduler) app.forecasts = null;
						await scheduler.close();
					};
				},
				options.leaseEveryMs
			).begin();
		}
		if (options.metricStorage) {
			const settings = {
				rawHours: e.GOLIVE_SAMPLES_RAW_HOURS,
				retentionDays: e.GOLIVE_SAMPLES_RETENTION_DAYS
			};
			app.metricStorageLease = await new Lease(
				database,
				LEASES.metricStorage,
				() => {
					const keeper = new MetricStorageKeeper(app, settings).start();
					void keeper.run();
					return () => keeper.close();
				},
				options.leaseEveryMs
			).begin();
		}
		if (options.openingGates)
			app.openingGateLease = await new Lease(
				database,
				LEASES.openingGates,
				() => {
					const watcher = new GateWatcher(app).start();
					void watcher.run();
					return () => watcher.close();
				},
				options.leaseEveryMs
			).begin();
		if (options.webhooks)
			app.webhookLease = await new Lease(
				database,
				LEASES.webhooks,
				() => {
					const dispatcher = new WebhookDispatcher(app).start();
					// Taken over or just started: whatever is due goes now.
					void dispatcher.run();
					return () => dispatcher.close();
				},
				options.leaseEveryMs
			).begin();
		if (options.subscriptions)
			app.subscriptionLease = await new Lease(
				database,
				LEASES.subscriptions,
				() => {
					const mail = createMailTransport(e.GOLIVE_SMTP_URL);
					const sender = new SubscriptionSender(app, {
						mail,
						from: e.GOLIVE_MAIL_FROM,
						baseUrl: publicBaseUrl(e),
						rate: e.GOLIVE_SEND_RATE
					}).start();
					// Taken over or just started: what the instance before left queued goes now.
					void sender.run();
					return async () => {
						await sender.close();
						mail?.close();
					};
				},
				options.leaseEveryMs
			).begin();
		if (options.metricSources) {
			app.metricSourceLease = await new Lease(
				database,
				LEASES.metricSources,
				() => {
					const puller = new SourcePuller(app).start();
					app.sourcePuller = puller;
					// What the instance before left due is pulled at once, not a round later.
					void puller.run();
					return async () => {
						if (app.sourcePuller === puller) app.sourcePuller = null;
						await puller.close();
					};
				},
				options.leaseEveryMs
			).begin();
		}
		if (options.notices)
			app.noticeLease = await new Lease(
				database,
				LEASES.noticeScheduler,
				() => {
					const scheduler = new NoticeScheduler(app).start();
					// Whatever fell due while no instance held the lease goes now.
					void scheduler.run();
					return () => scheduler.close();
				},
				options.leaseEveryMs
			).begin();
		if (options.programmes)
			app.programmeLease = await new Lease(
				database,
				LEASES.programmes,
				() => {
					const scheduler = new ProgrammeScheduler(app).start();
					void scheduler.run();
					return () => scheduler.close();
				},
				options.leaseEveryMs
			).begin();
		if (options.sample) await ensureSampleCutover(app);
		return app;
	} catch (err) {
		await database.close().catch(() => {});
		throw err;
	}
}

/** The app of this process, created on first use from the environment. */
export function getApp(): Promise<App> {
	const holder = globalThis as Holder;
	if (!holder[KEY]) {
		const e = env();
		holder[KEY] = createApp({
			url: e.DATABASE_URL,
			dataDir: e.DATA_DIR,
			sample: e.GOLIVE_SAMPLE,
			forecasts: true,
			metricStorage: true,
			openingGates: true,
			webhooks: true,
			metricSources: true,
			subscriptions: true,
			notices: true,
			programmes: true
		}).catch((err) => {
			// Never cache a failed open: the next request tries again.
			delete holder[KEY];
			throw err;
		});
	}
	return holder[KEY];
}

/** Closes the process's app (on SIGTERM), so PGlite flushes cleanly and seqs never jump after a restart. */
export async function closeApp(): Promise<void> {
	const holder = globalThis as Holder;
	const pending = holder[KEY];
	delete holder[KEY];
	if (pending) await (await pending.catch(() => null))?.close();
}
