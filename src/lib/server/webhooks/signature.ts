/**
 * Standard Webhooks signing: a secret `whsec_<base64>` whose decoded bytes key an HMAC-SHA256 of
 * `<webhook-id>.<webhook-timestamp>.<body>`, sent as `v1,<base64>`.
 */
import { createHmac, randomBytes } from 'node:crypto';

const PREFIX = 'whsec_';

/** A new secret: 32 random bytes. */
export const generateSecret = (): string => PREFIX + randomBytes(32).toString('base64');

export function signature(secret: string, id: string, timestampSeconds: number, body: string): string {
	const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
	const mac = createHmac('sha256', key).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
	return `v1,${mac}`;
}
