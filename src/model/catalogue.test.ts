// The phone model catalogue: names as they appear in real files, load names, and a source for every fact.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelFromLoad, modelOfPhone, normalizeModelName, phoneModel, phoneModels } from './catalogue.js';

describe('phone model names as they appear', () => {
  it('reads CUCM, sessiondb, product-number and prose spellings as one model', () => {
    const cases: [string, string | undefined][] = [
      ['7962G', '7962'],
      ['CP-7962G', '7962'],
      ['Cisco 7975', '7975'],
      ['Cisco Unified IP Phone 7975G', '7975'],
      ['Cisco 7941G-GE', '7941'],
      ['8865NR', '8865'],
      ['CP-8851NR-K9=', '8851'],
      ['Cisco IP Phone 8841', '8841'],
      ['cisco ip conference phone 8832', '8832'],
      ['7832', '7832'],
      [' cp-8861-k9 ', '8861'],
      ['8875', undefined],
      ['SEP682C7B40B5CE', undefined],
    ];
    for (const [name, want] of cases) assert.equal(phoneModel(name)?.model, want, name);
    assert.equal(normalizeModelName('CP-8865NR-K9='), '8865NR');
  });

  it('says what an uncatalogued model behaves as with like:', () => {
    assert.equal(modelOfPhone({ model: '8875', like: '8865' })?.model, '8865');
    assert.equal(modelOfPhone({ model: '8875' }), undefined);
    assert.equal(modelOfPhone({ model: 'CP-7975G', like: '8865' })?.model, '7975');
  });

  it('finds the model of a load name: SCCP/SIP nn for 79xx, the series load for 88xx', () => {
    assert.equal(modelFromLoad('SCCP75.9-4-2SR3-1S')?.model.model, '7975');
    assert.equal(modelFromLoad('sip75.9-4-2SR4')?.model.model, '7975');
    assert.deepEqual(modelFromLoad('SCCP42.9-4-2-1S')?.family, ['7942', '7962']);
    const m88 = modelFromLoad('sip88xx.14-1-1-0001-136');
    assert.equal(m88?.model.series, '8800');
    assert.ok(m88?.family.includes('8861'));
    assert.deepEqual(modelFromLoad('sip8845_65.14-1-1')?.family, ['8845', '8865']);
    assert.match(modelFromLoad('SCCP75.9-4-2SR3-1S')?.why ?? '', /sccp75 load of the 7975/);
    assert.equal(modelFromLoad('LOADS FILE'), undefined);
    assert.equal(modelFromLoad(''), undefined);
  });

  it('gives every fact of every model a source (or says unknown), and the 7975 speaks TLS 1.0 only', () => {
    for (const m of phoneModels())
      for (const k of [
        'vpnClient',
        'tlsVersions',
        'micChain',
        'tlsCiphers',
        'dtlsCiphers',
        'loadFamily',
      ] as const)
        assert.ok(m[k].source.length > 0, `${m.model}.${k}`);
    const m7975 = phoneModel('7975');
    assert.deepEqual(m7975?.tlsVersions.value, ['TLSv1']);
    assert.ok(!m7975?.tlsCiphers.value.some((c) => c.startsWith('ECDHE')));
    // No load prefix belongs to two series.
    const owner = new Map<string, string>();
    for (const m of phoneModels())
      for (const l of m.loadFamily.value) {
        assert.ok(owner.get(l) === undefined || owner.get(l) === m.series, l);
        owner.set(l, m.series);
      }
  });
});
