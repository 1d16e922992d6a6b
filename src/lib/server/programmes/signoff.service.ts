/**
 * Testers' sign-offs. A manager asks one of a system's testers for their word: golive makes a one-use, expiring
 * link whose token is random (32 bytes) and kept only as its SHA-256 (as supplier report links are). The tester
 * needs no account: the token is the credential, for that one answer. A manager may also record a tester's word
 * on their behalf. Writing one locks the wave, then its programme: in the wave, all testers saying "works" ticks
 * the system's sign-off step and "problems" adds a follow-up task; in the programme, the sign-off row, the
 * system's verdicts and stage.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { SignoffVerdict, Tester } from '../../shared/programmes/rules';
import type {
	SignoffForInput,
	SignoffFormView,
	SignoffInput,
	SignoffLinkCreated,
	SignoffLinkInput,
	SignoffView
} from '../../shared/schemas/programmes';
import { require, type Actor } from '../auth/actor';
import type { Ctx } from '../context';
import type { Db, Tx } from '../db/client';
import type { SignoffLinkRow } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { writeCutover, type CutoverWriter } from '../events/event.service';
import * as runbook from '../runbook/runbook.tx';
import { findProgramme } from './programme.service';
import type { SystemWithWave } from './programme.queries';
import { saveSystem } from './system-state';
import { signoffToView } from './views';
import * as q from './waves.queries';

const hashOf = (token: string) => createHash('sha256').update(token).digest('hex');

/** The page a sign-off link opens. */
export const signoffPath = (token: string) => `/signoff/${token}`;

/** A follow-up task's time until someone plans it better. */
const FOLLOW_UP_MINUTES = 60;
const FOLLOW_UP_PHASE = 'Follow-up';

async function systemOf(db: Db | Tx, programmeId: string, key: string): Promise<SystemWithWave> {
	const [system] = await q.systemsByKeys(db, programmeId, [key]);
	if (!system) throw new NotFoundError({ reason: 'errors.systemNotFound', params: { key } });
	return system;
}

function testerOf(system: { key: string; testers: Tester[] }, email: string): Tester {
	const tester = system.testers.find((t) => t.email.toLowerCase() === email.toLowerCase());
	if (!tester)
		throw new ValidationError({ reason: 'errors.signoffTesterUnknown', params: { email, key: system.key } });
	return tester;
}

/** Asks a tester of the system for their word: answers the link's token, once. */
export async function requestSignoffLink(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: SignoffLinkInput
): Promise<SignoffLinkCreated> {
	require(actor, 'programme.manage', 'run programmes');
	const token = randomBytes(32).toString('base64url');
	const { result } = await writeCutover(ctx, actor, { slug }, async (w) => {
		if (w.cutover.kind !== 'programme')
			throw new NotFoundError({ reason: 'errors.programmeNotFound', params: { slug } });
		const system = await systemOf(w.tx, w.cutover.id, key);
		const tester = testerOf(system, input.testerEmail);
		const now = ctx.clock.now();
		const expiresAt = new Date(now + input.expiresInSeconds * 1000);
		await q.insertLink(w.tx, {
			systemId: system.id,
			tokenHash: hashOf(token),
			testerEmail: tester.email.toLowerCase(),
			requestedBy: actor.username ?? actor.name,
			requestedAt: new Date(now),
			expiresAt
		});
		w.record('programme.signoff_requested', {
			system: system.key,
			testerEmail: tester.email.toLowerCase(),
			expiresAt: expiresAt.toISOString()
		});
		return {
			system: system.key,
			testerEmail: tester.email.toLowerCase(),
			expiresAt: expiresAt.toISOString(),
			token,
			path: signoffPath(token)
		};
	});
	return result;
}

type FoundLink = NonNullable<Awaited<ReturnType<typeof q.linkByHash>>>;

/** The link a token opens: unknown (404), used already or expired (409; the page says 410, gone). */
function checkLink(found: FoundLink | undefined, now: number): FoundLink & { link: SignoffLinkRow } {
	if (!found) throw new NotFoundError({ reason: 'errors.signoffTokenUnknown' });
	if (found.link.usedAt) throw new ConflictError({ reason: 'errors.signoffTokenUsed' });
	if (found.link.expiresAt.getTime() <= now)
		throw new ConflictError({
			reason: 'errors.signoffTokenExpired',
			params: { at: found.link.expiresAt.toISOString() }
		});
	return found;
}

/** What a sign-off link's page shows (refused as answering would be). */
export async function signoffForm(ctx: Ctx, token: string): Promise<SignoffFormView> {
	const { link, system, programme } = checkLink(await q.linkByHash(ctx.db, hashOf(token)), ctx.clock.now());
	const tester = system.testers.find((t) => t.email.toLowerCase() === link.testerEmail);
	return {
		system: system.key,
		systemName: system.name,
		agency: system.agency,
		testerName: tester?.name ?? link.testerEmail,
		windowStart: system.windowStart?.toISOString() ?? null,
		windowEnd: system.windowEnd?.toISOString() ?? null,
		timezone: programme.timezone,
		expiresAt: link.expiresAt.toISOString()
	};
}

