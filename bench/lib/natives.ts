/** Builds the SFML (C++) and Java programs from their sources under `bench/`. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** What was built, and why something was not. */
export interface Natives {
  readonly sfmlBin: string | null;
  readonly javaDir: string | null;
  readonly notes: readonly string[];
  /** First lines of `g++ --version`, `java -version` and SFML's pkg-config version, for the record. */
  readonly versions: Readonly<Record<string, string>>;
}

/** The first line a command prints (stdout or stderr), or '' when it cannot run. */
function versionOf(command: string, args: readonly string[]): string {
  try {
    const result = spawnSync(command, args, { encoding: 'utf8' });
    return `${result.stdout}${result.stderr}`.split('\n')[0]?.trim() ?? '';
  } catch {
    return '';
  }
}

/** Compiles both programs into `buildDir`; a missing compiler or library leaves that one out. */
export function buildNatives(sourceDir: string, buildDir: string): Natives {
  mkdirSync(buildDir, { recursive: true });
  const notes: string[] = [];
  let sfmlBin: string | null = path.join(buildDir, 'bench_sfml');
  let javaDir: string | null = buildDir;
  try {
    const source = path.join(sourceDir, 'sfml', 'bench_sfml.cpp');
    execFileSync('g++', ['-O2', '-std=c++17', '-o', sfmlBin, source, '-lsfml-network', '-lsfml-system'], { stdio: 'pipe' });
  } catch (error) {
    notes.push(`SFML program not built: ${firstLine(error)}`);
    sfmlBin = null;
  }
  try {
    execFileSync('javac', ['-d', buildDir, path.join(sourceDir, 'java', 'BenchJava.java')], { stdio: 'pipe' });
  } catch (error) {
    notes.push(`Java program not built: ${firstLine(error)}`);
    javaDir = null;
  }
  const versions = {
    'g++': versionOf('g++', ['--version']),
    java: versionOf('java', ['-version']),
    sfml: versionOf('pkg-config', ['--modversion', 'sfml-network']),
  };
  return { sfmlBin, javaDir, notes, versions };
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
  return (stderr || String(error)).split('\n')[0] ?? '';
}
