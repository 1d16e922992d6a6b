import { defineMessages } from '../define';

/** Rehearsals: starting one from a cutover, and recording its durations as the cutover's rehearsal figures. */
export const rehearsals = defineMessages({
	en: {
		title: 'Rehearsals',
		badge: 'Rehearsal',
		badgeOf: 'Rehearsal of {cutover}',
		rehearses: 'This cutover is a rehearsal of',
		figuresTitle: 'Durations of this rehearsal',
		figuresIntro:
			'Each task finished here took the minutes below. Recorded, they become rehearsal figures of the same task in {cutover}: its forecast draws the task’s duration from them.',
		noFigures: 'No task of this rehearsal is finished yet.',
		task: 'Task',
		minutes: 'Minutes here',
		before: 'Figures held now',
		skipped: 'Give no figure (not finished, or no longer in the cutover): {keys}',
		recordedAt: 'Recorded as rehearsal figures on {time}.',
		record: 'Record as rehearsal figures',
		confirm:
			'Record the minutes of {count, plural, one {# task} other {# tasks}} as rehearsal figures in {cutover}? This is done once per rehearsal.',
		listTitle: 'Rehearsals of this cutover',
		none: 'No rehearsals yet.',
		newTitle: 'Rehearse this cutover',
		newIntro:
			'A rehearsal is a new cutover with a copy of this runbook (phases, tasks and data transfers), in its own window and marked as a rehearsal everywhere. It never shows on the public status page.',
		slug: 'Short name in links',
		name: 'Name',
		windowStart: 'Window starts',
		windowEnd: 'Window ends',
		create: 'Start the rehearsal'
	},
	fi: {
		title: 'Harjoitukset',
		badge: 'Harjoitus',
		badgeOf: 'Harjoitus: {cutover}',
		rehearses: 'Tämä käyttöönotto on harjoitus käyttöönotolle',
		figuresTitle: 'Harjoituksen kestot',
		figuresIntro:
			'Kukin täällä valmistunut tehtävä kesti alla olevat minuutit. Kirjattuina niistä tulee saman tehtävän harjoituslukuja käyttöönotossa {cutover}: sen ennuste arvioi tehtävän keston niiden avulla.',
		noFigures: 'Yksikään tämän harjoituksen tehtävä ei ole vielä valmis.',
		task: 'Tehtävä',
		minutes: 'Minuutit tässä',
		before: 'Nykyiset harjoitusluvut',
		skipped: 'Eivät anna lukua (kesken tai ei enää käyttöönotossa): {keys}',
		recordedAt: 'Kirjattu harjoitusluvuiksi {time}.',
		record: 'Kirjaa harjoitusluvuiksi',
		confirm:
			'Kirjataanko {count, plural, one {# tehtävän} other {# tehtävän}} minuutit harjoitusluvuiksi käyttöönottoon {cutover}? Tämä tehdään kerran harjoitusta kohden.',
		listTitle: 'Tämän käyttöönoton harjoitukset',
		none: 'Ei vielä harjoituksia.',
		newTitle: 'Harjoittele tätä käyttöönottoa',
		newIntro:
			'Harjoitus on uusi käyttöönotto, jossa on kopio tästä ajokirjasta (vaiheet, tehtävät ja tiedonsiirrot) omassa aikaikkunassaan, ja se on merkitty harjoitukseksi kaikkialla. Se ei koskaan näy julkisella tilasivulla.',
		slug: 'Lyhyt nimi linkeissä',
		name: 'Nimi',
		windowStart: 'Aikaikkuna alkaa',
		windowEnd: 'Aikaikkuna päättyy',
		create: 'Aloita harjoitus'
	},
	sv: {
		title: 'Övningar',
		badge: 'Övning',
		badgeOf: 'Övning av {cutover}',
		rehearses: 'Denna driftsättning är en övning av',
		figuresTitle: 'Övningens tider',
		figuresIntro:
			'Varje uppgift som slutförts här tog minuterna nedan. När de registreras blir de övningsvärden för samma uppgift i {cutover}: dess prognos beräknar uppgiftens längd utifrån dem.',
		noFigures: 'Ingen uppgift i denna övning är slutförd ännu.',
		task: 'Uppgift',
		minutes: 'Minuter här',
		before: 'Nuvarande övningsvärden',
		skipped: 'Ger inget värde (inte slutförda eller inte längre i driftsättningen): {keys}',
		recordedAt: 'Registrerade som övningsvärden {time}.',
		record: 'Registrera som övningsvärden',
		confirm:
			'Registrera minuterna för {count, plural, one {# uppgift} other {# uppgifter}} som övningsvärden i {cutover}? Det görs en gång per övning.',
		listTitle: 'Övningar av denna driftsättning',
		none: 'Inga övningar ännu.',
		newTitle: 'Öva denna driftsättning',
		newIntro:
			'En övning är en ny driftsättning med en kopia av denna körbok (faser, uppgifter och dataöverföringar) i ett eget tidsfönster, och den är märkt som övning överallt. Den visas aldrig på den offentliga statussidan.',
		slug: 'Kort namn i länkar',
		name: 'Namn',
		windowStart: 'Tidsfönstret börjar',
		windowEnd: 'Tidsfönstret slutar',
		create: 'Starta övningen'
	}
});
