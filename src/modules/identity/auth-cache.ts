/**
 * The cache of verified API tokens, as identity publishes it. It lives in src/kernel/auth-cache.ts
 * because the registry empties it too (an organisation approved, suspended or rejected), and the
 * registry stands below identity.
 */
export * from '../../kernel/auth-cache.js';
