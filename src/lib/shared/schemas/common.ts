import { z } from 'zod';
import { isValidTimeZone } from '../time';

/** ISO 8601 with an offset or Z, as the API promises; parsed to epoch ms. */
export const isoInstant = z
	.string()
	.datetime({
		offset: true,
		message: 'must be an ISO 8601 time with an offset, e.g. 2024-10-10T18:00:00+03:00'
	})
	.transform((s) => Date.parse(s));

export const slug = z
	.string()
	.trim()
	.min(2, 'must be at least 2 characters')
	.max(64, 'must be at most 64 characters')
	.regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'may contain lowercase letters, digits and single dashes');

export const timezone = z
	.string()
	.trim()
	.min(1)
	.max(64)
	.refine(isValidTimeZone, { message: 'is not a known IANA time zone (e.g. Europe/Helsinki)' });

/** Single-line user text: trimmed, bounded, never empty. */
export const line = (max: number) =>
	z.string().trim().min(1, 'is required').max(max, `must be at most ${max} characters`);
export const optionalText = (max: number) =>
	z.string().trim().max(max, `must be at most ${max} characters`).optional();

export const pagination = z.object({
	limit: z.coerce.number().int().min(1).max(1000).default(200),
	cursor: z.string().max(200).optional()
});
