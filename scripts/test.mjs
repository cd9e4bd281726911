// `npm test`: integration tests on PGlite and on PostgreSQL, then the browser journeys.
// Prints one closing line "N passed, M failed" for the whole run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const isCI = process.env.CI === 'true' || process.env.CI === '1';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
let broken = false;

function vitest(label, args, env) {
  const out = path.join(os.tmpdir(), `relais-vitest-${process.pid}-${label}.json`);
  console.log(`\n▶ ${label}`);
  const res = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      ...args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile=${out}`,
    ],
    { stdio: 'inherit', env: { ...process.env, ...env } },
  );
  try {
    const r = JSON.parse(fs.readFileSync(out, 'utf8'));
    totals.passed += r.numPassedTests;
    totals.failed += r.numFailedTests;
    totals.skipped += r.numPendingTests + r.numTodoTests;
    for (const file of r.testResults) {
      const name = path.relative(process.cwd(), file.name);
      const failed = file.assertionResults.filter((a) => a.status === 'failed');
      for (const a of failed)
        failures.push(`${label} · ${name} › ${a.fullName}\n    ${firstLine(a.failureMessages)}`);
      if (file.status === 'failed' && failed.length === 0)
        failures.push(`${label} · ${name}\n    ${firstLine([file.message])}`);
    }
    fs.rmSync(out);
  } catch {
    broken = true;
  }
  if (res.status !== 0) broken = true;
}

/** The first lines of a failure, so that the run's last lines say what failed and why. */
function firstLine(messages) {
  const text = (messages ?? []).join('\n').trim();
  return text.split('\n').slice(0, 4).join('\n    ').slice(0, 600) || '(sans message)';
}

async function postgresUrl() {
  const url = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return url;
  } catch {
    return null;
  }
}

function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    Boolean,
  );
  return candidates.find((p) => fs.existsSync(p)) ?? null;
}

function skip(what, why) {
  if (isCI) {
    console.error(`✗ ${what} : ${why} (obligatoire en CI)`);
    broken = true;
  } else {
    console.log(`⚠ ${what} ignoré : ${why}`);
  }
}

vitest('intégration — PGlite', [], { TEST_DB: 'pglite' });

const pgUrl = await postgresUrl();
if (pgUrl) vitest('intégration — PostgreSQL', [], { TEST_DB: 'postgresql', TEST_DATABASE_URL: pgUrl });
else skip('Tests PostgreSQL', 'aucun serveur PostgreSQL ne répond (définissez TEST_DATABASE_URL)');

const chromium = chromiumPath();
if (chromium)
  vitest('parcours navigateur — Chromium', ['--config', 'vitest.e2e.config.ts'], { CHROMIUM_PATH: chromium });
else skip('Parcours navigateur', 'Chromium introuvable (apt-get install chromium)');

if (failures.length)
  console.log(`\nÉchecs (${failures.length}) :\n${failures.map((f) => `✗ ${f}`).join('\n')}`);
console.log(
  `\nTotal: ${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`,
);
process.exit(broken || totals.failed > 0 ? 1 : 0);
