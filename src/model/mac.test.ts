// MAC spellings: the deployment schema and the command line accept the same ones.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseMac } from './mac.js';
import { schemas } from './schema.js';

test('parseMac and macSchema agree on every spelling', () => {
  const cases: [string, string | undefined][] = [
    ['682c7b40b5ce', '682C7B40B5CE'],
    ['68:2c:7b:40:b5:ce', '682C7B40B5CE'],
    ['682c.7b40.b5ce', '682C7B40B5CE'],
    ['SEP682C7B40B5CE', '682C7B40B5CE'],
    ['68-2C-7B-40-B5-CE', '682C7B40B5CE'],
    ['682C7B40B5C', undefined],
    ['SEPZZ2C7B40B5CE', undefined],
    ['', undefined],
  ];
  for (const [input, want] of cases) {
    assert.equal(parseMac(input), want, input);
    const z = schemas().macSchema.safeParse(input);
    assert.equal(z.success ? z.data : undefined, want, input);
  }
});
