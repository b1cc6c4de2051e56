/**
 * The named response schemas of every module's contract (src/modules/<module>/<module>.contracts.ts),
 * registered once on the server (app.addSchema) so that routes refer to them (Ref) and the OpenAPI
 * document lists them under components.schemas by name: the web app's generated types
 * (web/src/api/openapi.d.ts) then read `components['schemas']['Grant']`.
 */
import type { TSchema } from 'typebox';
import { ProblemSchema } from './schemas.js';
import { AUDIT_SCHEMAS } from '../modules/audit/audit.contracts.js';
import { CATALOGUE_SCHEMAS } from '../modules/catalogue/catalogue.contracts.js';
import { GRANTS_SCHEMAS } from '../modules/grants/grants.contracts.js';
import { IDENTITY_SCHEMAS } from '../modules/identity/identity.contracts.js';
import { KARDEX_SCHEMAS } from '../modules/kardex/kardex.contracts.js';
import { NOTIFICATIONS_SCHEMAS } from '../modules/notifications/notifications.contracts.js';
import { OVERSIGHT_SCHEMAS } from '../modules/oversight/oversight.contracts.js';
import { REGISTRY_SCHEMAS } from '../modules/registry/registry.contracts.js';
import { REQUESTS_SCHEMAS } from '../modules/requests/requests.contracts.js';
import { SCORING_SCHEMAS } from '../modules/scoring/scoring.contracts.js';
import { INTAKE_SCHEMAS } from '../modules/intake/intake.contracts.js';
import { INVITATIONS_SCHEMAS } from '../modules/invitations/invitations.contracts.js';
import { SMS_SCHEMAS } from '../modules/sms/sms.contracts.js';
import { DECLARATIONS_SCHEMAS } from '../modules/declarations/declarations.contracts.js';
import { MATCHING_SCHEMAS } from '../modules/matching/matching.contracts.js';
import { PROGRAMMES_SCHEMAS } from '../modules/programmes/programmes.contracts.js';
import { DONATIONS_SCHEMAS } from '../modules/donations/donations.contracts.js';

export const API_SCHEMAS: TSchema[] = [
  ProblemSchema,
  ...CATALOGUE_SCHEMAS, ...REGISTRY_SCHEMAS, ...REQUESTS_SCHEMAS, ...GRANTS_SCHEMAS, ...NOTIFICATIONS_SCHEMAS, ...OVERSIGHT_SCHEMAS, ...IDENTITY_SCHEMAS, ...KARDEX_SCHEMAS, ...AUDIT_SCHEMAS, ...SCORING_SCHEMAS, ...INTAKE_SCHEMAS,
  ...INVITATIONS_SCHEMAS, ...SMS_SCHEMAS, ...DECLARATIONS_SCHEMAS, ...MATCHING_SCHEMAS, ...PROGRAMMES_SCHEMAS, ...DONATIONS_SCHEMAS,
];
