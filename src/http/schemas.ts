/** Shared JSON schemas for routes (TypeBox; also feed the OpenAPI document). */
import { Type, type Static, type TObjectOptions, type TProperties, type TSchema } from 'typebox';

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
  { $id: 'Problem', title: 'Problem', additionalProperties: true, description: 'RFC 9457 problem details (application/problem+json)' },
);

/**
 * The error responses a route may give, for the OpenAPI document and serialisation: each refers to
 * the one named Problem (components.schemas.Problem, registered with the contracts' schemas). Typed
 * as {} on purpose: handlers throw Problems for these, they never return them.
 */
export const errors = (...codes: number[]): {} => Object.fromEntries(codes.map((c) => [c, Type.Unsafe({ $ref: 'Problem#', description: 'RFC 9457 problem details (application/problem+json)' })]));

/**
 * A person's, an organisation's or a staff member's name: at least one letter (of any script), so
 * a name of spaces, digits, punctuation or invisible marks (U+200F, U+200C) alone is refused.
 * NUL and lone surrogates never get this far, and the text is already NFC and trimmed
 * (src/http/text-input.ts).
 */
export const NAME_PATTERN = '\\p{L}';
export const NameText = (opts: { minLength?: number; maxLength: number }) =>
  Type.String({ minLength: opts.minLength ?? 1, maxLength: opts.maxLength, pattern: NAME_PATTERN, description: 'A name: at least one letter.' });

// Building blocks of the modules' contracts (src/modules/<module>/<module>.contracts.ts) -----------

/** A response object: exactly these properties (the serializer drops any other, and tests refuse one). */
export const Strict = <P extends TProperties>(properties: P, options: TObjectOptions = {}) => Type.Object(properties, { additionalProperties: false, ...options });

/**
 * A response schema with a name: it becomes `components.schemas.<id>` of the OpenAPI document (and
 * a named type of web/src/api/openapi.d.ts). Registered once (API_SCHEMAS in src/http/contracts.ts)
 * and used through Ref.
 */
export const Named = <P extends TProperties>(id: string, properties: P, options: TObjectOptions = {}) => Strict(properties, { ...options, $id: id, title: id });

/** A reference to a Named schema, typed as the schema it names. */
export const Ref = <T extends TSchema & { $id?: string }>(schema: T) => Type.Unsafe<Static<T>>({ $ref: `${schema.$id}#` });

/** Path parameters of a route on one item. */
export const IdParams = Type.Object({ id: Uuid });

/** The body of a 204 (none), of a redirect (none: the Location header says where). */
export const NoBody = Type.Unsafe<void | null>(Type.Null({ description: 'No body' }));

/** Free JSON (an audit entry's details, a finding's detail): passed through as stored. */
export const AnyJson = Type.Unknown({ description: 'Free JSON, as stored' });

/**
 * A moment in an answer: a Date a row carries or ISO text, sent as ISO text (`date-time`) either
 * way (the serializer writes a Date with toISOString).
 */
export const Moment = Type.Unsafe<Date | string>({ type: 'string', format: 'date-time' });

/**
 * The redirects a route answers with (no body: the Location header says where). Typed as {} like
 * errors(): the sign-in routes also answer a refusal page, whose status the handler chooses.
 */
export const redirects = (...codes: number[]): {} => Object.fromEntries(codes.map((c) => [c, Type.Null({ description: 'A redirect: the Location header says where' })]));

/** Who receives aid, by household or by a member's national ID (a request, a grant, an exception). */
export const BeneficiaryFields = { householdId: Type.Optional(Uuid), beneficiaryNationalId: Type.Optional(NationalIdInput) };
/** What is given: an amount, or an item and its quantity (a request, a grant, an approval). */
export const GoodsFields = {
  amount: Type.Optional(AmountInput),
  item: Type.Optional(Type.String({ maxLength: 200 })),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
};
