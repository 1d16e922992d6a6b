import type { ErrorReason, Locale, ReasonParams } from '$lib/shared/i18n';
import type { UserView } from '$lib/shared/schemas/auth';
import type { App as GoliveApp } from '$lib/server/app';
import type { Actor } from '$lib/server/auth/actor';

declare global {
	namespace App {
		interface Error {
			message: string;
			/** Why, for the page to say in the UI's language (see errors.ts). */
			reason?: ErrorReason;
			params?: ReasonParams;
			code?: string;
			errorId?: string;
		}
		interface Locals {
			app: GoliveApp;
			actor: Actor | null;
			user: UserView | null;
			locale: Locale;
		}
	}
}

export {};
