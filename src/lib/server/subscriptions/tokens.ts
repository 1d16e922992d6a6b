/**
 * The secrets of confirmation and unsubscribe links: 32 random bytes, kept only as their SHA-256, as the
 * incident report links are; a link is the credential for its one act. A message's unsubscribe token also opens
 * the page that manages its subscription (which can unsubscribe too, so it grants nothing more).
 */
import { createHash, randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export const confirmPath = (token: string) => `/status/confirm/${token}`;
export const unsubscribePath = (token: string) => `/status/unsubscribe/${token}`;
export const managePath = (token: string) => `/status/manage/${token}`;
