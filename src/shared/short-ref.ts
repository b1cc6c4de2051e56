/**
 * A record's short reference, for people: the first eight characters of its ID in capitals
 * (a request's, a household's, an exception's). Messages, the service record and the audit search
 * name records by it; the web app writes the same (web/src/lib/format.ts shortRef, compared by
 * test/unit/web-plurals.test.ts).
 */
export const shortRef = (id: string): string => id.slice(0, 8).toUpperCase();
