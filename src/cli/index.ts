/** Operator commands beyond start and migrate. */
export async function run(args: string[]): Promise<void> {
  console.error(`Unknown command "${args[0]}". Commands: start, migrate.`);
  process.exit(2);
}
