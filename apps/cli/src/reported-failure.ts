/**
 * Thrown by a command that finished its work and has already said on stderr what failed (a
 * sweep with failed cells): the command line exits with `exitCode` and prints nothing more.
 */
export class ReportedFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'ReportedFailure';
  }
}
