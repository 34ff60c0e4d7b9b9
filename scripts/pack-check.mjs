#!/usr/bin/env node
// Checks what `npm publish` would ship, on the tarballs `npm pack` makes of
// each package (run after `npm run build`):
//
// - the files: a LICENSE equal to the root one, no `.tsbuildinfo`, no tests,
//   and every source map resolving (its sources are in the package, or
//   embedded);
// - publint on each unpacked package (errors and warnings fail);
// - every package a shipped `.js` or `.d.ts` imports is declared (dependency
//   or peer dependency), so types and code resolve for whoever installs it;
// - the SDK's integrity.json against its files, and no TypeBox in the bundle
//   (no module of it among the source maps' sources);
// - a browser app installed from the tarballs alone (protocol, core, elements,
//   sdk; `npm install --prefer-offline`, no install scripts) has no TypeBox in
//   node_modules, and type-checks importing every export (tsc, ESM under
//   NodeNext and Bundler resolution, skipLibCheck off, so a type that does
//   not resolve in a shipped .d.ts fails).
//
// Fails (exit 1) listing every problem. `KEEP=1` keeps the temporary folder.
import { execFile as execFileCb } from 'node:child_process';
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { builtinModules } from 'node:module';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { checkIntegrity } from './sdk-integrity.mjs';

const execFile = promisify(execFileCb);
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGES = ['protocol', 'core', 'elements', 'server', 'conformance', 'sdk'];
const BROWSER = ['protocol', 'core', 'elements', 'sdk'];
/** The framework peers the elements' generated types name (optional: only React and Vue apps have them). */
const ELEMENTS_PEERS = JSON.parse(readFileSync(join(ROOT, 'packages/elements/package.json'), 'utf8')).peerDependencies;
/**
 * Packages a declared one brings and re-exports: the types TypeScript infers
 * for a Lit element's `render()` name `lit-html`, which `lit` (a peer
 * dependency of the elements) depends on exactly and re-exports.
 */
const PROVIDED_BY = { 'lit-html': 'lit', '@lit/reactive-element': 'lit' };
const started = Date.now();
const problems = [];
const fail = (where, message) => problems.push(`${where}: ${message}`);
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

const run = (cmd, args, options = {}) =>
  execFile(cmd, args, { maxBuffer: 64 * 1024 * 1024, ...options }).catch((error) => {
    // Keep the command's own output: it says what went wrong.
    error.message = `${cmd} ${args.join(' ')} failed:\n${error.stdout ?? ''}${error.stderr ?? ''}`;
    throw error;
  });

async function filesUnder(dir) {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
}

/** Every source of every map resolves to a packed file or is embedded (`sourcesContent`). */
async function checkSourceMaps(name, dir, files) {
  const present = new Set(files);
  let maps = 0;
  for (const file of files.filter((f) => f.endsWith('.map'))) {
    maps++;
    const map = JSON.parse(await readFile(join(dir, file), 'utf8'));
    const base = join(dirname(file), map.sourceRoot ?? '');
    map.sources.forEach((source, i) => {
      if (map.sourcesContent?.[i] != null) return;
      const target = join(base, source).split(sep).join('/');
      if (!present.has(target)) fail(name, `${file} points at ${source}, which is not in the package`);
    });
  }
  return maps;
}

