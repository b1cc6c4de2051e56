/**
 * The applicant's own declaration: GET /me/declaration, PUT /me/declaration/draft (saved as they
 * type), POST /me/declaration/members/check (one member's national ID; the sensitive rate limit:
 * it tells whether an ID is registered), POST /me/declaration/submit; for staff who may see the
 * household, GET /households/:id/declaration (audited).
 */
import type { App } from '../../http/app.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import { Declaration, DeclarationDraft, DeclarationSubmitted, DraftSaved, HouseholdDeclaration, MemberCheckBody, MemberChecked } from './declarations.contracts.js';
import { householdDeclaration } from './household-declaration.js';
import { checkMember } from './check-member.js';
import { myDeclaration } from './my-declaration.js';
import { saveDraft } from './save-draft.js';
import { submitDeclaration } from './submit-declaration.js';

export async function declarationsRoutes(app: App) {
  const { dep, clock } = app.mizan;

  app.get(
    '/me/declaration',
    { config: { permission: 'declaration:own' }, schema: { tags: ['me'], summary: 'My declaration: the working copy, the versions, the latest score and the requests it opened', response: { 200: Ref(Declaration), ...errors(401, 403) } } },
    async (req) => app.mizan.tx(req, (trx) => myDeclaration(trx, req.actor!, dep, clock.now())),
  );

  app.put(
    '/me/declaration/draft',
    { config: { permission: 'declaration:own' }, schema: { tags: ['me'], summary: 'Save my declaration as I go (incomplete is fine)', body: DeclarationDraft, response: { 200: DraftSaved, ...errors(400, 401, 403) } } },
    async (req) => {
      const r = await app.mizan.tx(req, (trx) => saveDraft(trx, req.actor!, dep, req.body, clock.now()));
      return { savedAt: r.savedAt.toISOString() };
    },
  );

  app.post(
    '/me/declaration/members/check',
    { config: { permission: 'declaration:own', limit: 'sensitive' }, schema: { tags: ['me'], summary: "Check a member's national ID (valid, not in another household)", body: MemberCheckBody, response: { 200: MemberChecked, ...errors(400, 401, 403, 409, 429) } } },
    async (req) => app.mizan.tx(req, (trx) => checkMember(trx, req.actor!, dep, req.body.nationalId)),
  );

  app.post(
    '/me/declaration/submit',
    { config: { permission: 'declaration:own' }, schema: { tags: ['me'], summary: 'Submit my saved declaration: registers or updates the household, scores it and opens a request per need', response: { 200: Ref(DeclarationSubmitted), ...errors(400, 401, 403, 409, 422) } } },
    async (req) => app.mizan.tx(req, (trx) => submitDeclaration(trx, req.actor!, dep, clock.now())),
  );

  app.get(
    '/households/:id/declaration',
    { config: { permission: 'household:read' }, schema: { tags: ['households'], summary: "What a household declared: the latest version's facts with their provenance, and each version's changes (audited)", params: IdParams, response: { 200: Ref(HouseholdDeclaration), ...errors(401, 403, 404) } } },
    async (req) => app.mizan.tx(req, (trx) => householdDeclaration(trx, req.actor!, req.params.id)),
  );
}
