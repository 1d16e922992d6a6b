/**
 * The iCalendar feed (RFC 5545) of planned maintenance: one event per maintenance notice, its UID fixed by the
 * notice, its SEQUENCE the number of changes published since (so a subscribed calendar updates the event instead
 * of adding another), and STATUS:CANCELLED once withdrawn. Written in Finnish with the other languages in the
 * description, since one calendar feed serves every reader.
 */
import ical, { ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import { translator } from '../../shared/i18n';
import { NOTICE_LANGS } from '../../shared/notices/rules';
import { noticePlainText } from '../notices/markdown';
import { textIn, type StatusModel } from './model';
import { DEFAULT_LANG, pagePath } from './paths';

export function renderCalendar(model: StatusModel, origin: string): string {
	const t = translator(DEFAULT_LANG);
	const calendar = ical({
		name: t('status.calendarName'),
		prodId: { company: 'golive', product: 'status', language: DEFAULT_LANG.toUpperCase() },
		method: ICalCalendarMethod.PUBLISH
	});
	for (const n of model.notices) {
		if (n.kind !== 'maintenance' || !n.maintenance) continue;
		const title = textIn(n.latest.texts, DEFAULT_LANG)?.title ?? n.ref;
		const description = NOTICE_LANGS.map((lang) => n.latest.texts[lang])
			.filter((text) => text !== undefined)
			.map((text) => `${text.title}\n\n${noticePlainText(text.body)}`)
			.join('\n\n---\n\n');
		calendar.createEvent({
			id: `${n.id}@golive`,
			sequence: n.entries.length - 1,
			stamp: new Date(n.updatedAt),
			created: new Date(n.publishedAt),
			lastModified: new Date(n.updatedAt),
			start: new Date(n.maintenance.startsAt),
			end: new Date(n.maintenance.endsAt),
			summary: title,
			description,
			status: n.withdrawn ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
			url: `${origin}${pagePath(DEFAULT_LANG)}#${n.cutover.slug}-${n.ref}`
		});
	}
	return calendar.toString();
}
