import multipart from '@fastify/multipart';
import { Type } from 'typebox';
import type { App } from '../../http/app.js';
import { Problem } from '../../shared/problem.js';
import { MAX_DOCUMENT_BYTES, attachDocument, readDocument } from './appeal-documents.js';
import { IdParams, Ref, errors } from '../../http/schemas.js';
import {
  AppealBody, AppealDecisionBody, AppealDocument, AppealDocumentParams, FactsStatus, RefreshBody, SessionBody, SessionView, Sessions, PlaceBody, AttendanceBody, AttendanceView, FollowUpBody, Appeals, AppealsQuery, Application, CriteriaBody, Cycle, CycleBody, Cycles, EnrolmentView, FactsCatalogue, MyProgrammes,
  OpenPhaseBody, OutcomeBody, PhaseBody, Programme, ProgrammeBody, Programmes, ProgrammeStatusBody, RegionPlanBody, RegionPlanParams, ReviewBody, RolloutParams,
  RolloutView, WhatIf, WhatIfBody, ZakatBody, ZakatCheck, ZakatView, Monitoring, MonitoringQuery,
} from './programmes.contracts.js';
import { monitorProgramme } from './monitoring.js';
import { askRefresh, factsStatus } from './refresh-facts.js';
import { defineProgramme, listProgrammes, openProgrammePhase, planProgrammeRegion, readProgramme, setProgrammeStatus } from './define-programme.js';
import { publishCriteria, saveCriteria } from './criteria.js';
import { FACTS, FACT_NAMES } from './rules/facts.js';
import { applyToProgramme } from './apply-to-programme.js';
import { myProgrammes } from './my-programmes.js';
import { decideAppeal, listAppeals, lodgeAppeal, reviewApplication } from './appeals.js';
import { whatIf } from './what-if.js';
import { approveCycle, listCycles, previewCycle, readCycle } from './benefit-cycle.js';
import { openRolloutPhase, planRolloutRegion, readRollout } from './rollout.js';
import { readZakat, setZakatCategories, zakatStanding } from './zakat-categories.js';
import { addSession, followUp, listSessions, placeInSession, recordAttendance, recordOutcome } from './enrolment-outcome.js';

