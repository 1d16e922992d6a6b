/**
 * The admin CLI: `npm run golive -- <command>`. It opens the same database as the server (DATABASE_URL, or the
 * embedded one in DATA_DIR, which only one process may hold: stop the server first, or use the UI or API).
 * Exit codes: 0 done, 1 failed (e.g. a taken username, the database in use), 2 bad arguments.
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createApp, type App } from '../src/lib/server/app';
import { systemActor } from '../src/lib/server/auth/actor';
import {
	createToken,
	createUserAsSystem,
	listTokens,
	listUsers,
	revokeToken,
	unlockUser,
	updateUser
} from '../src/lib/server/auth/auth.service';
import { env } from '../src/lib/server/env';
import { exportStatusSite } from '../src/lib/server/status/export';
import { DomainError, NotFoundError } from '../src/lib/server/errors';
import { ROLES, TOKEN_ROLES } from '../src/lib/shared/roles';
import { tokenCreateInput, userCreateInput, userUpdateInput, username } from '../src/lib/shared/schemas/auth';

const USAGE = `golive admin CLI

Usage: npm run golive -- <command> [options]

Commands:
  user add --username U --name "Display Name" --role ROLE [--team T] [--password P]
      Add a user. Without --password the password comes from GOLIVE_PASSWORD, or is asked for
      (without echo) when run in a terminal. At least 10 characters.
  user list
  user disable USERNAME | user enable USERNAME
      Disabling ends the user's sessions and open boards at once (on every instance with PostgreSQL).
  user unlock USERNAME
      Lifts the lock that too many wrong passwords put on an account.
  token create --name N --role ROLE [--cutover SLUG]
      Create an API token (optionally limited to one cutover); its secret is printed once.
  token list
  token revoke ID
  status export DIR
      Write the public status page, its feeds and its JSON documents to DIR, as files a plain web server
      or a CDN can serve if golive itself is down (the same bytes the server sends).
  help

Roles: ${ROLES.join(', ')}; a token may also have ${TOKEN_ROLES.filter((r) => !(ROLES as readonly string[]).includes(r)).join(', ')} (push metric samples, nothing else)
Options: --json prints machine-readable output.
Environment: DATABASE_URL (PostgreSQL) or DATA_DIR (embedded database, default ./data).`;

/** A problem with the arguments: printed with a hint, exit code 2. */
class UsageError extends Error {}

const CLI_NAMES: Record<string, string> = { displayName: '--name', cutoverSlug: '--cutover' };

/** Validates with a zod schema and names the offending option (`--name`, not `displayName`) when it fails. */
function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
	const result = schema.safeParse(input);
	if (result.success) return result.data;
	const lines = result.error.issues.map((i) => {
		const field = String(i.path[0] ?? '');
		return field ? `${CLI_NAMES[field] ?? `--${field}`}: ${i.message}` : i.message;
	});
	throw new UsageError(lines.join('\n'));
}

const options = {
	username: { type: 'string' },
	name: { type: 'string' },
	role: { type: 'string' },
	team: { type: 'string' },
	password: { type: 'string' },
	cutover: { type: 'string' },
	json: { type: 'boolean' },
	help: { type: 'boolean', short: 'h' }
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

function only(values: Values, allowed: (keyof typeof options)[]): void {
	const extra = Object.keys(values).filter(
		(k) => !allowed.includes(k as keyof typeof options) && k !== 'json'
	);
	if (extra.length)
		throw new UsageError(`this command does not take ${extra.map((k) => `--${k}`).join(', ')}`);
}

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
	const stdin = process.stdin;
	process.stderr.write(question);
	stdin.setRawMode(true);
	stdin.resume();
	stdin.setEncoding('utf8');
	return new Promise((resolve, reject) => {
		let answer = '';
		const onData = (chunk: string) => {
			for (const ch of chunk) {
				if (ch === '\r' || ch === '\n' || ch === '\u0004') {
					done();
					process.stderr.write('\n');
					return resolve(answer);
				}
				if (ch === '\u0003') {
					done();
					process.stderr.write('\n');
					return reject(new UsageError('cancelled'));
				}
				if (ch === '\u007f' || ch === '\b') answer = answer.slice(0, -1);
				else answer += ch;
			}
		};
		const done = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
		};
		stdin.on('data', onData);
	});
}

async function passwordFor(values: Values): Promise<string> {
	if (values.password !== undefined) return values.password;
	const fromEnv = process.env.GOLIVE_PASSWORD;
	if (fromEnv) return fromEnv;
	if (!process.stdin.isTTY)
		throw new UsageError(
			'give the password with --password, or in GOLIVE_PASSWORD, or run in a terminal to be asked'
		);
	const first = await promptHidden('Password (at least 10 characters): ');
	check(z.object({ password: userCreateInput.shape.password }), { password: first });
	const again = await promptHidden('Repeat the password: ');
	if (again !== first) throw new UsageError('the passwords do not match');
	return first;
}

function table(rows: Record<string, string>[]): string {
	if (rows.length === 0) return '(none)';
	const keys = Object.keys(rows[0]);
	const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => r[k].length)));
	const line = (r: Record<string, string>) =>
		keys
			.map((k, i) => r[k].padEnd(width[i]))
			.join('  ')
			.trimEnd();
	return [line(Object.fromEntries(keys.map((k) => [k, k.toUpperCase()]))), ...rows.map(line)].join('\n');
}

const print = (values: Values, data: unknown, text: string) =>
	console.log(values.json ? JSON.stringify(data, null, 2) : text);

