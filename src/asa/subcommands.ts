// The sub-commands of the blocks vpnphone models, as ASA 8.x-9.x accept them: a line under such a block
// whose first word is none of these is reported (never dropped silently), with the known one it is closest to.

/** How sure the list is: `all` lists every sub-command (anything else is reported), `typos` only catches near misses. */
export interface KnownSubcommands {
  words: ReadonlySet<string>;
  report: 'all' | 'typos';
}

const known = (report: KnownSubcommands['report'], words: string): KnownSubcommands => ({
  report,
  words: new Set(words.split(/\s+/).filter((w) => w !== '')),
});

/** `tunnel-group NAME general-attributes` (ASA command reference, 8.0 to 9.22). */
export const TUNNEL_GROUP_GENERAL = known(
  'all',
  `accounting-server-group address-pool annotation authenticated-session-username authentication-attr-from-server
   authentication-server-group authorization-dn-attributes authorization-required authorization-server-group
   default-group-policy dhcp-server ipv6-address-pool nat-assigned-to-public-ip override-account-disable
   password-management scep-enrollment secondary-authentication-server-group secondary-username-from-certificate
   secondary-username-from-certificate-choice strip-group strip-realm username-from-certificate
   username-from-certificate-choice management-attributes`,
);

/** `tunnel-group NAME webvpn-attributes`. */
export const TUNNEL_GROUP_WEBVPN = known(
  'all',
  `authentication customization deny-message dns-group group-alias group-url hic-fail-group-policy nbns-server
   override-svc-download pre-fill-username proxy-auth radius-reject-message saml secondary
   secondary-pre-fill-username sso-server without-csd relaystate-timeout certificate-group-map`,
);

/** `crypto ca trustpoint NAME`. */
export const TRUSTPOINT = known(
  'all',
  `accept-subordinates auto-enroll auto-import cert-key-pair client-types crl email enrollment fqdn id-cert-issuer
   id-usage ignore-ipsec-keyusage ignore-ssl-keyusage ip-address keypair match ocsp password revocation-check
   serial-number subject-name support-user-cert-validation validation-policy validation-usage usage chain-validation
   ca crl-check ocsp-check cert-path-validation`,
);

/** Global `webvpn`: a long, changing list; only near misses of these are reported. */
export const WEBVPN = known(
  'typos',
  `enable anyconnect anyconnect-essentials tunnel-group-list tunnel-group-preference cache csd hostscan
   error-recovery keepout http-headers port dtls apcf auto-signon certificate-group-map character-encoding
   default-idle-timeout file-encoding http-proxy https-proxy internal-password kcd-server onscreen-keyboard
   portal-access-rule rewrite saml smart-tunnel mus mus-host mus-password proxy-bypass logo java-trustpoint
   customization external-portal login-message sso-server user-storage username-prompt password-prompt
   group-prompt secondary-username-prompt secondary-password-prompt ntlm-auth`,
);

/** `group-policy NAME attributes`: long; only near misses are reported. */
export const GROUP_POLICY = known(
  'typos',
  `banner dns-server wins-server vpn-simultaneous-logins vpn-idle-timeout vpn-session-timeout vpn-filter
   vpn-access-hours vpn-tunnel-protocol ip-comp re-xauth group-lock pfs ipsec-udp ipsec-udp-port split-tunnel-policy
   split-tunnel-network-list split-tunnel-all-dns split-dns default-domain intercept-dhcp client-firewall
   secure-unit-authentication user-authentication user-authentication-idle-timeout ip-phone-bypass leap-bypass nem
   backup-servers msie-proxy vlan nac-settings address-pools ipv6-address-pools ipv6-split-tunnel-policy
   client-bypass-protocol webvpn password-storage dhcp-network-scope smartcard-removal-disconnect client-access-rule
   security-group-tag scep-forwarding-url gateway-fqdn ipv6-vpn-filter description vpn-session-timeout
   vpn-idle-timeout vpn-simultaneous-logins max-failed-attempts periodic-authentication`,
);

/** The nested `webvpn` of a group policy. */
export const GROUP_POLICY_WEBVPN = known(
  'typos',
  `anyconnect svc always-on-vpn customization deny-message file-browsing file-entry filter hidden-shares homepage
   html-content-filter http-comp http-proxy keep-alive-ignore port-forward smart-tunnel sso-server storage-key
   storage-objects url-entry url-list user-storage activex-relay auto-signon unix-auth-gid unix-auth-uid
   upload-max-size download-max-size post-max-size`,
);