const tmp = await mkdtemp(join(tmpdir(), 'ecotone-pack-'));
try {
  const rootLicense = await readFile(join(ROOT, 'LICENSE'), 'utf8');
  if (!/Apache License\s+Version 2\.0/.test(rootLicense)) fail('LICENSE', 'not the Apache License 2.0');
  const tarballs = {};
  for (const name of PACKAGES) {
    const where = `@ecotone/${name}`;
    const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', tmp], { cwd: join(ROOT, 'packages', name) });
    const [packed] = JSON.parse(stdout);
    tarballs[name] = join(tmp, packed.filename);
    const dir = join(tmp, name);
    await mkdir(dir);
    await run('tar', ['-xzf', tarballs[name], '-C', dir, '--strip-components=1']);
    const files = await filesUnder(dir);

    if (files.some((f) => f.endsWith('.tsbuildinfo'))) fail(where, 'ships a .tsbuildinfo');
    if (!files.includes('LICENSE')) fail(where, 'has no LICENSE');
    else if ((await readFile(join(dir, 'LICENSE'), 'utf8')) !== rootLicense) fail(where, 'LICENSE differs from the root one');
    if (files.some((f) => /\.test\.ts$|(^|\/)_[^/]*\.ts$/.test(f))) fail(where, 'ships tests or test helpers');
    const maps = await checkSourceMaps(where, dir, files);

    const { messages, pkg } = await publint({ pkgDir: dir, level: 'suggestion', strict: true, pack: false });
    for (const message of messages) {
      const text = `publint ${message.type}: ${formatMessage(message, pkg, { color: false })}`;
      if (message.type === 'suggestion') console.log(`  ${where}: ${text}`);
      else fail(where, text);
    }
    for (const field of ['repository', 'engines', 'publishConfig', 'license']) if (!pkg[field]) fail(where, `no "${field}" field`);

    // Every bare import of shipped code and types names a declared package.
    // A peer `@types/react` declares the types of `react` (which ships none).
    const declared = new Set([pkg.name, ...Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies })].flatMap((name) => [name, name.replace(/^@types\//, '')]));
    for (const file of files.filter((f) => /\.(js|d\.ts)$/.test(f) && !f.startsWith('src/'))) {
      const text = await readFile(join(dir, file), 'utf8');
      const specifiers = [
        ...text.matchAll(/^\s*(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm),
        ...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g),
      ].map((m) => m[1]);
      for (const specifier of specifiers.filter((s) => /^[@a-z]/i.test(s))) {
        const bare = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
        if (bare.startsWith('node:') || builtinModules.includes(bare)) continue;
        if (!declared.has(bare) && !declared.has(PROVIDED_BY[bare])) fail(where, `${file} imports ${specifier}, which is not a dependency`);
      }
    }
    console.log(`  ${where}: ${files.length} files, ${maps} source maps, ${Math.round(packed.size / 1024)} KB packed (${elapsed()})`);
  }

  // The SDK: its release file, and no TypeBox in the bundle.
  const sdkDist = join(tmp, 'sdk', 'dist');
  for (const problem of await checkIntegrity(sdkDist)) fail('@ecotone/sdk', problem);
  for (const file of (await filesUnder(sdkDist)).filter((f) => f.endsWith('.map'))) {
    const { sources } = JSON.parse(await readFile(join(sdkDist, file), 'utf8'));
    const typebox = sources.filter((s) => /node_modules\/typebox\//.test(s));
    if (typebox.length) fail('@ecotone/sdk', `${file} bundles TypeBox (${typebox[0]}, …)`);
  }

  // Consumers installed from the tarballs only.
  const exportsOf = async (name) => {
    const pkg = JSON.parse(await readFile(join(tmp, name, 'package.json'), 'utf8'));
    return Object.keys(pkg.exports)
      .filter((key) => !/\.json$/.test(key))
      .map((key) => `${pkg.name}${key.slice(1)}`);
  };
  const consumer = async (label, names, checks, extra = []) => {
    const dir = join(tmp, `consumer-${label}`);
    await mkdir(dir);
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${label}`, private: true, type: 'module' }));
    await run('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...names.map((n) => tarballs[n]), ...extra], { cwd: dir });
    await run('npm', ['ls', '--all'], { cwd: dir }).catch((error) => fail(`${label} consumer`, `npm ls: ${error.message}`));
    // Not `@ecotone/protocol/schemas`: it needs TypeBox, which browsers leave out.
    const specifiers = (await Promise.all(names.map(exportsOf))).flat().filter((s) => s !== '@ecotone/protocol/schemas');
    const lines = specifiers.map((s, i) => `import * as m${i} from '${s}';\nexport { m${i} };`);
    await writeFile(join(dir, 'check.ts'), `${lines.join('\n')}\n${checks}\n`);
    // As Node ESM resolves (NodeNext) and as browser apps' bundlers do (Vite, webpack, esbuild).
    for (const [module, moduleResolution] of [['NodeNext', 'NodeNext'], ['ESNext', 'Bundler']]) {
      const tsconfig = {
        compilerOptions: { strict: true, noEmit: true, skipLibCheck: false, module, moduleResolution, target: 'ES2022', lib: ['ES2023', 'DOM', 'DOM.Iterable'], types: [] },
        files: ['check.ts'],
      };
      await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
      await run(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', dir]).catch((error) =>
        fail(`${label} consumer (${moduleResolution})`, error.message),
      );
    }
    console.log(`  ${label} consumer: installed from the tarballs, type-checked (${elapsed()})`);
    return dir;
  };

  const browser = await consumer(
    'browser',
    BROWSER,
    [
      "import { createClient, EcotoneError, EcoFeed } from '@ecotone/sdk';",
      "import type { Post } from '@ecotone/protocol';",
      "const client: ReturnType<typeof createClient> = createClient({ baseUrl: 'https://social.example', token: 't' });",
      'export const used: [typeof client, typeof EcotoneError, typeof EcoFeed, Post | undefined] = [client, EcotoneError, EcoFeed, undefined];',
    ].join('\n'),
    // The optional peers of @ecotone/elements/react and /vue, as a React or Vue app has them.
    [`@types/react@${ELEMENTS_PEERS['@types/react']}`, `vue@${ELEMENTS_PEERS.vue}`],
  );
  // A browser app installs no TypeBox: not as a dependency, not as a peer.
  const installed = (await readdir(join(browser, 'node_modules'), { recursive: true })).filter((p) => /(^|[/\\])typebox$/.test(p));
  if (installed.length) fail('browser consumer', `installs TypeBox: ${installed.join(', ')}`);
} catch (error) {
  fail('pack-check', error instanceof Error ? error.message : String(error));
} finally {
  if (process.env['KEEP']) console.log(`kept ${tmp}`);
  else await rm(tmp, { recursive: true, force: true });
}

const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (problems.length) {
  console.error(`pack-check: ${problems.length} problem(s) in ${seconds} s:\n${problems.map((p) => `- ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(`pack-check: ${PACKAGES.length} packages packed and checked, consumers type-check, no TypeBox for browsers (${seconds} s)`);
