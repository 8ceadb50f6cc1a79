/**
 * Saving and loading a tf.LayersModel as files in Node without `@tensorflow/tfjs-node`.
 *
 * Layout (what `tf.loadLayersModel('…/model.json')` reads in the browser):
 *   <dir>/model.json           format "layers-model", modelTopology, weightsManifest [{paths, weights}]
 *   <dir>/<prefix>.bin          all weights, in manifest order, little-endian
 * With `float16: true`, float32 weights are stored as IEEE half floats and their manifest entry carries
 * `quantization: {dtype: 'float16'}`; the tfjs loader dequantises them to float32 on load.
 */
import * as tf from '@tensorflow/tfjs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface SaveLayersModelOptions {
  /** Store float32 weights as float16 (half the bytes; relative error ≤ 2⁻¹¹ per weight). */
  float16?: boolean;
  /**
   * Float32 weights with at least this many elements are stored as 8-bit affine codes
   * (`quantization: {dtype: 'uint8', min, scale}`, value = min + scale · code; error ≤ scale / 2),
   * the rest as float16 or float32. For the large weights (a decoder's output basis, big dense
   * kernels) that would otherwise decide a model's file size.
   */
  uint8MinElements?: number;
  /** Weights (by name, e.g. `shape_proj/kernel`) kept float16/float32 whatever their size. */
  uint8Except?: readonly string[];
  /** Name of the weights file, without `.bin` (default `weights`). */
  weightsName?: string;
}

export interface SavedLayersModelInfo {
  dir: string;
  modelJsonPath: string;
  weightsPath: string;
  modelJsonBytes: number;
  weightsBytes: number;
  float16: boolean;
}

function joinWeightData(data: tf.io.WeightData | undefined): Uint8Array {
  if (data === undefined) return new Uint8Array(0);
  const parts = Array.isArray(data) ? data : [data];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let o = 0;
  for (const p of parts) {
    out.set(new Uint8Array(p), o);
    o += p.byteLength;
  }
  return out;
}

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 float32 → float16 bits, round to nearest even; overflow → ±Inf, NaN kept. */
export function float32ToFloat16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] ?? 0;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant !== 0 ? 0x200 : 0);
  const e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    if (e < -10) return sign; // underflows to ±0
    mant |= 0x800000;
    const shift = 14 - e;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && (half & 1) === 1)) half++;
    return sign | half;
  }
  let half = (e << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && (half & 1) === 1)) half++; // may carry into the exponent: fine
  return sign | half;
}

/** 8-bit affine codes of `src` over its own range: value ≈ min + scale · code. */
export function quantiseUint8(src: Float32Array): { codes: Uint8Array; min: number; scale: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of src) {
    if (!Number.isFinite(v)) throw new Error('cannot quantise a weight holding NaN or Infinity');
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (src.length === 0) return { codes: new Uint8Array(0), min: 0, scale: 1 };
  // min and scale are read back as float32 by the loader: quantise with those float32 values.
  const min = Math.fround(lo);
  const scale = Math.fround(hi > lo ? (hi - lo) / 255 : 1);
  const codes = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) {
    codes[i] = Math.max(0, Math.min(255, Math.round(((src[i] as number) - min) / scale)));
  }
  return { codes, min, scale };
}

