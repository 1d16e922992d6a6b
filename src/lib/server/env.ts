/** The only reader of process.env. Parsed once, validated, and fails fast with a message naming the variable. */
import { z } from 'zod';
import { DEMO_MOMENT_FORMS, parseDemoMoment } from '../shared/demo-moment';
import { ROLES } from '../shared/roles';
import { formatDuration } from '../shared/time';
import { SAMPLE_WINDOW_MINUTES } from './sample/sample-runbook';

const flag = z
	.enum(['1', '0', 'true', 'false', 'yes', 'no', ''])
	.optional()
	.transform((v) => (v === undefined || v === '' ? undefined : ['1', 'true', 'yes'].includes(v)));

/**
 * `group=value;group=value`: entries split on semicolons (group names such as LDAP DNs hold commas), each on its
 * last `=` (values hold none).
 */
const groupMap = (what: string) =>
	z
		.string()
		.default('')
		.transform((text, ctx) => {
			const entries: [string, string][] = [];
			for (const entry of text
				.split(/[;\n]/)
				.map((e) => e.trim())
				.filter(Boolean)) {
				const eq = entry.lastIndexOf('=');
				const group = entry.slice(0, eq).trim();
				const value = entry.slice(eq + 1).trim();
				if (eq <= 0 || !group || !value) {
					ctx.addIssue({ code: 'custom', message: `"${entry}" is not group=${what}` });
					return z.NEVER;
				}
				entries.push([group, value]);
			}
			return entries;
		});

