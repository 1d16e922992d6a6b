/**
 * Where `npm run demo -- --from <moment>` starts the play of the demo cutover: a duration of simulated time since
 * the window opened (`14h`, `14h30m`, `90m`, `3d2h`), or a moment of the sample's story by name. The names are
 * placed on the sample's plan on the server (sample/demo-moments.ts); here they are only read.
 */

/**
 * Just before the first transfer stream starts; the customer stream falls behind; the go/no-go checkpoint; the
 * users arrive at once on the opened platform (the demo's "08:00", two simulated hours after the go).
 */
export const DEMO_MOMENTS = ['transfers', 'behind', 'go', 'opening'] as const;
export type DemoMomentName = (typeof DEMO_MOMENTS)[number];

export type DemoMoment = { minutes: number } | { name: DemoMomentName };

/** What `--from` accepts, for a refusal. */
export const DEMO_MOMENT_FORMS =
	'a duration of simulated time since the window opened, in days, hours and minutes in that order ' +
	`(such as 14h, 14h30m, 90m or 3d2h), or one of ${DEMO_MOMENTS.join(', ')}`;

const DURATION = /^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$/;

/** A moment as written on the command line, or null when it is not one of the accepted forms. */
export function parseDemoMoment(text: string): DemoMoment | null {
	const written = text.trim().toLowerCase();
	const name = DEMO_MOMENTS.find((n) => n === written);
	if (name) return { name };
	const parts = DURATION.exec(written);
	if (!written || !parts) return null;
	const [days, hours, minutes] = parts.slice(1).map((p) => Number(p ?? 0));
	return { minutes: (days * 24 + hours) * 60 + minutes };
}
