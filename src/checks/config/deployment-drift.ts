// deployment-drift: where the running configuration differs from what the deployment file describes.
import { cipherVersionsFor, PHONE_SAFE_CIPHERS, phoneCaTrustpointsFor } from '../../asa/generate.js';
import { effectiveGroupPolicy, type Loc } from '../../asa/running-config.js';
import { type Finding, finding } from '../../report/finding.js';
import { defineCheck, notChecked } from '../define.js';
import { asaVersion } from '../derive.js';
import { ev } from '../facts.js';
import { I } from './util.js';

export const deploymentDrift = defineCheck({
  id: 'deployment-drift',
  needs: 'running configuration + deployment',
  run(f) {
    if (!f.deployment) return notChecked('needs --deployment');
    if (!f.asa) return notChecked('needs the ASA running configuration to compare with the deployment');
    const d = f.deployment.value.deployment;
    if (d.headend.kind !== 'asa') return notChecked('the deployment describes an ocserv headend');
    const cfg = f.asa.value;
    const src = f.asa.source;
    const dsrc = f.deployment.source;
    const out: Finding[] = [];
    const drift = (what: string, expected: string, actual: Loc | undefined, fix: string) => {
      out.push(
        finding('deployment-drift', {
          message: `${what}: the deployment says ${expected}; the running configuration ${actual ? 'has the line quoted' : 'has none'}.`,
          evidence: [ev(src, actual, `(missing) ${expected}`), { source: dsrc, text: expected }],
          fix,
        }),
      );
    };
    const h = d.headend;
    const tg = h.tunnelGroup;

    if (cfg.interfaces.length > 0)
      for (const i of h.interfaces) {
        const itf = cfg.interfaces.find((x) => x.nameif?.value === i.name);
        if (!itf)
          drift(
            `interface ${i.name}`,
            `nameif ${i.name} with ${i.address} ${i.mask}`,
            undefined,
            `interface ${i.hardware ?? '<hardware>'}\n${I}nameif ${i.name}\n${I}ip address ${i.address} ${i.mask}`,
          );
        else if (itf.address && (itf.address.value.ip !== i.address || itf.address.value.mask !== i.mask))
          drift(
            `interface ${i.name}`,
            `ip address ${i.address} ${i.mask}`,
            itf.address.loc,
            `interface ${itf.hardware}\n${I}ip address ${i.address} ${i.mask}\n(or update headend.interfaces in ${dsrc})`,
          );
      }
    const pool = h.pools.find((p) => p.name === tg.addressPool);
    if (pool) {
      const p = cfg.pools.find((x) => x.name === pool.name);
      const want = `ip local pool ${pool.name} ${pool.first}-${pool.last} mask ${pool.mask}`;
      if (!p) drift(`pool ${pool.name}`, want, undefined, want);
      else if (p.first !== pool.first || p.last !== pool.last || (p.mask ?? pool.mask) !== pool.mask)
        drift(`pool ${pool.name}`, want, p.loc, `no ${p.loc.text}\n${want}`);
    }
    const gpModel = h.groupPolicies.find((g) => g.name === tg.groupPolicy);
    const gp = cfg.groupPolicies.find((g) => g.name === tg.groupPolicy && g.internal);
    if (!gp)
      drift(
        `group policy ${tg.groupPolicy}`,
        `group-policy ${tg.groupPolicy} internal`,
        undefined,
        `group-policy ${tg.groupPolicy} internal\ngroup-policy ${tg.groupPolicy} attributes\n${I}vpn-tunnel-protocol ssl-client`,
      );
    else if (gpModel) {
      const dtlsOff = effectiveGroupPolicy(cfg, gp.name).anyconnectDtls;
      const off = dtlsOff?.value === 'none';
      if (off === gpModel.dtls)
        drift(
          `DTLS in group policy ${gp.name}`,
          gpModel.dtls ? 'DTLS on' : 'DTLS off (anyconnect ssl dtls none)',
          dtlsOff?.loc,
          `group-policy ${gp.name} attributes\n${I}webvpn\n${I}${I}${gpModel.dtls ? 'no ' : ''}anyconnect ssl dtls none`,
        );
    }
    if (!cfg.webvpn.enables.some((e) => e.value === h.outside))
      drift('webvpn', `enable ${h.outside}`, cfg.webvpn.loc, `webvpn\n${I}enable ${h.outside}`);
    const t = cfg.tunnelGroups.find((x) => x.name === tg.name);
    if (!t)
      drift(
        `tunnel group ${tg.name}`,
        `tunnel-group ${tg.name} type remote-access`,
        undefined,
        `tunnel-group ${tg.name} type remote-access`,
      );
    else {
      if (!t.addressPools.some((p) => p.value === tg.addressPool))
        drift(
          `tunnel group ${tg.name}`,
          `address-pool ${tg.addressPool}`,
          t.addressPools[0]?.loc,
          `tunnel-group ${tg.name} general-attributes\n${I}address-pool ${tg.addressPool}`,
        );
      if ((t.defaultGroupPolicy?.value ?? 'DfltGrpPolicy') !== tg.groupPolicy)
        drift(
          `tunnel group ${tg.name}`,
          `default-group-policy ${tg.groupPolicy}`,
          t.defaultGroupPolicy?.loc,
          `tunnel-group ${tg.name} general-attributes\n${I}default-group-policy ${tg.groupPolicy}`,
        );
      const auth = t.authentication?.value.join(' ') ?? 'aaa';
      if (auth !== tg.authentication)
        drift(
          `tunnel group ${tg.name}`,
          `authentication ${tg.authentication}`,
          t.authentication?.loc,
          `tunnel-group ${tg.name} webvpn-attributes\n${I}authentication ${tg.authentication}`,
        );
      if (!t.groupUrls.some((g) => g.enabled && g.url === tg.groupUrl))
        drift(
          `tunnel group ${tg.name}`,
          `group-url ${tg.groupUrl} enable`,
          t.groupUrls[0]?.loc,
          `tunnel-group ${tg.name} webvpn-attributes\n${I}group-url ${tg.groupUrl} enable`,
        );
    }
    const idName = h.identity.trustpoint;
    const tp = cfg.trustpoints.find((x) => x.name === idName);
    if (!tp)
      drift(
        'identity trustpoint',
        `crypto ca trustpoint ${idName}`,
        undefined,
        `crypto ca trustpoint ${idName}\n${I}enrollment self\n${I}subject-name ${h.identity.subject}\ncrypto ca enroll ${idName} noconfirm`,
      );
    else if (
      tp.subjectName &&
      tp.subjectName.value.replace(/\s/g, '').toLowerCase() !==
        h.identity.subject.replace(/\s/g, '').toLowerCase()
    )
      drift(
        `trustpoint ${idName}`,
        `subject-name ${h.identity.subject}`,
        tp.subjectName.loc,
        `crypto ca trustpoint ${idName}\n${I}subject-name ${h.identity.subject}`,
      );
    const ssl = cfg.sslTrustPoints.find((x) => x.iface === h.outside);
    if (!ssl || ssl.trustpoint !== idName)
      drift(
        'ssl trust-point',
        `ssl trust-point ${idName} ${h.outside}`,
        ssl?.loc,
        `ssl trust-point ${idName} ${h.outside}`,
      );
    const want = h.identity.certificate
      ? f.deployment.value.certs.get(h.identity.certificate)?.[0]
      : undefined;
    const have = cfg.certificateChains
      .find((c) => c.trustpoint === idName)
      ?.certificates.find((c) => c.role === 'identity' && c.info);
    if (want && have?.info && have.info.certHash !== want.certHash)
      drift(
        `identity certificate of ${idName}`,
        `the certificate in ${h.identity.certificate} (certHash ${want.certHash})`,
        have.loc,
        `Either update ${h.identity.certificate} with \`crypto ca export ${idName} identity-certificate\`, or re-enroll/import the deployment's certificate into ${idName}.`,
      );
    for (const ca of phoneCaTrustpointsFor(d))
      if (!cfg.trustpoints.some((x) => x.name === ca.name))
        drift(
          `phone CA trustpoint ${ca.name}`,
          `crypto ca trustpoint ${ca.name} (${ca.why})`,
          undefined,
          `crypto ca trustpoint ${ca.name}\n${I}enrollment terminal\ncrypto ca authenticate ${ca.name}`,
        );
    if (h.ciphers === 'phone-safe') {
      const wantList = PHONE_SAFE_CIPHERS.join(':');
      for (const k of cipherVersionsFor(d)) {
        const line = [...cfg.sslCiphers].reverse().find((c) => c.version === k);
        if (!line || line.custom?.join(':') !== wantList)
          drift(
            `ssl cipher ${k}`,
            `ssl cipher ${k} custom "${wantList}" (ciphers: phone-safe)`,
            line?.loc,
            `ssl cipher ${k} custom "${wantList}"`,
          );
      }
    }
    const v = asaVersion(f);
    if (h.version && v && v.evidence.source !== dsrc && v.value !== h.version)
      out.push(
        finding('deployment-drift', {
          severity: 'info',
          message: `The deployment says ASA ${h.version}; the ASA runs ${v.value}.`,
          evidence: [v.evidence],
          fix: `Update headend.version in ${dsrc} to ${v.value} (checks such as ec-cipher-risk depend on it).`,
        }),
      );
    return out;
  },
});
