#!/usr/bin/env node
// The `mizan` command. Registers the TypeScript loader, then runs the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
