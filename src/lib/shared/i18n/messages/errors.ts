import { defineMessages } from '../define';

/**
 * Why the server refused something: each key is a stable `reason` of an error answer. The English text is the
 * error's message itself (API clients and logs read it), so it keeps the API's wording and must not change
 * casually; Finnish and Swedish say the same for the UI and may leave out a parameter that only makes sense in
 * English (a raw status or role name, an English detail).
 */
export const errors = defineMessages({
	en: {
		internal: 'something went wrong on the server (error id {id})',
		databaseUnavailable: 'the server cannot reach its database: changes are paused; try again shortly',
		// Signing in and permissions
		signInFirst: 'sign in first',
		sendCredentials: 'send a session cookie or an Authorization: Bearer token',
		tokenUnknown: 'the bearer token is unknown or revoked',
		wrongCredentials: 'wrong username or password',
		roleMayNot: 'your role ({role}) may not {action}',
		tokenOtherCutover: 'this token is limited to another cutover',
		tooManyAttempts: 'too many failed attempts: try again in {minutes} min',
		sessionEnded: 'your session has ended: sign in again',
		ssoUserNoPassword: '{username} signs in through single sign-on and has no password here',
		ssoOff: 'single sign-on is not configured',
		ssoFailed: 'single sign-on did not complete: start again',
		ssoNoRole: 'single sign-on: none of your groups gives you a role in golive; ask an administrator',
		ssoNoUsername: 'single sign-on: the identity provider gave no usable username',
		ssoUsernameTaken:
			'single sign-on: the username "{username}" belongs to a local account here; ask an administrator',
		ssoDisabled: 'your account is disabled in golive; ask an administrator',
		// The API's request rules
		payloadTooLarge: 'the request body is too large',
		bodyNotJson: 'send the body as application/json',
		bodyInvalidJson: 'the body is not valid JSON',
		pathInvalid: 'the path is not valid',
		headersTooLarge: 'the request line or headers are too large',
		requestMalformed: 'the request is not valid HTTP',
		methodNotAllowed: 'this endpoint does not take {method} (it takes {allowed})',
		cursorInvalid: 'cursor: is not a cursor from this API (use nextCursor of the previous page)',
		idempotencyKeyReused: '{header}: this key was already used for a different request; send a new key',
		idempotencyInProgress: 'a request with this {header} is still being processed: retry in a moment',
		idempotencyAnswerLost:
			'a request with this {header} was applied, but its answer was not kept: read the current state instead of retrying',
		noSuchEndpoint: 'no such endpoint: {method} {path} (see /api/v1/openapi.json)',
		// Setup, users and tokens
		setupDone: 'setup is already done: sign in instead',
		usernameTaken: 'the username "{username}" is already taken',
		userNotFound: 'no such user',
		cannotDemoteSelf: 'you cannot disable yourself or take away your own admin role',
		tokenCutoverNotFound: 'cutoverSlug: no cutover "{slug}"',
		tokenNotFound: 'no such active token',
		wallTokenNotReadOnly: 'a wall screen takes a read-only token (role viewer); this one may change things',
		// Cutovers
		cutoverNotFound: 'no cutover "{slug}"',
		cutoverGone: 'no such cutover',
		tokenCannotCreateCutover: 'a token limited to one cutover cannot create another',
		slugTaken: 'the slug "{slug}" is already taken',
		cutoverChanged: 'the cutover was changed by someone else',
		windowEndBeforeStart: 'the window must end after it starts',
		// The runbook and its tasks
		taskNotFound: 'no task "{key}" in this cutover',
		taskKeyTaken: 'a task with the key "{key}" already exists',
		taskChanged: 'the task was changed by someone else',
		taskOwnerOnly: 'only {owner} or an operator may move task {key}',
		taskMovedMeanwhile: 'task {key} was changed by someone else: it is now {status} (version {version})',
		taskMoveNotAllowed: 'cannot move task {key} to {to}: {problem}',
		taskNotBefore: 'task {key} may not start before {time}',
		taskWaiting: 'task {key} is waiting for {keys} to finish',
		checkpointUndecided:
			'task {key} is a go/no-go checkpoint: it can be done only after a go from the go/no-go decision "{decision}" (not decided yet)',
		checkpointNotGo:
			'task {key} is a go/no-go checkpoint: it can be done only after a go from the go/no-go decision "{decision}" (its outcome is {outcome})',
		checkpointHeldUndecided:
			'task {key} is a go/no-go checkpoint: until a go from the go/no-go decision "{decision}" it can only be started or set back to not started, not {to} (not decided yet)',
		checkpointHeldNotGo:
			'task {key} is a go/no-go checkpoint: until a go from the go/no-go decision "{decision}" it can only be started or set back to not started, not {to} (its outcome is {outcome})',
		afterCheckpointUndecided:
			'task {key} comes after checkpoint {checkpoint}: it cannot start before a go from the go/no-go decision "{decision}" (not decided yet)',
		afterCheckpointNotGo:
			'task {key} comes after checkpoint {checkpoint}: it cannot start before a go from the go/no-go decision "{decision}" (its outcome is {outcome})',
		phasesNotListed: 'tasks name phases that are not listed: {phases}',
		runbookAlreadyMoved:
			'the runbook cannot be replaced: {count, plural, one {# task has} other {# tasks have}} already moved (e.g. {key})',
		duplicateKeys: 'the runbook cannot be scheduled: duplicate task keys: {keys}',
		unknownDependencies: 'the runbook cannot be scheduled: unknown dependencies: {dependencies}',
		dependencyCycle: 'the runbook cannot be scheduled: dependency cycle: {cycle}',
		csvUnknownTimeZone: '"{timeZone}" is not a known time zone',
		csvUnreadable: 'the CSV cannot be read: {error}',
		csvEmpty: 'the CSV is empty: expected a header line and tasks',
		csvTooManyTasks: 'the CSV has {count} tasks; at most {max}',
		csvNoTasks: 'the CSV has a header but no tasks',
		csvHeader: '{problems}; expected the columns {expected}',
		csvBadLines: 'the CSV has {count, plural, one {# bad line} other {# bad lines}}: {problems}',
		runbookInvalid: 'the runbook has {count, plural, one {# problem} other {# problems}}: {problems}',
		importNothing: 'choose a file or paste a runbook',
		importNotJson: 'the file is not valid JSON',
		importTooLarge: 'the file is larger than 2 MB',
		// Data transfers
		transferNotFound: 'no transfer "{key}" in this cutover',
		transferNotFoundIn: 'no transfer "{key}" in {slug}',
		transferKeyTaken: 'a transfer with the key "{key}" already exists',
		transferChanged: 'the transfer was changed by someone else',
		transferDependsOnUnknown: 'dependsOn: no task {keys} in this cutover',
		totalBelowDone: 'total: must not be less than what is done ({done})',
		onePlan: 'plannedMinutes: {rule} (send the other as null to change how it is planned)',
		planTooSlow:
			'plannedRatePerHour: is too slow for the total: the transfer would take more than {minutes} minutes',
		progressInFuture: 'at: must not be in the future (more than 5 minutes ahead of the server clock)',
		doneAboveTotal: 'done: {done} is more than the total ({total} {unit})',
		progressBackwards:
			'progress went backwards: {done} is less than the {reported} {unit} already reported; send reset: true if the stream restarted',
		progressOlder:
			'at: the report is older than the last one ({time}); send reset: true if the stream restarted',
		transferRaced: 'the transfer changed at the same moment; report again',
		// Metrics
		metricNotFound: 'no metric "{key}" in this cutover',
		metricKeyTaken: 'a metric with the key "{key}" already exists',
		metricChanged: 'the metric was changed by someone else',
		webhookNotFound: 'no webhook endpoint {id} in this cutover',
		webhookChanged: 'the webhook endpoint was changed by someone else',
		metricLinesOrder:
			'critical: must be {side} the warning level ({warning}) for a metric that breaches {direction}',
		sampleInvalid: 'samples.{index}{field}: {problem}; nothing of the batch was kept',
		sampleUnknownMetric:
			'samples.{index}.metric: no metric "{key}" in this cutover; nothing of the batch was kept',
		sampleInFuture:
			'samples.{index}.at: more than 5 minutes ahead of the server clock; nothing of the batch was kept',
		// Decision points
		decisionNotFound: 'no decision point "{key}" in this cutover',
		decisionKeyReserved: 'key: "{key}" is reserved; choose another key',
		decisionKeyTaken: 'a decision point with the key "{key}" already exists',
		usersNotFound: '{field}: no user named {names}',
		usersDisabled: '{field}: {names} cannot sign in (disabled)',
		votersMayNot: '{field}: {names} may not vote on a decision point (only steering members and admins do)',
		chairMayNot: '{field}: {names} may not chair a decision point (only steering members and admins do)',
		checkpointTaskNotFound: 'checkpointTask: no task {key} in this cutover',
		reviewedNotFound: 'reviews.decision: no decision point "{key}"',
		reviewedOrderedNoFixes:
			'reviews.decision: decision "{key}" did not order fixes, so there is nothing to re-review',
		reviewItemsUnknown: 'reviews.items: not follow-up items of decision "{key}": {items}',
		criterionNotFound: 'no criterion {id} on decision "{key}"',
		criterionOwnerOnly: 'only {owner} or an operator may update the criterion "{title}"',
		criterionChanged:
			'the criterion "{title}" was changed by someone else: it is now {state} (version {version})',
		voteByName: 'votes are cast by name: sign in as the voter (an API token cannot vote)',
		notAVoter: '{voter} is not a voter on this decision',
		decisionMade: 'the decision has been made: votes are closed',
		votingClosed: 'voting closed at the decision point’s closing time',
		outcomeByName:
			'an outcome is recorded by name: sign in as the chair or an admin (an API token cannot record outcomes)',
		chairOnly: 'only the chair ({chair}) or an admin may record the outcome of decision "{key}"',
		supersedesUnknown: 'supersedes: no such outcome on this decision',
		supersedesNotStanding: 'supersedes: only the standing outcome can be corrected',
		outcomeExists: 'the decision already has an outcome; record a correction that supersedes it instead',
		mandatoryNoGo: 'a mandatory voter says no-go: {voters}',
		noQuorum: 'no quorum yet: {cast} of {quorum, plural, one {# vote} other {# votes}} cast',
		extendNotLater: 'newWindowEnd: must be after the current window end',
		// The live board's own refusals
		noAnswer: 'the server did not answer in time; the board will catch up'
	},
	fi: {
		internal: 'palvelimella tapahtui virhe (virheen tunnus {id})',
		databaseUnavailable:
			'palvelin ei saa yhteyttä tietokantaansa: muutokset ovat tauolla; yritä hetken kuluttua uudelleen',
		signInFirst: 'kirjaudu ensin sisään',
		sendCredentials: 'lähetä istuntoeväste tai Authorization: Bearer -avain',
		tokenUnknown: 'API-avain on tuntematon tai peruttu',
		wrongCredentials: 'väärä käyttäjätunnus tai salasana',
		roleMayNot: 'roolisi ({role}) ei salli tätä toimintoa',
		tokenOtherCutover: 'tämä API-avain on rajattu toiseen käyttöönottoon',
		tooManyAttempts: 'liian monta epäonnistunutta yritystä: yritä uudelleen {minutes} minuutin kuluttua',
		sessionEnded: 'istuntosi on päättynyt: kirjaudu uudelleen sisään',
		ssoUserNoPassword: '{username} kirjautuu kertakirjautumisella, eikä hänellä ole salasanaa täällä',
		ssoOff: 'kertakirjautumista ei ole otettu käyttöön',
		ssoFailed: 'kertakirjautuminen ei onnistunut: aloita alusta',
		ssoNoRole:
			'kertakirjautuminen: mikään ryhmistäsi ei anna sinulle roolia golivessa; käänny ylläpitäjän puoleen',
		ssoNoUsername: 'kertakirjautuminen: tunnistuspalvelu ei antanut käyttökelpoista käyttäjätunnusta',
		ssoUsernameTaken:
			'kertakirjautuminen: käyttäjätunnus "{username}" kuuluu täällä paikalliselle tilille; käänny ylläpitäjän puoleen',
		ssoDisabled: 'tilisi on poistettu käytöstä golivessa; käänny ylläpitäjän puoleen',
		payloadTooLarge: 'pyynnön sisältö on liian suuri',
		bodyNotJson: 'lähetä sisältö muodossa application/json',
		bodyInvalidJson: 'sisältö ei ole kelvollista JSONia',
		pathInvalid: 'polku ei kelpaa',
		headersTooLarge: 'pyyntörivi tai otsakkeet ovat liian suuria',
		requestMalformed: 'pyyntö ei ole kelvollista HTTP:tä',
		methodNotAllowed: 'tämä rajapinnan osoite ei ota vastaan metodia {method} (se ottaa: {allowed})',
		cursorInvalid: 'cursor ei ole tämän rajapinnan antama (käytä edellisen sivun nextCursor-arvoa)',
		idempotencyKeyReused: '{header}: avain on jo käytetty toiseen pyyntöön; lähetä uusi avain',
		idempotencyInProgress:
			'pyyntöä, jolla on tämä {header}, käsitellään vielä: yritä hetken kuluttua uudelleen',
		idempotencyAnswerLost:
			'pyyntö, jolla on tämä {header}, on jo toteutettu, mutta sen vastausta ei tallennettu: lue nykyinen tila uudelleen yrittämisen sijaan',
		noSuchEndpoint: 'rajapinnassa ei ole osoitetta {method} {path} (katso /api/v1/openapi.json)',
		setupDone: 'golive on jo otettu käyttöön: kirjaudu sisään',
		usernameTaken: 'käyttäjätunnus ”{username}” on jo varattu',
		userNotFound: 'käyttäjää ei ole',
		cannotDemoteSelf: 'et voi poistaa itseäsi käytöstä etkä ottaa itseltäsi pääkäyttäjän roolia',
		tokenCutoverNotFound: 'käyttöönottoa ”{slug}” ei ole',
		tokenNotFound: 'voimassa olevaa API-avainta ei ole',
		wallTokenNotReadOnly:
			'seinänäyttö ottaa vain lukuoikeuden API-avaimen (rooli katselija); tällä voi muuttaa tietoja',
		cutoverNotFound: 'käyttöönottoa ”{slug}” ei ole',
		cutoverGone: 'käyttöönottoa ei ole',
		tokenCannotCreateCutover: 'yhteen käyttöönottoon rajattu API-avain ei voi luoda uutta käyttöönottoa',
		slugTaken: 'lyhytnimi ”{slug}” on jo käytössä',
		cutoverChanged: 'joku muu muutti käyttöönottoa samaan aikaan',
		windowEndBeforeStart: 'ikkunan on päätyttävä alkunsa jälkeen',
		taskNotFound: 'tässä käyttöönotossa ei ole tehtävää ”{key}”',
		taskKeyTaken: 'tehtävä tunnuksella ”{key}” on jo olemassa',
		taskChanged: 'joku muu muutti tehtävää samaan aikaan',
		taskOwnerOnly: 'vain {owner} tai operaattori voi siirtää tehtävää {key}',
		taskMovedMeanwhile: 'joku muu muutti tehtävää {key} samaan aikaan (nyt versio {version})',
		taskMoveNotAllowed: 'tehtävää {key} ei voi siirtää tähän tilaan sen nykyisestä tilasta',
		taskNotBefore: 'tehtävää {key} ei saa aloittaa ennen {time}',
		taskWaiting: 'tehtävä {key} odottaa, että {keys} valmistuu',
		checkpointUndecided:
			'tehtävä {key} on tarkistuspiste: sen voi merkitä valmiiksi vasta, kun päätöspisteessä ”{decision}” on päätetty jatkaa (päätöstä ei ole vielä tehty)',
		checkpointNotGo:
			'tehtävä {key} on tarkistuspiste: sen voi merkitä valmiiksi vasta, kun päätöspisteessä ”{decision}” on päätetty jatkaa (voimassa oleva päätös on muu kuin jatkaa)',
		checkpointHeldUndecided:
			'tehtävä {key} on tarkistuspiste: sen voi vain aloittaa tai palauttaa aloittamattomaksi, kunnes päätöspisteessä ”{decision}” on päätetty jatkaa (päätöstä ei ole vielä tehty)',
		checkpointHeldNotGo:
			'tehtävä {key} on tarkistuspiste: sen voi vain aloittaa tai palauttaa aloittamattomaksi, kunnes päätöspisteessä ”{decision}” on päätetty jatkaa (voimassa oleva päätös on muu kuin jatkaa)',
		afterCheckpointUndecided:
			'tehtävä {key} tulee tarkistuspisteen {checkpoint} jälkeen: sitä ei voi aloittaa ennen kuin päätöspisteessä ”{decision}” on päätetty jatkaa (päätöstä ei ole vielä tehty)',
		afterCheckpointNotGo:
			'tehtävä {key} tulee tarkistuspisteen {checkpoint} jälkeen: sitä ei voi aloittaa ennen kuin päätöspisteessä ”{decision}” on päätetty jatkaa (voimassa oleva päätös on muu kuin jatkaa)',
		phasesNotListed: 'tehtävissä on vaiheita, joita ei ole lueteltu: {phases}',
		runbookAlreadyMoved:
			'ajokirjaa ei voi korvata: {count, plural, one {# tehtävä} other {# tehtävää}} on jo liikkunut (esim. {key})',
		duplicateKeys: 'ajokirjaa ei voi aikatauluttaa: sama tehtävätunnus useasti: {keys}',
		unknownDependencies: 'ajokirjaa ei voi aikatauluttaa: tuntemattomia riippuvuuksia: {pairs}',
		dependencyCycle: 'ajokirjaa ei voi aikatauluttaa: riippuvuudet muodostavat kehän: {cycle}',
		csvUnknownTimeZone: '”{timeZone}” ei ole tunnettu aikavyöhyke',
		csvUnreadable: 'CSV-tiedostoa ei voi lukea: {error}',
		csvEmpty: 'CSV on tyhjä: odotettiin otsikkoriviä ja tehtäviä',
		csvTooManyTasks: 'CSV:ssä on {count} tehtävää; enintään {max} sallitaan',
		csvNoTasks: 'CSV:ssä on otsikkorivi mutta ei tehtäviä',
		csvHeader: 'CSV:n otsikkorivi ei kelpaa; odotetut sarakkeet: {expected}',
		csvBadLines:
			'CSV:ssä on {count, plural, one {# virheellinen rivi} other {# virheellistä riviä}}, joten mitään ei tuotu',
		runbookInvalid: 'ajokirjassa on {count, plural, one {# virhe} other {# virhettä}}, joten mitään ei tuotu',
		importNothing: 'valitse tiedosto tai liitä ajokirja',
		importNotJson: 'tiedosto ei ole kelvollista JSONia',
		importTooLarge: 'tiedosto on suurempi kuin 2 Mt',
		transferNotFound: 'tässä käyttöönotossa ei ole tiedonsiirtoa ”{key}”',
		transferNotFoundIn: 'käyttöönotossa {slug} ei ole tiedonsiirtoa ”{key}”',
		transferKeyTaken: 'tiedonsiirto tunnuksella ”{key}” on jo olemassa',
		transferChanged: 'joku muu muutti tiedonsiirtoa samaan aikaan',
		transferDependsOnUnknown: 'tässä käyttöönotossa ei ole tehtävää {keys}',
		totalBelowDone: 'kokonaismäärä ei voi olla pienempi kuin jo siirretty määrä ({done})',
		onePlan:
			'anna joko suunniteltu nopeus tai suunnitellut minuutit, ei molempia (lähetä toinen arvona null, jos vaihdat suunnittelutapaa)',
		planTooSlow: 'suunniteltu nopeus on liian hidas: siirto kestäisi yli {minutes} minuuttia',
		progressInFuture:
			'ilmoituksen aika ei voi olla tulevaisuudessa (yli 5 minuuttia palvelimen kelloa edellä)',
		doneAboveTotal: 'siirretty määrä {done} on suurempi kuin kokonaismäärä ({total} {unit})',
		progressBackwards:
			'edistyminen meni taaksepäin: {done} on vähemmän kuin jo ilmoitettu {reported} {unit}; lähetä reset: true, jos siirto aloitettiin alusta',
		progressOlder:
			'ilmoitus on vanhempi kuin edellinen ({time}); lähetä reset: true, jos siirto aloitettiin alusta',
		transferRaced: 'tiedonsiirto muuttui samalla hetkellä; ilmoita uudelleen',
		metricNotFound: 'tässä käyttöönotossa ei ole mittaria ”{key}”',
		metricKeyTaken: 'mittari tunnuksella ”{key}” on jo olemassa',
		metricChanged: 'joku muu muutti mittaria samaan aikaan',
		webhookNotFound: 'tässä käyttöönotossa ei ole webhook-osoitetta {id}',
		webhookChanged: 'joku muu muutti webhook-osoitetta samaan aikaan',
		metricLinesOrder:
			'kriittisen tason on oltava varoitustason ({warning}) takana siihen suuntaan, johon mittari hälyttää',
		sampleInvalid: 'näyte {index}: kenttä ei kelpaa; erästä ei tallennettu mitään',
		sampleUnknownMetric:
			'näyte {index}: tässä käyttöönotossa ei ole mittaria ”{key}”; erästä ei tallennettu mitään',
		sampleInFuture:
			'näyte {index}: aika on yli 5 minuuttia palvelimen kelloa edellä; erästä ei tallennettu mitään',
		decisionNotFound: 'tässä käyttöönotossa ei ole päätöspistettä ”{key}”',
		decisionKeyReserved: 'tunnus ”{key}” on varattu; valitse toinen tunnus',
		decisionKeyTaken: 'päätöspiste tunnuksella ”{key}” on jo olemassa',
		usersNotFound: 'käyttäjää ei ole: {names}',
		usersDisabled: '{names} ei voi kirjautua sisään (käyttäjä on poistettu käytöstä)',
		votersMayNot:
			'{names} ei voi äänestää päätöspisteessä: vain ohjausryhmän jäsenet ja pääkäyttäjät äänestävät',
		chairMayNot:
			'{names} ei voi toimia päätöspisteen puheenjohtajana: vain ohjausryhmän jäsenet ja pääkäyttäjät voivat',
		checkpointTaskNotFound: 'tässä käyttöönotossa ei ole tarkistuspistetehtävää {key}',
		reviewedNotFound: 'tarkastettavaa päätöspistettä ”{key}” ei ole',
		reviewedOrderedNoFixes: 'päätöspisteessä ”{key}” ei määrätty korjauksia, joten tarkastettavaa ei ole',
		reviewItemsUnknown: 'nämä eivät ole päätöspisteen ”{key}” jatkotoimia: {items}',
		criterionNotFound: 'päätöspisteessä ”{key}” ei ole kriteeriä {id}',
		criterionOwnerOnly: 'vain {owner} tai operaattori voi päivittää kriteeriä ”{title}”',
		criterionChanged: 'joku muu muutti kriteeriä ”{title}” samaan aikaan (nyt versio {version})',
		voteByName: 'äänet annetaan omalla nimellä: kirjaudu sisään äänestäjänä (API-avaimella ei voi äänestää)',
		notAVoter: '{voter} ei ole tämän päätöspisteen äänestäjä',
		decisionMade: 'päätös on tehty: äänestys on päättynyt',
		votingClosed: 'äänestys päättyi päätöspisteen sulkeutumisaikaan',
		outcomeByName:
			'päätös kirjataan omalla nimellä: kirjaudu sisään puheenjohtajana tai pääkäyttäjänä (API-avaimella ei voi kirjata päätöksiä)',
		chairOnly: 'vain puheenjohtaja ({chair}) tai pääkäyttäjä voi kirjata päätöspisteen ”{key}” päätöksen',
		supersedesUnknown: 'korjattavaa päätöstä ei ole tässä päätöspisteessä',
		supersedesNotStanding: 'vain voimassa olevaa päätöstä voi korjata',
		outcomeExists: 'päätöspisteellä on jo päätös; kirjaa sen sijaan korjaus, joka korvaa sen',
		mandatoryNoGo: 'pakollinen äänestäjä on jatkamista vastaan: {voters}',
		noQuorum: 'ei vielä päätösvaltainen: {cast}/{quorum} ääntä annettu',
		extendNotLater: 'uuden päättymisajan on oltava nykyisen ikkunan päättymisen jälkeen',
		noAnswer: 'palvelin ei vastannut ajoissa; taulu päivittyy pian ajan tasalle'
	},
	sv: {
		internal: 'något gick fel på servern (fel-id {id})',
		databaseUnavailable: 'servern når inte sin databas: ändringar är pausade; försök igen om en stund',
		signInFirst: 'logga in först',
		sendCredentials: 'skicka en sessionscookie eller en Authorization: Bearer-nyckel',
		tokenUnknown: 'API-nyckeln är okänd eller återkallad',
		wrongCredentials: 'fel användarnamn eller lösenord',
		roleMayNot: 'din roll ({role}) tillåter inte den här åtgärden',
		tokenOtherCutover: 'den här API-nyckeln är begränsad till en annan driftsättning',
		tooManyAttempts: 'för många misslyckade försök: försök igen om {minutes} min',
		sessionEnded: 'din session har upphört: logga in igen',
		ssoUserNoPassword: '{username} loggar in med enkel inloggning och har inget lösenord här',
		ssoOff: 'enkel inloggning är inte konfigurerad',
		ssoFailed: 'den enkla inloggningen slutfördes inte: börja om',
		ssoNoRole: 'enkel inloggning: ingen av dina grupper ger dig en roll i golive; kontakta en administratör',
		ssoNoUsername: 'enkel inloggning: identitetsleverantören gav inget användbart användarnamn',
		ssoUsernameTaken:
			'enkel inloggning: användarnamnet "{username}" tillhör ett lokalt konto här; kontakta en administratör',
		ssoDisabled: 'ditt konto är inaktiverat i golive; kontakta en administratör',
		payloadTooLarge: 'förfrågans innehåll är för stort',
		bodyNotJson: 'skicka innehållet som application/json',
		bodyInvalidJson: 'innehållet är inte giltig JSON',
		pathInvalid: 'sökvägen är ogiltig',
		headersTooLarge: 'förfrågningsraden eller huvudena är för stora',
		requestMalformed: 'förfrågan är inte giltig HTTP',
		methodNotAllowed: 'den här adressen i API:et tar inte emot {method} (den tar: {allowed})',
		cursorInvalid: 'cursor kommer inte från det här API:et (använd nextCursor från föregående sida)',
		idempotencyKeyReused: '{header}: nyckeln har redan använts för en annan förfrågan; skicka en ny nyckel',
		idempotencyInProgress: 'en förfrågan med denna {header} behandlas fortfarande: försök igen om en stund',
		idempotencyAnswerLost:
			'en förfrågan med denna {header} har redan genomförts, men dess svar sparades inte: läs det aktuella läget i stället för att försöka igen',
		noSuchEndpoint: 'API:et har ingen adress {method} {path} (se /api/v1/openapi.json)',
		setupDone: 'golive är redan konfigurerat: logga in i stället',
		usernameTaken: 'användarnamnet ”{username}” är redan upptaget',
		userNotFound: 'användaren finns inte',
		cannotDemoteSelf: 'du kan inte inaktivera dig själv eller ta bort din egen administratörsroll',
		tokenCutoverNotFound: 'driftsättningen ”{slug}” finns inte',
		tokenNotFound: 'det finns ingen sådan aktiv API-nyckel',
		wallTokenNotReadOnly:
			'en väggskärm tar bara en API-nyckel med läsrätt (roll läsare); med den här kan man ändra saker',
		cutoverNotFound: 'driftsättningen ”{slug}” finns inte',
		cutoverGone: 'driftsättningen finns inte',
		tokenCannotCreateCutover: 'en API-nyckel som är begränsad till en driftsättning kan inte skapa en ny',
		slugTaken: 'kortnamnet ”{slug}” är redan upptaget',
		cutoverChanged: 'någon annan ändrade driftsättningen samtidigt',
		windowEndBeforeStart: 'fönstret måste sluta efter att det börjar',
		taskNotFound: 'det finns ingen uppgift ”{key}” i den här driftsättningen',
		taskKeyTaken: 'det finns redan en uppgift med nyckeln ”{key}”',
		taskChanged: 'någon annan ändrade uppgiften samtidigt',
		taskOwnerOnly: 'bara {owner} eller en operatör får flytta uppgiften {key}',
		taskMovedMeanwhile: 'någon annan ändrade uppgiften {key} samtidigt (nu version {version})',
		taskMoveNotAllowed: 'uppgiften {key} kan inte flyttas till den statusen från sin nuvarande status',
		taskNotBefore: 'uppgiften {key} får inte starta före {time}',
		taskWaiting: 'uppgiften {key} väntar på att {keys} blir klar',
		checkpointUndecided:
			'uppgiften {key} är en kontrollpunkt: den kan markeras klar först efter ett kör-beslut i beslutspunkten ”{decision}” (inget beslut ännu)',
		checkpointNotGo:
			'uppgiften {key} är en kontrollpunkt: den kan markeras klar först efter ett kör-beslut i beslutspunkten ”{decision}” (beslutet är inte kör)',
		checkpointHeldUndecided:
			'uppgiften {key} är en kontrollpunkt: tills beslutspunkten ”{decision}” har gett ett kör-beslut kan den bara påbörjas eller återställas till ej påbörjad (inget beslut ännu)',
		checkpointHeldNotGo:
			'uppgiften {key} är en kontrollpunkt: tills beslutspunkten ”{decision}” har gett ett kör-beslut kan den bara påbörjas eller återställas till ej påbörjad (beslutet är inte kör)',
		afterCheckpointUndecided:
			'uppgiften {key} kommer efter kontrollpunkten {checkpoint}: den kan inte starta före ett kör-beslut i beslutspunkten ”{decision}” (inget beslut ännu)',
		afterCheckpointNotGo:
			'uppgiften {key} kommer efter kontrollpunkten {checkpoint}: den kan inte starta före ett kör-beslut i beslutspunkten ”{decision}” (beslutet är inte kör)',
		phasesNotListed: 'uppgifterna nämner faser som inte finns i listan: {phases}',
		runbookAlreadyMoved:
			'körplanen kan inte ersättas: {count, plural, one {# uppgift} other {# uppgifter}} har redan flyttats (t.ex. {key})',
		duplicateKeys: 'körplanen kan inte schemaläggas: samma uppgiftsnyckel flera gånger: {keys}',
		unknownDependencies: 'körplanen kan inte schemaläggas: okända beroenden: {pairs}',
		dependencyCycle: 'körplanen kan inte schemaläggas: beroendena bildar en cirkel: {cycle}',
		csvUnknownTimeZone: '”{timeZone}” är ingen känd tidszon',
		csvUnreadable: 'CSV-filen kan inte läsas: {error}',
		csvEmpty: 'CSV-filen är tom: en rubrikrad och uppgifter förväntades',
		csvTooManyTasks: 'CSV-filen har {count} uppgifter; högst {max} är tillåtna',
		csvNoTasks: 'CSV-filen har en rubrikrad men inga uppgifter',
		csvHeader: 'CSV-filens rubrikrad duger inte; förväntade kolumner: {expected}',
		csvBadLines:
			'CSV-filen har {count, plural, one {# felaktig rad} other {# felaktiga rader}}, så inget importerades',
		runbookInvalid: 'körplanen har {count, plural, one {# fel} other {# fel}}, så inget importerades',
		importNothing: 'välj en fil eller klistra in en körplan',
		importNotJson: 'filen är inte giltig JSON',
		importTooLarge: 'filen är större än 2 MB',
		transferNotFound: 'det finns ingen överföring ”{key}” i den här driftsättningen',
		transferNotFoundIn: 'det finns ingen överföring ”{key}” i {slug}',
		transferKeyTaken: 'det finns redan en överföring med nyckeln ”{key}”',
		transferChanged: 'någon annan ändrade överföringen samtidigt',
		transferDependsOnUnknown: 'det finns ingen uppgift {keys} i den här driftsättningen',
		totalBelowDone: 'totalen får inte vara mindre än det som redan är klart ({done})',
		onePlan:
			'ange antingen en planerad takt eller planerade minuter, inte båda (skicka den andra som null för att ändra hur den planeras)',
		planTooSlow: 'den planerade takten är för långsam: överföringen skulle ta mer än {minutes} minuter',
		progressInFuture: 'rapportens tid får inte ligga i framtiden (mer än 5 minuter före serverns klocka)',
		doneAboveTotal: '{done} klart är mer än totalen ({total} {unit})',
		progressBackwards:
			'framstegen gick bakåt: {done} är mindre än de {reported} {unit} som redan rapporterats; skicka reset: true om strömmen startade om',
		progressOlder: 'rapporten är äldre än den senaste ({time}); skicka reset: true om strömmen startade om',
		transferRaced: 'överföringen ändrades i samma ögonblick; rapportera igen',
		metricNotFound: 'det finns inget mätvärde ”{key}” i den här driftsättningen',
		metricKeyTaken: 'det finns redan ett mätvärde med nyckeln ”{key}”',
		metricChanged: 'någon annan ändrade mätvärdet samtidigt',
		webhookNotFound: 'ingen webhook-adress {id} i den här driftsättningen',
		webhookChanged: 'någon annan ändrade webhook-adressen samtidigt',
		metricLinesOrder:
			'den kritiska nivån måste ligga bortom varningsnivån ({warning}) i den riktning mätvärdet larmar',
		sampleInvalid: 'prov {index}: ett fält är ogiltigt; inget av satsen sparades',
		sampleUnknownMetric:
			'prov {index}: det finns inget mätvärde ”{key}” i den här driftsättningen; inget av satsen sparades',
		sampleInFuture:
			'prov {index}: tiden ligger mer än 5 minuter före serverns klocka; inget av satsen sparades',
		decisionNotFound: 'det finns ingen beslutspunkt ”{key}” i den här driftsättningen',
		decisionKeyReserved: 'nyckeln ”{key}” är reserverad; välj en annan nyckel',
		decisionKeyTaken: 'det finns redan en beslutspunkt med nyckeln ”{key}”',
		usersNotFound: 'det finns ingen användare med namnet {names}',
		usersDisabled: '{names} kan inte logga in (inaktiverad)',
		votersMayNot:
			'{names} får inte rösta i en beslutspunkt: bara styrgruppens medlemmar och administratörer röstar',
		chairMayNot:
			'{names} får inte vara ordförande för en beslutspunkt: bara styrgruppens medlemmar och administratörer får det',
		checkpointTaskNotFound: 'det finns ingen kontrollpunktsuppgift {key} i den här driftsättningen',
		reviewedNotFound: 'beslutspunkten ”{key}” som ska granskas finns inte',
		reviewedOrderedNoFixes:
			'beslutspunkten ”{key}” beställde inga åtgärder, så det finns inget att granska om',
		reviewItemsUnknown: 'det här är inte uppföljningspunkter i beslutspunkten ”{key}”: {items}',
		criterionNotFound: 'beslutspunkten ”{key}” har inget kriterium {id}',
		criterionOwnerOnly: 'bara {owner} eller en operatör får uppdatera kriteriet ”{title}”',
		criterionChanged: 'någon annan ändrade kriteriet ”{title}” samtidigt (nu version {version})',
		voteByName: 'man röstar i eget namn: logga in som den röstberättigade (en API-nyckel kan inte rösta)',
		notAVoter: '{voter} är inte röstberättigad i den här beslutspunkten',
		decisionMade: 'beslutet är fattat: röstningen är stängd',
		votingClosed: 'röstningen stängdes vid beslutspunktens stängningstid',
		outcomeByName:
			'ett beslut registreras i eget namn: logga in som ordförande eller administratör (en API-nyckel kan inte registrera beslut)',
		chairOnly:
			'bara ordföranden ({chair}) eller en administratör får registrera beslutet i beslutspunkten ”{key}”',
		supersedesUnknown: 'beslutet som ska rättas finns inte i den här beslutspunkten',
		supersedesNotStanding: 'bara det gällande beslutet kan rättas',
		outcomeExists: 'beslutspunkten har redan ett beslut; registrera i stället en rättelse som ersätter det',
		mandatoryNoGo: 'en obligatorisk röstberättigad säger kör inte: {voters}',
		noQuorum:
			'inte beslutsmässigt ännu: {cast} av {quorum, plural, one {# röst avgiven} other {# röster avgivna}}',
		extendNotLater: 'den nya sluttiden måste ligga efter fönstrets nuvarande slut',
		noAnswer: 'servern svarade inte i tid; tavlan kommer i kapp'
	}
});
