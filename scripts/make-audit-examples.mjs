// Writes examples/audit/<case>/ from the seed's lab (run after `npm run build`; the outputs are committed).
// Certificates that a case needs beyond the lab's own are made once and kept in scripts/audit-examples/, so
// a second run writes the same bytes (test/audit-examples.test.ts regenerates into a temporary folder and
// compares). `node scripts/make-audit-examples.mjs [OUT_DIR]` (default examples/audit).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generatePhoneConfig } from '../dist/src/cucm/phone-config.js';
import { loadDeployment } from '../dist/src/model/load.js';
import { readCertificates } from '../dist/src/pki/cert.js';
import { createSelfSignedIdentity } from '../dist/src/pki/create.js';

const root = new URL('..', import.meta.url).pathname;
const lab = join(root, 'examples/lab');
const out = process.argv[2] ? resolve(process.argv[2]) : join(root, 'examples/audit');
const kept = join(root, 'scripts/audit-examples');
const text = readFileSync(join(lab, 'deployment.yaml'), 'utf8');
const r = loadDeployment(text, 'deployment.yaml', (f) => readFileSync(join(lab, f)));
if (!r.ok) throw new Error(JSON.stringify(r.problems));
const loaded = { deployment: r.deployment, certs: r.certs };
const phone = r.deployment.phones[0];
const labCert = readCertificates(readFileSync(join(lab, 'certs/asa-identity-cert.pem')))[0];

/** The ASA's hex dump of a certificate in `show running-config`: 8 words of 4 bytes per line. */
function hexDump(der) {
  const hex = Buffer.from(der).toString('hex');
  const words = hex.match(/.{1,8}/g) ?? [];
  const lines = [];
  for (let i = 0; i < words.length; i += 8) lines.push(`    ${words.slice(i, i + 8).join(' ')}`);
  return lines.join('\n');
}

const SAFE = 'AES256-SHA:AES128-SHA:AES256-GCM-SHA384:AES256-SHA256:AES128-GCM-SHA256:AES128-SHA256';

function runningConfig(o = {}) {
  const pool = o.pool ?? 'vpn-phone-pool';
  const url = o.groupUrl ?? 'https://asav.sckiewer.lab/phone';
  const idTp = o.identityTrustpoint ?? 'asa-identity-cert';
  const chains = o.chains ?? [{ tp: 'asa-identity-cert', cert: labCert }];
  const micTps = o.micTrustpoints ?? ['Cisco_Root_CA_M2', 'Cisco_Manufacturing_CA_SHA2'];
  const ciphers =
    o.ciphers ??
    ['tlsv1', 'tlsv1.1', 'tlsv1.2', 'dtlsv1'].map((v) => `ssl cipher ${v} custom "${SAFE}"`).join('\n');
  const trustpoints = chains
    .map(
      (c) => `crypto ca trustpoint ${c.tp}
 enrollment self
 subject-name CN=asav.sckiewer.lab
 keypair ${c.tp}
 crl configure`,
    )
    .join('\n');
  const micBlocks = micTps
    .map((t) => `crypto ca trustpoint ${t}\n enrollment terminal\n crl configure`)
    .join('\n');
  const chainBlocks = chains
    .map(
      (c) => `crypto ca certificate chain ${c.tp}
 certificate ${c.cert.serialNumber.toLowerCase()}
${hexDump(c.cert.der)}
  quit`,
    )
    .join('\n');
  return `: Saved

:
: Serial Number: 9ADV693LPEL
: Hardware:   ASAv, 2048 MB RAM, CPU Xeon 4100/6100/8100 series 2200 MHz
:
ASA Version ${o.version ?? '9.12(2)9'}
!
hostname sckiewer-ASAv
enable password ***** pbkdf2
names
ip local pool ${pool} 10.10.1.1-10.10.1.254 mask 255.255.255.0

!
interface GigabitEthernet0/0
 nameif outside
 security-level 0
 ip address 172.16.1.250 255.255.255.0
!
interface GigabitEthernet0/1
 nameif inside
 security-level 100
 ip address 172.16.100.250 255.255.255.0
!
interface Management0/0
 no nameif
 no security-level
 no ip address
!
ftp mode passive
dns domain-lookup inside
dns server-group DefaultDNS
 name-server 172.16.100.10
 domain-name sckiewer.lab
pager lines 23
mtu outside 1500
mtu inside 1500
no failover
icmp unreachable rate-limit 1 burst-size 1
no asdm history enable
arp timeout 14400
route outside 0.0.0.0 0.0.0.0 172.16.1.1 1
timeout xlate 3:00:00
user-identity default-domain LOCAL
aaa authentication login-history
http server enable
http 172.16.100.0 255.255.255.0 inside
no snmp-server location
no snmp-server contact
${trustpoints}
${micBlocks}
${chainBlocks}
telnet timeout 5
ssh stricthostkeycheck
ssh timeout 5
ssh key-exchange group dh-group1-sha1
console timeout 0
threat-detection basic-threat
threat-detection statistics access-list
no threat-detection statistics tcp-intercept
${o.sslTrustPoint ?? `ssl trust-point ${idTp} outside`}
${ciphers}
webvpn
 enable outside
 anyconnect enable
 tunnel-group-list enable
group-policy ${o.groupPolicy ?? 'vpn-phone-policy'} internal
group-policy ${o.groupPolicy ?? 'vpn-phone-policy'} attributes
 split-tunnel-policy tunnelall
 vpn-tunnel-protocol ${o.tunnelProtocol ?? 'ssl-client'}
dynamic-access-policy-record DfltAccessPolicy
username admin password ***** pbkdf2 privilege 15
tunnel-group vpn-phone-group type remote-access
tunnel-group vpn-phone-group general-attributes
 address-pool ${o.tgPool ?? 'vpn-phone-pool'}
 default-group-policy vpn-phone-policy
tunnel-group vpn-phone-group webvpn-attributes
 authentication ${o.authentication ?? 'certificate'}
 group-url ${url} enable
!
class-map inspection_default
 match default-inspection-traffic
!
policy-map global_policy
 class inspection_default
  inspect dns preset_dns_map
  inspect ftp
!
service-policy global_policy global
prompt hostname context
Cryptochecksum:1d5b3e0c48f5b8e2d08c2f0a1b3c4d5e
: end
`;
}

