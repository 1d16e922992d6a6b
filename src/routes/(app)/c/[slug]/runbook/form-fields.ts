/** The runbook page's task and transfer forms, read into the shapes the task and transfer schemas take. */
import { field } from '$lib/server/http/form';
import { clockTimeField } from '$lib/server/http/wall-time';
import type { FieldIssue } from '$lib/shared/i18n';
import { fieldIssue } from '$lib/shared/i18n/field-issues';

const ESTIMATE_FIELDS = {
	optimistic: 'estimateOptimistic',
	likely: 'estimateLikely',
	pessimistic: 'estimatePessimistic'
} as const;

/**
 * Reads a submitted form. Blank numeric fields mean "not set"; text that is not a number (or a time that cannot be
 * read) becomes an issue on its field (never a NaN for the schema to trip over), reported together with the
 * schema's by `parseForm`.
 */
export class FormReader {
	readonly issues: FieldIssue[] = [];

	constructor(private readonly data: FormData) {}

	text(name: string): string {
		return field(this.data, name);
	}

	/** Keys separated by commas, semicolons or spaces. */
	keys(name: string): string[] {
		return field(this.data, name)
			.split(/[\s,;]+/)
			.filter(Boolean);
	}

	/** The field's number, or `blank` when it is empty (or not a number, which is noted as an issue). */
	number<B extends null | undefined>(name: string, blank: B): number | B {
		const text = field(this.data, name).trim();
		if (text === '') return blank;
		return this.toNumber(name, text) ?? blank;
	}

	/** Numbers separated by commas, semicolons or spaces (none when the field is empty). */
	numbers(name: string): number[] {
		const items = field(this.data, name)
			.split(/[\s,;]+/)
			.filter(Boolean);
		return items.flatMap((text) => this.toNumber(name, text) ?? []);
	}

	/** A three-point estimate: all three fields, or null when all are empty; anything in between is an issue. */
	estimate(): { optimistic: number; likely: number; pessimistic: number } | null | undefined {
		const before = this.issues.length;
		const [optimistic, likely, pessimistic] = Object.values(ESTIMATE_FIELDS).map((name) =>
			this.number(name, undefined)
		);
		if (this.issues.length > before) return undefined;
		const given = [optimistic, likely, pessimistic].filter((v) => v !== undefined).length;
		if (given === 0) return null;
		if (optimistic === undefined || likely === undefined || pessimistic === undefined) {
			this.issues.push(fieldIssue('estimate', 'estimateIncomplete'));
			return undefined;
		}
		return { optimistic, likely, pessimistic };
	}

	/** A date and time field, read as clock time in `zone`: an ISO time with offset, or null when empty. */
	clockTime(name: string, zone: string): string | null | undefined {
		return clockTimeField(this.issues, name, field(this.data, name), zone);
	}

	private toNumber(name: string, text: string): number | null {
		const value = Number(text);
		if (Number.isFinite(value)) return value;
		this.issues.push(fieldIssue(name, 'notANumber', { value: text }));
		return null;
	}
}

/** The planned fields of a task form, as the task schemas take them (times read in the cutover's zone). */
export function taskFields(form: FormReader, zone: string) {
	return {
		title: form.text('title'),
		description: form.text('description'),
		phase: form.text('phase'),
		owner: form.text('owner'),
		durationMinutes: form.number('durationMinutes', undefined),
		notBefore: form.clockTime('notBefore', zone),
		dependsOn: form.keys('dependsOn'),
		dependsOnTransfers: form.keys('dependsOnTransfers'),
		estimate: form.estimate(),
		rehearsalMinutes: form.numbers('rehearsalMinutes')
	};
}

/** The fields of a transfer form, as the transfer schemas take them; a blank plan is no plan (null). */
export function transferFields(form: FormReader) {
	return {
		name: form.text('name'),
		unit: form.text('unit'),
		total: form.number('total', undefined),
		plannedRatePerHour: form.number('plannedRatePerHour', null),
		plannedMinutes: form.number('plannedMinutes', null),
		stallAfterMinutes: form.number('stallAfterMinutes', undefined),
		dependsOn: form.keys('dependsOn')
	};
}

/** The version the form was loaded with, for optimistic concurrency (none when missing). */
export function expectedVersion(form: FormReader): number | undefined {
	return Number(form.text('expectedVersion')) || undefined;
}

/** The fields of a metric form, as the metric schemas take them; a blank line is no line (null). */
export function metricFields(form: FormReader) {
	return {
		name: form.text('name'),
		unit: form.text('unit'),
		kind: form.text('kind'),
		direction: form.text('direction'),
		warning: form.number('warning', null),
		critical: form.number('critical', null),
		sustainSeconds: form.number('sustainSeconds', undefined),
		clearMargin: form.number('clearMargin', undefined),
		services: form.keys('services'),
		// Pushed unless a source is chosen; a pushed metric has no selector.
		source: form.text('source') || null,
		selector: form.text('source') ? form.text('selector') || null : null
	};
}

/** The fields of a metric source form, as the source schemas take them. */
export function sourceFields(form: FormReader) {
	return {
		kind: form.text('kind'),
		url: form.text('url'),
		intervalSeconds: form.number('intervalSeconds', undefined),
		timeoutMs: form.number('timeoutMs', undefined)
	};
}
