/**
 * The public status page in one language, as HTML: complete without JavaScript (a small script only refreshes
 * the main content), status always in words beside any colour, user text escaped (titles) or through the notice
 * renderer (bodies, sanitized).
 */
import { translator, type Locale, type Translate } from '../../shared/i18n';
import { writeClockTime } from '../../shared/clock-time';
import { NOTICE_LANGS, type NoticeLang } from '../../shared/notices/rules';
import { renderNoticeHtml } from '../notices/markdown';
import { html, trusted, type Html } from './html-template';
import { textIn, type ShownNotice, type StatusModel } from './model';
import { ASSET_PATHS, atomPath, calendarPath, jsonPath, pagePath, subscribePath } from './paths';

/** Each language's name in itself: the same in every page, so a reader finds their own. */
const LANGUAGE_NAMES: Record<NoticeLang, string> = { fi: 'Suomeksi', sv: 'På svenska', en: 'In English' };

interface Ctx {
	t: Translate;
	lang: Locale;
}

function time(c: Ctx, iso: string, zone: string): Html {
	return html`<time datetime="${iso}">${writeClockTime(Date.parse(iso), zone, c.lang)} (${zone})</time>`;
}

/** A message with elements in it (times): the message's text escaped, the elements kept. */
function fill(c: Ctx, key: Parameters<Translate>[0], parts: Record<string, Html>): Html {
	const names = Object.keys(parts);
	const marked = c.t(key, Object.fromEntries(names.map((n, i) => [n, `\u0000${i}\u0000`])));
	return html`${marked.split('\u0000').map((piece, i) => (i % 2 ? parts[names[Number(piece)]] : piece))}`;
}

function noticeText(c: Ctx, n: ShownNotice): Html {
	const text = textIn(n.latest.texts, c.lang);
	if (!text) return html``;
	const other = text.lang !== c.lang;
	return html`<h3 lang="${text.lang}">${text.title}</h3>
		${other ? html`<p class="note">${c.t('status.otherLanguage')}</p>` : ''}
		<div class="body" lang="${text.lang}">${trusted(renderNoticeHtml(text.body))}</div>`;
}

function noticeCard(c: Ctx, n: ShownNotice): Html {
	const zone = n.cutover.timezone;
	const state = n.incidentStatus
		? c.t(`incidents.status_${n.incidentStatus}`)
		: n.maintenanceState
			? c.t(`status.maintenance_${n.maintenanceState}`)
			: null;
	const latestKind = n.latest.kind === 'correction' ? 'status.entry_correction' : 'status.latestUpdate';
	return html`<article
		class="notice kind-${n.kind}${n.withdrawn ? ' withdrawn' : ''}"
		id="${n.cutover.slug}-${n.ref}"
	>
		<p class="meta">
			<span class="kind">${c.t(`status.kind_${n.kind}`)}</span
			>${state ? html` · <strong class="state">${state}</strong>` : ''}${n.withdrawn ? html` · <strong class="state">${c.t('status.withdrawn')}</strong>` : ''}
			· ${n.cutover.name}
		</p>
		${noticeText(c, n)}
		${n.maintenance ? html`<p>${fill(c, 'status.maintenanceWindow', { start: time(c, n.maintenance.startsAt, zone), end: time(c, n.maintenance.endsAt, zone) })}</p>` : ''}
		${n.concerned.length ? html`<p>${c.t('status.affects', { services: n.concerned.map((s) => s.name).join(', ') })}</p>` : ''}
		${n.withdrawal ? html`<p class="withdrawal">${c.t('status.withdrawnReason', { reason: n.withdrawal.reason ?? '' })}</p>` : ''}
		<p class="meta">
			${fill(c, n.withdrawal ? 'status.entry_withdrawn' : latestKind, { time: time(c, n.updatedAt, zone) })}
		</p>
	</article>`;
}

function section(c: Ctx, id: string, heading: string, items: ShownNotice[], empty: string | null): Html {
	if (items.length === 0 && empty === null) return html``;
	return html`<section aria-labelledby="${id}">
		<h2 id="${id}">${heading}</h2>
		${items.length ? items.map((n) => noticeCard(c, n)) : html`<p>${empty}</p>`}
	</section>`;
}