const showVersion = (v = '9.12(2)9', phoneLicense = 'Enabled') => `sckiewer-ASAv# show version

Cisco Adaptive Security Appliance Software Version ${v}
Firepower Extensible Operating System Version 2.6(1.141)
Device Manager Version 7.12(2)

Compiled on Wed 20-Nov-19 10:53 PST by builders
System image file is "boot:/asa9122-9-smp-k8.bin"
Config file at boot was "startup-config"

sckiewer-ASAv up 4 days 2 hours

[output omitted]
Licensed features for this platform:
Maximum VLANs : 50
Inside Hosts : Unlimited
Failover : Active/Standby
Encryption-DES : Enabled
Encryption-3DES-AES : Enabled
Security Contexts : 0
Carrier : Enabled
AnyConnect Premium Peers : 250
AnyConnect Essentials : Disabled
Other VPN Peers : 250
Total VPN Peers : 250
AnyConnect for Mobile : Enabled
AnyConnect for Cisco VPN Phone : ${phoneLicense}
Advanced Endpoint Assessment : Enabled
Shared License : Disabled
Total TLS Proxy Sessions : 500
Botnet Traffic Filter : Enabled
Cluster : Disabled
`;

const showIp = `sckiewer-ASAv# show ip
System IP Addresses:
Interface Name IP address Subnet mask Method
GigabitEthernet0/0 outside 172.16.1.250 255.255.255.0 CONFIG
GigabitEthernet0/1 inside 172.16.100.250 255.255.255.0 CONFIG
Current IP Addresses:
Interface Name IP address Subnet mask Method
GigabitEthernet0/0 outside 172.16.1.250 255.255.255.0 CONFIG
GigabitEthernet0/1 inside 172.16.100.250 255.255.255.0 CONFIG
`;