const schema = z
	.object({
		DATABASE_URL: z
			.string()
			.regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
			.optional()
			.or(z.literal('').transform(() => undefined)),
		DATA_DIR: z.string().min(1).default('./data'),
		HOST: z.string().min(1).default('0.0.0.0'),
		PORT: z.coerce.number().int().min(0).max(65535).default(3000),
		/** The public origin behind a proxy (one URL, as adapter-node reads it); sockets also accept it. */
		ORIGIN: z
			.string()
			.url('must be one URL such as https://golive.example.org')
			.transform((u) => new URL(u).origin)
			.optional()
			.or(z.literal('').transform(() => undefined)),
		GOLIVE_SAMPLE: flag.transform((v) => v ?? true),
		GOLIVE_DEMO: flag.transform((v) => v ?? false),
		GOLIVE_DEMO_SPEED: z.coerce.number().min(1).max(10_000).default(60),
		/**
		 * Where the demo starts its play (`npm run demo -- --from`): a duration of simulated time since the window
		 * opened, or a named moment of the sample's story. Unset: at the window's start.
		 */
		GOLIVE_DEMO_FROM: z
			.string()
			.optional()
			.transform((text, ctx) => {
				if (text === undefined || text.trim() === '') return undefined;
				const moment = parseDemoMoment(text);
				if (!moment) {
					ctx.addIssue({ code: 'custom', message: `"${text}" is not a moment: give ${DEMO_MOMENT_FORMS}` });
					return z.NEVER;
				}
				if ('minutes' in moment && moment.minutes >= SAMPLE_WINDOW_MINUTES) {
					ctx.addIssue({
						code: 'custom',
						message: `"${text}" is past the demo's window, which is ${formatDuration(SAMPLE_WINDOW_MINUTES)} long`
					});
					return z.NEVER;
				}
				return moment;
			}),
		/**
		 * On SIGTERM, how long the instance keeps serving while /api/ready says it is stopping, so the load
		 * balancer's health check takes it out of rotation before it stops accepting connections.
		 */
		/** The least severe log lines written (JSON on stdout): fatal, error, warn, info, debug, trace or silent. */
		GOLIVE_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
		/**
		 * `/metrics` (Prometheus) on the main port answers only with `Authorization: Bearer <this>`; unset, it is
		 * not served there.
		 */
		GOLIVE_METRICS_TOKEN: z
			.string()
			.min(16, 'must be at least 16 characters')
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** Also serve `/metrics` without a token on this port of GOLIVE_METRICS_HOST (a private address). */
		GOLIVE_METRICS_PORT: z.coerce
			.number()
			.int()
			.min(1)
			.max(65535)
			.optional()
			.or(z.literal('').transform(() => undefined)),
		GOLIVE_METRICS_HOST: z.string().min(1).default('127.0.0.1'),
		GOLIVE_DRAIN_NOTICE_MS: z.coerce.number().int().min(0).max(5_000).default(2_000),
		/** adapter-node's request body limit; a whole runbook import can be larger than its 512K default. */
		BODY_SIZE_LIMIT: z
			.string()
			.regex(/^\d+[KMG]?$/i, 'must be bytes, or a number with K, M or G')
			.default('5M'),
		/** Per-message deflate on sockets (with both no-context-takeover options); off by default, see BENCHMARKS.md. */
		GOLIVE_WS_DEFLATE: flag.transform((v) => v ?? false),
		/** Benchmarks only: print commit times and event-loop figures on stdout (see scripts/bench). */
		GOLIVE_BENCH_TRACE: flag.transform((v) => v ?? false),
		SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
		/**
		 * Behind a proxy: the header that carries the client's address (e.g. X-Forwarded-For), as adapter-node reads
		 * it; sign-in and token limits count per address, so without it every client would share the proxy's.
		 */
		ADDRESS_HEADER: z
			.string()
			.regex(/^[A-Za-z0-9-]+$/, 'must be a header name such as X-Forwarded-For')
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** How many trusted proxies add to X-Forwarded-For (the client is that many entries from the right). */
		XFF_DEPTH: z.coerce.number().int().min(1).max(10).default(1),
		/** Single sign-on with OpenID Connect: the provider's issuer URL (discovery is at /.well-known/...). */
		OIDC_ISSUER: z
			.string()
			.url("must be the identity provider's issuer URL")
			.optional()
			.or(z.literal('').transform(() => undefined)),
		OIDC_CLIENT_ID: z.string().optional(),
		OIDC_CLIENT_SECRET: z.string().optional(),
		/** The claim of the ID token (or userinfo) that lists the user's groups. */
		OIDC_GROUPS_CLAIM: z.string().min(1).default('groups'),
		/** Groups to golive roles, e.g. `golive-admins=admin;cutover-ops=operator`; the most powerful match wins. */
		OIDC_ROLE_MAP: groupMap('role').pipe(z.array(z.tuple([z.string(), z.enum(ROLES)]))),
		/** Groups to golive teams, e.g. `dba-staff=dba;network=net`; the first match in this list wins. */
		OIDC_TEAM_MAP: groupMap('team'),
		/** The role of someone none of whose groups maps to one; empty: they may not sign in. */
		OIDC_DEFAULT_ROLE: z
			.enum(ROLES)
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** The sign-in button's label (the identity provider's name). */
		OIDC_LABEL: z.string().min(1).max(60).default('single sign-on'),
		OIDC_SCOPES: z.string().default('openid profile email'),
		/**
		 * Link a first single sign-on to an existing local account of the same username (its password then stops
		 * working). Off: such a sign-in is refused, so nobody takes over an account by naming themselves after it.
		 */
		OIDC_LINK_EXISTING: flag.transform((v) => v ?? false),
		/** Monte Carlo samples per forecast. */
		GOLIVE_FORECAST_SAMPLES: z.coerce.number().int().min(100).max(100_000).default(1000),
		/** The window is at risk below this probability of finishing inside it... */
		GOLIVE_FORECAST_THRESHOLD: z.coerce.number().min(0).max(1).default(0.8),
		/** ...or when the P50 end passes the window end minus this margin. */
		GOLIVE_FORECAST_MARGIN_MINUTES: z.coerce
			.number()
			.int()
			.min(0)
			.max(24 * 60)
			.default(30),
		/** A change waits this long for more before the forecast is recomputed. */
		GOLIVE_FORECAST_DEBOUNCE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
		/** Open windows are re-forecast this often even when nothing happens (the clock moves). */
		GOLIVE_FORECAST_REFRESH_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
		/** Metric samples stay raw this long, then become one-minute rollups (min, max, average, last). */
		GOLIVE_SAMPLES_RAW_HOURS: z.coerce
			.number()
			.int()
			.min(1)
			.max(24 * 366)
			.default(24),
		/** Rollups (and any sample) older than this are dropped, so a long cutover does not grow without bound. */
		GOLIVE_SAMPLES_RETENTION_DAYS: z.coerce.number().int().min(1).max(3660).default(30),
		/** Where subscribers' mail is sent from: smtp://user:pass@host:587 or smtps://...; unset, no mail goes out. */
		GOLIVE_SMTP_URL: z
			.string()
			.regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** The From of subscribers' mail. */
		GOLIVE_MAIL_FROM: z.string().min(3).default('golive <golive@localhost>'),
		/**
		 * The public base URL of the links in mails and webhooks (confirm, unsubscribe); unset, ORIGIN, else
		 * http://localhost:PORT.
		 */
		GOLIVE_PUBLIC_URL: z
			.string()
			.url('must be one URL such as https://status.example.org')
			.transform((u) => u.replace(/\/+$/, ''))
			.optional()
			.or(z.literal('').transform(() => undefined)),
		/** How many subscriber messages (mails and webhooks) are sent per second at most. */
		GOLIVE_SEND_RATE: z.coerce.number().int().min(1).max(10_000).default(20),
		NODE_ENV: z.string().default('development')
	})
	.superRefine((e, ctx) => {
		if (e.GOLIVE_SAMPLES_RAW_HOURS > e.GOLIVE_SAMPLES_RETENTION_DAYS * 24)
			ctx.addIssue({
				code: 'custom',
				path: ['GOLIVE_SAMPLES_RAW_HOURS'],
				message: 'must not be longer than GOLIVE_SAMPLES_RETENTION_DAYS'
			});
		if (e.OIDC_ISSUER && (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET))
			ctx.addIssue({
				code: 'custom',
				path: ['OIDC_CLIENT_ID'],
				message: 'OIDC_ISSUER needs OIDC_CLIENT_ID and OIDC_CLIENT_SECRET too'
			});
	});

