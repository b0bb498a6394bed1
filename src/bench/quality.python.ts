import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../platform/config';
import { GeneratedAccount } from './people.generate';
import { TrainingAccount } from '../identity/matching.training';

const VENV = path.join(PROJECT_ROOT, '.bench-venv');
/** The Python linkers bench:quality compares against, installed into the venv on first use (pip from PyPI). */
const PACKAGES = ['splink==5.0.0', 'recordlinkage==0.16'];

/** A venv under the project with the Python linkers, made on first use. */
function python(): string {
  const bin = path.join(VENV, 'bin', 'python');
  if (!fs.existsSync(bin)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  try {
    execFileSync(bin, ['-c', 'import recordlinkage, splink, duckdb'], { stdio: 'ignore', cwd: PROJECT_ROOT });
  } catch {
    execFileSync(path.join(VENV, 'bin', 'pip'), ['install', '-q', ...PACKAGES], { stdio: 'inherit' });
  }
  return bin;
}

const csvField = (value: string | null | undefined): string => (value == null ? '' : `"${value.replace(/"/g, '""')}"`);

/**
 * The accounts with their raw values, one row each, keyed by their index in `accounts`; the birth date is the one
 * matching reads (`memory`, the same accounts as inMemoryAccounts gives them: the ID number's when none is given), so
 * that the linkers differ in linking alone.
 */
export function writeAccountsCsv(accounts: GeneratedAccount[], memory: TrainingAccount[], file: string): void {
  const header = 'key,name,birth_date,city,phone,phone2,phone3,email,payment_id,id_document,device';
  const lines = accounts.map((a, index) => {
    const of = (kind: string) => a.input.identifiers.filter((i) => i.kind === kind).map((i) => i.value);
    const phones = of('PHONE');
    return [String(index), a.input.displayName, memory[index].birthDate, a.input.city, phones[0], phones[1], phones[2], of('EMAIL')[0], of('PAYMENT_ID')[0], of('ID_DOCUMENT')[0], of('DEVICE_ID')[0]]
      .map((v, i) => (i === 0 ? v : csvField(v)))
      .join(',');
  });
  fs.writeFileSync(file, [header, ...lines].join('\n') + '\n');
}

export interface PythonLinks {
  /** Predicted links between account indexes (pairs, or a cluster's edges: only their groups count). */
  links: [number, number][];
  candidatePairs: number;
  seconds: number;
  /** The script's one-line JSON summary as printed. */
  summary: Record<string, unknown>;
}

/**
 * Runs a Python linker in src/bench (`script accounts.csv links.tsv`) on the same accounts with their raw values,
 * which it may compare by edit distance: it does not face our constraint of seeing identifiers only as keyed hashes.
 * The script writes its links (index<TAB>index) and prints a one-line JSON summary last on stdout.
 */
export function pythonLinks(script: string, accounts: GeneratedAccount[], memory: TrainingAccount[], work: string): PythonLinks {
  const csv = path.join(work, 'accounts.csv');
  const out = path.join(work, `${path.basename(script, '.py')}.links.tsv`);
  if (!fs.existsSync(csv)) writeAccountsCsv(accounts, memory, csv);
  const stdout = execFileSync(python(), [path.join(PROJECT_ROOT, 'src', 'bench', script), csv, out], { encoding: 'utf8', maxBuffer: 1 << 26, cwd: work });
  const summary = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
  const links = fs
    .readFileSync(out, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t').map(Number) as [number, number]);
  return { links, candidatePairs: Number(summary.candidatePairs), seconds: Number(summary.seconds), summary };
}
