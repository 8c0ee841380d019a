import { SETTING_NAMES, SETTING_SPECS } from '@dra/agent';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerCompareCommand } from './commands/compare.js';
import { registerEvaluateCommand } from './commands/evaluate.js';
import { registerRunCommand } from './commands/run.js';
import { NONE } from './parse-flag.js';
import { createToolkit, type Toolkit } from './toolkit.js';
import { SETTING_FLAGS, settingsFromFlags } from './setting-flags.js';

/** The options of a registered command, by attribute name (`sigmaBase`). */
function optionsOf(register: (program: Command, toolkit: Toolkit) => void, name: string): Map<string, { description: string; flags: string }> {
  const program = new Command();
  register(program, createToolkit());
  const command = program.commands.find((c) => c.name() === name)!;
  return new Map(command.options.map((o) => [o.attributeName(), { description: o.description, flags: o.flags }]));
}

describe('the setting flags derived from the settings table', () => {
  it("declares one flag per setting, named after it, whose help is the spec's description", () => {
    expect(SETTING_FLAGS.map((f) => f.setting)).toEqual(SETTING_NAMES);
    for (const flag of SETTING_FLAGS) expect(flag.help).toBe(SETTING_SPECS[flag.setting].description);
    expect(SETTING_FLAGS.find((f) => f.setting === 'sigmaBase')!.usage).toBe('--sigma-base <x>');
    expect(SETTING_FLAGS.find((f) => f.setting === 'exactGradient')!.usage).toBe('--exact-gradient');
    expect(SETTING_FLAGS.find((f) => f.setting === 'tRef')!.usage).toBe('--t-ref <x|realised>');
  });

  it('gives run every setting with its description as help, and compare and evaluate the settings they take with the same declaration', () => {
    const run = optionsOf(registerRunCommand, 'run');
    for (const name of SETTING_NAMES) expect(run.get(name)?.description, name).toBe(SETTING_SPECS[name].description);
    for (const [register, command, names] of [
      [registerCompareCommand, 'compare', SETTING_NAMES.filter((n) => n !== 'objective' && n !== 'seed')],
      [registerEvaluateCommand, 'evaluate', ['objective', 'estimator', 'beta', 'lambda', 'sigmaBase', 'tRef', 'seed'] as const],
    ] as const) {
      const options = optionsOf(register, command);
      for (const name of names) {
        expect(options.get(name)?.flags, `${command} ${name}`).toBe(run.get(name)!.flags);
        expect(options.get(name)?.description.startsWith(SETTING_SPECS[name].description), `${command} ${name}`).toBe(true);
      }
    }
  });

  it('parses each flag as its spec says, the word none as null', () => {
    const parse = (setting: string, text: string) => SETTING_FLAGS.find((f) => f.setting === setting)!.parse!(text);
    expect(parse('qInit', '-1,1')).toEqual([-1, 1]);
    expect(parse('betaSchedule', '1.5,1000,10')).toEqual({ growth: 1.5, every: 1000, max: 10 });
    expect(parse('alphaSigmaDecay', '500')).toEqual({ tau: 500, power: 1 });
    expect(settingsFromFlags({ alphaSigmaDecay: parse('alphaSigmaDecay', 'none'), lambda: 0.2, out: 'x' })).toEqual({ alphaSigmaDecay: null, lambda: 0.2 });
    expect(parse('betaSchedule', 'none')).toBe(NONE);
    expect(() => parse('episodes', '1.5')).toThrow("expected a whole number, got '1.5'.");
    expect(() => parse('sigmaStep', 'sgd')).toThrow("expected one of constant, rmsprop, adam, got 'sgd'.");
  });
});
