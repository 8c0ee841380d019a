import { main } from './cli-main.js';

// A reader that stops early (`dra envs --export maze | head`) closes the pipe: nothing is lost, so stop quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});
process.exitCode = await main(process.argv);
