import { SKULL_BONE } from '../../anatomy/skullBones';
import { BONE_COLORS } from '../../scene/boneColors';
import { useApp } from '../../state/context';

/** Legend groups: a name and its label codes (left, right). */
const GROUPS: { name: string; codes: number[] }[] = [
  { name: 'frontal', codes: [SKULL_BONE.frontalL, SKULL_BONE.frontalR] },
  { name: 'parietal', codes: [SKULL_BONE.parietalL, SKULL_BONE.parietalR] },
  { name: 'occipital', codes: [SKULL_BONE.occipital] },
  { name: 'temporal', codes: [SKULL_BONE.temporalL, SKULL_BONE.temporalR] },
  { name: 'base', codes: [SKULL_BONE.base] },
];

const css = (code: number): string => `rgb(${(BONE_COLORS[code] ?? [0, 0, 0]).join(',')})`;

/**
 * Legend of the bone plate's colours (left darker, right lighter); sutures and fontanelles are the gaps
 * between the plates, at the sizes of the GA used.
 */
export function SkullBoneLegend() {
  const bones = useApp((s) => s.skullX.prediction?.bones ?? null);
  if (!bones) return null;
  const w = bones.widths;
  return (
    <div className="bone-legend" data-bone-legend data-bone-ga={bones.gaWeeks.toFixed(1)}>
      <ul aria-label="Bones (left darker, right lighter)">
        {GROUPS.map((g) => (
          <li key={g.name} data-bone-group={g.name}>
            {g.codes.map((c) => (
              <span key={c} className="bone-swatch" data-bone-code={c} style={{ background: css(c) }} />
            ))}
            {g.name}
          </li>
        ))}
      </ul>
      <p data-readout="skull-suture-mm" data-value={w.suture.toFixed(2)}>
        Left darker; the gaps are sutures and fontanelles. At {bones.gaWeeks.toFixed(1)} w (
        {bones.gaSource === 'entered' ? 'entered' : 'from HC'}): sutures {w.suture.toFixed(1)} mm, anterior
        fontanelle {(2 * w.afX).toFixed(0)} × {(2 * w.afY).toFixed(0)} mm, bone {bones.thicknessMm.toFixed(1)}{' '}
        mm thick.
      </p>
    </div>
  );
}
