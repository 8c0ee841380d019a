// Compiles the AssemblyScript kernel (assembly/wasm-kernel.ts, with the layout it shares with its
// host, src/wasm-kernel-layout.ts) and embeds the WebAssembly binary, base64-encoded, in the
// generated src/wasm-kernel-binary.generated.ts:
//   pnpm --filter @dra/agent build:wasm
// The compile is deterministic and reads only those two files; wasm-kernel-binary.test.ts checks
// that the embedded binary is the one they compile to.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCE = 'assembly/wasm-kernel.ts';
const LAYOUT = 'src/wasm-kernel-layout.ts';
const TARGET = 'src/wasm-kernel-binary.generated.ts';
const OPTIONS = ['--optimizeLevel', '3', '--shrinkLevel', '0', '--noAssert', '--runtime', 'stub', '--importMemory', '--use', 'abort='];

/** The kernel's WebAssembly binary, compiled from the source and the shared layout in this package. */
export async function compileKernel() {
  const files = new Map([SOURCE, LAYOUT].map((name) => [name, readFileSync(join(packageDir, name), 'utf8')]));
  const outputs = new Map();
  const stderr = asc.createMemoryStream();
  const { error } = await asc.main([SOURCE, '--outFile', 'kernel.wasm', ...OPTIONS], {
    readFile: (name) => files.get(name.replaceAll('\\', '/')) ?? null, // nothing else: asconfig.json and stray imports are absent
    writeFile: (name, contents) => outputs.set(name, contents),
    listFiles: () => [],
    stdout: asc.createMemoryStream(),
    stderr,
  });
  const binary = outputs.get('kernel.wasm');
  if (error || !binary) throw new Error(`asc failed on ${SOURCE}:\n${stderr.toString()}`);
  return binary;
}

/** The TypeScript module that embeds `binary`. */
export function embeddingModule(binary) {
  const base64 = Buffer.from(binary).toString('base64');
  const lines = base64.match(/.{1,96}/g).map((line) => `  '${line}' +`);
  lines[lines.length - 1] = lines[lines.length - 1].slice(0, -2) + ';';
  return [
    `// GENERATED FILE, do not edit: scripts/compile-wasm.mjs compiles ${SOURCE} (with ${LAYOUT})`,
    '// into this base64 text. After editing either, regenerate it with',
    '//   pnpm --filter @dra/agent build:wasm',
    '// (wasm-kernel-binary.test.ts fails until the embedded binary is what they compile to).',
    '',
    '/** The tabular episode kernel as a WebAssembly binary, base64-encoded (loaded by wasm-kernel-host.ts). */',
    'export const WASM_KERNEL_BASE64 =',
    ...lines,
    '',
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const binary = await compileKernel();
  writeFileSync(join(packageDir, TARGET), embeddingModule(binary));
  console.log(`${TARGET}: ${binary.length} bytes of WebAssembly`);
}
