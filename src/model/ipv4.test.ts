// IPv4 helpers: round trip, unsigned results, netmask shape.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { intToIpv4, ipv4ToInt, isContiguousMask } from './ipv4.js';

test('ipv4ToInt is unsigned and intToIpv4 inverts it', () => {
  assert.equal(ipv4ToInt('255.255.255.255'), 0xffffffff);
  assert.equal(ipv4ToInt('192.0.2.1'), 3221225985);
  assert.equal(intToIpv4(ipv4ToInt('172.16.100.7') & ipv4ToInt('255.255.255.0')), '172.16.100.0');
});

test('isContiguousMask accepts prefix masks only', () => {
  for (const m of ['255.255.255.0', '255.255.255.255', '0.0.0.0', '255.255.252.0'])
    assert.equal(isContiguousMask(m), true, m);
  for (const m of ['255.0.255.0', '255.255.255.1', '0.255.255.255'])
    assert.equal(isContiguousMask(m), false, m);
});
