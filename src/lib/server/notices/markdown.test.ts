import { describe, expect, it } from 'vitest';
import { noticePlainText, renderNoticeHtml } from './markdown';

const SUBSET = ['p', 'br', 'em', 'strong', 'ul', 'ol', 'li', 'a'];

/**
 * What in rendered HTML is markup (text is escaped, so every raw `<` opens a tag) and breaks the subset: a tag
 * outside it, an attribute other than a link's href and rel (or a list's start), a link to anything but http, https
 * or mailto.
 */
function outsideSubset(html: string): string[] {
	const problems: string[] = [];
	for (const [tag, name, attrs] of html.matchAll(/<\/?([a-z0-9]*)([^>]*)>/gi)) {
		if (!SUBSET.includes(name.toLowerCase())) problems.push(tag);
		for (const [, attr, value] of attrs.matchAll(/([^\s=/]+)(?:="([^"]*)")?/g)) {
			const allowed = name === 'a' ? ['href', 'rel'] : name === 'ol' ? ['start'] : [];
			if (!allowed.includes(attr)) problems.push(`${name} ${attr}`);
			if (attr === 'href' && !/^(https?:\/\/|mailto:)/.test(value ?? '')) problems.push(`href ${value}`);
		}
	}
	return problems;
}

describe('notice bodies as HTML', () => {
	it('renders the subset: paragraphs, emphasis, lists, links and line breaks', () => {
		expect(renderNoticeHtml('The service is *slow*, **not down**.\nBack by noon.\n\nSecond paragraph.')).toBe(
			'<p>The service is <em>slow</em>, <strong>not down</strong>.<br />\nBack by noon.</p>\n<p>Second paragraph.</p>\n'
		);
		expect(renderNoticeHtml('- one\n- two\n\n3. three\n4. four')).toBe(
			'<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n'
		);
		expect(renderNoticeHtml('[Status](https://status.example.fi/) or [mail](mailto:help@example.fi)')).toBe(
			'<p><a href="https://status.example.fi/" rel="noopener noreferrer nofollow">Status</a> or ' +
				'<a href="mailto:help@example.fi" rel="noopener noreferrer nofollow">mail</a></p>\n'
		);
	});

	it('leaves out what the subset does not hold: images, tables, headings, code blocks and raw HTML stay text', () => {
		expect(renderNoticeHtml('![logo](https://example.fi/logo.png)')).not.toContain('<img');
		expect(renderNoticeHtml('| a | b |\n|---|---|\n| 1 | 2 |')).not.toContain('<table');
		expect(renderNoticeHtml('# Title')).toBe('<p># Title</p>\n');
		expect(renderNoticeHtml('    indented code')).not.toContain('<pre');
		expect(renderNoticeHtml('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
	});

	const PAYLOADS = [
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'<svg/onload=alert(1)>',
		'<a href="javascript:alert(1)">click</a>',
		'[click](javascript:alert(1))',
		'[click](JaVaScRiPt:alert(1))',
		'[click](  javascript:alert(1))',
		'[click](java\u0000script:alert(1))',
		'[click](javascript&#58;alert(1))',
		'[click](&#106;avascript:alert(1))',
		'[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'[click](vbscript:msgbox(1))',
		'[click](//evil.example/x)',
		'[click](/relative)',
		'![x](javascript:alert(1))',
		'![x](data:image/svg+xml,<svg onload=alert(1)>)',
		'[a](https://ok.example/"onmouseover="alert(1))',
		'[a](<https://ok.example/ onmouseover=alert(1)>)',
		'<https://ok.example/"><script>alert(1)</script>>',
		'&lt;script&gt;alert(1)&lt;/script&gt;',
		'&#60;img src=x onerror=alert(1)&#62;',
		'*<script>*alert(1)*</script>*',
		'[*[x](javascript:alert(1))*](https://ok.example)',
		'[x](https://ok.example "title\\" onclick=\\"alert(1)")',
		'- [x](javascript:alert(1))\n- <iframe src="https://evil.example">',
		'<style>body{display:none}</style>',
		'<a href="https://ok.example" onclick="alert(1)">x</a>',
		'[x]: javascript:alert(1)\n\n[y][x]',
		'`<script>alert(1)</script>`'
	];

	it('has a check that sees script where there is some', () => {
		expect(outsideSubset('<p onclick="x"><a href="javascript:x">y</a><script>')).toEqual([
			'p onclick',
			'href javascript:x',
			'<script>'
		]);
	});

	it.each(PAYLOADS)('renders %j inert', (payload) => {
		const html = renderNoticeHtml(payload);
		expect(outsideSubset(html), html).toEqual([]);
	});

	it('says what a refused link said, as text', () => {
		expect(renderNoticeHtml('[click](javascript:alert(1))')).toBe('<p>[click](javascript:alert(1))</p>\n');
	});
});

describe('notice bodies as plain text', () => {
	it('keeps the words, marks list items and shows link addresses', () => {
		expect(
			noticePlainText(
				'The service is *slow*.\nBack by noon.\n\n- one\n- two\n\n1. first\n2. second\n\nSee [the status page](https://status.example.fi/) or https://x.example.'
			)
		).toBe(
			'The service is slow.\nBack by noon.\n\n- one\n- two\n\n1. first\n2. second\n\nSee the status page (https://status.example.fi/) or https://x.example.'
		);
		expect(noticePlainText('[help@example.fi](mailto:help@example.fi)')).toBe('help@example.fi');
	});

	it('gives markup as the text it is, decoded once', () => {
		expect(noticePlainText('<script>alert(1)</script> &amp; &lt;b&gt;')).toBe(
			'<script>alert(1)</script> & <b>'
		);
	});
});
