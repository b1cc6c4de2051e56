/**
 * The matching engine on real pairs (src/modules/matching/): each corruption of issue 14 still
 * matches, the hard negatives stay apart, and two different valid national IDs never end in one
 * cluster. Each pair is matched inside a background of 1200 synthetic records, so name
 * frequencies and the u estimated on the set are those of a real list, not of a two-record file;
 * each test also checks the comparison level or weight that its feature produces.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { completeNationalId } from '../../src/shared/identity/national-id.js';
import { prepareRecord, type PersonRecord, type PreparedRecord } from '../../src/modules/matching/person-record.js';
import { comparePair } from '../../src/modules/matching/compare.js';
import { matchPrepared, type MatchResult } from '../../src/modules/matching/match-records.js';
import { clusterPairs } from '../../src/modules/matching/cluster.js';
import { syntheticSet } from '../../src/modules/matching/synthetic.js';

const background: PreparedRecord[] = syntheticSet(99, 1200).records.map(prepareRecord);

/** The records matched among the background; returns the result and their indexes. */
function matchAmong(...records: PersonRecord[]): { r: MatchResult; at: number[] } {
  const all = [...background, ...records.map(prepareRecord)];
  const r = matchPrepared(all);
  return { r, at: records.map((_, i) => background.length + i) };
}

function together(a: PersonRecord, b: PersonRecord): { same: boolean; score: number; r: MatchResult } {
  const { r, at } = matchAmong(a, b);
  const [i, j] = at as [number, number];
  return { same: r.clusterOf[i] === r.clusterOf[j], score: r.scorer.score(r.prepared[i]!, r.prepared[j]!), r };
}

function assertMatch(a: PersonRecord, b: PersonRecord): number {
  const t = together(a, b);
  assert.ok(t.same, `expected one person, score ${t.score.toFixed(1)} (link at ${t.r.thresholds.link})`);
  return t.score;
}

function assertApart(...records: PersonRecord[]): MatchResult {
  const { r, at } = matchAmong(...records);
  const clusters = new Set(at.map((i) => r.clusterOf[i]));
  assert.equal(clusters.size, at.length, `expected ${at.length} people, found ${clusters.size}`);
  return r;
}

/** A valid Civil ID of someone born 1985-05-17, from a serial number. */
function kwId(serial: number): string {
  for (let s = serial; ; s++) {
    const id = completeNationalId('KW_CIVIL_ID', `2850517${String(s).padStart(4, '0')}`);
    if (id) return id;
  }
}
const KW_ID = kwId(123);
const IR_ID = completeNationalId('IR_NATIONAL_CODE', '004567891')!;

// A Kuwaiti with no ID and no phone: names, birth date, sex and region carry the match.
const base: PersonRecord = {
  id: 'A',
  country: 'KW',
  givenName: 'عبد الله',
  fatherName: 'يوسف',
  grandfatherName: 'أحمد',
  familyName: 'الكندري',
  sex: 'M',
  birthDate: '1985-05-17',
  region: 'KW-HA-SALMIYA',
};
// An Iranian with a ZWNJ compound given name.
const persian: PersonRecord = { id: 'P', country: 'IR', givenName: 'محمد\u200Cرضا', fatherName: 'علی', familyName: 'کریمی', sex: 'M', birthDate: '1979-03-04', region: 'IR-07-SHIRAZ' };
const copy = (r: PersonRecord, changes: Partial<PersonRecord>): PersonRecord => ({ ...r, id: `${r.id}2`, ...changes });
const levels = (a: PersonRecord, b: PersonRecord) => comparePair(prepareRecord(a), prepareRecord(b));

