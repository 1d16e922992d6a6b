/** The action rows of a report or an analysis form (ActionRows.svelte): rows left blank are not actions. */
import { field } from './form';

export function actionRowsOf(data: FormData): { text: string; owner: string; due: string }[] {
	return data
		.getAll('actionRow')
		.map((row) => ({
			text: field(data, `action${row}_text`),
			owner: field(data, `action${row}_owner`),
			due: field(data, `action${row}_due`)
		}))
		.filter((a) => a.text.trim() || a.owner.trim() || a.due.trim());
}
