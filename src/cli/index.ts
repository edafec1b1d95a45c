import { runImport } from './import.ts';
import { runKeys } from './keys.ts';

/** Operator commands beyond start and migrate. */
export async function run(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  try {
    if (command === 'import') return await runImport(rest);
    if (command === 'keys') return await runKeys(rest);
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
  console.error(`Unknown command "${command}". Commands: start, migrate, import, keys rotate.`);
  process.exit(2);
}
