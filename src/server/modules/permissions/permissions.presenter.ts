import { type Matrix, modules, roles } from '../../../shared/permissions.ts';
import { defaultMatrix, normaliseCell } from '../../policy/matrix.service.ts';

function isDefault(m: Matrix): boolean {
  return roles.every((r) =>
    modules.every(
      (mod) =>
        JSON.stringify(normaliseCell(mod, m[r][mod])) ===
        JSON.stringify(normaliseCell(mod, defaultMatrix[r][mod])),
    ),
  );
}

/** The effective matrix, the defaults beside it, and whether they are the same. */
export function presentMatrix(matrix: Matrix) {
  return { matrix, defaults: defaultMatrix, isDefault: isDefault(matrix) };
}
