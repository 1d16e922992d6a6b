/**
 * The notices page's groups and the service desk's list: which notices a person sees where, in which order, and
 * which are marked as changed since their last look.
 */
import { describe, expect, it } from 'vitest';
import type { NoticeView } from '$lib/shared/schemas/notices';
import { changedSince, currentNotices, groupNotices, textFor } from './notice-lists';

let number = 0;
function notice(over: Partial<NoticeView>): NoticeView {
	number += 1;
	return {
		ref: `NTC-${number}`,
		kind: 'info',
		status: 'draft',
		services: [],
		incident: null,
		texts: { fi: { title: 'Otsikko', body: 'Teksti' } },
		missing: [],
		maintenance: null,
		origin: null,
		createdBy: 'comms1',
		createdAt: '2026-12-01T08:00:00.000Z',
		submittedBy: null,
		approvedBy: null,
		approvedAt: null,
		publishAt: null,
		publishedAt: null,
		withdrawnAt: null,
		entries: [],
		version: 1,
		...over
	};
}

const entry = (at: string) => ({
	id: 1,
	kind: 'published' as const,
	at,
	by: 'comms1',
	texts: {},
	corrects: null,
	incidentStatus: null,
	reason: null
});

describe('the notices page groups', () => {
	it('puts drafts and those awaiting approval first, then scheduled soonest first, published latest first', () => {
		const draft = notice({ status: 'draft', createdAt: '2026-12-01T08:00:00Z' });
		const awaiting = notice({ status: 'awaiting_approval', createdAt: '2026-12-02T08:00:00Z' });
		const later = notice({ status: 'scheduled', publishAt: '2026-12-10T08:00:00Z' });
		const sooner = notice({ status: 'scheduled', publishAt: '2026-12-05T08:00:00Z' });
		const old = notice({ status: 'published', entries: [entry('2026-12-01T09:00:00Z')] });
		const updated = notice({
			status: 'published',
			entries: [entry('2026-11-30T09:00:00Z'), { ...entry('2026-12-03T09:00:00Z'), id: 2, kind: 'update' }]
		});
		const withdrawn = notice({ status: 'withdrawn', withdrawnAt: '2026-12-02T09:00:00Z' });
		const groups = groupNotices([draft, later, old, withdrawn, sooner, updated, awaiting]);
		expect(groups.open).toEqual([awaiting, draft]);
		expect(groups.scheduled).toEqual([sooner, later]);
		expect(groups.published).toEqual([updated, old]);
		expect(groups.withdrawn).toEqual([withdrawn]);
	});
});

describe('the service desk', () => {
	it('lists published notices still current: not withdrawn, not a completed maintenance', () => {
		const window = { startsAt: '2026-12-01T08:00:00Z', endsAt: '2026-12-01T10:00:00Z' };
		const info = notice({ status: 'published', entries: [entry('2026-12-01T09:00:00Z')] });
		const running = notice({
			status: 'published',
			kind: 'maintenance',
			maintenance: { ...window, state: 'in_progress' },
			entries: [entry('2026-11-20T09:00:00Z')]
		});
		const done = notice({
			status: 'published',
			kind: 'maintenance',
			maintenance: { ...window, state: 'completed' },
			entries: [entry('2026-11-21T09:00:00Z')]
		});
		const gone = notice({ status: 'withdrawn', entries: [entry('2026-12-01T09:00:00Z')] });
		expect(currentNotices([running, done, gone, info, notice({ status: 'draft' })])).toEqual([info, running]);
	});

	it('marks a notice whose latest entry is newer than the last look, and nothing on a first look', () => {
		const n = notice({ status: 'published', entries: [entry('2026-12-01T09:00:00Z')] });
		expect(changedSince(n, Date.parse('2026-12-01T08:59:59Z'))).toBe(true);
		expect(changedSince(n, Date.parse('2026-12-01T09:00:00Z'))).toBe(false);
		expect(changedSince(n, null)).toBe(false);
	});

	it('shows a reader their own language first, else the first written of fi, sv and en', () => {
		const texts = { sv: { title: 'Rubrik', body: 'Text' }, en: { title: 'Title', body: 'Text' } };
		expect(textFor(texts, 'en')?.lang).toBe('en');
		expect(textFor(texts, 'fi')?.lang).toBe('sv');
		expect(textFor({}, 'fi')).toBeNull();
	});
});
