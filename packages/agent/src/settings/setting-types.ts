/**
 * The vocabulary of the settings table (`setting-specs.ts`): the type of each setting as plain
 * data, from which its TypeScript value type, its check and the words of its message
 * ("<name> must be <expected>, got <value>") all follow.
 */

/** A bound of a number range: a constant, or the value of another setting (`ref('sigmaMin')`). */
export type Bound = number | { readonly setting: string };

/** A number; `integer` for whole numbers. Bounds: gt (>), gte (>=), lt (<), lte (<=). */
export interface NumberType {
  readonly kind: 'number';
  readonly integer: boolean;
  readonly gt?: Bound;
  readonly gte?: Bound;
  readonly lt?: Bound;
  readonly lte?: Bound;
}
/** true or false. */
export interface BooleanType {
  readonly kind: 'boolean';
}
/** One word out of `ids`; `labels` names them for people (e.g. the viewer's options). */
export interface EnumType<I extends string = string> {
  readonly kind: 'enum';
  readonly ids: readonly I[];
  readonly labels?: Readonly<Record<I, string>>;
}
/** Exactly the word `value` (e.g. 'realised'). */
export interface LiteralType<V extends string = string> {
  readonly kind: 'literal';
  readonly value: V;
}
/** null; `meaning` says what it stands for ("for the task horizon"). */
export interface NullType {
  readonly kind: 'null';
  readonly meaning?: string;
}
/** Two numbers [a, b] with a <= b; `names` name them in messages ("low", "high"). */
export interface PairType {
  readonly kind: 'pair';
  readonly names: readonly [string, string];
}
/** An object with exactly these number fields. */
export interface RecordType<K extends string = string> {
  readonly kind: 'record';
  readonly fields: { readonly [P in K]: NumberType };
}
/** Any one of `forms` (e.g. a number, 'realised' or null). */
export interface UnionType<F extends readonly SettingType[] = readonly SettingType[]> {
  readonly kind: 'union';
  readonly forms: F;
}
/** The type of a setting, as plain data. */
export type SettingType = NumberType | BooleanType | EnumType | LiteralType | NullType | PairType | RecordType | UnionType;

/** The TypeScript type of a value of a setting type. */
export type ValueOf<T> = T extends NumberType
  ? number
  : T extends BooleanType
    ? boolean
    : T extends EnumType<infer I>
      ? I
      : T extends LiteralType<infer V>
        ? V
        : T extends NullType
          ? null
          : T extends PairType
            ? [number, number]
            : T extends RecordType<infer K>
              ? { [P in K]: number }
              : T extends UnionType<infer F>
                ? SettingType extends F[number]
                  ? unknown // a union of any types (the general `SettingType`): its values are not known
                  : ValueOf<F[number]>
                : never;

type Range = Pick<NumberType, 'gt' | 'gte' | 'lt' | 'lte'>;

/** A bound given by another setting's value: `number({ gte: ref('sigmaMin') })`. */
export const ref = (setting: string): Bound => ({ setting });
/** A finite number within `range`. */
export const number = (range: Range = {}): NumberType => ({ kind: 'number', integer: false, ...range });
/** A whole number within `range`. */
export const integer = (range: Range = {}): NumberType => ({ kind: 'number', integer: true, ...range });
/** true or false. */
export const boolean = (): BooleanType => ({ kind: 'boolean' });
/** One word out of `ids`, with optional labels for people. */
export const oneOf = <const I extends string>(ids: readonly I[], labels?: Readonly<Record<I, string>>): EnumType<I> => ({ kind: 'enum', ids, ...(labels ? { labels } : {}) });
/** Exactly the word `value`. */
export const literal = <const V extends string>(value: V): LiteralType<V> => ({ kind: 'literal', value });
/** null, standing for `meaning`. */
export const nullValue = (meaning?: string): NullType => ({ kind: 'null', ...(meaning ? { meaning } : {}) });
/** Two numbers [low, high] with low <= high, named in messages. */
export const orderedPair = (low: string, high: string): PairType => ({ kind: 'pair', names: [low, high] });
/** An object with exactly these number fields. */
export const record = <const K extends string>(fields: { readonly [P in K]: NumberType }): RecordType<K> => ({ kind: 'record', fields });
/** Any one of `forms`. */
export const union = <const F extends readonly SettingType[]>(...forms: F): UnionType<F> => ({ kind: 'union', forms });

/** How expected values are worded: `finite: false` says "a number" (a form's number input holds no infinities). */
export interface Wording {
  finite?: boolean;
}

const boundText = (b: Bound) => (typeof b === 'number' ? String(b) : b.setting);
const isFiniteNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isRecordValue = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `> 0`, `>= sigmaMin`, `in (0, 1]`, or '' for no bounds: a number type's range. */
function rangeText(t: NumberType): string {
  const low = t.gt ?? t.gte;
  const high = t.lt ?? t.lte;
  const lowOp = t.gt !== undefined ? '>' : '>=';
  const highOp = t.lt !== undefined ? '<' : '<=';
  if (low !== undefined && high !== undefined) {
    if (typeof low === 'number' && typeof high === 'number') return `in ${t.gt !== undefined ? '(' : '['}${low}, ${high}${t.lt !== undefined ? ')' : ']'}`;
    return `${lowOp} ${boundText(low)} and ${highOp} ${boundText(high)}`;
  }
  if (low !== undefined) return `${lowOp} ${boundText(low)}`;
  if (high !== undefined) return `${highOp} ${boundText(high)}`;
  return '';
}

