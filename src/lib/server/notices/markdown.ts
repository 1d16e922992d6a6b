/**
 * The one renderer of notice bodies: a small Markdown subset (paragraphs, emphasis, lists, links to http, https and
 * mailto, line breaks) and nothing else: no raw HTML, no images, no tables, no headings, no code. The parser never
 * emits HTML it was not asked for; an allow-list sanitizer then guards its output a second time, so no text from
 * anyone runs script wherever a notice is shown. Mails and feeds take the same text as plain text.
 */
import MarkdownIt, { type Token } from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import { NOTICE_LANGS, type NoticeLang } from '../../shared/notices/rules';

const LINK_SCHEMES = ['http', 'https', 'mailto'];
const LINK_REL = 'noopener noreferrer nofollow';

const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: true }).enable([
	'emphasis',
	'list',
	'link',
	'newline',
	'escape',
	'entity'
]);

/** Only absolute http, https and mailto links become links; any other stays as its text. */
md.validateLink = (url: string) => /^(https?:\/\/|mailto:)/i.test(url.trim());

md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
	tokens[idx].attrSet('rel', LINK_REL);
	return self.renderToken(tokens, idx, options);
};

const SANITIZE: sanitizeHtml.IOptions = {
	allowedTags: ['p', 'br', 'em', 'strong', 'ul', 'ol', 'li', 'a'],
	allowedAttributes: { a: ['href', 'rel'], ol: ['start'] },
	allowedSchemes: LINK_SCHEMES,
	allowedSchemesAppliedToAttributes: ['href'],
	allowProtocolRelative: false,
	disallowedTagsMode: 'escape',
	transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: LINK_REL }) }
};

/** A notice body as safe HTML. */
export function renderNoticeHtml(markdown: string): string {
	return sanitizeHtml(md.render(markdown), SANITIZE);
}

/** Each language's body as safe HTML (a language without a body is left out). */
export function renderNoticeBodies(
	bodies: Partial<Record<NoticeLang, string | undefined>>
): Partial<Record<NoticeLang, string>> {
	return Object.fromEntries(
		NOTICE_LANGS.flatMap((lang) => {
			const body = bodies[lang];
			return body === undefined ? [] : [[lang, renderNoticeHtml(body)]];
		})
	);
}

/** The text of inline tokens, a link followed by its address in brackets when the text does not say it. */
function inlineText(tokens: readonly Token[]): string {
	let out = '';
	let link: { href: string; from: number } | null = null;
	for (const t of tokens) {
		if (t.type === 'text') out += t.content;
		else if (t.type === 'softbreak' || t.type === 'hardbreak') out += '\n';
		else if (t.type === 'link_open') link = { href: String(t.attrGet('href') ?? ''), from: out.length };
		else if (t.type === 'link_close' && link) {
			const text = out.slice(link.from);
			const shown = link.href.replace(/^mailto:/i, '');
			if (text !== shown && text !== link.href) out += ` (${shown})`;
			link = null;
		}
	}
	return out;
}

/** A notice body as plain text for mails and feeds: paragraphs apart, list items marked, link addresses shown. */
export function noticePlainText(markdown: string): string {
	/** `list`: which top-level list an item is of (items of one list sit on lines of their own). */
	const blocks: { text: string; list: number | null }[] = [];
	const lists: { ordered: boolean; next: number }[] = [];
	let listsSeen = 0;
	let marker = '';
	for (const t of md.parse(markdown, {})) {
		if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
			if (lists.length === 0) listsSeen++;
			lists.push({ ordered: t.type === 'ordered_list_open', next: Number(t.attrGet('start') ?? 1) });
		} else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') lists.pop();
		else if (t.type === 'list_item_open') {
			const list = lists.at(-1)!;
			marker = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.next++}.` : '-'} `;
		} else if (t.type === 'inline') {
			const text = inlineText(t.children ?? []);
			const indent = ' '.repeat(marker.length || 2 * lists.length);
			blocks.push({
				text: (marker || (lists.length > 0 ? indent : '')) + text.replaceAll('\n', `\n${indent}`),
				list: lists.length > 0 ? listsSeen : null
			});
			marker = '';
		}
	}
	return blocks
		.map((b, i) => (i === 0 ? '' : b.list !== null && b.list === blocks[i - 1].list ? '\n' : '\n\n') + b.text)
		.join('');
}