const sessiondb = `sckiewer-ASAv# show vpn-sessiondb anyconnect
Session Type: AnyConnect
Username      : CP-8861-SEP682C7B40B5CE
Index        : 3
Assigned IP   : 10.10.1.131      Public IP    : 192.168.1.52
Protocol      : AnyConnect-Parent SSL-Tunnel DTLS-Tunnel
License       : AnyConnect Premium, AnyConnect for Cisco VPN Phone
Encryption    : AnyConnect-Parent: (1)AES256 SSL-Tunnel: (1)AES256 DTLS-Tunnel: (1)AES256
Hashing       : AnyConnect-Parent: (1)SHA1 SSL-Tunnel: (1)SHA1 DTLS-Tunnel: (1)SHA1
Bytes Tx      : 4275771          Bytes Rx     : 32476192
Group Policy  : vpn-phone-policy Tunnel Group : vpn-phone-group
Login Time    : 01:07:39 UTC Fri Mar 27 2020
Duration      : 4d 1h:56m:42s
Inactivity    : 0h:00m:00s
VLAN Mapping  : N/A              VLAN         : none
Audt Sess ID  : 0e3051fa000030005e7d51db
Security Grp  : none
`;

const phoneXml = generatePhoneConfig(loaded, phone);
const phoneFile = `SEP${phone.mac}.cnf.xml`;

function write(name, files, readme) {
  const dir = join(out, name);
  mkdirSync(dir, { recursive: true });
  for (const [f, body] of Object.entries(files)) writeFileSync(join(dir, f), body);
  writeFileSync(join(dir, 'README.md'), readme);
}

write(
  'lab',
  {
    'running-config.txt': runningConfig(),
    'show-version.txt': showVersion(),
    'show-ip.txt': showIp,
    [phoneFile]: phoneXml,
  },
  `# The seed's lab, clean

The technote's lab (ASAv 9.12(2)9, one 8861 with its MIC, certificate authentication) as it runs after
\`vpnphone generate asa -d examples/lab/deployment.yaml\`: the seed's configuration plus the identity
certificate chain, the SHA-256 MIC trustpoints and \`ssl cipher ... custom\` without EC suites.
The phone configuration is what \`vpnphone generate phone-config\` writes for SEP${phone.mac}.

    vpnphone audit examples/audit/lab
    vpnphone audit examples/audit/lab --deployment examples/lab/deployment.yaml   # no drift

Expected: no error and no warning; information only (\`hostname-needs-dns\`, \`alternate-tftp-required\`).
`,
);

write(
  'pool-typo',
  { 'running-config.txt': runningConfig({ tgPool: 'vpn-phone-pol' }), [phoneFile]: phoneXml },
  `# A typo in the address pool name

\`tunnel-group vpn-phone-group general-attributes\` names \`address-pool vpn-phone-pol\`, but the pool is
\`ip local pool vpn-phone-pool ...\`. The ASA accepts the line; phones get no address.

Expected: \`undefined-reference\` (error) naming the line, with the fix \`address-pool vpn-phone-pool\`.
`,
);

write(
  'group-url-mismatch',
  {
    'running-config.txt': runningConfig({ groupUrl: 'https://asav.sckiewer.lab/phones' }),
    [phoneFile]: phoneXml,
  },
  `# Group URL mismatch

The ASA's tunnel group has \`group-url https://asav.sckiewer.lab/phones enable\`; CUCM's VPN gateway (and so
the phone configuration's \`<url1>\`) says \`https://asav.sckiewer.lab/phone\`. Phones land in the default
tunnel group.

Expected: \`group-url-mismatch\` (error) quoting both lines.
`,
);

/** A certificate kept in scripts/audit-examples/NAME, made by `create` the first time (its key is not kept). */
async function keptCertificate(name, create) {
  const file = join(kept, name);
  if (!existsSync(file)) {
    mkdirSync(kept, { recursive: true });
    writeFileSync(file, (await create()).certPem);
  }
  return readCertificates(readFileSync(file))[0];
}

