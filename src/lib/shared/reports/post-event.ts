/**
 * The post-event report of a cutover or a wave, pure: planned against actual per phase and per task (the longest
 * overruns first), how the forecast moved against the real end, the window's changes, the decisions, incidents
 * and notices with their times, and (for a wave) the testers' sign-offs. Headings in the reader's language; the
 * Markdown export and the print page say the same from `postEventModel`.
 */
import { md, quote, table } from '../decision-log';
import type { Translate } from '../i18n';
import type { DecisionView, OutcomeView, WindowChangeView } from '../schemas/decisions';
import type { IncidentView } from '../schemas/incidents';
import type { NoticeView } from '../schemas/notices';
import { isMoved, type SystemStage } from '../programmes/rules';
import type { SignoffView, WaveSystemSignoffs } from '../schemas/programmes';
import type { BoardTask, CutoverView, PhaseView } from '../schemas/runbook';
import type { ForecastPoint } from '../schemas/transfers';
import { toZonedIso } from '../time';

const MINUTE = 60_000;

export interface PostEventInput {
	cutover: CutoverView;
	phases: readonly PhaseView[];
	tasks: readonly BoardTask[];
	forecastHistory: readonly ForecastPoint[];
	windowHistory: readonly WindowChangeView[];
	decisions: readonly DecisionView[];
	incidents: readonly IncidentView[];
	notices: readonly NoticeView[];
	/** A wave's systems with their sign-offs; null for a cutover that is not a wave. */
	signoffs: readonly WaveSystemSignoffs[] | null;
}

export interface TaskLine {
	key: string;
	title: string;
	phase: string;
	plannedMinutes: number;
	/** Minutes it took; null when it did not finish. */
	actualMinutes: number | null;
	/** Actual minus planned; null when it did not finish. */
	overrunMinutes: number | null;
}

export interface PhaseLine {
	name: string;
	plannedMinutes: number;
	actualMinutes: number | null;
	start: string | null;
	end: string | null;
	done: number;
	tasks: number;
}

/** A system of the wave in the report: its testers' words, and who has not answered yet. */
export interface SignoffSystemLine {
	key: string;
	name: string;
	stage: SystemStage;
	/** Every word recorded on it in the wave, oldest first. */
	signoffs: SignoffView[];
	/** The testers (names) whose word the system still waits for: moved, and they have not answered. */
	waitingFor: string[];
	/** Its move is not done yet: it cannot be signed off. */
	notMoved: boolean;
}

const STAGE_ORDER: Record<SystemStage, number> = {
	problems: 0,
	moved: 1,
	moving: 2,
	planned: 3,
	unplanned: 4,
	migrated: 5
};

/** A wave's systems for its report: problems first, then those waiting, the migrated last; by key within. */
export function signoffLines(systems: readonly WaveSystemSignoffs[]): SignoffSystemLine[] {
	return systems
		.map((s) => ({
			key: s.key,
			name: s.name,
			stage: s.stage,
			signoffs: [...s.signoffs].sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
			waitingFor: isMoved(s.stage)
				? s.testers.filter((t) => !s.verdicts[t.email.toLowerCase()]).map((t) => t.name)
				: [],
			notMoved: !isMoved(s.stage)
		}))
		.sort((a, b) => STAGE_ORDER[a.stage] - STAGE_ORDER[b.stage] || a.key.localeCompare(b.key));
}

export interface PostEventModel {
	cutover: CutoverView;
	plannedEnd: string;
	finalWindowEnd: string;
	/** When the last task finished; null while any is unfinished. */
	actualEnd: string | null;
	phases: PhaseLine[];
	/** Finished tasks, the longest overrun first; then the unfinished ones. */
	tasks: TaskLine[];
	forecast: ForecastPoint[];
	windowChanges: WindowChangeView[];
	decisions: {
		key: string;
		title: string;
		outcome: OutcomeView['kind'] | null;
		by: string | null;
		at: string | null;
	}[];
	incidents: { ref: string; title: string; severity: string; openedAt: string; resolvedAt: string | null }[];
	notices: { ref: string; kind: string; publishedAt: string | null; title: string }[];
	/** The wave's systems and their sign-offs; null for a cutover that is not a wave (no such section). */
	signoffs: SignoffSystemLine[] | null;
}