describe('each corruption of issue 14 still matches', () => {
  // With a common name and nothing else agreeing, only the ID's evidence can join these two.
  const withId: PersonRecord = { id: 'I', country: 'KW', nationalId: KW_ID, givenName: 'محمد', familyName: 'العنزي', birthDate: '1985-05-17', sex: 'M', phone: '+96550001234' };
  const idOnly = (nationalId: string): PersonRecord => ({ id: 'I2', country: 'KW', nationalId, givenName: 'محمد', familyName: 'العنزي' });

  test('the ID missing on one copy: names and birth date carry it', () => {
    assertMatch({ ...base, nationalId: KW_ID }, copy(base, {}));
  });

  test('one wrong digit in the ID', () => {
    const wrong = KW_ID.slice(0, 8) + String((Number(KW_ID[8]) + 3) % 10) + KW_ID.slice(9);
    assert.equal(levels(withId, idOnly(wrong)).nationalId, 'oneEdit');
    const s = assertMatch(withId, idOnly(wrong));
    // without the ID's evidence the pair would not be linked
    const noId = together(withId, { ...idOnly(wrong), nationalId: undefined });
    assert.equal(noId.same, false, `names alone gave ${noId.score.toFixed(1)}`);
    assert.ok(s > noId.score);
  });

  test('two adjacent digits of the ID swapped', () => {
    const i = [...KW_ID].findIndex((d, k) => k > 6 && d !== KW_ID[k + 1]);
    const swapped = KW_ID.slice(0, i) + KW_ID[i + 1] + KW_ID[i] + KW_ID.slice(i + 2);
    assert.equal(levels(withId, idOnly(swapped)).nationalId, 'oneEdit');
    assertMatch(withId, idOnly(swapped));
  });

  test('the ID in Persian or Arabic-Indic digits is the same valid ID', () => {
    const persianDigits = KW_ID.replace(/\d/g, (d) => String.fromCharCode(0x06f0 + Number(d)));
    const arabicDigits = KW_ID.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    assert.equal(levels(withId, idOnly(persianDigits)).nationalId, 'exact');
    assertMatch(withId, idOnly(persianDigits));
    assertMatch(withId, idOnly(arabicDigits));
  });

  test('an Iranian code that lost its leading zeros in a spreadsheet', () => {
    const a: PersonRecord = { ...persian, nationalId: IR_ID };
    const b: PersonRecord = { id: 'P2', country: 'IR', nationalId: IR_ID.replace(/^0+/, ''), givenName: 'محمد', familyName: 'احمدی' };
    assert.equal(levels(a, b).nationalId, 'exact');
    assertMatch({ ...a, givenName: 'محمد', familyName: 'احمدی' }, b);
  });

  test('ي/ی and ك/ک of the other keyboard', () => {
    const b = copy(base, { fatherName: 'یوسف', familyName: 'الکندری' });
    assert.equal(levels(base, b).father, 'exact');
    assert.equal(levels(base, b).family, 'exact');
    assertMatch(base, b);
  });

  test('ة/ه', () => {
    const a: PersonRecord = { ...base, givenName: 'فاطمة', sex: 'F' };
    const b = copy(a, { givenName: 'فاطمه' });
    assert.equal(levels(a, b).given, 'exact');
    assertMatch(a, b);
  });

  // One field typed differently; the field's level says how it compared, and the pair still matches.
  const oneField: [string, Partial<PersonRecord>, keyof ReturnType<typeof levels>, string][] = [
    ['hamza dropped', { grandfatherName: 'احمد' }, 'grandfather', 'exact'],
    ['"عبد ال…" joined or split', { givenName: 'عبدالله' }, 'given', 'exact'],
    ['tatweel', { familyName: 'الكنـدري' }, 'family', 'exact'],
    ['a stray diacritic', { fatherName: 'يُوسف' }, 'father', 'exact'],
    ['birth year off by one', { birthDate: '1986-05-17' }, 'birth', 'year'],
  ];
  for (const [name, change, field, level] of oneField) {
    test(name, () => {
      const b = copy(base, change);
      assert.equal(levels(base, b)[field], level);
      assertMatch(base, b);
    });
  }

  test('ZWNJ lost or typed as a space', () => {
    for (const given of ['محمدرضا', 'محمد رضا']) {
      const b = copy(persian, { givenName: given });
      assert.equal(levels(persian, b).given, 'exact', given);
      assertMatch(persian, b);
    }
  });

  test('the family prefix ال dropped, and bin in a full name', () => {
    const b: PersonRecord = { id: 'A2', country: 'KW', fullName: 'عبدالله بن يوسف بن أحمد كندري', sex: 'M', birthDate: '1985-05-17', region: 'KW-HA-SALMIYA' };
    const l = levels(base, b);
    assert.deepEqual([l.given, l.father, l.grandfather, l.family], ['exact', 'exact', 'exact', 'exact']);
    assertMatch(base, b);
  });

  test('day and month of the birth date swapped', () => {
    const a2: PersonRecord = { ...base, birthDate: '1985-04-09' };
    const b2 = copy(a2, { birthDate: '1985-09-04' });
    assert.equal(levels(a2, b2).birth, 'swapped');
    assertMatch(a2, b2);
  });

  test('birth date in Persian digits', () => {
    const b = copy(base, { birthDate: '۱۹۸۵-۰۵-۱۷' });
    assert.equal(levels(base, b).birth, 'exact');
  });

  test('phone missing on one copy, or changed', () => {
    const a: PersonRecord = { ...base, phone: '+96550011223' };
    assertMatch(a, copy(base, {}));
    const b = copy(base, { phone: '+96560099887' });
    assert.equal(levels(a, b).phone, 'different');
    assertMatch(a, b);
  });

  test('a phone in local form and Persian digits is the same phone', () => {
    const a: PersonRecord = { ...persian, phone: '+989121234567' };
    const b = copy(persian, { phone: '۰۹۱۲۱۲۳۴۵۶۷' });
    assert.equal(levels(a, b).phone, 'agree');
  });

  test('a family phone shared by many records weighs less, and the person still matches', () => {
    const phone = '+96599887766';
    const a: PersonRecord = { ...base, phone };
    const b = copy(base, { phone });
    const household = ['سارة', 'مريم', 'نورة', 'خالد', 'فهد', 'بدر'].map((g, i): PersonRecord => ({ id: `H${i}`, country: 'KW', givenName: g, fatherName: 'يوسف', familyName: 'الكندري', phone, birthDate: `20${10 + i}-01-0${1 + i}` }));
    const { r, at } = matchAmong(a, b, ...household);
    assert.equal(r.clusterOf[at[0]!], r.clusterOf[at[1]!]);
    assert.equal(new Set(at.map((i) => r.clusterOf[i])).size, 1 + household.length, 'the household stays apart');
    // the phone's weight between two strangers sharing it is lowered by the sharing
    const x = r.prepared[at[2]!]!;
    const y: PreparedRecord = { ...r.prepared[at[3]!]!, family: null, father: null };
    const shared = r.scorer.explain(x, y).parts.find((p) => p.field === 'phone')!;
    const alone = matchAmong({ id: 'S1', country: 'KW', givenName: 'سارة', phone: '+96511112222' }, { id: 'S2', country: 'KW', givenName: 'مريم', phone: '+96511112222' });
    const single = alone.r.scorer.explain(alone.r.prepared[alone.at[0]!]!, alone.r.prepared[alone.at[1]!]!).parts.find((p) => p.field === 'phone')!;
    assert.ok(shared.weight < single.weight / 1.5, `${shared.weight} vs ${single.weight}`);
  });
});

