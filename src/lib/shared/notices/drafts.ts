/**
 * The texts a notice starts from, in Finnish, Swedish and English: a planned maintenance's and an incident's. Drafts:
 * they state the facts (what, which services, when) for comms staff to finish. Times are in the cutover's time
 * zone, named as the language names it, never by its IANA id.
 */
import type { IncidentStatus } from '../incidents/rules';
import type { NoticeLang, NoticeTexts } from './rules';

const LOCALES: Record<NoticeLang, string> = { en: 'en-GB', fi: 'fi-FI', sv: 'sv-SE' };

/**
 * A time as people read it in the cutover's time zone, with the zone as the language names it at that moment,
 * e.g. "11. lokakuuta 2024 klo 6.00 (Itä-Euroopan kesäaika)".
 */
export function noticeTime(ms: number, lang: NoticeLang, timeZone: string): string {
	const text = new Intl.DateTimeFormat(LOCALES[lang], {
		dateStyle: 'long',
		timeStyle: 'short',
		timeZone
	}).format(ms);
	const zoneName = new Intl.DateTimeFormat(LOCALES[lang], { timeZone, timeZoneName: 'long' })
		.formatToParts(ms)
		.find((part) => part.type === 'timeZoneName')?.value;
	return zoneName ? `${text} (${zoneName})` : text;
}

/** "A, B and C" as the language lists it. */
const listed = (names: readonly string[], lang: NoticeLang) =>
	new Intl.ListFormat(LOCALES[lang], { type: 'conjunction' }).format(names);

export interface MaintenanceSubject {
	/** The services' names, as the public knows them. */
	services: readonly string[];
	startsAt: number | string;
	endsAt: number | string;
	timezone: string;
}

/** A planned maintenance's draft: which services are unavailable, from when, until when. */
export function maintenanceNoticeTexts(m: MaintenanceSubject): Required<NoticeTexts> {
	const at = (lang: NoticeLang, instant: number | string) =>
		noticeTime(new Date(instant).getTime(), lang, m.timezone);
	const n = m.services.length;
	const list = (lang: NoticeLang) => listed(m.services, lang);
	const title = (lang: NoticeLang, word: string) => (n === 0 ? word : `${word}: ${list(lang)}`);
	return {
		fi: {
			title: title('fi', 'Huoltokatko'),
			body: `${n === 0 ? 'Palvelumme eivät ole' : n === 1 ? `Palvelu ${list('fi')} ei ole` : `Palvelut ${list('fi')} eivät ole`} käytettävissä huoltotöiden vuoksi alkaen ${at('fi', m.startsAt)}. Huoltokatko päättyy viimeistään ${at('fi', m.endsAt)}. Pahoittelemme haittaa.`
		},
		sv: {
			title: title('sv', 'Planerat underhåll'),
			body: `${n === 0 ? 'Våra tjänster är inte tillgängliga' : n === 1 ? `Tjänsten ${list('sv')} är inte tillgänglig` : `Tjänsterna ${list('sv')} är inte tillgängliga`} på grund av planerat underhåll från och med ${at('sv', m.startsAt)}. Underhållet avslutas senast ${at('sv', m.endsAt)}. Vi ber om ursäkt för besväret.`
		},
		en: {
			title: title('en', 'Planned maintenance'),
			body: `${n === 0 ? 'Our services' : list('en')} will be unavailable for planned maintenance from ${at('en', m.startsAt)}. The maintenance will end by ${at('en', m.endsAt)}. We apologise for the inconvenience.`
		}
	};
}

export interface IncidentSubject {
	/** The incident's title, as the room wrote it (comms staff make it public in each language). */
	title: string;
	status: IncidentStatus;
	/** The affected services' names. */
	services: readonly string[];
}

type Phrases = Record<IncidentStatus, (services: string) => string>;

/** What each status says, with the services affected (or the language's "our services"). */
const PHRASES: Record<NoticeLang, { word: Record<IncidentStatus, string>; ours: string; say: Phrases }> = {
	fi: {
		word: {
			investigating: 'Häiriö',
			identified: 'Häiriö',
			monitoring: 'Häiriö korjattu',
			resolved: 'Häiriö ratkaistu'
		},
		ours: 'palveluihimme',
		say: {
			investigating: (s) =>
				`Selvitämme häiriötä, joka vaikuttaa ${s}. Kerromme lisää heti, kun tiedämme enemmän.`,
			identified: (s) => `Olemme löytäneet syyn häiriöön, joka vaikuttaa ${s}, ja korjaamme sitä.`,
			monitoring: (s) => `Häiriö, joka vaikutti ${s}, on korjattu. Seuraamme tilannetta.`,
			resolved: (s) => `Häiriö, joka vaikutti ${s}, on ratkaistu. Pahoittelemme haittaa.`
		}
	},
	sv: {
		word: {
			investigating: 'Störning',
			identified: 'Störning',
			monitoring: 'Störning åtgärdad',
			resolved: 'Störning löst'
		},
		ours: 'våra tjänster',
		say: {
			investigating: (s) => `Vi utreder en störning som påverkar ${s}. Vi uppdaterar så snart vi vet mer.`,
			identified: (s) => `Vi har hittat orsaken till störningen som påverkar ${s} och arbetar med en åtgärd.`,
			monitoring: (s) => `Störningen som påverkade ${s} har åtgärdats. Vi följer läget.`,
			resolved: (s) => `Störningen som påverkade ${s} är löst. Vi ber om ursäkt för besväret.`
		}
	},
	en: {
		word: {
			investigating: 'Disruption',
			identified: 'Disruption',
			monitoring: 'Disruption fixed',
			resolved: 'Disruption resolved'
		},
		ours: 'our services',
		say: {
			investigating: (s) =>
				`We are investigating a disruption affecting ${s}. We will post an update as soon as we know more.`,
			identified: (s) =>
				`We have identified the cause of the disruption affecting ${s} and are working on a fix.`,
			monitoring: (s) =>
				`A fix has been made for the disruption affecting ${s}. We are monitoring the situation.`,
			resolved: (s) => `The disruption affecting ${s} has been resolved. We apologise for the inconvenience.`
		}
	}
};

/** Finnish names the services in the illative after "vaikuttaa"; the names follow as its apposition: "palveluihin A ja B". */
const affectedFi = (names: readonly string[]) =>
	names.length === 0 ? PHRASES.fi.ours : `palveluihin ${listed(names, 'fi')}`;

/** An incident's draft: its status in words, with the services it affects. */
export function incidentNoticeTexts(i: IncidentSubject): Required<NoticeTexts> {
	const text = (lang: NoticeLang, services: string) => ({
		title: `${PHRASES[lang].word[i.status]}: ${i.title}`,
		body: PHRASES[lang].say[i.status](services)
	});
	const other = (lang: 'sv' | 'en') =>
		i.services.length === 0 ? PHRASES[lang].ours : listed(i.services, lang);
	return { fi: text('fi', affectedFi(i.services)), sv: text('sv', other('sv')), en: text('en', other('en')) };
}