const minutesBetween = (start: string, end: string) =>
	Math.round((Date.parse(end) - Date.parse(start)) / MINUTE);

export function postEventModel(input: PostEventInput, lang: 'fi' | 'sv' | 'en' = 'en'): PostEventModel {
	const lines: TaskLine[] = input.tasks.map((t) => {
		const actual =
			t.status === 'done' && t.actualStart && t.actualEnd ? minutesBetween(t.actualStart, t.actualEnd) : null;
		return {
			key: t.key,
			title: t.title,
			phase: t.phase,
			plannedMinutes: t.durationMinutes,
			actualMinutes: actual,
			overrunMinutes: actual === null ? null : actual - t.durationMinutes
		};
	});
	const phases = input.phases.map((p) => {
		const own = input.tasks.filter((t) => t.phase === p.name);
		const starts = own.flatMap((t) => (t.actualStart ? [Date.parse(t.actualStart)] : []));
		const ends = own.flatMap((t) => (t.actualEnd && t.status === 'done' ? [Date.parse(t.actualEnd)] : []));
		const done = own.filter((t) => t.status === 'done').length;
		const start = starts.length ? Math.min(...starts) : null;
		const end = done === own.length && ends.length ? Math.max(...ends) : null;
		return {
			name: p.name,
			plannedMinutes: own.reduce((sum, t) => sum + t.durationMinutes, 0),
			actualMinutes: start !== null && end !== null ? Math.round((end - start) / MINUTE) : null,
			start: start === null ? null : new Date(start).toISOString(),
			end: end === null ? null : new Date(end).toISOString(),
			done,
			tasks: own.length
		};
	});
	const finished = lines
		.filter((l) => l.overrunMinutes !== null)
		.sort((a, b) => b.overrunMinutes! - a.overrunMinutes! || a.key.localeCompare(b.key));
	const open = lines.filter((l) => l.overrunMinutes === null);
	const allDone = input.tasks.length > 0 && open.length === 0;
	const ends = input.tasks.flatMap((t) => (t.actualEnd ? [Date.parse(t.actualEnd)] : []));
	return {
		cutover: input.cutover,
		plannedEnd: input.windowHistory[0]?.to ?? input.cutover.windowEnd,
		finalWindowEnd: input.cutover.windowEnd,
		actualEnd: allDone && ends.length ? new Date(Math.max(...ends)).toISOString() : null,
		phases,
		tasks: [...finished, ...open],
		forecast: [...input.forecastHistory],
		windowChanges: input.windowHistory.slice(1),
		decisions: input.decisions.map((d) => {
			const standing = [...d.outcomes].reverse().find((o) => !d.outcomes.some((x) => x.supersedes === o.id));
			return {
				key: d.key,
				title: d.title,
				outcome: standing?.kind ?? null,
				by: standing?.recordedBy ?? null,
				at: standing?.at ?? null
			};
		}),
		incidents: input.incidents.map((i) => ({
			ref: i.ref,
			title: i.title,
			severity: i.severity,
			openedAt: i.openedAt,
			resolvedAt: i.resolvedAt
		})),
		notices: input.notices
			.filter((n) => n.publishedAt !== null)
			.map((n) => ({
				ref: n.ref,
				kind: n.kind,
				publishedAt: n.publishedAt,
				title: n.texts[lang]?.title ?? n.texts.fi?.title ?? n.texts.sv?.title ?? n.texts.en?.title ?? n.ref
			})),
		signoffs: input.signoffs ? signoffLines(input.signoffs) : null
	};
}

/** How a word was given: through the tester's link, or recorded by someone signed in. */
export const signoffVia = (t: Translate, s: SignoffView) =>
	s.via === 'link' ? t('postEvent.viaLink') : t('postEvent.recordedBy', { by: s.via });

/** "+25 min", "−5 min", "0 min". */
export const signedMinutes = (m: number) => `${m > 0 ? '+' : m < 0 ? '−' : ''}${Math.abs(m)} min`;

