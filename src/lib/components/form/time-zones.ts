/** Every IANA time zone this runtime knows, for a select; `current` is kept even when the list lacks it. */
export function timeZoneOptions(current?: string): string[] {
	const zones = Intl.supportedValuesOf('timeZone');
	const extra = ['UTC', current].filter((z): z is string => !!z && !zones.includes(z));
	return [...extra, ...zones];
}
