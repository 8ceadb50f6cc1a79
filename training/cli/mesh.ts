/**
 * `latent-anatomy mesh`: NIfTI field or label map → surface mesh (PLY, OBJ or STL).
 */
import { applyColormap } from '../../src/geometry/colormap.ts';
import { marchingCubes } from '../../src/geometry/marchingCubes.ts';
import { lvWallThickness } from '../../src/geometry/wallThickness.ts';
import { UserInputError } from '../../src/io/errors.ts';
import { meshToObj, meshToPly, meshToStl } from '../../src/io/meshExport.ts';
import { choiceFlag, intFlag, numberFlag, parseArgs, UsageError, type FlagSpec } from './args.ts';
import {
  checkOutputTargets,
  detectAnatomy,
  fieldFromVolume,
  fmt,
  preferredLabel,
  readNiftiFile,
  warn,
  writeOutputsAtomically,
  type CliIO,
} from './common.ts';

export const MESH_SPEC: FlagSpec = {
  values: ['out', 'iso', 'label', 'thicknessRange', 'colormap'],
  booleans: ['thickness', 'ascii', 'force'],
  positionals: [1, 1],
  positionalName: 'input file (a .nii or .nii.gz field or label map)',
};

export const MESH_HELP = `latent-anatomy mesh <in.nii[.gz]> --out <mesh.ply|.obj|.stl> [options]

Extract the surface of a field or label map with marching cubes.
  Float volumes are used as fields (negative inside, mm); integer volumes are label maps: label 2
  (LV myocardium; label 1 = bone for skull label maps written by 'phantom skull --labels') when several
  labels are present, else every non-zero voxel, turned into a smoothed signed distance field.

Options:
  --out FILE             output mesh; the format follows the extension (.ply, .obj, .stl)   (required)
  --iso V                iso level in the field's units (default 0)
  --label N              use label N of a label map as the mask
  --thickness            colour vertices by LV wall thickness (PLY: colours + 'thickness' property, mm)
  --thickness-range A:B  colour scale range in mm (default 0:20)
  --colormap NAME        viridis (default) or cividis
  --ascii                write ASCII PLY instead of binary little-endian
  --force                overwrite --out if it exists (never the input file)
  --help                 show this help

Example:
  latent-anatomy mesh heart_ED.nii.gz --thickness --out heart_ED.ply`;

/** Default myocardium colour (RGB) when no thickness colouring is asked for. */
const PLAIN_RGB = [196, 112, 96] as const;

export function runMesh(argv: readonly string[], io: CliIO): number {
  const args = parseArgs(argv, MESH_SPEC, 'mesh');
  const input = args.positionals[0] ?? '';
  const out = args.values.get('out');
  if (!out) throw new UsageError('mesh: --out <file.ply|.obj|.stl> is required');
  const format = /\.(ply|obj|stl)$/i.exec(out)?.[1]?.toLowerCase();
  if (!format) throw new UsageError(`mesh: --out must end in .ply, .obj or .stl; got '${out}'`);
  const iso = numberFlag(args, 'iso', 'mesh') ?? 0;
  if (!Number.isFinite(iso)) throw new UsageError('mesh: --iso must be a finite number');
  const label = intFlag(args, 'label', 'mesh', 0, 1e9);
  const colormapName = choiceFlag(args, 'colormap', ['viridis', 'cividis'] as const, 'mesh') ?? 'viridis';
  const range = parseRange(args.values.get('thicknessRange'));
  const wantThickness = args.booleans.has('thickness');
  const force = args.booleans.has('force');
  checkOutputTargets([out], [input], force);

  const vol = readNiftiFile(input);
  const src = fieldFromVolume(vol, {
    label,
    preferLabel: preferredLabel(detectAnatomy(vol).anatomy),
    path: input,
  });
  let min = Infinity;
  let max = -Infinity;
  for (const v of src.field.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // A surface needs voxels on both sides of the iso level (above every voxel, marching cubes would
  // close the grid's own boundary).
  if (!(iso > min)) {
    throw new UserInputError(
      `${input}: no surface at iso ${iso}: no voxel of the ${src.description} is below it (minimum ${fmt(min, 3)})`,
    );
  }
  if (!(iso < max)) {
    throw new UserInputError(
      `${input}: no surface at iso ${iso}: every voxel of the ${src.description} is below it (maximum ${fmt(max, 3)}); choose --iso between ${fmt(min, 3)} and ${fmt(max, 3)}`,
    );
  }
  const mesh = marchingCubes(src.field, iso);
  const nv = mesh.positions.length / 3;
  if (mesh.indices.length === 0) {
    throw new UserInputError(
      `${input}: no surface at iso ${iso}: the field never crosses it between neighbouring voxels`,
    );
  }

  let colors: Uint8Array | undefined;
  let scalars: { name: string; values: Float32Array } | undefined;
  const comments = [`source ${input} (${src.description}), iso ${iso}`];
  if (wantThickness) {
    const wt = lvWallThickness(mesh, src.field);
    colors = applyColormap(wt.thickness, range[0], range[1], colormapName);
    scalars = { name: 'thickness', values: wt.thickness };
    comments.push(`thickness in mm, colours ${colormapName} over ${range[0]}..${range[1]} mm`);
    if (format !== 'ply')
      warn(io, `${format.toUpperCase()} cannot store colours; use .ply to keep the thickness`);
  } else {
    colors = new Uint8Array(nv * 3);
    for (let v = 0; v < nv; v++) colors.set(PLAIN_RGB, 3 * v);
  }

  const bytes =
    format === 'ply'
      ? meshToPly(mesh, { colors, scalars, binary: !args.booleans.has('ascii'), comments })
      : format === 'obj'
        ? meshToObj(mesh)
        : meshToStl(mesh, `latent-anatomy ${input}`.slice(0, 80));
  writeOutputsAtomically([{ path: out, bytes }], [input], force);
  io.out(`wrote ${out}: ${nv} vertices, ${mesh.indices.length / 3} triangles (${src.description})`);
  return 0;
}

function parseRange(raw: string | undefined): [number, number] {
  if (raw === undefined) return [0, 20];
  const m = /^\s*(-?[\d.]+)\s*[:,]\s*(-?[\d.]+)\s*$/.exec(raw);
  const lo = Number(m?.[1]);
  const hi = Number(m?.[2]);
  if (!m || !Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) {
    throw new UsageError(`mesh: --thickness-range expects LO:HI in mm with LO < HI, e.g. 0:20; got '${raw}'`);
  }
  return [lo, hi];
}
