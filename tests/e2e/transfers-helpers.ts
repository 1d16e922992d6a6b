import { expect, type Page } from '@playwright/test';
import type { Role } from '../../src/lib/shared/roles';
import { gotoHydrated } from './helpers';

export interface NewUser {
	username: string;
	displayName: string;
	password: string;
	role: Role;
}

/** Adds a user through the admin's users page (`admin` is signed in as an admin). */
export async function createUser(admin: Page, user: NewUser): Promise<void> {
	await gotoHydrated(admin, '/admin/users');
	const form = admin.locator('form').filter({ has: admin.getByTestId('user-create-submit') });
	await form.locator('input[name="username"]').fill(user.username);
	await form.locator('input[name="displayName"]').fill(user.displayName);
	await form.locator('[name="role"]').selectOption(user.role);
	await form.locator('input[name="password"]').fill(user.password);
	await form.getByTestId('user-create-submit').click();
	await expect(admin.getByText(user.displayName, { exact: true }).first()).toBeVisible();
}

/** Creates an API token through the admin's tokens page and returns its secret (shown this once only). */
export async function createToken(
	admin: Page,
	token: { name: string; role: Role; cutoverSlug: string }
): Promise<string> {
	await gotoHydrated(admin, '/admin/tokens');
	const form = admin.locator('form[action="?/create"]');
	await form.locator('input[name="name"]').fill(token.name);
	await form.locator('[name="role"]').selectOption(token.role);
	await form.locator('[name="cutoverSlug"]').selectOption(token.cutoverSlug);
	await form.locator('button[type="submit"]').click();
	const secret = admin.getByTestId('token-secret');
	await expect(secret).not.toHaveValue('');
	return secret.inputValue();
}
