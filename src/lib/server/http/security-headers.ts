import { env } from '../env';

let cached: Readonly<Record<string, string>> | undefined;

/**
 * Headers every response carries, from SvelteKit's hook and from the custom server's lean endpoints alike. Served
 * over https (ORIGIN says so), browsers are told to come back only over https (HSTS, a year).
 */
export function securityHeaders(): Readonly<Record<string, string>> {
	if (cached) return cached;
	const headers: Record<string, string> = {
		'X-Content-Type-Options': 'nosniff',
		'Referrer-Policy': 'same-origin',
		'X-Frame-Options': 'DENY'
	};
	if (env().ORIGIN?.startsWith('https:')) headers['Strict-Transport-Security'] = 'max-age=31536000';
	return (cached = headers);
}