/**
 * A tester answers through their link. The link is checked again and used under the wave's lock, in the same
 * transaction as the sign-off: two sends of one link make one sign-off and one refusal.
 */
export async function signOffByLink(ctx: Ctx, token: string, input: SignoffInput): Promise<SignoffView> {
	const hash = hashOf(token);
	const first = checkLink(await q.linkByHash(ctx.db, hash), ctx.clock.now());
	const waveId = first.system.waveId;
	if (!waveId)
		throw new ConflictError({ reason: 'errors.systemNotInWave', params: { key: first.system.key } });
	const tester = testerOf(first.system, first.link.testerEmail);
	const actor: Actor = {
		kind: 'system',
		id: null,
		name: tester.name,
		role: 'viewer',
		username: null,
		team: null,
		cutoverId: waveId
	};
	const { result } = await writeCutover(ctx, actor, waveId, async (w) => {
		const now = ctx.clock.now();
		const { link } = checkLink(await q.linkByHash(w.tx, hash), now);
		if (!(await q.useLink(w.tx, link.id, new Date(now))))
			throw new ConflictError({ reason: 'errors.signoffTokenUsed' });
		return writeSignoff(w, first.programme.id, first.system.id, tester, input, 'link', new Date(now));
	});
	return result;
}

/** A manager records a tester's word on their behalf (`via`: the manager's username). */
export async function signOffFor(
	ctx: Ctx,
	actor: Actor,
	slug: string,
	key: string,
	input: SignoffForInput
): Promise<SignoffView> {
	require(actor, 'programme.manage', 'run programmes');
	const programme = await findProgramme(ctx, actor, slug);
	const held = await systemOf(ctx.db, programme.id, key);
	const tester = testerOf(held, input.testerEmail);
	if (!held.waveId) throw new ConflictError({ reason: 'errors.systemNotInWave', params: { key } });
	const { result } = await writeCutover(ctx, actor, held.waveId, (w) =>
		writeSignoff(
			w,
			programme.id,
			held.id,
			tester,
			input,
			actor.username ?? actor.name,
			new Date(ctx.clock.now())
		)
	);
	return result;
}

/** The next free follow-up key of a system in the wave: `SYS.fix-1`, `SYS.fix-2`... */
async function followUpKey(tx: Tx, waveId: string, systemKey: string): Promise<string> {
	const keys = new Set(await runbook.taskKeysOf(tx, waveId));
	let n = 1;
	while (keys.has(`${systemKey}.fix-${n}`)) n++;
	return `${systemKey}.fix-${n}`;
}

/** Writes a sign-off in the wave (`w`, locked) and then its programme. */
async function writeSignoff(
	w: CutoverWriter,
	programmeId: string,
	systemId: string,
	tester: Tester,
	input: { verdict: SignoffVerdict; note: string },
	via: string,
	now: Date
): Promise<SignoffView> {
	return w.also(programmeId, async (p) => {
		const system = await q.systemById(p.tx, systemId);
		if (!system || system.waveId !== w.cutover.id)
			throw new ConflictError({ reason: 'errors.systemNotInWave', params: { key: system?.key ?? '' } });
		if (!system.movedAt)
			throw new ConflictError({ reason: 'errors.systemNotMoved', params: { key: system.key } });
		const email = tester.email.toLowerCase();
		const verdicts = { ...system.verdicts, [email]: input.verdict };
		let followUpTask: string | null = null;
		if (input.verdict === 'problems') {
			followUpTask = await followUpKey(w.tx, w.cutover.id, system.key);
			const firstLine = input.note.split(/\r?\n/)[0].trim();
			await runbook.addTask(w, {
				key: followUpTask,
				title: `Follow up: ${system.name} — ${firstLine}`.slice(0, 200),
				phase: FOLLOW_UP_PHASE,
				owner: system.contactName,
				durationMinutes: FOLLOW_UP_MINUTES,
				notBefore: null,
				dependsOn: [],
				systemId: null,
				systemStep: null
			});
		}
		const view = await saveSystem(p.tx, system, { verdicts }, now);
		if (view.stage === 'migrated') {
			const steps = await runbook.systemTaskStatuses(w.tx, w.cutover.id, system.id);
			for (const step of steps.filter((t) => t.systemStep === 'signoff'))
				await runbook.finishTask(
					w,
					step.key,
					`signed off by ${system.testers.map((t) => t.name).join(', ')}`,
					now
				);
		}
		const row = await q.insertSignoff(p.tx, {
			systemId: system.id,
			waveId: w.cutover.id,
			testerName: tester.name,
			testerEmail: email,
			verdict: input.verdict,
			note: input.note,
			via,
			at: now,
			followUpTask,
			seq: p.cutover.lastSeq + 1
		});
		const signoff = signoffToView(system.key, row);
		p.record('programme.signed_off', { system: view, signoff });
		return signoff;
	});
}
