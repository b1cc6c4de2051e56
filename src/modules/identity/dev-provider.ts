/**
 * The built-in identity provider for development and demos (oidc-provider), mounted under /idp
 * when no external issuer is configured. Its sign-in page lists the demo citizens and staff by
 * national ID (no password: this is a development provider) and accepts any typed national ID, with
 * the residency it should assert. It issues real, signed tokens with the national-ID and residency
 * claims, so Mizan signs in through exactly the code it uses against a national platform.
 */
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { App } from '../../http/app.js';
import { inTx } from '../../kernel/transaction.js';
import { identityRepository } from './identity.repository.js';
import { BUILT_IN_CLIENT, type OidcSettings } from './oidc-client.js';
import { SYSTEM_ACTOR } from '../../kernel/actor.js';
import type { Locale } from '../../db/schema.js';
import { LANGUAGE_NAMES, LANG_COOKIE, LOCALES, PAGE_TEXTS, escapeHtml, isLocale, pageLocale, pageShell, refusalPage, sendRefusal } from './sign-in-pages.js';
import { signInFailed } from './sign-in.js';

interface DevIdentity {
  nationalId: string;
  residency: string | null;
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export function createDevProvider(issuer: string, redirectUri: string, settings: OidcSettings, country: string, defaultLocale: Locale = 'ar') {
  // Identities chosen on the sign-in page, by account ID (a hash, so the subject is not the national ID).
  const identities = new Map<string, DevIdentity>();
  const accountIdFor = (i: DevIdentity) => createHash('sha256').update(`${i.nationalId}|${i.residency ?? ''}`).digest('base64url').slice(0, 32);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256', kid: randomBytes(6).toString('hex') };
  const nationalIdClaim = settings.nationalIdClaim;
  const residencyClaim = settings.requiredClaim ?? 'residency';

  const configuration: Configuration = {
    clients: [{
      client_id: BUILT_IN_CLIENT.id,
      client_secret: BUILT_IN_CLIENT.secret,
      redirect_uris: [redirectUri],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    }],
    jwks: { keys: [jwk as never] },
    cookies: { keys: [randomBytes(32).toString('base64url')] },
    pkce: { methods: ['S256'], required: () => true },
    scopes: ['openid', 'national_id'],
    claims: { openid: ['sub'], national_id: [nationalIdClaim, residencyClaim] },
    // The national-ID claims go into the ID token (as national platforms do).
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, userinfo: { enabled: true } },
    interactions: { url: (_ctx, interaction) => `/idp/interaction/${interaction.uid}` },
    findAccount: (_ctx, id) => {
      const identity = identities.get(id);
      if (!identity) return undefined;
      return {
        accountId: id,
        claims: () => ({ sub: id, [nationalIdClaim]: identity.nationalId, ...(identity.residency ? { [residencyClaim]: identity.residency } : {}) }),
      };
    },
    // Mizan is the provider's only, first-party client: no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const accountId = ctx.oidc.session!.accountId!;
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId });
      grant.addOIDCScope('openid national_id');
      await grant.save();
      return grant;
    },
    ttl: { Session: 600, Interaction: 600, Grant: 600, AuthorizationCode: 60, AccessToken: 300, IdToken: 300 },
    // The provider's own error page (a bad or expired authorization request), in the visitor's language.
    renderError: (ctx, out) => {
      ctx.type = 'html';
      const failed = signInFailed('provider-error', String(out.error_description ?? out.error));
      ctx.body = refusalPage(failed, pageLocale({ headers: ctx.req.headers }, defaultLocale), String(out.error));
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', () => {});
  const handler = provider.callback();
  return { provider, handler, identities, accountIdFor, country, defaultLocale };
}

export type DevProvider = ReturnType<typeof createDevProvider>;

const expiredPage = () => signInFailed('expired-page', 'This sign-in page expired or does not exist. Start again from Mizan.');

