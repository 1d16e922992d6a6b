/**
 * The rules of user notices, pure: their kinds and the way a notice goes from draft to published, which
 * languages a notice must have before it is published, and where a planned maintenance stands at a moment.
 * The server enforces them; the editor uses them to say what is missing.
 */

/** What a notice is about: an incident's public update, a planned maintenance, or general information. */
export const NOTICE_KINDS = ['incident', 'maintenance', 'info'] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/** The languages a notice is written in, Finnish and Swedish first (Finland's two official languages). */
export const NOTICE_LANGS = ['fi', 'sv', 'en'] as const;
export type NoticeLang = (typeof NOTICE_LANGS)[number];

/**
 * Draft → (awaiting approval, when the cutover asks for a second approval) → scheduled or published →
 * withdrawn. A published notice is never edited: it changes only by entries on its timeline.
 */
export const NOTICE_STATUSES = ['draft', 'awaiting_approval', 'scheduled', 'published', 'withdrawn'] as const;
export type NoticeStatus = (typeof NOTICE_STATUSES)[number];

/** The public timeline of a notice: its first publication, later updates, corrections and a withdrawal. */
export const NOTICE_ENTRY_KINDS = ['published', 'update', 'correction', 'withdrawn'] as const;
export type NoticeEntryKind = (typeof NOTICE_ENTRY_KINDS)[number];

/** Where a planned maintenance stands (Statuspage: scheduled, in_progress, completed). */
export const MAINTENANCE_STATES = ['upcoming', 'in_progress', 'completed'] as const;
export type MaintenanceState = (typeof MAINTENANCE_STATES)[number];

/** A cutover's rules for its notices, and whether its services show on the public status page. */
export interface NoticeSettings {
	/** The languages a notice must have, title and body, before it may be published. */
	requiredLanguages: NoticeLang[];
	/** A second person (comms or admin, not the author) approves a notice before it is published. */
	secondApproval: boolean;
	/** The cutover's services, incidents and notices are shown on the public status page. */
	publicStatus: boolean;
}

export const DEFAULT_NOTICE_SETTINGS: NoticeSettings = {
	requiredLanguages: ['fi', 'sv'],
	secondApproval: false,
	publicStatus: false
};

export interface NoticeText {
	title: string;
	body: string;
}
export type NoticeTexts = Partial<Record<NoticeLang, NoticeText>>;

/** The required languages a notice still lacks, title or body, in the order of NOTICE_LANGS. */
export function missingLanguages(texts: NoticeTexts, required: readonly NoticeLang[]): NoticeLang[] {
	return NOTICE_LANGS.filter((lang) => {
		if (!required.includes(lang)) return false;
		const t = texts[lang];
		return !t || t.title.trim() === '' || t.body.trim() === '';
	});
}

/** A maintenance's state at `now`: upcoming before its start, in progress until its end, then completed. */
export function maintenanceState(startsAt: number, endsAt: number, now: number): MaintenanceState {
	if (now < startsAt) return 'upcoming';
	return now < endsAt ? 'in_progress' : 'completed';
}

/** NTC-12 for notice 12 of a cutover. */
export const noticeRef = (number: number): string => `NTC-${number}`;
export const noticeNumber = (ref: string): number | null => {
	const m = /^NTC-(\d{1,9})$/.exec(ref);
	return m ? Number(m[1]) : null;
};
