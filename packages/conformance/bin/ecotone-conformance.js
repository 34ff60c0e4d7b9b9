#!/usr/bin/env node
// Committed (and executable) so `npx ecotone-conformance` works from a fresh
// clone: `npm install` links it before `npm run build` writes dist/, and a
// file tsc writes is not executable.
import '../dist/cli.js';
