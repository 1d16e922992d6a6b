import { defineMessages } from '../define';

/**
 * Telling people of a system's downtime ahead: the programme's setting, moving a system's window, the messages to
 * its contact person, and their activity lines.
 */
export const announcements = defineMessages({
	en: {
		title: 'Downtime announcements',
		wave: 'Wave',
		show: 'Show',
		moved: 'The window of {system} moved.',
		waveNotices: 'The wave’s notices',
		system: 'System',
		downtime: 'Downtime',
		notice: 'Notice',
		told: 'Contact person told',
		notYet: 'Not drafted yet',
		nothingTold: 'Nothing yet',
		kind_announce: 'Announced',
		kind_changed: 'Window changed',
		kind_reminder: 'Reminder',
		state_pending: 'waiting to be sent',
		state_sent: 'sent',
		state_failed: 'not sent',
		settingsTitle: 'Telling people ahead',
		daysAhead: 'Days before a system’s window its downtime is announced',
		daysAheadHelp:
			'That many days before each system’s window, a planned-maintenance notice is drafted in its wave for the public page, and its contact person is told, with a calendar entry. A reminder goes the day before.',
		save: 'Save',
		saved: 'Saved.',
		moveWindow: 'Move window',
		moveWindowHelp:
			'Its tasks not yet started wait for the new start, its notice follows, and its contact person is told once.',
		windowStart: 'Downtime starts',
		windowEnd: 'Downtime ends',
		noticeDrafted: 'Notice {ref}',
		ev_contact_message_queued:
			'{kind, select, announce {Contact of {system} told of its downtime} changed {Contact of {system} told of its changed window} other {Contact of {system} reminded of tomorrow’s downtime}}',
		ev_settings_changed:
			'{actor} set downtime announcements to {days, plural, one {# day} other {# days}} ahead',
		mailGreeting: 'Hello {name},',
		mailSubject_announce: 'Planned downtime: {system}',
		mailSubject_changed: 'Downtime changed: {system}',
		mailSubject_reminder: 'Tomorrow: downtime of {system}',
		mailText_announce:
			'{system} ({agency}) moves in {wave}. It will be unavailable from {start} until {end} at the latest.',
		mailText_changed:
			'The downtime of {system} ({agency}) in {wave} has changed. It will now be unavailable from {start} until {end} at the latest.',
		mailText_reminder:
			'A reminder: {system} ({agency}) will be unavailable from {start} until {end} at the latest.',
		mailWas: 'Before the change: from {start} until {end}.',
		mailAsk: 'As its contact person, please tell the agencies and users of the system.',
		mailNotice: 'The public notice: {url}',
		mailCalendar:
			'The attached calendar entry shows the downtime; if the window changes, the next message updates it.'
	},
	fi: {
		title: 'Käyttökatkojen tiedottaminen',
		wave: 'Aalto',
		show: 'Näytä',
		moved: 'Järjestelmän {system} ikkuna siirrettiin.',
		waveNotices: 'Aallon tiedotteet',
		system: 'Järjestelmä',
		downtime: 'Käyttökatko',
		notice: 'Tiedote',
		told: 'Yhteyshenkilölle kerrottu',
		notYet: 'Ei vielä laadittu',
		nothingTold: 'Ei vielä mitään',
		kind_announce: 'Ilmoitettu',
		kind_changed: 'Ikkuna muuttui',
		kind_reminder: 'Muistutus',
		state_pending: 'odottaa lähetystä',
		state_sent: 'lähetetty',
		state_failed: 'ei lähetetty',
		settingsTitle: 'Ennakkotiedotus',
		daysAhead: 'Montako päivää ennen järjestelmän ikkunaa käyttökatko ilmoitetaan',
		daysAheadHelp:
			'Näin monta päivää ennen kunkin järjestelmän ikkunaa sen aaltoon laaditaan julkiselle sivulle huoltokatkon tiedoteluonnos, ja sen yhteyshenkilölle kerrotaan siitä kalenterimerkinnän kera. Muistutus lähtee edellisenä päivänä.',
		save: 'Tallenna',
		saved: 'Tallennettu.',
		moveWindow: 'Siirrä ikkunaa',
		moveWindowHelp:
			'Sen aloittamattomat tehtävät odottavat uutta alkua, tiedote seuraa mukana ja yhteyshenkilölle kerrotaan kerran.',
		windowStart: 'Käyttökatko alkaa',
		windowEnd: 'Käyttökatko päättyy',
		noticeDrafted: 'Tiedote {ref}',
		ev_contact_message_queued:
			'{kind, select, announce {Järjestelmän {system} yhteyshenkilölle kerrottiin käyttökatkosta} changed {Järjestelmän {system} yhteyshenkilölle kerrottiin ikkunan muutoksesta} other {Järjestelmän {system} yhteyshenkilöä muistutettiin huomisesta käyttökatkosta}}',
		ev_settings_changed:
			'{actor} asetti käyttökatkot ilmoitettaviksi {days, plural, one {# päivä} other {# päivää}} etukäteen',
		mailGreeting: 'Hei {name},',
		mailSubject_announce: 'Suunniteltu käyttökatko: {system}',
		mailSubject_changed: 'Käyttökatko muuttui: {system}',
		mailSubject_reminder: 'Huomenna: järjestelmän {system} käyttökatko',
		mailText_announce:
			'{system} ({agency}) siirretään aallossa {wave}. Se ei ole käytettävissä {start} alkaen, viimeistään {end} asti.',
		mailText_changed:
			'Järjestelmän {system} ({agency}) käyttökatko aallossa {wave} on muuttunut. Se ei nyt ole käytettävissä {start} alkaen, viimeistään {end} asti.',
		mailText_reminder:
			'Muistutus: {system} ({agency}) ei ole käytettävissä {start} alkaen, viimeistään {end} asti.',
		mailWas: 'Ennen muutosta: {start} – {end}.',
		mailAsk: 'Kerrothan järjestelmän yhteyshenkilönä asiasta sen virastoille ja käyttäjille.',
		mailNotice: 'Julkinen tiedote: {url}',
		mailCalendar:
			'Liitteenä oleva kalenterimerkintä näyttää käyttökatkon; jos ikkuna muuttuu, seuraava viesti päivittää sen.'
	},
	sv: {
		title: 'Besked om avbrott',
		wave: 'Våg',
		show: 'Visa',
		moved: 'Fönstret för {system} flyttades.',
		waveNotices: 'Vågens meddelanden',
		system: 'System',
		downtime: 'Avbrott',
		notice: 'Meddelande',
		told: 'Kontaktpersonen informerad',
		notYet: 'Inte skrivet ännu',
		nothingTold: 'Ingenting ännu',
		kind_announce: 'Meddelat',
		kind_changed: 'Fönstret ändrat',
		kind_reminder: 'Påminnelse',
		state_pending: 'väntar på att skickas',
		state_sent: 'skickat',
		state_failed: 'inte skickat',
		settingsTitle: 'Förhandsbesked',
		daysAhead: 'Dagar före ett systems fönster som dess avbrott meddelas',
		daysAheadHelp:
			'Så många dagar före varje systems fönster skrivs ett utkast till meddelande om planerat underhåll för den offentliga sidan i dess våg, och dess kontaktperson informeras med en kalenderpost. En påminnelse skickas dagen före.',
		save: 'Spara',
		saved: 'Sparat.',
		moveWindow: 'Flytta fönstret',
		moveWindowHelp:
			'Dess uppgifter som inte har börjat väntar på den nya starten, meddelandet följer med och kontaktpersonen informeras en gång.',
		windowStart: 'Avbrottet börjar',
		windowEnd: 'Avbrottet slutar',
		noticeDrafted: 'Meddelande {ref}',
		ev_contact_message_queued:
			'{kind, select, announce {Kontaktpersonen för {system} informerades om avbrottet} changed {Kontaktpersonen för {system} informerades om det ändrade fönstret} other {Kontaktpersonen för {system} påmindes om morgondagens avbrott}}',
		ev_settings_changed:
			'{actor} ställde in att avbrott meddelas {days, plural, one {# dag} other {# dagar}} i förväg',
		mailGreeting: 'Hej {name},',
		mailSubject_announce: 'Planerat avbrott: {system}',
		mailSubject_changed: 'Avbrottet har ändrats: {system}',
		mailSubject_reminder: 'I morgon: avbrott i {system}',
		mailText_announce:
			'{system} ({agency}) flyttas i {wave}. Systemet är inte tillgängligt från {start} till senast {end}.',
		mailText_changed:
			'Avbrottet för {system} ({agency}) i {wave} har ändrats. Systemet är nu inte tillgängligt från {start} till senast {end}.',
		mailText_reminder:
			'En påminnelse: {system} ({agency}) är inte tillgängligt från {start} till senast {end}.',
		mailWas: 'Före ändringen: från {start} till {end}.',
		mailAsk: 'Som systemets kontaktperson, informera dess myndigheter och användare.',
		mailNotice: 'Det offentliga meddelandet: {url}',
		mailCalendar:
			'Den bifogade kalenderposten visar avbrottet; om fönstret ändras uppdaterar nästa meddelande den.'
	}
});
