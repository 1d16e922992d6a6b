/** The SMTP connection subscribers' mail leaves by (nodemailer, pooled), or null when none is configured. */
import nodemailer, { type Transporter } from 'nodemailer';

export function createMailTransport(url: string | undefined): Transporter | null {
	if (!url) return null;
	const pooled = new URL(url);
	pooled.searchParams.set('pool', 'true');
	return nodemailer.createTransport(pooled.toString());
}
