// The tool's name and version, as reports and `--version` give them (kept equal to package.json's version).
export const TOOL_NAME = 'vpnphone';
export const TOOL_VERSION = '0.1.0';
