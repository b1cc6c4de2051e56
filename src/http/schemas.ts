/** Shared JSON schemas for routes (TypeBox; also feed the OpenAPI document). */
import { Type, type TSchema } from 'typebox';

export const Uuid = Type.String({ format: 'uuid' });
export const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD (Gregorian)' });
export const DateTime = Type.String({ format: 'date-time' });
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
export const Names = Type.Object({ en: Type.String(), ar: Type.String(), fa: Type.String() });
export const NationalIdInput = Type.String({ minLength: 1, maxLength: 40, description: 'National ID; Persian or Arabic-Indic digits, spaces and dashes are accepted.' });
export const AmountInput = Type.String({ minLength: 1, maxLength: 24, description: 'Decimal amount in the deployment currency, e.g. "150.500".' });
export const Phone = Type.String({ minLength: 4, maxLength: 24 });
export const Relation = Type.Union(['head', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'other'].map((r) => Type.Literal(r)));

export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.Optional(Type.String()),
    instance: Type.Optional(Type.String()),
  },
  { additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);

/**
 * The error responses a route may give, for the OpenAPI document and serialisation. Typed as {}
 * on purpose: handlers throw Problems for these, they never return them.
 */
export const errors = (...codes: number[]): {} => Object.fromEntries(codes.map((c) => [c, ProblemSchema]));

/**
 * A person's, an organisation's or a staff member's name: at least one letter (of any script), so
 * a name of spaces, digits, punctuation or invisible marks (U+200F, U+200C) alone is refused.
 * NUL and lone surrogates never get this far, and the text is already NFC and trimmed
 * (src/http/text-input.ts).
 */
export const NAME_PATTERN = '\\p{L}';
export const NameText = (opts: { minLength?: number; maxLength: number }) =>
  Type.String({ minLength: opts.minLength ?? 1, maxLength: opts.maxLength, pattern: NAME_PATTERN, description: 'A name: at least one letter.' });
