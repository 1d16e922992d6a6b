/**
 * The user notice a go, a rollback or an extension leaves for communications staff to finish and publish, in
 * English, Finnish and Swedish. A draft: it states the facts (what was decided, the times) and nothing internal:
 * no rationale, no decision title (those are written for the steering group, in English) and no cutover name (an
 * internal project name, not the service's public one: the comms staff name the service). Times are in the
 * cutover's time zone, named as the language names it, never by its IANA id.
 */
import { noticeTime } from '../../shared/notices/drafts';
import type { NoticeDraftView, OutcomeKind } from '../../shared/schemas/decisions';

type Lang = 'en' | 'fi' | 'sv';
type Texts = NoticeDraftView['texts'];

export interface NoticeSubject {
	kind: OutcomeKind;
	timezone: string;
	windowEnd: number;
	/** extend: the window end before the extension. */
	previousWindowEnd: number | null;
}

/** The draft's texts, or null for outcomes that leave no notice (no-go, accepted risk, ordered fixes). */
export function noticeTexts(s: NoticeSubject): Texts | null {
	const at = (lang: Lang, ms: number) => noticeTime(ms, lang, s.timezone);
	switch (s.kind) {
		case 'go':
			return {
				en: {
					title: 'Go-live confirmed',
					body: `The steering group has decided to go live. The service will be available as planned by ${at('en', s.windowEnd)}. We will let you know if anything changes.`
				},
				fi: {
					title: 'Käyttöönotto vahvistettu',
					body: `Ohjausryhmä on päättänyt toteuttaa käyttöönoton. Palvelu on käytettävissä suunnitelman mukaisesti viimeistään ${at('fi', s.windowEnd)}. Kerromme, jos tilanne muuttuu.`
				},
				sv: {
					title: 'Driftsättningen bekräftad',
					body: `Styrgruppen har beslutat att genomföra driftsättningen. Tjänsten är tillgänglig enligt plan senast ${at('sv', s.windowEnd)}. Vi meddelar om något ändras.`
				}
			};
		case 'rollback':
			return {
				en: {
					title: 'Go-live cancelled',
					body: `The steering group has decided to cancel the go-live and return to the previous system. The current service stays in use. We will announce a new date later.`
				},
				fi: {
					title: 'Käyttöönotto peruttu',
					body: `Ohjausryhmä on päättänyt perua käyttöönoton ja palata aiempaan järjestelmään. Nykyinen palvelu pysyy käytössä. Ilmoitamme uudesta ajankohdasta myöhemmin.`
				},
				sv: {
					title: 'Driftsättningen avbruten',
					body: `Styrgruppen har beslutat att avbryta driftsättningen och återgå till det tidigare systemet. Den nuvarande tjänsten används tills vidare. Vi meddelar en ny tidpunkt senare.`
				}
			};
		case 'extend': {
			const before = (lang: Lang, word: string) =>
				s.previousWindowEnd === null ? '' : ` (${word} ${at(lang, s.previousWindowEnd)})`;
			return {
				en: {
					title: 'Service break extended',
					body: `The service break has been extended. The service is expected to be available again by ${at('en', s.windowEnd)}${before('en', 'previously')}. We apologise for the inconvenience.`
				},
				fi: {
					title: 'Käyttökatko pitenee',
					body: `Käyttökatkoa on jatkettu. Palvelun arvioidaan olevan jälleen käytettävissä viimeistään ${at('fi', s.windowEnd)}${before('fi', 'aiemmin')}. Pahoittelemme häiriötä.`
				},
				sv: {
					title: 'Avbrottet förlängs',
					body: `Avbrottet i tjänsten har förlängts. Tjänsten beräknas vara tillgänglig igen senast ${at('sv', s.windowEnd)}${before('sv', 'tidigare')}. Vi ber om ursäkt för besväret.`
				}
			};
		}
		default:
			return null;
	}
}
