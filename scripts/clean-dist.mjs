// Empties dist/ before a build, so that no compiled file of a deleted or renamed source survives (portable rm -rf).
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
