/**
 * The static export: the status site's files written to a folder, the same bytes the server sends, laid out so
 * a plain web server or a CDN answers the same URLs (`/fi/status` from `fi/status/index.html`), for when golive
 * itself is down. A folder cannot choose by Accept-Language or `?lang=`: `/status` is the Finnish page and
 * `/api/v2/*.json` the Finnish documents, as the server answers when nothing is asked. Public programmes' progress
 * views go with it (`/fi/progress/{slug}` from `fi/progress/{slug}/index.html`, `/progress/{slug}` in Finnish).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Clock } from '../clock';
import type { Db } from '../db/client';
import { renderProgressSite } from '../progress/progress-cache';
import { renderSite } from './site';
import { loadStatusModel } from './status-cache';
import { STATUSPAGE_DOCUMENTS } from '../../shared/schemas/statuspage';
import { DEFAULT_LANG, jsonPath, pagePath } from './paths';

/** Where a path of the site goes in the folder; null: not exported (another language's JSON documents). */
function fileFor(path: string): string | null {
	if (/^\/(fi|sv|en)\/status$/.test(path)) return `${path}/index.html`;
	if (path.startsWith('/api/v2/')) {
		const doc = STATUSPAGE_DOCUMENTS.find((d) => jsonPath(d, DEFAULT_LANG) === path);
		return doc ? jsonPath(doc) : null;
	}
	return path;
}

/** Writes the site into `dir` (created if missing) and returns the files written, relative to it. */
export async function exportStatusSite(
	ctx: { db: Db; clock: Clock },
	dir: string,
	origin: string
): Promise<string[]> {
	const site = renderSite(await loadStatusModel(ctx.db, ctx.clock.now()), origin);
	const files = new Map<string, Buffer>();
	for (const [path, file] of site) {
		const target = fileFor(path);
		if (target) files.set(target, file.body);
	}
	files.set('/status/index.html', site.get(pagePath(DEFAULT_LANG))!.body);
	const progress = await renderProgressSite(ctx.db, ctx.clock.now());
	for (const [path, file] of progress.site) {
		files.set(`${path}/index.html`, file.body);
		if (path.startsWith(`/${DEFAULT_LANG}/`)) files.set(`${path.slice(3)}/index.html`, file.body);
	}
	for (const [target, body] of files) {
		const full = join(dir, target);
		await mkdir(dirname(full), { recursive: true });
		await writeFile(full, body);
	}
	return [...files.keys()].map((f) => f.slice(1)).sort();
}
