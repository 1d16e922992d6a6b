/** Headers every response carries, from SvelteKit's hook and from the custom server's lean endpoint alike. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
	'X-Content-Type-Options': 'nosniff',
	'Referrer-Policy': 'same-origin',
	'X-Frame-Options': 'DENY'
};
