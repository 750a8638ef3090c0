// The tool's name and version, as `--version`, JSON and SARIF reports give them (package.json's version).
export const TOOL_NAME = 'vpnphone';
export const TOOL_VERSION = '0.1.0';