function quantise(
  specs: tf.io.WeightsManifestEntry[],
  data: Uint8Array,
  float16: boolean,
  uint8MinElements: number,
  uint8Except: readonly string[],
) {
  const outSpecs: tf.io.WeightsManifestEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const spec of specs) {
    if (spec.quantization) throw new Error(`weight ${spec.name} is already quantised; cannot re-quantise`);
    const n = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype !== 'float32' && spec.dtype !== 'int32') {
      throw new Error(`weight ${spec.name} has dtype ${spec.dtype}; only float32 and int32 are supported`);
    }
    const bytes = data.slice(offset, offset + 4 * n);
    offset += 4 * n;
    if (spec.dtype === 'float32' && n >= uint8MinElements && !uint8Except.includes(spec.name)) {
      const { codes, min, scale } = quantiseUint8(new Float32Array(bytes.buffer));
      chunks.push(codes);
      outSpecs.push({ ...spec, quantization: { dtype: 'uint8', min, scale } });
    } else if (spec.dtype === 'float32' && float16) {
      const src = new Float32Array(bytes.buffer);
      const half = new Uint16Array(n);
      for (let i = 0; i < n; i++) half[i] = float32ToFloat16Bits(src[i] ?? 0);
      chunks.push(new Uint8Array(half.buffer));
      outSpecs.push({ ...spec, quantization: { dtype: 'float16' } });
    } else {
      chunks.push(bytes);
      outSpecs.push({ ...spec });
    }
  }
  if (offset !== data.byteLength) {
    throw new Error(`weight manifest covers ${offset} bytes but the model gave ${data.byteLength}`);
  }
  return { specs: outSpecs, data: joinWeightData(chunks.map((c) => c.slice().buffer)) };
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await writeFile(tmp, data);
  await rename(tmp, file);
}

/**
 * Writes `model` as `<dir>/model.json` + `<dir>/<weightsName>.bin` (the folder is created).
 * The weights file is written before model.json, each through a temporary name + rename.
 */
export async function saveLayersModel(
  model: tf.LayersModel,
  dir: string,
  options: SaveLayersModelOptions = {},
): Promise<SavedLayersModelInfo> {
  const float16 = options.float16 ?? false;
  const weightsFile = `${options.weightsName ?? 'weights'}.bin`;
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const artifacts = captured as tf.io.ModelArtifacts | null;
  if (!artifacts?.modelTopology || !artifacts.weightSpecs) {
    throw new Error('model.save produced no topology or weight specs');
  }
  let specs = artifacts.weightSpecs;
  let data = joinWeightData(artifacts.weightData);
  const uint8MinElements = options.uint8MinElements ?? Infinity;
  if (float16 || Number.isFinite(uint8MinElements)) {
    ({ specs, data } = quantise(specs, data, float16, uint8MinElements, options.uint8Except ?? []));
  }
  const modelJson: tf.io.ModelJSON = {
    modelTopology: artifacts.modelTopology,
    format: 'layers-model',
    generatedBy: `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: null,
    weightsManifest: [{ paths: [weightsFile], weights: specs }],
  };
  if (artifacts.trainingConfig) modelJson.trainingConfig = artifacts.trainingConfig;
  const text = JSON.stringify(modelJson);
  await mkdir(dir, { recursive: true });
  const weightsPath = path.join(dir, weightsFile);
  const modelJsonPath = path.join(dir, 'model.json');
  await writeAtomically(weightsPath, data);
  await writeAtomically(modelJsonPath, text);
  return {
    dir,
    modelJsonPath,
    weightsPath,
    modelJsonBytes: Buffer.byteLength(text),
    weightsBytes: data.byteLength,
    float16,
  };
}

/** Reads `<dir>/model.json` and its weight files into ModelArtifacts (weights not yet dequantised). */
export async function readLayersModelArtifacts(dir: string): Promise<tf.io.ModelArtifacts> {
  const jsonPath = path.join(dir, 'model.json');
  let json: tf.io.ModelJSON;
  try {
    json = JSON.parse(await readFile(jsonPath, 'utf8')) as tf.io.ModelJSON;
  } catch (err) {
    throw new Error(
      `cannot read a layers model from ${jsonPath}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  if (json.format !== 'layers-model' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw new Error(`${jsonPath} is not a tfjs layers-model (format ${String(json.format)})`);
  }
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const p of group.paths) buffers.push(new Uint8Array(await readFile(path.join(dir, p))));
  }
  const weightData = joinWeightData(buffers.map((b) => b.slice().buffer));
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    trainingConfig: json.trainingConfig,
    weightSpecs,
    weightData: weightData.buffer as ArrayBuffer,
  };
}

/**
 * Loads a model written by {@link saveLayersModel} (or any tfjs layers-model folder) in Node.
 * Custom layers (e.g. UpSampling3D) must be registered first by importing their modules.
 */
export async function loadLayersModelFromDir(dir: string): Promise<tf.LayersModel> {
  return tf.loadLayersModel(tf.io.fromMemory(await readLayersModelArtifacts(dir)));
}
