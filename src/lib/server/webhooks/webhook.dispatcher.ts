/**
 * Sends each enabled endpoint the cutover's events of its types, in seq order, signed (Standard Webhooks). The
 * event log is the outbox: an endpoint's cursor says how far it is done, so the write path does nothing extra.
 * It learns of new events from the bus and polls besides (retries fall due, other instances commit); one
 * instance of the cluster runs it, under a lease (see app.ts).
 *
 * Order: an endpoint's messages go one at a time, in seq order; a message that fails holds the later ones back
 * while it is retried (for about 17.5 hours at most), so a receiver never sees "step back" before "advance".
 * After its last attempt fails, the endpoint is disabled with a `webhook.disabled` event; enabling it again
 * resumes at that message. Every message carries its seq too, so a receiver may drop one older than it has seen.
 */
import { matchesFilters, MAX_ATTEMPTS, retryDelay } from '../../shared/webhooks/schedule';
import type { CutoverEvent } from '../../shared/events';
import { systemActor } from '../auth/actor';
import { systemClock, type Clock } from '../clock';
import type { Ctx } from '../context';
import { eventsAfter, writeCutover } from '../events/event.service';
import { log } from '../observability/log';
import { Rounds } from '../rounds';
import { sendMessage } from './send';
import * as q from './webhook.queries';
import { endpointToView } from './views';
import { logAttempt, messageOf, WEBHOOK_TIMEOUT_MS } from './webhook.service';

export interface DispatcherOptions {
	clock?: Clock;
	timeoutMs?: number;
	/** How many endpoints are sent to at once. */
	concurrency?: number;
	/** How often it looks for due work without being told. */
	pollMs?: number;
	/** Spreads a retry's wait (default: up to 10 % either way), so endpoints that failed together do not retry together. */
	jitter?: (ms: number) => number;
}

/** Events read per query while an endpoint catches up. */
const READ_BATCH = 200;
/** Messages one endpoint is sent in one round, so a long backlog does not hold the others. */
const MESSAGES_PER_ROUND = 100;

const defaultJitter = (ms: number) => Math.round(ms * (0.9 + Math.random() * 0.2));

export const messageIdOf = (cutoverId: string, seq: number) => `msg_${cutoverId.replaceAll('-', '')}_${seq}`;

export class WebhookDispatcher {
	readonly #clock: Clock;
	readonly #timeoutMs: number;
	readonly #concurrency: number;
	readonly #pollMs: number;
	readonly #jitter: (ms: number) => number;
	readonly #rounds: Rounds;

	constructor(
		private readonly ctx: Ctx,
		options: DispatcherOptions = {}
	) {
		this.#clock = options.clock ?? systemClock;
		this.#timeoutMs = options.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
		this.#concurrency = options.concurrency ?? 4;
		this.#pollMs = options.pollMs ?? 5_000;
		this.#jitter = options.jitter ?? defaultJitter;
		this.#rounds = new Rounds({
			clock: this.#clock,
			everyMs: this.#pollMs,
			round: () => this.#round(),
			failed: 'webhook round failed',
			wakeOn: { bus: ctx.bus, when: () => true }
		});
	}

	start(): this {
		this.#rounds.start();
		return this;
	}

	/**
	 * One round over the endpoints with due work. Asked while one runs, it runs once more after it (the news may
	 * have come after that round read its endpoints); the promise settles when no round is left to run.
	 */
	run = (): Promise<void> => this.#rounds.run();
	close = (): Promise<void> => this.#rounds.close();

	async #round(): Promise<void> {
		const due = await q.dueEndpoints(this.ctx.db, new Date(this.#clock.now()));
		let next = 0;
		const worker = async () => {
			while (next < due.length && !this.#rounds.closed) {
				const endpoint = due[next++];
				await this.#serve(endpoint).catch((err) =>
					log.error({ err, endpoint: endpoint.id }, 'webhook delivery failed')
				);
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.#concurrency, due.length) }, worker));
	}

	/** Sends one endpoint its messages in order until it is done, a message fails, or the round's share is used. */
	async #serve(endpoint: q.DueEndpoint): Promise<void> {
		let cursor = endpoint.cursorSeq;
		let failed = endpoint.failedAttempts;
		for (let sent = 0; sent < MESSAGES_PER_ROUND && !this.#rounds.closed;) {
			const events = await eventsAfter(this.ctx, endpoint.cutoverId, cursor, READ_BATCH);
			const event = events.find((e) => matchesFilters(endpoint.events, e.type));
			if (!event) {
				if (events.length > 0) await q.advanceCursor(this.ctx.db, endpoint.id, events.at(-1)!.seq);
				if (events.length < READ_BATCH) return;
				cursor = events.at(-1)!.seq;
				continue;
			}
			if (!(await this.#attempt(endpoint, event, failed + 1))) return;
			cursor = event.seq;
			failed = 0;
			sent++;
		}
	}

	/** One attempt of one message; true when delivered. */
	async #attempt(endpoint: q.DueEndpoint, event: CutoverEvent, attempt: number): Promise<boolean> {
		const now = this.#clock.now();
		const message = messageOf(messageIdOf(endpoint.cutoverId, event.seq), event.type, now, {
			cutover: endpoint.slug,
			seq: event.seq,
			actor: event.actor.name,
			payload: event.data
		});
		const result = await sendMessage(endpoint, message, now, this.#timeoutMs);
		const delay = result.ok ? null : retryDelay(attempt);
		const nextAttemptAt = delay === null ? null : this.#clock.now() + this.#jitter(delay);
		const outcome = result.ok ? 'delivered' : nextAttemptAt === null ? 'failed' : 'retrying';
		const base = { endpointId: endpoint.id, message, seq: event.seq, attempt, at: now, result };
		await logAttempt(this.ctx.db, { ...base, outcome, nextAttemptAt });
		if (result.ok) await q.advanceCursor(this.ctx.db, endpoint.id, event.seq);
		else if (nextAttemptAt !== null)
			await q.noteFailure(this.ctx.db, endpoint.id, attempt, new Date(nextAttemptAt));
		else await this.#disable(endpoint, event.seq, result.error);
		return result.ok;
	}

	/** The last attempt failed: the endpoint stops, and the room hears of it in its activity feed. */
	async #disable(endpoint: q.DueEndpoint, seq: number, error: string | null): Promise<void> {
		log.warn(
			{ endpoint: endpoint.id, seq, attempts: MAX_ATTEMPTS },
			'webhook endpoint disabled after failing'
		);
		await writeCutover(this.ctx, systemActor('webhooks'), endpoint.cutoverId, async (w) => {
			const current = await q.endpointById(w.tx, endpoint.cutoverId, endpoint.id);
			if (!current?.enabled) return;
			const row = await q.updateEndpoint(w.tx, current.id, {
				enabled: false,
				disabledReason: 'failing',
				failedAttempts: MAX_ATTEMPTS,
				nextAttemptAt: null,
				version: current.version + 1
			});
			w.record('webhook.disabled', { webhook: endpointToView(row), seq, error });
		});
	}
}
