/**
 * Notice bodies: a small Markdown subset (paragraphs, emphasis, lists, links to http, https and mailto, line
 * breaks) rendered by markdown-it with raw HTML off, then sanitized against an allow-list as a second guard, so
 * no text from anyone can run script where it is shown. The plain-text form is for mails and feeds.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const md = new MarkdownIt('zero', { html: false, linkify: false, breaks: true }).enable([
	'paragraph',
	'newline',
	'emphasis',
	'list',
	'link',
	'escape',
	'entity'
]);
md.validateLink = (url) => /^(https?:|mailto:)/i.test(url.trim());

export function renderNoticeHtml(markdown: string): string {
	return sanitizeHtml(md.render(markdown), {
		allowedTags: ['p', 'br', 'em', 'strong', 'ul', 'ol', 'li', 'a'],
		allowedAttributes: { a: ['href', 'rel'] },
		allowedSchemes: ['http', 'https', 'mailto'],
		allowProtocolRelative: false,
		transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) }
	});
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** The body as plain text: Markdown's marks dropped, a link's address kept after its words. */
export function noticePlainText(markdown: string): string {
	const html = md
		.render(markdown)
		.replace(/<a href="([^"]*)">(.*?)<\/a>/g, '$2 ($1)')
		.replace(/<\/(p|li)>/g, '\n')
		.replace(/<br>/g, '\n');
	return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
		.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name])
		.replace(/\n{3,}/g, '\n\n')
		.trim();
}