function describeNumber(t: NumberType, wording: Wording): string {
  const range = rangeText(t);
  if (t.integer && typeof t.gte === 'number' && typeof t.lte === 'number') return `a whole number from ${t.gte} to ${t.lte}`;
  if (range.startsWith('in ')) return `${t.integer ? 'a whole number' : 'a number'} ${range}`;
  const noun = t.integer ? 'a whole number' : wording.finite === false ? 'a number' : 'a finite number';
  return range === '' ? noun : `${noun} ${range}`;
}

/** "a, b, or c"; "a or b". */
function alternatives(texts: readonly string[]): string {
  if (texts.length <= 2) return texts.join(' or ');
  return `${texts.slice(0, -1).join(', ')}, or ${texts[texts.length - 1]}`;
}

/** What a value of type `t` must be, in words: the <expected> of "<name> must be <expected>, got <value>". */
export function describeType(t: SettingType, wording: Wording = {}): string {
  switch (t.kind) {
    case 'number':
      return describeNumber(t, wording);
    case 'boolean':
      return 'true or false';
    case 'enum':
      return t.ids.length === 2 ? `${t.ids[0]} or ${t.ids[1]}` : `one of ${t.ids.join(', ')}`;
    case 'literal':
      return `'${t.value}'`;
    case 'null':
      return t.meaning ? `null ${t.meaning}` : 'null';
    case 'pair':
      return `[${t.names[0]}, ${t.names[1]}] with ${t.names[0]} <= ${t.names[1]}`;
    case 'record':
      return `{ ${Object.entries<NumberType>(t.fields).map(([name, field]) => `${name} ${rangeText(field) || describeNumber(field, wording)}`).join(', ')} }`;
    case 'union':
      return alternatives(t.forms.map((form) => describeType(form, wording)));
  }
}

/** True when `value` has the shape of type `t` (ranges aside): finite numbers, safe integers, known words, exact keys. */
export function matchesType(t: SettingType, value: unknown): boolean {
  switch (t.kind) {
    case 'number':
      return t.integer ? Number.isSafeInteger(value) : isFiniteNumber(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'enum':
      return (t.ids as readonly unknown[]).includes(value);
    case 'literal':
      return value === t.value;
    case 'null':
      return value === null;
    case 'pair':
      return Array.isArray(value) && value.length === 2 && isFiniteNumber(value[0]) && isFiniteNumber(value[1]);
    case 'record':
      return isRecordValue(value) && sameKeys(value, Object.keys(t.fields)) && Object.entries<NumberType>(t.fields).every(([name, field]) => matchesType(field, value[name]));
    case 'union':
      return t.forms.some((form) => matchesType(form, value));
  }
}

function sameKeys(value: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(value).sort().join(',') === [...keys].sort().join(',');
}

/** The value of a bound; a bound on another setting reads it from `settings` (undefined when absent: the check fails). */
function boundValue(b: Bound, settings: Readonly<Record<string, unknown>>): unknown {
  return typeof b === 'number' ? b : settings[b.setting];
}

function inRange(t: NumberType, v: number, settings: Readonly<Record<string, unknown>>): boolean {
  // A bound on a setting that is not a number fails the check (that setting is reported too).
  const at = (b: Bound | undefined) => {
    const bound = b === undefined ? undefined : boundValue(b, settings);
    return typeof bound === 'number' ? bound : NaN;
  };
  const gt = at(t.gt);
  const gte = at(t.gte);
  const lt = at(t.lt);
  const lte = at(t.lte);
  return (t.gt === undefined || v > gt!) && (t.gte === undefined || v >= gte!) && (t.lt === undefined || v < lt!) && (t.lte === undefined || v <= lte!);
}

/** True when `value` is of type `t` and within its ranges (bounds on other settings read from `settings`). */
export function isValid(t: SettingType, value: unknown, settings: Readonly<Record<string, unknown>> = {}): boolean {
  if (!matchesType(t, value)) return false;
  switch (t.kind) {
    case 'number':
      return inRange(t, value as number, settings);
    case 'pair':
      return (value as number[])[0]! <= (value as number[])[1]!;
    case 'record':
      return Object.entries<NumberType>(t.fields).every(([name, field]) => inRange(field, (value as Record<string, number>)[name]!, settings));
    case 'union':
      return t.forms.some((form) => isValid(form, value, settings));
    default:
      return true;
  }
}

/** Names of the other settings a type's bounds refer to. */
export function boundSettings(t: SettingType): string[] {
  if (t.kind === 'number') return [t.gt, t.gte, t.lt, t.lte].flatMap((b) => (b !== undefined && typeof b !== 'number' ? [b.setting] : []));
  if (t.kind === 'union') return t.forms.flatMap(boundSettings);
  return [];
}

/** The constructors of setting types, for tables of settings outside this package (e.g. time pressure's). */
export const settingType = { number, integer, boolean, oneOf, literal, nullValue, orderedPair, record, union, ref } as const;
