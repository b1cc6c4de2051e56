/**
 * Notifications: an outbox of messages to organisations and applicants, written in the same
 * transaction as the event they report. Params hold identifiers, codes and dates only; the text is
 * rendered from the server-side catalogue (messages.ts) in the reader's language.
 */
import type { Executor } from '../../db/database.js';
import type { Locale } from '../../db/schema.js';
import type { Actor } from '../../kernel/actor.js';
import { Problem, notFound } from '../../shared/problem.js';
import { readDeploymentRow } from '../../deployments/settings.js';
import type { CalendarId } from '../../deployments/profiles.js';
import { findAidTypes } from '../catalogue/aid-types.js';
import { identityRepository } from '../identity/identity.repository.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { notificationsRepository } from './notifications.repository.js';
import { render, type Params, type TemplateKey } from './messages.js';

export interface NotifyOptions {
  requestId?: string | null;
  at: Date;
}

/** One message to each organisation, in the deployment's language (organisations have no locale of their own). */
export async function notifyOrgs(db: Executor, orgIds: string[], template: TemplateKey, params: Params, opts: NotifyOptions) {
  const unique = [...new Set(orgIds)];
  if (unique.length === 0) return 0;
  const locale = (await readDeploymentRow(db))?.defaultLocale ?? 'ar';
  await notificationsRepository.insertMany(db, unique.map((orgId) => ({ recipientOrg: orgId, recipientUser: null, template, params, locale, requestId: opts.requestId ?? null, createdAt: opts.at })));
  return unique.length;
}

/** One message to each applicant account of the household's active members, in each one's language. */
export async function notifyHouseholdApplicants(db: Executor, householdId: string, template: TemplateKey, params: Params, opts: NotifyOptions) {
  const users = await identityRepository.activeApplicantsByNationalIds(db, await householdsRepository.activeMemberNationalIds(db, householdId));
  await notificationsRepository.insertMany(db, users.map((u) => ({ recipientOrg: null, recipientUser: u.id, template, params, locale: u.locale, requestId: opts.requestId ?? null, createdAt: opts.at })));
  return users.length;
}

const encodeCursor = (at: Date, id: string) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
function decodeCursor(c: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as [string, string];
    const d = new Date(at);
    if (Number.isNaN(d.getTime()) || !/^[0-9a-f-]{36}$/.test(id)) throw new Error('bad');
    return { at: d, id };
  } catch {
    throw new Problem('validation', 'The cursor is not valid.', { field: 'cursor' });
  }
}

/** The reader's messages, each rendered now in the reader's language, with days in the deployment's calendar. */
export async function listNotifications(db: Executor, actor: Actor, q: { limit?: number | undefined; unread?: boolean | undefined; cursor?: string | undefined }, calendar: CalendarId = 'gregory') {
  const limit = q.limit ?? 50;
  const rows = await notificationsRepository.listFor(db, { userId: actor.userId, orgId: actor.orgId }, { limit: limit + 1, unread: q.unread, before: q.cursor ? decodeCursor(q.cursor) : undefined });
  const page = rows.slice(0, limit);
  const codes = new Set(page.map((r) => r.params.aidType).filter((v): v is string => typeof v === 'string'));
  const names: Map<string, { names: Record<Locale, string> }> = await findAidTypes(db, [...codes]);
  const locale = actor.locale;
  const last = page[page.length - 1];
  return {
    items: page.map((n) => ({
      id: n.id,
      template: n.template,
      params: n.params as Params,
      text: render(n.template, n.params as Params, locale, { aidTypeNames: (code) => names.get(code)?.names[locale], calendar }),
      locale,
      requestId: n.request_id,
      to: n.recipient_user ? ('me' as const) : ('organisation' as const),
      createdAt: n.created_at.toISOString(),
      readAt: n.read_at === null ? null : n.read_at.toISOString(),
    })),
    nextCursor: rows.length > limit && last ? encodeCursor(last.created_at, last.id) : null,
  };
}

export async function markNotificationRead(db: Executor, actor: Actor, id: string, at: Date) {
  const r = await notificationsRepository.markRead(db, id, { userId: actor.userId, orgId: actor.orgId }, at);
  if (!r) throw notFound('An unread notification with this ID');
}
