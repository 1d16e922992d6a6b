/**
 * A programme's public progress view in one language, as HTML: complete without JavaScript (the status page's
 * small script only refreshes the main content), every figure in words and tables, names escaped.
 */
import { writeClockTime } from '../../shared/clock-time';
import { intlLocale, translator, type Locale, type Translate } from '../../shared/i18n';
import { NOTICE_LANGS, type NoticeLang } from '../../shared/notices/rules';
import { html, type Html } from '../status/html-template';
import { ASSET_PATHS } from '../status/paths';
import type { PublicProgress, PublicWave } from './model';
import { progressPath } from './paths';

const LANGUAGE_NAMES: Record<NoticeLang, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

interface Ctx {
	t: Translate;
	lang: Locale;
	n: (value: number) => string;
	zone: string;
}

const time = (c: Ctx, iso: string): Html =>
	html`<time datetime="${iso}">${writeClockTime(Date.parse(iso), c.zone, c.lang)}</time>`;

const ofTotal = (c: Ctx, done: number, total: number) =>
	c.t('programmes.ofTotal', { done: c.n(done), total: c.n(total) });

function headline(c: Ctx, p: PublicProgress): Html {
	const row = (label: string, systems: number, machines: number) =>
		html`<tr>
			<th scope="row">${label}</th>
			<td>${c.n(systems)}</td>
			<td>${c.n(machines)}</td>
		</tr>`;
	return html`<table data-testid="progress-counts">
		<caption>
			${c.t('programmes.progress')}
		</caption>
		<thead>
			<tr>
				<td></td>
				<th scope="col">${c.t('programmes.systems')}</th>
				<th scope="col">${c.t('programmes.machines')}</th>
			</tr>
		</thead>
		<tbody>
			${row(c.t('programmes.done'), p.done.systems, p.done.machines)}
			${row(c.t('programmes.moved'), p.moved.systems, p.moved.machines)}
			${row(c.t('programmes.toGo'), p.toGo.systems, p.toGo.machines)}
			${row(c.t('programmes.total'), p.total.systems, p.total.machines)}
		</tbody>
	</table>`;
}

function byEnvironment(c: Ctx, p: PublicProgress): Html {
	return html`<table>
		<caption>
			${c.t('programmes.byEnvironment')}
		</caption>
		<thead>
			<tr>
				<th scope="col">${c.t('programmes.colEnvironment')}</th>
				<th scope="col">${c.t('programmes.colSystems')}</th>
				<th scope="col">${c.t('programmes.colMachines')}</th>
			</tr>
		</thead>
		<tbody>
			${p.byEnvironment.map(
				(e) =>
					html`<tr>
						<th scope="row">${c.t(`programmes.environment_${e.environment}`)}</th>
						<td>${ofTotal(c, e.done.systems, e.total.systems)}</td>
						<td>${ofTotal(c, e.done.machines, e.total.machines)}</td>
					</tr>`
			)}
		</tbody>
	</table>`;
}

function waves(c: Ctx, id: string, heading: string, list: PublicWave[], empty: string): Html {
	return html`<section aria-labelledby="${id}">
		<h2 id="${id}">${heading}</h2>
		${
			list.length
				? html`<table>
						<thead>
							<tr>
								<th scope="col">${c.t('programmes.colWave')}</th>
								<th scope="col">${c.t('cutover.window')}</th>
								<th scope="col">${c.t('programmes.colSystems')}</th>
								<th scope="col">${c.t('programmes.colMachines')}</th>
							</tr>
						</thead>
						<tbody>
							${list.map(
								(w) =>
									html`<tr>
										<th scope="row">${w.name}</th>
										<td>${time(c, w.windowStart)} – ${time(c, w.windowEnd)}</td>
										<td>${ofTotal(c, w.done.systems, w.systems.systems)}</td>
										<td>${ofTotal(c, w.done.machines, w.systems.machines)}</td>
									</tr>`
							)}
						</tbody>
					</table>`
				: html`<p>${empty}</p>`
		}
	</section>`;
}

function history(c: Ctx, p: PublicProgress): Html {
	return html`<section aria-labelledby="history">
		<h2 id="history">${c.t('programmes.history')}</h2>
		${
			p.history.length
				? html`<table data-testid="progress-history">
						<thead>
							<tr>
								<th scope="col">${c.t('programmes.colWeek')}</th>
								<th scope="col">${c.t('programmes.colSystems')}</th>
								<th scope="col">${c.t('programmes.colMachines')}</th>
							</tr>
						</thead>
						<tbody>
							${p.history.map(
								(h) =>
									html`<tr>
										<th scope="row">${h.week}</th>
										<td>${ofTotal(c, h.done.systems, h.total.systems)}</td>
										<td>${ofTotal(c, h.done.machines, h.total.machines)}</td>
									</tr>`
							)}
						</tbody>
					</table>`
				: html`<p>${c.t('programmes.noHistory')}</p>`
		}
	</section>`;
}

/** The content the refresh script swaps: everything that changes with the programme. */
function main(c: Ctx, p: PublicProgress): Html {
	return html`<h1>${c.t('programmes.publicTitle', { name: p.name })}</h1>
		<p>${c.t('programmes.publicIntro')}</p>
		<p class="overall" data-testid="progress-headline">
			<strong
				>${c.t('programmes.listLine', {
					systemsDone: c.n(p.done.systems),
					systems: c.n(p.total.systems),
					machinesDone: c.n(p.done.machines),
					machines: c.n(p.total.machines)
				})}</strong
			>
		</p>
		${headline(c, p)} ${byEnvironment(c, p)}
		${waves(c, 'waves-next', c.t('programmes.wavesNext'), p.wavesNext, c.t('programmes.noWavesNext'))}
		${waves(c, 'waves-done', c.t('programmes.wavesDone'), p.wavesDone, c.t('programmes.noWavesDone'))}
		${history(c, p)}`;
}

export function renderProgressPage(p: PublicProgress, lang: Locale): string {
	const numbers = new Intl.NumberFormat(intlLocale(lang));
	const c: Ctx = { t: translator(lang), lang, n: (v) => numbers.format(v), zone: p.timezone };
	const alternates = NOTICE_LANGS.map(
		(l) => html`<link rel="alternate" hreflang="${l}" href="${progressPath(p.slug, l)}" />`
	);
	const languages = NOTICE_LANGS.map(
		(l) =>
			html`<li>
				<a
					href="${progressPath(p.slug, l)}"
					hreflang="${l}"
					lang="${l}"
					${l === lang ? html` aria-current="page"` : ''}
					>${LANGUAGE_NAMES[l]}</a
				>
			</li>`
	);
	return html`<!doctype html>
		<html lang="${lang}">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<title>${c.t('programmes.publicTitle', { name: p.name })}</title>
				<link rel="stylesheet" href="${ASSET_PATHS.css}" />
				${alternates}
				<link rel="alternate" hreflang="x-default" href="${progressPath(p.slug)}" />
				<script src="${ASSET_PATHS.script}" defer></script>
			</head>
			<body>
				<a class="skip" href="#main">${c.t('status.skipToContent')}</a>
				<header>
					<nav aria-label="${c.t('status.languages')}">
						<ul>
							${languages}
						</ul>
					</nav>
				</header>
				<main id="main">${main(c, p)}</main>
				<footer>
					<p>${c.t('status.refreshNote')}</p>
				</footer>
			</body>
		</html> `.text;
}
