/**
 * One pull of a metric source: fetch it (a scrape: its exposition page; a query source: one instant query per
 * metric), read each of its metrics' value, keep them as samples through the path pushes take (`keepSamples`:
 * the same checks, one insert, the same feed and breach judging), and record how the pull went. Any failure
 * (no answer within the timeout, a refused connection, an HTTP error, a page or an answer that does not parse,
 * a selector that matches nothing, a non-finite value) turns the source down with the reason; the readings that
 * were had are kept all the same.
 */
import { parseSelector, sumSelected } from '../../shared/metrics/selector';
import type { SourceView } from '../../shared/schemas/metric-sources';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { MetricSourceRow } from '../db/schema';
import { NotFoundError } from '../errors';
import { log } from '../observability/log';
import { findCutover } from '../runbook/cutover-lookup';
import { readExposition } from './exposition';
import { keepSamples } from './metric.service';
import { instantQueryUrl, readQueryAnswer, type Reading } from './promql';
import * as q from './source.queries';
import { recordPull } from './source.service';
import { sourceToView } from './views';

interface Fed {
	key: string;
	selector: string | null;
}

/** The most of a failure's reason kept (an HTML error page says nothing more past it). */
const REASON_CHARS = 300;

/** Pulls a source once at `at` and records the outcome. */
export async function pullSource(ctx: Ctx, source: MetricSourceRow, at: number): Promise<void> {
	const fed = await q.metricsOfSource(ctx.db, source.cutoverId, source.key);
	let readings: MetricReading[] = [];
	let failure: string | null = null;
	try {
		readings = await readSource(source, fed, at);
	} catch (err) {
		failure = failureOf(err, source.timeoutMs);
	}
	const samples = readings.flatMap((r) => ('value' in r ? [{ metric: r.metric, at, value: r.value }] : []));
	const problems = failure
		? [failure]
		: readings.flatMap((r) => ('problem' in r ? [`${r.metric}: ${r.problem}`] : []));
	if (samples.length)
		await keepSamples(ctx, source.cutoverId, samples, at).catch((err) =>
			// A metric removed or moved since it was read: the next pull reads the metrics again.
			log.warn({ err, source: source.key }, 'pulled samples not kept')
		);
	const problem = problems.length ? problems.join('; ').slice(0, REASON_CHARS) : null;
	await recordPull(ctx, source, at, problem);
}

/** Pulls a source now, outside its schedule (to test it), and answers how it went. */
export async function pullSourceNow(ctx: Ctx, actor: Actor, slug: string, key: string): Promise<SourceView> {
	require(actor, 'runbook.edit', 'pull metric sources');
	const cutover = await findCutover(ctx, actor, slug);
	const source = await q.sourceByKey(ctx.db, cutover.id, key);
	if (!source) throw new NotFoundError({ reason: 'errors.sourceNotFound', params: { key } });
	await pullSource(ctx, source, ctx.clock.now());
	return sourceToView((await q.sourceById(ctx.db, source.id)) ?? source);
}

type MetricReading = { metric: string } & Reading;

/**
 * Each fed metric's reading. A source that feeds none is still fetched (a scrape: its page; a query source: the
 * query `1`), so "pull now" tests a source before its metrics are defined.
 */
async function readSource(source: MetricSourceRow, fed: Fed[], at: number): Promise<MetricReading[]> {
	if (source.kind === 'scrape') {
		const series = readExposition(await fetchText(source.url, source.timeoutMs, 'text/plain;version=0.0.4'));
		return fed.map((m) => {
			const selector = parseSelector(m.selector ?? '');
			if ('problem' in selector) return { metric: m.key, problem: `selector ${selector.problem}` };
			const value = sumSelected(selector, series);
			if (value === null) return { metric: m.key, problem: `no series matches ${m.selector}` };
			if (!Number.isFinite(value))
				return { metric: m.key, problem: `${m.selector} reads ${value}: no reading` };
			return { metric: m.key, value };
		});
	}
	// A query Prometheus refuses (a 400 with its reason) is that metric's problem; no answer at all is the source's.
	const query = (expression: string) =>
		fetchText(instantQueryUrl(source.url, expression, at), source.timeoutMs).then(
			(body) => readQueryAnswer(JSON.parse(body)),
			(err: unknown) => {
				if (err instanceof QueryRefused) return { problem: err.message };
				throw err;
			}
		);
	if (fed.length === 0) {
		const answer = await query('1');
		if ('problem' in answer) throw new Error(answer.problem);
		return [];
	}
	return Promise.all(fed.map(async (m) => ({ metric: m.key, ...(await query(m.selector ?? '')) })));
}

/** Prometheus's refusal of a query: an HTTP error whose body is its JSON answer with the reason. */
class QueryRefused extends Error {}

/**
 * The body of a GET, within the timeout. An HTTP error is a failure, a redirect too: the server fetches only the
 * URL an editor gave, not one it is sent on to.
 */
async function fetchText(url: string, timeoutMs: number, accept = 'application/json'): Promise<string> {
	const response = await fetch(url, {
		headers: { accept },
		redirect: 'manual',
		signal: AbortSignal.timeout(timeoutMs)
	});
	const body = await response.text();
	if (response.ok) return body;
	const refusal = refusalIn(body);
	if (refusal) throw new QueryRefused(refusal);
	throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
}

function refusalIn(body: string): string | null {
	try {
		const reading = readQueryAnswer(JSON.parse(body));
		return 'problem' in reading ? reading.problem : null;
	} catch {
		return null;
	}
}

/** A failure as the source's reason says it. */
function failureOf(err: unknown, timeoutMs: number): string {
	if (!(err instanceof Error)) return String(err);
	if (err.name === 'TimeoutError' || err.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
	const cause = (err as { cause?: { code?: string; message?: string } }).cause;
	if (cause?.code === 'ECONNREFUSED') return 'connection refused';
	if (err instanceof SyntaxError) return 'the answer is not JSON';
	return cause?.message ?? err.message;
}
