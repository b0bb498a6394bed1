import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PlatformConfig, PROJECT_ROOT } from '../config';
import { logger } from '../logger';
import { portIsFree } from '../ports';

const LAUNCHER_DIR = path.join(PROJECT_ROOT, 'neo4j-embedded');
const TARGET = path.join(LAUNCHER_DIR, 'target');
const STAMP = path.join(TARGET, 'build.stamp');
/** Graph Data Science and APOC jars, copied here by the Maven build; Neo4j registers their procedures from it. */
const PLUGINS = path.join(TARGET, 'plugins');
const MAIN_CLASS = 'dev.identitygraph.neo4j.EmbeddedNeo4j';
const START_TIMEOUT_MS = 180_000;

/** A problem a person can fix; the message is one line that says how. */
export class EmbeddedNeo4jError extends Error {}

export interface EmbeddedNeo4j {
  uri: string;
  stop(): Promise<void>;
  /** SIGKILL, as a crash would: no checkpoint, so the next start recovers the store from the transaction log. */
  kill(): Promise<void>;
}

function javaBinary(javaHome?: string): string {
  const java = javaHome ? path.join(javaHome, 'bin', 'java') : 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      'Java 17 or newer is needed for the embedded Neo4j and was not found: install it (apt-get install openjdk-17-jdk-headless) or set JAVA_HOME, or set NEO4J_URI to use an external Neo4j',
    );
  }
  const version = /version "(\d+)/.exec(probe.stderr)?.[1];
  if (version && Number(version) < 17) {
    throw new EmbeddedNeo4jError(`Java ${version} was found but the embedded Neo4j needs Java 17 or newer: install it or set JAVA_HOME`);
  }
  return java;
}

function sourceFingerprint(): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(entry.name).update(fs.readFileSync(full));
    }
  };
  hash.update(fs.readFileSync(path.join(LAUNCHER_DIR, 'pom.xml')));
  walk(path.join(LAUNCHER_DIR, 'src'));
  return hash.digest('hex');
}

/** Builds the Java launcher with Maven unless the build for the current sources is already cached. */
export function ensureLauncherBuilt(): void {
  const fingerprint = sourceFingerprint();
  if (fs.existsSync(STAMP) && fs.readFileSync(STAMP, 'utf8') === fingerprint) return;
  const probe = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new EmbeddedNeo4jError(
      'Maven is needed once to build the embedded Neo4j and was not found: install it (apt-get install maven) or set NEO4J_URI to use an external Neo4j',
    );
  }
  process.stderr.write('Building the embedded Neo4j launcher with Maven (the first time downloads about 160 MB from Maven Central: Neo4j, Graph Data Science, APOC)...\n');
  const build = spawnSync('mvn', ['-B', '-q', '-DskipTests', 'package'], {
    cwd: LAUNCHER_DIR,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (build.status !== 0) {
    throw new EmbeddedNeo4jError(`the Maven build of ${LAUNCHER_DIR} failed (exit ${build.status}): see the output above`);
  }
  fs.writeFileSync(STAMP, fingerprint);
  process.stderr.write('Embedded Neo4j launcher built.\n');
}

/**
 * Starts Neo4j Community as a child process with Bolt on 127.0.0.1 and resolves once Bolt answers.
 * The child stops with us: on stop(), and on its own if our process dies (it watches its stdin).
 */
export async function startEmbeddedNeo4j(config: PlatformConfig['embedded']): Promise<EmbeddedNeo4j> {
  const java = javaBinary(config.javaHome);
  ensureLauncherBuilt();
  if (!(await portIsFree(config.boltPort))) {
    throw new EmbeddedNeo4jError(
      `port ${config.boltPort} on 127.0.0.1 is already in use (another Neo4j?): stop it, set NEO4J_BOLT_PORT to a free port, or set NEO4J_URI to use that server`,
    );
  }
  fs.mkdirSync(config.dataDir, { recursive: true });
  const classpath = [path.join(TARGET, 'classes'), path.join(TARGET, 'lib', '*')].join(path.delimiter);
  const child = spawn(
    java,
    [
      `-Xms${config.heap}`,
      `-Xmx${config.heap}`,
      '-XX:+UseG1GC',
      '-XX:+ExitOnOutOfMemoryError',
      '-Dfile.encoding=UTF-8',
      '-cp',
      classpath,
      MAIN_CLASS,
      config.dataDir,
      String(config.boltPort),
      config.pageCache,
      PLUGINS,
    ],
    // Its own process group, so a terminal's Ctrl-C reaches only us and we stop Neo4j after draining requests.
    { stdio: ['pipe', 'pipe', 'pipe'], detached: true },
  );
  const uri = await waitUntilReady(child);
  logger.info({ uri, dataDir: config.dataDir, heap: config.heap, pageCache: config.pageCache }, 'embedded Neo4j is up');
  return { uri, stop: () => stopChild(child), kill: () => killChild(child) };
}

function waitUntilReady(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    let reported = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new EmbeddedNeo4jError(`the embedded Neo4j did not start within ${START_TIMEOUT_MS / 1000} s; its logs are under NEO4J_DATA_DIR/logs`));
    }, START_TIMEOUT_MS);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const ready = /^READY (\S+)/.exec(line);
      if (ready) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    readline.createInterface({ input: child.stderr! }).on('line', (line) => {
      if (line.startsWith('ERROR ')) reported = line.slice(6);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const why = reported || tail.filter((l) => /Exception|Error|error/.test(l)).slice(-3).join(' | ') || `exit code ${code}`;
      reject(new EmbeddedNeo4jError(`the embedded Neo4j stopped during start-up: ${why}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
