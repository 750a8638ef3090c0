// The ocserv.conf checks: cisco-svc-client-compat for phones, its UDP port, and the phones' /svc URL path.
import { draft } from '../../findings/finding.js';
import { ocservBool, ocservSetting } from '../../ocserv/conf.js';
import { defineCheck, notChecked } from '../define.js';
import { deploymentHeadend, phoneUrls } from '../derive.js';
import type { AuditFacts } from '../facts.js';

/** Whether the inputs say this headend serves phones: a deployment for ocserv, phone configurations, a /svc URL. */
function servesPhones(f: AuditFacts): boolean {
  return (
    deploymentHeadend(f)?.kind === 'ocserv' ||
    f.phoneConfigs.length > 0 ||
    f.axl.length > 0 ||
    phoneUrls(f).some((u) => pathOf(u.url) === '/svc')
  );
}

function pathOf(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

/** The headend is an ASA (its configuration was read, or the deployment says so): no ocserv to check. */
function asaHeadend(f: AuditFacts): boolean {
  return f.asa !== undefined || deploymentHeadend(f)?.kind === 'asa';
}

export const ocservSvcCompatDisabled = defineCheck({
  id: 'ocserv-svc-compat-disabled',
  needs: 'ocserv.conf, and an input that names the phones',
  run(f) {
    const c = f.ocservConf;
    if (!c) return asaHeadend(f) ? [] : notChecked('needs ocserv.conf');
    if (!servesPhones(f))
      return notChecked(
        'no input says this ocserv serves phones (a deployment, phone configurations or a /svc URL)',
      );
    const s = ocservSetting(c.value, 'cisco-svc-client-compat');
    if (ocservBool(s) === true) return [];
    return [
      draft('ocserv-svc-compat-disabled', { present: s !== undefined }, [
        s
          ? { source: c.source, line: s.line, text: s.text }
          : { source: c.source, text: 'no cisco-svc-client-compat line' },
      ]),
    ];
  },
});

export const ocservUdpPortNot443 = defineCheck({
  id: 'ocserv-udp-port-not-443',
  needs: 'ocserv.conf',
  run(f) {
    const c = f.ocservConf;
    if (!c) return asaHeadend(f) ? [] : notChecked('needs ocserv.conf');
    const compat = ocservSetting(c.value, 'cisco-svc-client-compat');
    if (ocservBool(compat) !== true) return [];
    const udp = ocservSetting(c.value, 'udp-port');
    if (!udp || udp.value === '443' || udp.value === '0') return [];
    return [
      draft('ocserv-udp-port-not-443', { port: udp.value }, [
        { source: c.source, line: udp.line, text: udp.text },
        { source: c.source, line: compat!.line, text: compat!.text },
      ]),
    ];
  },
});

export const gatewayUrlNotSvc = defineCheck({
  id: 'gateway-url-not-svc',
  needs: 'the headend kind (ocserv.conf or a deployment) and the phones’ URLs',
  run(f) {
    const ocserv = f.ocservConf !== undefined || deploymentHeadend(f)?.kind === 'ocserv';
    if (!ocserv) return asaHeadend(f) ? [] : notChecked('needs ocserv.conf or an ocserv deployment');
    const urls = phoneUrls(f);
    if (urls.length === 0)
      return notChecked("needs the phones' VPN URLs (phone configurations, deployment or AXL)");
    const bad = urls.filter((u) => pathOf(u.url) !== '/svc');
    if (bad.length === 0) return [];
    return [
      draft(
        'gateway-url-not-svc',
        { urls: [...new Set(bad.map((u) => u.url))] },
        bad.map((u) => u.evidence),
      ),
    ];
  },
});
