import { defineMessages } from '../define';

/** User notices: the editor, the service desk's view and their entries in the activity feed. */
export const notices = defineMessages({
	en: {
		ev_created: '{actor} drafted notice {ref}',
		ev_updated: '{actor} changed notice {ref} ({fields})',
		ev_published: '{actor} published notice {ref}',
		ev_update: '{actor} published an update to notice {ref}',
		ev_correction: '{actor} published a correction to notice {ref}',
		ev_withdrawn: '{actor} withdrew notice {ref}',
		ev_settings: '{actor} changed the notice settings'
	},
	fi: {
		ev_created: '{actor} luonnosteli tiedotteen {ref}',
		ev_updated: '{actor} muutti tiedotetta {ref} ({fields})',
		ev_published: '{actor} julkaisi tiedotteen {ref}',
		ev_update: '{actor} julkaisi päivityksen tiedotteeseen {ref}',
		ev_correction: '{actor} julkaisi oikaisun tiedotteeseen {ref}',
		ev_withdrawn: '{actor} veti tiedotteen {ref} pois',
		ev_settings: '{actor} muutti tiedotteiden asetuksia'
	},
	sv: {
		ev_created: '{actor} skrev ett utkast till meddelande {ref}',
		ev_updated: '{actor} ändrade meddelande {ref} ({fields})',
		ev_published: '{actor} publicerade meddelande {ref}',
		ev_update: '{actor} publicerade en uppdatering av meddelande {ref}',
		ev_correction: '{actor} publicerade en rättelse av meddelande {ref}',
		ev_withdrawn: '{actor} drog tillbaka meddelande {ref}',
		ev_settings: '{actor} ändrade inställningarna för meddelanden'
	}
});
