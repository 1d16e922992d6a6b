/**
 * A tiny escaping template for the status page: every interpolated value is escaped as HTML text unless it is
 * already `Html` (made by this template, or the notice renderer's sanitized output marked with `trusted`). The page
 * is rendered outside SvelteKit (the fast path, and the export under the CLI, where .svelte files do not load).
 */
export class Html {
	constructor(readonly text: string) {}
	toString(): string {
		return this.text;
	}
}

const ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'"': '&quot;',
	"'": '&#39;'
};

/** Text as HTML text or a quoted attribute's value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

type Part = Html | string | number | null | undefined | false | readonly Part[];

function piece(value: Part): string {
	if (value === null || value === undefined || value === false) return '';
	if (value instanceof Html) return value.text;
	if (Array.isArray(value)) return value.map(piece).join('');
	return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
	let out = strings[0];
	for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
	return new Html(out);
}

/** Marks HTML that is safe as it is: only for the notice renderer's sanitized output. */
export const trusted = (sanitized: string): Html => new Html(sanitized);
