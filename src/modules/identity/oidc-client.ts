/**
 * The OpenID Connect relying party (openid-client): authorization code flow with PKCE, state and
 * nonce, against any provider set by configuration, or against Mizan's own development provider
 * (mounted under /idp when OIDC_ISSUER is unset) through the very same code.
 */
import * as oidc from 'openid-client';

export interface OidcSettings {
  /** Issuer URL; for the built-in provider, `<public URL>/idp`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** The claim that carries the national ID (default national_id). */
  nationalIdClaim: string;
  /** An optional claim and the value it must hold to be admitted (e.g. residency = KW). */
  requiredClaim: string | null;
  requiredValue: string | null;
  /** True when Mizan runs its own provider under /idp. */
  builtIn: boolean;
}

export const BUILT_IN_CLIENT = { id: 'mizan', secret: 'mizan-development-provider-secret' } as const;

/** Settings from the environment; `publicUrl` is where this server is reached. */
export function oidcSettings(env: NodeJS.ProcessEnv, publicUrl: string, country: string): OidcSettings {
  const issuer = env.OIDC_ISSUER?.trim();
  if (issuer) {
    if (!env.OIDC_CLIENT_ID) throw new Error('OIDC_ISSUER is set but OIDC_CLIENT_ID is not.');
    return {
      issuer,
      clientId: env.OIDC_CLIENT_ID,
      clientSecret: env.OIDC_CLIENT_SECRET ?? '',
      nationalIdClaim: env.OIDC_NATIONAL_ID_CLAIM || 'national_id',
      requiredClaim: env.OIDC_REQUIRED_CLAIM || null,
      requiredValue: env.OIDC_REQUIRED_VALUE || null,
      builtIn: false,
    };
  }
  return {
    issuer: `${publicUrl.replace(/\/$/, '')}/idp`,
    clientId: BUILT_IN_CLIENT.id,
    clientSecret: BUILT_IN_CLIENT.secret,
    nationalIdClaim: env.OIDC_NATIONAL_ID_CLAIM || 'national_id',
    // The built-in provider behaves like the national platform: it admits only residents.
    requiredClaim: env.OIDC_REQUIRED_CLAIM || 'residency',
    requiredValue: env.OIDC_REQUIRED_VALUE || country,
    builtIn: true,
  };
}

export interface LoginStart {
  url: URL;
  state: string;
  nonce: string;
  codeVerifier: string;
}

export class OidcClient {
  private config: Promise<oidc.Configuration> | null = null;

  constructor(readonly settings: OidcSettings, private readonly redirectUri: string) {}

  private discover(): Promise<oidc.Configuration> {
    if (!this.config) {
      const issuer = new URL(this.settings.issuer);
      // Plain http is accepted only for a loopback issuer (development and tests).
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(issuer.hostname);
      this.config = oidc
        .discovery(issuer, this.settings.clientId, this.settings.clientSecret || undefined, undefined, loopback ? { execute: [oidc.allowInsecureRequests] } : undefined)
        .catch((e: unknown) => {
          this.config = null;
          throw e;
        });
    }
    return this.config;
  }

  /** Starts a sign-in; `uiLocales` asks the provider to show its pages in the visitor's language (OpenID Connect ui_locales). */
  async start(uiLocales?: string): Promise<LoginStart> {
    const config = await this.discover();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.settings.builtIn ? 'openid national_id' : 'openid',
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      // The development provider always shows its page, so one can switch between demo identities.
      ...(this.settings.builtIn ? { prompt: 'login' } : {}),
      ...(uiLocales ? { ui_locales: uiLocales } : {}),
    });
    return { url, state, nonce, codeVerifier };
  }

  /** Exchanges the code (checking state, nonce and PKCE) and returns the identity claims. */
  async finish(query: string, checks: { state: string; nonce: string; codeVerifier: string }): Promise<Record<string, unknown>> {
    const config = await this.discover();
    const current = new URL(this.redirectUri);
    current.search = query;
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const claims: Record<string, unknown> = { ...(tokens.claims() ?? {}) };
    const wanted = [this.settings.nationalIdClaim, this.settings.requiredClaim].filter((c): c is string => !!c);
    if (wanted.some((c) => claims[c] === undefined) && config.serverMetadata().userinfo_endpoint) {
      // Some providers put these claims only in the userinfo response. A provider that has nothing
      // more to say there leaves them missing, and the admission rules decide.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, String(claims.sub)).catch(() => ({}) as Record<string, unknown>);
      for (const c of wanted) if (claims[c] === undefined && info[c] !== undefined) claims[c] = info[c];
    }
    return claims;
  }
}
