// deployment-drift: where the running configuration differs from what the deployment file describes.
import { cipherVersionsFor, PHONE_SAFE_CIPHERS, phoneCaTrustpointsFor } from '../../asa/generate.js';
import { effectiveGroupPolicy, type Loc } from '../../asa/running-config.js';
import { I } from '../../findings/entry.js';
import { type Draft, draft } from '../../findings/finding.js';
import { headendNames } from '../../model/headends.js';
import { defineCheck, notChecked } from '../define.js';
import { asaVersion, deploymentHeadend } from '../derive.js';
import { ev } from '../facts.js';

export const deploymentDrift = defineCheck({
  id: 'deployment-drift',
  needs: 'running configuration + deployment',
  run(f) {
    if (!f.deployment) return notChecked('needs --deployment');
    if (!f.asa) return notChecked('needs the ASA running configuration to compare with the deployment');
    const d = f.deployment.value.deployment;
    const h = deploymentHeadend(f);
    if (!h)
      return notChecked(
        `the deployment names no headend with this configuration's hostname or group-url (headends: ${headendNames(d)})`,
      );
    if (h.kind !== 'asa') return notChecked('the deployment describes an ocserv headend');
    const cfg = f.asa.value;
    const src = f.asa.source;
    const dsrc = f.deployment.source;
    const out: Draft[] = [];
    const evidence = (expected: string, actual: Loc | undefined) => [
      ev(src, actual, `(missing) ${expected}`),
      { source: dsrc, text: expected },
    ];
    /** `apply`: the lines that make the running configuration what the deployment says. */
    const drift = (what: string, expected: string, actual: Loc | undefined, apply: string[]) => {
      out.push(
        draft(
          'deployment-drift',
          { kind: 'lines', what, expected, present: actual !== undefined, apply },
          evidence(expected, actual),
        ),
      );
    };
    const tg = h.tunnelGroup;

    if (cfg.interfaces.length > 0)
      for (const i of h.interfaces) {
        const itf = cfg.interfaces.find((x) => x.nameif?.value === i.name);
        if (!itf)
          drift(`interface ${i.name}`, `nameif ${i.name} with ${i.address} ${i.mask}`, undefined, [
            `interface ${i.hardware ?? '<hardware>'}`,
            `${I}nameif ${i.name}`,
            `${I}ip address ${i.address} ${i.mask}`,
          ]);
        else if (itf.address && (itf.address.value.ip !== i.address || itf.address.value.mask !== i.mask))
          out.push(
            draft(
              'deployment-drift',
              {
                kind: 'interface-address',
                what: `interface ${i.name}`,
                expected: `ip address ${i.address} ${i.mask}`,
                present: true,
                apply: [`interface ${itf.hardware}`, `${I}ip address ${i.address} ${i.mask}`],
                deploymentFile: dsrc,
              },
              evidence(`ip address ${i.address} ${i.mask}`, itf.address.loc),
            ),
          );
      }
    const pool = h.pools.find((p) => p.name === tg.addressPool);
    if (pool) {
      const p = cfg.pools.find((x) => x.name === pool.name);
      const want = `ip local pool ${pool.name} ${pool.first}-${pool.last} mask ${pool.mask}`;
      if (!p) drift(`pool ${pool.name}`, want, undefined, [want]);
      else if (p.first !== pool.first || p.last !== pool.last || (p.mask ?? pool.mask) !== pool.mask)
        drift(`pool ${pool.name}`, want, p.loc, [`no ${p.loc.text}`, want]);
    }
    const gpModel = h.groupPolicies.find((g) => g.name === tg.groupPolicy);
    const gp = cfg.groupPolicies.find((g) => g.name === tg.groupPolicy && g.internal);
    if (!gp)
      drift(`group policy ${tg.groupPolicy}`, `group-policy ${tg.groupPolicy} internal`, undefined, [
        `group-policy ${tg.groupPolicy} internal`,
        `group-policy ${tg.groupPolicy} attributes`,
        `${I}vpn-tunnel-protocol ssl-client`,
      ]);
    else if (gpModel) {
      const dtlsOff = effectiveGroupPolicy(cfg, gp.name).anyconnectDtls;
      const off = dtlsOff?.value === 'none';
      if (off === gpModel.dtls)
        drift(
          `DTLS in group policy ${gp.name}`,
          gpModel.dtls ? 'DTLS on' : 'DTLS off (anyconnect ssl dtls none)',
          dtlsOff?.loc,
          [
            `group-policy ${gp.name} attributes`,
            `${I}webvpn`,
            `${I}${I}${gpModel.dtls ? 'no ' : ''}anyconnect ssl dtls none`,
          ],
        );
    }
    if (!cfg.webvpn.enables.some((e) => e.value === h.outside))
      drift('webvpn', `enable ${h.outside}`, cfg.webvpn.loc, ['webvpn', `${I}enable ${h.outside}`]);
    const t = cfg.tunnelGroups.find((x) => x.name === tg.name);
    if (!t)
      drift(`tunnel group ${tg.name}`, `tunnel-group ${tg.name} type remote-access`, undefined, [
        `tunnel-group ${tg.name} type remote-access`,
      ]);
    else {
      if (!t.addressPools.some((p) => p.value === tg.addressPool))
        drift(`tunnel group ${tg.name}`, `address-pool ${tg.addressPool}`, t.addressPools[0]?.loc, [
          `tunnel-group ${tg.name} general-attributes`,
          `${I}address-pool ${tg.addressPool}`,
        ]);
      if ((t.defaultGroupPolicy?.value ?? 'DfltGrpPolicy') !== tg.groupPolicy)
        drift(
          `tunnel group ${tg.name}`,
          `default-group-policy ${tg.groupPolicy}`,
          t.defaultGroupPolicy?.loc,
          [`tunnel-group ${tg.name} general-attributes`, `${I}default-group-policy ${tg.groupPolicy}`],
        );
      const auth = t.authentication?.value.join(' ') ?? 'aaa';
      if (auth !== tg.authentication)
        drift(`tunnel group ${tg.name}`, `authentication ${tg.authentication}`, t.authentication?.loc, [
          `tunnel-group ${tg.name} webvpn-attributes`,
          `${I}authentication ${tg.authentication}`,
        ]);
      if (!t.groupUrls.some((g) => g.enabled && g.url === tg.groupUrl))
        drift(`tunnel group ${tg.name}`, `group-url ${tg.groupUrl} enable`, t.groupUrls[0]?.loc, [
          `tunnel-group ${tg.name} webvpn-attributes`,
          `${I}group-url ${tg.groupUrl} enable`,
        ]);
    }
    const idName = h.identity.trustpoint;
    const tp = cfg.trustpoints.find((x) => x.name === idName);
    if (!tp)
      drift('identity trustpoint', `crypto ca trustpoint ${idName}`, undefined, [
        `crypto ca trustpoint ${idName}`,
        `${I}enrollment self`,
        `${I}subject-name ${h.identity.subject}`,
        `crypto ca enroll ${idName} noconfirm`,
      ]);
    else if (
      tp.subjectName &&
      tp.subjectName.value.replace(/\s/g, '').toLowerCase() !==
        h.identity.subject.replace(/\s/g, '').toLowerCase()
    )
      drift(`trustpoint ${idName}`, `subject-name ${h.identity.subject}`, tp.subjectName.loc, [
        `crypto ca trustpoint ${idName}`,
        `${I}subject-name ${h.identity.subject}`,
      ]);
    const ssl = cfg.sslTrustPoints.find((x) => x.iface === h.outside);
    if (!ssl || ssl.trustpoint !== idName)
      drift('ssl trust-point', `ssl trust-point ${idName} ${h.outside}`, ssl?.loc, [
        `ssl trust-point ${idName} ${h.outside}`,
      ]);
    const certFile = h.identity.certificate;
    const want = certFile ? f.deployment.value.certs.get(certFile)?.[0] : undefined;
    const have = cfg.certificateChains
      .find((c) => c.trustpoint === idName)
      ?.certificates.find((c) => c.role === 'identity' && c.info);
    if (certFile && want && have?.info && have.info.certHash !== want.certHash)
      out.push(
        draft(
          'deployment-drift',
          {
            kind: 'identity-certificate',
            what: `identity certificate of ${idName}`,
            expected: `the certificate in ${certFile} (certHash ${want.certHash})`,
            present: true,
            trustpoint: idName,
            file: certFile,
          },
          evidence(`the certificate in ${certFile} (certHash ${want.certHash})`, have.loc),
        ),
      );
    for (const ca of phoneCaTrustpointsFor(d, h))
      if (!cfg.trustpoints.some((x) => x.name === ca.name))
        drift(`phone CA trustpoint ${ca.name}`, `crypto ca trustpoint ${ca.name} (${ca.why})`, undefined, [
          `crypto ca trustpoint ${ca.name}`,
          `${I}enrollment terminal`,
          `crypto ca authenticate ${ca.name}`,
        ]);
    if (h.ciphers === 'phone-safe') {
      const wantList = PHONE_SAFE_CIPHERS.join(':');
      for (const k of cipherVersionsFor(d)) {
        const line = [...cfg.sslCiphers].reverse().find((c) => c.version === k);
        if (!line || line.custom?.join(':') !== wantList)
          drift(`ssl cipher ${k}`, `ssl cipher ${k} custom "${wantList}" (ciphers: phone-safe)`, line?.loc, [
            `ssl cipher ${k} custom "${wantList}"`,
          ]);
      }
    }
    const v = asaVersion(f);
    if (h.version && v && v.evidence.source !== dsrc && v.value !== h.version)
      out.push(
        draft(
          'deployment-drift',
          { kind: 'version', deploymentVersion: h.version, running: v.value, deploymentFile: dsrc },
          [v.evidence],
          { severity: 'info' },
        ),
      );
    return out;
  },
});
