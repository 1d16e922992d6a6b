/**
 * The status page's stylesheet and its refresh script, served as files (so the page's Content-Security-Policy
 * allows no inline script or style). Colours pass WCAG AA contrast; every status is also written in words.
 */
export const STATUS_CSS = `:root{color-scheme:light;font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;background:#fff}
body{margin:0 auto;max-width:52rem;padding:0 1rem 2rem}
a{color:#0b4f9c}
.skip{position:absolute;left:-9999px}.skip:focus{position:static}
header nav ul,footer ul{display:flex;flex-wrap:wrap;gap:1rem;list-style:none;padding:0}
[aria-current=page]{font-weight:700}
.overall{font-size:1.25rem;padding:.75rem 1rem;border:2px solid #5a5a5a;border-radius:.5rem}
.o-none{border-color:#1e6b34}.o-minor{border-color:#8a5a00}.o-major{border-color:#a13d00}.o-critical{border-color:#a4161a}.o-maintenance{border-color:#0b4f9c}
.dot{display:inline-block;width:.75rem;height:.75rem;border-radius:50%;margin-right:.5rem;background:#5a5a5a}
.o-none .dot,.s-operational{background:#1e6b34}.s-degraded_performance,.o-minor .dot{background:#8a5a00}
.s-partial_outage,.o-major .dot{background:#a13d00}.s-major_outage,.o-critical .dot{background:#a4161a}
.s-under_maintenance,.o-maintenance .dot{background:#0b4f9c}
table{border-collapse:collapse;width:100%;margin:1rem 0}caption{text-align:left;font-weight:700;padding:.25rem 0}
th,td{text-align:left;padding:.4rem .5rem;border-bottom:1px solid #d0d0d0}
.notice{border-left:4px solid #5a5a5a;padding:.25rem 1rem;margin:1rem 0}
.kind-incident{border-color:#a13d00}.kind-maintenance{border-color:#0b4f9c}.withdrawn{border-color:#5a5a5a}
.withdrawn h3{text-decoration:line-through}
.meta,.note{color:#4a4a4a;font-size:.9rem}
`;

/**
 * Every 30 s, a conditional GET of the page: `no-cache` makes the browser revalidate its copy with the ETag it
 * holds (a 304 costs the server nothing). On a new ETag, the new page's main content replaces the old (the
 * server's own rendering, with user text already escaped or sanitized there).
 */
export const REFRESH_JS = `(() => {
	const main = document.getElementById('main');
	if (!main || !window.fetch || !window.DOMParser) return;
	let etag = null;
	async function refresh() {
		try {
			const res = await fetch(location.pathname, { cache: 'no-cache' });
			const tag = res.headers.get('etag');
			if (res.status !== 200 || tag === etag) return;
			etag = tag;
			const page = new DOMParser().parseFromString(await res.text(), 'text/html');
			const next = page.getElementById('main');
			if (next && next.innerHTML !== main.innerHTML) main.innerHTML = next.innerHTML;
		} catch {
			// Offline, or the server away: the page keeps what it shows and tries again.
		}
	}
	setInterval(refresh, 30000);
})();
`;
