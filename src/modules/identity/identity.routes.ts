/**
 * Sign-in and the signed-in user: /auth/login → the OpenID Connect provider → /auth/callback →
 * session cookies; /auth/logout; /api/v1/me (and the language kept per user); the applicant's own
 * household; sessions and API tokens (scoped, revocable).
 */
import type { App } from '../../http/app.js';
import { inTx } from '../../kernel/transaction.js';
import { IdParams, NoBody, Ref, errors, redirects } from '../../http/schemas.js';
import {
  ApiTokens, LocaleBody, LocaleSet, LoginQuery, Me, MyHousehold, Sessions, SessionsRevoked, TokenBody, TokenIssued, TokenRevoked, UserParams, myHouseholdView, sessionView, tokenView,
} from './identity.contracts.js';
import { Problem, forbidden, notFound } from '../../shared/problem.js';
import { audit } from '../audit/audit.service.js';
import { householdsRepository } from '../registry/registry.repository.js';
import { identityRepository } from './identity.repository.js';
import { OidcClient, type OidcSettings } from './oidc-client.js';
import { createDevProvider, devProviderRoutes, type DevProvider } from './dev-provider.js';
import { CSRF_COOKIE, LOGIN_COOKIE, SESSION_COOKIE, sessionCookies, sha256 } from './sessions.js';
import { permissionsOf } from './permissions.js';
import { refusal, signIn, signInFailed } from './sign-in.js';
import { invitationByToken } from '../invitations/invitations.service.js';
import { LANG_COOKIE, firstLocale, isLocale, sendRefusal } from './sign-in-pages.js';
import { findAccount, hashToken } from './staff.js';
// Sign-in works with no user yet: as the system (row-level security 'system').
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import { randomBytes } from 'node:crypto';

export interface IdentityOptions {
  /** Where this server is reached (resolved lazily: tests listen on a random port). */
  publicUrl: () => string;
  settings: (publicUrl: string) => OidcSettings;
}

const LOGIN_MINUTES = 10;
/** The language chosen on the sign-in page, to be kept for the account at the callback (path /auth only). */
const KEEP_LANG_COOKIE = 'mizan_keep_lang';

/** Only a local path may be returned to after sign-in (no open redirect). */
export function safeReturnTo(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[\x21-\x7e]*$/.test(v) && v.length <= 500 ? v : '/';
}

