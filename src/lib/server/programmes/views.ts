/** Rows to the wire shapes of `$lib/shared/schemas/programmes` (times as ISO strings). */
import type { SignoffView, SystemView, TemplateView, WaveView } from '../../shared/schemas/programmes';
import type { CutoverRow, RunbookTemplateRow, SystemSignoffRow } from '../db/schema';
import type { SystemWithWave } from './programme.queries';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const systemToView = (s: SystemWithWave): SystemView => ({
	key: s.key,
	name: s.name,
	agency: s.agency,
	environment: s.environment,
	vmCount: s.vmCount,
	machines: s.machines,
	criticality: s.criticality,
	contactName: s.contactName,
	contactEmail: s.contactEmail,
	testers: s.testers,
	templateKey: s.templateKey,
	wave: s.waveSlug,
	windowStart: iso(s.windowStart),
	windowEnd: iso(s.windowEnd),
	builtFromVersion: s.builtFromVersion,
	stage: s.stage,
	startedAt: iso(s.startedAt),
	movedAt: iso(s.movedAt),
	migratedAt: iso(s.migratedAt),
	verdicts: s.verdicts,
	version: s.version
});

export const templateToView = (t: RunbookTemplateRow): TemplateView => ({
	key: t.key,
	name: t.name,
	version: t.version,
	steps: t.steps,
	updatedBy: t.updatedBy,
	updatedAt: t.updatedAt.toISOString()
});

export const waveToView = (c: CutoverRow): WaveView => ({
	slug: c.slug,
	name: c.name,
	timezone: c.timezone,
	windowStart: c.windowStart.toISOString(),
	windowEnd: c.windowEnd.toISOString()
});

export const signoffToView = (systemKey: string, s: SystemSignoffRow): SignoffView => ({
	system: systemKey,
	testerName: s.testerName,
	testerEmail: s.testerEmail,
	verdict: s.verdict,
	note: s.note,
	via: s.via,
	at: s.at.toISOString(),
	followUpTask: s.followUpTask,
	seq: s.seq
});
