import { describe, expect, it } from 'vitest';
import { acceptedEncoding } from './revalidation';

describe('the encoding a reader gets', () => {
	it('is br when the client takes it, else gzip, else none, and never one the client refused with q=0', () => {
		expect(acceptedEncoding('gzip, deflate, br, zstd')).toBe('br');
		expect(acceptedEncoding('gzip')).toBe('gzip');
		expect(acceptedEncoding('br;q=0, gzip;q=0.5')).toBe('gzip');
		expect(acceptedEncoding('BR')).toBe('br');
		expect(acceptedEncoding('identity')).toBeNull();
		expect(acceptedEncoding('gzip;q=0')).toBeNull();
		expect(acceptedEncoding(null)).toBeNull();
	});
});
