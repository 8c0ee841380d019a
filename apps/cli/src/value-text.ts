import { isBuiltInObjective } from '@dra/objectives';

/** An objective's value and its parts (from rollouts or exact). */
interface ValueParts {
  objective: number;
  return: number;
  memoryCost: number;
}

/**
 * "<objective> = return R - memory cost C [+ entropy bonus B]" for the built-in objectives (DRA has
 * no entropy term; Eq. 8 and Eq. 10 do), "<objective> (return R, memory cost C)" for a plugin
 * objective, whose own form the parts need not add up to; numbers with `digits` decimals, or as `fixed` writes them.
 */
export function valueText(objectiveId: string, v: ValueParts, digits = 3, fixed: (x: unknown) => string = (x) => (typeof x === 'number' ? x.toFixed(digits) : String(x))): string {
  if (!isBuiltInObjective(objectiveId)) return `${fixed(v.objective)} (return ${fixed(v.return)}, memory cost ${fixed(v.memoryCost)})`;
  const bonus = objectiveId === 'dra' ? '' : ` + entropy bonus ${fixed(v.objective - v.return + v.memoryCost)}`;
  return `${fixed(v.objective)} = return ${fixed(v.return)} - memory cost ${fixed(v.memoryCost)}${bonus}`;
}
