/**
 * The form-action transport's one mapping of domain errors: a thrown DomainError (or ZodError) becomes
 * `fail(status, { form, message, reason, params, issues, values })`, so the page can show the refusal (in its
 * language, when it has a reason) next to the form that failed, each field's issue next to the field (in its
 * language too: see fieldErrorTexts), and keep what the user typed. Anything else (redirects, unexpected errors)
 * propagates.
 */
import { error, fail, type ActionFailure } from '@sveltejs/kit';
import { z } from 'zod';
import type { Actor } from '../auth/actor';
import type { FieldIssue, FormRefusal } from '../../shared/i18n';
import { can, type Permission, type Role } from '../../shared/roles';
import {
	DomainError,
	ForbiddenError,
	UnauthenticatedError,
	ValidationError,
	errorHeaders,
	issuesError,
	parse,
	reasonOf,
	validationErrorFrom
} from '../errors';

/**
 * The refusal's English `message`, and its `reason` and `params` when it has one (see refusalText); a validation
 * error's `issues`, each naming its field (none for other refusals); the user's input in `values`, to fill the
 * form again (secrets left out).
 */
export interface FormFailure extends FormRefusal {
	/** Which form on the page failed (pages with several forms), or null. */
	form: string | null;
}

const SECRET_FIELDS = ['password', 'passwordConfirm'];

/** The text fields of a submitted form, for showing them again after a failure; files and secrets are left out. */
export function formValues(data: FormData, omit: readonly string[] = SECRET_FIELDS): Record<string, string> {
	const values: Record<string, string> = {};
	for (const [name, value] of data)
		if (typeof value === 'string' && !omit.includes(name)) values[name] = value;
	return values;
}

/** A field of a submitted form as a string (missing and file fields read as ''). */
export function field(data: FormData, name: string): string {
	const value = data.get(name);
	return typeof value === 'string' ? value : '';
}

/**
 * A field that names what an action changes (a key, an id), read with its schema: a bad one is a ValidationError
 * naming the field, never a string handed to the database as it came. Call it inside `formAction`.
 */
export function parsedField<S extends z.ZodType>(data: FormData, name: string, schema: S): z.output<S> {
	return (parse(z.object({ [name]: schema }), { [name]: field(data, name) }) as Record<string, z.output<S>>)[
		name
	];
}

/** The issues a validation error lists in its details (see validationErrorFrom). */
function issuesOf(err: DomainError): FieldIssue[] {
	if (!(err instanceof ValidationError) || !Array.isArray(err.details)) return [];
	return (err.details as Partial<FieldIssue>[]).filter(
		(issue): issue is FieldIssue => typeof issue?.path === 'string' && typeof issue.message === 'string'
	);
}

/**
 * Parses a form's input with its schema. Issues the form found by hand (text that is not a number, a time that
 * cannot be read) are thrown together with the schema's, as one ValidationError naming every bad field; the
 * schema's complaint about a field already flagged is left out.
 */
export function parseForm<S extends z.ZodType>(
	schema: S,
	input: unknown,
	issues: readonly FieldIssue[] = []
): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success && issues.length === 0) return result.data;
	const flagged = new Set(issues.map((i) => i.path));
	const fromSchema = result.success ? [] : (validationErrorFrom(result.error).details as FieldIssue[]);
	throw issuesError([...issues, ...fromSchema.filter((i) => !flagged.has(i.path.split('.')[0]))]);
}

/** Runs an action body; domain and validation errors become a `fail()` with the message and the user's input. */
export async function formAction<T>(
	run: () => Promise<T>,
	options: {
		values?: Record<string, string>;
		form?: string;
		/** The action's setHeaders, for refusals that carry headers (Retry-After on a rate limit). */
		setHeaders?: (headers: Record<string, string>) => void;
	} = {}
): Promise<T | ActionFailure<FormFailure>> {
	try {
		return await run();
	} catch (thrown) {
		const err = thrown instanceof z.ZodError ? validationErrorFrom(thrown) : thrown;
		if (!(err instanceof DomainError)) throw thrown;
		const headers = errorHeaders(err);
		if (Object.keys(headers).length) options.setHeaders?.(headers);
		return fail(err.status, {
			form: options.form ?? null,
			message: err.message,
			...reasonOf(err),
			issues: issuesOf(err),
			values: options.values ?? {}
		});
	}
}

/** The signed-in actor of a form action (actions do not run the layout's guard), or a 401. */
export function signedIn(locals: App.Locals): Actor {
	if (!locals.actor) errorPage(new UnauthenticatedError());
	return locals.actor;
}

const HERE = 'http://golive.invalid';

/**
 * A redirect target from user input (`?next=`, a form field): a path of this site ("/c/x?y"), else `fallback`.
 * Never an open redirect: control characters and backslashes are refused before parsing (browsers drop tabs and
 * newlines, and read `\` as `/`, so "/\t/evil.example" would become "//evil.example"), and what is parsed must stay
 * on this origin.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
	// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
	if (!next || !next.startsWith('/') || /[\u0000-\u001f\u007f-\u009f\\]/.test(next)) return fallback;
	let url: URL;
	try {
		url = new URL(next, HERE);
	} catch {
		return fallback;
	}
	if (url.origin !== HERE) return fallback;
	return url.pathname + url.search + url.hash;
}

/** Runs a page load's service calls; a domain error becomes the error page with its status (404, 403…). */
export async function loaded<T>(run: () => Promise<T>): Promise<T> {
	try {
		return await run();
	} catch (err) {
		if (err instanceof DomainError) errorPage(err);
		throw err;
	}
}

/** The error page for a domain error, with its reason so the page can say it in the UI's language. */
export function errorPage(err: DomainError): never {
	error(err.status, { message: err.message, ...reasonOf(err) });
}

/** A page's role guard (the services check again on every action): a 403 page when the role may not. */
export function requireRole(role: Role, permission: Permission, action: string): void {
	if (!can(role, permission))
		errorPage(new ForbiddenError({ reason: 'errors.roleMayNot', params: { role, action } }));
}
