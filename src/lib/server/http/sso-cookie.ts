/** The cookie that carries a single sign-on in progress (state, nonce, PKCE verifier) across the provider. */
import { z } from 'zod';
import type { PendingSignIn } from '../auth/sso.service';

export const SSO_COOKIE = 'golive_sso';

/** Where the provider sends the browser back: registered at the provider as the redirect URI. */
export const ssoCallbackUrl = (url: URL) => new URL('/login/sso/callback', url.origin).href;

const pendingSignIn = z.object({
	state: z.string().min(1).max(200),
	nonce: z.string().min(1).max(200),
	verifier: z.string().min(1).max(200),
	next: z.string().max(2000)
});

export function readPending(value: string | undefined): PendingSignIn | null {
	if (!value) return null;
	try {
		const parsed = pendingSignIn.safeParse(JSON.parse(value));
		return parsed.success ? parsed.data : null;
	} catch {
		return null;
	}
}
