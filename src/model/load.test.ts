import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { repoPath, runCli, tempDir } from '../../test/support/paths.js';
import { readerBeside } from '../cli/files.js';
import { formatProblem, loadDeployment, parseDeployment } from './load.js';

const labPath = repoPath('examples/lab/deployment.yaml');
const lab = readFileSync(labPath, 'utf8');
const readLab = (f: string) => readFileSync(join(dirname(labPath), f));

/** The lab file with one text replacement, which must apply. */
function labWith(from: string | RegExp, to: string): string {
  const out = lab.replace(from, to);
  assert.notEqual(out, lab, `replacement ${String(from)} did not apply`);
  return out;
}

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `no line contains ${needle}`);
  return i + 1;
}

function problemsOf(text: string) {
  const r = parseDeployment(text, 'deployment.yaml');
  assert.equal(r.ok, false, 'expected problems');
  return r.ok ? [] : r.problems;
}

describe('deployment model', () => {
  it('loads the lab example with every certificate', () => {
    const r = loadDeployment(lab, labPath, readLab);
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    const d = r.deployment;
    assert.equal(d.headends[0]?.tunnelGroup.groupUrl, 'https://asav.sckiewer.lab/phone');
    assert.equal(d.headends[0]?.pools[0]?.first, '10.10.1.1');
    assert.equal(d.phones[0]?.mac, '682C7B40B5CE');
    assert.equal(d.cucm.vpnProfile.mtu, 1290);
    assert.equal(r.certs.get('certs/asa-identity-cert.pem')?.[0]?.subjectCN, 'asav.sckiewer.lab');
  });

  it('normalises MAC spellings', () => {
    const r = parseDeployment(labWith('mac: 682C7B40B5CE', 'mac: 68:2c:7b:40:b5:ce'), 'd.yaml');
    assert.ok(r.ok);
    assert.equal(r.deployment.phones[0]?.mac, '682C7B40B5CE');
  });

  it('reads an unquoted all-digit MAC (a YAML number) with its leading zeros', () => {
    const r = parseDeployment(labWith('mac: 682C7B40B5CE', 'mac: 001122334455'), 'd.yaml');
    assert.ok(r.ok);
    assert.equal(r.deployment.phones[0]?.mac, '001122334455');
  });

  it('reports a YAML syntax error with its line', () => {
    const text = labWith('  pools:\n', '  pools: [\n');
    const [p] = problemsOf(text);
    assert.match(p?.message ?? '', /YAML syntax error/);
    assert.ok((p?.line ?? 0) >= lineOf(text, 'pools: ['));
  });

  it('reports an unknown key at the key', () => {
    const text = labWith('    mtu: 1290\n', '    mtu: 1290\n    mtuu: 1300\n');
    const ps = problemsOf(text);
    assert.equal(ps.length, 1);
    assert.equal(ps[0]?.line, lineOf(text, 'mtuu:'));
    assert.equal(ps[0]?.column, 5);
    assert.match(ps[0]?.message ?? '', /unknown key "mtuu"/);
    assert.equal(ps[0]?.path, 'cucm.vpnProfile.mtuu');
  });

  it('reports a bad MAC address', () => {
    const text = labWith('mac: 682C7B40B5CE', 'mac: 682C7B40B5CX');
    const [p] = problemsOf(text);
    assert.equal(p?.line, lineOf(text, 'mac: 682C7B40B5CX'));
    assert.equal(p?.path, 'phones.0.mac');
    assert.match(p?.message ?? '', /MAC address/);
  });

  it('reports a dangling reference (tunnel group naming a pool that does not exist)', () => {
    const text = labWith('addressPool: vpn-phone-pool', 'addressPool: vpn-phone-pol');
    const [p] = problemsOf(text);
    assert.equal(p?.line, lineOf(text, 'addressPool: vpn-phone-pol'));
    assert.equal(p?.column, 18);
    assert.equal(p?.message, 'address pool "vpn-phone-pol" is not defined (pools: vpn-phone-pool)');
  });

  it('reports other dangling references: group policy, VPN group gateway, common phone profile, outside', () => {
    const text = lab
      .replace('groupPolicy: vpn-phone-policy', 'groupPolicy: vpn-phone-pollicy')
      .replace('      - asav.sckiewer.lab\n  commonPhoneProfile', '      - asav\n  commonPhoneProfile')
      .replace('vpnProfile: VPN_Profile\n\nphones', 'vpnProfile: VPN_Profil\n\nphones')
      .replace('outside: outside', 'outside: outsde');
    const messages = problemsOf(text).map((p) => p.message);
    assert.ok(messages.some((m) => m.startsWith('group policy "vpn-phone-pollicy" is not defined')));
    assert.ok(messages.some((m) => m.startsWith('VPN gateway "asav" is not defined')));
    assert.ok(messages.some((m) => m.startsWith('VPN profile "VPN_Profil" is not defined')));
    assert.ok(messages.some((m) => m.startsWith('interface "outsde" is not defined')));
  });

  it('reports an MTU and a fail-to-connect time out of range', () => {
    const text = labWith('mtu: 1290', 'mtu: 1500').replace('failToConnect: 30', 'failToConnect: 601');
    const ps = problemsOf(text);
    assert.deepEqual(
      ps.map((p) => [p.line, p.message]),
      [
        [lineOf(text, 'mtu: 1500'), 'MTU 1500 is out of range (256–1406)'],
        [lineOf(text, 'failToConnect: 601'), 'fail-to-connect 601 s is out of range (0–600)'],
      ],
    );
  });

  it('reports a missing required value and a wrong type', () => {
    const ps = problemsOf(labWith('    authentication: certificate\n', '').replace('mtu: 1290', 'mtu: big'));
    assert.ok(
      ps.some(
        (p) =>
          p.path === 'headend.tunnelGroup.authentication' &&
          p.message === 'is required (one of: certificate, aaa)',
      ),
    );
    assert.ok(ps.some((p) => p.path === 'cucm.vpnProfile.mtu'));
  });

  it('reports authentication that disagrees between headend and VPN profile', () => {
    const ps = problemsOf(
      labWith('clientAuthentication: certificate', 'clientAuthentication: user-password'),
    );
    assert.match(ps[0]?.message ?? '', /disagrees with the tunnel group's "authentication certificate"/);
  });

  it('reports a group-url that no gateway of the VPN group has', () => {
    const ps = problemsOf(
      labWith('groupUrl: https://asav.sckiewer.lab/phone', 'groupUrl: https://asav.sckiewer.lab/phone/'),
    );
    assert.match(ps[0]?.message ?? '', /is the URL of no gateway/);
  });

  it('reports a missing certificate file with its line', () => {
    const text = labWith('        - certs/asa-identity-cert.pem', '        - certs/renewed.pem');
    const r = loadDeployment(text, 'lab.yaml', readLab);
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.equal(r.problems.length, 1);
    assert.equal(r.problems[0]?.line, lineOf(text, 'certs/renewed.pem'));
    assert.match(
      r.problems[0]?.message ?? '',
      /cannot read certificate file "certs\/renewed.pem": no such file/,
    );
  });

  it('reports a file that holds no certificate', () => {
    const r = loadDeployment(lab, 'lab.yaml', () => Buffer.from('not a certificate'));
    assert.equal(r.ok, false);
  });

  it('warns about an uncatalogued model without blocking; like: says what it behaves as', () => {
    const unknown = parseDeployment(labWith('model: "8861"', 'model: "8875"'), 'deployment.yaml');
    assert.ok(unknown.ok);
    assert.equal(unknown.warnings.length, 1);
    assert.match(unknown.warnings[0]?.message ?? '', /"8875" is not in the catalogue.*like: 8865/);
    assert.equal(unknown.warnings[0]?.line, lineOf(lab, 'model: "8861"'));
    const like = parseDeployment(labWith('model: "8861"', 'model: "8875"\n    like: "8865"'), 'd.yaml');
    assert.ok(like.ok);
    assert.deepEqual(like.warnings, []);
    assert.match(
      problemsOf(labWith('model: "8861"', 'model: "8875"\n    like: "9999"'))[0]?.message ?? '',
      /"9999" is not in the phone model catalogue/,
    );
    // An uncatalogued model like a VPN-less one is refused as that one would be.
    assert.match(
      problemsOf(labWith('model: "8861"', 'model: "7912"\n    like: "7911"'))[0]?.message ?? '',
      /has no VPN client/,
    );
  });

  it('rejects a VPN-less phone model', () => {
    assert.match(
      problemsOf(labWith('model: "8861"', 'model: "7911"'))[0]?.message ?? '',
      /has no VPN client/,
    );
  });

  it('gives an empty file one clear problem', () => {
    assert.match(problemsOf('')[0]?.message ?? '', /empty/);
  });
});

describe('vpnphone generate with a bad deployment file', () => {
  it('prints file:line:column and exits 2', () => {
    const r = runCli(['generate', 'asa', '-d', 'test/fixtures/deployments-bad/dangling-pool.yaml']);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.match(
      r.stderr,
      /^vpnphone: test\/fixtures\/deployments-bad\/dangling-pool\.yaml:\d+:\d+: headend\.tunnelGroup\.addressPool: address pool "vpn-phone-pol" is not defined/m,
    );
    assert.match(r.stderr, /1 problem in /);
  });

  it('says which file cannot be read', () => {
    const r = runCli(['generate', 'asa', '-d', 'no/such/deployment.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read no\/such\/deployment.yaml: no such file or directory/);
  });
});

// Regressions from fuzzing (issue 15): each of these ended in an internal error with a stack trace.
describe('YAML the library refuses or cannot hold is a problem at file:line:col', () => {
  const fuzz = (f: string) => readFileSync(repoPath('test/fixtures/fuzz', f), 'utf8');

  it('an alias with no anchor (yaml-unresolved-alias.yaml) names the alias', () => {
    const [p, ...rest] = problemsOf(fuzz('yaml-unresolved-alias.yaml'));
    assert.equal(rest.length, 0);
    assert.equal(
      formatProblem(p ?? assert.fail()),
      'deployment.yaml:3:4: YAML alias *a names no anchor (&a) set before it',
    );
  });

  // Regression (fuzz, issue 15): the library's key check is quadratic (40,000 keys: 146 s); ours is one pass.
  it('a key repeated in a map is a problem at the second one; 20,000 distinct keys give 20 named and a count', () => {
    const [p, ...rest] = problemsOf('name: a\nheadend:\n  kind: asa\n  kind: ocserv\n');
    assert.equal(rest.length, 0);
    assert.equal(
      formatProblem(p ?? assert.fail()),
      'deployment.yaml:4:3: YAML syntax error: Map keys must be unique ("kind" again)',
    );
    const many = `${lab}\n${Array.from({ length: 20_000 }, (_, i) => `x${i}: ${i}`).join('\n')}\n`;
    const problems = problemsOf(many);
    assert.equal(problems.filter((q) => q.message.startsWith('unknown key')).length, 20);
    assert.ok(
      problems.some((q) => q.message === 'and 19980 more unknown keys'),
      problems.map((q) => q.message).join('; '),
    );
  });

  it('a file larger than any deployment (over 1 MiB) is refused before it is parsed', () => {
    const [p] = problemsOf(`${lab}\n${'#'.repeat(1024 * 1024)}\n`);
    assert.match(p?.message ?? '', /larger than any deployment file \(limit 1048576\)/);
  });

  // Regression (fuzz, issue 15, seed 15): 300 KB of repeated `a0:` lines took 1.2 s per parse (the YAML
  // library's time follows its entries, not its bytes); the entry count is bounded before parsing.
  it('a file of more entries than any deployment (deployment-dense-lines.yaml) is refused before parsing', () => {
    const [p, ...rest] = problemsOf(fuzz('deployment-dense-lines.yaml'));
    assert.equal(rest.length, 0);
    // 50,000 entries: the lines so far and the commas of its first flow sequences.
    assert.equal(p?.line, 49_960);
    assert.equal(p?.column, 1);
    assert.equal(
      p?.message,
      'more than 50000 YAML entries (lines and items): larger than any deployment file',
    );
    // Items after commas count too: one line of a flow sequence is no way around the bound.
    assert.equal(
      problemsOf(`${lab}
x: [${'1,'.repeat(60_000)}]
`)[0]?.message,
      p?.message,
    );
  });

  it('a deployment of 8,000 phones is still read (the entry bound refuses no real file)', () => {
    const phones = Array.from(
      { length: 8_000 },
      (_, i) =>
        `  - mac: AA${i.toString(16).toUpperCase().padStart(10, '0')}\n    model: "8861"\n    tftp: 172.16.100.10\n    description: home, ${i}`,
    );
    const text = `${lab.replace(/\nphones:[\s\S]*$/, '\n')}phones:\n${phones.join('\n')}\n`;
    const r = parseDeployment(text, 'deployment.yaml');
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).slice(0, 3).join('; '));
    assert.equal(r.deployment.phones.length, 8_000);
  });

  it('an alias bomb (yaml-alias-bomb-min.yaml) is refused at its first alias', () => {
    const [p] = problemsOf(fuzz('yaml-alias-bomb-min.yaml'));
    assert.equal(p?.line, 4);
    assert.equal(p?.column, 10);
    assert.match(p?.message ?? '', /^YAML aliases expand to too many nodes \(limit 100\)/);
  });

  it('thousands of compact mappings on one line (yaml-stack-overflow*.yaml) are nesting too deep', () => {
    for (const f of ['yaml-stack-overflow.yaml', 'yaml-stack-overflow-cli.yaml']) {
      const [p, ...rest] = problemsOf(fuzz(f));
      assert.equal(rest.length, 0, f);
      assert.equal(p?.line, f.endsWith('cli.yaml') ? 3 : 1, f);
      assert.equal(p?.message, 'YAML nested deeper than 64 levels', f);
    }
  });

  it('flow collections 100,000 deep are nesting too deep, not a stack overflow', () => {
    const [p] = problemsOf(`headend: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
    assert.deepEqual([p?.line, p?.column, p?.message], [1, 72, 'YAML nested deeper than 64 levels']);
  });

  it('the 8-byte `foo: *a` a doctor folder held (doctor-folder/notes.yaml) is a problem, not a crash', () => {
    const [p] = problemsOf(fuzz('doctor-folder/notes.yaml'));
    assert.equal(
      formatProblem(p ?? assert.fail()),
      'deployment.yaml:1:6: YAML alias *a names no anchor (&a) set before it',
    );
  });

  it('generate, audit and serve with -d exit 2 and print the position, no stack trace', () => {
    for (const args of [
      ['generate', 'asa', '-d', 'test/fixtures/fuzz/yaml-unresolved-alias.yaml'],
      ['audit', '-d', 'test/fixtures/fuzz/yaml-alias-bomb-min.yaml', 'examples/audit/lab'],
      [
        'serve',
        '-d',
        'test/fixtures/fuzz/yaml-stack-overflow-cli.yaml',
        '--tftp-port',
        '0',
        '--http-port',
        '0',
      ],
    ]) {
      const r = runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(
        r.stderr,
        /^vpnphone: test\/fixtures\/fuzz\/yaml-[a-z-]+\.yaml:\d+:\d+: YAML /,
        args.join(' '),
      );
      assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, args.join(' '));
    }
  });
});

describe('certificate files a deployment names are read only when regular and small', () => {
  const devzero = () => readFileSync(repoPath('test/fixtures/fuzz/deployment-devzero.yaml'), 'utf8');

  it('/dev/zero as a certificate (deployment-devzero.yaml) is "not a regular file", read by the CLI reader', () => {
    const r = loadDeployment(
      devzero(),
      'deployment.yaml',
      readerBeside(repoPath('test/fixtures/fuzz/x.yaml')),
    );
    assert.equal(r.ok, false);
    const lines = r.ok ? [] : r.problems.map(formatProblem);
    assert.equal(lines.length, 2);
    assert.match(
      lines[0] ?? '',
      /^deployment\.yaml:36:18: headend\.identity\.certificate: cannot read certificate file "\/dev\/zero": not a regular file \(a device or socket\)$/,
    );
  });

  it('a FIFO as a certificate is refused at once, never waited on', () => {
    const { dir, cleanup } = tempDir();
    try {
      const fifo = join(dir, 'gw.pem');
      const made = spawnSync('mkfifo', [fifo]);
      if (made.status !== 0) return; // no mkfifo on this system: nothing to test
      const r = loadDeployment(
        devzero().replaceAll('/dev/zero', 'gw.pem'),
        join(dir, 'd.yaml'),
        readerBeside(join(dir, 'd.yaml')),
      );
      assert.equal(r.ok, false);
      assert.match(
        r.ok ? '' : (r.problems[0]?.message ?? ''),
        /cannot read certificate file "gw\.pem": not a regular file \(a FIFO\)/,
      );
    } finally {
      cleanup();
    }
  });

  it('generate asa -d with /dev/zero exits 2 with the position', () => {
    const r = runCli(['generate', 'asa', '-d', 'test/fixtures/fuzz/deployment-devzero.yaml']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /deployment-devzero\.yaml:36:18: .*not a regular file/);
  });
});

describe('deployment model: several headends', () => {
  const boPath = repoPath('examples/branch-office/deployment.yaml');
  const bo = readFileSync(boPath, 'utf8');
  const boWith = (from: string | RegExp, to: string): string => {
    const out = bo.replace(from, to);
    assert.notEqual(out, bo, `replacement ${String(from)} did not apply`);
    return out;
  };
  const messages = (text: string) =>
    problemsOf(text).map((p) => `${p.line}:${p.column}: ${p.path}: ${p.message}`);

  it('loads the two-headend branch office: one list, each gateway naming its headend', () => {
    const r = loadDeployment(bo, boPath, (f) => readFileSync(join(dirname(boPath), f)));
    assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
    assert.deepEqual(
      r.deployment.headends.map((h) => [h.name, h.hostname, h.tunnelGroup.groupUrl]),
      [
        ['vpn1', 'branch-asa1', 'https://vpn1.branch.example/phones'],
        ['vpn2', 'branch-asa2', 'https://vpn2.branch.example/phones'],
      ],
    );
    assert.deepEqual(
      r.deployment.cucm.vpnGateways.map((g) => [g.name, g.headend]),
      [
        ['vpn1', 'vpn1'],
        ['vpn2', 'vpn2'],
      ],
    );
  });

  it('the one-headend form is the same list of one, its gateway found by URL', () => {
    const r = parseDeployment(lab, 'deployment.yaml');
    assert.ok(r.ok);
    assert.equal(r.deployment.headendKey, 'headend');
    assert.equal(r.deployment.headends.length, 1);
    assert.equal(r.deployment.cucm.vpnGateways[0]?.headend, r.deployment.headends[0]?.name);
  });

  it('a gateway naming no headend is a problem at its headend: key', () => {
    const text = boWith('      headend: vpn2\n', '      headend: vpn3\n');
    assert.deepEqual(messages(text), [
      `${lineOf(text, '  - name: vpn2')}:11: headends.1.name: headend "vpn2" serves no VPN gateway (no gateway names it)`,
      `${lineOf(text, 'headend: vpn3')}:16: cucm.vpnGateways.1.headend: headend "vpn3" is not defined (headends: vpn1, vpn2)`,
    ]);
  });

  it('two gateways on one URL are a problem at the second URL', () => {
    const text = boWith(
      '      url: https://vpn2.branch.example/phones\n      headend: vpn2\n',
      '      url: https://vpn1.branch.example/phones\n      headend: vpn1\n',
    );
    const ms = messages(text);
    assert.ok(
      ms.some((m) =>
        /cucm\.vpnGateways\.1\.url: gateway "vpn2" has the URL of gateway "vpn1": one URL per gateway/.test(
          m,
        ),
      ),
      ms.join('\n'),
    );
    // vpn2's headend is now the URL of no gateway: said at its group-url.
    assert.ok(
      ms.some((m) =>
        /headends\.1\.tunnelGroup\.groupUrl: group-url https:\/\/vpn2\S+ is the URL of no gateway/.test(m),
      ),
    );
  });

  it('a group-url no gateway has, and a gateway left without its headend, are problems with positions', () => {
    const text = boWith(
      '      groupUrl: https://vpn2.branch.example/phones',
      '      groupUrl: https://vpn3.branch.example/phones',
    ).replace('      headend: vpn2\n', '');
    const ms = messages(text);
    assert.ok(
      ms.includes(
        `${lineOf(text, 'vpn3.branch.example')}:17: headends.1.tunnelGroup.groupUrl: group-url https://vpn3.branch.example/phones is the URL of no gateway in VPN group "Branch-VPN-Group" (phones would never reach this headend)`,
      ),
      ms.join('\n'),
    );
    assert.ok(
      ms.some((m) =>
        /cucm\.vpnGateways\.1\.url: gateway "vpn2": name the headend serving https:\/\/vpn2\.branch\.example\/phones \(headend: NAME; headends: vpn1, vpn2\)/.test(
          m,
        ),
      ),
      ms.join('\n'),
    );
  });

  it('a gateway naming the wrong headend for its URL is a problem', () => {
    const text = boWith('      headend: vpn2\n', '      headend: vpn1\n');
    const ms = messages(text);
    assert.ok(
      ms.some((m) =>
        /gateway "vpn2" names headend "vpn1", whose group-url is https:\/\/vpn1\.branch\.example\/phones/.test(
          m,
        ),
      ),
      ms.join('\n'),
    );
  });

  it('headend: and headends: together, or neither, is one problem', () => {
    const labHeadend = lab.slice(lab.indexOf('\nheadend:\n') + 1, lab.indexOf('\ncucm:\n') + 1);
    const both = bo.replace('\ncucm:\n', `\n${labHeadend}cucm:\n`);
    assert.deepEqual(
      problemsOf(both).map((p) => p.message),
      ['write headend: (one) or headends: (a list), not both'],
    );
    const neither = bo.replace(/^headends:\n[\s\S]*?\ncucm:/m, 'cucm:');
    assert.match(problemsOf(neither)[0]?.message ?? '', /is required \(or headends:, a list of headends\)/);
  });

  it('two headends of one name are a problem at the second', () => {
    const text = boWith('  - name: vpn2\n', '  - name: vpn1\n');
    assert.ok(
      messages(text).includes(
        `${lineOf(text, 'hostname: branch-asa2') - 2}:11: headends.1.name: duplicate headend name "vpn1"`,
      ),
      messages(text).join('\n'),
    );
  });

  it('problems inside a listed headend point at headends.N', () => {
    const text = boWith(
      '      addressPool: phones-pool\n      groupPolicy: phones-policy\n      groupUrl: https://vpn2',
      '      addressPool: phone-pool\n      groupPolicy: phones-policy\n      groupUrl: https://vpn2',
    );
    assert.deepEqual(messages(text), [
      `${lineOf(text, 'addressPool: phone-pool')}:20: headends.1.tunnelGroup.addressPool: address pool "phone-pool" is not defined (pools: phones-pool, laptops-pool)`,
    ]);
  });
});
