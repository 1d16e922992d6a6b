/** An audit entry's details in the UI's language: what changed, why a sign-in failed, what a lock covers. */
import type { MessageKey, Translate } from '$lib/shared/i18n';
import { ROLES, type Role } from '$lib/shared/roles';
import { FAILED_SIGN_IN_WHYS, type AuditView } from '$lib/shared/schemas/audit';

const isRole = (v: unknown): v is Role => typeof v === 'string' && (ROLES as readonly string[]).includes(v);
const SCOPES = ['signInPair', 'signInAccount', 'signInAddress'] as const;
const FIELDS = { displayName: 'admin.displayName', role: 'admin.role', team: 'admin.team' } as const;

export function auditDetail(entry: Pick<AuditView, 'kind' | 'detail'>, t: Translate): string {
	const d = entry.detail;
	const value = (v: unknown) =>
		v === null || v === undefined || v === '' ? '—' : isRole(v) ? t(`admin.role_${v}`) : String(v);
	const parts: string[] = [];
	if (d.via === 'password' || d.via === 'sso') parts.push(t(`admin.auditVia_${d.via}`));
	if (typeof d.why === 'string' && (FAILED_SIGN_IN_WHYS as readonly string[]).includes(d.why))
		parts.push(t(`admin.auditWhy_${d.why}` as MessageKey));
	if (typeof d.error === 'string') parts.push(d.error);
	if (entry.kind === 'signin.locked' && SCOPES.includes(d.scope as (typeof SCOPES)[number]))
		parts.push(
			t('admin.auditLocked', {
				scope: t(`admin.auditScope_${d.scope as (typeof SCOPES)[number]}`),
				minutes: value(d.minutes)
			})
		);
	if (entry.kind === 'token.locked') parts.push(t('admin.auditTokensLocked', { minutes: value(d.minutes) }));
	if (entry.kind === 'user.created' || entry.kind === 'token.created') {
		if (d.role !== undefined) parts.push(`${t('admin.role')}: ${value(d.role)}`);
		if (d.team) parts.push(`${t('admin.team')}: ${value(d.team)}`);
		if (d.cutover) parts.push(`${t('admin.tokenCutover')}: ${value(d.cutover)}`);
	}
	if (entry.kind === 'user.updated') {
		for (const [field, key] of Object.entries(FIELDS)) {
			const change = d[field] as { from?: unknown; to?: unknown } | undefined;
			if (change && typeof change === 'object' && 'to' in change)
				parts.push(`${t(key)}: ${value(change.from)} → ${value(change.to)}`);
		}
		const disabled = d.disabled as { to?: unknown } | undefined;
		if (disabled && typeof disabled === 'object')
			parts.push(disabled.to ? t('admin.disabled') : t('admin.active'));
		if (d.password) parts.push(t('admin.auditPasswordChanged'));
		if (d.linked) parts.push(t('admin.auditLinked'));
	}
	return parts.join('; ');
}
