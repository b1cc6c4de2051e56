/**
 * The donations module's HTTP contract: donors, gifts (cash and in kind, with the donor's
 * restriction), receiving them, the charity's funds and stock, transfers, allocations and refunds,
 * the trace both ways (what a gift became; which gifts paid a grant), receipts and their public
 * check, and the ministry's flows and reconciliation. Amounts in answers are integer minor units;
 * amounts in requests are decimal text in the deployment's currency.
 */
import { Type, type Static } from 'typebox';
import { AmountInput, IsoDate, Moment, Named, Nullable, Strict, Uuid } from '../../http/schemas.js';
import type { DonorRow } from './donors.js';
import type { tracesOf, Totals } from './trace.js';

const literals = <T extends string>(xs: readonly T[]) => Type.Unsafe<T>(Type.Union(xs.map((x) => Type.Literal(x))));
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const Names = Strict({ en: Type.String(), ar: Type.String(), fa: Type.String() });
const Locale = literals(['ar', 'fa', 'en'] as const);

export const RESTRICTION_KINDS = ['general', 'basket', 'aid_type', 'region', 'programme'] as const;
export const DONOR_KINDS = ['individual', 'company', 'endowment', 'government'] as const;

// Requests ----------------------------------------------------------------------------------------

export const RestrictionBody = Type.Object(
  {
    kind: literals(RESTRICTION_KINDS),
    code: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 64, description: 'The basket, aid type, region or programme (ID) the gift is for' }))),
    zakat: Type.Optional(Type.Boolean({ description: 'Zakat: pays only households in the zakat categories' })),
  },
  { additionalProperties: false },
);

const ItemBody = Type.Object(
  {
    itemCode: Text(48),
    quantity: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    unitValue: Type.Unsafe<string>({ ...AmountInput, description: 'Estimated value of one item, e.g. "120.000"' }),
    expiresOn: Type.Optional(IsoDate),
  },
  { additionalProperties: false },
);

const GiftFields = {
  form: literals(['cash', 'in_kind'] as const),
  giftKind: Text(32),
  restriction: RestrictionBody,
  amount: Type.Optional(AmountInput),
  paymentReference: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
  items: Type.Optional(Type.Array(ItemBody, { minItems: 1, maxItems: 50 })),
  note: Type.Optional(Type.String({ maxLength: 500 })),
};

export const PledgeBody = Type.Object({ orgId: Uuid, ...GiftFields }, { additionalProperties: false });
export const RecordGiftBody = Type.Object({ donorId: Uuid, warehouseId: Type.Optional(Uuid), ...GiftFields }, { additionalProperties: false });
export const ReceiveBody = Type.Object({ warehouseId: Type.Optional(Uuid) }, { additionalProperties: false });
export const DeclineBody = Type.Object({ note: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false });
export const DonorBody = Type.Object(
  {
    kind: literals(DONOR_KINDS),
    displayName: Text(200),
    nationalId: Type.Optional(Type.String({ minLength: 4, maxLength: 24 })),
    registrationNo: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    phone: Type.Optional(Type.String({ minLength: 4, maxLength: 24 })),
    locale: Type.Optional(Locale),
    publicName: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const OwnDonorBody = Type.Object(
  { displayName: Type.Optional(Text(200)), publicName: Type.Optional(Type.Boolean({ description: 'Consent to be named publicly' })), locale: Type.Optional(Locale) },
  { additionalProperties: false },
);
export const WarehouseBody = Type.Object({ name: Text(120), regionCode: Text(32) }, { additionalProperties: false });
const MoveFields = {
  from: RestrictionBody,
  amount: Type.Optional(AmountInput),
  itemCode: Type.Optional(Text(48)),
  quantity: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  memo: Type.Optional(Type.String({ maxLength: 500 })),
};
export const TransferBody = Type.Object({ toOrgId: Uuid, ...MoveFields }, { additionalProperties: false });
export const AllocationBody = Type.Object({ to: RestrictionBody, ...MoveFields }, { additionalProperties: false });
export const RefundBody = Type.Object({ amount: Type.Optional(AmountInput), memo: Type.String({ minLength: 3, maxLength: 500 }) }, { additionalProperties: false });
export const GiftsQuery = Type.Object(
  { before: Type.Optional(Type.String({ format: 'date-time' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })), status: Type.Optional(literals(['pledged', 'received', 'declined'] as const)) },
  { additionalProperties: false },
);
const NamesBody = Type.Object({ en: Text(120), ar: Text(120), fa: Text(120) }, { additionalProperties: false });
export const CodeParamsOf = Type.Object({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,31}$', description: 'A short stable name, e.g. "khums"' }) });
export const ItemParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,47}$', description: 'A short stable name, e.g. "blanket"' }) });
export const GiftKindBody = Type.Object({ zakat: Type.Boolean({ description: 'A gift of this kind pays only households in the zakat categories' }), position: Type.Optional(Type.Integer({ minimum: 0, maximum: 1000 })), names: NamesBody }, { additionalProperties: false });
export const StockItemBody = Type.Object(
  { aidTypeCode: Text(64), unit: literals(['piece', 'basket', 'box', 'pack', 'kg', 'litre'] as const), perishable: Type.Optional(Type.Boolean()), names: NamesBody },
  { additionalProperties: false },
);
export const GiftKind = Strict({ code: Type.String(), zakat: Type.Boolean(), names: Names });
export const StockItem = Strict({ code: Type.String(), aidTypeCode: Type.String(), unit: Type.String(), perishable: Type.Boolean(), names: Names });
export const FlowsQuery = Type.Object({ from: Type.Optional(IsoDate) }, { additionalProperties: false });
export const ReceiptQuery = Type.Object({ lang: Type.Optional(Locale) }, { additionalProperties: false });
export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 24 }) });

