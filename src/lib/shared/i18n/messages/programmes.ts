import { defineMessages } from '../define';

/** Programmes of many waves: the programme board, inventory, templates, sign-offs, and their activity lines. */
export const programmes = defineMessages({
	en: {
		title: 'Programmes',
		stage_unplanned: 'Unplanned',
		stage_planned: 'Planned',
		stage_moving: 'Moving',
		stage_moved: 'Moved, awaiting sign-off',
		stage_problems: 'Problems reported',
		stage_migrated: 'Migrated',
		verdict_works: 'Works',
		verdict_problems: 'Problems',
		environment_test: 'Test',
		environment_production: 'Production',
		ev_inventory_imported: '{actor} imported the inventory ({created} new, {updated} changed)',
		ev_system_updated: 'System {system}: {stage}',
		ev_template_saved: '{actor} saved template {template} (version {version})',
		ev_wave_built: '{actor} built wave {wave} with {count, plural, one {# system} other {# systems}}',
		ev_wave_reapplied: '{actor} re-applied the templates of wave {wave}',
		ev_signoff_requested: '{actor} asked {tester} to sign off {system}',
		ev_signed_off: '{tester} signed off {system}: {verdict}'
	},
	fi: {
		title: 'Ohjelmat',
		stage_unplanned: 'Suunnittelematta',
		stage_planned: 'Suunniteltu',
		stage_moving: 'Siirrossa',
		stage_moved: 'Siirretty, odottaa hyväksyntää',
		stage_problems: 'Ongelmia ilmoitettu',
		stage_migrated: 'Siirretty ja hyväksytty',
		verdict_works: 'Toimii',
		verdict_problems: 'Ongelmia',
		environment_test: 'Testi',
		environment_production: 'Tuotanto',
		ev_inventory_imported: '{actor} toi järjestelmäluettelon ({created} uutta, {updated} muuttunutta)',
		ev_system_updated: 'Järjestelmä {system}: {stage}',
		ev_template_saved: '{actor} tallensi pohjan {template} (versio {version})',
		ev_wave_built:
			'{actor} muodosti aallon {wave}: {count, plural, one {# järjestelmä} other {# järjestelmää}}',
		ev_wave_reapplied: '{actor} sovelsi aallon {wave} pohjat uudelleen',
		ev_signoff_requested: '{actor} pyysi testaajaa {tester} hyväksymään järjestelmän {system}',
		ev_signed_off: '{tester} kuittasi järjestelmän {system}: {verdict}'
	},
	sv: {
		title: 'Program',
		stage_unplanned: 'Oplanerad',
		stage_planned: 'Planerad',
		stage_moving: 'Flyttas',
		stage_moved: 'Flyttad, väntar på godkännande',
		stage_problems: 'Problem rapporterade',
		stage_migrated: 'Migrerad',
		verdict_works: 'Fungerar',
		verdict_problems: 'Problem',
		environment_test: 'Test',
		environment_production: 'Produktion',
		ev_inventory_imported: '{actor} importerade förteckningen ({created} nya, {updated} ändrade)',
		ev_system_updated: 'System {system}: {stage}',
		ev_template_saved: '{actor} sparade mallen {template} (version {version})',
		ev_wave_built: '{actor} byggde vågen {wave} med {count, plural, one {# system} other {# system}}',
		ev_wave_reapplied: '{actor} tillämpade mallarna för vågen {wave} på nytt',
		ev_signoff_requested: '{actor} bad {tester} att godkänna {system}',
		ev_signed_off: '{tester} gav sitt omdöme om {system}: {verdict}'
	}
});
