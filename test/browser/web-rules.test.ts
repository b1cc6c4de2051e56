/**
 * The web app's rules that need no browser: the three message catalogues say the same things
 * (and cover every request status, role and problem type the server can send); the form validator
 * refuses exactly what the API refuses, using the API's own OpenAPI schemas; numbers, dates and
 * money come out in the language's digits, the deployment's calendar and the currency's decimals.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROBLEM_TYPES } from '../../src/shared/problem.js';
import { ROLES } from '../../src/modules/identity/permissions.js';
import { validate, type JsonSchema } from '../../web/src/lib/validate.js';
import { formatDate, formatMoney, formatMoneyMinor, formatNumber, localDigits, asciiDigits } from '../../web/src/lib/format.js';
import { freshDatabase, type TestDb } from '../support/db.js';
import { makeWorld, registerFamily, type World } from '../support/fixtures.js';
import { makeApi, type Api } from '../support/http.js';

const WEB = new URL('../../web/src/', import.meta.url).pathname;
type Catalogue = { [k: string]: string | Catalogue };
const load = (lang: string) => JSON.parse(readFileSync(join(WEB, `i18n/${lang}.json`), 'utf8')) as Catalogue;
const keys = (c: Catalogue, prefix = ''): string[] =>
  Object.entries(c).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : /\.tsx?$/.test(f) ? [readFileSync(p, 'utf8')] : [];
  });

describe('web: message catalogues', () => {
  const en = load('en');
  const all = { ar: load('ar'), fa: load('fa'), en };

  // A message with a count is written once per plural form of its language (i18next: key_one, key_other; Arabic also
  // _zero, _two, _few, _many); the catalogues then agree on the message, not on the forms.
  const PLURAL = /_(zero|one|two|few|many|other)$/;
  const messages = (c: Catalogue) => [...new Set(keys(c).map((k) => k.replace(PLURAL, '')))].sort();
  const textOf = (c: Catalogue, k: string) => k.split('.').reduce<Catalogue | string | undefined>((o, p) => (o as Catalogue | undefined)?.[p], c) as string | undefined;
  const formsOf = (c: Catalogue, k: string) => {
    const one = textOf(c, k);
    if (typeof one === 'string') return [one];
    return keys(c).filter((x) => x.replace(PLURAL, '') === k && x !== k).map((x) => textOf(c, x)!);
  };
  const placeholders = (forms: string[]) => [...new Set(forms.flatMap((s) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((x) => x[1]!)))].sort();

  test('Arabic, Persian and English have the same messages, none empty, same placeholders', () => {
    const enKeys = messages(en);
    for (const [lang, c] of Object.entries(all)) {
      assert.deepEqual(messages(c), enKeys, `${lang} has other keys than en`);
      for (const k of enKeys) {
        const forms = formsOf(c, k);
        for (const text of forms) assert.ok(text.trim().length > 0, `${lang}: ${k} is empty`);
        assert.deepEqual(placeholders(forms), placeholders(formsOf(en, k)), `${lang}: ${k} has other placeholders`);
      }
    }
  });

  test('a message with a count has every plural form of its language (Arabic: six), and the same count in all three', () => {
    const counted = new Set(keys(en).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
    assert.ok(counted.has('lang.daysLeft') && counted.has('notifications.unread'), 'days left and unread messages are counted');
    for (const [lang, c] of Object.entries(all)) {
      const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
      for (const k of counted) {
        for (const cat of categories) assert.equal(typeof textOf(c, `${k}_${cat}`), 'string', `${lang}: ${k}_${cat} is missing`);
        assert.equal(textOf(c, k), undefined, `${lang}: ${k} is also a plain text`);
      }
      for (const k of keys(c).filter((x) => PLURAL.test(x))) assert.ok(counted.has(k.replace(PLURAL, '')), `${lang}: ${k} is plural only in ${lang}`);
    }
    assert.equal(new Intl.PluralRules('ar').resolvedOptions().pluralCategories.length, 6);
  });

  test('every text the components ask for exists (no text hard-coded, no key missing)', () => {
    const enKeys = new Set(messages(en));
    const used = new Set<string>();
    for (const src of sources(WEB)) {
      for (const m of src.matchAll(/\bt\(\s*'([a-zA-Z][\w.-]*)'/g)) used.add(m[1]!);
      for (const m of src.matchAll(/\['\/[\w/:-]*',\s*'([a-z]+\.[a-zA-Z]+)'\]/g)) used.add(m[1]!);
    }
    assert.ok(used.size > 150, `found only ${used.size} keys in the components`);
    const missing = [...used].filter((k) => !enKeys.has(k));
    assert.deepEqual(missing, []);
  });

  test('every request status, role and problem type the server sends has words in all three languages', () => {
    const statuses = ['open', 'claimed', 'escalated', 'approved', 'rejected', 'withdrawn'];
    for (const c of Object.values(all)) {
      const ks = new Set(keys(c));
      for (const s of statuses) assert.ok(ks.has(`status.${s}`), `status.${s}`);
      for (const r of ROLES) assert.ok(ks.has(`roles.${r}`), `roles.${r}`);
      for (const slug of Object.keys(PROBLEM_TYPES)) assert.ok(ks.has(`problems.${slug}`), `problems.${slug}`);
    }
  });
});

describe('web: formatting', () => {
  test('numbers in each language’s digits', () => {
    assert.equal(formatNumber(1234567, 'en'), '1,234,567');
    assert.match(formatNumber(1234567, 'ar'), /^[\u0660-\u0669\u066c]+$/);
    assert.match(formatNumber(1234567, 'fa'), /^[\u06f0-\u06f9\u066c]+$/);
    assert.equal(localDigits('2026-03', 'fa'), '۲۰۲۶-۰۳');
    assert.equal(asciiDigits('٢٨٠٠٦۰۲۰٦٦٩١'), '280060206691');
  });

  test("dates in the deployment's calendar", () => {
    assert.equal(formatDate('2026-03-01', 'en', 'gregory'), '1 March 2026');
    assert.equal(formatDate('2026-03-01', 'fa', 'persian'), '۱۰ اسفند ۱۴۰۴');
    assert.match(formatDate('2026-03-01', 'ar', 'islamic-umalqura'), /^١٢ رمضان ١٤٤٧/);
    assert.match(formatDate('2026-03-01', 'en', 'persian'), /Esfand 1404/);
    // A calendar date is the same day in every time zone.
    assert.equal(formatDate('2026-12-31', 'en', 'gregory'), '31 December 2026');
  });

  test("money with exactly the currency's minor units", () => {
    const kwd = { code: 'KWD', minorUnits: 3 };
    const irr = { code: 'IRR', minorUnits: 0 };
    assert.match(formatMoneyMinor(150500, kwd, 'en'), /150\.500/);
    assert.match(formatMoney('150.5', kwd, 'en'), /150\.500/);
    assert.match(formatMoney('0.005', kwd, 'en'), /0\.005/);
    assert.match(formatMoneyMinor(150500, kwd, 'ar'), /١٥٠٫٥٠٠/);
    assert.match(formatMoneyMinor(1500000, irr, 'fa'), /۱٬۵۰۰٬۰۰۰/);
    assert.doesNotMatch(formatMoneyMinor(1500000, irr, 'fa'), /٫/);
    assert.equal(formatMoney(null, kwd, 'en'), '—');
  });
});

describe('web: forms refuse what the API refuses, from the API’s own schemas', () => {
  let t: TestDb;
  let w: World;
  let api: Api;
  let paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  before(async () => {
    t = await freshDatabase('pglite');
    w = await makeWorld(t.database.db, t.dep, { charities: 1 });
    await registerFamily(t.database.db, t.dep, w, w.charities[0]!.caseworker.actor);
    api = await makeApi(t);
    paths = (await api.call('GET', '/api/openapi.json')).body.paths;
  });
  after(async () => {
    await api.app.close();
    await t.close();
  });
  const schemaOf = (method: string, path: string) => paths[path]![method]!.requestBody!.content['application/json']!.schema;

  const cases: [string, string, string, unknown, string[]][] = [
    ['post', '/api/v1/requests', '/api/v1/requests', { aidTypeCode: 'refrigerator', justification: 'ab' }, ['justification']],
    ['post', '/api/v1/requests', '/api/v1/requests', { aidTypeCode: '', justification: 'x'.repeat(4001) }, ['aidTypeCode', 'justification']],
    ['post', '/api/v1/requests', '/api/v1/requests', { aidTypeCode: 'refrigerator', justification: 'we need it', quantity: 0 }, ['quantity']],
    ['post', '/api/v1/grants', '/api/v1/grants', { aidTypeCode: 'refrigerator', beneficiaryNationalId: '' }, ['beneficiaryNationalId']],
    ['post', '/api/v1/organisations/{id}/staff', `/api/v1/organisations/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/staff`, { role: 'caseworker', displayName: 'A' }, ['displayName']],
    ['patch', '/api/v1/catalogue/groups/{code}', '/api/v1/catalogue/groups/refrigerator', { windowKind: 'weekly' }, ['windowKind']],
  ];

  for (const [method, template, url, body, fields] of cases) {
    test(`${method.toUpperCase()} ${template} ${JSON.stringify(body).slice(0, 60)}`, async () => {
      const found = validate(schemaOf(method, template), body);
      assert.deepEqual([...new Set(found.map((e) => e.field))].sort(), [...fields].sort());
      const token = template.includes('catalogue') || template.includes('staff') ? w.ministryAdmin.token : w.charities[0]!.caseworker.token;
      const res = await api.call(method.toUpperCase(), url, token, body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      const serverFields = (res.body.errors as { field: string }[]).map((e) => e.field.replace(/^body\./, ''));
      assert.ok(serverFields.every((f) => fields.includes(f)), `the server refused ${serverFields} where the form saw ${fields}`);
    });
  }

  test('a body the form accepts is accepted by the API too', async () => {
    const body = { aidTypeCode: 'refrigerator', justification: 'Our refrigerator broke down', beneficiaryNationalId: (await t.database.db.selectFrom('persons').select('national_id').executeTakeFirstOrThrow()).national_id };
    assert.deepEqual(validate(schemaOf('post', '/api/v1/requests'), body), []);
    const res = await api.call('POST', '/api/v1/requests', w.charities[0]!.caseworker.token, body);
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });
});