export async function identityRoutes(app: App, opts: IdentityOptions) {
  const { dep, clock, db } = app.mizan;
  let state: { settings: OidcSettings; client: OidcClient; provider: Promise<DevProvider> | null } | null = null;
  const oidc = () => {
    if (!state) {
      const publicUrl = opts.publicUrl().replace(/\/$/, '');
      const settings = opts.settings(publicUrl);
      const redirectUri = `${publicUrl}/auth/callback`;
      state = {
        settings,
        client: new OidcClient(settings, redirectUri),
        provider: settings.builtIn ? Promise.resolve(createDevProvider(settings.issuer, redirectUri, settings, dep.country, dep.defaultLocale)) : null,
      };
    }
    return state;
  };
  const secure = () => opts.publicUrl().startsWith('https:');

  // The built-in provider (only when no external issuer is configured).
  await devProviderRoutes(app, () => {
    const s = oidc();
    if (!s.provider) throw new Problem('not-found', 'The built-in identity provider is off: an external issuer is configured.');
    return s.provider;
  });

  app.get(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: { tags: ['sign-in'], summary: 'Start signing in with the national identity provider (redirects)', security: [], querystring: LoginQuery, response: { ...redirects(302), ...errors(400, 403) } },
    },
    async (req, reply) => {
      const s = oidc();
      const lang = isLocale(req.query.lang) ? req.query.lang : null;
      // The visitor's language goes to the provider (ui_locales) and to Mizan's own sign-in pages (a cookie).
      if (lang) void reply.setCookie(LANG_COOKIE, lang, { sameSite: 'lax', secure: secure(), path: '/', maxAge: LOGIN_MINUTES * 60 });
      if (lang && req.query.keepLang) void reply.setCookie(KEEP_LANG_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: secure(), path: '/auth', maxAge: LOGIN_MINUTES * 60 });
      else void reply.clearCookie(KEEP_LANG_COOKIE, { path: '/auth' });
      const now = clock.now();
      // A link's invitation: checked now (an unknown, used or expired one is said at once); only its ID is kept.
      let invitationId: string | null = null;
      if (req.query.invitation !== undefined) {
        const token = req.query.invitation;
        const invitation = await inTx(db, SYSTEM_ACTOR, (trx) => invitationByToken(trx, token, now));
        if (!invitation) return sendRefusal(req, reply, signInFailed('invitation-unknown', 'This invitation link is not known. Check the link in the message, or ask the charity that invited you.'), lang ?? dep.defaultLocale);
        if (invitation.state !== 'usable') return sendRefusal(req, reply, refusal(invitation.state === 'used' ? 'invitation-used' : 'invitation-expired'), lang ?? invitation.locale);
        invitationId = invitation.id;
      }
      let start;
      try {
        start = await s.client.start(lang ?? undefined);
      } catch (e) {
        req.log.error({ err: { name: (e as Error).name, code: (e as { code?: string }).code } }, 'OpenID Connect discovery failed');
        return sendRefusal(req, reply, signInFailed('unreachable', 'The identity provider cannot be reached right now. Try again shortly.'), lang ?? dep.defaultLocale);
      }
      await inTx(db, SYSTEM_ACTOR, async (trx) => {
        await identityRepository.purgeLogins(trx, now);
        await identityRepository.insertLogin(trx, {
          stateHash: sha256(start.state), codeVerifier: start.codeVerifier, nonce: start.nonce, returnTo: safeReturnTo(req.query.returnTo),
          createdAt: now, expiresAt: new Date(now.getTime() + LOGIN_MINUTES * 60_000), invitationId, purpose: req.query.as ?? null,
        });
      });
      // The state also goes into a cookie: the callback must come back to the browser that started.
      void reply.setCookie(LOGIN_COOKIE, start.state, { httpOnly: true, sameSite: 'lax', secure: secure(), path: '/auth', maxAge: LOGIN_MINUTES * 60 });
      return reply.header('cache-control', 'no-store').redirect(start.url.href, 302);
    },
  );

  app.get(
    '/auth/callback',
    { config: { permission: 'public' }, schema: { tags: ['sign-in'], summary: 'The provider returns here; sets the session cookies and redirects', security: [], response: { ...redirects(303) } } },
    async (req, reply) => {
      const s = oidc();
      const fail = (p: Problem, providerCode?: string) => sendRefusal(req, reply, p, dep.defaultLocale, providerCode);
      const browserState = req.cookies[LOGIN_COOKIE];
      const keepLang = firstLocale(req.cookies[KEEP_LANG_COOKIE]);
      void reply.clearCookie(LOGIN_COOKIE, { path: '/auth' });
      void reply.clearCookie(KEEP_LANG_COOKIE, { path: '/auth' });
      const query = req.url.includes('?') ? req.url.slice(req.url.indexOf('?')) : '';
      const params = new URLSearchParams(query);
      if (params.get('error')) return fail(signInFailed('provider-error', `The identity provider answered: ${params.get('error_description') ?? params.get('error')}.`), params.get('error') ?? undefined);
      if (!browserState || params.get('state') !== browserState) return fail(signInFailed('other-browser', 'This sign-in was not started in this browser, or it expired. Start again.'));
      const now = clock.now();
      const login = await inTx(db, SYSTEM_ACTOR, (trx) => identityRepository.takeLogin(trx, sha256(browserState), now));
      if (!login) return fail(signInFailed('used', 'This sign-in expired or was already used. Start again.'));
      let claims: Record<string, unknown>;
      try {
        claims = await s.client.finish(query, { state: browserState, nonce: login.nonce, codeVerifier: login.code_verifier });
      } catch (e) {
        req.log.warn({ err: { name: (e as Error).name, code: (e as { code?: string }).code } }, 'OpenID Connect code exchange failed');
        return fail(signInFailed('not-confirmed', 'The identity provider did not confirm the sign-in. Start again.'));
      }
      let result;
      try {
        result = await inTx(db, SYSTEM_ACTOR, async (trx) => {
          const signedIn = await signIn(trx, dep, s.settings, claims, now, { invitationId: login.invitation_id, purpose: login.purpose, locale: firstLocale(req.cookies[LANG_COOKIE]) });
          // The language the visitor chose just before signing in becomes the account's.
          if (keepLang && keepLang !== signedIn.actor.locale) await identityRepository.setLocale(trx, signedIn.actor.userId, keepLang);
          return signedIn;
        });
      } catch (e) {
        if (e instanceof Problem && e.slug === 'sign-in-refused') {
          // The refusal is audited in its own transaction (the failed one rolled back).
          await inTx(db, SYSTEM_ACTOR, (trx) => audit(trx, null, { action: 'auth.sign_in.refused', subjectType: 'session', details: { reason: e.extensions.reason }, at: now }));
          return fail(e);
        }
        throw e;
      }
      // Rotation: a session this browser held before is ended.
      const previous = req.cookies[SESSION_COOKIE];
      if (previous) await inTx(db, SYSTEM_ACTOR, (trx) => identityRepository.revokeSessionByHash(trx, sha256(previous), null, now));
      for (const c of sessionCookies(result.session, { secure: secure() })) void reply.setCookie(c.name, c.value, c.options);
      return reply.header('cache-control', 'no-store').redirect(login.return_to, 303);
    },
  );

  app.post(
    '/auth/logout',
    { config: { permission: 'public' }, schema: { tags: ['sign-in'], summary: 'End this session (cookie sessions send x-csrf-token)', response: { 204: NoBody, ...errors(403) } } },
    async (req, reply) => {
      const actor = req.actor;
      if (actor?.via?.kind === 'session') {
        const sessionId = actor.via.sessionId;
        await app.mizan.tx(req, async (trx) => {
          await identityRepository.revokeSession(trx, sessionId, actor.userId, clock.now());
          await audit(trx, actor, { action: 'auth.sign_out', subjectType: 'session', subjectId: sessionId });
        });
      }
      const secureCookie = secure();
      void reply.clearCookie(SESSION_COOKIE, { path: '/', secure: secureCookie, httpOnly: true, sameSite: 'lax' });
      void reply.clearCookie(CSRF_COOKIE, { path: '/', secure: secureCookie, sameSite: 'lax' });
      return reply.status(204).send();
    },
  );

  await app.register(
    async (api: App) => {
      api.get('/me', { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'Who am I', response: { 200: Ref(Me), ...errors(401, 404) } } }, async (req) =>
        app.mizan.tx(req, async (trx) => {
          const a = req.actor!;
          const u = await findAccount(trx, a.userId);
          if (!u) throw notFound('The account');
          return {
            userId: u.id, role: u.role, orgId: u.org_id, orgKind: u.org_kind, orgName: u.org_name, locale: u.locale, displayName: u.display_name,
            ...(u.national_id ? { nationalId: u.national_id } : {}),
            authenticatedBy: a.via?.kind ?? 'token',
            permissions: permissionsOf(u.role),
          };
        }),
      );

      api.patch(
        '/me',
        { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'Keep my language', body: LocaleBody, response: { 200: LocaleSet, ...errors(400, 401, 404) } } },
        async (req) =>
          app.mizan.tx(req, async (trx) => {
            const r = await identityRepository.setLocale(trx, req.actor!.userId, req.body.locale);
            if (!r) throw notFound('The account');
            return { userId: r.id, locale: r.locale };
          }),
      );

      api.get('/me/household', { config: { permission: 'household:own' }, schema: { tags: ['me'], summary: 'My household and its members (applicants)', response: { 200: Ref(MyHousehold), ...errors(401, 403, 404) } } }, async (req) =>
        app.mizan.tx(req, async (trx) => {
          const a = req.actor!;
          const hit = a.nationalId ? await householdsRepository.householdOfNationalId(trx, dep.idScheme, a.nationalId) : undefined;
          if (!hit) throw notFound('Your household');
          const household = await householdsRepository.findHousehold(trx, hit.household_id);
          if (!household) throw notFound('Your household');
          const members = await householdsRepository.members(trx, hit.household_id);
          return myHouseholdView(household, members);
        }),
      );

      // Sessions ------------------------------------------------------------------------------------
      api.get('/me/sessions', { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'My open sessions', response: { 200: Sessions, ...errors(401) } } }, async (req) =>
        app.mizan.tx(req, async (trx) => {
          const current = req.actor!.via?.kind === 'session' ? req.actor!.via.sessionId : null;
          return (await identityRepository.listSessions(trx, req.actor!.userId, clock.now())).map((s) => sessionView(s, current));
        }),
      );

      api.delete(
        '/sessions/:id',
        { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'End a session (mine; an admin: of my staff)', params: IdParams, response: { 204: NoBody, ...errors(401, 403, 404) } } },
        async (req, reply) => {
          await app.mizan.tx(req, async (trx) => {
            // Row-level security shows an actor only their own sessions, or their staff's (admins).
            const r = await identityRepository.revokeSession(trx, req.params.id, req.actor!.userId, clock.now());
            if (!r) throw notFound('An open session with this ID');
            await audit(trx, req.actor, { action: 'session.revoke', subjectType: 'user', subjectId: r.user_id, details: { sessionId: r.id } });
          });
          return reply.status(204).send();
        },
      );

      api.post(
        '/users/:userId/sessions/revoke',
        { config: { permission: 'session:revoke' }, schema: { tags: ['staff'], summary: "End all of a user's sessions (admin)", params: UserParams, response: { 200: SessionsRevoked, ...errors(401, 403, 404) } } },
        async (req) =>
          app.mizan.tx(req, async (trx) => {
            const a = req.actor!;
            const u = await identityRepository.findUser(trx, req.params.userId);
            if (!u) throw notFound('The user');
            if (a.role !== 'ministry_admin' && u.org_id !== a.orgId) throw forbidden('You may only end the sessions of your own staff.');
            const n = await identityRepository.revokeUserSessions(trx, u.id, a.userId, clock.now());
            await audit(trx, a, { action: 'session.revoke_all', subjectType: 'user', subjectId: u.id, details: { sessions: n } });
            return { revoked: n };
          }),
      );

      // API tokens ----------------------------------------------------------------------------------
      api.get('/me/tokens', { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'My API tokens (never the secret)', response: { 200: ApiTokens, ...errors(401) } } }, async (req) =>
        app.mizan.tx(req, async (trx) =>
          (await identityRepository.listTokens(trx, req.actor!.userId)).map(tokenView),
        ),
      );

      api.post(
        '/me/tokens',
        {
          config: { permission: 'self' },
          schema: {
            tags: ['me'],
            summary: 'Issue an API token for myself (shown once; stored hashed)',
            body: TokenBody,
            response: { 201: TokenIssued, ...errors(400, 401) },
          },
        },
        async (req, reply) => {
          const row = await app.mizan.tx(req, async (trx) => {
            const token = `mzn_${randomBytes(32).toString('base64url')}`;
            const now = clock.now();
            const t = await identityRepository.insertToken(trx, {
              userId: req.actor!.userId, hash: hashToken(token), name: req.body.name, scopes: req.body.scopes ?? ['read'],
              expiresAt: req.body.expiresInDays ? new Date(now.getTime() + req.body.expiresInDays * 86_400_000) : null,
            });
            await audit(trx, req.actor, { action: 'token.issue', subjectType: 'user', subjectId: req.actor!.userId, details: { tokenId: t.id, scopes: t.scopes } });
            return { id: t.id, name: t.name, scopes: t.scopes, createdAt: t.created_at, expiresAt: t.expires_at, token };
          });
          return reply.status(201).send(row);
        },
      );

      api.post(
        '/tokens/:id/revoke',
        { config: { permission: 'self' }, schema: { tags: ['me'], summary: 'Revoke an API token (mine; an admin: of my staff)', params: IdParams, response: { 200: TokenRevoked, ...errors(401, 403, 404) } } },
        async (req) =>
          app.mizan.tx(req, async (trx) => {
            // Row-level security shows only my tokens (admins: their staff's; the ministry admin: all).
            const t = await identityRepository.findToken(trx, req.params.id);
            if (!t || t.revoked_at) throw notFound('A live token with this ID');
            await identityRepository.revokeToken(trx, t.id, req.actor!.userId, clock.now());
            await audit(trx, req.actor, { action: 'token.revoke', subjectType: 'user', subjectId: t.user_id, details: { tokenId: t.id } });
            return { id: t.id, revoked: true };
          }),
      );
    },
    { prefix: '/api/v1' },
  );
}
