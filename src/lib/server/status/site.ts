/**
 * Every file of the public status page rendered from one model: the page and the Atom feed in each language,
 * the maintenance calendar, the Statuspage documents in each language, and the page's stylesheet and script.
 * Each is encoded once, tagged by its bytes, and compressed at most once per encoding, whoever asks; the server
 * serves these files from memory and the export writes the same bytes.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { NOTICE_LANGS } from '../../shared/notices/rules';
import { REFRESH_JS, STATUS_CSS } from './assets';
import { renderAtom } from './atom';
import { renderCalendar } from './calendar';
import type { StatusModel } from './model';
import { renderStatusPage } from './page';
import { STATUSPAGE_DOCUMENTS } from '../../shared/schemas/statuspage';
import { ASSET_PATHS, atomPath, calendarPath, jsonPath, pagePath } from './paths';
import { inertJson, statuspageDocument } from './statuspage-json';

const gzipAsync = promisify(gzip);
const brotliAsync = promisify(brotliCompress);

export type Encoding = 'br' | 'gzip';

export class StatusFile {
	/** A strong entity tag naming these bytes. */
	readonly etag: string;
	#encoded = new Map<Encoding, Promise<Buffer>>();
	#compressed = new Map<Encoding, Buffer>();
	#headers = new Map<string, Readonly<Record<string, string | number>>>();

	constructor(
		readonly contentType: string,
		readonly body: Buffer,
		/** Fixed files (the stylesheet, the script) change only with a new version of golive. */
		readonly fixed = false
	) {
		this.etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;
	}

	/** The body compressed, once per encoding. */
	encoded(encoding: Encoding): Promise<Buffer> {
		let done = this.#encoded.get(encoding);
		if (!done) {
			done = (
				encoding === 'br'
					? brotliAsync(this.body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } })
					: gzipAsync(this.body, { level: 9 })
			).then((bytes) => {
				this.#compressed.set(encoding, bytes);
				return bytes;
			});
			this.#encoded.set(encoding, done);
		}
		return done;
	}

	/** The body compressed, if it has been already: the fast path answers without waiting. */
	encodedNow(encoding: Encoding): Buffer | undefined {
		return this.#compressed.get(encoding);
	}

	/** Headers made once per variant (`key` names it) and then reused for every answer of that variant. */
	headers(
		key: string,
		make: () => Record<string, string | number>
	): Readonly<Record<string, string | number>> {
		let made = this.#headers.get(key);
		if (!made) this.#headers.set(key, (made = Object.freeze(make())));
		return made;
	}
}

const file = (contentType: string, text: string, fixed = false) =>
	new StatusFile(contentType, Buffer.from(text), fixed);

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';

/** The site's files by path (a Statuspage document's path names its language: `...json?lang=sv`). */
export type StatusSite = ReadonlyMap<string, StatusFile>;

/** Renders every file of the site from the model; `origin` makes the feeds' and documents' links absolute. */
export function renderSite(model: StatusModel, origin: string): StatusSite {
	const site = new Map<string, StatusFile>([
		[ASSET_PATHS.css, file('text/css; charset=utf-8', STATUS_CSS, true)],
		[ASSET_PATHS.script, file('text/javascript; charset=utf-8', REFRESH_JS, true)],
		[calendarPath, file('text/calendar; charset=utf-8', renderCalendar(model, origin))]
	]);
	for (const lang of NOTICE_LANGS) {
		site.set(pagePath(lang), file(HTML, renderStatusPage(model, lang)));
		site.set(atomPath(lang), file('application/atom+xml; charset=utf-8', renderAtom(model, lang, origin)));
		for (const doc of STATUSPAGE_DOCUMENTS)
			site.set(jsonPath(doc, lang), file(JSON_TYPE, inertJson(statuspageDocument(model, doc, lang, origin))));
	}
	return site;
}