describe('hard negatives stay apart', () => {
  test('a father and his son with the same given and family names', () => {
    const father: PersonRecord = { id: 'F', country: 'KW', givenName: 'محمد', fatherName: 'عبدالله', grandfatherName: 'فهد', familyName: 'العنزي', sex: 'M', birthDate: '1961-03-02', region: 'KW-JA-JAHRA', phone: '+96566554433' };
    const son: PersonRecord = { id: 'S', country: 'KW', givenName: 'محمد', fatherName: 'محمد', grandfatherName: 'عبدالله', familyName: 'العنزي', sex: 'M', birthDate: '1990-07-11', region: 'KW-JA-JAHRA', phone: '+96566554433' };
    const r = assertApart(father, son);
    // the son's second record, without its phone, joins the son and not the father
    const { r: r3, at } = matchAmong(father, son, copy(son, { id: 'S2', phone: undefined }));
    assert.equal(r3.clusterOf[at[1]!], r3.clusterOf[at[2]!]);
    assert.notEqual(r3.clusterOf[at[0]!], r3.clusterOf[at[2]!]);
    const e = r.scorer.explain(prepareRecord(father), prepareRecord(son));
    assert.equal(e.parts.find((p) => p.field === 'lineage')!.level, 'parentChild');
    assert.ok(e.parts.find((p) => p.field === 'lineage')!.weight < 0);
  });

  test('twins: the same birth date, father and family, different given names (close ones too)', () => {
    const twin = (id: string, given: string): PersonRecord => ({ id, country: 'KW', givenName: given, fatherName: 'علي', grandfatherName: 'حسن', familyName: 'الكندري', sex: 'M', birthDate: '2012-06-15', region: 'KW-HA-SALMIYA', phone: '+96551515151' });
    assertApart(twin('T1', 'حسن'), twin('T2', 'حسين'));
    assertApart(twin('T3', 'فهد'), twin('T4', 'بدر'));
  });

  test('namesakes in one region: the same common names, different fathers and birth dates', () => {
    const a: PersonRecord = { id: 'N1', country: 'KW', givenName: 'محمد', fatherName: 'أحمد', familyName: 'العنزي', sex: 'M', birthDate: '1980-02-03', region: 'KW-JA-JAHRA' };
    const b: PersonRecord = { id: 'N2', country: 'KW', givenName: 'محمد', fatherName: 'خالد', familyName: 'العنزي', sex: 'M', birthDate: '1983-10-21', region: 'KW-JA-JAHRA' };
    assertApart(a, b);
  });

  test('two different valid IDs never end in one cluster, even through a record without an ID', () => {
    const other = kwId(456);
    assert.notEqual(other, KW_ID);
    const a: PersonRecord = { ...base, id: 'V1', nationalId: KW_ID };
    const middle: PersonRecord = { ...base, id: 'V2' };
    const c: PersonRecord = { ...base, id: 'V3', nationalId: other };
    assert.equal(levels(a, c).nationalId, 'conflict');
    const { r, at } = matchAmong(a, middle, c);
    assert.notEqual(r.clusterOf[at[0]!], r.clusterOf[at[2]!]);
    // the middle record joined one of them, and the refused link is a question for a person
    assert.ok(r.clusterOf[at[1]!] === r.clusterOf[at[0]!] || r.clusterOf[at[1]!] === r.clusterOf[at[2]!]);
    assert.ok(r.review.some((p) => p.refusedForIds && [p.a, p.b].includes(at[1]!)));
  });
});

