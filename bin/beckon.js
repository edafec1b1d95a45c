#!/usr/bin/env node
// Plain JavaScript so it runs on any Node and can say what is wrong before loading TypeScript.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Beckon needs Node.js 24 or newer, but this is Node.js ${process.versions.node}.\n` +
      'Start it with "npm start" (npm runs the Node 24 that "npm ci" installs into node_modules),\n' +
      'or install Node.js 24 LTS and run it again.',
  );
  process.exit(1);
}
const command = process.argv[2] ?? 'start';
if (command === 'migrate') await import('../src/cli/migrate.ts');
else if (command === 'start') await import('../src/main.ts');
else {
  const cli = await import('../src/cli/index.ts');
  await cli.run(process.argv.slice(2));
}
