/** Turns a typed national ID into the stored form for this deployment, or a 400 problem. */
import { validateNationalId, type IdScheme } from '../../shared/identity/national-id.js';
import { Problem } from '../../shared/problem.js';

export function requireValidId(scheme: IdScheme, input: string, field: string, birthDate?: string | null): string {
  return checkId(scheme, input, field, birthDate).normalized;
}

/** The stored form and, where the scheme encodes one (Kuwait), the birth date the ID carries. */
export function checkId(scheme: IdScheme, input: string, field: string, birthDate?: string | null): { normalized: string; birthDate: string | null } {
  const check = validateNationalId(scheme, input, birthDate ? { birthDate } : undefined);
  if (!check.valid) {
    throw new Problem('invalid-national-id', `${field}: ${check.message}`, { field, reason: check.reason, scheme });
  }
  return { normalized: check.normalized, birthDate: check.birthDate ?? null };
}
