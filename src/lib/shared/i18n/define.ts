export const LOCALES = ['en', 'fi', 'sv'] as const;
export type Locale = (typeof LOCALES)[number];

/** English is the source: Finnish and Swedish must have exactly its keys, which the type checker enforces. */
export function defineMessages<T extends Record<string, string>>(m: {
	en: T;
	fi: Record<keyof T, string>;
	sv: Record<keyof T, string>;
}) {
	return m;
}