const renewedInfo = await keptCertificate('renewed-cert.pem', () =>
  createSelfSignedIdentity({
    subject: 'CN=asav.sckiewer.lab',
    notBefore: new Date('2026-01-05T00:00:00Z'),
    days: 3650,
    serialNumber: '5e7d51db0a0b0c0d',
  }),
);
write(
  'renewed-cert',
  {
    'running-config.txt': runningConfig({
      identityTrustpoint: 'asa-identity-cert-2',
      chains: [
        { tp: 'asa-identity-cert', cert: labCert },
        { tp: 'asa-identity-cert-2', cert: renewedInfo },
      ],
    }),
    [phoneFile]: phoneXml,
  },
  `# Renewed certificate missing from the phone configuration

Step 8 of the renewal procedure was done before steps 3–7: the ASA presents the new certificate
(\`ssl trust-point asa-identity-cert-2 outside\`), but CUCM's gateway, and so the phone's \`<certHash1>\`,
still holds only the old one. Phones fail at their next reconnect, days or weeks later.

Expected: \`gateway-cert-not-trusted\` (error), quoting the certificate from the running configuration's
\`crypto ca certificate chain asa-identity-cert-2\` and the phone's certHash.
`,
);

write(
  'ec-cipher-risk',
  {
    'running-config.txt': runningConfig({ ciphers: '' }),
    'show-version.txt': showVersion(),
    [phoneFile]: phoneXml,
  },
  `# ASA 9.12 with default ciphers and an RSA certificate

No \`ssl cipher\` lines: ASA 9.12 (≥ 9.4) allows ECDHE suites and, with an RSA identity certificate,
may pick one and present a temporary self-signed EC certificate that the phones do not trust
(CSCuu02848, the seed's "ASA chooses an elliptic-curve cipher").

Expected: \`ec-cipher-risk\` (warning) with the exact \`ssl cipher tlsv1|tlsv1.1|tlsv1.2|dtlsv1 custom\` lines.
`,
);

write(
  'dtls-cipher-mismatch',
  {
    'running-config.txt': runningConfig({
      ciphers: [
        'ssl cipher tlsv1 custom "AES256-SHA:AES128-SHA"',
        'ssl cipher tlsv1.1 custom "AES256-SHA:AES128-SHA"',
        'ssl cipher tlsv1.2 custom "AES256-SHA:AES128-SHA"',
        'ssl cipher dtlsv1 custom "AES128-SHA"',
      ].join('\n'),
    }),
    'show-version.txt': showVersion(),
    [phoneFile]: phoneXml,
  },
  `# TLS and DTLS cipher lists that do not overlap

The 8861 settles on AES256-SHA for TLS (the ASA's order), but \`ssl cipher dtlsv1 custom "AES128-SHA"\`
allows only AES128-SHA for DTLS: the seed's "x-dtls-ciphersuite: AES128-SHA" case, where DTLS aborts
in setup and voice falls back to TCP.

Expected: \`dtls-tls-cipher-mismatch\` (error).
`,
);

write(
  'missing-mic-trustpoint',
  {
    'running-config.txt': runningConfig({ micTrustpoints: ['Cisco_Root_CA_M2'] }),
    'show-vpn-sessiondb.txt': sessiondb,
  },
  `# Missing Cisco_Manufacturing_CA_SHA2 for 88xx MIC phones

Certificate authentication, and \`show vpn-sessiondb anyconnect\` shows an 8861 (\`CP-8861-SEP...\`), whose
manufacturer certificate (MIC) is issued by Cisco Manufacturing CA SHA2. The ASA has a trustpoint for
the root (Cisco_Root_CA_M2) but none for the intermediate.

Expected: \`phone-ca-trustpoint-missing\` (error) with the \`crypto ca trustpoint Cisco_Manufacturing_CA_SHA2\`
commands.
`,
);

const capture = [
  showVersion().trimEnd(),
  '',
  `sckiewer-ASAv# show running-config`,
  runningConfig().trimEnd(),
  showIp.trimEnd(),
  sessiondb.trimEnd(),
  'sckiewer-ASAv# show clock',
  '08:12:45.123 UTC Fri Nov 27 2026',
  'sckiewer-ASAv# ',
  '',
].join('\n');
write(
  'capture',
  { 'terminal-capture.log': capture, [phoneFile]: phoneXml },
  `# A terminal capture of several show commands

One file holding \`show version\`, \`show running-config\`, \`show ip\`, \`show vpn-sessiondb anyconnect\` and
\`show clock\`, as an SSH session log records them. The audit splits it at the prompt lines
(\`sckiewer-ASAv# show ...\`) and reads each command's output with its own parser; line numbers in the
evidence are the capture's.

Expected: clean like the lab (no error, no warning); \`show clock\` is reported as \`unrecognized-input\` (info).
`,
);
console.log('examples written to', out);
