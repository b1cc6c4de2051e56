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
import { Problem } from '../../shared/problem.js';

interface DevIdentity {
  nationalId: string;
  residency: string | null;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += String(chunk);
    if (body.length > 10_000) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

export function createDevProvider(issuer: string, redirectUri: string, settings: OidcSettings, country: string) {
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
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><meta charset="utf-8"><title>Sign-in error</title><main><h1>Sign-in error</h1><p>${escapeHtml(String(out.error_description ?? out.error))}</p><p><a href="/">Back to Mizan</a></p></main>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', () => {});
  const handler = provider.callback();
  return { provider, handler, identities, accountIdFor, country };
}

export type DevProvider = ReturnType<typeof createDevProvider>;

/** Mounts the provider under /idp: its own routes, and the national-ID sign-in page. */
export async function devProviderRoutes(app: App, getProvider: () => Promise<DevProvider>) {
  await app.register(async (idp) => {
    // Keep Fastify's body parsers away from the provider: it reads its own request bodies.
    idp.removeAllContentTypeParsers();
    idp.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

    idp.get<{ Params: { uid: string } }>('/idp/interaction/:uid', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const p = await getProvider();
      const details = await p.provider.interactionDetails(req.raw, reply.raw).catch(() => {
        throw new Problem('sign-in-failed', 'This sign-in page expired or does not exist. Start again from Mizan.');
      });
      const accounts = await inTx(app.mizan.db, SYSTEM_ACTOR, (trx) => identityRepository.devAccounts(trx));
      const action = `/idp/interaction/${encodeURIComponent(details.uid)}/login`;
      const option = (nationalId: string, residency: string | null, label: string) => `
        <li><form method="post" action="${action}">
          <input type="hidden" name="nationalId" value="${escapeHtml(nationalId)}">
          <input type="hidden" name="residency" value="${escapeHtml(residency ?? '')}">
          <button type="submit"><span class="id" dir="ltr">${escapeHtml(nationalId)}</span> <span class="label">${escapeHtml(label)}</span></button>
        </form></li>`;
      const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>National identity — development sign-in</title>
<style>
 body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1b1b}
 h1{font-size:1.4rem} .note{background:#fff6d6;border:1px solid #e5cf7a;padding:.6rem .8rem;border-radius:6px}
 ul{list-style:none;padding:0} li{margin:.3rem 0} button{font:inherit;padding:.5rem .8rem;border-radius:6px;border:1px solid #888;background:#fff;cursor:pointer;width:100%;text-align:start}
 button:hover,button:focus{background:#eef4ff} .id{font-family:ui-monospace,monospace;font-weight:600} .label{color:#444}
 label{display:block;margin:.4rem 0} input[type=text]{font:inherit;padding:.4rem;width:16rem}
</style></head><body><main>
<h1>National identity <span lang="ar" dir="rtl">— الهوية الوطنية</span></h1>
<p class="note">Development identity provider built into Mizan. It stands in for the national digital identity platform: choose who you are; no password is asked. Never use it in production (set OIDC_ISSUER).</p>
<h2>Demo citizens and staff</h2>
${accounts.length ? `<ul>${accounts.map((a) => option(a.national_id, a.residency, a.label)).join('')}</ul>` : '<p>No demo identities are loaded.</p>'}
<h2>Another national ID</h2>
<form method="post" action="${action}">
  <label>National ID <input type="text" name="nationalId" inputmode="numeric" autocomplete="off" required dir="ltr"></label>
  <label>Residency claim <select name="residency"><option value="${escapeHtml(p.country)}">${escapeHtml(p.country)} (present in the country)</option><option value="">abroad (no residency)</option></select></label>
  <button type="submit">Sign in with this national ID</button>
</form>
</main></body></html>`;
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-store').send(html);
    });

    idp.post<{ Params: { uid: string } }>('/idp/interaction/:uid/login', { config: { permission: 'public' }, schema: { hide: true } }, async (req, reply) => {
      const p = await getProvider();
      // The interaction must exist (and belong to this browser) before anything is read.
      await p.provider.interactionDetails(req.raw, reply.raw).catch(() => {
        throw new Problem('sign-in-failed', 'This sign-in page expired or does not exist. Start again from Mizan.');
      });
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
