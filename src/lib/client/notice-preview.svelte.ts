/**
 * The notice editor's preview of what is typed: a moment after the typing pauses, the bodies go to the server's
 * one renderer (the API's notice-preview), so the preview is what the public page and the mails will show. Only
 * the latest typing's answer is shown; when none comes, the last one stays and `failed` says so. A preview holds
 * for the notice's version it was typed on: once the notice changes (saved, or by someone else), the saved texts
 * stand again.
 */
import { NOTICE_LANGS, type NoticeLang } from '$lib/shared/notices/rules';
import type { NoticePreviewView, NoticeTextsView } from '$lib/shared/schemas/notices';

/** How long the typing pauses before the preview follows it. */
const PAUSE_MS = 300;

export type TypedTexts = Record<NoticeLang, { title: string; body: string }>;

export interface RenderedPreview {
	/** The notice's version the texts were typed on. */
	version: number;
	texts: NoticeTextsView;
	bodies: NoticePreviewView['bodies'];
}

/** The languages something is typed in, as a saved notice holds its texts. */
function written(texts: TypedTexts): NoticeTextsView {
	return Object.fromEntries(
		NOTICE_LANGS.flatMap((lang) => {
			const { title, body } = texts[lang];
			return title.trim() || body.trim() ? [[lang, { title: title.trim(), body: body.trim() }]] : [];
		})
	);
}

/** Whether two notices' texts say the same in every language. */
export const sameTexts = (a: NoticeTextsView, b: NoticeTextsView): boolean =>
	NOTICE_LANGS.every((l) => a[l]?.title === b[l]?.title && a[l]?.body === b[l]?.body);

export class TypedPreview {
	/** The typed texts rendered, or null while none has been. */
	rendered = $state.raw<RenderedPreview | null>(null);
	/** Typing not rendered yet. */
	pending = $state(false);
	/** The latest rendering failed (the server did not answer, or refused). */
	failed = $state(false);
	#timer: ReturnType<typeof setTimeout> | null = null;
	#request: AbortController | null = null;

	constructor(private readonly slug: () => string) {}

	/** The texts as typed now, on the notice's `version`: rendered once the typing pauses. */
	type(texts: TypedTexts, version: number): void {
		this.pending = true;
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#timer = setTimeout(() => {
			this.#timer = null;
			void this.#render(written(texts), version);
		}, PAUSE_MS);
	}

	/** Its rendering of the notice's `version`, or null (the saved texts stand). */
	of(version: number): RenderedPreview | null {
		return this.rendered?.version === version ? this.rendered : null;
	}

	async #render(texts: NoticeTextsView, version: number): Promise<void> {
		this.#request?.abort();
		const request = (this.#request = new AbortController());
		const bodies = Object.fromEntries(Object.entries(texts).map(([lang, text]) => [lang, text.body]));
		try {
			const response = await fetch(`/api/v1/cutovers/${encodeURIComponent(this.slug())}/notice-preview`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ bodies }),
				signal: request.signal
			});
			if (!response.ok) throw new Error(`notice preview: ${response.status}`);
			const answer = (await response.json()) as NoticePreviewView;
			this.rendered = { version, texts, bodies: answer.bodies };
			this.failed = false;
		} catch {
			// Aborted: newer typing is on its way. Otherwise the last rendering stays, said to be behind.
			if (!request.signal.aborted) this.failed = true;
		} finally {
			if (this.#request === request) {
				this.#request = null;
				this.pending = this.#timer !== null;
			}
		}
	}

	/** Stops what is under way (the page is left). */
	close(): void {
		if (this.#timer !== null) clearTimeout(this.#timer);
		this.#request?.abort();
	}
}
