import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/config';
import { GeneratedAccount } from './people.generate';

const VENV = path.join(PROJECT_ROOT, '.bench-venv');
const SCRIPT = path.join(PROJECT_ROOT, 'src', 'bench', 'recordlinkage_dedupe.py');
const PACKAGE = 'recordlinkage==0.16';

/** A venv under the project with Python recordlinkage, made on first use (pip from PyPI). */
function python(): string {
  const bin = path.join(VENV, 'bin', 'python');
  if (!fs.existsSync(bin)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  try {
    execFileSync(bin, ['-c', 'import recordlinkage'], { stdio: 'ignore' });
  } catch {
    execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', PACKAGE], { stdio: 'inherit' });
  }
  return bin;
}

const csvField = (value: string | null | undefined): string => (value == null ? '' : `"${value.replace(/"/g, '""')}"`);

/**
 * Runs Python recordlinkage (ECM, unsupervised) on the same accounts with their raw values, which it may compare
 * by edit distance: it does not face our constraint of seeing identifiers only as keyed hashes.
 */
export function recordlinkageLinks(accounts: GeneratedAccount[], work: string): { links: [number, number][]; candidatePairs: number; seconds: number } {
  const csv = path.join(work, 'accounts.csv');
  const out = path.join(work, 'links.tsv');
  const header = 'key,name,birth_date,city,phone,phone2,email,payment_id,id_document,device';
  const lines = accounts.map((a, index) => {
    const of = (kind: string) => a.input.identifiers.filter((i) => i.kind === kind).map((i) => i.value);
    const phones = of('PHONE');
    return [String(index), a.input.displayName, a.input.birthDate, a.input.city, phones[0], phones[1], of('EMAIL')[0], of('PAYMENT_ID')[0], of('ID_DOCUMENT')[0], of('DEVICE_ID')[0]]
      .map((v, i) => (i === 0 ? v : csvField(v)))
      .join(',');
  });
  fs.writeFileSync(csv, [header, ...lines].join('\n') + '\n');
  const summary = JSON.parse(execFileSync(python(), [SCRIPT, csv, out], { encoding: 'utf8', maxBuffer: 1 << 26 }).trim().split('\n').pop()!);
  const links = fs
    .readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t').map(Number) as [number, number]);
  return { links, candidatePairs: summary.candidatePairs, seconds: summary.seconds };
}
