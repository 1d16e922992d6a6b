import { defineMessages } from '../define';

/** First-run setup, sign in and out, the app shell and the error page. */
export const auth = defineMessages({
	en: {
		setupTitle: 'Set up golive',
		setupIntro:
			'No one has an account yet. Create the first administrator here; you can add everyone else after signing in.',
		username: 'Username',
		usernameHint: 'Lowercase letters, digits, dots, dashes and underscores.',
		displayName: 'Display name',
		displayNameHint: 'Shown to others on the board, e.g. “Maija Virtanen”.',
		password: 'Password',
		passwordHint: 'At least 10 characters.',
		passwordConfirm: 'Password again',
		setupSubmit: 'Create administrator and sign in',
		loginTitle: 'Sign in',
		loginIntro: 'Sign in to follow and run cutovers.',
		loginSubmit: 'Sign in',
		signedInAs: 'Signed in as',
		mainNav: 'Main',
		languageSwitch: 'Change language',
		errorTitle: 'Something went wrong',
		errorId: 'Error id: {id}',
		notFound: 'Page not found',
		forbidden: 'You do not have access to this page',
		backHome: 'Back to the cutovers'
	},
	fi: {
		setupTitle: 'golivin käyttöönotto',
		setupIntro:
			'Kenelläkään ei ole vielä tunnusta. Luo tässä ensimmäinen pääkäyttäjä; muut käyttäjät voit lisätä kirjauduttuasi.',
		username: 'Käyttäjätunnus',
		usernameHint: 'Pieniä kirjaimia, numeroita, pisteitä, viivoja ja alaviivoja.',
		displayName: 'Näyttönimi',
		displayNameHint: 'Näkyy muille taululla, esim. ”Maija Virtanen”.',
		password: 'Salasana',
		passwordHint: 'Vähintään 10 merkkiä.',
		passwordConfirm: 'Salasana uudelleen',
		setupSubmit: 'Luo pääkäyttäjä ja kirjaudu',
		loginTitle: 'Kirjaudu sisään',
		loginIntro: 'Kirjaudu seuraamaan ja johtamaan käyttöönottoja.',
		loginSubmit: 'Kirjaudu',
		signedInAs: 'Kirjautuneena',
		mainNav: 'Päävalikko',
		languageSwitch: 'Vaihda kieltä',
		errorTitle: 'Jokin meni vikaan',
		errorId: 'Virhetunniste: {id}',
		notFound: 'Sivua ei löydy',
		forbidden: 'Sinulla ei ole pääsyä tälle sivulle',
		backHome: 'Takaisin käyttöönottoihin'
	},
	sv: {
		setupTitle: 'Konfigurera golive',
		setupIntro:
			'Ingen har något konto ännu. Skapa den första administratören här; alla andra kan du lägga till efter inloggningen.',
		username: 'Användarnamn',
		usernameHint: 'Små bokstäver, siffror, punkter, bindestreck och understreck.',
		displayName: 'Visningsnamn',
		displayNameHint: 'Visas för andra på tavlan, t.ex. ”Maija Virtanen”.',
		password: 'Lösenord',
		passwordHint: 'Minst 10 tecken.',
		passwordConfirm: 'Lösenordet igen',
		setupSubmit: 'Skapa administratör och logga in',
		loginTitle: 'Logga in',
		loginIntro: 'Logga in för att följa och leda driftsättningar.',
		loginSubmit: 'Logga in',
		signedInAs: 'Inloggad som',
		mainNav: 'Huvudmeny',
		languageSwitch: 'Byt språk',
		errorTitle: 'Något gick fel',
		errorId: 'Fel-id: {id}',
		notFound: 'Sidan hittades inte',
		forbidden: 'Du har inte åtkomst till den här sidan',
		backHome: 'Tillbaka till driftsättningarna'
	}
});