export type Env = z.infer<typeof schema>;

/** The base of the public links golive sends out (in mails and webhooks). */
export const publicBaseUrl = (e: Env): string =>
	e.GOLIVE_PUBLIC_URL ?? e.ORIGIN ?? `http://localhost:${e.PORT}`;

let cached: Env | undefined;

export function env(): Env {
	if (cached) return cached;
	const parsed = schema.safeParse(process.env);
	if (!parsed.success) {
		const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid environment:\n${lines.join('\n')}`);
	}
	cached = parsed.data;
	return cached;
}

/** The header the production entry sets from the connection itself when no ORIGIN is configured. */
export const PROTOCOL_HEADER = 'x-golive-connection-protocol';

/**
 * adapter-node's handler reads its own variables at import: hand it our validated values first. Without ORIGIN it
 * would assume https and refuse every form POST made over plain http (e.g. http://localhost:3000), so it is told
 * the real protocol through a header the server sets on each request (overwriting anything a client sent).
 */
export function applyAdapterEnv(): void {
	const e = env();
	process.env.BODY_SIZE_LIMIT = e.BODY_SIZE_LIMIT;
	if (e.ADDRESS_HEADER) {
		process.env.ADDRESS_HEADER = e.ADDRESS_HEADER;
		process.env.XFF_DEPTH = String(e.XFF_DEPTH);
	}
	if (!e.ORIGIN) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;
}

/** socket.io's per-message deflate: off, or on for every message with no compression context kept per connection. */
export const wsDeflate = (on: boolean) =>
	on ? { threshold: 0, serverNoContextTakeover: true, clientNoContextTakeover: true } : false;