// Responses ---------------------------------------------------------------------------------------

const Restriction = Strict({ kind: literals(RESTRICTION_KINDS), code: Nullable(Type.String()), zakat: Type.Boolean() });
const TotalsSchema = Strict({
  givenMinor: Type.Integer(), givenQuantity: Type.Integer(), grantedMinor: Type.Integer(), grantedQuantity: Type.Integer(), refundedMinor: Type.Integer(), leftMinor: Type.Integer(), leftQuantity: Type.Integer(),
});

export const DonationCatalogue = Strict({
  currency: Strict({ code: Type.String(), minorUnits: Type.Integer() }),
  giftKinds: Type.Array(Strict({ code: Type.String(), zakat: Type.Boolean(), names: Names })),
  items: Type.Array(Strict({ code: Type.String(), aidTypeCode: Type.String(), unit: Type.String(), perishable: Type.Boolean(), names: Names })),
  charities: Type.Array(Strict({ id: Uuid, name: Type.String() })),
});

export const Donor = Named('Donor', {
  id: Uuid, kind: literals(DONOR_KINDS), displayName: Type.String(), locale: Locale, publicName: Type.Boolean(), signedIn: Type.Boolean(),
  registrationNo: Nullable(Type.String()), createdAt: Moment,
});
export const Donors = Type.Array(Type.Unsafe<Static<typeof Donor>>({ $ref: 'Donor#' }));

export const Donation = Named('Donation', {
  id: Uuid, orgId: Uuid, donorId: Uuid, form: literals(['cash', 'in_kind'] as const), giftKind: Type.String(), restriction: Restriction,
  currency: Type.String(), amountMinor: Nullable(Type.Integer()), paymentReference: Nullable(Type.String()),
  status: literals(['pledged', 'received', 'declined'] as const), note: Nullable(Type.String()),
  pledgedAt: Moment, receivedAt: Nullable(Moment), receiptNumber: Nullable(Type.String()), verificationCode: Nullable(Type.String()),
});

/** A gift and what it became: services (never a household), transfers, items, totals. */
export const GiftTrace = Named('GiftTrace', {
  donation: Type.Unsafe<Static<typeof Donation>>({ $ref: 'Donation#' }),
  totals: TotalsSchema,
  items: Type.Array(Strict({ itemCode: Type.String(), quantity: Type.Integer(), unitValueMinor: Type.Integer(), expiresOn: Nullable(Type.String()) })),
  services: Type.Array(Strict({ aidTypeCode: Type.String(), basketCode: Nullable(Type.String()), regionCode: Nullable(Type.String()), on: Type.String(), amountMinor: Type.Integer(), quantity: Type.Integer() })),
  transfers: Type.Array(Strict({ fromOrgId: Uuid, toOrgId: Uuid, at: Moment, amountMinor: Type.Integer(), quantity: Type.Integer() })),
});
const GiftTraceRef = Type.Unsafe<Static<typeof GiftTrace>>({ $ref: 'GiftTrace#' });

export const MyGifts = Strict({ donor: Type.Unsafe<Static<typeof Donor>>({ $ref: 'Donor#' }), totals: TotalsSchema, gifts: Type.Array(GiftTraceRef), charities: Type.Array(Strict({ id: Uuid, name: Type.String() })) });
export const CharityGifts = Strict({ gifts: Type.Array(GiftTraceRef), donors: Type.Array(Type.Unsafe<Static<typeof Donor>>({ $ref: 'Donor#' })) });