function services(c: Ctx, model: StatusModel): Html {
	const groups = model.groups.map(
		(g) =>
			html`<table>
				<caption>
					${g.cutover.name}
				</caption>
				<thead>
					<tr>
						<th scope="col">${c.t('status.services')}</th>
						<th scope="col">${c.t('status.serviceStatus')}</th>
					</tr>
				</thead>
				<tbody>
					${g.services.map(
						(s) =>
							html`<tr>
								<th scope="row">${s.name}</th>
								<td>
									<span class="dot s-${s.status}" aria-hidden="true"></span
									>${c.t(`incidents.service_${s.status}`)}
								</td>
							</tr>`
					)}
				</tbody>
			</table>`
	);
	return html`<section aria-labelledby="services">
		<h2 id="services">${c.t('status.services')}</h2>
		${groups.length && model.groups.some((g) => g.services.length) ? groups : html`<p>${c.t('status.noServices')}</p>`}
	</section>`;
}

/** The content the script swaps on refresh: everything that changes with the status. */
function main(c: Ctx, model: StatusModel): Html {
	return html`<h1>${c.t('status.title')}</h1>
		<p class="overall o-${model.overall}">
			<span class="dot" aria-hidden="true"></span><strong>${c.t(`status.overall_${model.overall}`)}</strong>
		</p>
		${
			model.updatedAt
				? html`<p class="meta">
						${fill(c, 'status.updatedAt', { time: time(c, model.updatedAt, model.groups[0]?.cutover.timezone ?? 'UTC') })}
					</p>`
				: ''
		}
		${section(c, 'incidents', c.t('status.openIncidents'), model.openIncidents, c.t('status.noOpenIncidents'))}
		${section(c, 'maintenance-active', c.t('status.maintenanceActive'), model.activeMaintenance, null)}
		${section(c, 'maintenance-upcoming', c.t('status.maintenanceUpcoming'), model.upcomingMaintenance, model.activeMaintenance.length ? null : c.t('status.noMaintenance'))}
		${services(c, model)}
		${section(c, 'history', c.t('status.history'), model.history, c.t('status.noHistory'))}`;
}

export function renderStatusPage(model: StatusModel, lang: Locale): string {
	const c: Ctx = { t: translator(lang), lang };
	const alternates = NOTICE_LANGS.map(
		(l) => html`<link rel="alternate" hreflang="${l}" href="${pagePath(l)}" />`
	);
	const languages = NOTICE_LANGS.map(
		(l) =>
			html`<li>
				<a href="${pagePath(l)}" hreflang="${l}" lang="${l}" ${l === lang ? html` aria-current="page"` : ''}
					>${LANGUAGE_NAMES[l]}</a
				>
			</li>`
	);
	return html`<!doctype html>
		<html lang="${lang}">
			<head>
				<meta charset="utf-8" />
				<meta name="viewport" content="width=device-width, initial-scale=1" />
				<title>${c.t('status.title')}</title>
				<link rel="stylesheet" href="${ASSET_PATHS.css}" />
				${alternates}
				<link rel="alternate" hreflang="x-default" href="/status" />
				<link
					rel="alternate"
					type="application/atom+xml"
					title="${c.t('status.atomFeed')}"
					href="${atomPath(lang)}"
				/>
				<link rel="alternate" type="text/calendar" title="${c.t('status.calendar')}" href="${calendarPath}" />
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
				<main id="main">${main(c, model)}</main>
				<footer>
					<ul>
						<li><a href="${subscribePath(lang)}">${c.t('status.subscribe')}</a></li>
						<li><a href="${atomPath(lang)}">${c.t('status.atomFeed')}</a></li>
						<li><a href="${calendarPath}">${c.t('status.calendar')}</a></li>
						<li><a href="${jsonPath('summary', lang)}">${c.t('status.json')}</a></li>
					</ul>
					<p>${c.t('status.refreshNote')}</p>
				</footer>
			</body>
		</html> `.text;
}