async function withApp<T>(work: (app: App) => Promise<T>): Promise<T> {
	const e = env();
	// No sample here: the CLI manages users and tokens and exports the status page; the server seeds on its own first start.
	const app = await createApp({ url: e.DATABASE_URL, dataDir: e.DATA_DIR });
	try {
		return await work(app);
	} finally {
		await app.close();
	}
}

const cli = systemActor('golive CLI');

async function main(argv: string[]): Promise<void> {
	let parsed;
	try {
		parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true });
	} catch (err) {
		throw new UsageError((err as Error).message);
	}
	const { values, positionals } = parsed;
	const [area, action, ...rest] = positionals;
	const command = [area, action].filter(Boolean).join(' ');

	if (!area || area === 'help' || values.help) {
		console.log(USAGE);
		return;
	}
	switch (command) {
		case 'user add': {
			only(values, ['username', 'name', 'role', 'team', 'password']);
			if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
			// Everything but the password first, so a typo is reported before anyone types a password.
			const fields = {
				username: values.username ?? '',
				displayName: values.name ?? '',
				role: values.role ?? '',
				team: values.team
			};
			check(userCreateInput.omit({ password: true }), fields);
			const input = check(userCreateInput, { ...fields, password: await passwordFor(values) });
			const user = await withApp((app) => createUserAsSystem(app, input));
			print(
				values,
				user,
				`Added ${user.username} (${user.displayName}), role ${user.role}${user.team ? `, team ${user.team}` : ''}.`
			);
			return;
		}
		case 'user list': {
			only(values, []);
			const users = await withApp((app) => listUsers(app, cli));
			print(
				values,
				users,
				table(
					users.map((u) => ({
						username: u.username,
						name: u.displayName,
						role: u.role,
						team: u.team ?? '',
						disabled: u.disabled ? 'yes' : ''
					}))
				)
			);
			return;
		}
		case 'user disable':
		case 'user enable':
		case 'user unlock': {
			only(values, []);
			if (rest.length !== 1) throw new UsageError('give exactly one username (see `user list`)');
			const name = check(username, rest[0]);
			await withApp(async (app) => {
				const user = (await listUsers(app, cli)).find((u) => u.username === name);
				if (!user) throw new NotFoundError({ reason: 'errors.userNotFound' });
				if (action === 'unlock') await unlockUser(app, cli, user.id);
				else await updateUser(app, cli, user.id, userUpdateInput.parse({ disabled: action === 'disable' }));
			});
			const done = { disable: 'Disabled', enable: 'Enabled', unlock: 'Unlocked sign-in of' }[action];
			print(values, { username: name, [action]: true }, `${done} ${name}.`);
			return;
		}
		case 'token create': {
			only(values, ['name', 'role', 'cutover']);
			if (rest.length) throw new UsageError(`unexpected argument "${rest[0]}"`);
			const input = check(tokenCreateInput, {
				name: values.name ?? '',
				role: values.role ?? '',
				cutoverSlug: values.cutover
			});
			const { token, view } = await withApp((app) => createToken(app, cli, input));
			print(
				values,
				{ ...view, token },
				[
					`Created token "${view.name}" (id ${view.id}), role ${view.role}${view.cutoverSlug ? `, limited to ${view.cutoverSlug}` : ''}.`,
					'',
					`  ${token}`,
					'',
					'Copy it now: it is shown only once. Send it as: Authorization: Bearer <token>'
				].join('\n')
			);
			return;
		}
		case 'token list': {
			only(values, []);
			const tokens = await withApp((app) => listTokens(app, cli));
			print(
				values,
				tokens,
				table(
					tokens.map((t) => ({
						id: t.id,
						name: t.name,
						role: t.role,
						cutover: t.cutoverSlug ?? '',
						created: t.createdAt,
						'last used': t.lastUsedAt ?? '',
						revoked: t.revokedAt ?? ''
					}))
				)
			);
			return;
		}
		case 'token revoke': {
			only(values, []);
			if (rest.length !== 1) throw new UsageError('give exactly one token id (see `token list`)');
			const id = check(z.uuid('the token id is not valid (see `token list`)'), rest[0]);
			await withApp((app) => revokeToken(app, cli, id));
			print(values, { id, revoked: true }, `Revoked token ${id}.`);
			return;
		}
		case 'status export': {
			only(values, []);
			if (rest.length !== 1) throw new UsageError('give exactly one folder to write the status page to');
			const dir = rest[0];
			const files = await withApp((app) => exportStatusSite(app, dir, env().ORIGIN ?? ''));
			print(
				values,
				{ dir, files },
				`Wrote ${files.length} files to ${dir}:\n${files.map((f) => `  ${f}`).join('\n')}`
			);
			return;
		}
		default:
			throw new UsageError(`unknown command "${positionals.join(' ')}"`);
	}
}

try {
	await main(process.argv.slice(2));
} catch (err) {
	if (err instanceof UsageError || (err instanceof DomainError && err.code === 'validation_failed')) {
		const message = err.message.replace(/^(\w+):/, (found, field: string) =>
			CLI_NAMES[field] ? `${CLI_NAMES[field]}:` : found
		);
		console.error(`golive: ${message}\nRun \`npm run golive -- help\` for usage.`);
		process.exitCode = 2;
	} else if (err instanceof DomainError) {
		console.error(`golive: ${err.message}`);
		process.exitCode = 1;
	} else {
		console.error(`golive: ${err instanceof Error ? err.message : String(err)}`);
		process.exitCode = 1;
	}
}
