/**
 * The RFC 8058 one-click unsubscribe: a mail provider POSTs `List-Unsubscribe=One-Click` to the https URL of a
 * message's List-Unsubscribe header from its own servers, with no Origin of this site, which SvelteKit's form
 * protection would refuse. Such a POST to `/status/unsubscribe/<token>` is answered here, before SvelteKit; the
 * page's own form (same origin) goes on to the page's action, which shows the person what happened.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, NotFoundError } from '../errors';
import { readBodyText } from '../http/json-body';
import { securityHeaders } from '../http/security-headers';
import type { Ctx } from '../context';
import { log } from '../observability/log';
import { subscriptionToken } from '../../shared/schemas/subscriptions';
import { unsubscribe } from './subscription.service';

const PATH = /^\/status\/unsubscribe\/([^/?#]+)\/?(?:\?.*)?$/;

/** Returns a handler that answers a one-click unsubscribe and says so, or leaves any other request alone. */
export function oneClickUnsubscribe(ctx: Ctx): (req: IncomingMessage, res: ServerResponse) => boolean {
	return (req, res) => {
		const match = req.method === 'POST' ? PATH.exec(req.url ?? '') : null;
		if (!match) return false;
		const origin = req.headers.origin;
		const host = req.headers.host;
		if (origin && host && new URL(origin).host === host) return false;
		void answer(ctx, match[1], req, res);
		return true;
	};
}

async function answer(ctx: Ctx, token: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
	let status = 200;
	let text = 'Unsubscribed.';
	try {
		await readBodyText(req);
		const parsed = subscriptionToken.safeParse(token);
		if (!parsed.success) throw new NotFoundError({ reason: 'errors.subscriptionLinkUnknown' });
		await unsubscribe(ctx, parsed.data);
	} catch (err) {
		if (!(err instanceof DomainError)) log.error({ err }, 'one-click unsubscribe failed');
		status = err instanceof DomainError ? err.status : 500;
		text = err instanceof DomainError ? err.message : 'Something went wrong on the server.';
	}
	res.writeHead(status, { ...securityHeaders(), 'content-type': 'text/plain; charset=utf-8' }).end(text);
}
