import { runImport } from './import.ts';

/** Operator commands beyond start and migrate. */
export async function run(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  try {
    if (command === 'import') return await runImport(rest);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.error(`Unknown command "${command}". Commands: start, migrate, import.`);
  process.exit(2);
}
