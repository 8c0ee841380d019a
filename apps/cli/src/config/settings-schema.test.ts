import { baseSettings, isValid, matchesType, SETTING_NAMES, SETTING_SPECS, validateRunSettings, defaultSettings, type SettingType } from '@dra/agent';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RUN_CONFIG_SCHEMA, SETTING_TYPES } from './settings-schema.js';

/** A value of another type than `type` takes (a word where a number goes, a number where a word goes, ...). */
function wrongTypeFor(type: SettingType): unknown {
  if (type.kind === 'number' || (type.kind === 'union' && type.forms.some((f) => f.kind === 'number'))) return 'ten';
  return 17.5;
}

/** Values of every shape the settings can take, and some they cannot. */
const anyValue = fc.oneof(
  fc.double(),
  fc.integer(),
  fc.double({ min: -2, max: 2 }),
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 4 }),
  fc.constantFrom('realised', 'dra', 'eq8', 'eq10', 'A', 'critic', 'constant', 'adam', 'none'),
  fc.tuple(fc.double(), fc.double()),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.record({ tau: fc.double(), power: fc.double({ min: -1, max: 2 }) }),
  fc.record({ growth: fc.double(), every: fc.double(), max: fc.double() }),
  fc.record({ tau: fc.integer(), power: fc.integer(), extra: fc.integer() }),
);

describe('the config-file schema derived from the settings table', () => {
  it('has a zod type for every setting that accepts its default and refuses a value of another type', () => {
    expect(Object.keys(SETTING_TYPES)).toEqual(SETTING_NAMES);
    for (const name of SETTING_NAMES) {
      const spec = SETTING_SPECS[name];
      expect(SETTING_TYPES[name].safeParse(spec.default).success, name).toBe(true);
      expect(SETTING_TYPES[name].safeParse(wrongTypeFor(spec.type)).success, name).toBe(false);
    }
    expect(RUN_CONFIG_SCHEMA.safeParse({ env: 'maze', ...baseSettings() }).success).toBe(true);
    expect(RUN_CONFIG_SCHEMA.safeParse({ lamda: 0.1 }).success).toBe(false);
  });

  it('agrees with the table on random values: zod accepts exactly the shapes, and every value validation accepts', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SETTING_NAMES), anyValue, (name, value) => {
        const type: SettingType = SETTING_SPECS[name].type;
        const zodAccepts = SETTING_TYPES[name].safeParse(value).success;
        expect(zodAccepts).toBe(matchesType(type, value));
        const settings = { ...defaultSettings('maze'), [name]: value };
        const valid = isValid(type, value, settings) && !validateRunSettings(settings).some((p) => p.field === name);
        if (valid) expect(zodAccepts).toBe(true);
        if (!zodAccepts) expect(validateRunSettings(settings).some((p) => p.field === name)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
