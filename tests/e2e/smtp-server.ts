/**
 * The global setup of the end-to-end run: the SMTP server the web server mails subscribers through
 * (GOLIVE_SMTP_URL, on the port the config chose). Tests run in worker processes, so each mail it receives is
 * written to GOLIVE_E2E_MAIL_DIR as a JSON file of its own, which they read (mail.ts). Returns the teardown.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SmtpReceiver, type ReceivedMail } from '../../src/lib/server/testing/smtp-receiver';

export default async function startSmtpServer(): Promise<() => Promise<void>> {
	const dir = process.env.GOLIVE_E2E_MAIL_DIR!;
	let count = 0;
	const keep = (mail: ReceivedMail) => {
		const name = `${String(++count).padStart(6, '0')}.json`;
		const saved = {
			to: mail.to,
			headers: Object.fromEntries(mail.headers),
			text: mail.text,
			html: mail.html,
			calendar: mail.calendar
		};
		// Written whole, then renamed: a reader never sees half a mail.
		writeFileSync(join(dir, `.${name}`), JSON.stringify(saved));
		renameSync(join(dir, `.${name}`), join(dir, name));
	};
	const receiver = await new SmtpReceiver(keep).start(Number(process.env.GOLIVE_E2E_SMTP_PORT));
	return () => receiver.stop();
}
