/** How a text travels as SMS (segments.ts), and the small readers of what comes back (adapter.ts, smpp-adapter.ts, settings). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { SegmentedMessage } from 'sms-segments-calculator';
import { splitSms, smsEncodingOf } from '../../src/modules/sms/segments.js';
import { isStop, parseReceiptText, receiptOutcome } from '../../src/modules/sms/adapter.js';
import { reconnectDelay } from '../../src/modules/sms/smpp-adapter.js';
import { kannelOutcome } from '../../src/modules/sms/http-gateway.js';
import { smsSettingsOf, smsTransportOf, describeTransport } from '../../src/modules/sms/sms-settings.js';
import { INVITATION_SMS, invitationText } from '../../src/modules/invitations/messages.js';

describe('SMS segments', () => {
  test('Latin text is GSM-7: 160 characters in one message, 161 in two parts of at most 153', () => {
    assert.deepEqual(splitSms('a'.repeat(160)).parts.length, 1);
    const two = splitSms('a'.repeat(161));
    assert.equal(two.encoding, 'gsm7');
    assert.deepEqual(two.parts.map((p) => p.length), [153, 8]);
  });

  test('a GSM extension character takes two septets and is never cut in half', () => {
    assert.equal(splitSms('€'.repeat(80)).parts.length, 1);
    const s = splitSms(`${'a'.repeat(152)}€${'b'.repeat(10)}`);
    assert.deepEqual(s.parts, ['a'.repeat(152), `€${'b'.repeat(10)}`]);
  });

  test('Arabic and Persian are UCS-2: 70 characters alone, 67 a part; a surrogate pair stays whole', () => {
    const persian = 'سلام '.repeat(14);
    assert.equal(smsEncodingOf(persian), 'ucs2');
    assert.equal(splitSms(persian).parts.length, 1);
    const long = 'ب'.repeat(71);
    assert.deepEqual(splitSms(long).parts.map((p) => p.length), [67, 4]);
    const emoji = `${'ب'.repeat(66)}😀${'x'.repeat(10)}`;
    assert.deepEqual(splitSms(emoji).parts.map((p) => p.length), [66, 12]);
    assert.equal(splitSms(emoji).parts.join(''), emoji);
  });

  test('the counts agree with sms-segments-calculator for the invitations in every language and texts around the limits', () => {
    const link = 'https://mizan.example.org/i/AbCdEfGhIjKlMnOpQrStUv';
    const texts = [...Object.keys(INVITATION_SMS).map((l) => invitationText(l as 'ar', link)), 'x'.repeat(160), 'x'.repeat(161), 'ی'.repeat(70), 'ی'.repeat(71), 'ی'.repeat(134), 'ی'.repeat(135), `${'a'.repeat(150)}[]{}`];
    for (const text of texts) {
      const mine = splitSms(text);
      const theirs = new SegmentedMessage(text);
      assert.equal(mine.parts.length, theirs.segmentsCount, text);
      assert.equal(mine.encoding === 'ucs2' ? 'UCS-2' : 'GSM-7', theirs.encodingName, text);
      assert.equal(mine.parts.join(''), text);
    }
  });
});

describe('what comes back from the SMSC', () => {
  test('a receipt text gives the SMSC ID and the outcome', () => {
    assert.deepEqual(parseReceiptText('id:0A1B2C sub:001 dlvrd:001 submit date:2603010900 done date:2603010901 stat:DELIVRD err:000 text:'), { id: '0A1B2C', stat: 'DELIVRD' });
    assert.equal(parseReceiptText('hello'), null);
    assert.equal(receiptOutcome('DELIVRD'), 'delivered');
    for (const s of ['UNDELIV', 'EXPIRED', 'REJECTD']) assert.equal(receiptOutcome(s), 'failed');
    assert.equal(receiptOutcome('ENROUTE'), 'pending');
  });

  test('STOP in English, Persian and Arabic opts out; other replies do not', () => {
    for (const w of ['STOP', 'stop', ' Stop. ', 'توقف', 'لغو', 'إيقاف']) assert.ok(isStop(w), w);
    for (const w of ['stop it', 'سلام', '', 'STOPPED']) assert.ok(!isStop(w), w);
  });

  test("Kannel's delivery-report types: 1 delivered, 2 and 16 failed, 4 and 8 on the way", () => {
    assert.deepEqual([1, 2, 4, 8, 16].map(kannelOutcome), ['delivered', 'failed', 'pending', 'pending', 'failed']);
  });

  test('binding again waits twice as long after each failure, up to the maximum', () => {
    assert.deepEqual([0, 1, 2, 3, 10].map((n) => reconnectDelay(n, 1000, 30_000)), [1000, 2000, 4000, 8000, 30_000]);
  });
});

describe('SMS settings', () => {
  test('MIZAN_SMS chooses the transport: the local SMSC by default on the embedded database, off with DATABASE_URL', () => {
    assert.equal(smsTransportOf(undefined, true).kind, 'dev');
    assert.equal(smsTransportOf(undefined, false).kind, 'off');
    assert.deepEqual(smsTransportOf('smpp://mizan:s%40cret@smsc.example:2776?source=Mizan', false), { kind: 'smpp', host: 'smsc.example', port: 2776, systemId: 'mizan', password: 's@cret', source: 'Mizan' });
    assert.equal(smsTransportOf('https://gw.example/cgi-bin/sendsms?username=u&password=p&from=Mizan', false).kind, 'http');
    assert.throws(() => smsTransportOf('ftp://x', false), /MIZAN_SMS/);
    assert.ok(!describeTransport(smsTransportOf('smpp://mizan:topsecret@smsc.example:2776', false)).includes('topsecret'));
  });

  test('the rate and the days of a link are whole numbers in range', () => {
    assert.deepEqual({ r: smsSettingsOf({}, true).ratePerSecond, d: smsSettingsOf({}, true).invitationDays }, { r: 10, d: 14 });
    assert.throws(() => smsSettingsOf({ MIZAN_INVITATION_DAYS: '0' }, true), /MIZAN_INVITATION_DAYS/);
    assert.throws(() => smsSettingsOf({ MIZAN_SMS_RATE: 'fast' }, true), /MIZAN_SMS_RATE/);
  });
});