/** Mounts the provider under /idp: its own routes, and the national-ID sign-in page. */
export async function devProviderRoutes(app: App, getProvider: () => Promise<DevProvider>) {
  await app.register(async (idp) => {
    // Keep Fastify's body parsers away from the provider: it reads its own request bodies.
    idp.removeAllContentTypeParsers();
    idp.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

    idp.get<{ Params: { uid: string }; Querystring: { lang?: string } }>('/idp/interaction/:uid', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const p = await getProvider();
      const details = await p.provider.interactionDetails(req.raw, reply.raw).catch(() => null);
      if (!details) return sendRefusal(req, reply, expiredPage(), p.defaultLocale);
      // A language picked on this page, else the one Mizan asked for (ui_locales), else the visitor's.
      const picked = isLocale(req.query.lang) ? req.query.lang : null;
      if (picked) void reply.setCookie(LANG_COOKIE, picked, { sameSite: 'lax', path: '/', maxAge: 600 });
      const lang = pageLocale(req, p.defaultLocale, picked, typeof details.params.ui_locales === 'string' ? details.params.ui_locales : null);
      const t = PAGE_TEXTS[lang].idp;
      const accounts = await inTx(app.mizan.db, SYSTEM_ACTOR, (trx) => identityRepository.devAccounts(trx));
      const here = `/idp/interaction/${encodeURIComponent(details.uid)}`;
      const action = `${here}/login`;
      const option = (nationalId: string, residency: string | null, label: string) => `
        <li><form method="post" action="${action}">
          <input type="hidden" name="nationalId" value="${escapeHtml(nationalId)}">
          <input type="hidden" name="residency" value="${escapeHtml(residency ?? '')}">
          <button type="submit"><span class="id" dir="ltr">${escapeHtml(nationalId)}</span> <span class="label" dir="auto">${escapeHtml(label)}</span></button>
        </form></li>`;
      const langs = LOCALES.map((l) => `<a href="${here}?lang=${l}" lang="${l}" hreflang="${l}"${l === lang ? ' aria-current="true"' : ''}>${LANGUAGE_NAMES[l]}</a>`).join('');
      const html = pageShell(lang, t.title, `
<nav class="langs" aria-label="${escapeHtml(t.languages)}">${langs}</nav>
<h1>${escapeHtml(t.heading)}</h1>
<p class="note">${escapeHtml(t.note)}</p>
<h2>${escapeHtml(t.demo)}</h2>
${accounts.length ? `<ul>${accounts.map((a) => option(a.national_id, a.residency, a.label)).join('')}</ul>` : `<p>${escapeHtml(t.none)}</p>`}
<h2>${escapeHtml(t.another)}</h2>
<form method="post" action="${action}" id="typed-id">
  <label for="national-id">${escapeHtml(t.nationalId)}</label><input type="text" id="national-id" name="nationalId" inputmode="numeric" autocomplete="off" required dir="ltr">
  <label for="residency">${escapeHtml(t.residency)}</label><select id="residency" name="residency"><option value="${escapeHtml(p.country)}">${escapeHtml(t.present.replace('{country}', p.country))}</option><option value="">${escapeHtml(t.abroad)}</option></select>
  <p><button type="submit" class="primary" id="sign-in-typed">${escapeHtml(t.submit)}</button></p>
</form>`);
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    });

    idp.post<{ Params: { uid: string } }>('/idp/interaction/:uid/login', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const p = await getProvider();
      // The interaction must exist (and belong to this browser) before anything is read.
      const details = await p.provider.interactionDetails(req.raw, reply.raw).catch(() => null);
      if (!details) return sendRefusal(req, reply, expiredPage(), p.defaultLocale);
      const form = await readForm(req.raw);
      const nationalId = (form.get('nationalId') ?? '').trim().slice(0, 40);
      const residency = (form.get('residency') ?? '').trim().slice(0, 8) || null;
      const identity = { nationalId, residency };
      const accountId = p.accountIdFor(identity);
      p.identities.set(accountId, identity);
      reply.hijack();
      await p.provider.interactionFinished(req.raw, reply.raw, { login: { accountId } }, { mergeWithLastSubmission: false });
    });

    // Everything else under /idp is the provider's (discovery, authorization, token, keys, userinfo).
    const mount = async (req: { raw: IncomingMessage & { originalUrl?: string } }, reply: { hijack(): void; raw: import('node:http').ServerResponse }) => {
      const p = await getProvider();
      reply.hijack();
      const raw = req.raw;
      raw.originalUrl = raw.url;
      raw.url = raw.url!.slice('/idp'.length) || '/';
      p.handler(raw, reply.raw);
    };
    for (const url of ['/idp', '/idp/*']) {
      idp.route({ method: ['GET', 'POST', 'OPTIONS'], url, config: { permission: 'public' }, schema: { hide: true }, handler: mount });
    }
  });
}