export const Books = Strict({
  booksOpen: Type.Boolean(),
  funds: Type.Array(Strict({ restrictionKind: Type.String(), restrictionCode: Nullable(Type.String()), zakat: Type.Boolean(), balanceMinor: Type.Integer(), lots: Type.Integer() })),
  stock: Type.Array(Strict({ itemCode: Type.String(), warehouseId: Uuid, quantity: Type.Integer(), valueMinor: Type.Integer(), lots: Type.Integer() })),
  expiring: Type.Array(Strict({ lotId: Uuid, itemCode: Type.String(), warehouseId: Uuid, quantity: Type.Integer(), expiresOn: Type.String() })),
  allocations: Type.Array(Strict({ lotId: Uuid, parentLotId: Uuid, restrictionKind: Type.String(), restrictionCode: Nullable(Type.String()), balanceMinor: Type.Integer(), quantity: Type.Integer() })),
  warehouses: Type.Array(Strict({ id: Uuid, name: Type.String(), regionCode: Type.String() })),
});
export const Warehouse = Strict({ id: Uuid, name: Type.String(), regionCode: Type.String() });
export const Moved = Strict({ entryId: Uuid, lots: Type.Integer() });
export const GrantFunding = Strict({ grantId: Uuid, funded: Type.Boolean(), donations: Type.Array(Strict({ donationId: Uuid, lotId: Uuid, itemCode: Nullable(Type.String()), amountMinor: Type.Integer(), quantity: Type.Integer() })) });
export const Flows = Strict({
  from: Type.String(),
  charities: Type.Array(Strict({ id: Uuid, name: Type.String() })),
  rows: Type.Array(Strict({ orgId: Uuid, month: Type.String(), kind: Type.String(), account: Type.String(), amountMinor: Type.Integer(), quantity: Type.Integer(), entries: Type.Integer() })),
});
export const Reconciliation = Named('Reconciliation', {
  ok: Type.Boolean(),
  checks: Strict({ journalSumsToZero: Type.Boolean(), everyEntryBalanced: Type.Boolean(), everyBalanceDerived: Type.Boolean(), noNegativeBalance: Type.Boolean(), everyGrantFunded: Type.Boolean(), everyFundingComplete: Type.Boolean() }),
  counts: Strict({
    journalSumMinor: Type.Integer(), unbalancedEntries: Type.Integer(), balanceMismatches: Type.Integer(), negativeBalances: Type.Integer(), unfundedGrants: Type.Integer(), fundingMismatches: Type.Integer(),
    entries: Type.Integer(), lots: Type.Integer(), charitiesWithBooks: Type.Integer(),
  }),
});
export const ReceiptCheck = Strict({
  code: Type.String(), receiptNumber: Type.String(), receivedAt: Moment, charity: Type.String(), form: literals(['cash', 'in_kind'] as const), giftKind: Type.String(),
  restriction: Restriction, amountMinor: Nullable(Type.Integer()), currency: Type.String(),
  items: Type.Array(Strict({ itemCode: Type.String(), quantity: Type.Integer() })), donor: Nullable(Type.String()),
});

export const DONATIONS_SCHEMAS = [Donor, Donation, GiftTrace, Reconciliation];

// Views -------------------------------------------------------------------------------------------

export const donorView = (d: DonorRow): Static<typeof Donor> => ({
  id: d.id, kind: d.kind, displayName: d.display_name, locale: d.locale, publicName: d.public_name, signedIn: d.user_id !== null, registrationNo: d.registration_no, createdAt: d.created_at,
});

type DonationRow = Awaited<ReturnType<typeof tracesOf>>[number]['donation'];
export const donationView = (d: DonationRow): Static<typeof Donation> => ({
  id: d.id, orgId: d.org_id, donorId: d.donor_id, form: d.form, giftKind: d.gift_kind, restriction: { kind: d.restriction_kind, code: d.restriction_code, zakat: d.zakat },
  currency: d.currency, amountMinor: d.amount_minor === null ? null : Number(d.amount_minor), paymentReference: d.payment_reference, status: d.status, note: d.note,
  pledgedAt: d.pledged_at, receivedAt: d.received_at, receiptNumber: d.receipt_number, verificationCode: d.verification_code,
});

export const traceView = (t: Awaited<ReturnType<typeof tracesOf>>[number]): Static<typeof GiftTrace> => ({ ...t, donation: donationView(t.donation), totals: t.totals as Totals });
