/**
 * The demo's bulk upload: one charity's list of the needy people it knows, as Arabic Excel writes
 * it (CSV in Windows-1256), imported through the same use cases as the web page (createImport,
 * setMapping, the import job). Most rows are new people, who are invited by SMS (the send jobs wait
 * for the server's worker, which sends them to the local test SMSC); some are already registered,
 * one is repeated, one has a wrong check digit (it waits to be fixed by hand), one a foreign phone,
 * and one is a registered person with a wrong check digit, whom the import's search proposes.
 * So /charity/imports shows a finished import with every kind of verdict, and /ministry/sms the
 * invitations going out.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Deployment } from '../deployments/setup.js';
import type { Actor } from '../kernel/actor.js';
import type { Clock } from '../kernel/clock.js';
import { inTx } from '../kernel/transaction.js';
import type { Rng } from '../shared/random.js';
import { JobWorker } from '../modules/jobs/worker.js';
import { createImport } from '../modules/intake/create-import.js';
import { setMapping } from '../modules/intake/set-mapping.js';
import { intakeJobHandlers } from '../modules/intake/import-job.js';
import type { IntakeSettings } from '../modules/intake/intake-settings.js';
import { SYSTEM_ACTOR } from '../kernel/actor.js';
import { invitationOfNationalId } from '../modules/invitations/invitations.service.js';
import { signIn } from '../modules/identity/sign-in.js';
import { saveDraft } from '../modules/declarations/save-draft.js';
import { submitDeclaration } from '../modules/declarations/submit-declaration.js';
import { syntheticBirthDate, syntheticFamily, syntheticNationalId, syntheticPhone } from './people.js';

/** How many new people the demo's list brings (each one invited). */
export const DEMO_NEW_PEOPLE = 24;

/** A wrong check digit: the last digit of a valid ID changed. */
const wrongCheckDigit = (id: string) => id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);

/** Imports the demo list for `charity`; returns the new people (invited), in order, with their phone in E.164. */
export async function demoImport(db: Kysely<DB>, dep: Deployment, clock: Clock, intake: IntakeSettings, charity: Actor, registeredIds: string[], rng: Rng, known?: { nationalId: string; fullName: string }): Promise<{ nationalId: string; phone: string }[]> {
  const lang = dep.defaultLocale === 'fa' ? 'fa' : 'ar';
  const rows: string[][] = [];
  const fresh: { nationalId: string; phone: string }[] = [];
  for (let i = 0; i < DEMO_NEW_PEOPLE; i++) {
    const head = syntheticFamily(rng, lang)[0]!;
    const id = syntheticNationalId(rng, dep.idScheme, syntheticBirthDate(rng, 25, 70));
    // phones as people type them: a space before the last four digits, some with 00 for the +
    const e164 = syntheticPhone(rng, dep.country);
    const typed = rng.chance(0.5) ? e164.replace('+', '00') : e164;
    const phone = `${typed.slice(0, -4)} ${typed.slice(-4)}`;
    fresh.push({ nationalId: id, phone: e164 });
    rows.push([id, phone, head.fullName]);
  }
  for (const id of registeredIds.slice(0, 3)) rows.push([id, syntheticPhone(rng, dep.country), syntheticFamily(rng, lang)[0]!.fullName]);
  rows.push([...rows[0]!]); // the first person again, further down the list
  rows.push([wrongCheckDigit(syntheticNationalId(rng, dep.idScheme, '1985-04-04')), syntheticPhone(rng, dep.country), syntheticFamily(rng, lang)[0]!.fullName]);
  rows.push([syntheticNationalId(rng, dep.idScheme, '1979-09-09'), dep.country === 'SA' ? '+965 5012 3456' : '+966 50 123 4567', syntheticFamily(rng, lang)[0]!.fullName]);
  // A registered person typed with a wrong check digit: the import's search finds who they may be.
  if (known) rows.push([wrongCheckDigit(known.nationalId), syntheticPhone(rng, dep.country), known.fullName]);
  const csv = ['الرقم المدني,الهاتف,الاسم', ...rows.map((r) => r.join(','))].join('\r\n') + '\r\n';

  const dir = await mkdtemp(join(tmpdir(), 'mizan-demo-'));
  try {
    const file = join(dir, 'needy.csv');
    await writeFile(file, iconv.encode(csv, 'win1256'));
    const { import: imp } = await createImport(db, dep, charity, file, 'قائمة المحتاجين.csv', intake, clock.now());
    await inTx(db, charity, (trx) => setMapping(trx, charity, imp.id, { nationalId: 0, phone: 1, name: 2 }, clock.now()));
    await new JobWorker(db, { clock, handlers: intakeJobHandlers({ dep, settings: intake }), name: 'demo' }).runDue();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return fresh;
}

/**
 * One invited person has followed the link, signed in and declared a household of four: the
 * declaration is versioned, scored by the ministry's model and referred, so the inviting charity's
 * priority list (/charity/priority) and pool show a request with its score, offered to it first.
 * Through the same use cases as the web page (signIn with the invitation, saveDraft, submitDeclaration).
 */
export async function demoDeclaration(db: Kysely<DB>, dep: Deployment, clock: Clock, person: { nationalId: string }, rng: Rng): Promise<void> {
  const now = clock.now();
  const lang = dep.defaultLocale === 'fa' ? 'fa' : 'ar';
  const family = syntheticFamily(rng, lang);
  const invitation = await inTx(db, SYSTEM_ACTOR, (trx) => invitationOfNationalId(trx, person.nationalId));
  if (!invitation) return;
  const settings = { issuer: 'demo', clientId: 'demo', clientSecret: 'demo', nationalIdClaim: 'national_id', requiredClaim: null, requiredValue: null, builtIn: true };
  const { actor } = await inTx(db, SYSTEM_ACTOR, (trx) => signIn(trx, dep, settings, { national_id: person.nationalId, name: family[0]!.fullName }, now, { invitationId: invitation.id }));
  const region = [...dep.regions.values()].find((r) => r.level === 2) ?? [...dep.regions.values()][0]!;
  const kinds = ['head', 'spouse', 'child', 'child'] as const;
  const members = kinds.map((relation, i) => {
    const m = family[i] ?? family[family.length - 1]!;
    const birthDate = relation === 'child' ? syntheticBirthDate(rng, 4 + i, 12 + i) : m.birthDate;
    return {
      nationalId: i === 0 ? person.nationalId : syntheticNationalId(rng, dep.idScheme, birthDate),
      fullName: m.fullName, birthDate: i === 0 ? undefined : birthDate, relation, disability: i === 3, chronicIllness: i === 1,
    };
  });
  const minor = 10 ** dep.currency.minorUnits;
  await inTx(db, actor, (trx) => saveDraft(trx, actor, dep, {
    regionCode: region.code,
    members,
    incomes: [{ source: 'work', monthlyAmountMinor: 180 * minor }],
    housing: { tenure: 'rented', monthlyRentMinor: 150 * minor },
    debts: [{ kind: 'rent-arrears', totalMinor: 450 * minor, monthlyRepaymentMinor: 30 * minor }],
    needs: ['rent-assistance', 'refrigerator'],
  }, now));
  await inTx(db, actor, (trx) => submitDeclaration(trx, actor, dep, now));
}