/** The report as Markdown, headings in the reader's language, times in the cutover's zone. */
export function postEventMarkdown(t: Translate, m: PostEventModel): string {
	const zone = m.cutover.timezone;
	const at = (iso: string | number | null) =>
		iso === null ? '–' : toZonedIso(typeof iso === 'number' ? iso : Date.parse(iso), zone);
	const minutes = (v: number | null) => (v === null ? '–' : `${v} min`);
	const out: string[] = [
		`# ${md(t('postEvent.eventTitle', { cutover: m.cutover.name }))}`,
		'',
		`- ${t('postEvent.plannedEnd')}: ${at(m.plannedEnd)}`,
		`- ${t('postEvent.finalWindowEnd')}: ${at(m.finalWindowEnd)}`,
		`- ${t('postEvent.actualEnd')}: ${m.actualEnd ? at(m.actualEnd) : t('postEvent.notFinished')}`,
		'',
		`## ${t('postEvent.phases')}`,
		'',
		table(
			[t('postEvent.phase'), t('postEvent.planned'), t('postEvent.actual'), t('postEvent.done')],
			m.phases.map((p) => [
				md(p.name),
				minutes(p.plannedMinutes),
				minutes(p.actualMinutes),
				`${p.done}/${p.tasks}`
			])
		),
		'',
		`## ${t('postEvent.tasks')}`,
		'',
		table(
			[
				t('postEvent.task'),
				t('postEvent.phase'),
				t('postEvent.planned'),
				t('postEvent.actual'),
				t('postEvent.overrun')
			],
			m.tasks.map((l) => [
				`${md(l.key)} ${md(l.title)}`,
				md(l.phase),
				minutes(l.plannedMinutes),
				minutes(l.actualMinutes),
				l.overrunMinutes === null ? t('postEvent.notFinished') : signedMinutes(l.overrunMinutes)
			])
		),
		'',
		`## ${t('postEvent.forecast')}`,
		''
	];
	out.push(
		m.forecast.length
			? table(
					[t('postEvent.at'), 'P50', 'P90'],
					m.forecast.map((p) => [at(p.at), at(p.p50), at(p.p90)])
				)
			: t('postEvent.none')
	);
	out.push('', `## ${t('postEvent.window')}`, '');
	out.push(
		m.windowChanges.length
			? m.windowChanges
					.map(
						(c) =>
							`- ${at(c.at)}: ${at(c.from)} → ${at(c.to)} (${md(c.by)})${c.rationale ? `\n${quote(c.rationale)}` : ''}`
					)
					.join('\n')
			: t('postEvent.none')
	);
	const section = (title: string, rows: string[]) => {
		out.push('', `## ${title}`, '', rows.length ? rows.join('\n') : t('postEvent.none'));
	};
	section(
		t('postEvent.decisions'),
		m.decisions.map(
			(d) =>
				`- ${md(d.key)} ${md(d.title)}: ${d.outcome ? t(`decisions.kind_${d.outcome}`) : t('postEvent.undecided')}${d.at ? `, ${at(d.at)} (${md(d.by)})` : ''}`
		)
	);
	section(
		t('postEvent.incidents'),
		m.incidents.map(
			(i) => `- ${md(i.ref)} ${i.severity} ${md(i.title)}: ${at(i.openedAt)} → ${at(i.resolvedAt)}`
		)
	);
	section(
		t('postEvent.notices'),
		m.notices.map((n) => `- ${md(n.ref)} ${md(n.title)}: ${at(n.publishedAt)}`)
	);
	if (m.signoffs) {
		out.push('', `## ${t('postEvent.signoffs')}`);
		if (m.signoffs.length === 0) out.push('', t('postEvent.noSystems'));
		for (const s of m.signoffs) {
			out.push('', `### ${md(s.name)} (${md(s.key)}): ${t(`programmes.stage_${s.stage}`)}`, '');
			const rows = s.signoffs.map(
				(o) =>
					`- ${md(o.testerName)}: ${t(`programmes.verdict_${o.verdict}`)}, ${at(o.at)}, ${md(signoffVia(t, o))}${o.followUpTask ? `, ${t('postEvent.followUp', { task: md(o.followUpTask) })}` : ''}${o.note ? `\n${quote(o.note)}` : ''}`
			);
			if (s.waitingFor.length)
				rows.push(`- ${t('postEvent.waitingFor', { testers: s.waitingFor.map(md).join(', ') })}`);
			if (rows.length === 0) rows.push(`- ${t(s.notMoved ? 'postEvent.notMoved' : 'postEvent.noTesters')}`);
			out.push(rows.join('\n'));
		}
	}
	return `${out.join('\n')}\n`;
}
