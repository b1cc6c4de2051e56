/**
 * The catalogue's HTTP contract: the deployment profile, the regions, the catalogue (baskets, aid
 * types, exclusivity groups) and the ministry's edits of it; request and response schemas, their
 * types and the mappers from the deployment and rows to the answers.
 */
import { Type, type Static } from 'typebox';
import { Moment, Named, Names, Nullable, Ref, Strict } from '../../http/schemas.js';
import { anonymousRegion, type Deployment } from '../../deployments/setup.js';

const WindowKind = Type.Union([Type.Literal('days'), Type.Literal('school_year'), Type.Literal('lifetime')]);
const Form = Type.Union([Type.Literal('cash'), Type.Literal('in_kind'), Type.Literal('service')]);
const Code = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,62}$' });
const WindowDays = Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 36500 }), Type.Null()]));

// Requests ----------------------------------------------------------------------------------------

export const CodeParams = Type.Object({ code: Code });
export const PolicyBody = Type.Object({ windowKind: WindowKind, windowDays: WindowDays }, { additionalProperties: false });
export const GroupBody = Type.Object({ code: Code, names: Names, windowKind: WindowKind, windowDays: WindowDays }, { additionalProperties: false });
export const AidTypeBody = Type.Object(
  {
    basket: Type.String(),
    group: Type.String(),
    form: Form,
    names: Names,
    deadlineDays: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 365 }), Type.Null()])),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

// Responses ---------------------------------------------------------------------------------------

export const DeploymentInfo = Named('DeploymentInfo', {
  country: Type.Union([Type.Literal('KW'), Type.Literal('SA'), Type.Literal('IR')]),
  name: Names,
  idScheme: Type.String(),
  currency: Strict({ code: Type.String(), minorUnits: Type.Integer() }),
  calendar: Type.Union([Type.Literal('gregory'), Type.Literal('islamic-umalqura'), Type.Literal('persian')]),
  defaultLocale: Type.Union([Type.Literal('ar'), Type.Literal('fa'), Type.Literal('en')]),
  requestDeadlineDays: Type.Integer(),
  anonymousRegionLevel: Type.Integer(),
});

export const Region = Named('Region', {
  code: Type.String(), parent: Nullable(Type.String()), level: Type.Integer(), names: Names,
  anonymousRegion: Type.String({ description: "The region shown in anonymous views (the ancestor at the deployment's anonymous level)" }),
});
export const Regions = Type.Array(Ref(Region));

export const Catalogue = Named('Catalogue', {
  baskets: Type.Array(Strict({ code: Type.String(), names: Names })),
  groups: Type.Array(Strict({ code: Type.String(), names: Names, scope: Type.String(), windowKind: WindowKind, windowDays: Nullable(Type.Integer()) })),
  aidTypes: Type.Array(Strict({ code: Type.String(), basket: Type.String(), group: Type.String(), form: Form, names: Names, deadlineDays: Nullable(Type.Integer()), active: Type.Boolean() })),
});
export type Catalogue = Static<typeof Catalogue>;

/** An exclusivity group as stored (the answer of its creation and of a change of its window). */
export const ExclusivityGroupRow = Named('ExclusivityGroupRow', {
  code: Type.String(), name_en: Type.String(), name_ar: Type.String(), name_fa: Type.String(), scope: Type.String(),
  window_kind: WindowKind, window_days: Nullable(Type.Integer()), updated_at: Moment, updated_by: Nullable(Type.String({ format: 'uuid' })),
});

/** An aid type as stored (the answer of its creation or change). */
export const AidTypeRow = Named('AidTypeRow', {
  code: Type.String(), basket_code: Type.String(), group_code: Type.String(), name_en: Type.String(), name_ar: Type.String(), name_fa: Type.String(),
  form: Form, deadline_days: Nullable(Type.Integer()), active: Type.Boolean(),
});

export const CATALOGUE_SCHEMAS = [DeploymentInfo, Region, Catalogue, ExclusivityGroupRow, AidTypeRow];

// Mappers -----------------------------------------------------------------------------------------

export const deploymentView = (d: Deployment): Static<typeof DeploymentInfo> => ({
  country: d.country,
  name: d.name,
  idScheme: d.idScheme,
  currency: d.currency,
  calendar: d.calendar,
  defaultLocale: d.defaultLocale,
  requestDeadlineDays: d.requestDeadlineDays,
  anonymousRegionLevel: d.anonymousRegionLevel,
});

export const regionsView = (d: Deployment): Static<typeof Regions> => [...d.regions.values()].map((r) => ({ ...r, anonymousRegion: anonymousRegion(d, r.code) }));