describe('clusters', () => {
  const rec = (id: string, validId: string | null): PreparedRecord => ({ ...prepareRecord({ id }), validId });

  test('a chain of links is checked when clusters merge, not only pair by pair', () => {
    const records = [rec('a', '111'), rec('b', null), rec('c', null), rec('d', '222')];
    const c = clusterPairs(records, [{ a: 0, b: 1, score: 30 }, { a: 1, b: 2, score: 25 }, { a: 2, b: 3, score: 20 }], { link: 12, review: 6 });
    assert.deepEqual(Array.from(c.clusterOf), [0, 0, 0, 3]);
    assert.deepEqual(c.review.map((p) => [p.a, p.b, p.refusedForIds]), [[2, 3, true]]);
  });

  test('pairs between the thresholds are review items unless already joined; below the review threshold nothing', () => {
    const records = [rec('a', null), rec('b', null), rec('c', null), rec('d', null)];
    const c = clusterPairs(records, [{ a: 0, b: 1, score: 20 }, { a: 0, b: 2, score: 8 }, { a: 1, b: 0, score: 7 }, { a: 2, b: 3, score: 3 }], { link: 12, review: 6 });
    assert.deepEqual(Array.from(c.clusterOf), [0, 0, 2, 3]);
    assert.deepEqual(c.review.map((p) => [p.a, p.b]), [[0, 2]]);
  });
});
