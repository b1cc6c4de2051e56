import assert from 'node:assert/strict';
import { test } from 'node:test';
import { itemLabel } from '../../web/src/lib/aid-item.js';

const arabicDigits = (x: number) => x.toLocaleString('ar-EG');

test('an in-kind aid without an item name is named by its aid type in the reader’s language', () => {
  assert.equal(itemLabel({ item: null, quantity: null }, 'in_kind', 'ثلاجة', arabicDigits), 'ثلاجة');
  assert.equal(itemLabel({ item: '  ', quantity: 2 }, 'in_kind', 'یخچال', String), 'یخچال × 2');
  assert.equal(itemLabel({ item: null, quantity: 3 }, 'in_kind', 'ثلاجة', arabicDigits), 'ثلاجة × ٣');
});

test('a named item keeps its name; cash and services without an item show none', () => {
  assert.equal(itemLabel({ item: 'Samsung fridge', quantity: 1 }, 'in_kind', 'Refrigerator', String), 'Samsung fridge × 1');
  assert.equal(itemLabel({ item: null, quantity: null }, 'cash', 'Rent assistance', String), null);
  assert.equal(itemLabel({ item: null, quantity: null }, 'service', 'Tutoring', String), null);
  assert.equal(itemLabel({ item: null, quantity: null }, undefined, 'refrigerator', String), null, 'the catalogue not loaded yet: no guess');
});
