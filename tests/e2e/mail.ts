/** The mails the web server has sent, as the run's SMTP server (smtp-server.ts) received them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@playwright/test';

export interface SentMail {
	to: string[];
	/** Header names in lower case, values decoded. */
	headers: Record<string, string>;
	text: string | null;
	html: string | null;
	/** The iCalendar part, if any. */
	calendar: string | null;
}

/** Every mail to an address so far, oldest first. */
export function mailsTo(address: string): SentMail[] {
	const dir = process.env.GOLIVE_E2E_MAIL_DIR!;
	return readdirSync(dir)
		.filter((name) => name.endsWith('.json') && !name.startsWith('.'))
		.sort()
		.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as SentMail)
		.filter((mail) => mail.to.includes(address));
}

/** Waits for the `count`th mail to an address (the server's sender looks for work every few seconds). */
export async function nthMailTo(address: string, count: number): Promise<SentMail> {
	await expect
		.poll(() => mailsTo(address).length, { message: `mail ${count} to ${address}`, timeout: 30_000 })
		.toBeGreaterThanOrEqual(count);
	return mailsTo(address)[count - 1];
}
