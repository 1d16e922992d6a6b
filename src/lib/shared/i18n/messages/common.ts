import { defineMessages } from '../define';

export const common = defineMessages({
	en: {
		appName: 'golive',
		language: 'Language',
		signIn: 'Sign in',
		signOut: 'Sign out',
		save: 'Save',
		cancel: 'Cancel',
		create: 'Create',
		loading: 'Loading…',
		error: 'Error',
		required: 'required',
		cutovers: 'Cutovers',
		users: 'Users',
		skipToContent: 'Skip to content',
		checkFields: '{count, plural, one {Check the marked field.} other {Check the # marked fields.}}',
		clockTimeHint: 'Clock time in {zone}, 24-hour, e.g. {example}.'
	},
	fi: {
		appName: 'golive',
		language: 'Kieli',
		signIn: 'Kirjaudu',
		signOut: 'Kirjaudu ulos',
		save: 'Tallenna',
		cancel: 'Peruuta',
		create: 'Luo',
		loading: 'Ladataan…',
		error: 'Virhe',
		required: 'pakollinen',
		cutovers: 'Käyttöönotot',
		users: 'Käyttäjät',
		skipToContent: 'Siirry sisältöön',
		checkFields: '{count, plural, one {Tarkista merkitty kenttä.} other {Tarkista # merkittyä kenttää.}}',
		clockTimeHint: 'Kellonaika vyöhykkeellä {zone}, 24 tunnin kello, esim. {example}.'
	},
	sv: {
		appName: 'golive',
		language: 'Språk',
		signIn: 'Logga in',
		signOut: 'Logga ut',
		save: 'Spara',
		cancel: 'Avbryt',
		create: 'Skapa',
		loading: 'Laddar…',
		error: 'Fel',
		required: 'obligatorisk',
		cutovers: 'Driftsättningar',
		users: 'Användare',
		skipToContent: 'Hoppa till innehållet',
		checkFields:
			'{count, plural, one {Kontrollera det markerade fältet.} other {Kontrollera de # markerade fälten.}}',
		clockTimeHint: 'Klocktid i {zone}, 24-timmarsklocka, t.ex. {example}.'
	}
});
