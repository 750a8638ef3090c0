// Tests for the nesting bound checked before deployment YAML is parsed (fuzz findings, issue 15).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_YAML_DEPTH, yamlDepthExcess } from './yaml-limits.js';

test('a deployment-shaped file is well within the bound', () => {
  const text =
    'headend:\n  kind: asa\n  pools:\n    - name: p\n      range: [10.0.0.1, 10.0.0.9]\n  identity:\n    pem: |\n      [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n  x: "a: b: [c"\n';
  assert.equal(yamlDepthExcess(text), undefined);
});

test('compact mappings on one line (a: b: c: ...) past the bound are found at their column', () => {
  const excess = yamlDepthExcess(`cucm:\n    - name: vpn1${'VPNC: '.repeat(2_000)}\n`);
  assert.equal(excess?.line, 2);
  assert.ok(excess && excess.depth === MAX_YAML_DEPTH + 1);
});

test('flow collections nested 1,000,000 deep, across lines, are found without recursion', {
  timeout: 20_000,
}, () => {
  const excess = yamlDepthExcess(`a:\n${'[\n'.repeat(1_000_000)}`);
  assert.equal(excess?.line, MAX_YAML_DEPTH + 1);
  assert.equal(excess?.column, 1);
});

test('increasing indentation and compact sequences count as levels; quoted brackets do not', () => {
  const lines: string[] = [];
  for (let i = 0; i < 200; i++) lines.push(`${' '.repeat(i)}k${i}:`);
  assert.equal(yamlDepthExcess(lines.join('\n'))?.line, MAX_YAML_DEPTH);
  assert.ok(yamlDepthExcess(`x: ${'- '.repeat(100)}a`));
  assert.equal(
    yamlDepthExcess(`x: '${'['.repeat(100)}'\ny: "${'{'.repeat(100)}"\n# ${'['.repeat(100)}\n`),
    undefined,
  );
});