export async function programmesRoutes(app: App) {
  const dep = app.mizan.dep;
  const now = () => app.mizan.clock.now();
  const tags = ['programmes'];

  app.get('/programmes/facts', { config: { permission: 'programme:read' }, schema: { tags, summary: 'The household facts an eligibility rule may use: name, kind, label in each language, and the codes a closed list takes', response: { 200: FactsCatalogue, ...errors(401, 403) } } }, async () =>
    FACT_NAMES.map((name) => {
      const f = FACTS[name] as { kind: string; label: { en: string; ar: string; fa: string }; codes?: readonly string[] };
      return { name, kind: f.kind, label: f.label, codes: f.codes ? [...f.codes] : null };
    }),
  );

  app.get('/programmes/facts/status', { config: { permission: 'programme:what-if' }, schema: { tags, summary: "How fresh the facts snapshot the what-if reads is, and whether a refresh is running", response: { 200: FactsStatus, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => factsStatus(trx, now())),
  );

  app.post('/programmes/facts/refresh', { config: { permission: 'rollout:manage' }, schema: { tags, summary: 'Refresh the facts snapshot of the whole registry now, in batches (a job); answers at once', body: RefreshBody, response: { 202: FactsStatus, ...errors(401, 403) } } }, async (req, reply) => {
    const s = await app.mizan.tx(req, (trx) => askRefresh(trx, req.actor!, now()));
    return reply.code(202).send(s);
  });

  app.get('/programmes', { config: { permission: 'programme:read' }, schema: { tags, summary: 'Every programme with its criteria in force, its draft and its phase plan', response: { 200: Programmes, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => listProgrammes(trx, dep)),
  );

  app.post('/programmes', { config: { permission: 'programme:manage' }, schema: { tags, summary: 'Define a programme (a draft): the ministry for everyone, a charity for its own', body: ProgrammeBody, response: { 201: Ref(Programme), ...errors(400, 401, 403, 409) } } }, async (req, reply) => {
    const p = await app.mizan.tx(req, (trx) => defineProgramme(trx, req.actor!, dep, req.body, now()));
    return reply.code(201).send(p);
  });

  app.get('/programmes/:id', { config: { permission: 'programme:read' }, schema: { tags, summary: 'One programme', params: IdParams, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => readProgramme(trx, dep, req.params.id)),
  );

  app.post('/programmes/:id/status', { config: { permission: 'programme:manage' }, schema: { tags, summary: 'Activate (once criteria are in force) or close a programme', params: IdParams, body: ProgrammeStatusBody, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => setProgrammeStatus(trx, req.actor!, dep, req.params.id, req.body.status, now())),
  );

  app.put('/programmes/:id/criteria', { config: { permission: 'programme:manage' }, schema: { tags, summary: 'Save the draft criteria: a JSON Logic rule over the household facts and the benefit formula (checked, compiled; nothing decided)', params: IdParams, body: CriteriaBody, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => saveCriteria(trx, req.actor!, dep, req.params.id, req.body, now())),
  );

  app.post('/programmes/:id/criteria/publish', { config: { permission: 'programme:manage' }, schema: { tags, summary: 'Publish the draft: it becomes the version every new decision uses', params: IdParams, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => publishCriteria(trx, req.actor!, dep, req.params.id, now())),
  );

  app.post('/programmes/:id/what-if', { config: { permission: 'programme:what-if' }, schema: { tags, summary: 'What a rule or formula (default: the draft) would do over the whole registry, against the version in force: households, persons, budget, gains and losses per region; counts under 5 suppressed', params: IdParams, body: WhatIfBody, response: { 200: Ref(WhatIf), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => whatIf(trx, req.actor!, dep, req.params.id, req.body, () => new Date())),
  );

  app.get('/programmes/:id/monitoring', { config: { permission: 'programme:what-if' }, schema: { tags, summary: 'Month by month since the criteria were published: the version in force, what it projected against households enrolled, entered and left, entitlements due and paid, per region, and the appeals; counts under 5 suppressed', params: IdParams, querystring: MonitoringQuery, response: { 200: Ref(Monitoring), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => monitorProgramme(trx, req.actor!, dep, req.params.id, now(), req.query.months)),
  );

  app.put('/programmes/:id/regions/:code', { config: { permission: 'programme:manage' }, schema: { tags, summary: "Put a first-level region into a phase of the programme's plan, with its capacity and budget per period", params: RegionPlanParams, body: RegionPlanBody, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => planProgrammeRegion(trx, req.actor!, dep, req.params.id, req.params.code, req.body, now())),
  );

  app.post('/programmes/:id/phases/open', { config: { permission: 'programme:manage' }, schema: { tags, summary: "Open every region of the programme's plan up to this phase", params: IdParams, body: OpenPhaseBody, response: { 200: Ref(Programme), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => openProgrammePhase(trx, req.actor!, dep, req.params.id, req.body.phase, now())),
  );

  app.get('/rollout', { config: { permission: 'programme:read' }, schema: { tags, summary: "The deployment's phase plan: which first-level regions open in which phase, and which are open", response: { 200: RolloutView, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => readRollout(trx)),
  );

  app.put('/rollout/regions/:code', { config: { permission: 'rollout:manage' }, schema: { tags, summary: "Move a first-level region into a phase of the deployment's plan", params: RolloutParams, body: PhaseBody, response: { 200: RolloutView, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => planRolloutRegion(trx, req.actor!, dep, req.params.code, req.body.phase, now())),
  );

  app.post('/rollout/open', { config: { permission: 'rollout:manage' }, schema: { tags, summary: 'Open every region of the deployment up to this phase', body: OpenPhaseBody, response: { 200: RolloutView, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => openRolloutPhase(trx, req.actor!, req.body.phase, now())),
  );

  app.get('/zakat/categories', { config: { permission: 'programme:read' }, schema: { tags, summary: 'The zakat categories in force (a rule over the household facts)', response: { 200: ZakatView, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => readZakat(trx)),
  );

  app.put('/zakat/categories', { config: { permission: 'zakat:manage' }, schema: { tags, summary: 'Publish a new version of the zakat categories; zakat-funded programmes pay only households that meet them (enforced by the database)', body: ZakatBody, response: { 200: ZakatView, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => setZakatCategories(trx, req.actor!, req.body, now())),
  );

  app.get('/households/:id/zakat', { config: { permission: 'household:read' }, schema: { tags, summary: 'Whether a household may receive zakat now, with the reasons', params: IdParams, response: { 200: ZakatCheck, ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => zakatStanding(trx, req.actor!, dep, req.params.id)),
  );

  app.get('/me/programmes', { config: { permission: 'programme:apply' }, schema: { tags: ['me', ...tags], summary: 'Which programmes my household may qualify for, where they are open, and my applications', response: { 200: MyProgrammes, ...errors(401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => myProgrammes(trx, req.actor!, dep, now())),
  );

  app.post('/programmes/:id/applications', { config: { permission: 'programme:apply' }, schema: { tags: ['me', ...tags], summary: 'Apply for a programme: decided at once by the criteria in force, with the reasons; refused with region-not-open where the programme is not open yet', params: IdParams, response: { 201: Ref(Application), ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) => {
    const a = await app.mizan.tx(req, (trx) => applyToProgramme(trx, req.actor!, dep, req.params.id, now()));
    return reply.code(201).send(a);
  });

  app.post('/applications/:id/appeal', { config: { permission: 'programme:apply' }, schema: { tags: ['me', ...tags], summary: 'Appeal a refusal, with a reason and documents; decided by a reviewer who did not decide the case', params: IdParams, body: AppealBody, response: { 201: Ref(Application), ...errors(400, 401, 403, 404, 409) } } }, async (req, reply) => {
    const a = await app.mizan.tx(req, (trx) => lodgeAppeal(trx, req.actor!, req.params.id, req.body, now()));
    return reply.code(201).send(a);
  });

  app.post('/applications/:id/review', { config: { permission: 'application:review' }, schema: { tags, summary: 'Decide an application by hand, with a note (recorded with who decided)', params: IdParams, body: ReviewBody, response: { 200: Ref(Application), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => reviewApplication(trx, req.actor!, dep, req.params.id, req.body, now())),
  );

  app.get('/appeals', { config: { permission: 'appeal:decide' }, schema: { tags, summary: 'Appeals, soonest due first', querystring: AppealsQuery, response: { 200: Appeals, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => listAppeals(trx, req.actor!, req.query.status, now())),
  );

  await app.register(multipart, { limits: { fileSize: MAX_DOCUMENT_BYTES, files: 1, parts: 2, fields: 1, fieldSize: 256 }, throwFileSizeLimit: true });

  app.post('/appeals/:id/documents', { config: { permission: 'programme:apply' }, schema: { tags: ['me', ...tags], summary: 'Attach a document to my open appeal (multipart/form-data, one PDF, JPEG or PNG in the field "file", at most 5 MB; 5 an appeal)', consumes: ['multipart/form-data'], params: IdParams, response: { 201: AppealDocument, ...errors(400, 401, 403, 404, 409, 413, 415) } } }, async (req, reply) => {
    if (!req.isMultipart()) throw new Problem('unsupported-media-type', 'Send the document as multipart/form-data, in the field "file".');
    let file: { name: string; content: Buffer };
    try {
      const part = await req.file();
      if (!part || part.fieldname !== 'file') throw new Problem('validation', 'Send the document in the field "file".', { field: 'file' });
      file = { name: part.filename, content: await part.toBuffer() };
    } catch (e) {
      if (e instanceof Problem) throw e;
      if ((e as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new Problem('payload-too-large', `A document is at most ${MAX_DOCUMENT_BYTES} bytes.`, { field: 'file', limit: MAX_DOCUMENT_BYTES });
      throw new Problem('validation', 'The upload could not be read as multipart/form-data with one file.', { field: 'file' });
    }
    const d = await app.mizan.tx(req, (trx) => attachDocument(trx, req.actor!, req.params.id, file, now()));
    return reply.code(201).send(d);
  });

  app.get('/appeals/:id/documents/:documentId', { config: { permission: 'self' }, schema: { tags, summary: "A document of an appeal, for whoever may read the appeal (a staff member's read is audited)", params: AppealDocumentParams, response: { 200: Type.Unsafe<unknown>(Type.String({ description: 'application/pdf, image/jpeg or image/png' })), ...errors(400, 401, 403, 404) } } }, async (req, reply) => {
    const doc = await app.mizan.tx(req, (trx) => readDocument(trx, req.actor!, req.params.id, req.params.documentId, now()));
    return reply
      .type(doc.content_type)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.name)}`)
      .header('x-content-type-options', 'nosniff')
      .send(Buffer.from(doc.content));
  });

  app.post('/appeals/:id/decision', { config: { permission: 'appeal:decide' }, schema: { tags, summary: 'Uphold or overturn a refusal on appeal; refused (same-reviewer) for whoever decided the case', params: IdParams, body: AppealDecisionBody, response: { 200: Ref(Application), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => decideAppeal(trx, req.actor!, dep, req.params.id, req.body, now())),
  );

  app.get('/programmes/:id/cycles', { config: { permission: 'cycle:run' }, schema: { tags, summary: "The programme's benefit cycles, newest first", params: IdParams, response: { 200: Cycles, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => listCycles(trx, dep, req.params.id)),
  );

  app.post('/programmes/:id/cycles', { config: { permission: 'cycle:run' }, schema: { tags, summary: "Compute a period's entitlements (a preview to approve); asking again answers the same cycle", params: IdParams, body: CycleBody, response: { 200: Ref(Cycle), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => previewCycle(trx, req.actor!, dep, req.params.id, req.body.period, now())),
  );

  app.get('/cycles/:id', { config: { permission: 'cycle:run' }, schema: { tags, summary: 'A benefit cycle: its entitlements by outcome as they are paid', params: IdParams, response: { 200: Ref(Cycle), ...errors(400, 401, 403, 404) } } }, async (req) =>
    app.mizan.tx(req, (trx) => readCycle(trx, dep, req.params.id)),
  );

  app.post('/cycles/:id/approve', { config: { permission: 'cycle:approve' }, schema: { tags, summary: 'Approve a cycle for payment (someone other than who computed it); its grants are then recorded in batches', params: IdParams, response: { 200: Ref(Cycle), ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => approveCycle(trx, req.actor!, dep, req.params.id, now())),
  );

  app.post('/enrolments/:id/outcome', { config: { permission: 'enrolment:outcome' }, schema: { tags, summary: 'Record how an enrolment ended: completed, employed, dropped out, or ended', params: IdParams, body: OutcomeBody, response: { 200: EnrolmentView, ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => recordOutcome(trx, req.actor!, dep, req.params.id, req.body.status, now())),
  );

  app.get('/programmes/:id/sessions', { config: { permission: 'programme:read' }, schema: { tags, summary: "A training or employment programme's sessions, with their capacity and how many are placed", params: IdParams, response: { 200: Sessions, ...errors(400, 401, 403) } } }, async (req) =>
    app.mizan.tx(req, (trx) => listSessions(trx, req.params.id)),
  );

  app.post('/programmes/:id/sessions', { config: { permission: 'enrolment:outcome' }, schema: { tags, summary: 'Add a session (a course, a placement) in a region, with its dates and capacity', params: IdParams, body: SessionBody, response: { 201: SessionView, ...errors(400, 401, 403, 404) } } }, async (req, reply) => {
    const s = await app.mizan.tx(req, (trx) => addSession(trx, req.actor!, dep, req.params.id, req.body, now()));
    return reply.code(201).send(s);
  });

  app.post('/enrolments/:id/session', { config: { permission: 'enrolment:outcome' }, schema: { tags, summary: 'Place an enrolment in a session of its region; 409 session-full when it holds no more', params: IdParams, body: PlaceBody, response: { 200: EnrolmentView, ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => placeInSession(trx, req.actor!, req.params.id, req.body.sessionId, now())),
  );

  app.put('/enrolments/:id/attendance', { config: { permission: 'enrolment:outcome' }, schema: { tags, summary: "Record a day's attendance of an enrolment in its session", params: IdParams, body: AttendanceBody, response: { 200: AttendanceView, ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => recordAttendance(trx, req.actor!, req.params.id, req.body, now())),
  );

  app.post('/enrolments/:id/follow-up', { config: { permission: 'enrolment:outcome' }, schema: { tags, summary: 'Record the follow-up of an ended enrolment (still employed? the trade used?)', params: IdParams, body: FollowUpBody, response: { 200: EnrolmentView, ...errors(400, 401, 403, 404, 409) } } }, async (req) =>
    app.mizan.tx(req, (trx) => followUp(trx, req.actor!, req.params.id, req.body.note, now())),
  );
}
